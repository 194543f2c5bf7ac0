"""Downloads generated at build time from the same data as the web pages.

Pure logic, no MkDocs: :func:`plan_downloads` decides *which* files a language gets (one :class:`DownloadSpec` per
file), the renderers (:mod:`.pdf`, :mod:`.docx`, :mod:`.odt`, :mod:`.xlsx`) turn a page's validated front matter
into bytes, :mod:`.cache` keeps the results under ``.cache/downloads/<lang>/`` keyed by a content hash, and
:mod:`.produce` ties the three together for ``hooks/downloads.py``.

What gets a download:

* an instrument of kind ``checklist``: PDF, DOCX, ODT and XLSX;
* an instrument of kind ``working-instrument``: DOCX and ODT (a template to fill in);
* an instrument of kind ``scan``: PDF and DOCX (the questionnaire) and XLSX (computes the theme scores);
* every manual (chapters with ``manual``/``order``): one PDF with the chapters in order.

Filenames are in the reader's language: Dutch files take the (Dutch) slug of the source path, English files a slug
of the English title. English placeholders (``awaiting_translation``) and drafts get no downloads.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Iterable

#: Bump when the output of any renderer changes in a way the inputs do not show (the cache key includes it, and the
#: renderers' own source code).
GENERATOR_VERSION = "1"

#: Content paths are Dutch slugs, so Dutch filenames come from the path; other languages slugify the title.
PATH_LANG = "nl"
DEFAULT_LANG = "nl"

#: Language tags written into the documents (spell checking and screen readers use them).
LOCALES = {"nl": "nl-BE", "en": "en-GB"}

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

#: Formats per kind of download, in the order they are offered.
FORMATS = {
    "checklist": ("pdf", "docx", "odt", "xlsx"),
    "worksheet": ("docx", "odt"),
    "manual": ("pdf",),
    "scan": ("pdf", "docx", "xlsx"),
}

DOWNLOADS_DIR = "downloads"


@dataclass(frozen=True)
class DownloadSpec:
    """One file to generate: what from, in which format, and where it is published."""

    lang: str
    kind: str  # checklist | worksheet | scan | manual
    source: str  # rel_path of the page the file is made from (a manual: its index page, or its first chapter)
    format: str  # pdf | docx | odt | xlsx
    filename: str  # in the reader's language, e.g. checklist-interne-communicatie.pdf
    url: str  # from the site root, no leading slash: downloads/x.pdf or en/downloads/x.pdf
    media_type: str
    title: str
    #: rel_paths of the pages that link this file (the source page; for a manual also every chapter).
    linked_from: tuple[str, ...] = ()
    #: For a manual: the rel_paths of its chapters in order.
    parts: tuple[str, ...] = field(default=())
    manual: str | None = None

    @property
    def stem(self) -> str:
        return self.filename.rsplit(".", 1)[0]


def slugify(text: str, max_length: int = 80) -> str:
    """ASCII, lowercase, hyphen-separated; cut at a hyphen so no word is chopped in half."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug or "download"


def _meta(page, key, default=None):
    meta = page.meta
    return meta.get(key, default) if hasattr(meta, "get") else getattr(meta, key, default)


def _published(page) -> bool:
    return not page.is_draft and not _meta(page, "awaiting_translation", False)


def _base_name(page, lang: str) -> str:
    if lang == PATH_LANG:
        path = PurePosixPath(page.rel_path)
        name = path.parent.name if path.stem == "index" and path.parent.name else path.stem
        return slugify(name)
    return slugify(str(_meta(page, "title", "") or PurePosixPath(page.rel_path).stem))


def url_prefix(lang: str) -> str:
    """Where a language's files live, from the site root."""
    return f"{DOWNLOADS_DIR}/" if lang == DEFAULT_LANG else f"{lang}/{DOWNLOADS_DIR}/"


def _manual_groups(pages: list) -> dict[str, list]:
    groups: dict[str, list] = {}
    for page in pages:
        if page.type == "chapter" and _meta(page, "manual"):
            groups.setdefault(str(_meta(page, "manual")), []).append(page)
    for chapters in groups.values():
        chapters.sort(key=lambda p: (int(_meta(p, "order", 0) or 0), p.rel_path))
    return groups


def manual_index(chapters: list, pages: list):
    """The manual's landing page: ``index.md`` in the folder of its chapters, if there is one."""
    folder = PurePosixPath(chapters[0].rel_path).parent
    wanted = str(folder / "index.md") if str(folder) != "." else "index.md"
    return next((p for p in pages if p.rel_path == wanted), None)


def plan_downloads(model_pages: Iterable, lang: str) -> list[DownloadSpec]:
    """Every download of one language, in a stable order (checklists, worksheets, scans, manuals; then by path).

    ``model_pages`` are the pages of that language (objects with ``lang``, ``rel_path``, ``meta``, ``type``,
    ``is_draft``); pages of other languages, drafts and English placeholders are skipped.
    """
    pages = sorted((p for p in model_pages if p.lang == lang), key=lambda p: p.rel_path)
    published = [p for p in pages if _published(p)]
    wanted: list[tuple[str, object, tuple, tuple, str | None, str, str]] = []
    for page in published:
        if page.type != "instrument":
            continue
        kind = _meta(page, "kind")
        if kind == "checklist" and _meta(page, "checklist"):
            wanted.append(("checklist", page, (page.rel_path,), (), None, _base_name(page, lang),
                           str(_meta(page, "title", ""))))
        elif kind == "working-instrument" and _meta(page, "worksheet"):
            wanted.append(("worksheet", page, (page.rel_path,), (), None, _base_name(page, lang),
                           str(_meta(page, "title", ""))))
        elif kind == "scan" and _meta(page, "scan"):
            wanted.append(("scan", page, (page.rel_path,), (), None, _base_name(page, lang),
                           str(_meta(page, "title", ""))))
    for manual_id, chapters in sorted(_manual_groups(published).items()):
        index = manual_index(chapters, published)
        source = index or chapters[0]
        base = _base_name(index, lang) if index else slugify(manual_id)
        title = str(_meta(index, "title", "")) if index else manual_id
        linked = tuple(([index.rel_path] if index else []) + [c.rel_path for c in chapters])
        wanted.append(("manual", source, linked, tuple(c.rel_path for c in chapters), manual_id, base, title))

    order = {"checklist": 0, "worksheet": 1, "scan": 2, "manual": 3}
    wanted.sort(key=lambda w: (order[w[0]], w[1].rel_path))
    specs: list[DownloadSpec] = []
    taken: set[str] = set()
    prefix = url_prefix(lang)
    for kind, page, linked, parts, manual_id, base, title in wanted:
        name = base
        counter = 2
        while any(f"{name}.{fmt}" in taken for fmt in FORMATS[kind]):
            name = f"{base}-{counter}"
            counter += 1
        for fmt in FORMATS[kind]:
            filename = f"{name}.{fmt}"
            taken.add(filename)
            specs.append(DownloadSpec(
                lang=lang, kind=kind, source=page.rel_path, format=fmt, filename=filename,
                url=prefix + filename, media_type=MEDIA_TYPES[fmt], title=title, linked_from=linked,
                parts=parts, manual=manual_id,
            ))
    return specs
