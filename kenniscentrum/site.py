"""The site: which languages exist, which one is the default, where each language's pages live, and the portal's own
settings (``extra.kenniscentrum``). Built ONCE from the MkDocs configuration and handed to every module.

This is the only module that knows which languages the portal has: everything else asks a :class:`Site`. Adding a
language is a config change (``plugins: i18n: languages:`` in ``mkdocs.yml``) plus a content folder, interface
strings and vocabularies (docs/languages.md).

Two ways to get one:

* :func:`site_from_mkdocs` — from the live MkDocs config inside a build (``hooks/kenniscentrum.py``);
* :func:`load_site` — from ``<root>/mkdocs.yml`` without running MkDocs (the command line, tests), read with MkDocs'
  own YAML loader so ``!ENV`` and ``!relative`` mean what they mean in a build.

A bare content tree without ``mkdocs.yml`` (a unit-test fixture) gets :data:`BARE_TREE_LANGUAGES` and no
missing-translation policy (nothing is published, so nothing is enforced).

Pure: no MkDocs import at module level.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

SETTINGS_KEY = "extra.kenniscentrum"

#: Names of languages in English, for messages to editors (not a list of the site's languages: that is in mkdocs.yml).
ENGLISH_NAMES = {"nl": "Dutch", "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian"}


class SiteConfigError(ValueError):
    """A wrong value in mkdocs.yml; the message names the key and says what is allowed."""


@dataclass(frozen=True)
class Language:
    code: str  # the folder under content/ and the prefix of the URLs (except for the default language)
    name: str  # in its own language, as the i18n plugin's `name`
    default: bool = False
    #: Language tag written into downloads (spell checkers, screen readers), e.g. "nl-BE"; the code when unset.
    document_locale: str = ""


# --------------------------------------------------------------------------------------------------------------------
# extra.kenniscentrum
# --------------------------------------------------------------------------------------------------------------------
MISSING_TRANSLATION_POLICIES = ("fail", "placeholder")


@dataclass(frozen=True)
class PortalSettings:
    """``extra.kenniscentrum`` in mkdocs.yml, validated. Unknown keys are errors (a typo must not be ignored).

    * ``missing_translation``: ``fail`` (KC308) or ``placeholder`` (docs/decisions/0004-missing-translations.md);
      None only for a bare fixture tree without mkdocs.yml (not enforced).
    * ``document_locales``: language code -> tag written into downloads, e.g. ``{nl: nl-BE}``.
    * ``offline``: offline use and installation (docs/offline.md); ``!ENV [KC_OFFLINE, true]`` gives a string, read
      as false for 0/false/no/off/empty.
    * ``publisher``: who publishes this deployment (``name``, ``contact``, ``address``; each text, may be empty),
      shown on the about page by ``overrides/partials/kc/publisher.html``.
    * ``sidebar_section_limit``: a sidebar section with more pages than this shows only its overview page
      (``kenniscentrum.navigation.trim_large_section``; docs/performance.md).
    """

    missing_translation: str | None = "fail"
    document_locales: Mapping[str, str] = field(default_factory=dict)
    offline: bool = True
    publisher: Mapping[str, str] = field(default_factory=dict)
    sidebar_section_limit: int = 40

    @classmethod
    def from_mapping(cls, data: Any, where: str = SETTINGS_KEY) -> "PortalSettings":
        if data is None:
            data = {}
        if not isinstance(data, Mapping):
            raise SiteConfigError(f"`{where}` must be a mapping of settings, not {type(data).__name__}")
        known = {"missing_translation", "document_locales", "offline", "publisher", "sidebar_section_limit"}
        unknown = sorted(str(k) for k in data if k not in known)
        if unknown:
            raise SiteConfigError(f"`{where}.{unknown[0]}` is not a setting; use one of: {', '.join(sorted(known))}")
        policy = data.get("missing_translation", "fail")
        if policy not in MISSING_TRANSLATION_POLICIES:
            raise SiteConfigError(f"`{where}.missing_translation` is {policy!r}; use one of: "
                                  f"{', '.join(MISSING_TRANSLATION_POLICIES)}")
        locales = data.get("document_locales") or {}
        if not isinstance(locales, Mapping) or not all(isinstance(v, str) for v in locales.values()):
            raise SiteConfigError(f"`{where}.document_locales` must map language codes to tags, e.g. `nl: nl-BE`")
        offline = data.get("offline", True)
        if isinstance(offline, str):
            offline = offline.strip().lower() not in {"0", "false", "no", "off", ""}
        elif not isinstance(offline, bool):
            raise SiteConfigError(f"`{where}.offline` must be true or false, not {offline!r}")
        publisher = data.get("publisher") or {}
        publisher_keys = ("name", "contact", "address")
        if not isinstance(publisher, Mapping):
            raise SiteConfigError(f"`{where}.publisher` must be a mapping with {', '.join(publisher_keys)}")
        for key, value in publisher.items():
            if key not in publisher_keys:
                raise SiteConfigError(f"`{where}.publisher.{key}` is not a setting; use one of: "
                                      f"{', '.join(publisher_keys)}")
            if value is not None and not isinstance(value, str):
                raise SiteConfigError(f"`{where}.publisher.{key}` must be text, not {value!r}")
        limit = data.get("sidebar_section_limit", 40)
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise SiteConfigError(f"`{where}.sidebar_section_limit` must be a whole number of pages above 0, "
                                  f"not {limit!r}")
        return cls(missing_translation=policy, document_locales={str(k): v for k, v in locales.items()},
                   offline=offline, publisher={str(k): v or "" for k, v in publisher.items()},
                   sidebar_section_limit=limit)


# --------------------------------------------------------------------------------------------------------------------
# URLs (use_directory_urls)
# --------------------------------------------------------------------------------------------------------------------
@lru_cache(maxsize=65536)  # every link, listing and breadcrumb asks again (~23 000 calls at 500 per language)
def page_url(rel_path: str) -> str:
    """Site-relative URL of a content page without language prefix: "x/y.md" -> "x/y/", "index.md" -> ""."""
    directory, name = posixpath.split(rel_path)
    stem = posixpath.splitext(name)[0]
    if stem in ("index", "README"):
        return f"{directory}/" if directory else ""
    return f"{directory}/{stem}/" if directory else f"{stem}/"


@dataclass(frozen=True)
class Site:
    """The languages and settings of one portal. Languages are in config order with the default one first."""

    root: Path
    languages: tuple[Language, ...]
    settings: PortalSettings = field(default_factory=PortalSettings)
    docs_dir: Path | None = None  # content/ unless mkdocs.yml says otherwise
    site_url: str = ""
    site_name: str = ""

    def __post_init__(self) -> None:
        defaults = [lang.code for lang in self.languages if lang.default]
        if len(defaults) != 1:
            raise SiteConfigError("exactly one language in `plugins: i18n: languages:` must have `default: true` "
                                  f"(found {len(defaults)})")
        ordered = tuple(sorted(self.languages, key=lambda lang: not lang.default))
        object.__setattr__(self, "languages", ordered)
        object.__setattr__(self, "root", Path(self.root))
        object.__setattr__(self, "docs_dir", Path(self.docs_dir) if self.docs_dir else Path(self.root) / "content")

    # --- languages ---------------------------------------------------------------------------------------------------
    @property
    def langs(self) -> tuple[str, ...]:
        """Every language code, the default one first."""
        return tuple(lang.code for lang in self.languages)

    @property
    def default_lang(self) -> str:
        """The default language: served at the site root, the source of every translation."""
        return self.languages[0].code

    @property
    def translated_langs(self) -> tuple[str, ...]:
        """The languages translated from the default one."""
        return self.langs[1:]

    def language(self, code: str) -> Language:
        for lang in self.languages:
            if lang.code == code:
                return lang
        raise KeyError(f"{code!r} is not a language of this site (it has {', '.join(self.langs)})")

    def name(self, code: str) -> str:
        return self.language(code).name

    def english_name(self, code: str) -> str:
        """The language's name in English, for messages to editors (which are in English)."""
        return ENGLISH_NAMES.get(code.split("-")[0].split("_")[0], self.name(code))

    def others(self, code: str) -> tuple[str, ...]:
        return tuple(c for c in self.langs if c != code)

    def document_locale(self, code: str) -> str:
        return self.settings.document_locales.get(code) or self.language(code).document_locale or code

    # --- URLs --------------------------------------------------------------------------------------------------------
    def prefix(self, lang: str) -> str:
        """Path from the site root to a language's pages: "" for the default language, "en/" for English."""
        return "" if lang == self.default_lang else f"{lang}/"

    def url(self, lang: str, rel_path: str) -> str:
        """A page's path from the site root, language prefix included: "en/instrumenten/x/"."""
        return self.prefix(lang) + page_url(rel_path)

    def page_path(self, page) -> str:
        """:meth:`url` of a model page (anything with ``lang`` and ``rel_path``)."""
        return self.url(page.lang, page.rel_path)

    def absolute(self, path: str) -> str:
        base = (self.site_url or "/").rstrip("/") + "/"
        return base + path.lstrip("/")

    # --- folders -----------------------------------------------------------------------------------------------------
    @property
    def content_dir(self) -> Path:
        return self.docs_dir

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def rel_path(self, src_uri: str, lang: str) -> str:
        """mkdocs-static-i18n keeps the language folder in ``src_uri`` (``en/x.md``); the model keys pages without it."""
        prefix = f"{lang}/"
        return src_uri[len(prefix):] if src_uri.startswith(prefix) else src_uri


