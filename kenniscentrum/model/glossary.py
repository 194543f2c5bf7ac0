"""``type: glossary`` — terms with stable ids; ``term`` in the page's language, ``translation`` in the other."""
from __future__ import annotations

from kenniscentrum.model.base import Field, Id, ListOf, Record, Schema, Text
from kenniscentrum.model.common import COMMON_CHECKS, common_fields

TERM = Record([
    Field("id", Id(), True, "stable id, the same in nl and en; also the term's anchor on the page"),
    Field("term", Text(), True, "the term in the page's language"),
    Field("translation", Text(), True, "the term in the other language"),
    Field("definition", Text(multiline=True), True, "the definition, in the page's language"),
])

FIELDS = common_fields() + [
    Field("terms", ListOf(TERM, min_items=1, unique_key="id"), True, "`[{id, term, translation, definition}]`"),
]

EXAMPLE = """\
---
type: glossary
title: Woordenlijst
summary: De begrippen die op dit portaal terugkomen, kort uitgelegd.
status: published
owner: Redactie Kenniscentrum MVO
last_reviewed: 2026-11-01
review_every: 12
terms:
  - id: mvo
    term: maatschappelijk verantwoord ondernemen (MVO)
    translation: corporate social responsibility (CSR)
    definition: Ondernemen met aandacht voor mens, milieu en maatschappij, naast winst.
---
"""

SCHEMA = Schema("glossary", "A glossary. Term ids are the same in nl and en; each term's id is its anchor.",
                FIELDS, EXAMPLE, list(COMMON_CHECKS), example_path="content/nl/woordenlijst.md")
