"""``type: chapter`` — one chapter of a manual; previous/next follow ``order``."""
from __future__ import annotations

from kenniscentrum.model.base import Field, Integer, Schema, VocabId
from kenniscentrum.model.common import COMMON_CHECKS, common_fields

FIELDS = common_fields() + [
    Field("manual", VocabId("manuals", "manual"), True, "the manual this chapter belongs to"),
    Field("order", Integer(1), True, "position in the manual, unique per manual and language"),
]

EXAMPLE = """\
---
type: chapter
title: Waarom interne MVO-ambassadeurs?
summary: Wat ambassadeurs voor de organisatie betekenen en waarom een netwerk van collega's werkt.
status: published
owner: Redactie Kenniscentrum MVO
last_reviewed: 2026-11-01
review_every: 24
manual: csr-ambassadors
order: 1
themes: [employee-involvement]
audiences: [ambassador, csr-coordinator]
---

Tekst van het hoofdstuk.
"""

SCHEMA = Schema(
    "chapter",
    "A chapter of a manual (the CSR ambassadors manual). Previous/next links and the whole-manual PDF follow `order`.",
    FIELDS, EXAMPLE, list(COMMON_CHECKS),
    example_path="content/nl/handleiding-ambassadeurs/01-waarom.md",
)
