"""Content Security Policy for the built site: pure functions, no MkDocs.

Scripts run only from our own origin, plus the inline scripts the theme's templates emit, allowed by their SHA-256
hashes (never ``'unsafe-inline'``). Which inline scripts those are is a fixed, reviewed list
(``kenniscentrum/csp-inline-scripts.yml``, rendered per page with its ``base_url``), *not* whatever a page happens to
contain: an inline script that slipped into a page any other way is not allowed, and :func:`check_page` reports it so
the build fails naming the page. Pagefind's search compiles WebAssembly, which needs
``'wasm-unsafe-eval'`` (it allows WebAssembly compilation only, not JavaScript ``eval``). Styles come only from our
own stylesheets: the pages carry no inline ``<style>`` elements or ``style=""`` attributes, and
``tests/browser/`` proves that no theme or site script trips the policy at run time.

The policy is delivered twice:

* a ``<meta http-equiv="Content-Security-Policy">`` per page, with only that page's script hashes (works on every
  host, including a plain file server); ``frame-ancestors`` cannot be set this way (browsers ignore it in a meta tag
  and log an error), so the meta policy leaves it out;
* a ``_headers`` file (Netlify / Cloudflare Pages format) with the union of the reviewed scripts' hashes plus
  ``frame-ancestors 'none'`` and a few other protective headers, for hosts that read it.
"""
from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Container, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from jinja2 import Environment

from kenniscentrum.speedups import FileMemo

#: The reviewed list of inline scripts the templates may emit.
REVIEWED_SCRIPTS_FILE = Path(__file__).with_name("csp-inline-scripts.yml")

# Script elements the browser executes: no type, a JavaScript MIME type, or "module". JSON data blocks
# (Material's ``<script id="__config" type="application/json">``) are never executed, so CSP ignores them.
_JS_TYPES = {
    "", "module", "text/javascript", "application/javascript", "application/ecmascript", "text/ecmascript",
    "application/x-javascript", "text/x-javascript", "text/jscript", "text/livescript",
}
_COMMENT_OR_SCRIPT = re.compile(
    r"<!--.*?-->|<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>",
    re.IGNORECASE | re.DOTALL,
)
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_META_CSP = re.compile(r"""<meta\s+http-equiv=["']Content-Security-Policy["'][^>]*>""", re.IGNORECASE)
_CHARSET_META = re.compile(r"<meta\s+charset=[\"']?[\w-]+[\"']?\s*/?>", re.IGNORECASE)

# Directives in the order they are written. ``None`` marks where the script hashes go.
BASE_DIRECTIVES: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'", None, "'wasm-unsafe-eval'")),
    ("style-src", ("'self'",)),
    ("img-src", ("'self'", "data:")),
    ("font-src", ("'self'",)),
    ("connect-src", ("'self'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
)
# Only valid in an HTTP header: browsers ignore these in a <meta> policy (and log an error for frame-ancestors).
HEADER_ONLY_DIRECTIVES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("frame-ancestors", ("'none'",)),
)
# Other protective headers for hosts that read ``_headers``.
EXTRA_HEADERS: tuple[tuple[str, str], ...] = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
)


