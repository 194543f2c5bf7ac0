"""Offline use and installation: what the service worker precaches, which sections a reader can keep, the build's
version, the web app manifest and the app icons. Pure: no MkDocs; reads a built site directory.

How the parts fit (docs/offline.md):

* every page says which offline *section* it belongs to (``section_of``; the template writes it as
  ``<meta name="kc-offline-section">``), so the build can list a section's pages from the HTML it wrote;
* ``plan_site`` walks the built site once, after every language and the search index are written, and returns the
  precache list (the shell: styles, scripts, icons, the offline pages, and every interactive tool in every language),
  the sections per language with their size, and the build's version (a hash of every file the site serves);
* ``hooks/offline.py`` renders ``overrides/kc/service-worker.js`` with ``worker_settings(plan)`` into ``sw.js`` and
  writes ``offline.json`` per language (``offline_document``) for the "keep for offline use" controls.

The version is a hash of content, never of time, so two builds of the same tree write the same ``sw.js``; and any
changed byte anywhere gives a new version, so the service worker replaces every cached copy from the old build.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kenniscentrum import parallel
from kenniscentrum.speedups import FileMemo

#: Where the offline page lives in every language (a generated stub: kenniscentrum/generators/offline.py).
OFFLINE_PAGE = "offline/index.md"
OFFLINE_URL = "offline/"
WORKER_FILE = "sw.js"
DOCUMENT_FILE = "offline.json"
MANIFEST_FILE = "manifest.webmanifest"
#: The HTML marker ``section_of`` feeds (partials/kc/offline-head.html).
SECTION_META = "kc-offline-section"
#: Sections a reader can keep for offline use, in the order the offline page lists them (labels: data/ui/offline.yml).
SECTIONS = ("tools", "manual", "municipal")
#: Instrument kinds that are tools a reader fills in: precached for every reader, kept with the "tools" section.
TOOL_KINDS = ("checklist", "working-instrument", "scan")
#: The portal's colours (overrides/assets/stylesheets/kenniscentrum.css, --md-primary-fg-color).
THEME_COLOUR = "#1d5c3a"
BACKGROUND_COLOUR = "#ffffff"
#: Icons written by ``draw_icon`` and committed under overrides/assets/images/ (re-drawn by a unit test).
ICONS = (
    {"file": "icon-192.png", "size": 192, "purpose": "any"},
    {"file": "icon-512.png", "size": 512, "purpose": "any"},
    {"file": "icon-maskable-512.png", "size": 512, "purpose": "maskable"},
)
#: What a reader's browser keeps at most besides the shell and the sections the reader chose to keep: pages and
#: downloads opened, oldest dropped first.
RUNTIME_BUDGET_ENTRIES = 200
#: Files under assets/ the shell precaches (Material's own search worker and its language packs are never loaded:
#: search is Pagefind, docs/decisions/0005-search.md).
_SHELL_SUFFIXES = (".css", ".js", ".svg", ".png", ".ico", ".woff2")
_SHELL_SKIP = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
#: Files that depend on the version and so cannot be part of it (besides each language's ``offline.json``).
_UNVERSIONED = (WORKER_FILE, "_headers")

_SECTION_TAG = re.compile(
    r"""<meta\s+name=["']%s["']\s+content=["']([a-z-]+)["']\s*/?>""" % re.escape(SECTION_META))


def section_of(page_type: str | None, kind: str | None) -> str | None:
    """The offline section of a validated page: an interactive instrument, a manual chapter, municipal guidance."""
    if page_type == "instrument" and kind in TOOL_KINDS:
        return "tools"
    if page_type == "chapter":
        return "manual"
    if page_type == "guidance":
        return "municipal"
    return None


@dataclass(frozen=True)
class Language:
    code: str
    prefix: str  # "" for the default language, "en/" for English


@dataclass
class SectionPlan:
    id: str
    urls: list[str] = field(default_factory=list)
    bytes: int = 0


@dataclass
class OfflinePlan:
    version: str
    shell: list[str]
    sections: dict[str, list[SectionPlan]]  # language code -> sections with at least one page
    languages: list[Language]


