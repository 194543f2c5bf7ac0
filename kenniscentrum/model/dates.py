"""Dates known only to the month (``2018-02``): a :class:`Month` value and the ``DateOrMonth`` value type.

Project timelines often record *that* something happened in February 2018 but not on which day. Writing such an
event as ``2018-02-01`` would invent a day; ``2018-02`` keeps the precision the source has, and templates render it
as "februari 2018" with ``datetime="2018-02"`` (a valid HTML month string).
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from kenniscentrum.model.base import INVALID, Date, key_name

_MONTH_RE = re.compile(r"^([0-9]{4})-([0-9]{2})$")


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month without a day. ``str()`` and :meth:`isoformat` give ``YYYY-MM``."""

    year: int
    month: int

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    __str__ = isoformat

    @property
    def first_day(self) -> _dt.date:
        return _dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> _dt.date:
        following = _dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - _dt.timedelta(days=1)


def earliest_day(value: _dt.date | Month) -> _dt.date:
    """The first day a date or month can mean (for ordering: a month starts on its first day)."""
    return value.first_day if isinstance(value, Month) else value


def latest_day(value: _dt.date | Month) -> _dt.date:
    """The last day a date or month can mean (an end in February 2018 may be any day up to the 28th)."""
    return value.last_day if isinstance(value, Month) else value


class DateOrMonth(Date):
    """A day (``YYYY-MM-DD`` → ``date``) or, when the day is not known, a month (``YYYY-MM`` → :class:`Month`)."""

    label = "date or month"

    def allowed(self, vocab=None) -> str:
        return "`YYYY-MM-DD`, or `YYYY-MM` when only the month is known"

    def check(self, value, ctx, at):
        match = _MONTH_RE.match(value) if isinstance(value, str) else None
        if match is None:
            return super().check(value, ctx, at)
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            ctx.report("KC107", at, f"`{key_name(at)}`: {value} is not a month that exists",
                       "Write the month as `YYYY-MM` with a month from 01 to 12, e.g. `2018-02`.")
            return INVALID
        return Month(year, month)
