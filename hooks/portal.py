"""The portal's MkDocs entry point: the ONE hook listed in mkdocs.yml. It loads the adapters next to it
(``content``, ``editor``, ``discovery``, ``downloads``, ``security``, ``offline``, ``assets``, ``preview``,
``parallel``) and calls them for each MkDocs
event in the fixed order written below — the only place where the order of the portal's event handlers is decided.

The adapters keep no module-level state: a build's state is one ``BuildState`` on the config object
(``kenniscentrum.portal``), created by ``content.on_config``.

Phases are MkDocs event priorities, chosen relative to mkdocs-static-i18n's own handlers (its ``on_config``,
``on_files``, ``on_nav``, ``on_post_page`` and ``on_post_build`` run at −100, its ``on_page_markdown``,
``on_template_context`` and ``on_page_context`` at 50, its ``on_env`` at 0 and before us, being a plugin):

* ``FIRST`` (100): before anything else;
* ``DEFAULT`` (0): after static-i18n's priority-50 handlers, before its −100 ones — in particular ``on_post_build``
  here runs once per language, before static-i18n starts the nested builds of the other languages;
* ``AFTER_I18N`` (−200, −50 for ``on_page_context``): after static-i18n narrowed files and navigation to one language,
  and pointed ``config.extra.alternate`` at the page's counterparts;
* ``LAST`` (−300, −150 for pages): after every plugin — ``on_post_build`` here runs once, after every language.

docs/architecture.md ("Event order") shows the same table.
"""
from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

from mkdocs.plugins import CombinedEvent, event_priority

FIRST, DEFAULT, AFTER_I18N, LAST = 100, 0, -200, -300

_HERE = Path(__file__).resolve().parent


def _adapter(name: str):
    """Load ``hooks/<name>.py`` once per process and project under a private module name (a missing file is an
    error). Keyed on the folder, like MkDocs' own hook loading: two projects in one process never share adapters."""
    path = _HERE / f"{name}.py"
    module_name = f"kenniscentrum_hooks_{name}_{hashlib.sha256(str(_HERE).encode()).hexdigest()[:12]}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None or not path.is_file():
        raise ImportError(f"hooks/portal.py: the adapter {path} is missing")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


content = _adapter("content")
editor = _adapter("editor")
discovery = _adapter("discovery")
downloads = _adapter("downloads")
security = _adapter("security")
offline = _adapter("offline")
assets = _adapter("assets")
preview = _adapter("preview")
parallel = _adapter("parallel")


def _chain(priority: int, *handlers):
    """One MkDocs handler at ``priority`` calling ``handlers`` in order. Events that transform a value (files, nav,
    env, context, output, …) pass each handler's result on to the next; the others return None."""

    @event_priority(priority)
    def run(*args, **kwargs):
        if not args:  # an event without an item: on_config is the only one that returns something
            result = None
            for handler in handlers:
                result = handler(**kwargs)
            return result
        item = args[0]
        for handler in handlers:
            returned = handler(item, *args[1:], **kwargs)
            item = item if returned is None else returned
        return item

    run.__name__ = run.__qualname__ = f"_portal_{'_'.join(h.__module__.split('_')[2] for h in handlers)}"
    return run


# --------------------------------------------------------------------------------------------------------------------
# The event order (read top to bottom; each list runs in the order written)
# --------------------------------------------------------------------------------------------------------------------
on_startup = _chain(DEFAULT, security.on_startup, preview.on_startup)  # the command being run (process-wide)


def on_config(config, **kwargs):
    content.on_config(config)  # creates the BuildState with the Site, once per build
    offline.on_config(config)  # whether this build registers a service worker (config.extra.kc_offline)
    discovery.on_config(config)  # without a public address (no SITE_URL): says once what the build leaves out
    preview.on_config(config)  # thaws the heap frozen by a previous serve rebuild
    return config


on_config = event_priority(FIRST)(on_config)

on_pre_build = _chain(
    FIRST,
    content.on_pre_build,  # starts the language; loads the model once per build; stops on content problems
    parallel.on_pre_build,  # `mkdocs build`: forks one process per further language, now that the model is loaded
    downloads.on_pre_build,  # renders (or takes from the cache) this language's downloads
    preview.on_pre_build,  # `make serve`: plans the rebuild; freezes the loaded heap
)

on_files = CombinedEvent(
    _chain(DEFAULT, downloads.on_files, offline.on_files),  # print and service-worker templates are not site files
    # drafts dropped; our stylesheets and scripts minified; `make serve` marks what to render
    _chain(AFTER_I18N, content.on_files, assets.on_files, preview.on_files),
)

on_nav = _chain(AFTER_I18N, content.on_nav, preview.on_nav)  # the portal's order; `make serve` restores metadata

on_env = CombinedEvent(
    _chain(FIRST, preview.on_env),  # the compiled-template cache, before any template is loaded
    # instruments.json + feed.xml; the CSP's environment; the web app manifest and kc_offline_section():
    _chain(DEFAULT, discovery.on_env, security.on_env, offline.on_env),
)

on_page_markdown = CombinedEvent(
    # before any other plugin reads page.meta, page.title or the Markdown: the validated model replaces MkDocs' own
    # second parse of the front matter and of the body (docs/architecture.md, "Security")
    _chain(FIRST, content.on_page_markdown),
    _chain(DEFAULT, editor.on_page_markdown),  # a placeholder's body is never rendered
)

on_template_context = _chain(DEFAULT, content.on_template_context, editor.on_template_context,
                             discovery.on_template_context)

on_page_context = _chain(
    -50,  # after static-i18n (50) pointed config.extra.alternate at this page's counterparts
    content.on_page_context,  # `kc`
    editor.on_page_context,  # `kc_editor`
    downloads.on_page_context,  # `kc_downloads`
    discovery.on_page_context,  # `catalog`, the language switch links
    preview.on_page_context,  # `make serve` remembers the page's metadata
)

# the CSP, after everything that may change the page; then the page's searchable part, as it will be written
on_post_page = _chain(-150, security.on_post_page, discovery.on_post_page)
on_post_template = _chain(-150, security.on_post_template)

on_post_build = CombinedEvent(
    # once per language, before static-i18n (−100) builds (or collects: hooks/parallel.py) the other languages:
    # the language's 404 page; its downloads; its search bundle (<prefix>pagefind/)
    _chain(DEFAULT, content.on_post_build, downloads.on_post_build, discovery.on_post_build),
    # once, after every language (each returns at once inside static-i18n's nested builds):
    # the language processes are done; _headers; sw.js + offline.json (the search index is part of the worker's
    # version); preview:
    _chain(-150, parallel.on_post_build, security.on_post_build, offline.on_post_build, preview.on_post_build),
)

on_build_error = _chain(DEFAULT, parallel.on_build_error, preview.on_build_error)
on_shutdown = _chain(DEFAULT, preview.on_shutdown, security.on_shutdown)  # the command ends with the process's run
on_serve = _chain(DEFAULT, preview.on_serve)
