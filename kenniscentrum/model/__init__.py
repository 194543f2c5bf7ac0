"""The content model: one schema per content type (the source of truth; docs/content-model.md is generated).

``SCHEMAS`` maps the value of a page's ``type:`` key to its :class:`~kenniscentrum.model.base.Schema`. A new content
type is a new module with a ``SCHEMA`` plus one line here.

Field roles (``kenniscentrum.model.base``: ``translatable``, ``parity_ignored``, and the finder's ``Facet``) are
declared on the fields; the rest of the portal asks this module for them (:func:`keys_with`, :data:`FACETS`).
"""
from __future__ import annotations

from kenniscentrum.model import chapter, generated, glossary, guidance, instrument, page, project, theme
from kenniscentrum.model.base import ListOf, PARITY_IGNORED, TRANSLATABLE, Facet, Field, Schema, walk_fields
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

#: The finder's facets (instrument fields with a ``Facet``), in the finder's order.
FACETS: tuple[Facet, ...] = instrument.FACETS


def keys_with(role: str, *, lists: bool | None = None) -> frozenset[str]:
    """Names of every field (nested ones included, any content type) that has ``role``. ``lists``: True only
    list-valued fields, False only the others, None both."""
    out = set()
    for schema in SCHEMAS.values():
        for _, f in walk_fields(schema.fields):
            if f.has(role) and (lists is None or isinstance(f.type, ListOf) == lists):
                out.add(f.name)
    return frozenset(out)


__all__ = ["SCHEMAS", "FACETS", "Schema", "Field", "Facet", "Vocabulary", "load_vocabularies", "keys_with",
           "TRANSLATABLE", "PARITY_IGNORED"]
