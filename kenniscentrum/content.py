"""Load and validate the whole content tree: every ``content/<lang>/**/*.md`` becomes a typed :class:`Page` or an
:class:`~kenniscentrum.issues.Issue` (usually both when something is wrong). Never raises on bad content.

Order of work in :func:`load_content`:

1. vocabularies (``data/vocabularies/<lang>.yml``, KC4xx);
2. every Markdown file: bytes → front matter (KC0xx) → schema of its ``type`` (KC1xx);
3. every page body: links, anchors, images, raw HTML, components (KC2xx) — links resolve against the files on disk,
   generated stubs included — and the content boundary on the body as the build renders it
   (:mod:`kenniscentrum.validation.rendered`: no script, no resource loads, safe attributes and link schemes);
4. across pages: parity between languages, chapter order, guidance parts (KC3xx).

Which languages exist, and which one is the source of the translations, comes from the :class:`~kenniscentrum.site.Site`.

Issues are de-duplicated and sorted by (path, line, rule).
"""
from __future__ import annotations

import dataclasses
import gc
import os
import posixpath
import time
from dataclasses import dataclass, field
from pathlib import Path

from kenniscentrum.frontmatter import parse
from kenniscentrum.scratchfiles import is_scratch
from kenniscentrum.model.vocabularies import Vocabulary, load_vocabularies
from kenniscentrum.site import Site, load_site, page_url
from kenniscentrum.validation.assets import check_content_files
from kenniscentrum.validation.body import BodyInfo, LinkContext, analyse, check_body
from kenniscentrum.validation.crosspage import check_chapter_order, check_guidance, check_pairs, check_recommends
from kenniscentrum.issues import Issue, make_issue
from kenniscentrum.validation.rendered import Renderer, check_rendered, prewarm
from kenniscentrum.validation.schema import validate_meta
from kenniscentrum.validation.sources import check_sources
from kenniscentrum.translations import check_missing_translations


@dataclass(eq=False)
class Page:
    lang: str  # a language code of the Site, e.g. "nl"
    rel_path: str  # POSIX path relative to content/<lang>/, e.g. "instrumenten/checklist-x.md"
    src_path: Path
    meta: dict  # validated front matter, typed (dates are datetime.date); invalid or unknown keys left out
    meta_lines: dict  # top-level key -> 1-based line number in the file
    body: str  # Markdown after the front matter
    body_line: int  # 1-based line number where the body starts
    type: str  # meta["type"]
    display_path: str = ""  # the path issues name, e.g. "content/nl/instrumenten/checklist-x.md"
    lines: dict = field(default_factory=dict, repr=False)  # ("checklist", "sections", 0, "id") -> line
    _body_info: BodyInfo | None = field(default=None, repr=False)
    _anchors: frozenset | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        """Site-relative URL without language prefix (use_directory_urls): "x/y.md" -> "x/y/", "index.md" -> ""."""
        return page_url(self.rel_path)

    @property
    def is_draft(self) -> bool:
        return self.meta.get("status") == "draft"

    def line_of(self, *path) -> int:
        """1-based line of a (nested) front-matter key, falling back to its nearest known parent, then line 1."""
        at = tuple(path)
        while at and at not in self.lines:
            at = at[:-1]
        return self.lines.get(at, 1)

    @property
    def body_info(self) -> BodyInfo:
        if self._body_info is None:
            self._body_info = analyse(self.body)
        return self._body_info

    @property
    def anchors(self) -> set[str]:
        """Ids a link may point at: heading ids, explicit ids, and glossary term ids (the template's anchors)."""
        if self._anchors is None:
            ids = set(self.body_info.ids)
            if self.type == "glossary":
                ids.update(t["id"] for t in self.meta.get("terms", []) if isinstance(t, dict) and "id" in t)
            self._anchors = frozenset(ids)
        return self._anchors


@dataclass
class ContentSet:
    pages: list[Page]
    issues: list[Issue]
    vocab: dict[str, Vocabulary]
    files: dict[str, set[str]] = field(default_factory=dict, repr=False)  # lang -> every file under content/<lang>/
    site: Site | None = field(default=None, repr=False)  # the languages and settings the tree was loaded with

    def by_lang(self, lang: str) -> list[Page]:
        return [p for p in self.pages if p.lang == lang]

    def get(self, lang: str, rel_path: str) -> Page | None:
        index = self.__dict__.get("_index")
        if index is None or len(index) != len(self.pages):
            index = {(p.lang, p.rel_path): p for p in self.pages}
            self.__dict__["_index"] = index
        return index.get((lang, rel_path))


