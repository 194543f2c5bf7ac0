"""MkDocs adapter for offline use and installation (the logic is in ``kenniscentrum.offline``; docs/offline.md).

* ``on_config`` (after ``hooks/content.py`` made the build's Site): whether this build registers a service worker —
  on for ``mkdocs build`` unless ``extra.kenniscentrum.offline`` is false (``KC_OFFLINE=false``; validated by
  ``kenniscentrum.site.PortalSettings``), always off under ``mkdocs serve`` (a worker would keep serving the previous
  preview). Templates read it as ``config.extra.kc_offline``.
* ``on_files``: the worker's template in ``overrides/kc/`` is not copied into the site.
* ``on_env``: ``kc_offline_section(type, kind)`` for templates (which offline section a page belongs to), and the web
  app manifest of the language being built (``manifest.webmanifest`` next to its home page).
* ``on_post_build`` (after discovery's, so after Pagefind has written the search index: ``hooks/portal.py``; only outside
  static-i18n's nested per-language builds): ``sw.js`` at the site root from ``overrides/kc/service-worker.js``,
  versioned by a hash of every file the site serves, and ``offline.json`` per language. With offline use turned off,
  ``sw.js`` is the same template's "retire" variant: it unregisters a worker an earlier deployment installed and
  deletes its caches.

Stateless across builds: everything is read from the config, the build's state and the site directory.
"""
from __future__ import annotations

import json
from pathlib import Path

from kenniscentrum import offline
from kenniscentrum.portal import process_of, state_of

ENV_KEY = "kc_offline"


def on_config(config, **kwargs):
    # Serve mode is only known in on_startup (kenniscentrum.portal.process_of, set by hooks/security.py).
    site = state_of(config).site
    config.extra[ENV_KEY] = site.settings.offline and not process_of(site.root).serving
    return config


WORKER_TEMPLATE = "kc/service-worker.js"


def on_files(files, config, **kwargs):
    """The service worker's template lives in overrides/ but is not a file of the site (sw.js is rendered from it)."""
    template = files.get_file_from_path(WORKER_TEMPLATE)
    if template is not None:
        files.remove(template)
    return files


def _languages(config) -> list[offline.Language]:
    site = state_of(config).site
    return [offline.Language(code, site.prefix(code)) for code in site.langs]


def on_env(env, config, files, **kwargs):
    env.globals["kc_offline_section"] = offline.section_of
    state = state_of(config)
    lang = state.lang
    prefix = state.site.prefix(lang)
    strings = state.model.ui[lang]["offline"]
    manifest = offline.web_manifest(
        name=config.site_name, short_name=strings["app_short_name"], description=config.site_description or "",
        lang=lang, icon_base="../" * prefix.count("/") + "assets/images/")
    out_dir = Path(config.site_dir) / prefix
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / offline.MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                                  encoding="utf-8")
    return env


def on_post_build(config, **kwargs):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a nested per-language build: write once, at the end of the outer build
    template = config.theme.get_env().get_template(WORKER_TEMPLATE)
    retire = not config.extra.get(ENV_KEY, False)
    offline.write_site_files(Path(config.site_dir), _languages(config),
                             lambda settings: template.render(kc_worker=settings, kc_retire=retire))