def _page_url(rel: PurePosixPath) -> str:
    """Site-relative URL of a built HTML file: "en/instrumenten/x/index.html" -> "en/instrumenten/x/"."""
    text = rel.as_posix()
    if text == "index.html":
        return ""
    if text.endswith("/index.html"):
        return text[: -len("index.html")]
    return text


def _language_of(url: str, languages: list[Language]) -> Language:
    for language in sorted(languages, key=lambda lang: -len(lang.prefix)):
        if url.startswith(language.prefix):
            return language
    raise ValueError(f"{url}: belongs to no configured language")


def _file_facts(paths: list[Path]) -> list[tuple[str, bytes, str | None, int]]:
    """``(path, sha256 of its bytes, its offline section or None, size)`` of each file (a share of the site's files:
    :func:`_site_facts` deals them over the cores). Files unchanged since an earlier build of this process are not
    read again (:data:`FILE_FACTS`; ``make serve``)."""
    return [(str(path), *FILE_FACTS.get(path, None, _facts_of)) for path in paths]


def _facts_of(path: Path) -> tuple[bytes, str | None, int]:
    data = path.read_bytes()
    section = None
    if path.suffix == ".html":
        match = _SECTION_TAG.search(data[:16384].decode("utf-8", "replace"))
        section = match.group(1) if match else None
    return hashlib.sha256(data).digest(), section, len(data)


#: Facts of the site's files, kept while each file is unchanged (``speedups.FileMemo``).
FILE_FACTS = FileMemo()


#: Files per worker process below which reading the site is left to one process.
_FILES_PER_WORKER = 400


def _site_facts(site_dir: Path) -> list[tuple[Path, bytes, str | None, int]]:
    """:func:`_file_facts` of every file under ``site_dir``, in path order, read on every core for a large site."""
    paths = sorted(p for p in site_dir.rglob("*") if p.is_file())
    FILE_FACTS.only(paths)
    workers = parallel.workers_for(len(paths), min_per_worker=_FILES_PER_WORKER)
    by_path = {}
    for facts in parallel.fork_map(_file_facts, paths, workers=workers):
        for name, digest, section, size in facts:
            by_path[name] = (digest, section, size)
    return [(path, *by_path[str(path)]) for path in paths]


def _version(site_dir: Path, facts, languages: list[Language]) -> str:
    skip = set(_UNVERSIONED) | {lang.prefix + DOCUMENT_FILE for lang in languages}
    digest = hashlib.sha256()
    for path, file_digest, _section, _size in facts:
        rel = path.relative_to(site_dir).as_posix()
        if rel in skip:
            continue
        digest.update(rel.encode() + b"\0")
        digest.update(file_digest)
    return digest.hexdigest()[:16]


def version_of(site_dir: Path, languages: list[Language]) -> str:
    """A hash of every file the site serves (paths and bytes): the same tree gives the same version. The files this
    module writes are left out — under ``mkdocs serve --dirty`` the previous build's copies are still there."""
    site_dir = Path(site_dir)
    return _version(site_dir, _site_facts(site_dir), languages)


def plan_site(site_dir: Path, languages: list[Language]) -> OfflinePlan:
    site_dir = Path(site_dir)
    facts = _site_facts(site_dir)  # one walk over the built site for the shell, the sections and the version
    shell: list[str] = []
    for path, _digest, _section, _size in facts:
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith("assets/") and rel.endswith(_SHELL_SUFFIXES) and not rel.startswith(_SHELL_SKIP):
            shell.append(rel)
    for language in languages:
        shell.append(language.prefix + OFFLINE_URL)
        shell.append(language.prefix + DOCUMENT_FILE)
        shell.append(language.prefix + MANIFEST_FILE)
    found: dict[str, dict[str, SectionPlan]] = {lang.code: {} for lang in languages}
    for path, _digest, section_id, size in facts:
        if section_id is None:
            continue
        url = _page_url(PurePosixPath(path.relative_to(site_dir).as_posix()))
        language = _language_of(url, languages)
        section = found[language.code].setdefault(section_id, SectionPlan(section_id))
        section.urls.append(url)
        section.bytes += size
        if section_id == "tools":
            shell.append(url)
    sections = {code: [by_id[s] for s in SECTIONS if s in by_id] for code, by_id in found.items()}
    return OfflinePlan(_version(site_dir, facts, languages), shell, sections, list(languages))


