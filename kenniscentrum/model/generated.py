"""``type: generated`` — stubs the build writes into ``content/<lang>/`` (overviews, finder, SDG pages, …).

Editors never write these; the schema is small and keeps generators honest.
"""
from __future__ import annotations

from kenniscentrum.model.base import Boolean, Choice, Field, Integer, ListOf, Record, Schema, Text, ValueType
from kenniscentrum.model.common import HIDE_VALUES, TemplateName


class TextOrNumber(ValueType):
    label = "text or whole number"

    def check(self, value, ctx, at):
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            return self.wrong_type(value, ctx, at)
        return value


FIELDS = [
    Field("type", Choice("generated"), True, "always `generated`"),
    Field("title", Text(), True, "page title"),
    Field("summary", Text(), False, "meta description"),
    Field("template", TemplateName(), True, "the template in `overrides/` that renders the page"),
    Field("generated_by", Text(), False, "the generator module that wrote the stub"),
    Field("facet", Text(), False, "for overview pages: the facet listed (kind, theme, audience, sdg, pdca, …)"),
    Field("value", TextOrNumber(), False, "for overview pages: the facet value listed"),
    Field("hide", ListOf(Choice(*HIDE_VALUES)), False, "Material: hide the navigation, table of contents or footer"),
    Field("search", Record([
        Field("exclude", Boolean(), False, "leave the page out of the search index"),
        Field("boost", Integer(0, 100), False, "search ranking boost"),
    ]), False, "Material search settings: `{exclude?, boost?}`"),
]

EXAMPLE = """\
---
type: generated
title: Checklists
template: kc/overview.html
generated_by: kenniscentrum.generators.overviews
facet: kind
value: checklist
---
"""

SCHEMA = Schema("generated", "A page written by the build (never by hand) and rendered by its template.",
                FIELDS, EXAMPLE, [], example_path="content/nl/_generated/soort/checklist.md")
