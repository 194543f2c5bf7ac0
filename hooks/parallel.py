"""MkDocs adapter for building the languages in parallel (``kenniscentrum.parallel``; docs/performance.md).

* ``on_pre_build`` of the default language, once the model is loaded: fork one child per further language. The
  child does what mkdocs-static-i18n's nested build of that language would do — set the plugin to the language and
  call MkDocs' ``build()`` — with the site directory pointed at a scratch directory, then exits.
* mkdocs-static-i18n asks for those nested builds from its ``on_post_build`` by calling the ``build`` it imported
  from MkDocs. For the duration of the build that name is :func:`_build_or_collect`: for a language with a child
  it waits for the child and moves its output into the site directory instead of building again; any other call
  goes to MkDocs' ``build()``. The original is put back when the build ends or fails.
"""
from __future__ import annotations

import logging
from pathlib import Path

import mkdocs_static_i18n.plugin as i18n_plugin
from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import PluginError

from kenniscentrum import parallel, speedups
from kenniscentrum.portal import process_of, state_of

log = logging.getLogger("mkdocs.hooks.kenniscentrum")

_MKDOCS_BUILD = mkdocs_build.build


def _i18n(config):
    return config.plugins.get("i18n")


def on_pre_build(config, **kwargs):
    i18n = _i18n(config)
    if i18n is None or getattr(i18n, "building", False):
        return  # a nested language build (in this process or a child): nothing to start
    state = state_of(config)
    process = process_of(state.site.root)
    others = [lang for lang in i18n.build_languages if lang != i18n.current_language]
    if not others or not parallel.wanted(command=process.command, dirty=process.dirty, languages=1 + len(others)):
        return
    speedups.freeze_heap()  # before the fork: the collector then never writes into the pages the children share
    state.language_builds = parallel.LanguageBuilds()
    i18n_plugin.build = _build_or_collect
    log.info("building %s in parallel with '%s'", ", ".join(f"'{lang}'" for lang in others), i18n.current_language)

    def build_one(lang: str, scratch: Path) -> None:
        # What static-i18n's on_post_build does before each nested build, in this fresh process.
        i18n_plugin.build = _MKDOCS_BUILD
        state.language_builds = None
        i18n.building = True
        i18n.current_language = lang
        config.site_dir = str(scratch)
        _MKDOCS_BUILD(config, dirty=False)

    state.language_builds.start(others, Path(config.site_dir), build_one)
    # After the fork (the children never see the thread): MkDocs' own clean, which follows, then finds nothing to do.
    state.language_builds.clearing = parallel.clear_in_background(Path(config.site_dir))


def _build_or_collect(config, *args, **kwargs):
    state = state_of(config)
    builds = state.language_builds
    lang = _i18n(config).current_language
    if builds is None or lang not in builds:
        return _MKDOCS_BUILD(config, *args, **kwargs)
    try:
        builds.finish(lang, Path(config.site_dir))
    except parallel.LanguageBuildError as exc:
        raise PluginError(str(exc)) from None
    log.info("'%s' built in parallel, moved into %s", lang, config.site_dir)
    return None


def _restore(config) -> None:
    state = state_of(config)
    if state.language_builds is not None:
        state.language_builds.close()  # every child is collected by now; waits for the old output's deletion
        state.language_builds = None
    i18n_plugin.build = _MKDOCS_BUILD


def on_post_build(config, **kwargs):
    i18n = _i18n(config)
    if i18n is not None and getattr(i18n, "building", False):
        return
    _restore(config)


def on_build_error(error, **kwargs):
    # No config here: stop the children of this process's builds, put MkDocs' build back.
    parallel.close_all()
    i18n_plugin.build = _MKDOCS_BUILD
