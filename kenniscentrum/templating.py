"""What templates see: a ``kc`` object per page. No markup here: that is in overrides/.

Nothing here knows which languages exist: month names and duration units are interface strings
(``data/ui/core.yml``: ``months``, ``duration``), URL prefixes come from the :class:`~kenniscentrum.site.Site`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from kenniscentrum.build import SiteModel
from kenniscentrum.content import Page
from kenniscentrum.model.dates import Month
from kenniscentrum.model.scan import SCALE as SCAN_SCALE


def format_date(value: date | Month | None, months: list[str]) -> str:
    """``2018-02-01`` with the language's month names -> "1 februari 2018"; a :class:`Month` (day unknown) as
    "februari 2018"."""
    if value is None:
        return ""
    if isinstance(value, Month):
        return f"{months[value.month - 1]} {value.year}"
    return f"{value.day} {months[value.month - 1]} {value.year}"


def format_minutes(minutes: int | None, units: dict) -> str:
    """90 minutes with ``units = {hours: u, minutes: min}`` -> "1 u 30 min"."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    unit_h, unit_m = units["hours"], units["minutes"]
    if hours and rest:
        return f"{hours} {unit_h} {rest} {unit_m}"
    return f"{hours} {unit_h}" if hours else f"{rest} {unit_m}"


def date_formatter(model: SiteModel):
    """``format(value, lang)`` for code that formats dates outside templates (the downloads)."""
    return lambda value, lang: format_date(value, model.ui[lang]["core"]["months"])


#: The keys of the validated front matter that MkDocs and Material act on (``template`` picks the page template,
#: ``hide`` hides navigation, toc or footer). Everything else the templates read through ``kc.page.meta``.
THEME_META_KEYS = ("template", "hide")


def theme_meta(page: Page | None) -> dict:
    """What MkDocs' ``page.meta`` holds for a page: a projection of the *validated* front matter, never MkDocs' own
    second YAML parse (which would let YAML 1.1 coercions, unknown keys and unvalidated text reach the theme).

    The title is the validated plain text, escaped once as :class:`~markupsafe.Markup`: MkDocs' Jinja environment does
    not autoescape, so Material's ``{{ page.title }}`` (the <h1>, the header topic, the nav) prints it safely, and
    ``| e`` in our own templates leaves it as it is.
    """
    if page is None:
        return {}
    meta = {key: page.meta[key] for key in THEME_META_KEYS if key in page.meta}
    if "title" in page.meta:
        meta["title"] = html_text(page.meta["title"])
    return meta


def html_text(text) -> Markup:
    """Plain text, escaped for HTML text and attribute values (``&``, ``<``, ``>``, quotes)."""
    return escape(str(text))


@dataclass
class PageContext:
    """The ``kc`` variable in templates."""

    site: SiteModel
    lang: str
    page: Page | None
    rel_path: str

    @classmethod
    def for_page(cls, site: SiteModel, lang: str, src_uri: str) -> "PageContext":
        rel_path = site.site.rel_path(src_uri, lang)
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
        """URL prefix of this language's pages: "" for the default language (at /), "en/" for English."""
        return self.site.site.prefix(self.lang)

    @property
    def translation_lang(self) -> str:
        """The language of a glossary term's ``translation``: the default language on translated pages, the first
        translated language on default-language pages."""
        site = self.site.site
        if self.lang != site.default_lang or not site.translated_langs:
            return site.default_lang
        return site.translated_langs[0]

    def label(self, vocabulary: str, item_id) -> str:
        return self.vocab.label(vocabulary, item_id)

    def date(self, value) -> str:
        return format_date(value, self.ui["core"]["months"])

    def minutes(self, value) -> str:
        return format_minutes(value, self.ui["core"]["duration"])

    @property
    def scan_scale(self) -> tuple:
        """The scan's answer scale, ((answer id, score or None), ...): defined once in the model."""
        return SCAN_SCALE
