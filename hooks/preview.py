"""MkDocs adapter for fast, exact previews with ``mkdocs serve --dirty`` (what ``make serve`` runs).

The decisions are in ``kenniscentrum.preview`` (read its docstring); this hook only applies them:

* ``on_startup``: serve + ``--dirty`` switches the session on (any other command: this hook does nothing);
* ``on_pre_build`` (outer build only, after ``hooks/content.py``): plan the rebuild; a full plan empties the site
  directory so that nothing stale survives;
* ``on_files``: every page's ``is_modified`` answers from the decision ``on_nav`` takes instead of from file times,
  and a body-only rebuild skips sitemap.xml and the default language's 404.html (page list, review dates and
  navigation unchanged);
* ``on_nav`` (every language, every serve build): notes the sidebar each page shows; in an incremental rebuild it
  decides which pages of the language to render (``kenniscentrum.preview.pages_to_render``: the plan's pages, pages
  whose sidebar changed, pages whose recorded catalogue or download calls now answer differently), and the pages not
  re-read get their previous title and front matter back (the navigation shows them);
* ``on_page_context``: remembers each rendered page's title and front matter, and wraps ``catalog`` and
  ``kc_downloads`` so that every call the page's templates make is recorded for the next rebuild;
* ``on_post_build`` (outer build, last): Pagefind in the background; ``on_serve`` makes the dev server hold
  ``/pagefind/…`` requests until the index matches the pages, and look for changed files twice as often;
* ``on_build_error``: the failure is recorded; the next rebuild is a full one if the output was touched.

A preview that never hangs (``kenniscentrum.preview``, "A preview that never hangs"): ``on_startup`` guards the dev
server's build so that a failed build is shown in the browser instead of holding every request; ``on_serve`` puts
the errors at the top of every HTML page served (or answers with an error page), re-runs a build that read a file
an editor was still writing, and ignores editors' scratch files (``kenniscentrum.scratchfiles``), which
``on_config`` also keeps out of the site (``exclude_docs``) in every build.

Three things here help every build, not only previews (``kenniscentrum.speedups``): importing this hook installs
exact, faster path checks in mkdocs-static-i18n; ``on_pre_build`` freezes the long-lived heap once the model is loaded
so that garbage-collection passes skip it (``on_config`` thaws it again before a serve rebuild loads a new model); and
``on_env`` gives every Jinja environment the compiled-template cache (in memory and under ``.cache/templates/``), so
every build process, the second language build and every serve rebuild skip compiling ~100 templates, and a plain dict
as its template cache (``speedups.tune_environment``).

Called by ``hooks/portal.py`` after ``hooks/content.py`` (event order there). State lives in ``kenniscentrum.preview.session`` (looked
up on every call, so tests can swap it): MkDocs reloads the config, with new plugin instances, on every rebuild.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

import pathspec
from mkdocs import utils

from kenniscentrum import preview, speedups
from kenniscentrum.build import prepare
from kenniscentrum.portal import state_of
from kenniscentrum.scratchfiles import gitignore_lines, is_scratch
from kenniscentrum.site import load_site

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
    if preview.session.active:
        from mkdocs.commands import serve  # MkDocs 1.6: serve()'s builder calls this module's `build`

        if not getattr(serve.build, "kenniscentrum_guard", False):
            serve.build = preview.guard(serve.build, lambda: preview.session)


_SCRATCH_SPEC = pathspec.gitignore.GitIgnoreSpec.from_lines(gitignore_lines())


def on_config(config, **kwargs):
    if not _nested(config):
        # a previous build froze its model; let it be collected once replaced — under `make serve` usually already
        # done while the server was idle (speedups.IdleCollector)
        if preview.session.active:
            preview.session.collector.before_build()
        else:
            speedups.thaw_heap()
        preview.session.root = Path(config.config_file_path).parent
    # Editors' temporary and backup files (x.md.tmp, x.md~, 4913 …) are never copied into the site.
    exclude = config.exclude_docs
    if exclude is None:
        config.exclude_docs = _SCRATCH_SPEC
    elif _SCRATCH_SPEC.patterns[0] not in exclude.patterns:
        config.exclude_docs = exclude + _SCRATCH_SPEC
    return config


def on_pre_build(config, **kwargs):
    if _nested(config):
        return
    speedups.freeze_heap()  # the model and the config live for the whole build: keep them out of GC passes
    if not preview.session.active:
        return
    session = preview.session
    # a run still reading the previous pages would be stale; a new one starts after (the dev server's guarded build
    # has already stopped it when the rebuild began: Session.build_started)
    session.indexer.cancel()
    state = state_of(config)
    plan = session.begin(state.model, state.site.root)
    if plan.full:
        session.page_meta.clear()
        utils.clean_directory(config.site_dir)
        log.info("preview: full build (%s)", plan.reason)
    else:
        log.info("preview: %d page(s) to render (%s)", len(plan.pages), plan.reason)


def on_env(env, config, files, **kwargs):
    return speedups.tune_environment(env, Path(config.config_file_path).parent)


def on_files(files, config, **kwargs):
    plan = preview.session.plan
    if not preview.session.active or plan is None or plan.full:
        return files
    if not plan.front_matter:
        # sitemap.xml lists the pages and their review dates and 404.html shows the navigation: a body edit changes
        # neither. The default language's 404 page stays where it is; the other languages still render theirs,
        # because hooks/content.py moves the 404.html at the site root into <lang>/ after their builds.
        config.theme.static_templates.discard("sitemap.xml")
        if _nested(config):
            config.theme.static_templates.add("404.html")  # the same config object as the outer build's
        else:
            config.theme.static_templates.discard("404.html")
    lang, site = _lang(config), state_of(config).site
    session = preview.session
    for file in files.documentation_pages():
        rel = site.rel_path(file.src_uri, lang)
        # read by MkDocs' dirty build for this file only, after on_nav decided (kenniscentrum.preview.Session.renders)
        file.is_modified = (lambda rel=rel: session.renders(lang, rel))
    return files


def on_nav(nav, config, files, **kwargs):
    session = preview.session
    if not session.active:
        return nav
    lang, state = _lang(config), state_of(config)
    site, model = state.site, state.model
    pages = {site.rel_path(file.src_uri, lang): file for file in files.documentation_pages()}

    def title_of(item):
        page = model.page(lang, site.rel_path(item.file.src_uri, lang))
        return page.meta.get("title") if page is not None else None

    record = session.recording(lang)
    # (pages left out of the navigation have no page object yet: no section is expanded in their sidebar)
    record.nav = preview.nav_views(nav.items, [(rel, f.page) for rel, f in pages.items()], title_of)
    plan = session.plan
    if plan is not None and not plan.full:
        session.decided[lang] = _pages_to_render(config, lang, pages)
    return nav


def _pages_to_render(config, lang, pages) -> set[str]:
    """Which pages of ``lang`` this incremental rebuild renders (``kenniscentrum.preview.pages_to_render``); every
    other page gets its title and front matter of the last render back, for the navigation of the pages rendered."""
    started = time.perf_counter()
    session, state = preview.session, state_of(config)
    language, model = state.language, state.model
    targets = {"catalog": state.catalog(site_url=config.site_url or "", site_name=config.site_name),
               "kc_downloads": language.downloads_view}
    render = preview.pages_to_render(session.plan, lang, pages, session.records.get(lang),
                                     session.recording(lang), targets, model.page, session.meta_digest)
    render |= {rel for rel, file in pages.items() if (lang, file.src_uri) not in session.page_meta}
    for rel, file in pages.items():
        if rel in render or file.page is None:
            continue
        meta, title = session.page_meta[(lang, file.src_uri)]
        file.page.meta = dict(meta)
        file.page.title = title
    log.info("preview (%s): %d of %d page(s) to render (decided in %.2f s)", lang, len(render), len(pages),
             time.perf_counter() - started)
    return render


def on_page_context(context, page, config, nav, **kwargs):
    session = preview.session
    if session.active:
        lang = _lang(config)
        session.page_meta[(lang, page.file.src_uri)] = (dict(page.meta), page.title)
        rel = state_of(config).site.rel_path(page.file.src_uri, lang)
        recorder = preview.Recorder(session.recording(lang), rel, session.meta_digest)
        view = context.get("kc_downloads")
        if view is not None:  # hooks/downloads.py read this page's links for its contents list and action bar
            recorder.note("kc_downloads", "for_page", (rel,), {}, view.for_page(rel))
        for name in preview.RECORDED:
            if context.get(name) is not None:
                context[name] = preview.Recorded(context[name], name, recorder)
    return context


def on_post_build(config, **kwargs):
    if not preview.session.active or _nested(config):
        return
    preview.session.finish()
    preview.session.collector.schedule()
    if preview.session.background_search:
        site = state_of(config).site
        preview.session.indexer.start(Path(config.site_dir), [site.prefix(lang) for lang in site.langs])


def on_build_error(error, **kwargs):
    session = preview.session
    if not session.active:
        return
    session.fail()
    issues = ()
    if session.root is not None:
        try:
            issues = tuple(prepare(session.root).issues)  # cached: the model this build stopped on
        except Exception:  # noqa: BLE001 — the failure itself is reported below
            issues = ()
    session.record_failure(error, issues)


def on_shutdown(**kwargs):
    if preview.session.active:
        preview.session.indexer.cancel()  # no Pagefind left writing into the dev server's deleted directory


def on_serve(server, config, builder, **kwargs):
    if not preview.session.active:
        return server
    serve_file = server._serve_request  # MkDocs 1.6 LiveReloadServer (pinned in requirements.txt)
    for emitter in getattr(server.observer, "emitters", ()):
        # MkDocs polls the watched folders every 0.5 s; 0.25 s halves the wait before a rebuild starts. One poll of
        # 2 000 files costs ~15 ms, so this stays a few per cent of one core while idle.
        if getattr(emitter, "_timeout", 0) > POLL_SECONDS:
            emitter._timeout = POLL_SECONDS
    _ignore_scratch_files(server)
    _guard_rebuilds(server)

    def serve_request(environ, start_response):
        if "/pagefind/" in environ.get("PATH_INFO", "") and preview.session.background_search:
            preview.session.indexer.wait(timeout=300)  # never answer from an index older than the pages
        answer: dict = {}

        def capture(status, headers, exc_info=None):
            answer["status"], answer["headers"] = status, headers

        result = serve_file(environ, capture)  # waits while a build runs; then the session says how it went
        failure = preview.session.failure
        if failure is not None:
            return _with_failure(server, failure, environ, answer, result, start_response)
        if result is not None:
            start_response(answer["status"], answer["headers"])
        return result

    server._serve_request = serve_request
    return server


def _with_failure(server, failure, environ, answer, result, start_response):
    """While the last build failed: the last good output, with the errors first in every HTML page."""
    path = environ.get("PATH_INFO", "")
    root = preview.session.root
    site = load_site(root)  # the languages of the project being served (mkdocs.yml, cached)
    lang = preview.page_lang(path, site.langs, site.default_lang)
    if result is None:  # not in the last good output (or nothing was built yet): say why, for pages
        if not (path.endswith("/") or path.endswith(".html")):
            return None
        html = preview.render_errors(failure, lang, root, page=True).encode("utf-8")
        html = server._inject_js_into_html(html, server._visible_epoch)  # live reload once it is fixed
        start_response("503 Service Unavailable", [("Content-Type", "text/html; charset=utf-8"),
                                                   ("Content-Length", str(len(html)))])
        return [html]
    headers = answer.get("headers", [])
    if not any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers):
        start_response(answer["status"], headers)
        return result
    try:
        html = b"".join(result)
    finally:
        getattr(result, "close", lambda: None)()
    html = preview.inject(html, preview.render_errors(failure, lang, root))
    headers = [(k, str(len(html)) if k.lower() == "content-length" else v) for k, v in headers]
    start_response(answer["status"], headers)
    return [html]


def _ignore_scratch_files(server) -> None:
    """A change to an editor's scratch file alone (a swap file, vim's 4913 probe, the temporary file before it is
    renamed over the page) does not start a rebuild; the rename itself does (its destination is the page)."""
    observer = server.observer
    start = observer.start

    def start_filtered():
        for handlers in getattr(observer, "_handlers", {}).values():  # watchdog: one handler per watched path
            for handler in handlers:
                callback = handler.on_any_event

                def on_any_event(event, callback=callback):
                    paths = [p for p in (event.src_path, getattr(event, "dest_path", "")) if p]
                    if paths and all(is_scratch(p) for p in paths):
                        return
                    callback(event)

                handler.on_any_event = on_any_event
        start()

    observer.start = start_filtered


def _guard_rebuilds(server) -> None:
    """Every rebuild returns: an error outside the build itself (mkdocs.yml cannot be read) is shown like any other;
    and a build that failed on a file an editor was still writing (truncated, not yet written) runs again once the
    file has changed, before the error is shown."""
    build_site = server.builder

    def build_once():
        try:
            build_site()
        except Exception as error:  # build() itself is guarded; this is loading the config
            log.error("preview: %s: %s", type(error).__name__, error)
            preview.session.record_failure(error)

    def builder():
        build_once()
        for _ in range(2):
            if not preview.session.half_written():
                return
            log.info("preview: a file changed while it was read; reading it again")
            build_once()

    server.builder = builder
