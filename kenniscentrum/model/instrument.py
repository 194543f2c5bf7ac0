"""``type: instrument`` — an entry of the instrument box (guide, checklist, exercise, working instrument, …)."""
from __future__ import annotations

from kenniscentrum.model.base import (
    Context, Field, Integer, ListOf, Record, Schema, Text, VocabId, override,
)
from kenniscentrum.model.checklist import CHECKLIST, WORKSHEET, check_ids_across_sections
from kenniscentrum.model.common import COMMON_CHECKS, common_field, common_fields, required
from kenniscentrum.model.scan import SCAN, check_questions

ORIGIN = Record([
    Field("by", Text(), True, "who made the instrument (an organisation, group or project)"),
    Field("year", Integer(1990, 2100), True, "year it was made"),
    Field("based_on", Text(), False, "optional: what it builds on"),
])

FIELDS = override(
    common_fields(),
    required(common_field("themes"), 1),
    required(common_field("audiences"), 1),
    required(common_field("sdgs"), 1),
) + [
    Field("kind", VocabId("kinds", "kind"), True, "the kind of instrument"),
    Field("company_size", ListOf(VocabId("company_sizes", "company size"), min_items=1), True,
          "organisation sizes the instrument suits"),
    Field("iso26000", ListOf(VocabId("iso26000", "ISO 26000 core subject"), min_items=1), True,
          "ISO 26000 core subjects it addresses"),
    Field("pdca", ListOf(VocabId("pdca", "PDCA phase"), min_items=1), True,
          "plan-do-check-act phases it supports"),
    Field("time_minutes", Integer(1, unit="minutes"), True, "the time a user needs, in minutes"),
    Field("time_note", Text(), False, "optional: a note on the time (e.g. 'with two or three colleagues')"),
    Field("origin", ORIGIN, True, "who made it and when: `{by, year, based_on?}`"),
    Field("licence", VocabId("licences", "licence"), True, "the licence the instrument is shared under"),
    Field("checklist", CHECKLIST, False,
          "required for kind `checklist`, forbidden otherwise: `{sections: [{id, title, items: [{id, text, why?}]}]}`"),
    Field("worksheet", WORKSHEET, False,
          "required for kind `working-instrument`, forbidden otherwise: "
          "`{sections: [{id, title, fields: [{id, label, help?}]}]}`"),
    Field("scan", SCAN, False,
          "required for kind `scan`, forbidden otherwise: `{themes: [{id, intro?, questions: [{id, text, help?, "
          "weight?, obligation, source?, recommends?, vsme?}]}]}` (see docs/scan.md)"),
]


def check_structured_data(typed: dict, raw: dict, ctx: Context) -> None:
    kind = typed.get("kind")
    if kind is None:
        return
    for key, needs, missing_rule, extra_rule in (("checklist", "checklist", "KC112", "KC113"),
                                                 ("worksheet", "working-instrument", "KC114", "KC115"),
                                                 ("scan", "scan", "KC125", "KC126")):
        if kind == needs and key not in raw:
            ctx.report(missing_rule, ("kind",), f"`kind: {kind}` needs a `{key}:` with "
                                                f"{'themes' if key == 'scan' else 'sections'}")
        elif kind != needs and key in raw:
            ctx.report(extra_rule, (key,), f"`{key}:` is only allowed with `kind: {needs}`, this is `kind: {kind}`")


EXAMPLE = """\
---
type: instrument
title: Checklist interne MVO-communicatie
summary: Ga na of je organisatie medewerkers via de juiste kanalen over MVO informeert.
status: published
owner: Redactie Kenniscentrum MVO
last_reviewed: 2026-11-01
review_every: 12
kind: checklist
themes: [communication, employee-involvement]
audiences: [municipality, sme]
company_size: [small, medium, large]
sdgs: [8, 12]
iso26000: [organizational-governance, labour-practices]
pdca: [do]
time_minutes: 45
time_note: met twee of drie collega's
origin:
  by: Redactie Kenniscentrum MVO
  year: 2026
  based_on: ervaringen van pilootgemeenten
licence: CC-BY-4.0
checklist:
  sections:
    - id: kanalen
      title: Kanalen
      items:
        - id: personeelsblad
          text: Het personeelsblad brengt regelmatig verslag uit over MVO-acties.
          why: Wie niet hoort wat er gebeurt, raakt ook niet betrokken.
---

## Waarvoor dient deze checklist?

De items staan in de front matter; de pagina toont ze als afvinklijst.
"""

SCHEMA = Schema(
    "instrument",
    "An entry of the instrument box. Kind `checklist` carries its checklist as data, kind `working-instrument` its "
    "worksheet, kind `scan` its self-assessment questions; the web page, saved progress and every download are generated from that one source.",
    FIELDS,
    EXAMPLE,
    COMMON_CHECKS + [check_structured_data, check_ids_across_sections("checklist", "items"),
                     check_ids_across_sections("worksheet", "fields"), check_questions],
    example_path="content/nl/instrumenten/checklist-interne-communicatie.md",
)
