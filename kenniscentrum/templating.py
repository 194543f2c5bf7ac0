"""What templates see: a ``kc`` object per page, and a few Jinja filters. No markup here: that is in overrides/."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kenniscentrum.build import DEFAULT_LANG, SiteModel
from kenniscentrum.content import Page
from kenniscentrum.model.dates import Month

MONTHS = {
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}


def format_date(value: date | Month | None, lang: str) -> str:
    """"1 februari 2018"; a :class:`Month` (day unknown) as "februari 2018"."""
    if value is None:
        return ""
    if isinstance(value, Month):
        return f"{MONTHS[lang][value.month - 1]} {value.year}"
    return f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"


def format_minutes(minutes: int | None, lang: str) -> str:
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    unit_h, unit_m = ("u", "min") if lang == "nl" else ("h", "min")
    if hours and rest:
        return f"{hours} {unit_h} {rest} {unit_m}"
    return f"{hours} {unit_h}" if hours else f"{rest} {unit_m}"


def src_uri_to_rel_path(src_uri: str, lang: str) -> str:
    """mkdocs-static-i18n keeps the language folder in ``src_uri`` (``en/x.md``); the model keys pages without it."""
    prefix = f"{lang}/"
    return src_uri[len(prefix):] if src_uri.startswith(prefix) else src_uri


@dataclass
class PageContext:
    """The ``kc`` variable in templates."""

    site: SiteModel
    lang: str
    page: Page | None
    rel_path: str

    @classmethod
    def for_page(cls, site: SiteModel, lang: str, src_uri: str) -> "PageContext":
        rel_path = src_uri_to_rel_path(src_uri, lang)
        return cls(site=site, lang=lang, page=site.page(lang, rel_path), rel_path=rel_path)

    @property
    def vocab(self):
        return self.site.content.vocab[self.lang]

    @property
    def ui(self) -> dict:
        return self.site.ui[self.lang]

    @property
    def meta(self) -> dict:
        return self.page.meta if self.page else {}

    @property
    def lang_prefix(self) -> str:
        """URL prefix of this language's pages: "" for Dutch (at /), "en/" for English."""
        return "" if self.lang == DEFAULT_LANG else f"{self.lang}/"

    @property
    def other_lang(self) -> str:
        return "en" if self.lang == DEFAULT_LANG else DEFAULT_LANG

    def label(self, vocabulary: str, item_id) -> str:
        return self.vocab.label(vocabulary, item_id)

    def date(self, value) -> str:
        return format_date(value, self.lang)

    def minutes(self, value) -> str:
        return format_minutes(value, self.lang)


def register_filters(env) -> None:
    env.filters.setdefault("kc_date", format_date)
    env.filters.setdefault("kc_minutes", format_minutes)