def _attrs(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for m in _ATTR.finditer(text):
        name = m.group(1).lower()
        value = next((g for g in m.group(2, 3, 4) if g is not None), "")
        found.setdefault(name, value)
    return found


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script the browser would execute, exactly as written (what CSP hashes)."""
    scripts = []
    for m in _COMMENT_OR_SCRIPT.finditer(html):
        attrs = m.group("attrs")
        if attrs is None:  # an HTML comment
            continue
        if _runs_inline(attrs):
            scripts.append(m.group("body"))
    return scripts


@lru_cache(maxsize=1024)  # a site's script tags have a few dozen attribute texts, on every page again
def _runs_inline(attrs_text: str) -> bool:
    """Whether a ``<script>`` with these attributes runs its own text: no ``src``, a JavaScript type."""
    attrs = _attrs(attrs_text)
    return "src" not in attrs and attrs.get("type", "").strip().lower() in _JS_TYPES


@lru_cache(maxsize=4096)  # the same template scripts on every page (one rendering per folder depth)
def script_hash(source: str) -> str:
    """The CSP source expression for one inline script: ``'sha256-<base64>'``."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def script_hashes(html: str) -> list[str]:
    """Sorted, de-duplicated hash expressions for the inline scripts of one page."""
    return sorted({script_hash(s) for s in inline_scripts(html)})


def policy(hashes: Iterable[str], *, header: bool = False) -> str:
    """The policy text. ``header=True`` adds the directives that only work in an HTTP header."""
    hashes = sorted(set(hashes))
    parts = []
    for name, sources in BASE_DIRECTIVES:
        values: list[str] = []
        for source in sources:
            values.extend(hashes if source is None else [source])
        parts.append(" ".join([name, *values]))
    if header:
        parts.extend(" ".join([name, *sources]) for name, sources in HEADER_ONLY_DIRECTIVES)
    return "; ".join(parts)


def parse_policy(text: str) -> dict[str, list[str]]:
    """``"a x y; b z"`` → ``{"a": ["x", "y"], "b": ["z"]}`` (for tests and checks)."""
    directives: dict[str, list[str]] = {}
    for part in text.split(";"):
        tokens = part.split()
        if tokens:
            directives.setdefault(tokens[0].lower(), tokens[1:])
    return directives


def meta_policy_of(html: str) -> str | None:
    """The ``content`` of the page's CSP meta element, if it has one."""
    m = _META_CSP.search(html)
    return _attrs(m.group(0)).get("content") if m else None


def insert_after_charset(html: str, element: str) -> str:
    """Place ``element`` right after ``<meta charset>``, so the policy covers everything the page loads or runs.

    A meta policy applies only to what the parser meets after it; the charset declaration has to stay first.
    Raises ``ValueError`` when the page has no charset declaration (then the policy would come too late).
    """
    m = _CHARSET_META.search(html)
    if m is None:
        raise ValueError("the page has no <meta charset> to place the Content-Security-Policy after")
    return html[: m.end()] + element + html[m.end():]


@dataclass(frozen=True)
class ReviewedScript:
    name: str
    template: str  # path inside Material's templates/ folder
    source: str  # the script body as written in that template (Jinja included)
    sha256: str  # hex SHA-256 of ``source``: changes only through review


@lru_cache(maxsize=1)
def reviewed_scripts() -> tuple[ReviewedScript, ...]:
    entries = yaml.safe_load(REVIEWED_SCRIPTS_FILE.read_text(encoding="utf-8")) or []
    return tuple(ReviewedScript(e["name"], e["template"], e["source"], e["sha256"]) for e in entries)


@lru_cache(maxsize=64)
def allowed_scripts(base_url: str) -> dict[str, str]:
    """``{hash expression: script name}`` of the reviewed scripts as rendered on a page with this ``base_url``.

    The scripts are rendered the way MkDocs renders theme templates (no autoescape) with the only variables they use.
    """
    env = Environment(autoescape=False)
    allowed = {}
    for script in reviewed_scripts():
        text = env.from_string(script.source).render(config={"extra": {}}, base_url=base_url)
        allowed[script_hash(text)] = script.name
    return allowed


def all_allowed_hashes(base_urls: Iterable[str]) -> set[str]:
    """Every hash the reviewed scripts can have on pages with any of these base URLs."""
    found: set[str] = set()
    for base_url in base_urls:
        found.update(allowed_scripts(base_url))
    return found


class UnreviewedScriptError(ValueError):
    """An inline script in the output that no reviewed template script accounts for."""


#: The policy hashes found in each built HTML file by the post-build scan (``hooks/security.py``), kept while the file
#: and the allowed hashes are unchanged (``speedups.FileMemo``: ``make serve`` rewrites a few pages per rebuild).
PAGE_HASHES = FileMemo()


def check_page(html: str, allowed: Container[str], page_name: str) -> list[str]:
    """The page's policy hashes: those of its inline scripts, each of which must be in ``allowed`` (the reviewed
    template scripts: :func:`allowed_scripts` of the page's ``base_url``).

    Raises :class:`UnreviewedScriptError` naming the page and quoting the script otherwise: it came from content or a
    template change that nobody reviewed, and the policy must not allow it.
    """
    hashes = set()
    for source in inline_scripts(html):
        digest = script_hash(source)
        if digest not in allowed:
            shown = " ".join(source.split())[:120]
            raise UnreviewedScriptError(
                f"{page_name}: inline script not in the reviewed list (kenniscentrum/csp-inline-scripts.yml): "
                f"<script>{shown}</script>. Content may not contain scripts; a template script must be reviewed and "
                f"added to that file.")
        hashes.add(digest)
    return sorted(hashes)


def relative_base_urls(max_depth: int = 12) -> list[str]:
    """The ``base_url`` values MkDocs gives pages: ``.``, ``..``, ``../..``, … (one per folder depth)."""
    return ["."] + ["/".join([".."] * depth) for depth in range(1, max_depth + 1)]


def headers_file(hashes: Iterable[str]) -> str:
    """A ``_headers`` file (Netlify / Cloudflare Pages syntax) that applies to every path."""
    lines = [
        "# Written by hooks/security.py at build time; do not edit (see docs/quality.md).",
        "/*",
        f"  Content-Security-Policy: {policy(hashes, header=True)}",
    ]
    lines.extend(f"  {name}: {value}" for name, value in EXTRA_HEADERS)
    return "\n".join(lines) + "\n"
