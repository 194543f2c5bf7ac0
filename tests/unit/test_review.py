"""Review dates: next review from last_reviewed + review_every or next_review; overdue and due-soon; the CLI."""
from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

from kenniscentrum import review as rv
from kenniscentrum.cli import main

REPO = Path(__file__).resolve().parents[2]
D = dt.date


def fake(rel: str, lang: str = "nl", draft: bool = False, type: str = "page", **meta):
    meta.setdefault("title", rel)
    meta.setdefault("owner", "Testteam")
    return SimpleNamespace(rel_path=rel, lang=lang, display_path=f"content/{lang}/{rel}", meta=meta, type=type,
                           is_draft=draft)


@pytest.mark.parametrize("start, months, expected", [
    (D(2026, 1, 31), 1, D(2026, 2, 28)),
    (D(2024, 1, 31), 1, D(2024, 2, 29)),
    (D(2026, 11, 1), 12, D(2027, 11, 1)),
    (D(2026, 12, 15), 1, D(2027, 1, 15)),
    (D(2026, 5, 10), 25, D(2028, 6, 10)),
])
def test_add_months(start, months, expected):
    assert rv.add_months(start, months) == expected


def test_next_review_prefers_explicit_date():
    assert rv.next_review({"last_reviewed": D(2026, 1, 1), "review_every": 6}) == D(2026, 7, 1)
    assert rv.next_review({"last_reviewed": D(2026, 1, 1), "next_review": D(2026, 3, 1)}) == D(2026, 3, 1)
    assert rv.next_review({"last_reviewed": D(2026, 1, 1)}) is None
    assert rv.next_review({"review_every": True, "last_reviewed": D(2026, 1, 1)}) is None


def test_report_orders_overdue_first_and_skips_generated():
    pages = [
        fake("ok.md", last_reviewed=D(2026, 6, 1), review_every=12),
        fake("soon.md", last_reviewed=D(2024, 6, 20), review_every=12),
        fake("late.md", last_reviewed=D(2024, 1, 1), review_every=12),
        fake("later.md", lang="en", next_review=D(2025, 6, 1), last_reviewed=D(2024, 6, 1)),
        fake("gen.md", type="generated"),
    ]
    today = D(2025, 6, 10)
    report = rv.review_report(pages, today, within_days=30)
    assert [(s.rel_path, s.status) for s in report] == [
        ("late.md", rv.OVERDUE), ("later.md", rv.OVERDUE), ("soon.md", rv.DUE_SOON)]
    assert report[0].days_left == -(today - D(2025, 1, 1)).days and report[0].days_overdue == 160
    assert [s.rel_path for s in rv.review_report(pages, today, 0)] == ["late.md", "later.md"]
    assert len(rv.review_report(pages, today, 30, include_ok=True)) == 4
    assert [s.rel_path for s in rv.review_report(pages, today, 30, lang="en")] == ["later.md"]


def test_build_today_follows_source_date_epoch():
    assert rv.build_today({"SOURCE_DATE_EPOCH": "1767225600"}) == D(2026, 1, 1)
    assert rv.build_today({}) == dt.date.today()


def _page(title, reviewed, every):
    return textwrap.dedent(f"""\
        ---
        type: page
        title: {title}
        summary: Een samenvatting.
        status: published
        owner: Testteam
        last_reviewed: {reviewed}
        review_every: {every}
        ---

        Tekst.
        """)


def test_cli_finds_overdue_fixture_page(tmp_path: Path, capsys):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "vocabularies").symlink_to(REPO / "data" / "vocabularies")
    for lang in ("nl", "en"):
        base = tmp_path / "content" / lang
        base.mkdir(parents=True)
        (base / "oud.md").write_text(_page("Oud", "2024-01-01", 12), encoding="utf-8")
        (base / "nieuw.md").write_text(_page("Nieuw", "2026-11-01", 12), encoding="utf-8")
    root = ["--root", str(tmp_path), "--today", "2026-11-23"]
    assert main(["review", *root]) == 0
    out = capsys.readouterr().out
    assert "content/nl/oud.md: overdue by" in out and "content/en/oud.md: overdue by" in out
    assert "nieuw.md" not in out
    assert main(["review", *root, "--strict"]) == 1
    capsys.readouterr()
    assert main(["review", *root, "--format", "json", "--within", "400"]) == 0
    data = json.loads(capsys.readouterr().out)
    statuses = {(p["path"], p["status"]) for p in data["pages"]}
    assert ("content/nl/oud.md", "overdue") in statuses and ("content/nl/nieuw.md", "due-soon") in statuses
