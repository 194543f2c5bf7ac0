"""Per-language search with Pagefind (docs/decisions/0005-search.md).

Each language has its own bundle, ``<language prefix>pagefind/`` (``pagefind/`` for the default language at the site
root, ``en/pagefind/`` …), written by the language's own build right after its pages (:func:`index_language`): the
languages build in parallel (``kenniscentrum.parallel``), so each indexes while another still renders. Only the
element marked ``data-pagefind-body`` is indexed, so navigation chrome, listings of other pages and generated overview
pages stay out; Pagefind uses the stemmer of the pages' ``<html lang>``. The search page loads its language's
``pagefind.js``, which fetches only the chunks a query needs.

:func:`run_pagefind` is the only side effect here; :func:`parse_summary` and :func:`index_languages` are pure and
tested on their own.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

OUTPUT_SUBDIR = "pagefind"
#: Set to "0" to skip indexing (e.g. to time the rest of the build on its own).
ENV_SWITCH = "KC_SEARCH_INDEX"
#: The scratch folder a build's Pagefind run reads (next to the site; ``make clean`` removes a killed build's).
SCRATCH_PREFIX = ".kc-search-"


class SearchIndexError(RuntimeError):
    """Pagefind failed or produced no index."""


@dataclass
class IndexSummary:
    pages: int = 0
    words: int = 0
    languages: list[str] = field(default_factory=list)
    seconds: float = 0.0
    output: str = ""
    documents: int | None = None  # searchable parts read instead of whole pages (SearchSources), None: whole pages


_PAGES = re.compile(r"Indexed (\d+) pages?")
_WORDS = re.compile(r"Indexed (\d+) words?")
_LANGS = re.compile(r"Discovered \d+ languages?: ([^\n]+)")


def parse_summary(output: str) -> IndexSummary:
    """Read the counts from Pagefind's console summary (the last "Indexed N pages" line is the total)."""
    pages = _PAGES.findall(output)
    words = _WORDS.findall(output)
    langs = _LANGS.search(output)
    return IndexSummary(
        pages=int(pages[-1]) if pages else 0,
        words=int(words[-1]) if words else 0,
        languages=sorted(x.strip() for x in langs.group(1).split(",")) if langs else [],
        output=output,
    )


#: Never indexed, even inside ``data-pagefind-body``: heading permalinks ("¶") and the controls of the interactive
#: checklist and worksheet (session buttons, export, action-plan table), which are the same on every such page.
EXCLUDE_SELECTORS = (".headerlink", ".kc-toolbar", ".kc-js-only", ".kc-no-print")


#: Pagefind's ready-made interfaces, written on every run; the site uses the JS API (pagefind.js) with its own
#: markup (overrides/kc/search.html, assets/javascripts/search.js), so they are removed to keep the site lean.
UNUSED_BUNDLES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                  "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


def pagefind_launcher(python: str | None = None) -> list[str]:
    """How Pagefind is started: its binary from the ``pagefind[bin]`` package when it is installed (``python -m
    pagefind`` would start a Python interpreter only to exec that same binary: ~0.2 s of CPU per language), else
    ``python -m pagefind``. ``python`` forces the latter with that interpreter."""
    if python is None:
        try:
            from pagefind_bin import get_executable

            return [str(get_executable())]
        except Exception:  # noqa: BLE001 — no binary package (or an unsupported platform): Python finds Pagefind
            python = sys.executable
    return [python, "-m", "pagefind"]


def pagefind_command(site_dir: Path, *, glob: str | None = None, output: Path | None = None,
                     python: str | None = None) -> list[str]:
    command = [*pagefind_launcher(python), "--site", str(site_dir)]
    command += ["--output-subdir", OUTPUT_SUBDIR] if output is None else ["--output-path", str(output)]
    if glob is not None:
        command += ["--glob", glob]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def enabled(environ: dict | None = None) -> bool:
    return (environ if environ is not None else os.environ).get(ENV_SWITCH, "1") != "0"


#: Folder names a glob can list as they are (content slugs, assets, …); anything else is refused, not escaped.
_PLAIN_NAME = re.compile(r"^[\w.-]+$")


def default_language_glob(site_dir: Path, other_prefixes) -> str:
    """The HTML files of the default language, which lives at the site root next to the other languages' folders:
    the root's own files and every top-level folder except those folders (and Pagefind's bundle)."""
    skip = {prefix.strip("/") for prefix in other_prefixes} | {OUTPUT_SUBDIR}
    folders = []
    for entry in sorted(Path(site_dir).iterdir()):
        if entry.is_dir() and entry.name not in skip:
            if not _PLAIN_NAME.match(entry.name):
                raise SearchIndexError(f"cannot index the folder {entry.name!r} of the site: its name has characters "
                                       "a Pagefind glob would read as a pattern")
            folders.append(entry.name)
    if not folders:
        return "*.html"
    return "{*.html," + ("{" + ",".join(folders) + "}" if len(folders) > 1 else folders[0]) + "/**/*.html}"


