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
    from kenniscentrum.content import load_content
    from kenniscentrum.site import load_site

    site = load_site(root)
    if not site.content_dir.is_dir():
        raise SystemExit(f"{site.content_dir}: no such folder (run from the project root or pass --root)")
    return load_content(site.content_dir, site.data_dir, site)


def run_report(args) -> int:
    root = Path(args.root)
    content = _load(root)
    site = content.site
    states = tr.translation_report(content.pages, site)
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
        summary = ", ".join(f"{counts[s]} {s}" for s in tr.STATUSES)
        pages = f"{len(states)} {site.english_name(site.default_lang)} pages"
        if len(site.translated_langs) != 1:
            pages += f" × {len(site.translated_langs)} languages"
        print(f"{summary} ({pages})")
        if counts[tr.OUTDATED]:
            print("Update each outdated English page, then run: python -m kenniscentrum translations mark <path>")
    if args.strict and any(s.status in (tr.OUTDATED, tr.MISSING) and not s.draft for s in states):
        return 1
    return 0


def _rel(path: str, root: Path, site) -> tuple[str | None, str]:
    """(language or None, path below content/<lang>/) of a page named on the command line."""
    p = Path(path)
    if p.is_absolute() or p.exists():
        p = Path(os.path.relpath(p.resolve(), root.resolve()))
    rel = p.as_posix()
    content = Path(os.path.relpath(site.content_dir, site.root)).as_posix() + "/"
    if rel.startswith(content):
        rel = rel[len(content):]
    first, _, rest = rel.partition("/")
    if first in site.langs and rest:
        return first, rest
    return None, rel


def run_mark(args) -> int:
    root = Path(args.root)
    if not args.paths and not args.mark_all:
        print("translations mark: name the English page(s) to mark, or use --all", file=sys.stderr)
        return 2
    content = _load(root)
    site = content.site
    index = {(p.lang, p.rel_path): p for p in content.pages}
    if args.mark_all:
        targets = [(s.target_lang, s.rel_path) for s in tr.translation_report(content.pages, site)
                   if s.status == tr.OUTDATED]
    else:
        targets = []
        for path in args.paths:
            lang, rel = _rel(path, root, site)
            # A page named without a translated language's folder (x.md, content/nl/x.md) means all its translations.
            langs = (lang,) if lang in site.translated_langs else site.translated_langs
            targets.extend((target_lang, rel) for target_lang in langs)
    failures = changed = 0
    content_prefix = Path(os.path.relpath(site.content_dir, site.root)).as_posix()
    source_name = site.english_name(site.default_lang)
    for target_lang, rel in targets:
        source, target = index.get((site.default_lang, rel)), index.get((target_lang, rel))
        shown = f"{content_prefix}/{target_lang}/{rel}"
        if source is None:
            print(f"{shown}: there is no {source_name} page {content_prefix}/{site.default_lang}/{rel} (or it has "
                  "errors: run `python -m kenniscentrum check`)", file=sys.stderr)
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
