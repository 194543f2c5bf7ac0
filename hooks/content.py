"""MkDocs adapter for the content model: validate, generate, drop drafts, expose the model to templates.

Thin on purpose: the work happens in ``kenniscentrum.build``. State is reset at the start of every build because
mkdocs-static-i18n runs one build per language in the same process and ``mkdocs serve`` keeps this module loaded.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from kenniscentrum.build import DEFAULT_LANG, SiteModel, prepare
from kenniscentrum.navigation import order_children, order_entries, top_segment
from kenniscentrum.templating import PageContext, html_text, register_filters, src_uri_to_rel_path, theme_meta

log = logging.getLogger("mkdocs.hooks.kenniscentrum")

_model: SiteModel | None = None
_lang: str = "nl"


def current_model() -> SiteModel:
    """The model of the build in progress (other hooks, loaded as separate modules, ask ``prepare()`` for it)."""
    if _model is None:
        raise PluginError("kenniscentrum: the content model is not loaded yet (hooks/content.py must come first)")
    return _model


def on_pre_build(config, **kwargs):
    global _model, _lang
    _model, _lang = None, config.theme["language"]
    model = prepare(Path(config.config_file_path).parent)
    if model.issues:
        report = "\n".join(str(issue) for issue in sorted(model.issues))
        raise PluginError(f"{len(model.issues)} content problem(s):\n{report}")
    _model = model


@event_priority(-200)  # after mkdocs-static-i18n (-100) has narrowed the files to this language
def on_files(files, config, **kwargs):
    model = current_model()
    for page in model.drafts():
        if page.lang != _lang:
            continue
        file = files.get_file_from_path(f"{page.lang}/{page.rel_path}") or files.get_file_from_path(page.rel_path)
        if file is not None:
            files.remove(file)
            log.info("draft, not published: content/%s/%s", page.lang, page.rel_path)
    return files


def _first_page_path(item) -> str | None:
    if getattr(item, "file", None) is not None:
        return src_uri_to_rel_path(item.file.src_uri, _lang)
    for child in getattr(item, "children", None) or []:
        found = _first_page_path(child)
        if found:
            return found
    return None


@event_priority(-200)  # after static-i18n removed the language sections and sorted by title
def on_nav(nav, config, files, **kwargs):
    entries = [(top_segment(_first_page_path(item) or ""), item) for item in nav.items]
    nav.items = order_entries(entries)
    _order_sections(nav.items)
    return nav


def _order_sections(items) -> None:
    for item in items:
        children = getattr(item, "children", None)
        if children:
            item.children = order_children(children, _order_of, _is_index)
            _order_sections(item.children)


def _order_of(item):
    rel = _first_page_path(item) if getattr(item, "file", None) is not None else None
    page = current_model().page(_lang, rel) if rel else None
    return page.meta.get("order") if page is not None else None


def _is_index(item) -> bool:
    file = getattr(item, "file", None)
    return file is not None and file.name == "index"


@event_priority(100)  # before any other hook reads page.meta, page.title or the Markdown
def on_page_markdown(markdown, page, config, files, **kwargs):
    """One truth: the theme sees the validated model, and MkDocs renders the body that was validated.

    MkDocs has parsed the front matter a second time with plain YAML (``page.meta``) and split the body by its own
    rules; both are replaced here by what ``kenniscentrum.content`` validated (docs/architecture.md, "Security").
    Our `status` (draft/published) is left out: it means something else to Material (a status icon).
    """
    model_page = current_model().page(_lang, src_uri_to_rel_path(page.file.src_uri, _lang))
    if model_page is None:
        raise PluginError(f"kenniscentrum: content/{page.file.src_uri} was not validated; it cannot be rendered")
    page.meta = theme_meta(model_page)
    page.title = page.meta.get("title") or html_text(page.title)
    return model_page.body


def on_env(env, config, files, **kwargs):
    register_filters(env)
    return env


def on_template_context(context, template_name, config, **kwargs):
    # Pages without a source file (404.html, sitemap) get the same ``kc`` object, with no page.
    if _model is not None:
        context["kc"] = PageContext(site=_model, lang=_lang, page=None, rel_path="")
    return context


def on_page_context(context, page, config, nav, **kwargs):
    context["kc"] = PageContext.for_page(current_model(), _lang, page.file.src_uri)
    return context


_default_404: bytes | None = None


def on_post_build(config, **kwargs):
    """Give each language its own 404 page.

    Every language build renders ``404.html`` at the site root, so the last one (English) would replace the Dutch
    page. The default-language build runs first and keeps its bytes; the nested build of another language moves its
    own page to ``<lang>/404.html`` and puts the Dutch one back.
    """
    global _default_404
    page_404 = Path(config.site_dir) / "404.html"
    if not page_404.exists():
        return
    if _lang == DEFAULT_LANG:
        _default_404 = page_404.read_bytes()
    elif _default_404 is not None:
        target = Path(config.site_dir) / _lang / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        page_404.replace(target)
        page_404.write_bytes(_default_404)