# --------------------------------------------------------------------------------------------------------------------
# Building a Site
# --------------------------------------------------------------------------------------------------------------------
#: The languages of a bare content tree without mkdocs.yml (unit-test fixtures): the portal's own pair.
BARE_TREE_LANGUAGES = (Language("nl", "Nederlands", default=True, document_locale="nl-BE"),
                       Language("en", "English", document_locale="en-GB"))


def bare_site(root: Path | str = ".", langs: tuple[str, ...] | None = None) -> Site:
    """A Site for a content tree without mkdocs.yml: nothing is published, so no missing-translation policy."""
    languages = BARE_TREE_LANGUAGES
    if langs is not None:
        known = {lang.code: lang for lang in BARE_TREE_LANGUAGES}
        languages = tuple(known.get(code, Language(code, code)) for code in langs)
        if not any(lang.default for lang in languages):
            first = languages[0]
            languages = (Language(first.code, first.name, True),) + languages[1:]
    return Site(root=Path(root), languages=languages, settings=PortalSettings(missing_translation=None))


def _languages(entries: Any) -> tuple[Language, ...]:
    if not entries:
        raise SiteConfigError("`plugins: i18n: languages:` lists no language; add one with `default: true`")
    languages = []
    for entry in entries:
        get = entry.get if isinstance(entry, Mapping) else (lambda key, default=None, e=entry: getattr(e, key, default))
        code = get("locale")
        if not code or code == "null" or get("build", True) is False:
            continue  # the i18n plugin's switcher-only entries are not languages of the content
        languages.append(Language(code=str(code), name=str(get("name") or code), default=bool(get("default", False))))
    return tuple(languages)


