"""MkDocs adapter for discovery: the ``catalog`` template variable, per-language open data, and the search index.

Thin on purpose: listings, related items, feeds and JSON-LD are computed by ``kenniscentrum.catalog``; markup is in
``overrides/``; Pagefind is run by ``kenniscentrum.search``. Called by ``hooks/portal.py`` after ``hooks/content.py``
(templates need its ``kc`` object).

* ``on_page_context`` / ``on_template_context``: ``catalog`` = the :class:`~kenniscentrum.catalog.Catalog` of the
  language being built, and ``kc_language_links`` = the links of the portal's language switch
  (``partials/kc/language-switch.html``). mkdocs-static-i18n puts those links in ``config.extra.alternate``, where
  Material would render them twice: as its header selector and as ``<link rel="alternate">`` in ``<head>``, which
  Material's bundle then probes for ``<href>/sitemap.xml`` (a 404 per link per page view). The hook takes the links
  for the portal's own switch and leaves Material an empty list; crawlers find hreflang in ``sitemap.xml``
  (docs/decisions/0006-language-alternates.md).
* ``on_config``: without a public address (no ``SITE_URL``) the build says once what it leaves out
  (``kenniscentrum.publishing``); ``overrides/sitemap.xml`` then renders empty, which MkDocs does not write.
* ``on_env`` (once per language build, after the site directory is cleaned): writes ``instruments.json`` and
  (with a public address) ``feed.xml`` for that language (``site/`` for Dutch, ``site/en/`` for English). Not ``on_post_build``: after
  static-i18n's nested builds the config belongs to the last language, so the outer build would write the wrong one.
* ``on_post_build`` (after static-i18n built every language: ``hooks/portal.py``; only outside its nested builds): runs Pagefind
  once over the whole site.

No module-level state: the catalogue of the language being built is on the build's state (``state_of(config)``),
which ``hooks/content.py`` starts afresh for every language build.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from kenniscentrum.portal import state_of
from kenniscentrum.publishing import NO_ADDRESS_NOTE, published_address
from kenniscentrum.search import SearchIndexError, SearchSources, enabled, index_language

log = logging.getLogger("mkdocs.hooks.discovery")


def catalog_for(config):
    """The catalogue of the language being built (made once per language build)."""
    return state_of(config).catalog(site_url=config.site_url or "", site_name=config.site_name)


def on_config(config, **kwargs):
    if published_address(config.site_url) is None:
        i18n = config.plugins.get("i18n")
        if not getattr(i18n, "building", False):  # once, not again in static-i18n's per-language builds
            log.info(NO_ADDRESS_NOTE)
    return config


def _page_alternates(config):
    """What Material's templates see as ``config.extra.alternate``: static-i18n sets it per page as an attribute of
    ``config.extra`` (not as a key), and Jinja reads the attribute before the key."""
    extra = config.extra
    return extra.__dict__.get("alternate", extra.get("alternate"))


def _take_language_links(context, config, links) -> None:
    context["kc_language_links"] = [dict(link) for link in links or []]
    config.extra.alternate = []  # static-i18n sets it afresh for the next page


def on_template_context(context, template_name, config, **kwargs):
    kc = context.get("kc")
    if kc is not None:
        context["catalog"] = catalog_for(config)
        # Theme templates (404.html) have no page to pair: link the language homes, which static-i18n keeps in its
        # initial alternate list (config.extra.alternate may still hold the last page's links here).
        i18n = config.plugins.get("i18n")
        _take_language_links(context, config, getattr(i18n, "extra_alternate", None) or _page_alternates(config))
    return context


def on_page_context(context, page, config, nav, **kwargs):
    kc = context.get("kc")
    if kc is not None:
        context["catalog"] = catalog_for(config)
        _take_language_links(context, config, _page_alternates(config))
        if kc.page is not None and kc.page.type == "generated":
            page.edit_url = None  # the stub is git-ignored: an "edit this page" link would lead nowhere
    return context


def on_env(env, config, files, **kwargs):
    state = state_of(config)
    lang, model = state.lang, state.model
    catalog = catalog_for(config)
    out_dir = Path(config.site_dir) / state.site.prefix(lang)
    out_dir.mkdir(parents=True, exist_ok=True)
    document = catalog.instruments_document()
    (out_dir / "instruments.json").write_text(
        json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    if catalog.published:  # an Atom feed needs absolute ids and links
        strings = model.ui[lang]["discovery"]
        feed = env.get_template("kc/atom-feed.html").render(feed=catalog.feed(strings["feed_title"])).lstrip()
        (out_dir / "feed.xml").write_text(feed, encoding="utf-8")
    return env


def on_post_page(output, page, config, **kwargs):
    """Keeps the page's searchable part for this language's Pagefind run (``kenniscentrum.search.SearchSources``)."""
    if enabled():
        state = state_of(config)
        language = state.language
        if language.search_sources is None:
            language.search_sources = SearchSources()
        language.search_sources.add(page.file.dest_uri, output)  # static-i18n's dest_uri has the language prefix
    return output


def on_post_build(config, **kwargs):
    """The language's own search bundle (``<prefix>pagefind/``), right after its pages: with the languages built in
    parallel (hooks/parallel.py) each language's process indexes its pages while another still renders."""
    if not enabled():
        log.info("search index skipped (KC_SEARCH_INDEX=0)")
        return
    state = state_of(config)
    prefixes = [state.site.prefix(lang) for lang in state.site.langs]
    prefix = state.site.prefix(state.lang)
    try:
        summary = index_language(Path(config.site_dir), prefix, [p for p in prefixes if p != prefix],
                                 sources=state.language.search_sources)
    except SearchIndexError as exc:
        raise PluginError(str(exc)) from None
    log.info("search index: %d pages in %s (%.1f s; %s)", summary.pages, ", ".join(summary.languages) or "no language",
             summary.seconds, f"{summary.documents} searchable parts read" if summary.documents is not None
             else "whole pages read")
