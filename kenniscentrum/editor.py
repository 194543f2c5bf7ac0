"""What the editor-workflow templates see: the ``kc_editor`` object (translation status, review dates, last update).

``hooks/editor.py`` puts one in every page's template context; the markup is in ``overrides/partials/kc/
translation-banner.html``, ``overrides/partials/kc/review.html``, ``overrides/kc/status.html`` and
``overrides/kc/awaiting-translation.html``. No MkDocs imports here.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import cached_property

from kenniscentrum import review as rv
from kenniscentrum import translations as tr
from kenniscentrum.gitdates import GitDates, updated_on

AWAITING_TEMPLATE = "kc/awaiting-translation.html"


def is_awaiting(page, site) -> bool:
    """A translated page shown as a placeholder: ``awaiting_translation: true``, or a generated placeholder stub."""
    if page is None or page.lang == site.default_lang:
        return False
    if page.type == "generated":
        return page.meta.get("template") == AWAITING_TEMPLATE
    return page.meta.get("awaiting_translation") is True


@dataclass
class StatusReport:
    """Everything the status page lists."""

    outdated: list
    missing: list
    awaiting: list
    overdue: list
    due_soon: list
    counts: dict
    today: _dt.date
    within_days: int


def page_updated_on(page, git: GitDates | None) -> tuple[_dt.date | None, bool]:
    """When ``page`` was last updated: (date, whether it comes from git), else its ``last_reviewed`` date. What the
    page shows as "last updated" and what sitemap.xml gives as its ``lastmod``."""
    display = page.display_path or f"content/{page.lang}/{page.rel_path}"
    return updated_on(display, git, page.meta)


class EditorContext:
    """The ``kc_editor`` template variable for one page (``page`` is the model page, None for 404 and the like)."""

    DUE_SOON_DAYS = 30

    def __init__(self, site, lang: str, page, git: GitDates | None, today: _dt.date):
        """``site``: the build's SiteModel (its ``site`` is the :class:`~kenniscentrum.site.Site`)."""
        self.site, self.lang, self.page, self.git, self.today = site, lang, page, git, today
        self.default_lang = site.site.default_lang

    # --- translation ------------------------------------------------------------------------------------------------
    @cached_property
    def translation(self) -> tr.TranslationState | None:
        if self.page is None:
            return None
        return tr.state_for(self.site.content, self.page.rel_path, self.lang)

    @property
    def source(self):
        """The default-language page this page translates (None on pages in the default language)."""
        if self.page is None or self.lang == self.default_lang:
            return None
        return self.site.page(self.default_lang, self.page.rel_path)

    @property
    def awaiting(self) -> bool:
        return is_awaiting(self.page, self.site.site) and self.source is not None

    @property
    def outdated(self) -> bool:
        return (self.lang != self.default_lang and self.page is not None and self.page.type != "generated"
                and self.translation is not None and self.translation.status == tr.OUTDATED
                and self.source is not None and not self.source.is_draft)

    def root_for(self, lang: str) -> str:
        """Path from the site root (``base_url``: mkdocs-static-i18n keeps it at the root of the whole site in every
        language build) to the root of ``lang``'s pages: "" for the default language, "en/" for English."""
        return self.site.site.prefix(lang)

    # --- review and dates -------------------------------------------------------------------------------------------
    @cached_property
    def review(self) -> rv.ReviewState | None:
        if self.page is None or self.page.type == "generated":
            return None
        return rv.review_state(self.page, self.today, self.DUE_SOON_DAYS)

    @cached_property
    def last_updated(self) -> tuple[_dt.date | None, bool]:
        """(date, whether it comes from git); falls back to ``last_reviewed``."""
        if self.page is None:
            return None, False
        return page_updated_on(self.page, self.git)

    # --- the status page --------------------------------------------------------------------------------------------
    @cached_property
    def report(self) -> StatusReport:
        pages = self.site.content.pages
        # The status page of a translated language lists that language; the default language's lists every one.
        targets = None if self.lang == self.default_lang else (self.lang,)
        states = [s for s in tr.translation_report(pages, self.site.site, targets) if not s.draft]
        by_status = {status: [s for s in states if s.status == status] for status in tr.STATUSES}
        reviews = [s for s in rv.review_report(pages, self.today, self.DUE_SOON_DAYS) if not s.draft]
        return StatusReport(
            outdated=by_status[tr.OUTDATED], missing=by_status[tr.MISSING], awaiting=by_status[tr.AWAITING],
            overdue=[s for s in reviews if s.status == rv.OVERDUE],
            due_soon=[s for s in reviews if s.status == rv.DUE_SOON],
            counts={status: len(items) for status, items in by_status.items()}, today=self.today,
            within_days=self.DUE_SOON_DAYS)

    def published(self, lang: str, rel_path: str) -> bool:
        """Whether a page is built in ``lang`` (so a link to it works)."""
        page = self.site.page(lang, rel_path)
        return page is not None and not page.is_draft
