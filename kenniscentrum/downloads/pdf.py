"""PDF downloads with WeasyPrint: a checklist, and a whole manual with cover, contents and chapter bookmarks.

The markup is Jinja in ``overrides/kc/print/`` (``checklist.html``, ``manual.html``) with ``print.css``. Output is
PDF/UA-1 (tagged, document language and title set, title shown in the window bar), A4, with bookmarks from the
headings. Only local files are fetched (no network), and the only date inside the file is the context's date, so
the same input always gives the same bytes.
"""
from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import markdown
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from kenniscentrum.downloads.common import DocContext, meta_value, sections

#: The Markdown extensions of mkdocs.yml; the hook passes the live configuration, tests use this copy.
DEFAULT_MARKDOWN_EXTENSIONS: tuple = (
    "toc", "attr_list", "md_in_html", "admonition", "tables", "def_list", "abbr", "footnotes",
    "pymdownx.details", "pymdownx.superfences",
)

PDF_OPTIONS = {
    "pdf_variant": "pdf/ua-1",  # tagged PDF (implies pdf_tags), PDF 1.7, XMP metadata with title and language
    "pdf_identifier": True,  # /ID from a hash of the content: stable across builds
    "optimize_images": True,
}

@lru_cache(maxsize=8)
def _environment(template_dir: str) -> Environment:
    return Environment(
        loader=FileSystemLoader(template_dir),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _write_pdf(html: str, template_dir: Path, base_url: Path) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    from kenniscentrum.downloads.environment import pinned_subsetting

    fetcher = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=False)
    stylesheet = CSS(filename=str(template_dir / "print.css"), url_fetcher=fetcher)
    document = HTML(string=html, base_url=base_url.resolve().as_uri() + "/", url_fetcher=fetcher)
    with pinned_subsetting():  # fontTools everywhere: the bytes must not depend on libharfbuzz-subset0
        return document.write_pdf(stylesheets=[stylesheet], **PDF_OPTIONS)


def _doc(page, ctx: DocContext) -> dict:
    licence = meta_value(page, "licence")
    return {
        "title": str(meta_value(page, "title", "")),
        "summary": str(meta_value(page, "summary", "") or ""),
        "url": ctx.page_url(page.rel_path),
        "licence": ctx.label("licences", licence) if licence else None,
    }


def render_checklist_pdf(page, ctx: DocContext, template_dir: Path) -> bytes:
    template_dir = Path(template_dir)
    html = _environment(str(template_dir)).get_template("checklist.html").render(
        ctx=ctx, s=ctx.strings, doc=_doc(page, ctx), sections=sections(page, "checklist", "items"),
    )
    return _write_pdf(html, template_dir, template_dir)


# --- the manual --------------------------------------------------------------------------------------------------


class _PrintTreeprocessor(Treeprocessor):
    """Make one chapter's HTML fit in a document with all the others.

    * the body's own leading ``# Title`` goes (the template prints the chapter title);
    * every ``id`` and ``#fragment`` gets the chapter's prefix, so ``aan-de-slag`` in chapter 2 and 3 stay apart;
    * links to other chapters become links inside the PDF, links to other pages become absolute site URLs (or plain
      text without a site URL), images point at their file on disk.
    """

    def __init__(self, md, options: dict):
        super().__init__(md)
        self.options = options

    def run(self, root: etree.Element):
        o = self.options
        first = next(iter(root), None)
        if first is not None and first.tag == "h1":
            root.remove(first)
        prefix = o["prefix"]
        for element in root.iter():
            if "id" in element.attrib:
                element.set("id", f"{prefix}-{element.get('id')}")
            if element.tag == "a" and element.get("href") is not None:
                self._link(element, o)
            elif element.tag == "img" and element.get("src"):
                self._image(element, o)
        return None

    @staticmethod
    def _link(element, o):
        href = element.get("href")
        parts = urlsplit(href)
        if href.startswith("#"):
            element.set("href", f"#{o['prefix']}-{href[1:]}")
            return
        if parts.scheme or parts.netloc:
            return
        target = posixpath.normpath(posixpath.join(posixpath.dirname(o["rel_path"]), parts.path)) if parts.path \
            else o["rel_path"]
        if target in o["chapters"]:
            anchor = o["chapters"][target]
            element.set("href", f"#{anchor}-{parts.fragment}" if parts.fragment else f"#{anchor}")
            return
        url = o["page_url"](target) if target.endswith(".md") else None
        if url:
            element.set("href", url + (f"#{parts.fragment}" if parts.fragment else ""))
        else:
            del element.attrib["href"]

    @staticmethod
    def _image(element, o):
        src = element.get("src")
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or not o.get("source_dir"):
            return
        path = (Path(o["source_dir"]) / posixpath.dirname(o["rel_path"]) / parts.path).resolve()
        element.set("src", path.as_uri())


class _PrintExtension(Extension):
    def __init__(self, options: dict):
        super().__init__()
        self.options = options

    def extendMarkdown(self, md):
        # After toc (5) and attr_list (8) have set the ids.
        md.treeprocessors.register(_PrintTreeprocessor(md, self.options), "kc_print", 1)


def chapter_html(page, *, prefix: str, chapters: dict[str, str], ctx: DocContext, source_dir: Path | None,
                 extensions=DEFAULT_MARKDOWN_EXTENSIONS, extension_configs: dict | None = None) -> Markup:
    """One chapter body as HTML, rendered with the site's Markdown extensions (permalinks off)."""
    configs = {name: dict(value) for name, value in (extension_configs or {}).items()}
    toc = configs.setdefault("toc", {})
    toc["permalink"] = False
    toc.pop("permalink_title", None)
    options = {"prefix": prefix, "chapters": chapters, "rel_path": page.rel_path,
               "page_url": lambda rel: ctx.page_url(rel), "source_dir": source_dir}
    md = markdown.Markdown(extensions=[*extensions, _PrintExtension(options)], extension_configs=configs)
    return Markup(md.convert(page.body or ""))


def render_manual_pdf(index_page, chapters: list, ctx: DocContext, template_dir: Path, *,
                      source_dir: Path | None = None, extensions=DEFAULT_MARKDOWN_EXTENSIONS,
                      extension_configs: dict | None = None, title: str | None = None) -> bytes:
    """The whole manual: cover, contents with page numbers, one chapter (and one top-level bookmark) per page
    of type chapter, in ``order``. ``source_dir`` is ``content/<lang>/`` (for images)."""
    template_dir = Path(template_dir)
    anchors = {c.rel_path: f"ch-{i}" for i, c in enumerate(chapters, start=1)}
    parts = []
    for number, chapter in enumerate(chapters, start=1):
        anchor = anchors[chapter.rel_path]
        parts.append({
            "number": number,
            "anchor": anchor,
            "title": str(meta_value(chapter, "title", "")),
            "html": chapter_html(chapter, prefix=anchor, chapters=anchors, ctx=ctx, source_dir=source_dir,
                                 extensions=extensions, extension_configs=extension_configs),
        })
    cover = index_page or chapters[0]
    doc = _doc(cover, ctx)
    if title:
        doc["title"] = title
    if index_page is None:
        doc["summary"] = ""
    html = _environment(str(template_dir)).get_template("manual.html").render(
        ctx=ctx, s=ctx.strings, doc=doc, chapters=parts,
    )
    return _write_pdf(html, template_dir, Path(source_dir) if source_dir else template_dir)
