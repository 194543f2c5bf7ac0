"""The content boundary (rules KC204–KC206, KC214–KC217 on the *rendered* body): what a browser would get from a page body.

The regex checks in :mod:`kenniscentrum.validation.body` read the Markdown source; an attacker writes whatever those
regexes do not expect (``<script/>`` inside a paragraph, a script between backslash-escaped backticks, attributes
from ``{: …}`` lists, entity-encoded schemes). This module instead renders each body with the same Markdown parser and
extensions the build uses (``markdown_extensions`` of ``mkdocs.yml``) and reads the HTML with a real tokenizer
(:class:`html.parser.HTMLParser`, which tokenizes start tags, attributes, character references and comments the way
a browser does). Where the two tokenizers could disagree — malformed comments, ``<![CDATA[``, a doctype in the body
— the input is refused (KC217). As a second net, any ``<name`` in the output whose name is not allowed is refused
too, wherever it stands (comments and attribute values included): escaped code shows as ``&lt;name``, never ``<name``.

Allowed in the output:

* elements: :data:`RENDERED_ELEMENTS` (the editor allow-list of raw HTML plus what the Markdown extensions produce);
* attributes: :data:`GLOBAL_ATTRIBUTES` on any element, and :data:`ELEMENT_ATTRIBUTES` per element. Nothing else —
  no ``on…`` handlers (KC205), no ``style``, ``data-*``, ``target``, …  (KC215), no attribute that loads something
  (``src`` other than a same-site image, ``srcset``, ``poster``, ``data``, ``background``, ``ping``, ``formaction``,
  ``action``, ``xlink:href``, ``style``; KC214);
* ids that do not start with ``__`` (the theme's own element ids, e.g. ``__config``; KC215);
* link targets (``href``, ``cite``): ``http:``, ``https:``, ``mailto:``, a fragment or a relative path; not
  ``javascript:``/``vbscript:`` (KC206), not ``data:``, ``file:``, any other scheme or ``//host`` (KC216). The URL is
  read as the browser reads it: character references decoded, control characters and whitespace removed, ``\\`` as
  ``/``.

Each finding is mapped back to the Markdown block it comes from: the body is rendered again block by block (each
prefix ending at a block boundary, with the reference definitions of the whole body appended), and a finding belongs
to the first block whose prefix produces it. This runs only for bodies that have findings.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections import Counter
from functools import lru_cache
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path

import markdown

from kenniscentrum.validation.body import ALLOWED_HTML, DANGEROUS_HTML
from kenniscentrum import parallel
from kenniscentrum.diskcache import write_atomically
from kenniscentrum.issues import Issue, make_issue

#: Elements the Markdown extensions of mkdocs.yml produce beyond the editor allow-list (headings; footnotes,
#: admonitions, tables, code highlighting use elements already on it).
RENDERED_ELEMENTS = ALLOWED_HTML | {"h1", "h2", "h3", "h4", "h5", "h6"}
#: Attributes allowed on every element: none of them loads anything or runs code.
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})
#: Attributes allowed on one element. Why each: ``href`` (links, checked as a link target), ``name`` (old-style anchors
#: and code-line anchors of the highlighter; on <a> it does not shadow document properties), ``hreflang``; ``src`` on
#: <img> (checked: same site only), ``alt``/``width``/``height``/``loading``; table cell spans and header scope;
#: list numbering; ``datetime`` of <time>/<del>/<ins>; ``cite`` (a URL that is never loaded, checked as a link);
#: ``open`` of <details>.
ELEMENT_ATTRIBUTES = {
    "a": frozenset({"href", "name", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "td": frozenset({"colspan", "rowspan", "headers"}),
    "th": frozenset({"colspan", "rowspan", "headers", "scope", "abbr"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "time": frozenset({"datetime"}),
    "del": frozenset({"datetime", "cite"}),
    "ins": frozenset({"datetime", "cite"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
    "details": frozenset({"open"}),
}
#: Attributes through which a browser fetches something (or submits to somewhere) by itself.
RESOURCE_ATTRIBUTES = frozenset({
    "src", "srcset", "imagesrcset", "poster", "data", "background", "ping", "formaction", "action", "xlink:href",
    "lowsrc", "dynsrc", "longdesc", "codebase", "archive", "manifest", "icon", "srcdoc",
})
#: CSS that fetches: url(), image-set(), @import (CSS escapes such as ``u\72l(`` are read through by dropping ``\``).
_CSS_LOAD = re.compile(r"url\s*\(|image-set|@import|image\s*\(", re.IGNORECASE)
LINK_ATTRIBUTES = frozenset({"href", "cite"})
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript"})
#: Ids the highlighter writes for code line numbers; every other id starting with ``__`` is the theme's namespace.
_GENERATED_UNDERSCORE_ID = re.compile(r"^__(?:codelineno|span)-[0-9-]+$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_IGNORED = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))  # what a browser strips from both ends of a URL
_TAG_NAME = re.compile(r"<\s*/?\s*([a-zA-Z][^\s/>]*)")
_BLOCK_START = re.compile(r"^\S")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_DEFINITION = re.compile(r"^[ ]{0,3}(?:\[(?!\^)[^\]\n]+\]|\*\[[^\]\n]+\]):")  # link references and abbreviations, not footnotes


# --- the Markdown configuration of the build ---------------------------------------------------------------------------
REPO_CONFIG = Path(__file__).resolve().parents[2] / "mkdocs.yml"


def markdown_config(root: Path | None) -> tuple[tuple[str, ...], dict]:
    """``(extensions, extension_configs)`` from ``<root>/mkdocs.yml`` (the repository's own when there is none)."""
    config = Path(root) / "mkdocs.yml" if root is not None else REPO_CONFIG
    if not config.is_file():
        config = REPO_CONFIG
    return _markdown_config(str(config), config.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _markdown_config(path: str, mtime_ns: int) -> tuple[tuple[str, ...], dict]:
    from mkdocs.utils.yaml import yaml_load  # MkDocs' own loader: !ENV and !relative as in a build (issue #15)

    with open(path, encoding="utf-8") as handle:
        data = yaml_load(handle) or {}
    names, configs = [], {}
    for entry in data.get("markdown_extensions") or []:
        if isinstance(entry, dict):
            for name, options in entry.items():
                names.append(name)
                if options:
                    configs[name] = options
        else:
            names.append(str(entry))
    return tuple(names), configs


class Renderer:
    """One Markdown instance with the build's extensions, reset between bodies; made on first use (most checks are
    answered from the cache below without rendering anything)."""

    def __init__(self, root: Path | None = None):
        self.extensions, self.configs = markdown_config(root)
        self.key = repr((self.extensions, sorted(self.configs.items())))
        self._md = None

    def render(self, text: str) -> str:
        """The body's HTML, followed by the table-of-contents labels MkDocs takes from it (Material prints those
        unescaped in the sidebar, and a ``data-toc-label`` never reaches the body itself)."""
        if self._md is None:
            self._md = markdown.Markdown(extensions=list(self.extensions), extension_configs=self.configs)
        self._md.reset()
        html = self._md.convert(text)
        labels = list(_toc_names(getattr(self._md, "toc_tokens", [])))
        return html + ("\n" + "\n".join(labels) if labels else "")


def _toc_names(tokens):
    for token in tokens:
        yield token.get("name", "")
        yield from _toc_names(token.get("children", []))


#: Findings per (Markdown configuration, body text) in this process, relative to the body: a body that did not change
#: is not rendered again (``make serve`` re-validates the whole tree on every save; only the edited page is new).
#: Keyed on content, so it can never be stale; cleared when it grows past :data:`_CACHE_LIMIT` entries.
_CACHE: dict[tuple[str, str], tuple] = {}
_CACHE_LIMIT = 20_000


# --- the same findings on disk, for the next build process -----------------------------------------------------------
class Verdicts:
    """The findings of the bodies of the last :func:`prewarm` run, kept in one file per *checker version* so that the
    next ``mkdocs build`` process (every build starts a new one) renders only the bodies that changed.

    The file is named after a digest of everything that decides a body's findings: this module's and
    :mod:`kenniscentrum.validation.body`'s source (allow-lists, rules, messages), the Python version (its
    ``html.parser`` reads the HTML), the versions of the distributions that provide the Markdown extensions, and the
    extension configuration of ``mkdocs.yml`` (:attr:`Renderer.key`). Inside, each entry is keyed on the SHA-256 of
    the body. A change to any of these starts a new file; what cannot be read as exactly the expected shape is
    ignored (everything is checked again), never trusted in part.

    Like the compiled templates next to it (``.cache/templates/``, which hold code that runs in the build), the
    folder is part of the build's trusted inputs: whoever can write it can already change the build. It is never
    restored from another checkout by anything here; a CI job that caches ``.cache/`` must key that cache to the
    branch it builds (see docs/architecture.md, "Caches")."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._loaded: dict[str, dict[str, tuple]] = {}  # file name -> entries read from it

    def path(self, renderer: Renderer) -> Path:
        digest = hashlib.sha256(f"{checker_version()}\n{renderer.key}".encode()).hexdigest()[:32]
        return self.directory / f"{digest}.json"

    def load(self, renderer: Renderer) -> dict[str, tuple]:
        """``{body digest: located}`` from this checker version's file (empty when there is none or it is unreadable)."""
        path = self.path(renderer)
        if path.name not in self._loaded:
            self._loaded[path.name] = _read_verdicts(path)
        return self._loaded[path.name]

    def save(self, renderer: Renderer, entries: dict[str, tuple]) -> None:
        """Replace this checker version's file with ``entries`` (the bodies of the current tree only, so it does not
        grow with every edit); written whole and renamed into place, so a reader never sees half of it."""
        path = self.path(renderer)
        self._loaded[path.name] = dict(entries)
        data = json.dumps({"version": _VERDICTS_FORMAT, "entries": entries}, ensure_ascii=False, sort_keys=True,
                          separators=(",", ":"))
        write_atomically(path, data.encode("utf-8", "surrogatepass"))  # unwritable: every body is rendered next time


_VERDICTS_FORMAT = 1
#: Where :func:`prewarm` keeps its findings between processes; None (the default: tests, the CLI) keeps them in memory
#: only. The build sets it to ``<project>/.cache/boundary/`` (``hooks/content.py``).
VERDICTS: Verdicts | None = None


#: ``KC_BOUNDARY_CACHE=0``: every build process renders every body again (to measure the boundary's full cost).
VERDICTS_ENV = "KC_BOUNDARY_CACHE"


def verdicts_dir(root: Path, environ=None) -> Path | None:
    """Where a build of the project at ``root`` keeps the boundary's findings: ``.cache/boundary/`` (None when
    switched off with ``KC_BOUNDARY_CACHE=0``)."""
    if (environ if environ is not None else os.environ).get(VERDICTS_ENV, "1") == "0":
        return None
    return Path(root) / ".cache" / "boundary"


def keep_verdicts(directory: Path | None) -> None:
    """Keep the boundary's findings under ``directory`` between build processes (None: in memory only)."""
    global VERDICTS
    if directory is None:
        VERDICTS = None
    elif VERDICTS is None or VERDICTS.directory != Path(directory):
        VERDICTS = Verdicts(directory)


#: The distributions whose code renders a body (the Markdown extensions of mkdocs.yml and what they highlight with);
#: ``tests/unit/test_validation_boundary.py`` checks that every extension listed in mkdocs.yml comes from one of them.
EXTENSION_DISTRIBUTIONS = ("Markdown", "pymdown-extensions", "Pygments", "mkdocs-material", "mkdocs")


@lru_cache(maxsize=1)
def checker_version() -> str:
    """A digest of what decides a body's findings besides the body and the extension configuration: the source of
    the checks, the Python version and the versions of the Markdown extension packages."""
    from kenniscentrum.validation import body as body_checks

    parts = [sys.version]
    for module in (sys.modules[__name__], body_checks):
        parts.append(Path(module.__file__).read_text(encoding="utf-8"))
    for name in EXTENSION_DISTRIBUTIONS:
        try:
            parts.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} missing")
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _read_verdicts(path: Path) -> dict[str, tuple]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _VERDICTS_FORMAT or not isinstance(data.get("entries"), dict):
        return {}
    entries = {}
    for digest, located in data["entries"].items():
        parsed = _parse_located(located)
        if parsed is None or not re.fullmatch(r"[0-9a-f]{64}", digest):
            return {}  # not what this module writes: trust none of it
        entries[digest] = parsed
    return entries


def _parse_located(located) -> tuple | None:
    """A ``located`` tuple back from JSON lists, or None when it is not exactly that shape."""
    if not isinstance(located, list):
        return None
    out = []
    for item in located:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], int) and isinstance(item[0], list)
                and len(item[0]) == 4):
            return None
        rule, message, fix, needle = item[0]
        if not (isinstance(rule, str) and isinstance(message, str) and isinstance(needle, str)
                and (fix is None or isinstance(fix, str))):
            return None
        out.append(((rule, message, fix, needle), item[1]))
    return tuple(out)


