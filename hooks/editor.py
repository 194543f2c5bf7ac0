"""MkDocs adapter for the editor workflow: ``kc_editor`` in every page's template context, placeholders for pages
awaiting translation rendered from their template, and git "last updated" dates. The logic is in
``kenniscentrum.editor``, ``kenniscentrum.translations``, ``kenniscentrum.review`` and ``kenniscentrum.gitdates``.

Called by ``hooks/portal.py`` after ``hooks/content.py`` (which creates the build state, validates and raises first). No
module-level state: the model, the language and the git dates are on the build's state (``state_of(config)``).
"""
from __future__ import annotations

import logging

from kenniscentrum import gitdates
from kenniscentrum.editor import AWAITING_TEMPLATE, EditorContext, is_awaiting, page_updated_on
from kenniscentrum.portal import state_of

log = logging.getLogger("mkdocs.hooks.editor")


def _git(state) -> gitdates.GitDates:
    if state.git is None:
        dates = gitdates.load(state.site.root)
        if dates.note:
            log.info("last-updated dates: %s", dates.note)
        state.git = dates
    return state.git


def _model_page(state, page):
    return state.model.page(state.lang, state.site.rel_path(page.file.src_uri, state.lang))


def on_page_markdown(markdown, page, config, files, **kwargs):
    # A placeholder: its body is never rendered (it may hold the Dutch text being translated); the template says in
    # the reader's language that the page is available in Dutch (docs/decisions/0004-missing-translations.md).
    state = state_of(config)
    if is_awaiting(_model_page(state, page), state.site):
        page.meta["template"] = AWAITING_TEMPLATE
        return ""
    return markdown


def on_template_context(context, template_name, config, **kwargs):
    # sitemap.xml: each page's last-updated date, as the page itself shows it ("Laatst bijgewerkt").
    state = state_of(config)
    if template_name == "sitemap.xml" and state.loaded:
        git = _git(state)
        context["kc_updated_on"] = lambda page: page_updated_on(page, git)[0]
    return context


def on_page_context(context, page, config, nav, **kwargs):
    state = state_of(config)
    context["kc_editor"] = EditorContext(state.model, state.lang, _model_page(state, page), _git(state), state.today)
    return context
