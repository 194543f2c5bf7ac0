"""``type: project`` — a learning network or programme project."""
from __future__ import annotations

from kenniscentrum.model.base import Context, Field, ListOf, Record, Schema, Text, override
from kenniscentrum.model.common import COMMON_CHECKS, common_field, common_fields, required
from kenniscentrum.model.dates import DateOrMonth, earliest_day, latest_day

TIMELINE_ENTRY = Record([
    Field("date", DateOrMonth(), True, "date of the event; `YYYY-MM` when only the month is known"),
    Field("title", Text(), True, "what happened"),
    Field("summary", Text(), True, "one or two sentences"),
])

FIELDS = override(common_fields(), required(common_field("sdgs"), 1)) + [
    Field("target_group", Text(), True, "who the project is for"),
    Field("partners", ListOf(Text(), min_items=1), True, "partner organisations"),
    Field("start", DateOrMonth(), True, "start date (`YYYY-MM` when only the month is known)"),
    Field("end", DateOrMonth(), False, "end date (leave out while the project runs; `YYYY-MM` when only the month is known)"),
    Field("priorities", ListOf(Text(), min_items=1), True, "the project's priorities"),
    Field("timeline", ListOf(TIMELINE_ENTRY, min_items=1), True, "events: `[{date, title, summary}]`"),
    Field("results", ListOf(Text()), False, "what the project delivered"),
]


def check_dates(typed: dict, raw: dict, ctx: Context) -> None:
    start, end = typed.get("start"), typed.get("end")
    # A month covers all its days: `end: 2018-02` after `start: 2018-02-20` is fine.
    if start is not None and end is not None and latest_day(end) < earliest_day(start):
        ctx.report("KC123", ("end",), f"`end` ({end.isoformat()}) is before `start` ({start.isoformat()})")


EXAMPLE = """\
---
type: project
title: Lerend netwerk MVO in kmo's
summary: Een lerend netwerk waarin kmo's samen een eerste MVO-actieplan opstellen.
status: published
owner: Redactie Kenniscentrum MVO
last_reviewed: 2026-11-01
review_every: 24
target_group: kmo's die met MVO willen starten
partners: [Voorbeeldpartner A (fictief), Voorbeeldpartner B (fictief)]
start: 2018-01-01
end: 2019-03-19
sdgs: [8, 17]
priorities: [betrokkenheid van medewerkers, lokale samenwerking]
timeline:
  - {date: 2018-02, title: Startbijeenkomst, summary: Kennismaking en keuze van de prioriteiten (alleen de maand is bekend).}
results: [een brochure met praktijkervaringen]
---

Over het project.
"""

SCHEMA = Schema(
    "project",
    "A learning network or programme project, with its partners, dates, priorities and a timeline of events.",
    FIELDS, EXAMPLE, COMMON_CHECKS + [check_dates],
    example_path="content/nl/projecten/lerend-netwerk.md",
)
