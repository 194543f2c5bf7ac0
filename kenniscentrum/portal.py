"""The state of one MkDocs build, on ONE object, so that no hook keeps module-level state.

mkdocs-static-i18n builds the site once per language in one process, calling MkDocs' ``build()`` again with the
same config object for each further language; ``mkdocs serve`` loads a fresh config (with fresh plugin and hook
state) for every rebuild. So the state of a build lives on the config object (:func:`state_of`):

* :class:`BuildState` is created in the first ``on_config`` of a build, with the :class:`~kenniscentrum.site.Site`
  built once from the MkDocs config;
* the content model is loaded once per build (:meth:`BuildState.model`), not once per hook or per language;
* everything that belongs to one language (the catalogue, the downloads, the language being built) is on
  :class:`LanguageState`, replaced by :meth:`BuildState.begin_language` at the start of every language build.

Event order: see docs/architecture.md ("Event order"). Pure: no MkDocs import.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kenniscentrum.build import SiteModel, prepare
from kenniscentrum.catalog import Catalog
from kenniscentrum.site import Site

_ATTRIBUTE = "_kenniscentrum_build"


@dataclass
class Process:
    """What MkDocs tells once per run, before any config exists (``on_startup``): the command being run. It outlives
    one build (``mkdocs serve`` keeps it across rebuilds), so it is the one piece of state not kept on the build's
    config; it is kept per project (:func:`process_of`), as MkDocs keeps hook modules per project path, so two
    projects built in one process (tests) never see each other's command."""

    command: str | None = None
    dirty: bool = False  # ``--dirty``: the site directory keeps what earlier builds wrote

    @property
    def serving(self) -> bool:
        return self.command == "serve"


_processes: dict[Path, Process] = {}
#: ``root`` as given -> its resolved path: asked once per rendered page (hooks/security.py), and resolving walks every
#: folder of the path with a system call each.
_resolved: dict = {}


def process_of(root) -> Process:
    """The run of the project at ``root`` (the folder of its mkdocs.yml)."""
    key = _resolved.get(root)
    if key is None:
        key = _resolved[root] = Path(root).resolve()
    return _processes.setdefault(key, Process())


@dataclass
class LanguageState:
    """What one language build computes and later events of the same language build read."""

    lang: str
    catalog: Catalog | None = None  # made on first use: BuildState.catalog
    download_files: list = field(default_factory=list)  # kenniscentrum.downloads.produce.DownloadFile
    downloads_view: Any = None  # kenniscentrum.downloads.view.DownloadsView
    search_sources: Any = None  # kenniscentrum.search.SearchSources: what this language's Pagefind run reads


@dataclass
class BuildState:
    """Everything the portal's hooks share during one build (all languages)."""

    site: Site
    today: _dt.date | None = None
    _model: SiteModel | None = None
    language: LanguageState | None = None
    git: Any = None  # kenniscentrum.gitdates.GitDates, loaded on first use
    default_404: bytes | None = None  # the default language's 404 page, put back after each other language
    env: Any = None  # the Jinja environment of the language being built (hooks/security.py renders with it)
    language_builds: Any = None  # kenniscentrum.parallel.LanguageBuilds: the languages building in child processes

    def catalog(self, *, site_url: str, site_name: str) -> Catalog:
        """The catalogue of the language being built, made once per language build (templates read it as
        ``catalog``; ``hooks/preview.py`` checks a ``make serve`` rebuild against it before any page is read)."""
        language = self.language
        if language.catalog is None:
            model = self.model
            language.catalog = Catalog(model.content.pages, model.content.vocab, language.lang,
                                       site_url=site_url, site_name=site_name, site=self.site)
        return language.catalog

    @property
    def model(self) -> SiteModel:
        """The content model of this build: loaded, validated and generated once (``prepare``)."""
        if self._model is None:
            self._model = prepare(self.site)
        return self._model

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def begin_language(self, lang: str) -> LanguageState:
        if lang not in self.site.langs:
            raise ValueError(f"the build is for language {lang!r}, which `plugins: i18n: languages:` does not list")
        self.language = LanguageState(lang=lang)
        return self.language

    @property
    def lang(self) -> str:
        if self.language is None:
            raise RuntimeError("kenniscentrum: no language build has started (on_pre_build has not run)")
        return self.language.lang


def state_of(config) -> BuildState:
    """The state of the build ``config`` belongs to (created by :func:`start`)."""
    state = getattr(config, _ATTRIBUTE, None)
    if state is None:
        raise RuntimeError("kenniscentrum: the build state is missing (hooks/portal.py must be listed first in "
                           "mkdocs.yml `hooks:`)")
    return state


def start(config, site_factory) -> BuildState:
    """The state of this build: created on the first ``on_config`` of a build, kept for the nested language builds
    (which reuse the same config object). ``site_factory(config)`` builds the Site."""
    state = getattr(config, _ATTRIBUTE, None)
    if state is None:
        state = BuildState(site=site_factory(config))
        setattr(config, _ATTRIBUTE, state)
    return state
