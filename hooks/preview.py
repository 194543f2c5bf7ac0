"""MkDocs adapter for fast, exact previews with ``mkdocs serve --dirty`` (what ``make serve`` runs).

The decisions are in ``kenniscentrum.preview`` (read its docstring); this hook only applies them:

* ``on_startup``: serve + ``--dirty`` switches the session on (any other command: this hook does nothing);
* ``on_pre_build`` (outer build only, after ``hooks/content.py``): plan the rebuild; a full plan empties the site
  directory so that nothing stale survives;
* ``on_files``: every page's ``is_modified`` answers from the plan instead of from file times, and a body-only
  rebuild skips sitemap.xml and the default language's 404.html (page list and navigation unchanged);
* ``on_nav``: pages that are not re-read get their previous title and front matter back (the navigation shows them);
* ``on_page_context``: remembers each rendered page's title and front matter for the next rebuild;
* ``on_post_build`` (outer build, last): Pagefind in the background; ``on_serve`` makes the dev server hold
  ``/pagefind/…`` requests until the index matches the pages, and look for changed files twice as often;
* ``on_build_error``: the next rebuild is a full one.

Three things here help every build, not only previews (``kenniscentrum.speedups``): importing this hook installs
exact, faster path checks in mkdocs-static-i18n; ``on_pre_build`` freezes the long-lived heap once the model is loaded
so that garbage-collection passes skip it (``on_config`` thaws it again before a serve rebuild loads a new model); and
``on_env`` gives every Jinja environment the process's compiled-template cache, so the second language build and
every serve rebuild skip compiling ~100 templates.

Called by ``hooks/portal.py`` after ``hooks/content.py`` (event order there). State lives in ``kenniscentrum.preview.session`` (looked
up on every call, so tests can swap it): MkDocs reloads the config, with new plugin instances, on every rebuild.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs import utils

from kenniscentrum import preview, speedups
from kenniscentrum.portal import state_of

log = logging.getLogger("mkdocs.hooks.preview")

POLL_SECONDS = 0.25  # how often `make serve` looks for changed files (MkDocs: 0.5)

speedups.install()  # exact, faster mkdocs-static-i18n path checks, for every build (kenniscentrum/speedups.py)


def _nested(config) -> bool:
    i18n = config.plugins.get("i18n")
    return i18n is not None and getattr(i18n, "building", False)


def _lang(config) -> str:
    return config.theme["language"]


def on_startup(command, dirty, **kwargs):
    preview.session.start(command, dirty)


def on_config(config, **kwargs):
    if not _nested(config):
        speedups.thaw_heap()  # a previous serve rebuild froze its model; let it be collected once replaced
    return config


def on_pre_build(config, **kwargs):
    if _nested(config):
        return
    speedups.freeze_heap()  # the model and the config live for the whole build: keep them out of GC passes
    if not preview.session.active:
        return
    session = preview.session
    session.indexer.cancel()  # a run still reading the previous pages would be stale; a new one starts after
    state = state_of(config)
    plan = session.begin(state.model, state.site.root)
    if plan.full:
        session.page_meta.clear()
        utils.clean_directory(config.site_dir)
        log.info("preview: full build (%s)", plan.reason)
    else:
        log.info("preview: %d page(s) to render (%s)", len(plan.pages), plan.reason)


def on_env(env, config, files, **kwargs):
    env.bytecode_cache = speedups.TEMPLATE_BYTECODE
    return env


def on_files(files, config, **kwargs):
    plan = preview.session.plan
    if not preview.session.active or plan is None or plan.full:
        return files
    # sitemap.xml lists the pages and 404.html shows the navigation: a body edit changes neither. The default
    # language's 404 page stays where it is; the other languages still render theirs, because hooks/content.py moves
    # the 404.html at the site root into <lang>/ after their builds.
    config.theme.static_templates.discard("sitemap.xml")
    if _nested(config):
        config.theme.static_templates.add("404.html")  # the same config object as the outer build's
    else:
        config.theme.static_templates.discard("404.html")
    lang, site = _lang(config), state_of(config).site
    for file in files.documentation_pages():
        rel = site.rel_path(file.src_uri, lang)
        render = plan.renders(lang, rel) or (lang, file.src_uri) not in preview.session.page_meta
        file.is_modified = (lambda value=render: value)  # read by MkDocs' dirty build for this file only
    return files


def on_nav(nav, config, files, **kwargs):
    if not preview.session.active or preview.session.plan is None or preview.session.plan.full:
        return nav
    lang = _lang(config)
    for file in files.documentation_pages():
        page = file.page
        if page is None or file.is_modified():
            continue
        meta, title = preview.session.page_meta[(lang, file.src_uri)]
        page.meta = dict(meta)
        page.title = title
    return nav


def on_page_context(context, page, config, nav, **kwargs):
    if preview.session.active:
        preview.session.page_meta[(_lang(config), page.file.src_uri)] = (dict(page.meta), page.title)
    return context


def on_post_build(config, **kwargs):
    if not preview.session.active or _nested(config):
        return
    preview.session.finish()
    if preview.session.background_search:
        preview.session.indexer.start(Path(config.site_dir))


def on_build_error(error, **kwargs):
    if preview.session.active:
        preview.session.fail()


def on_shutdown(**kwargs):
    if preview.session.active:
        preview.session.indexer.cancel()  # no Pagefind left writing into the dev server's deleted directory


def on_serve(server, config, builder, **kwargs):
    if not preview.session.active or not preview.session.background_search:
        return server
    serve_file = server._serve_request  # MkDocs 1.6 LiveReloadServer (pinned in requirements.txt)
    for emitter in getattr(server.observer, "emitters", ()):
        # MkDocs polls the watched folders every 0.5 s; 0.25 s halves the wait before a rebuild starts. One poll of
        # 2 000 files costs ~15 ms, so this stays a few per cent of one core while idle.
        if getattr(emitter, "_timeout", 0) > POLL_SECONDS:
            emitter._timeout = POLL_SECONDS

    def serve_request(environ, start_response):
        if "/pagefind/" in environ.get("PATH_INFO", ""):
            preview.session.indexer.wait(timeout=300)  # never answer from an index older than the pages
        return serve_file(environ, start_response)

    server._serve_request = serve_request
    return server