def _walk(base: Path, *, hidden: bool = False) -> list[str]:
    """Every file under ``base`` as a POSIX path relative to it, following folder links (as MkDocs does). Editors'
    scratch files are skipped; dot-files and dot-folders too (as MkDocs) unless ``hidden``."""
    out: list[str] = []
    base_str = str(base)
    for dirpath, dirnames, filenames in os.walk(base_str, followlinks=True):
        dirnames[:] = sorted(d for d in dirnames if hidden or not d.startswith("."))
        rel_dir = os.path.relpath(dirpath, base_str)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/") + "/"
        out.extend(rel_dir + name for name in sorted(filenames)
                   if (hidden or not name.startswith(".")) and not is_scratch(name))
    return out


_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")  # MkDocs' own list, compared without case


def _is_markdown_name(name: str) -> bool:
    return name.lower().endswith(_MARKDOWN_SUFFIXES)


def _unbuilt_markdown(content_dir: Path, prefix: str, langs: tuple) -> list[Issue]:
    """Markdown files that would not become a checked page of the portal: every ``.md`` file under ``content/`` is
    built or rejected with a reason, whatever its name (issue 14). What MkDocs 1.6 and mkdocs-static-i18n 1.3 do
    with them otherwise: names or folders starting with ``.`` are excluded silently (KC012); files outside the
    language folders are built only in the default language, unchecked, or ignored when their folder looks like
    another language code (KC013); ``.MD`` is not Markdown to MkDocs, so the source is published as a file, while
    ``.markdown`` and friends are built without these checks (KC014)."""
    issues = []
    for rel in _walk(content_dir, hidden=True):
        if not _is_markdown_name(rel):
            continue
        shown = f"{prefix}/{rel}"
        first, _, rest = rel.partition("/")
        if any(part.startswith(".") for part in rel.split("/")):
            issues.append(make_issue("KC012", shown, 1, "MkDocs skips files and folders whose name starts with '.': "
                                     "this page would not be published"))
        elif first not in langs or not rest:
            issues.append(make_issue("KC013", shown, 1, "only content/<lang>/ (" + ", ".join(
                f"content/{lang}/" for lang in langs) + ") is built as pages of the portal; this file would be "
                "skipped, or published unchecked"))
        elif not rel.endswith(".md"):
            what = ("MkDocs treats it as a plain file and publishes the source as it is" if rel.lower().endswith(".md")
                    else "MkDocs builds it, but the content checks read only .md files")
            issues.append(make_issue("KC014", shown, 1, f"'{rel.rsplit('/', 1)[-1]}' is not named *.md: {what}"))
    return issues


def _page_address(rel: str) -> str:
    """Where MkDocs writes ``rel`` (use_directory_urls): x.md, x/index.md and x/README.md are all ``x/``."""
    directory, name = posixpath.split(rel)
    stem = posixpath.splitext(name)[0]
    if stem in ("index", "README"):
        return directory
    return posixpath.join(directory, stem)


def _address_clashes(prefix: str, lang: str, rels: list[str]) -> list[Issue]:
    """Files of one language that become the same page: MkDocs drops README.md next to index.md (with a warning
    that names neither the reason nor the fix) and silently lets x/index.md overwrite x.md (KC015)."""
    by_address: dict[str, list[str]] = {}
    for rel in rels:
        by_address.setdefault(_page_address(rel), []).append(rel)
    issues = []
    for address, group in by_address.items():
        if len(group) < 2:
            continue
        for rel in group:
            others = ", ".join(f"content/{lang}/{o}" for o in group if o != rel)
            issues.append(make_issue("KC015", f"{prefix}/{lang}/{rel}", 1,
                                     f"this file and {others} are both the page '{address + '/' if address else '/'}'; "
                                     "only one of them would be published"))
    return issues


def _templates(overrides_dir: Path | None) -> set[str] | None:
    if overrides_dir is None or not overrides_dir.is_dir():
        return None
    return {rel for rel in _walk(overrides_dir) if rel.endswith(".html")}