def site_from_dict(data: Mapping, root: Path, *, i18n_languages: Any = None) -> Site:
    """A Site from the mkdocs.yml mapping (raw YAML or the live MkDocs config, which is a mapping too)."""
    if i18n_languages is None:
        for plugin in data.get("plugins") or []:
            if isinstance(plugin, Mapping) and "i18n" in plugin:
                i18n_languages = (plugin["i18n"] or {}).get("languages")
    extra = data.get("extra") or {}
    settings = PortalSettings.from_mapping(extra.get("kenniscentrum") if isinstance(extra, Mapping) else None)
    # The portal's content folder is content/ (mkdocs.yml sets `docs_dir: content`; a config snippet may leave it out).
    docs_dir = Path(data.get("docs_dir") or "content")
    if not docs_dir.is_absolute():
        docs_dir = Path(root) / docs_dir
    # A config snippet without the i18n plugin (a test project) has the bare tree's languages; a real build without
    # the plugin stops in site_from_mkdocs().
    languages = _languages(i18n_languages) if i18n_languages is not None else BARE_TREE_LANGUAGES
    return Site(root=Path(root), languages=languages, settings=settings, docs_dir=docs_dir,
                site_url=str(data.get("site_url") or ""), site_name=str(data.get("site_name") or ""))


def site_from_mkdocs(config) -> Site:
    """The Site of a running build, from MkDocs' validated config (the i18n plugin's parsed `languages`)."""
    root = Path(config.config_file_path).parent
    i18n = config.plugins.get("i18n")
    if i18n is None:
        raise SiteConfigError("mkdocs.yml: the i18n plugin (mkdocs-static-i18n) is not enabled; see docs/languages.md")
    return site_from_dict(config, root, i18n_languages=i18n.config.languages)


_loaded: dict[Path, tuple[tuple, Site]] = {}


def load_site(root: Path | str) -> Site:
    """The Site described by ``<root>/mkdocs.yml`` (cached on the file's size and time), or :func:`bare_site`."""
    root = Path(root).resolve()
    config = root / "mkdocs.yml"
    try:
        stat = config.stat()
    except OSError:
        return bare_site(root)
    key = (stat.st_mtime_ns, stat.st_size)
    cached = _loaded.get(config)
    if cached and cached[0] == key:
        return cached[1]
    from mkdocs.utils.yaml import yaml_load  # MkDocs' own loader: !ENV and !relative as in a build

    try:
        with config.open(encoding="utf-8") as handle:
            data = yaml_load(handle) or {}
    except Exception as exc:  # YAMLError, a bad !ENV, …
        raise SiteConfigError(f"{config}: cannot be read ({exc})") from None
    try:
        site = site_from_dict(data, root)
    except SiteConfigError as exc:
        raise SiteConfigError(f"{config}: {exc}") from None
    _loaded[config] = (key, site)
    return site
