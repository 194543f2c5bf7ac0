"""``python -m kenniscentrum translations [--format json]`` — translation status of every page;
``python -m kenniscentrum translations mark <path>… | --all`` — record that English pages match their Dutch source.

Status per page: up-to-date, outdated (the Dutch page changed since the English page was marked), missing (no English
page) or awaiting (an English placeholder). See kenniscentrum/translations.py and docs/editing.md.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from kenniscentrum import translations as tr

SYMBOLS = {tr.UP_TO_DATE: "ok", tr.OUTDATED: "OUTDATED", tr.MISSING: "MISSING", tr.AWAITING: "awaiting"}


def register(subparsers) -> None:
    p = subparsers.add_parser("translations", help="translation status per page; `translations mark` records a translation",
                              description=__doc__.split("\n\n")[0])
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument("--all", action="store_true", help="text output: list up-to-date pages too")
    p.add_argument("--strict", action="store_true", help="exit 1 when any published page is outdated or missing")
    p.add_argument("--root", default=".", help="project root (default: the current folder)")
    p.set_defaults(func=run_report)
    actions = p.add_subparsers(dest="action", metavar="<action>")
    m = actions.add_parser("mark", help="mark English pages as translated from the current Dutch text",
                           description="Write `source_hash: <hash of the current Dutch page>` into the front matter "
                                       "of each English page (nothing else in the file changes).")
    m.add_argument("paths", nargs="*", help="pages: content/en/x.md, content/nl/x.md or x.md (the same page)")
    m.add_argument("--all", action="store_true", dest="mark_all",
                   help="mark every English page that is outdated (placeholders are skipped)")
    m.add_argument("--root", default=".", help="project root (default: the current folder)")
    m.set_defaults(func=run_mark)


def _load(root: Path):
    from kenniscentrum.content import LANGS, load_content

    if not (root / "content").is_dir():
        raise SystemExit(f"{root / 'content'}: no such folder (run from the project root or pass --root)")
    return load_content(root / "content", root / "data", LANGS)


def run_report(args) -> int:
    root = Path(args.root)
    content = _load(root)
    states = tr.translation_report(content.pages)
    counts = {s: sum(1 for x in states if x.status == s) for s in tr.STATUSES}
    if args.format == "json":
        json.dump({"counts": counts, "pages": [s.as_dict() for s in states]}, sys.stdout, ensure_ascii=False,
                  indent=2)
        sys.stdout.write("\n")
    else:
        for state in states:
            if state.status == tr.UP_TO_DATE and not args.all:
                continue
            draft = " (draft)" if state.draft else ""
            print(f"{SYMBOLS[state.status]:9} {state.target_path}{draft}: {state.reason}")
        print(", ".join(f"{counts[s]} {s}" for s in tr.STATUSES) + f" ({len(states)} Dutch pages)")
        if counts[tr.OUTDATED]:
            print("Update each outdated English page, then run: python -m kenniscentrum translations mark <path>")
    if args.strict and any(s.status in (tr.OUTDATED, tr.MISSING) and not s.draft for s in states):
        return 1
    return 0


def _rel(path: str, root: Path) -> str:
    p = Path(path)
    if p.is_absolute() or p.exists():
        p = Path(os.path.relpath(p.resolve(), root.resolve()))
    rel = p.as_posix()
    for prefix in ("content/", "nl/", "en/"):
        if rel.startswith(prefix):
            rel = rel[len(prefix):]
    return rel


def run_mark(args) -> int:
    root = Path(args.root)
    if not args.paths and not args.mark_all:
        print("translations mark: name the English page(s) to mark, or use --all", file=sys.stderr)
        return 2
    content = _load(root)
    index = {(p.lang, p.rel_path): p for p in content.pages}
    if args.mark_all:
        targets = [s.rel_path for s in tr.translation_report(content.pages) if s.status == tr.OUTDATED]
    else:
        targets = [_rel(p, root) for p in args.paths]
    failures = changed = 0
    for rel in targets:
        source, target = index.get((tr.SOURCE_LANG, rel)), index.get((tr.TARGET_LANG, rel))
        shown = f"content/{tr.TARGET_LANG}/{rel}"
        if source is None:
            print(f"{shown}: there is no Dutch page content/{tr.SOURCE_LANG}/{rel} (or it has errors: run "
                  "`python -m kenniscentrum check`)", file=sys.stderr)
            failures += 1
            continue
        if target is None:
            problem = "has errors (run `python -m kenniscentrum check`)" if (root / shown).exists() else \
                f"does not exist; create it with `{tr.new_command(source)}`"
            print(f"{shown}: {problem}", file=sys.stderr)
            failures += 1
            continue
        try:
            if tr.mark_file(target.src_path, tr.page_hash(source)):
                changed += 1
                print(f"marked: {shown}")
            else:
                print(f"already up to date: {shown}")
        except tr.MarkError as exc:
            print(str(exc), file=sys.stderr)
            failures += 1
    if args.mark_all:
        print(f"{changed} page(s) marked")
    return 1 if failures else 0
