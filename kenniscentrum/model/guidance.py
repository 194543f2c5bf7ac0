"""``type: guidance`` — a municipal guidance topic in three fixed parts: why, how, tips."""
from __future__ import annotations

from kenniscentrum.model.base import Field, Integer, Schema
from kenniscentrum.model.common import COMMON_CHECKS, common_fields

#: The level-2 headings every guidance page needs, with fixed anchors (same in both languages; KC305).
PARTS = {
    "why": {"nl": "Waarom?", "en": "Why?"},
    "how": {"nl": "Hoe?", "en": "How?"},
    "tips": {"nl": "Tips, ervaringen en hulpmiddelen", "en": "Tips, experiences and tools"},
}

FIELDS = common_fields() + [
    Field("order", Integer(1), True, "position in the list of guidance topics"),
]

EXAMPLE = """\
---
type: guidance
title: Opvolging van het MVO-actieplan
summary: Hoe je een MVO-actieplan levend houdt met trekkers, concrete acties en vaste opvolgmomenten.
status: published
owner: Redactie Kenniscentrum MVO
last_reviewed: 2026-11-01
review_every: 12
order: 1
themes: [local-government]
audiences: [municipality]
---

## Waarom? {#why}

## Hoe? {#how}

## Tips, ervaringen en hulpmiddelen {#tips}
"""

SCHEMA = Schema(
    "guidance",
    "A municipal guidance topic. The body must contain three level-2 headings with fixed anchors: "
    "`## Waarom? {#why}`, `## Hoe? {#how}`, `## Tips, ervaringen en hulpmiddelen {#tips}` "
    "(English: `## Why? {#why}`, `## How? {#how}`, `## Tips, experiences and tools {#tips}`).",
    FIELDS, EXAMPLE, list(COMMON_CHECKS),
    example_path="content/nl/gemeenten/opvolging.md",
)