def worker_settings(plan: OfflinePlan) -> dict:
    """What ``overrides/kc/service-worker.js`` is rendered with (as JSON)."""
    return {
        "version": plan.version,
        "shell": plan.shell,
        "languages": [{"prefix": lang.prefix, "offline": lang.prefix + OFFLINE_URL}
                      for lang in sorted(plan.languages, key=lambda lang: -len(lang.prefix))],
        "runtime_budget": RUNTIME_BUDGET_ENTRIES,
    }


def offline_document(plan: OfflinePlan, language: Language) -> dict:
    """``<lang>/offline.json``: the sections a reader of this language can keep, with their pages and size."""
    return {
        "format": "kenniscentrum-mvo/offline",
        "version": plan.version,
        "language": language.code,
        "sections": [{"id": s.id, "pages": len(s.urls), "bytes": s.bytes, "urls": s.urls}
                     for s in plan.sections.get(language.code, [])],
    }


def write_site_files(site_dir: Path, languages: list[Language], render_worker: Callable[[dict], str]) -> OfflinePlan:
    """After the whole site is written: ``offline.json`` per language, then ``sw.js`` (``render_worker`` gets
    ``worker_settings``; the hook renders ``overrides/kc/service-worker.js`` with it)."""
    site_dir = Path(site_dir)
    plan = plan_site(site_dir, languages)
    for language in languages:
        document = offline_document(plan, language)
        (site_dir / language.prefix / DOCUMENT_FILE).write_text(
            json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (site_dir / WORKER_FILE).write_text(render_worker(worker_settings(plan)), encoding="utf-8")
    return plan


def web_manifest(*, name: str, short_name: str, description: str, lang: str, icon_base: str) -> dict:
    """The web app manifest of one language, written next to that language's home page (``start_url`` and
    ``scope`` are relative to the manifest, so the app opens in the reader's language). ``icon_base`` is the path
    from the manifest to ``assets/images/`` ("../assets/images/" under "en/")."""
    return {
        "name": name,
        "short_name": short_name,
        "description": description,
        "lang": lang,
        "id": "./",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [{"src": icon_base + icon["file"], "sizes": f"{icon['size']}x{icon['size']}",
                   "type": "image/png", "purpose": icon["purpose"]} for icon in ICONS],
    }


def draw_icon(size: int, maskable: bool):
    """The portal's logo (a circle with a tick, as assets/images/logo.svg) in white on the theme colour, as a
    Pillow image. Maskable icons fill the whole square and keep the logo inside the central safe zone (40 % radius);
    the others have rounded corners. Pillow comes with WeasyPrint."""
    from PIL import Image, ImageDraw

    scale = 4  # draw large, then downsample: smooth edges without anti-aliasing support in ImageDraw
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    colour = tuple(int(THEME_COLOUR[i:i + 2], 16) for i in (1, 3, 5)) + (255,)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=colour)
        logo = big * 0.5
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=int(big * 0.18), fill=colour)
        logo = big * 0.72
    unit = logo / 24  # the SVG's viewBox is 24 x 24
    left = (big - logo) / 2

    def at(x, y):
        return (left + x * unit, left + y * unit)

    white = (255, 255, 255, 255)
    width = max(1, round(2 * unit))
    draw.ellipse((*at(2, 2), *at(22, 22)), outline=white, width=width)
    draw.line([at(7, 13), at(10, 16), at(17, 8)], fill=white, width=max(1, round(2.2 * unit)), joint="curve")
    return image.resize((size, size), Image.LANCZOS)


def write_icons(images_dir: Path) -> list[Path]:
    """(Re)draw the committed icons: ``python -c 'from kenniscentrum.offline import write_icons; ...'``."""
    written = []
    for icon in ICONS:
        target = Path(images_dir) / icon["file"]
        draw_icon(icon["size"], icon["purpose"] == "maskable").save(target, optimize=True)
        written.append(target)
    return written
