"""MkDocs adapter for discovery: the ``catalog`` template variable, per-language open data, and the search index.

Thin on purpose: listings, related items, feeds and JSON-LD are computed by ``kenniscentrum.catalog``; markup is in
``overrides/``; Pagefind is run by ``kenniscentrum.search``. Must come after ``hooks/content.py`` in ``mkdocs.yml``
(templates need its ``kc`` object).

* ``on_page_context`` / ``on_template_context``: ``catalog`` = the :class:`~kenniscentrum.catalog.Catalog` of the
  language being built.
* ``on_env`` (once per language build, after the site directory is cleaned): writes ``instruments.json`` and
  ``feed.xml`` for that language (``site/`` for Dutch, ``site/en/`` for English). Not ``on_post_build``: after
  static-i18n's nested builds the config belongs to the last language, so the outer build would write the wrong one.
* ``on_post_build`` (priority −200, below static-i18n's −100, and only outside its nested builds): runs Pagefind
  once over the whole site.

No state survives a build: the catalogue cache is keyed on the model object, and reset in ``on_pre_build``.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from kenniscentrum.build import prepare
from kenniscentrum.catalog import Catalog, lang_prefix
from kenniscentrum.search import SearchIndexError, enabled, run_pagefind

log = logging.getLogger("mkdocs.hooks.discovery")

_catalogs: dict[tuple[int, str], Catalog] = {}


def _root(config) -> Path:
    return Path(config.config_file_path).parent


def _lang(config) -> str:
    return config.theme["language"]


def catalog_for(model, lang: str, config) -> Catalog:
    key = (id(model), lang)
    if key not in _catalogs:
        _catalogs.clear()  # one model at a time: a new model means the content changed
        _catalogs[key] = Catalog(model.content.pages, model.content.vocab, lang,
                                 site_url=config.site_url or "", site_name=config.site_name)
    return _catalogs[key]


def on_pre_build(config, **kwargs):
    _catalogs.clear()


def on_template_context(context, template_name, config, **kwargs):
    kc = context.get("kc")
    if kc is not None:
        context["catalog"] = catalog_for(kc.site, kc.lang, config)
    return context


def on_page_context(context, page, config, nav, **kwargs):
    kc = context.get("kc")
    if kc is not None:
        context["catalog"] = catalog_for(kc.site, kc.lang, config)
        if kc.page is not None and kc.page.type == "generated":
            page.edit_url = None  # the stub is git-ignored: an "edit this page" link would lead nowhere
    return context


def on_env(env, config, files, **kwargs):
    lang = _lang(config)
    model = prepare(_root(config))  # cached: the model hooks/content.py already loaded for this build
    catalog = catalog_for(model, lang, config)
    out_dir = Path(config.site_dir) / lang_prefix(lang)
    out_dir.mkdir(parents=True, exist_ok=True)
    document = catalog.instruments_document()
    (out_dir / "instruments.json").write_text(
        json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    strings = model.ui[lang]["discovery"]
    feed = env.get_template("kc/atom-feed.html").render(feed=catalog.feed(strings["feed_title"])).lstrip()
    (out_dir / "feed.xml").write_text(feed, encoding="utf-8")
    return env


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language
def on_post_build(config, **kwargs):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a nested per-language build: index once, at the end of the outer build
    if not enabled():
        log.info("search index skipped (KC_SEARCH_INDEX=0)")
        return
    try:
        summary = run_pagefind(Path(config.site_dir))
    except SearchIndexError as exc:
        raise PluginError(str(exc)) from None
    log.info("search index: %d pages in %s (%.1f s)", summary.pages, ", ".join(summary.languages) or "no language",
             summary.seconds)
