"""Plan, render (only what changed) and cache every download of one language. Called by ``hooks/downloads.py``;
pure Python, so tests call it on small in-memory pages."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterable

from kenniscentrum.downloads import DownloadSpec, plan_downloads
from kenniscentrum.downloads.cache import DownloadCache, cache_key, files_fingerprint
from kenniscentrum.downloads.common import DocContext, document_date, meta_value
from kenniscentrum.downloads.environment import pdf_environment
from kenniscentrum.downloads.pdf import DEFAULT_MARKDOWN_EXTENSIONS
from kenniscentrum.downloads.renderers import renderer_for


@dataclass(frozen=True)
class DownloadFile:
    """A generated file in the cache, ready to publish."""

    spec: DownloadSpec
    path: Path
    size: int
    date: datetime
    generated: bool  # False: taken from the cache
    seconds: float = 0.0


@dataclass
class Settings:
    """What the renderers need beyond the pages; the hook fills it from the MkDocs configuration."""

    cache_dir: Path
    template_dir: Path  # overrides/kc/print
    content_dir: Path | None = None  # content/ (images in manual chapters)
    site_url: str | None = None
    markdown_extensions: tuple = DEFAULT_MARKDOWN_EXTENSIONS
    extension_configs: dict = field(default_factory=dict)
    format_date: Callable[[date, str], str] | None = None
    environ: dict | None = None
    site: object | None = None  # the kenniscentrum.site.Site (languages, URL prefixes, document locales)


def _source_data(page) -> dict:
    meta = page.meta
    meta = dict(meta) if hasattr(meta, "items") else dict(vars(meta))
    return {"rel_path": page.rel_path, "lang": page.lang, "meta": meta, "body": page.body or ""}


def _latest_review(pages: list) -> date | None:
    dates = [meta_value(p, "last_reviewed") for p in pages]
    dates = [d for d in dates if isinstance(d, date)]
    return max(dates) if dates else None


def _render(spec: DownloadSpec, sources: list, ctx: DocContext, settings: Settings) -> bytes:
    return renderer_for(spec.kind, spec.format).render(spec, sources, ctx, settings)


def produce_downloads(pages: Iterable, lang: str, strings: dict, settings: Settings, *,
                      labels: dict | None = None) -> list[DownloadFile]:
    """Every download of ``lang``: from the cache when its key is unchanged, rendered otherwise. Files the plan no
    longer asks for are removed from the cache."""
    if settings.site is None:
        from kenniscentrum.site import bare_site

        settings.site = bare_site()
    site = settings.site
    pages = [p for p in pages if p.lang == lang]
    by_path = {p.rel_path: p for p in pages}
    specs = plan_downloads(pages, lang, site)
    cache = DownloadCache(settings.cache_dir, lang)
    template_hash = files_fingerprint(settings.template_dir)
    # PDFs also depend on the machine: HarfBuzz, Pango, FreeType and fontconfig versions and the font files (read
    # only when a PDF is planned).
    pdf_inputs = None
    # The interface strings and labels are the same for every file of the language: hash them once, not once per
    # file (encoding them for each of 500 keys was 0.3 s of every `make serve` rebuild at 500 pages per language).
    shared_inputs = cache_key(strings, labels or {})
    results: list[DownloadFile] = []
    for spec in specs:
        if spec.format == "pdf" and pdf_inputs is None:
            pdf_inputs = cache_key(pdf_environment(str(Path(settings.template_dir) / "print.css")))
        wanted = [spec.source] + [p for p in spec.parts if p != spec.source]
        sources = [by_path[p] for p in wanted]
        when = document_date(_latest_review(sources), settings.environ)
        label = settings.format_date(when.date(), lang) if settings.format_date else when.date().isoformat()
        ctx = DocContext(lang=lang, strings=strings, date=when, date_label=label, site_url=settings.site_url,
                         labels=labels or {}, document_locale=site.document_locale(lang),
                         lang_prefix=site.prefix(lang))
        key = cache_key(
            {"kind": spec.kind, "format": spec.format, "lang": lang, "filename": spec.filename},
            [_source_data(p) for p in sources],
            shared_inputs, ctx.iso_date, label, settings.site_url,
            [template_hash, pdf_inputs] if spec.format == "pdf" else None,
            [list(map(str, settings.markdown_extensions)), settings.extension_configs] if spec.kind == "manual"
            else None,
        )
        started = time.perf_counter()
        path = cache.get(spec.filename, key)
        generated = path is None
        if generated:
            path = cache.put(spec.filename, key, _render(spec, sources, ctx, settings))
        results.append(DownloadFile(spec=spec, path=path, size=path.stat().st_size, date=when, generated=generated,
                                    seconds=time.perf_counter() - started))
    cache.prune({spec.filename for spec in specs})
    return results