# --- reading the HTML ----------------------------------------------------------------------------------------------------
def _finding(rule: str, message: str, fix: str | None, needle: str) -> tuple:
    """(rule, message, fix or None, a word to look for on the source line)."""
    return (rule, message, fix, needle)


def browser_url(value: str) -> str:
    """The URL as a browser resolves it: leading/trailing C0 controls and spaces stripped, tabs and line breaks
    removed anywhere, backslashes read as slashes (character references are already decoded by the tokenizer)."""
    value = value.strip(_C0_AND_SPACE)
    return _URL_IGNORED.sub("", value).replace("\\", "/")


def url_scheme(value: str) -> str | None:
    m = _SCHEME.match(browser_url(value))
    return m.group(1).lower() if m else None


def _is_same_site(url: str) -> bool:
    """A relative URL or a path on this site: no scheme and no ``//host``."""
    url = browser_url(url)
    return not _SCHEME.match(url) and not url.startswith("//")


class _Tokenizer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_comment(self, data):
        if "--!>" in data or data.startswith((">", "->")) or "<!--" in data:
            self.findings.append(_finding(
                "KC217", "an HTML comment is written in a way browsers end earlier than it seems", None, "<!--"))

    def handle_decl(self, decl):
        self.findings.append(_finding("KC217", f"the declaration <!{decl[:20]}> is not allowed in content", None, "<!"))

    def unknown_decl(self, data):
        self.findings.append(_finding("KC217", f"the declaration <![{data[:20]}…]> (CDATA) is not allowed in content",
                                      None, "<!["))

    def handle_pi(self, data):
        self.findings.append(_finding("KC217", f"the processing instruction <?{data[:20]}> is not allowed in content",
                                      None, "<?"))

    def _element(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag not in RENDERED_ELEMENTS:
            kind = ("it can run code, load third-party content or collect data" if tag in DANGEROUS_HTML
                    else "it is not in the allowlist")
            self.findings.append(_finding("KC204", f"the HTML element <{tag}> is not allowed: {kind}", None,
                                          f"<{tag}"))
            return
        allowed = GLOBAL_ATTRIBUTES | ELEMENT_ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            name = name.lower()
            value = value or ""
            if name.startswith("on"):
                self.findings.append(_finding(
                    "KC205", f"the attribute {name}= on <{tag}> is an event handler (a script)", None, name))
            elif name in LINK_ATTRIBUTES and name in allowed:
                self._link(tag, name, value)
            elif tag == "img" and name == "src":
                if not _is_same_site(value):
                    self._resource(tag, name, value)
            elif name in RESOURCE_ATTRIBUTES or (name == "href" and tag != "a"):
                self._resource(tag, name, value)
            elif name == "style" and _CSS_LOAD.search(re.sub(r"\\[0-9a-fA-F]{1,6}\s?|\\", _css_unescape, value)):
                self._resource(tag, name, value)
            elif name not in allowed:
                self.findings.append(_finding(
                    "KC215", f"the attribute {name}= is not allowed on <{tag}>",
                    f"Remove {name}=; allowed on <{tag}>: {', '.join(sorted(allowed))}.", name))
            elif name == "id" and value.startswith("__") and not _GENERATED_UNDERSCORE_ID.match(value):
                self.findings.append(_finding(
                    "KC215", f"the id '{value[:40]}' starts with '__', which the theme reserves for its own elements",
                    "Choose an id that starts with a letter.", value[:40]))

    def _link(self, tag: str, name: str, value: str) -> None:
        scheme = url_scheme(value)
        shown = value[:50]
        if scheme in SCRIPT_SCHEMES:
            self.findings.append(_finding("KC206", f"the {name}= on <{tag}> is a script URL ({scheme}:)", None, name))
        elif scheme is not None and scheme not in LINK_SCHEMES:
            self.findings.append(_finding("KC216", f"the link target {shown!r} uses the scheme '{scheme}:'", None,
                                          name))
        elif scheme is None and browser_url(value).startswith("//"):
            self.findings.append(_finding(
                "KC216", f"the link target {shown!r} is protocol-relative (//host)",
                "Write the full address with https:// (or a relative link to a page of this site).", name))

    def _resource(self, tag: str, name: str, value: str) -> None:
        what = "loads a resource" if name != "style" else "sets styles (and can load resources with url() or @import)"
        self.findings.append(_finding(
            "KC214", f"the attribute {name}= on <{tag}> {what}: {value[:50]!r}", None, name))


def _css_unescape(m: re.Match) -> str:
    text = m.group()
    if len(text) == 1:
        return ""
    try:
        return chr(int(text[1:].strip(), 16))
    except (ValueError, OverflowError):
        return ""


def findings_in_html(html: str) -> list[tuple]:
    """Every boundary violation in a rendered body, in document order (duplicates kept: they are counted)."""
    tokenizer = _Tokenizer()
    tokenizer.feed(html)
    tokenizer.close()
    found = list(tokenizer.findings)
    # Second net: a tag name anywhere in the output (also inside comments or attribute values) that is not allowed.
    seen = {f[3] for f in found if f[0] == "KC204"}
    for m in _TAG_NAME.finditer(html):
        name = m.group(1).lower()
        if name not in RENDERED_ELEMENTS and f"<{name}" not in seen:
            seen.add(f"<{name}")
            found.append(_finding("KC204", f"the HTML element <{name}> is not allowed (found in the rendered page, "
                                           f"possibly inside a comment or attribute)", None, f"<{name}"))
    return found


# --- mapping back to the source ---------------------------------------------------------------------------------------
def _block_starts(lines: list[str]) -> list[int]:
    """0-based lines where a top-level Markdown block starts: a non-indented line after a blank one, outside fences."""
    starts, fence, previous_blank = [0], None, True
    for i, line in enumerate(lines):
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line.strip()[len(m.group(1)):]:
                fence = None
            previous_blank = False
            continue
        if previous_blank and i and _BLOCK_START.match(line):
            starts.append(i)
        if m:
            fence = m.group(1)
        previous_blank = not line.strip()
    return starts


def _locate(body: str, renderer: Renderer, findings: list[tuple]) -> list[int]:
    """The 0-based body line of each finding (in order): the first block whose prefix produces it, then the first line
    of that block that mentions the finding's word."""
    lines = body.split("\n")
    starts = _block_starts(lines)
    definitions = "\n".join(line for line in lines if _DEFINITION.match(line))
    wanted = Counter(f[:2] for f in findings)
    located: dict[tuple, list[tuple[int, int]]] = {}
    before: Counter = Counter()
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        prefix = "\n".join(lines[:end])
        now = Counter(f[:2] for f in findings_in_html(renderer.render(prefix + "\n\n" + definitions)))
        for key, count in (now - before).items():
            if key in wanted:
                located.setdefault(key, []).extend([(start, end)] * count)
        before = now
        if all(len(located.get(k, ())) >= n for k, n in wanted.items()):
            break
    out = []
    for f in findings:
        blocks = located.get(f[:2])
        start, end = blocks.pop(0) if blocks else (0, len(lines))
        out.append(_refine(lines, start, end, f[3]))
    return out


def _refine(lines: list[str], start: int, end: int, needle: str) -> int:
    """The first line of the block ``lines[start:end]`` that mentions ``needle`` (else the block's first line)."""
    needle = needle.lower()
    for i in range(start, end):
        if needle and needle in lines[i].lower():
            return i
    return start


def check_rendered(path: str, body: str, body_line: int, renderer: Renderer,
                   already: set[tuple[str, int]] = frozenset()) -> list[Issue]:
    """Issues for everything in the rendered body that crosses the content boundary.

    ``already`` holds ``(rule, line)`` pairs reported by the source checks: the same problem is not reported twice.
    """
    if not body.strip():
        return []
    key = _cache_key(renderer, body)
    located = _CACHE.get(key)
    if located is None:
        located = _located(body, renderer)
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        _CACHE[key] = located
    issues = []
    for (rule, message, fix, _), line in located:
        at = body_line + line
        if (rule, at) not in already:
            issues.append(make_issue(rule, path, at, message, fix))
    return issues  # repeats of one finding on one line collapse when load_content de-duplicates its issues


def _cache_key(renderer: Renderer, body: str) -> tuple[str, str]:
    return (renderer.key, _digest(body))


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


def _located(body: str, renderer: Renderer) -> tuple:
    """``((finding, body line), …)`` of one body: what :func:`check_rendered` caches."""
    findings = findings_in_html(renderer.render(body))
    return tuple(zip(findings, _locate(body, renderer, findings))) if findings else ()


# --- many bodies on every core ------------------------------------------------------------------------------------------
#: Below this many bodies to render, forking costs more than it saves (~1 ms of Markdown per body).
PARALLEL_MIN_BODIES = 64
#: ``KC_BUILD_WORKERS=1`` keeps the boundary in this process (a number caps the processes).
WORKERS_ENV = parallel.WORKERS_ENV


def boundary_workers(todo: int) -> int:
    """How many processes render ``todo`` bodies (``kenniscentrum.parallel.workers_for``: 1 unless there is enough
    work, more than one core, and forking is safe)."""
    return parallel.workers_for(todo, min_per_worker=PARALLEL_MIN_BODIES // 2) if todo >= PARALLEL_MIN_BODIES else 1


def _located_many(bodies: list[str], renderer: Renderer) -> list[tuple[str, tuple]]:
    """``(body digest, located)`` for each body; a body whose check raises is left out, so that
    :func:`check_rendered` raises it again where the loader reports it for its page."""
    out = []
    for body in bodies:
        try:
            out.append((_digest(body), _located(body, renderer)))
        except Exception:  # noqa: BLE001 — reported by the serial check, with the page's path
            continue
    return out


def prewarm(bodies: list[str], renderer: Renderer) -> int:
    """Check many bodies at once, on every core, before :func:`check_rendered` is asked about them one by one.

    Bodies not in the cache (nor, when :data:`VERDICTS` is set, in the findings kept on disk by an earlier build
    process) are dealt over forked worker processes (this process takes one share); each returns ``(body digest,
    located)`` pairs through a pipe and the pairs go into the cache, so every later :func:`check_rendered` answers
    from it — the same findings, messages and lines as a serial run, in the loader's order. A worker that fails
    leaves its share to the serial check. With :data:`VERDICTS` set, the findings of every body of this run are then
    written back to disk. Returns how many processes took part (1: nothing was forked)."""
    stored = VERDICTS.load(renderer) if VERDICTS is not None else {}
    todo, seen, current = [], set(), []
    for body in bodies:
        if not body.strip():
            continue
        key = _cache_key(renderer, body)
        current.append(key)
        if key in _CACHE or key in seen:
            continue
        if key[1] in stored and len(_CACHE) < _CACHE_LIMIT:
            _CACHE[key] = stored[key[1]]
            continue
        seen.add(key)
        todo.append(body)
    processes = 1
    workers = boundary_workers(len(todo))
    if workers > 1 and len(_CACHE) + len(todo) <= _CACHE_LIMIT:
        answers = parallel.fork_map(lambda share: _located_many(share, renderer), todo, workers=workers,
                                    fallback=False)
        for results in answers:
            if results is None:  # a worker that failed leaves its share to the serial check
                continue
            for digest, located in results:
                _CACHE[(renderer.key, digest)] = located
        processes = len(answers)
    if VERDICTS is not None:
        _store_verdicts(todo, current, stored, renderer)
    return processes


def _store_verdicts(todo: list[str], current: list[tuple[str, str]], stored: dict, renderer: Renderer) -> None:
    """Write the findings of this run's bodies to disk (those no worker checked are checked here first; a body whose
    check raises is left out, for :func:`check_rendered` to raise again with its page's path)."""
    for body in todo:
        key = _cache_key(renderer, body)
        if key not in _CACHE and len(_CACHE) < _CACHE_LIMIT:
            try:
                _CACHE[key] = _located(body, renderer)
            except Exception:  # noqa: BLE001 — reported by the serial check, with the page's path
                continue
    entries = {digest: _CACHE[(config, digest)] for config, digest in current if (config, digest) in _CACHE}
    if entries != stored:
        VERDICTS.save(renderer, entries)
