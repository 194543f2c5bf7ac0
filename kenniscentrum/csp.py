"""Content Security Policy for the built site: pure functions, no MkDocs.

Scripts run only from our own origin, plus the exact inline scripts the theme writes into each page, allowed by their
SHA-256 hashes (never ``'unsafe-inline'``). Pagefind's search compiles WebAssembly, which needs
``'wasm-unsafe-eval'`` (it allows WebAssembly compilation only, not JavaScript ``eval``). Styles come only from our
own stylesheets: the pages carry no inline ``<style>`` elements or ``style=""`` attributes, and
``tests/browser/`` proves that no theme or site script trips the policy at run time.

The policy is delivered twice:

* a ``<meta http-equiv="Content-Security-Policy">`` per page, with only that page's script hashes (works on every
  host, including a plain file server); ``frame-ancestors`` cannot be set this way (browsers ignore it in a meta tag
  and log an error), so the meta policy leaves it out;
* a ``_headers`` file (Netlify / Cloudflare Pages format) with the union of all pages' hashes plus
  ``frame-ancestors 'none'`` and a few other protective headers, for hosts that read it.
"""
from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

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
        if m.group("attrs") is None:  # an HTML comment
            continue
        attrs = _attrs(m.group("attrs"))
        if "src" in attrs:
            continue
        if attrs.get("type", "").strip().lower() not in _JS_TYPES:
            continue
        scripts.append(m.group("body"))
    return scripts


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


def headers_file(hashes: Iterable[str]) -> str:
    """A ``_headers`` file (Netlify / Cloudflare Pages syntax) that applies to every path."""
    lines = [
        "# Written by hooks/security.py at build time; do not edit (see docs/quality.md).",
        "/*",
        f"  Content-Security-Policy: {policy(hashes, header=True)}",
    ]
    lines.extend(f"  {name}: {value}" for name, value in EXTRA_HEADERS)
    return "\n".join(lines) + "\n"