def load_content(content_dir: Path, data_dir: Path, site: Site | None = None, *,
                 overrides_dir: Path | None = None) -> ContentSet:
    """Parse and validate every ``*.md`` under ``content_dir/<lang>/`` for every language of ``site`` (default:
    the Site of ``mkdocs.yml`` next to ``content_dir``, or a bare tree's). Never raises on bad content.

    Issue paths are relative to ``content_dir``'s parent (the project root), e.g. ``content/nl/x.md``. Template names
    (``template:``) are checked against ``overrides_dir`` (default: ``<root>/overrides``) when that folder exists.

    The cyclic garbage collector is paused while loading: the run allocates hundreds of thousands of small,
    acyclic objects (YAML nodes, dicts) that stay alive, and repeated collections over them took three quarters of
    the time (measured: 2.3 s → 0.5 s for parsing 4 000 pages). It is re-enabled before returning.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        content_dir = Path(content_dir)
        if site is None:
            site = load_site(content_dir.parent)
        return _load_content(content_dir, Path(data_dir), site, overrides_dir)
    finally:
        if was_enabled:
            gc.enable()


def _load_content(content_dir: Path, data_dir: Path, site: Site, overrides_dir) -> ContentSet:
    root = content_dir.parent
    langs = site.langs
    vocab, issues = load_vocabularies(data_dir, langs, root)
    templates = _templates(Path(overrides_dir) if overrides_dir is not None else root / "overrides")
    prefix = Path(os.path.relpath(content_dir, root)).as_posix()

    files: dict[str, set[str]] = {}
    shared: set[str] = set()
    if content_dir.is_dir():
        for rel in _walk(content_dir):
            first, _, rest = rel.partition("/")
            if first in langs and rest:
                files.setdefault(first, set()).add(rest)
            else:
                shared.add(rel)

    if content_dir.is_dir():
        issues.extend(_unbuilt_markdown(content_dir, prefix, langs))
    # Files MkDocs copies as they are: none may run code in the reader's browser (KC218).
    issues.extend(check_content_files(content_dir, prefix, sorted(
        [f"{lang}/{rel}" for lang in langs for rel in files.get(lang, ()) if not rel.endswith(".md")]
        + [rel for rel in shared if not rel.endswith(".md")])))

    pages: list[Page] = []
    parsed = _parsed_pages(content_dir, templates)
    for lang in langs:
        lang_files = files.setdefault(lang, set())
        lang_vocab = vocab.get(lang)
        vocab_token = parsed.vocab_token(lang, lang_vocab)
        markdown = sorted(f for f in lang_files if f.endswith(".md"))
        issues.extend(_address_clashes(prefix, lang, markdown))
        for rel in markdown:
            shown = f"{prefix}/{lang}/{rel}"
            src = content_dir / lang / rel
            try:
                page, problems = parsed.load(src, lang, rel, shown, lang_vocab, vocab_token, templates,
                                             translated=lang != site.default_lang)
            except Exception as exc:  # a checker bug must not hide every other problem
                problems, page = [_internal(shown, exc)], None
            issues.extend(problems)
            if page is not None:
                pages.append(page)
    parsed.done()

    index = {(p.lang, p.rel_path): p for p in pages}
    sources_headings = _sources_headings(data_dir, langs)
    link_contexts = {lang: LinkContext(lang, files[lang], shared, langs,
                                       lambda rel, lang=lang: _anchors(index, lang, rel),
                                       frozenset(p.rel_path for p in pages if p.lang == lang and p.is_draft))
                     for lang in langs}
    renderer = Renderer(root)  # the build's Markdown extensions (mkdocs.yml): the content boundary reads its output
    prewarm([page.body for page in pages], renderer)  # the boundary's Markdown renders on every core (large sites)
    for page in pages:
        links = link_contexts[page.lang]
        try:
            extra = page.anchors - page.body_info.ids
            found = check_body(page.display_path, page.rel_path, page.body, page.body_line, page.body_info,
                               links, extra, page.is_draft)
            issues.extend(found)
            issues.extend(check_rendered(page.display_path, page.body, page.body_line, renderer,
                                         {(i.rule, i.line) for i in found}))
            issues.extend(check_guidance(page))
            issues.extend(check_sources(page, sources_headings.get(page.lang)))  # KC230
        except Exception as exc:
            issues.append(_internal(page.display_path, exc))
    try:
        issues.extend(check_pairs(pages, langs))
        issues.extend(check_chapter_order(pages))
        issues.extend(check_recommends(pages))
        issues.extend(check_missing_translations(pages, site, files))  # KC308, docs/decisions/0004
    except Exception as exc:
        issues.append(_internal(prefix, exc))
    return ContentSet(pages=pages, issues=sorted(set(issues)), vocab=vocab, files=files, site=site)


def _sources_headings(data_dir: Path, langs) -> dict[str, str]:
    """lang -> the sources heading (KC230) from data/ui/core.yml, when the tree has interface strings."""
    if not (data_dir / "ui" / "core.yml").is_file():
        return {}
    from kenniscentrum.ui import load_ui_strings

    try:
        strings = load_ui_strings(data_dir, langs)
    except ValueError:  # a file lacks a language: the build reports it (build.prepare); fall back to the defaults
        return {}
    return {lang: strings[lang]["core"].get("sources_heading") for lang in langs if strings[lang].get("core")}


def _anchors(index: dict, lang: str, rel: str) -> set[str] | None:
    page = index.get((lang, rel))
    return page.anchors if page is not None else None


class ParsedPages:
    """Pages parsed and checked against their schema by earlier loads of one content folder, so that a
    ``make serve`` rebuild after an edit parses and validates only the files that changed (at 500 pages per
    language: ~0.15 s of a front-matter edit's rebuild).

    What :func:`_parse_page` returns depends on the file's bytes, its language, paths and whether it is a
    translation, the language's vocabularies (``data/vocabularies/``) and the template names of ``overrides/`` —
    nothing else (``frontmatter.parse`` and ``validation.schema.validate_meta`` read no other input). An entry is
    used only when all of these are equal to what it was made from: the file is read every time and its bytes
    compared, the vocabularies are compared by content. Issues come out exactly as a fresh parse gives them. Every
    load returns new :class:`Page` objects (with the cached values), and entries of files no longer present are
    dropped after each load. Checks on bodies and across pages (links, the content boundary, KC3xx) run on every
    load, as before."""

    def __init__(self) -> None:
        self.entries: dict[tuple, tuple] = {}
        self.seen: dict[tuple, tuple] = {}
        self.vocabularies: dict[str, object] = {}  # lang -> the vocabularies' items the entries were made with
        self.templates: frozenset | None = None

    def vocab_token(self, lang: str, vocab):
        """An object that is identical (``is``) for every load whose vocabularies of ``lang`` have equal items."""
        items = getattr(vocab, "_items", None) if vocab is not None else None
        known = self.vocabularies.get(lang)
        if known is not None and known == items:
            return known
        self.vocabularies[lang] = items
        return items

    def load(self, src: Path, lang: str, rel: str, shown: str, vocab, vocab_token, templates, *, translated: bool
             ) -> tuple[Page | None, list[Issue]]:
        try:
            data = _read_settled(src)
        except OSError as exc:
            return _unreadable(shown, exc)
        key = (str(src), lang, rel, shown, translated)
        templates_key = None if templates is None else frozenset(templates)
        entry = self.entries.get(key)
        if entry is not None and entry[0] == data and entry[1] is vocab_token and entry[2] == templates_key:
            page, problems = entry[3], entry[4]
        else:
            page, problems = _parse_page(data, src, lang, rel, shown, vocab, templates, translated=translated)
            entry = (data, vocab_token, templates_key, page, problems)
        self.seen[key] = entry
        return (dataclasses.replace(page) if page is not None else None), list(problems)

    def done(self) -> None:
        """Keep the entries of this load only (deleted and renamed files go)."""
        self.entries, self.seen = self.seen, {}


#: content folder -> its ParsedPages; the few most recent folders only (tests load many small trees in one process)
_PARSED: dict[str, ParsedPages] = {}
_PARSED_FOLDERS = 4


def _parsed_pages(content_dir: Path, templates) -> ParsedPages:
    key = str(Path(content_dir).resolve())
    parsed = _PARSED.pop(key, None) or ParsedPages()
    _PARSED[key] = parsed  # most recent last
    while len(_PARSED) > _PARSED_FOLDERS:
        del _PARSED[next(iter(_PARSED))]
    return parsed


def _unreadable(shown: str, exc: OSError) -> tuple[None, list[Issue]]:
    return None, [make_issue("KC001", shown, 1, f"the file cannot be read ({exc.strerror})",
                             "Check the file's permissions.")]


def _parse_page(data: bytes, src: Path, lang: str, rel: str, shown: str, vocab, templates, *, translated: bool
                ) -> tuple[Page | None, list[Issue]]:
    fm = parse(data, shown)
    issues = list(fm.issues)
    if fm.meta is None:
        return None, issues
    type_name, typed, problems = validate_meta(fm.meta, fm.lines, shown, lang, vocab, templates,
                                               translated=translated)
    issues.extend(problems)
    if type_name is None:
        return None, issues
    page = Page(lang=lang, rel_path=rel, src_path=src, meta=typed, meta_lines=fm.meta_lines, body=fm.body,
                body_line=fm.body_line, type=type_name, display_path=shown, lines=fm.lines)
    return page, issues


def _read_settled(src: Path, attempts: int = 10, pause: float = 0.02) -> bytes:
    """The file's bytes, read again while its size or modification time changes under the read (an editor writing
    the file in place while `make serve` rebuilds: a half-written file would be reported as broken, e.g. KC003)."""
    before = os.stat(src)
    for _ in range(attempts):
        data = src.read_bytes()
        after = os.stat(src)
        if (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size) and len(data) == after.st_size:
            return data
        before = after
        time.sleep(pause)
    return data


def _internal(path: str, exc: Exception) -> Issue:
    return make_issue("KC999", path, 1, f"the checker failed on this file: {type(exc).__name__}: {exc}")
