"""``type: page`` — a plain page (home, about, history, accessibility statement): only the common keys."""
from __future__ import annotations

from kenniscentrum.model.base import Schema
from kenniscentrum.model.common import COMMON_CHECKS, common_fields

EXAMPLE = """\
---
type: page
title: Over het Kenniscentrum MVO
summary: Wie achter het kenniscentrum staat en hoe je ons bereikt.
status: published
owner: Redactie Kenniscentrum MVO
last_reviewed: 2026-11-01
review_every: 12
---

Tekst van de pagina.
"""

SCHEMA = Schema("page", "A plain page: only the common keys.", common_fields(), EXAMPLE, list(COMMON_CHECKS),
                example_path="content/nl/over/index.md")
