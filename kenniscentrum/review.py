"""Review dates: when a page is due for its next content review, and which pages are overdue or due soon.

Every page has ``last_reviewed`` and exactly one of ``review_every`` (months) or ``next_review`` (a date); see
docs/decisions/0002-content-model.md. Pure logic, no MkDocs. "Today" in a build is the day of
``SOURCE_DATE_EPOCH`` when set (reproducible builds: the same commit gives the same site), else the real date.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import os
from dataclasses import dataclass

OVERDUE, DUE_SOON, OK, UNKNOWN = "overdue", "due-soon", "ok", "unknown"


def add_months(day: _dt.date, months: int) -> _dt.date:
    """``day`` plus ``months`` calendar months; the 31st becomes the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return _dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_review(meta: dict) -> _dt.date | None:
    """The date the page is next due for review, or None when its review keys are missing or invalid."""
    explicit = meta.get("next_review")
    if isinstance(explicit, _dt.date):
        return explicit
    last, every = meta.get("last_reviewed"), meta.get("review_every")
    if isinstance(last, _dt.date) and isinstance(every, int) and not isinstance(every, bool) and every > 0:
        return add_months(last, every)
    return None


def build_today(environ=None) -> _dt.date:
    """The date a build treats as today: the UTC day of ``SOURCE_DATE_EPOCH`` if set, else the local date."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).date()
    return _dt.date.today()


@dataclass(frozen=True)
class ReviewState:
    rel_path: str
    lang: str
    path: str  # display path, e.g. content/nl/x.md
    title: str
    owner: str
    last_reviewed: _dt.date | None
    next_review: _dt.date | None
    days_left: int | None  # negative: overdue by that many days
    status: str  # overdue | due-soon | ok | unknown
    draft: bool

    @property
    def url(self) -> str:
        from kenniscentrum.translations import rel_path_to_url

        return rel_path_to_url(self.rel_path)

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    def as_dict(self) -> dict:
        return {
            "path": self.path, "lang": self.lang, "title": self.title, "owner": self.owner,
            "last_reviewed": self.last_reviewed.isoformat() if self.last_reviewed else None,
            "next_review": self.next_review.isoformat() if self.next_review else None,
            "days_left": self.days_left, "status": self.status, "draft": self.draft,
        }


def review_state(page, today: _dt.date, within_days: int = 0) -> ReviewState:
    meta = page.meta
    due = next_review(meta)
    days_left = (due - today).days if due else None
    if due is None:
        status = UNKNOWN
    elif days_left < 0:
        status = OVERDUE
    elif days_left <= within_days:
        status = DUE_SOON
    else:
        status = OK
    last = meta.get("last_reviewed")
    return ReviewState(
        rel_path=page.rel_path, lang=page.lang, path=getattr(page, "display_path", "") or page.rel_path,
        title=str(meta.get("title", page.rel_path)), owner=str(meta.get("owner", "")),
        last_reviewed=last if isinstance(last, _dt.date) else None, next_review=due, days_left=days_left,
        status=status, draft=bool(page.is_draft))


def review_report(pages, today: _dt.date, within_days: int = 0, *, include_ok: bool = False,
                  lang: str | None = None) -> list[ReviewState]:
    """Review states of editor-written pages (generated pages left out): overdue first (longest overdue first), then
    due within ``within_days``, then (with ``include_ok``) the rest."""
    states = [review_state(p, today, within_days) for p in pages
              if p.type != "generated" and (lang is None or p.lang == lang)]
    if not include_ok:
        states = [s for s in states if s.status in (OVERDUE, DUE_SOON)]
    order = {OVERDUE: 0, DUE_SOON: 1, UNKNOWN: 2, OK: 3}
    return sorted(states, key=lambda s: (order[s.status], s.days_left if s.days_left is not None else 0, s.lang,
                                         s.rel_path))
