"""MkDocs adapter for offline use and installation (the logic is in ``kenniscentrum.offline``; docs/offline.md).

* ``on_config``: whether this build registers a service worker — on for ``mkdocs build`` unless
  ``extra.kenniscentrum.offline`` is false (``KC_OFFLINE=false``), always off under ``mkdocs serve`` (a worker would
  keep serving the previous preview). Templates read it as ``config.extra.kc_offline``.
* ``on_files``: the worker's template in ``overrides/kc/`` is not copied into the site.
* ``on_env``: ``kc_offline_section(type, kind)`` for templates (which offline section a page belongs to), and the web
  app manifest of the language being built (``manifest.webmanifest`` next to its home page).
* ``on_post_build`` (below discovery's −200, so after Pagefind has written the search index, and only outside
  static-i18n's nested per-language builds): ``sw.js`` at the site root from ``overrides/kc/service-worker.js``,
  versioned by a hash of every file the site serves, and ``offline.json`` per language. With offline use turned off,
  ``sw.js`` is the same template's "retire" variant: it unregisters a worker an earlier deployment installed and
  deletes its caches.

Stateless across builds: everything is read from the config and from the site directory.
"""
from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority

from kenniscentrum import offline
from kenniscentrum.catalog import lang_prefix
from kenniscentrum.ui import load_ui_strings

ENV_KEY = "kc_offline"


def _enabled(config) -> bool:
    value = (config.extra.get("kenniscentrum") or {}).get("offline", True)
    if isinstance(value, str):
        return value.strip().lower() not in {"0", "false", "no", "off", ""}
    return bool(value)


def on_startup(command, **kwargs):
    # Serve mode is only known here; it travels to on_config through the environment of this process only.
    import os

    os.environ["KC_MKDOCS_COMMAND"] = command


def on_config(config, **kwargs):
    import os

    serving = os.environ.get("KC_MKDOCS_COMMAND") == "serve"
    config.extra[ENV_KEY] = _enabled(config) and not serving
    return config


WORKER_TEMPLATE = "kc/service-worker.js"


def on_files(files, config, **kwargs):
    """The service worker's template lives in overrides/ but is not a file of the site (sw.js is rendered from it)."""
    template = files.get_file_from_path(WORKER_TEMPLATE)
    if template is not None:
        files.remove(template)
    return files


def _languages(config) -> list[offline.Language]:
    i18n = config.plugins.get("i18n")
    codes = [lang.locale for lang in i18n.config.languages] if i18n is not None else [config.theme["language"]]
    return [offline.Language(code, lang_prefix(code)) for code in codes]


def on_env(env, config, files, **kwargs):
    env.globals["kc_offline_section"] = offline.section_of
    lang = config.theme["language"]
    prefix = lang_prefix(lang)
    strings = load_ui_strings(Path(config.config_file_path).parent / "data", (lang,))[lang]["offline"]
    manifest = offline.web_manifest(
        name=config.site_name, short_name=strings["app_short_name"], description=config.site_description or "",
        lang=lang, icon_base="../" * prefix.count("/") + "assets/images/")
    out_dir = Path(config.site_dir) / prefix
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / offline.MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                                  encoding="utf-8")
    return env


@event_priority(-250)  # after discovery's Pagefind run (-200): the search index is part of the version
def on_post_build(config, **kwargs):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a nested per-language build: write once, at the end of the outer build
    template = config.theme.get_env().get_template(WORKER_TEMPLATE)
    retire = not config.extra.get(ENV_KEY, False)
    offline.write_site_files(Path(config.site_dir), _languages(config),
                             lambda settings: template.render(kc_worker=settings, kc_retire=retire))
