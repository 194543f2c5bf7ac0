"""The registry of download formats and renderers: the one list from which the formats per kind of download, their
media types and the libraries in the cache key are derived (``kenniscentrum.downloads``, ``.cache``), and through
which ``.produce`` renders a file.

Adding a format: a :class:`DownloadFormat` in :data:`FORMATS` (media type, the libraries that shape its bytes), a
renderer module in this folder, a :class:`Renderer` per kind of download it serves in :data:`RENDERERS`, and its label
and hint in ``data/ui/downloads.yml`` (``formats:``, ``format_hints:``). Renderer modules are imported when a file is
rendered, not when this registry is read (the planner and the templates need no PDF or Office library).
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class DownloadFormat:
    name: str  # the file extension: pdf, docx, …
    media_type: str
    #: Distributions whose versions shape the bytes (part of the cache key: kenniscentrum/downloads/environment.py).
    libraries: tuple[str, ...]


@dataclass(frozen=True)
class Renderer:
    """Renders one kind of download (``checklist``, ``worksheet``, ``scan``, ``manual``) in one format."""

    kind: str
    format: str
    #: (spec, sources, ctx, settings) -> bytes; ``sources`` are the pages the file is made from, source page first.
    render: Callable[..., bytes]


FORMATS: tuple[DownloadFormat, ...] = (
    DownloadFormat("pdf", "application/pdf", (
        "weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5", "pyphen", "pillow", "brotli",
        "zopfli", "cffi", "Markdown", "pymdown-extensions", "Jinja2", "MarkupSafe")),
    DownloadFormat("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                   ("python-docx", "lxml")),
    DownloadFormat("odt", "application/vnd.oasis.opendocument.text", ("odfpy", "defusedxml")),
    DownloadFormat("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   ("openpyxl", "et-xmlfile")),
)


# --- the renderers (lazy imports: see the module docstring) ---------------------------------------------------------
def _from_source(module: str, function: str) -> Callable[..., bytes]:
    """A renderer that makes the file from its source page alone: ``kenniscentrum.downloads.<module>.<function>``
    called with (source page, context), imported on first use."""

    def render(spec, sources, ctx, settings) -> bytes:
        return getattr(import_module(f"kenniscentrum.downloads.{module}"), function)(sources[0], ctx)

    render.__name__ = function
    return render


def _checklist_pdf(spec, sources, ctx, settings) -> bytes:
    from kenniscentrum.downloads.pdf import render_checklist_pdf

    return render_checklist_pdf(sources[0], ctx, settings.template_dir)


def _manual_pdf(spec, sources, ctx, settings) -> bytes:
    from kenniscentrum.downloads.pdf import render_manual_pdf

    page, chapters = sources[0], sources[1:]
    index = page if page.rel_path not in spec.parts else None
    if index is None:
        chapters = sources
    source_dir = Path(settings.content_dir) / spec.lang if settings.content_dir else None
    return render_manual_pdf(index, chapters, ctx, settings.template_dir, source_dir=source_dir,
                             extensions=settings.markdown_extensions, extension_configs=settings.extension_configs)


def _scan_pdf(spec, sources, ctx, settings) -> bytes:
    from kenniscentrum.downloads.scan import render_scan_pdf

    return render_scan_pdf(sources[0], ctx, settings.template_dir)


#: Every (kind, format) the portal offers; per kind in the order the formats are offered.
RENDERERS: tuple[Renderer, ...] = (
    Renderer("checklist", "pdf", _checklist_pdf),
    Renderer("checklist", "docx", _from_source("docx", "render_checklist_docx")),
    Renderer("checklist", "odt", _from_source("odt", "render_checklist_odt")),
    Renderer("checklist", "xlsx", _from_source("xlsx", "render_checklist_xlsx")),
    Renderer("worksheet", "docx", _from_source("docx", "render_worksheet_docx")),
    Renderer("worksheet", "odt", _from_source("odt", "render_worksheet_odt")),
    Renderer("scan", "pdf", _scan_pdf),  # the questionnaire
    Renderer("scan", "docx", _from_source("scan", "render_scan_docx")),
    Renderer("scan", "xlsx", _from_source("scan", "render_scan_xlsx")),  # computes the theme scores
    Renderer("manual", "pdf", _manual_pdf),
)


# --- derived --------------------------------------------------------------------------------------------------------
def media_types() -> dict[str, str]:
    return {f.name: f.media_type for f in FORMATS}


def formats_per_kind() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for renderer in RENDERERS:
        out[renderer.kind] = out.get(renderer.kind, ()) + (renderer.format,)
    return out


def libraries() -> tuple[str, ...]:
    """Every library that shapes a download's bytes, each once, in registry order."""
    return tuple(dict.fromkeys(lib for f in FORMATS for lib in f.libraries))


def renderer_for(kind: str, format: str) -> Renderer:
    for renderer in RENDERERS:
        if renderer.kind == kind and renderer.format == format:
            return renderer
    raise LookupError(f"no renderer for {kind} as {format}: add one to RENDERERS in kenniscentrum/downloads/renderers.py")


def check_registry() -> None:
    """Every renderer's format is a registered format (a typo fails at import, not at the first build)."""
    known = {f.name for f in FORMATS}
    for renderer in RENDERERS:
        if renderer.format not in known:
            raise ValueError(f"renderer {renderer.kind}/{renderer.format}: unknown format; add it to FORMATS")


check_registry()
