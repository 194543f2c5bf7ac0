"""MkDocs adapter for the content model: the build's state, validation, generation, drafts, the model for templates.

Thin on purpose: the work happens in ``kenniscentrum.build``. Called first by ``hooks/portal.py`` (the entry point, which fixes the
event order): its ``on_config`` creates
the build's :class:`~kenniscentrum.portal.BuildState` (with the :class:`~kenniscentrum.site.Site`, built once from
the MkDocs config) that every other hook reads with ``state_of(config)``; its ``on_pre_build`` starts each language
build and loads the model once per build. No module-level state: mkdocs-static-i18n runs one build per language in
the same process and ``mkdocs serve`` keeps this module loaded.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from kenniscentrum.navigation import trim_large_section, order_children, order_entries, top_segment
from kenniscentrum.portal import start, state_of
from kenniscentrum.review import build_today
from kenniscentrum.site import SiteConfigError, site_from_mkdocs
from kenniscentrum.templating import PageContext, html_text, theme_meta
from kenniscentrum.validation.rendered import keep_verdicts, verdicts_dir

log = logging.getLogger("mkdocs.hooks.kenniscentrum")


def _site(config):
    try:
        return site_from_mkdocs(config)
    except SiteConfigError as exc:
        raise PluginError(f"mkdocs.yml: {exc}") from None


def on_config(config, **kwargs):
    start(config, _site)
    # the content boundary's findings are kept next to the compiled templates, for the next build process
    keep_verdicts(verdicts_dir(Path(config.config_file_path).parent))
    return config


def on_pre_build(config, **kwargs):
    state = state_of(config)
    state.begin_language(config.theme["language"])
    if state.today is None:
        state.today = build_today()
    model = state.model  # loaded once per build; the nested language builds reuse it
    if model.issues:
        report = "\n".join(str(issue) for issue in sorted(model.issues))
        raise PluginError(f"{len(model.issues)} content problem(s):\n{report}")


def on_files(files, config, **kwargs):
    state = state_of(config)
    lang = state.lang
    for page in state.model.drafts():
        if page.lang != lang:
            continue
        file = files.get_file_from_path(f"{page.lang}/{page.rel_path}") or files.get_file_from_path(page.rel_path)
        if file is not None:
            files.remove(file)
            log.info("draft, not published: content/%s/%s", page.lang, page.rel_path)
    return files


def _first_page_path(item, state) -> str | None:
    if getattr(item, "file", None) is not None:
        return state.site.rel_path(item.file.src_uri, state.lang)
    for child in getattr(item, "children", None) or []:
        found = _first_page_path(child, state)
        if found:
            return found
    return None


def on_nav(nav, config, files, **kwargs):
    state = state_of(config)
    entries = [(top_segment(_first_page_path(item, state) or ""), item) for item in nav.items]
    nav.items = order_entries(entries)
    _order_sections(nav.items, state)
    return nav


def _order_sections(items, state) -> None:
    for item in items:
        children = getattr(item, "children", None)
        if children:
            item.children = order_children(children, lambda child: _order_of(child, state), _is_index)
            item.children = trim_large_section(item.children, _is_index, state.site.settings.sidebar_section_limit)
            _order_sections(item.children, state)


def _order_of(item, state):
    rel = _first_page_path(item, state) if getattr(item, "file", None) is not None else None
    page = state.model.page(state.lang, rel) if rel else None
    return page.meta.get("order") if page is not None else None


def _is_index(item) -> bool:
    file = getattr(item, "file", None)
    return file is not None and file.name == "index"


def on_page_markdown(markdown, page, config, files, **kwargs):
    """One truth: the theme sees the validated model, and MkDocs renders the body that was validated.

    MkDocs has parsed the front matter a second time with plain YAML (``page.meta``) and split the body by its own
    rules; both are replaced here by what ``kenniscentrum.content`` validated (docs/architecture.md, "Security").
    Our `status` (draft/published) is left out: it means something else to Material (a status icon).
    """
    state = state_of(config)
    model_page = state.model.page(state.lang, state.site.rel_path(page.file.src_uri, state.lang))
    if model_page is None:
        raise PluginError(f"kenniscentrum: content/{page.file.src_uri} was not validated; it cannot be rendered")
    page.meta = theme_meta(model_page)
    page.title = page.meta.get("title") or html_text(page.title)
    return model_page.body


def on_template_context(context, template_name, config, **kwargs):
    # Pages without a source file (404.html, sitemap) get the same ``kc`` object, with no page.
    state = state_of(config)
    if state.loaded:
        context["kc"] = PageContext(site=state.model, lang=state.lang, page=None, rel_path="")
    return context


def on_page_context(context, page, config, nav, **kwargs):
    state = state_of(config)
    context["kc"] = PageContext.for_page(state.model, state.lang, page.file.src_uri)
    return context


def on_post_build(config, **kwargs):
    """Give each language its own 404 page.

    Every language build renders ``404.html`` at the site root. The default-language build keeps its bytes there;
    the build of another language moves its own page to ``<lang>/404.html`` and, when it runs after the default
    language in the same site directory, puts the default language's page back. (A language built in a process of
    its own, hooks/parallel.py, builds into a scratch directory of its own: it only moves its page.)
    """
    state = state_of(config)
    page_404 = Path(config.site_dir) / "404.html"
    if not page_404.exists():
        return
    if state.lang == state.site.default_lang:
        state.default_404 = page_404.read_bytes()
        return
    target = Path(config.site_dir) / state.site.prefix(state.lang) / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    page_404.replace(target)
    if state.default_404 is not None:
        page_404.write_bytes(state.default_404)
