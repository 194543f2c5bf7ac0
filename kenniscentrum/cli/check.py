"""``python -m kenniscentrum check [paths…]`` — validate content; exit 1 when there is any problem.

Everything is loaded (cross-page rules need the whole tree); with paths, only problems in those files or folders are
reported. Generated pages are written first (as the build does) so links to them resolve; ``--no-generate`` skips it.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from kenniscentrum.content import load_content
from kenniscentrum.site import load_site


def register(subparsers) -> None:
    p = subparsers.add_parser("check", help="validate the content (front matter, links, HTML, nl/en parity)",
                              description=__doc__.split("\n\n")[0])
    p.add_argument("paths", nargs="*", help="only report problems in these files or folders (default: everything)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument("--content", default="content", help="content folder (default: content)")
    p.add_argument("--data", default="data", help="data folder (default: data)")
    p.add_argument("--no-generate", action="store_true", help="do not write generated pages before checking")
    p.set_defaults(func=run)


def _generate(content_dir: Path, data_dir: Path, content):
    """Write generated stubs like the build does; returns the reloaded content, or None when nothing changed."""
    try:
        from kenniscentrum.generators import run_generators, write_generated
    except ImportError:
        return None
    if write_generated(content_dir, run_generators(content, content.site)):
        return load_content(content_dir, data_dir, content.site)
    return None


def _selected(display_path: str, selectors: list[str]) -> bool:
    return any(display_path == s or display_path.startswith(s.rstrip("/") + "/") for s in selectors)


def run(args) -> int:
    content_dir, data_dir = Path(args.content), Path(args.data)
    if not content_dir.is_dir():
        print(f"{content_dir}: no such folder (run from the project root or pass --content)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    site = load_site(content_dir.parent)  # the languages and settings of mkdocs.yml next to the content folder
    content = load_content(content_dir, data_dir, site)
    if not args.no_generate and not any(i.rule.startswith("KC0") for i in content.issues):
        reloaded = _generate(content_dir, data_dir, content)
        content = reloaded or content
    elapsed = time.perf_counter() - started
    root = content_dir.parent
    selectors = [Path(os.path.relpath(Path(p).resolve(), root.resolve())).as_posix() for p in args.paths]
    issues = [i for i in content.issues if not selectors or _selected(i.path, selectors)]
    pages = [p for p in content.pages if not selectors or _selected(p.display_path, selectors)]
    prefix = Path(os.path.relpath(content_dir, root)).as_posix()
    sources = [f"{prefix}/{lang}/{rel}" for lang, rels in content.files.items() for rel in rels if rel.endswith(".md")]
    checked = [s for s in sources if not selectors or _selected(s, selectors)]
    drafts = sorted(p.display_path for p in pages if p.is_draft)
    if args.format == "json":
        json.dump({"pages": len(checked), "seconds": round(elapsed, 3), "problems": len(issues), "drafts": drafts,
                   "issues": [i.as_dict() for i in issues]}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for issue in issues:
            print(issue)
        for path in drafts:
            print(f"{path}: draft, checked but not published", file=sys.stderr)
        noun = "problem" if len(issues) == 1 else "problems"
        print(f"{len(checked)} pages checked, {len(issues)} {noun}",
              file=sys.stdout if not issues else sys.stderr)
    return 1 if issues else 0
