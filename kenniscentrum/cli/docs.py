"""``python -m kenniscentrum docs`` — regenerate docs/content-model.md from the schemas (see kenniscentrum.docgen)."""
from __future__ import annotations

from pathlib import Path


def register(subparsers) -> None:
    p = subparsers.add_parser("docs", help="regenerate docs/content-model.md from the content model")
    p.add_argument("--root", default=".", help="project root (default: current folder)")
    p.set_defaults(func=run)


def run(args) -> int:
    from kenniscentrum.docgen import write

    target = write(Path(args.root))
    print(f"wrote {target}")
    return 0
