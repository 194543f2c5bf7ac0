"""``python -m kenniscentrum new <type> <path> --title "…"`` — scaffold a page in both languages.

Writes ``content/nl/<path>`` and ``content/en/<path>`` from a template (both drafts; the English one marked
``awaiting_translation: true``) and checks them at once. When only the Dutch page exists, writes just the English
placeholder (the fix for KC308). See docs/editing.md.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml

from kenniscentrum.model.common import EDITOR_TYPES
from kenniscentrum.scaffold import DEFAULT_OWNER, ScaffoldError, scaffold


def register(subparsers) -> None:
    p = subparsers.add_parser("new", help="scaffold a new page in Dutch and English (English awaiting translation)",
                              description=__doc__.split("\n\n")[0])
    p.add_argument("type", choices=EDITOR_TYPES, help="content type")
    p.add_argument("path", help="path below content/<lang>/, e.g. instrumenten/gids-energie.md (Dutch slugs)")
    p.add_argument("--title", help="Dutch title (required for a new page)")
    p.add_argument("--title-en", help="English title (default: the Dutch title, to be translated)")
    p.add_argument("--summary", help="Dutch summary, one or two sentences")
    p.add_argument("--summary-en", help="English summary")
    p.add_argument("--owner", default=DEFAULT_OWNER, help=f"team or role responsible (default: {DEFAULT_OWNER})")
    p.add_argument("--kind", default="guide", help="instruments only: kind id (guide, checklist, …; default guide)")
    p.add_argument("--root", default=".", help="project root (default: the current folder)")
    p.set_defaults(func=run)


def _kinds(root: Path) -> list[str]:
    try:
        from kenniscentrum.site import load_site

        site = load_site(root)
        vocabulary = site.data_dir / "vocabularies" / f"{site.default_lang}.yml"
        data = yaml.safe_load(vocabulary.read_text(encoding="utf-8")) or {}
        return [str(k["id"]) for k in data.get("kinds", []) if isinstance(k, dict) and "id" in k]
    except (OSError, yaml.YAMLError):
        return []


def run(args) -> int:
    root = Path(args.root)
    if not (root / "content").is_dir():
        print(f"{root / 'content'}: no such folder (run from the project root or pass --root)", file=sys.stderr)
        return 2
    kinds = _kinds(root)
    if args.type == "instrument" and kinds and args.kind not in kinds:
        print(f"--kind {args.kind}: unknown kind; use one of: {', '.join(kinds)}", file=sys.stderr)
        return 2
    try:
        written = scaffold(root, args.type, args.path, title=args.title, title_en=args.title_en,
                           summary=args.summary, summary_en=args.summary_en, owner=args.owner, kind=args.kind)
    except ScaffoldError as exc:
        print(f"new: {exc}", file=sys.stderr)
        return 1
    for path in written.paths:
        print(f"written: {_shown(path)}")
    problems = _check(root, written.paths)
    if problems:
        print("The new page has problems (a bug in the template; please report it):", file=sys.stderr)
        for issue in problems:
            print(f"  {issue}", file=sys.stderr)
        return 1
    shown = _shown(written.paths[-1])
    if written.derived:
        print("Next: translate the English page, remove `awaiting_translation: true`, then run\n"
              f"  python -m kenniscentrum translations mark {shown}")
    else:
        if not args.title_en:
            print("Note: the English page uses the Dutch title until it is translated.")
        print("Next: write the Dutch page (it is a draft: set `status: published` when ready), preview with "
              "`make serve`, then have the English page translated.")
    return 0


def _check(root: Path, paths: list[Path]):
    from kenniscentrum.content import load_content

    content = load_content(root / "content", root / "data")
    wanted = {p.resolve() for p in paths}
    return [i for i in content.issues if (root / i.path).resolve() in wanted]


def _shown(path: Path) -> str:
    return Path(os.path.relpath(path)).as_posix()
