"""``python -m kenniscentrum review [--within N]`` — pages whose next review date has passed or falls within N days.

The next review is ``next_review``, or ``last_reviewed`` plus ``review_every`` months. Exit code 0; with ``--strict``
1 when a published page is overdue. See docs/editing.md.
"""
from __future__ import annotations

import datetime as _dt
import json
import sys
from pathlib import Path

from kenniscentrum import review as rv


def _date(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise SystemExit(f"--today {text}: write the date as YYYY-MM-DD") from None


def register(subparsers) -> None:
    p = subparsers.add_parser("review", help="pages due for review (overdue, or due within N days)",
                              description=__doc__.split("\n\n")[0])
    p.add_argument("--within", type=int, default=30, metavar="N", help="also list pages due within N days (default 30)")
    p.add_argument("--lang", help="one language only (a language code of mkdocs.yml, e.g. nl)")
    p.add_argument("--today", type=_date, help="pretend today is this date (YYYY-MM-DD)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument("--strict", action="store_true", help="exit 1 when a published page is overdue")
    p.add_argument("--root", default=".", help="project root (default: the current folder)")
    p.set_defaults(func=run)


def run(args) -> int:
    from kenniscentrum.content import load_content
    from kenniscentrum.site import load_site

    root = Path(args.root)
    if not (root / "content").is_dir() and not (root / "mkdocs.yml").is_file():
        print(f"{root / 'content'}: no such folder (run from the project root or pass --root)", file=sys.stderr)
        return 2
    if args.within < 0:
        print("--within must be 0 or more days", file=sys.stderr)
        return 2
    today = args.today or _dt.date.today()
    site = load_site(root)
    if args.lang is not None and args.lang not in site.langs:
        print(f"--lang {args.lang}: not a language of this site; use one of: {', '.join(site.langs)}", file=sys.stderr)
        return 2
    content = load_content(site.content_dir, site.data_dir, site)
    states = rv.review_report(content.pages, today, args.within, lang=args.lang)
    overdue = [s for s in states if s.status == rv.OVERDUE]
    if args.format == "json":
        json.dump({"today": today.isoformat(), "within_days": args.within,
                   "pages": [s.as_dict() for s in states]}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for s in states:
            when = (f"overdue by {-s.days_left} day(s)" if s.status == rv.OVERDUE
                    else f"due in {s.days_left} day(s)")
            draft = " (draft)" if s.draft else ""
            print(f"{s.path}{draft}: {when} (next review {s.next_review.isoformat()}, owner {s.owner})")
        print(f"{len(overdue)} overdue, {len(states) - len(overdue)} due within {args.within} day(s) "
              f"(today is {today.isoformat()})")
        if states:
            print("After reviewing a page, set `last_reviewed:` to the review date (and `next_review:` if used).")
    return 1 if args.strict and any(not s.draft for s in overdue) else 0
