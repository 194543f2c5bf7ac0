"""MkDocs adapter for the editor workflow: ``kc_editor`` in every page's template context, English placeholders
rendered from their template, and git "last updated" dates. The logic is in ``kenniscentrum.editor``,
``kenniscentrum.translations``, ``kenniscentrum.review`` and ``kenniscentrum.gitdates``.

Comes after ``hooks/content.py`` in mkdocs.yml (that hook validates and raises first). State is reset in
``on_pre_build``: mkdocs-static-i18n runs one build per language in this process and ``mkdocs serve`` keeps it loaded.
"""
from __future__ import annotations

import logging
from pathlib import Path

from kenniscentrum import gitdates
from kenniscentrum.build import prepare
from kenniscentrum.editor import AWAITING_TEMPLATE, EditorContext, is_awaiting, page_updated_on
from kenniscentrum.review import build_today
from kenniscentrum.templating import src_uri_to_rel_path

log = logging.getLogger("mkdocs.hooks.editor")

_state: dict = {}


def on_pre_build(config, **kwargs):
    _state.clear()
    root = Path(config.config_file_path).parent
    _state.update(root=root, lang=config.theme["language"], model=prepare(root), today=build_today())


def _git() -> gitdates.GitDates:
    if "git" not in _state:
        dates = gitdates.load(_state["root"])
        if dates.note:
            log.info("last-updated dates: %s", dates.note)
        _state["git"] = dates
    return _state["git"]


def _model_page(page):
    model, lang = _state.get("model"), _state.get("lang")
    if model is None:
        return None
    return model.page(lang, src_uri_to_rel_path(page.file.src_uri, lang))


def on_page_markdown(markdown, page, config, files, **kwargs):
    # An English placeholder: its body is never rendered (it may hold the Dutch text being translated); the
    # template says in English that the page is available in Dutch (docs/decisions/0004-missing-translations.md).
    if is_awaiting(_model_page(page)):
        page.meta["template"] = AWAITING_TEMPLATE
        return ""
    return markdown


def on_template_context(context, template_name, config, **kwargs):
    # sitemap.xml: each page's last-updated date, as the page itself shows it ("Laatst bijgewerkt").
    if template_name == "sitemap.xml" and "model" in _state:
        git = _git()
        context["kc_updated_on"] = lambda page: page_updated_on(page, git)[0]
    return context


def on_page_context(context, page, config, nav, **kwargs):
    if "model" in _state:
        context["kc_editor"] = EditorContext(_state["model"], _state["lang"], _model_page(page), _git(),
                                             _state["today"])
    return context
