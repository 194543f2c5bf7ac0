"""What templates see: a ``kc`` object per page, and a few Jinja filters. No markup here: that is in overrides/."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from kenniscentrum.build import DEFAULT_LANG, SiteModel
from kenniscentrum.content import Page
from kenniscentrum.model.dates import Month
from kenniscentrum.model.scan import SCALE as SCAN_SCALE

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

    @property
    def scan_scale(self) -> tuple:
        """The scan's answer scale, ((answer id, score or None), ...): defined once in the model."""
        return SCAN_SCALE


def register_filters(env) -> None:
    env.filters.setdefault("kc_date", format_date)
    env.filters.setdefault("kc_minutes", format_minutes)
