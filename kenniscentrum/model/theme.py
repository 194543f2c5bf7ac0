"""``type: theme`` — the page of one theme; its list of instruments is generated from the catalogue."""
from __future__ import annotations

from kenniscentrum.model.base import Field, Schema, VocabId
from kenniscentrum.model.common import COMMON_CHECKS, common_fields

FIELDS = common_fields() + [
    Field("theme", VocabId("themes", "theme"), True, "the theme this page presents"),
]

EXAMPLE = """\
---
type: theme
title: Diversiteit
summary: Instrumenten en ervaringen rond diversiteit op de werkvloer.
status: published
owner: Redactie Kenniscentrum MVO
last_reviewed: 2026-11-01
review_every: 12
theme: diversity
---

Inleiding op het thema.
"""

SCHEMA = Schema("theme", "The page of one theme; the list of matching instruments is generated.", FIELDS, EXAMPLE,
                list(COMMON_CHECKS), example_path="content/nl/themas/diversiteit.md")
