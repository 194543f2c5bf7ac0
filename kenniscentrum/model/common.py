"""Keys every content type shares (docs/decisions/0002-content-model.md, "Common keys"), and their cross-field rules."""
from __future__ import annotations

from dataclasses import replace

from kenniscentrum.model.base import (
    INVALID, PARITY_IGNORED, TRANSLATABLE, Boolean, Choice, Context, Date, Field, Integer, ListOf, Sdg, Text,
    ValueType, VocabId, key_name,
)

_T, _BOOKKEEPING = frozenset({TRANSLATABLE}), frozenset({PARITY_IGNORED})

#: Every content type an editor can write (``generated`` is written by the build only).
EDITOR_TYPES = ("instrument", "chapter", "guidance", "project", "page", "theme", "glossary")
TITLE_MAX = 90
SUMMARY_MAX = 300
HIDE_VALUES = ("navigation", "toc", "footer")


class TemplateName(Text):
    """A template file that exists in ``overrides/`` (checked when the overrides folder is known)."""

    def __init__(self):
        super().__init__()

    def describe(self) -> str:
        return "template name"

    def allowed(self, vocab=None) -> str:
        return "a file in `overrides/`"

    def check(self, value, ctx, at):
        value = super().check(value, ctx, at)
        if isinstance(value, str) and ctx.templates is not None and value not in ctx.templates:
            shown = ", ".join(sorted(ctx.templates)[:12]) or "none"
            ctx.report("KC122", at, f"`{key_name(at)}`: the template '{value}' does not exist in overrides/",
                       f"Use an existing template (e.g. {shown}) or remove `template:`.")
            return INVALID
        return value


def common_fields() -> list[Field]:
    return [
        Field("type", Choice(*EDITOR_TYPES), True, "the content type; decides which other keys are allowed"),
        Field("title", Text(max_len=TITLE_MAX, too_long_rule="KC109"), True,
              "the page title, shown as heading, in overviews and in the browser tab", roles=_T),
        Field("summary", Text(max_len=SUMMARY_MAX, too_long_rule="KC110"), True,
              "one or two sentences; used in overviews, search results and the meta description", roles=_T),
        Field("status", Choice("draft", "published"), True, "drafts are checked but never reach `site/`",
              roles=_BOOKKEEPING),
        Field("owner", Text(), True,
              "the team or role responsible for the page, never a person's name (e.g. Redactie Kenniscentrum MVO)",
              roles=_BOOKKEEPING),
        Field("last_reviewed", Date(), True, "the date the content was last checked", roles=_BOOKKEEPING),
        Field("review_every", Integer(1, 120, unit="months"), False,
              "review interval in months; give this or `next_review`, not both", roles=_BOOKKEEPING),
        Field("next_review", Date(), False, "date of the next review; give this or `review_every`, not both",
              roles=_BOOKKEEPING),
        Field("themes", ListOf(VocabId("themes", "theme")), False, "themes the page belongs to"),
        Field("audiences", ListOf(VocabId("audiences", "audience")), False, "who the page is for"),
        Field("sdgs", ListOf(Sdg()), False, "UN Sustainable Development Goals, by number"),
        Field("source_hash", Text(pattern=r"^[0-9a-f]{8,64}$"), False,
              "English pages only: hash of the Dutch source this translation was made from; written by "
              "`python -m kenniscentrum translations mark`, never by hand", roles=_BOOKKEEPING),
        Field("awaiting_translation", Boolean(), False,
              "English pages only: `true` while the page is a placeholder awaiting translation", roles=_BOOKKEEPING),
        Field("hide", ListOf(Choice(*HIDE_VALUES)), False, "Material: hide the navigation, table of contents or footer",
              roles=_BOOKKEEPING),
        Field("template", TemplateName(), False, "a page template from `overrides/` instead of the default",
              roles=_BOOKKEEPING),
    ]


def required(field: Field, min_items: int | None = None) -> Field:
    """A copy of ``field`` made required (and for lists, non-empty)."""
    t: ValueType = field.type
    if min_items is not None and isinstance(t, ListOf):
        t = ListOf(t.item, min_items=min_items, unique=t.unique, unique_key=t.unique_key)
    return replace(field, type=t, required=True)


def common_field(name: str) -> Field:
    for f in common_fields():
        if f.name == name:
            return f
    raise KeyError(name)


# --- cross-field checks shared by all editor types ------------------------------------------------------------------
EN_ONLY = ("source_hash", "awaiting_translation")


def check_review(typed: dict, raw: dict, ctx: Context) -> None:
    has_every, has_next = "review_every" in raw, "next_review" in raw
    if has_every and has_next:
        ctx.report("KC108", ("next_review",), "both `review_every` and `next_review` are given",
                   "Keep one: `review_every` (months between reviews) or `next_review` (a date).")
    elif not has_every and not has_next:
        ctx.report("KC108", ("last_reviewed",) if "last_reviewed" in raw else (),
                   "neither `review_every` nor `next_review` is given",
                   "Add `review_every: 12` (months) or `next_review: YYYY-MM-DD`.")
    last, nxt = typed.get("last_reviewed"), typed.get("next_review")
    if last is not None and nxt is not None and nxt <= last:
        ctx.report("KC123", ("next_review",),
                   f"`next_review` ({nxt.isoformat()}) is not after `last_reviewed` ({last.isoformat()})")


def check_en_only(typed: dict, raw: dict, ctx: Context) -> None:
    if ctx.translated:
        return
    for key in EN_ONLY:
        if key in raw:
            ctx.report("KC118", (key,), f"`{key}` is only allowed on English pages, this page is {ctx.lang}")


COMMON_CHECKS = [check_review, check_en_only]