#: The start tag of a page's searchable part (``overrides/main.html``; content pages only). A page body can never
#: contain it: the content boundary refuses ``data-*`` attributes (KC215).
SEARCHABLE_START = '<div class="kc-page" data-pagefind-body>'
#: What closes the element that holds the searchable part (``overrides/base.html``). Content can never write it
#: (``<article>`` is not on the allow-list: KC204), so its first occurrence after the searchable part is the theme's.
_ARTICLE_END = "</article>"


def searchable_document(html: str) -> str | None:
    """The part of a rendered page Pagefind reads: everything up to the ``<body …>`` tag (the page's language and
    title), the searchable ``<div>`` and nothing else. Pagefind indexes only that ``<div>`` anyway (and reads its
    ``data-pagefind-meta`` there), so the index is byte for byte the one of the whole page
    (``tests/build/test_discovery_build.py``); it only has a third of the bytes to parse (at 500 pages per
    language: 1.3 s → 0.9 s of Pagefind's CPU). None when the page has no searchable part, or when its shape is
    not the one described above (then Pagefind reads the whole page, as before)."""
    start = html.find(SEARCHABLE_START)
    if start < 0:
        return None
    body = html.find("<body")
    body_end = html.find(">", body) + 1 if body >= 0 else 0
    article_end = html.find(_ARTICLE_END, start)
    end = html.rfind("</div>", start, article_end) if article_end >= 0 else -1
    if body < 0 or not 0 < body_end <= start or end < 0:
        return None
    return html[:body_end] + html[start:end + len("</div>")] + "</body></html>"


@dataclass
class SearchSources:
    """What Pagefind reads for one language build, collected from the pages as they are rendered
    (``hooks/discovery.py``, ``on_post_page``): ``{path in the site: searchable document}``."""

    documents: dict[str, str] = field(default_factory=dict)

    def add(self, path: str, html: str) -> None:
        document = searchable_document(html)
        if document is not None:
            self.documents[path] = document

    def write(self, site_dir: Path, prefix: str, other_prefixes, into: Path) -> int:
        """Lay out the language's HTML files under ``into`` at their paths in the site: the searchable document of
        each page collected, every other HTML file of the language (pages without a searchable part, pages written
        by other means) linked as it is. Returns how many documents were written."""
        written, folders = 0, set()
        for rel in language_html_files(site_dir, prefix, other_prefixes):
            target = os.path.join(into, rel)
            folder = os.path.dirname(target)
            if folder not in folders:  # one call per folder, not per file (pathlib's mkdir was 0.06 s per language)
                os.makedirs(folder, exist_ok=True)
                folders.add(folder)
            document = self.documents.get(rel)
            if document is not None:
                with open(target, "w", encoding="utf-8") as out:
                    out.write(document)
                written += 1
                continue
            try:
                os.link(os.path.join(site_dir, rel), target)
            except OSError:  # another file system: a copy reads the same
                shutil.copyfile(os.path.join(site_dir, rel), target)
        return written


def language_html_files(site_dir: Path, prefix: str, other_prefixes=()) -> list[str]:
    """The HTML files of one language, as site-relative POSIX paths: what :func:`index_language`'s glob selects
    (``<prefix>**/*.html``; for the default language at the root, every HTML file outside the other languages'
    folders and the search bundle)."""
    site_dir = Path(site_dir)
    top = site_dir / prefix
    skip = {OUTPUT_SUBDIR} | ({p.strip("/") for p in other_prefixes} if not prefix else set())
    found = []
    for dirpath, dirnames, filenames in os.walk(top):
        if Path(dirpath) == top:
            dirnames[:] = [d for d in dirnames if d not in skip]
        dirnames.sort()
        rel_dir = Path(dirpath).relative_to(site_dir).as_posix()
        for name in sorted(filenames):
            if name.endswith(".html"):
                found.append(name if rel_dir == "." else f"{rel_dir}/{name}")
    return found


def index_language(site_dir: Path, prefix: str, other_prefixes=(), *, register=None,
                   sources: SearchSources | None = None) -> IndexSummary | None:
    """Index one language's pages into its own bundle, ``site_dir/<prefix>pagefind/``. ``prefix`` is the
    language's folder with a slash (``"en/"``), or ``""`` for the default language at the root, whose pages are
    told apart from ``other_prefixes`` (the other languages' folders) by :func:`default_language_glob`.

    With ``sources`` (the searchable parts of the pages, collected while they were rendered), Pagefind reads those
    from a scratch folder next to the site instead of the whole pages (:func:`searchable_document`)."""
    site_dir = Path(site_dir)
    if sources is not None:
        scratch = Path(tempfile.mkdtemp(dir=site_dir.parent, prefix=SCRATCH_PREFIX))
        try:
            documents = sources.write(site_dir, prefix, other_prefixes, scratch)
            summary = run_pagefind(scratch, output=site_dir / prefix / OUTPUT_SUBDIR, register=register)
            if summary is not None:
                summary.documents = documents
            return summary
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    # Pagefind reads the whole site with a glob (not the language's folder as its site): the urls in the index are
    # then site-absolute (/en/…), as the search page links them.
    glob = f"{prefix.strip('/')}/**/*.html" if prefix else default_language_glob(site_dir, other_prefixes)
    return run_pagefind(site_dir, glob=glob, output=site_dir / prefix / OUTPUT_SUBDIR, register=register)


