"""The sections that partials render *after* a page's Markdown body (instrument facts, the checklist or worksheet
tool, the action plan, the downloads), as ``(anchor, title, level)`` rows.

Material's contents list (``page.toc``) is built from the Markdown alone, so without these rows it stops before the
tool, the action plan and the downloads — the parts a reader of a checklist page most wants to reach.
``hooks/downloads.py`` appends them to ``page.toc``; the same rows feed the action bar under the title
(``overrides/partials/kc/page-actions.html``). The anchors and conditions mirror the partials listed in
``overrides/partials/kc/page-extras.html``; ``tests/build/test_portal_build.py`` checks that every row's anchor is
a heading on the built page.
"""
from __future__ import annotations

from typing import NamedTuple


class Section(NamedTuple):
    anchor: str
    title: str
    level: int


def has_checklist(page) -> bool:
    return page is not None and page.meta.get("kind") == "checklist" and bool(page.meta.get("checklist"))


def has_worksheet(page) -> bool:
    return page is not None and page.meta.get("kind") == "working-instrument" and bool(page.meta.get("worksheet"))


def trailing_sections(page, ui: dict, download_kind: str | None) -> list[Section]:
    """The headed sections after the body of ``page``; ``ui``: the page language's interface strings;
    ``download_kind``: the kind of the page's downloads ("checklist", "worksheet", "manual"), None without any."""
    if page is None:
        return []
    rows = []
    if page.type == "instrument":
        rows.append(Section("kc-facts-title", ui["discovery"]["instrument_facts_heading"], 2))
    if has_checklist(page):
        rows.append(Section("kc-tool-title", ui["checklist"]["heading"], 2))
        rows.append(Section("kc-plan-title", ui["checklist"]["plan_heading"], 3))
    elif has_worksheet(page):
        rows.append(Section("kc-tool-title", ui["checklist"]["worksheet_heading"], 2))
    if download_kind:
        strings = ui["downloads"]
        rows.append(Section("kc-downloads-title",
                            strings["links_manual_heading" if download_kind == "manual" else "links_heading"], 2))
    return rows
