"""What every renderer shares: the document context (language, strings, date) and reproducible ZIP output."""
from __future__ import annotations

import io
import os
import time
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from kenniscentrum.site import page_url

#: ZIP cannot store dates before 1980.
_ZIP_EPOCH = 315532800


@dataclass(frozen=True)
class DocContext:
    """Everything a renderer needs besides the page: language, interface strings, the date, where the site lives."""

    lang: str
    strings: dict
    #: The one date written into the file (metadata and ZIP entries), in UTC.
    date: datetime
    #: The same date as readers see it, e.g. "23 november 2026".
    date_label: str = ""
    #: Absolute site URL (``https://…/``) for "online version" links; ``None`` leaves them out.
    site_url: str | None = None
    #: Vocabulary labels for this language, e.g. ``{"licences": {"CC-BY-4.0": "Creative Commons …"}}``.
    labels: dict = field(default_factory=dict)
    #: Language tag written into the document (spell checking, screen readers), e.g. "nl-BE"; the code when empty.
    document_locale: str = ""
    #: Path from the site root to this language's pages: "" for the default language, "en/" for English.
    lang_prefix: str = ""

    @property
    def locale(self) -> str:
        return self.document_locale or self.lang

    @property
    def epoch(self) -> int:
        return int(self.date.timestamp())

    @property
    def iso_date(self) -> str:
        return self.date.strftime("%Y-%m-%dT%H:%M:%SZ")

    def label(self, vocabulary: str, item_id) -> str:
        return str(self.labels.get(vocabulary, {}).get(str(item_id), item_id))

    def page_url(self, rel_path: str) -> str | None:
        if not self.site_url:
            return None
        return self.site_url.rstrip("/") + "/" + self.lang_prefix + page_url(rel_path)


def document_date(fallback: date | None = None, environ=None) -> datetime:
    """``SOURCE_DATE_EPOCH`` if set (reproducible builds), else ``fallback`` at midnight UTC, else 1980-01-01."""
    environ = os.environ if environ is None else environ
    raw = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw:
        try:
            return datetime.fromtimestamp(max(int(raw), _ZIP_EPOCH), tz=timezone.utc)
        except ValueError:
            raise ValueError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {raw!r}") from None
    if fallback is not None:
        return datetime(fallback.year, fallback.month, fallback.day, tzinfo=timezone.utc)
    return datetime.fromtimestamp(_ZIP_EPOCH, tz=timezone.utc)


def normalize_zip(data: bytes, when: datetime) -> bytes:
    """Rewrite a ZIP (DOCX, ODT, XLSX) so it depends only on its content: one fixed timestamp, fixed attributes,
    entry order and compression kept (ODF needs ``mimetype`` first and stored)."""
    stamp = time.gmtime(max(int(when.timestamp()), _ZIP_EPOCH))[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = info.compress_type
            entry.create_system = 3
            entry.external_attr = 0o100644 << 16
            target.writestr(entry, source.read(info.filename), compresslevel=6 if info.compress_type else None)
    return out.getvalue()


def meta_value(page, key, default=None):
    meta = page.meta
    return meta.get(key, default) if hasattr(meta, "get") else getattr(meta, key, default)


def sections(page, container: str, children: str) -> list[dict]:
    """The sections of a checklist (``checklist``/``items``) or worksheet (``worksheet``/``fields``) as plain dicts."""
    data = meta_value(page, container) or {}
    optional = {"items": ("why",), "fields": ("help",)}.get(children, ())
    result = []
    for section in data.get("sections", []) or []:
        result.append({
            "id": str(section.get("id", "")),
            "title": str(section.get("title", "")),
            children: [{**{key: None for key in optional}, **dict(child)} for child in (section.get(children) or [])],
        })
    return result


#: The columns of the DOCX and ODT tables per kind of download: the interface string of the heading, width in cm.
_TABLE_COLUMNS = {
    "checklist": (("col_check", 1.4), ("col_item", 6.6), ("col_why", 4.5), ("col_notes", 4.5)),
    "worksheet": (("col_field", 6.5), ("col_answer", 10.5)),
}


def table_columns(kind: str, strings: dict) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The headings (in the document's language) and widths in cm of a ``checklist`` or ``worksheet`` table."""
    columns = _TABLE_COLUMNS[kind]
    return tuple(strings[key] for key, _ in columns), tuple(width for _, width in columns)


def colophon_lines(page, ctx: DocContext) -> list[str]:
    """The small print closing a DOCX, ODT or XLSX download: publisher and version, online address, licence."""
    s = ctx.strings
    lines = [f"{s['doc_publisher']} · {s['doc_version']} {ctx.date_label}".strip()]
    url = ctx.page_url(page.rel_path)
    if url:
        lines.append(f"{s['doc_online']}: {url}")
    licence = meta_value(page, "licence")
    if licence:
        lines.append(f"{s['doc_licence']}: {ctx.label('licences', licence)}")
    return lines