def index_site(site_dir: Path, prefixes, *, register=None) -> list[IndexSummary] | None:
    """Every language's bundle, one after the other (``make serve``'s background index); None when stopped."""
    summaries = []
    for prefix in prefixes:
        summary = index_language(site_dir, prefix, [p for p in prefixes if p != prefix], register=register)
        if summary is None:
            return None
        summaries.append(summary)
    return summaries


def run_pagefind(site_dir: Path, *, glob: str | None = None, output: Path | None = None, timeout: int = 900,
                 register=None) -> IndexSummary | None:
    """Index ``site_dir`` (the files matching ``glob``, by default every HTML file) into ``output`` (by default
    ``site_dir/pagefind/``); raises :class:`SearchIndexError` with Pagefind's output.

    ``register(process)``, when given, receives the Pagefind child process so that the caller can stop it (the
    background indexer of ``make serve``, :class:`kenniscentrum.preview.SearchIndexer`); a run stopped that way
    returns None."""
    site_dir = Path(site_dir)
    started = time.perf_counter()
    try:
        process = subprocess.Popen(pagefind_command(site_dir, glob=glob, output=output), stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, env={**os.environ, "NO_COLOR": "1"})
    except OSError as exc:
        raise SearchIndexError(f"Pagefind could not run: {exc}. Is `pagefind[bin]` installed (requirements.txt)?")
    if register is not None:
        register(process)
    try:
        console, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        console, _ = process.communicate()
        raise SearchIndexError(f"Pagefind did not finish within {timeout} s:\n{(console or '').strip()}")
    console = console or ""
    if process.returncode < 0 and register is not None:
        return None  # stopped by the caller
    if process.returncode != 0:
        raise SearchIndexError(f"Pagefind failed (exit {process.returncode}):\n{console.strip()}")
    summary = parse_summary(console)
    summary.seconds = time.perf_counter() - started
    bundle = site_dir / OUTPUT_SUBDIR if output is None else Path(output)
    entry = bundle / "pagefind-entry.json"
    if not entry.is_file():
        raise SearchIndexError(f"Pagefind wrote no {entry}:\n{console.strip()}")
    entry.write_text(normalise_entry(entry.read_text(encoding="utf-8")), encoding="utf-8")
    for name in UNUSED_BUNDLES:
        (bundle / name).unlink(missing_ok=True)
    return summary


def normalise_entry(text: str) -> str:
    """Pagefind lists the languages in ``pagefind-entry.json`` in whichever order its threads finish; sort them so
    that two builds of the same site are byte-identical (the browser reads the file as JSON, order is irrelevant)."""
    data = json.loads(text)
    if isinstance(data.get("languages"), dict):
        data["languages"] = dict(sorted(data["languages"].items()))
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def index_languages(site_dir: Path) -> dict[str, int]:
    """``language -> page count`` from the written index (``pagefind-entry.json``)."""
    entry = json.loads((Path(site_dir) / OUTPUT_SUBDIR / "pagefind-entry.json").read_text(encoding="utf-8"))
    return {lang: info.get("page_count", 0) for lang, info in sorted(entry.get("languages", {}).items())}


# --- suggestions for misspelt queries ---------------------------------------------------------------------------

#: Words shorter than this are not offered as corrections: too many short words lie one typo apart.
SUGGESTION_MIN_LENGTH = 4
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


def suggestion_terms(pages) -> list[str]:
    """The words the search page may suggest when a query finds nothing ("ambasadeur" → "ambassadeur"): every word
    of the titles of ``pages`` and every glossary term, lower-cased, unique, sorted. Sent to the browser as JSON on
    the search page (overrides/kc/search.html); search.js picks the nearest by edit distance."""
    words = set()
    for page in pages:
        texts = [page.meta.get("title", "")]
        if page.type == "glossary":
            texts += [entry.get("term", "") for entry in page.meta.get("terms") or []]
        for text in texts:
            for word in _WORD.findall(str(text).lower()):
                for part in [word, *word.split("-")]:
                    if len(part) >= SUGGESTION_MIN_LENGTH:
                        words.add(part)
    return sorted(words)
