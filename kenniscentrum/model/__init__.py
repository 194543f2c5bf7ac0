"""The content model: one schema per content type (the source of truth; docs/content-model.md is generated).

``SCHEMAS`` maps the value of a page's ``type:`` key to its :class:`~kenniscentrum.model.base.Schema`. A new content
type is a new module with a ``SCHEMA`` plus one line here.
"""
from __future__ import annotations

from kenniscentrum.model import chapter, generated, glossary, guidance, instrument, page, project, theme
from kenniscentrum.model.base import Field, Schema
from kenniscentrum.model.vocabularies import Vocabulary, load_vocabularies

SCHEMAS: dict[str, Schema] = {
    "instrument": instrument.SCHEMA,
    "chapter": chapter.SCHEMA,
    "guidance": guidance.SCHEMA,
    "project": project.SCHEMA,
    "page": page.SCHEMA,
    "theme": theme.SCHEMA,
    "glossary": glossary.SCHEMA,
    "generated": generated.SCHEMA,
}

__all__ = ["SCHEMAS", "Schema", "Field", "Vocabulary", "load_vocabularies"]
