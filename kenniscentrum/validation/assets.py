"""Files under ``content/`` that are not Markdown (rule KC218): MkDocs copies them into the site as they are, where a
reader's browser opens them on the site's own origin. A file type that runs code there (HTML, XHTML, JavaScript,
XML with style sheets, Flash) is refused; an SVG image is allowed only without scripts, event handlers, embedded
HTML, links or entity declarations (an SVG opened directly is a document that can run script; as ``<img>`` it cannot,
but the reader may open it directly). Images, PDFs and office documents are passive and pass.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

from kenniscentrum.validation.issues import Issue, make_issue

#: File types a browser runs code from when it opens them.
ACTIVE_EXTENSIONS = frozenset({
    ".html", ".htm", ".xhtml", ".xht", ".shtml", ".mhtml", ".js", ".mjs", ".xml", ".xsl", ".xslt", ".swf", ".hta",
})
#: What an SVG may not contain (case-insensitive): script, handlers, HTML islands, links (also to other sites),
#: entity declarations (which could spell any of these), style sheets that fetch.
_SVG_DANGER = re.compile(
    r"<\s*script|<\s*foreignobject|<\s*iframe|<\s*embed|<\s*object|\son[a-z]+\s*=|javascript:|<!entity|<\s*a[\s>]"
    r"|\bhref\s*=|@import|url\s*\(\s*['\"]?\s*(?!#)",
    re.IGNORECASE)
SVG_MAX_BYTES = 2_000_000


def check_content_files(content_dir: Path, prefix: str, rel_paths: list[str]) -> list[Issue]:
    """Issues for the non-Markdown files among ``rel_paths`` (relative to ``content_dir``)."""
    issues = []
    for rel in rel_paths:
        ext = posixpath.splitext(rel)[1].lower()
        shown = f"{prefix}/{rel}"
        if ext in ACTIVE_EXTENSIONS:
            issues.append(make_issue(
                "KC218", shown, 1, f"a {ext} file is copied into the site as it is and can run code in the reader's "
                                   f"browser"))
        elif ext == ".svg":
            issues.extend(_check_svg(content_dir / rel, shown))
    return issues


def _check_svg(path: Path, shown: str) -> list[Issue]:
    try:
        data = path.read_bytes()[:SVG_MAX_BYTES]
    except OSError:
        return []
    text = data.decode("utf-8", "replace")
    m = _SVG_DANGER.search(text)
    if m is None:
        return []
    line = text.count("\n", 0, m.start()) + 1
    return [make_issue("KC218", shown, line,
                       f"the SVG image contains {m.group().strip()[:20]!r}, which can run code or load something "
                       f"when the image is opened directly",
                       "Export the image again as a plain SVG (no scripts, links or embedded content), or as PNG.")]
