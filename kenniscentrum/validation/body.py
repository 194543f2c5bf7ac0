"""Markdown body checks (rules KC201–KC213): links, anchors, images, raw HTML, components, template syntax.

The body is first *masked*: fenced code blocks (``` and ~~~, also indented inside admonitions), inline code spans and
HTML comments are blanked out (line breaks kept, so offsets still map to lines). Links, HTML and ``{{ }}`` inside code
are therefore never checked. Indented code blocks are not recognised (Python-Markdown also uses four-space indents
for list continuations); use fences for code.

Heading ids are computed the way Python-Markdown's ``toc`` extension does (its ``slugify`` and ``unique``), after the
ids set explicitly with ``{#id}`` (attr_list) or ``id="…"`` have been reserved.

External links (any ``scheme:`` such as https or mailto, and ``//host``) are not checked here, apart from
``javascript:``/``vbscript:``. These source checks give precise lines for the common cases; the content boundary
itself (every spelling of a script, resource loads, attributes, link schemes) is checked on the rendered body by
:mod:`kenniscentrum.validation.rendered`, which a regex over the source cannot be. Relative links are resolved in the page's own language tree: a ``.md`` target must be a
file under ``content/<lang>/`` (generated stubs included, they are written before checks run); other targets (images,
files) must exist, either in the language tree or in the shared part of ``content/``.
"""
from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from bisect import bisect_right
from urllib.parse import unquote

from markdown.extensions.toc import slugify, unique

from kenniscentrum.validation.issues import Issue, make_issue

# --- raw HTML policy --------------------------------------------------------------------------------------------
#: Elements an editor may use in Markdown. Everything else is KC204. Documented in docs/content-model.md.
ALLOWED_HTML = frozenset({
    # inline
    "a", "abbr", "b", "br", "cite", "code", "del", "dfn", "em", "i", "img", "ins", "kbd", "mark", "q", "s", "small",
    "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
    # blocks
    "blockquote", "caption", "dd", "details", "div", "dl", "dt", "figcaption", "figure", "hr", "li", "ol", "p", "pre",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
#: Elements that run code, load other documents or submit data: named as such in the message.
DANGEROUS_HTML = frozenset({
    "script", "iframe", "object", "embed", "style", "form", "input", "button", "textarea", "select", "option",
    "link", "meta", "base", "frame", "frameset", "applet", "svg", "math", "template", "noscript", "audio", "video",
    "canvas", "portal", "source", "track",
})
#: Admonition types (``!!! type`` and collapsible ``??? type`` / ``???+ type``).
ADMONITION_TYPES = ("note", "tip", "warning", "info", "example", "quote")
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif")

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
# A code span ends at the same number of backticks, within its paragraph (bounded: no quadratic worst case).
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n)[\s\S]){1,3000}?)(?<!`)\1(?!`)")
_ATX_LINE = re.compile(r"^([ \t]*)(#{1,6})(?!#)([^\n]*)$", re.MULTILINE)
# The underline of a setext heading; the text line above it is looked at in code (a regex over both lines
# backtracks quadratically on long paragraph lines).
_SETEXT_UNDERLINE = re.compile(r"\n(?P<u>=+|-+)[ \t]*$", re.MULTILINE)
# Attribute lists ({#id}, {: .class #id}); `[^{}\n]` keeps every scan between two braces: linear on any input.
_HEADER_ATTR = re.compile(r"[ ]+\{:?([^{}\n]{1,300})\}[ ]*$")
_ATTR_LIST = re.compile(r"\{:?([^{}\n]{1,300})\}")
_ATTR_ID = re.compile(r"(?:^|\s)#([^\s}#]+)|(?:^|\s)id=(?:\"([^\"]*)\"|'([^']*)'|([^\s}]+))")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(\s[^<>]*)?>")
_ATTR = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_INLINE_LINK = re.compile(
    r"(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\(\s*(<[^<>\n]*>|(?:[^\s()\\]|\\.|\([^\s()]*\))*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)")
_REF_DEF = re.compile(r"^[ ]{0,3}\[([^\]\n]+)\]:[ \t]*(<[^<>\n]*>|\S+)", re.MULTILINE)
_AUTOLINK_JS = re.compile(r"<\s*(?:javascript|vbscript):[^>\n]*>", re.IGNORECASE)
_JINJA = re.compile(r"\{\{|\{%|\{#[\s\-+]|\{#$", re.MULTILINE)
_ADMONITION = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>!!!|\?\?\?\+?)(?P<rest>[^\n]*)$", re.MULTILINE)
_UNSUPPORTED_BLOCK = re.compile(r"^[ \t]*(?::::+|=== +\"|--8<--|\[\[[A-Za-z])[^\n]*", re.MULTILINE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SCRIPT_SCHEME = re.compile(r"^(?:javascript|vbscript):", re.IGNORECASE)


def _blank(match: re.Match) -> str:
    text = match.group()
    if "\n" not in text:
        return " " * len(text)
    return "\n".join(" " * len(part) for part in text.split("\n"))


@dataclass
class Heading:
    level: int
    text: str
    id: str
    explicit: bool
    line: int  # 0-based line within the body


@dataclass
class BodyInfo:
    """Everything the checks need from one body, computed once (and cached on the page)."""

    masked: str  # code, inline code and comments blanked; same line structure as the body
    fenced: str  # the body with only fenced code blanked (headings need inline code); same offsets as masked
    headings: list[Heading] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    explicit_ids: list[tuple[str, int]] = field(default_factory=list)
    unclosed_fences: list[int] = field(default_factory=list)
    _newlines: list[int] | None = None

    def line_at(self, offset: int) -> int:
        """0-based body line of a character offset in ``masked``."""
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.masked)]
        return bisect_right(self._newlines, offset - 1) if offset else 0


def analyse(body: str) -> BodyInfo:
    unclosed: list[int] = []
    if "```" in body or "~~~" in body:
        fence_lines: list[str] = []
        fence: tuple[str, int, int] | None = None  # (char, length, start line)
        for i, line in enumerate(body.split("\n")):
            if fence is not None:
                stripped = line.strip()
                if stripped and stripped[0] == fence[0] and len(stripped) >= fence[1] \
                        and stripped == fence[0] * len(stripped):
                    fence = None
                fence_lines.append("")
                continue
            if "```" in line or "~~~" in line:
                m = _FENCE_OPEN.match(line)
                if m and not (m.group("fence")[0] == "`" and "`" in m.group("info")):
                    fence = (m.group("fence")[0], len(m.group("fence")), i)
                    fence_lines.append("")
                    continue
            fence_lines.append(line)
        if fence is not None:
            unclosed.append(fence[2])
        joined = "\n".join(fence_lines)
    else:
        joined = body
    masked = _mask_comments(joined) if "<!--" in joined else joined
    masked = _INLINE_CODE.sub(_blank, masked) if "`" in masked else masked
    info = BodyInfo(masked=masked, fenced=joined, unclosed_fences=unclosed)
    _collect_ids(info)
    return info


def _mask_comments(text: str) -> str:
    """Blank out ``<!-- … -->`` (linear: a regex would rescan the rest of the text for every unclosed opener)."""
    parts, pos = [], 0
    while True:
        start = text.find("<!--", pos)
        if start < 0:
            break
        end = text.find("-->", start + 4)
        if end < 0:
            break  # unclosed: Python-Markdown shows it as text, so it is checked as text
        end += 3
        parts.append(text[pos:start])
        chunk = text[start:end]
        parts.append("\n".join(" " * len(line) for line in chunk.split("\n")))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _attr_ids(attrs: str) -> list[str]:
    out = []
    for m in _ATTR_ID.finditer(attrs):
        value = next((g for g in m.groups() if g is not None), "")
        if value:
            out.append(value)
    return out


def _heading_text(raw: str) -> tuple[str, str | None]:
    """Strip a heading's inline Markdown the way the rendered text would read; return (text, explicit id)."""
    explicit = None
    m = _HEADER_ATTR.search(raw)
    if m:
        ids = _attr_ids(m.group(1))
        explicit = ids[-1] if ids else None
        raw = raw[: m.start()]
    text = raw
    if "[" in text:
        text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images have no text
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their text
        text = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", text)
    if "<" in text:
        text = re.sub(r"<[^>]+>", "", text)  # HTML tags
    text = text.replace("`", "")
    if "*" in text or "_" in text:
        text = re.sub(r"(\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w))", "", text)
    if "&" in text:
        text = html.unescape(text)
    return text.strip(), explicit


def _collect_ids(info: BodyInfo) -> None:
    text, masked = info.fenced, info.masked
    raw_headings: list[tuple[int, str, int]] = []  # level, raw text, line
    # Headings indented by four or more spaces only count inside admonitions/details (their content is indented).
    any_indent = "!!!" in masked or "???" in masked
    for m in _ATX_LINE.finditer(text):
        indent = m.group(1).expandtabs(4)
        if len(indent) > 3 and not any_indent:
            continue
        if masked[m.start(2)] != "#":  # inside an HTML comment or inline code
            continue
        raw = m.group(3)
        if raw.endswith("#"):  # closing hashes, as Python-Markdown strips them (only when nothing follows)
            raw = raw.rstrip("#")
        raw_headings.append((len(m.group(2)), raw.strip(), info.line_at(m.start())))
    if "\n=" in text or "\n-" in text:
        for m in _SETEXT_UNDERLINE.finditer(text):
            end = m.start()  # the newline before the underline: the text line ends here
            start = text.rfind("\n", 0, end) + 1
            line = text[start:end]
            if not line.strip():
                continue
            if start > 0:
                prev_start = text.rfind("\n", 0, start - 1) + 1
                if text[prev_start : start - 1].strip():
                    continue  # not the first line of its block: a paragraph continuation or a hr
            line_text = line.strip()
            if line_text.startswith(("-", "*", "+", ">", "|", "#", "!!!", "???")) or re.match(r"\d+[.)]\s", line_text):
                continue
            if not masked[start:end].strip():
                continue
            level = 1 if m.group("u")[0] == "=" else 2
            raw_headings.append((level, line_text, info.line_at(start)))
        raw_headings.sort(key=lambda h: h[2])
    # Explicit ids anywhere (attr_list blocks, HTML id/name attributes) are reserved before headings get slugs.
    explicit: list[tuple[str, int]] = []
    heading_lines = {line for _, _, line in raw_headings}
    parsed = []
    for level, raw, line in raw_headings:
        text, eid = _heading_text(raw)
        parsed.append((level, text, eid, line))
        if eid:
            explicit.append((eid, line))
    masked = info.masked
    for m in _ATTR_LIST.finditer(masked) if "{" in masked else ():
        line = info.line_at(m.start())
        if line in heading_lines:
            continue
        for eid in _attr_ids(m.group(1)):
            explicit.append((eid, line))
    # Ids in raw HTML are anchors too, but Python-Markdown's toc does not see them when it makes heading ids unique.
    html_ids: list[tuple[str, int]] = []
    if "<" in masked:
        for m in _TAG.finditer(masked):
            if m.group(1) or _in_link_destination(masked, m.start()):
                continue
            for am in _ATTR.finditer(m.group(3) or ""):
                name = am.group(1).lower()
                if name == "id" or (name == "name" and m.group(2).lower() == "a"):
                    value = (am.group(2) or "").strip("\"'")
                    if value:
                        html_ids.append((value, info.line_at(m.start())))
    used = {eid for eid, _ in explicit}
    for level, text, eid, line in parsed:
        hid = eid if eid else unique(slugify(text, "-"), used)
        info.headings.append(Heading(level, text, hid, bool(eid), line))
    info.explicit_ids = sorted(explicit + html_ids, key=lambda e: e[1])
    info.ids = used | {h.id for h in info.headings} | {eid for eid, _ in html_ids}


def _in_link_destination(text: str, offset: int) -> bool:
    """True for the ``<…>`` of ``[a](<dest>)`` or ``[r]: <dest>``: a link destination, not an HTML tag."""
    before = text[max(0, offset - 3) : offset].rstrip(" \t")
    return before.endswith("(") or before.endswith("]:")


# --- checks ------------------------------------------------------------------------------------------------------
@dataclass
class LinkContext:
    """What link checks need to know about the site: per language, the files present and the pages' anchors."""

    lang: str
    files: set[str]  # every file under content/<lang>/, relative POSIX paths
    shared_files: set[str]  # files under content/ outside the language folders (relative to content/)
    langs: tuple[str, ...]
    anchors: "callable"  # rel_path -> set of ids, or None if unknown (page failed to parse)
    drafts: frozenset = frozenset()  # rel_paths of draft pages (not published: links to them would break)
    _indexes: tuple | None = None

    def indexes(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """(file name -> pages with that name, folder -> page file names), built on first use (error path only)."""
        if self._indexes is None:
            by_name: dict[str, list[str]] = {}
            by_dir: dict[str, list[str]] = {}
            for rel in sorted(f for f in self.files if f.endswith(".md")):
                directory, name = posixpath.split(rel)
                by_name.setdefault(name, []).append(rel)
                by_dir.setdefault(directory, []).append(name)
            self._indexes = (by_name, by_dir)
        return self._indexes


def check_body(path: str, rel_path: str, body: str, body_line: int, info: BodyInfo, links: LinkContext,
               extra_ids: set[str] = frozenset(), is_draft: bool = False) -> list[Issue]:
    issues: list[Issue] = []
    masked = info.masked

    def report(rule: str, offset_or_line: int, message: str, fix: str | None = None, *, is_line: bool = False):
        line = offset_or_line if is_line else info.line_at(offset_or_line)
        issues.append(make_issue(rule, path, body_line + line, message, fix))

    for line in info.unclosed_fences:
        report("KC212", line, "this code block is opened but never closed", is_line=True)

    # Duplicate explicit ids.
    seen: dict[str, int] = {}
    for eid, line in info.explicit_ids:
        if eid in seen and seen[eid] != line:
            report("KC213", line, f"the id '{eid}' is already used on line {body_line + seen[eid]}", is_line=True)
        seen.setdefault(eid, line)

    # Template syntax.
    for m in _JINJA.finditer(masked) if "{" in masked else ():
        token = m.group()[:2]
        report("KC208", m.start(), f"'{token}' is template syntax, which is not evaluated in content")

    # Components and shortcodes.
    if "!!!" in masked or "???" in masked:
        for m in _ADMONITION.finditer(masked):
            rest = m.group("rest").strip()
            kind = rest.split()[0].strip("\"'") if rest and not rest.startswith(("\"", "'")) else ""
            if kind not in ADMONITION_TYPES:
                shown = f"'{kind}'" if kind else "without a type"
                report("KC207", m.start(), f"the admonition {m.group('marker')} {shown} is not supported",
                       f"Write `{m.group('marker')} note \"Title\"` with one of: {', '.join(ADMONITION_TYPES)}.")
    unsupported = (":::" in masked or "===" in masked or "--8<--" in masked or "[[" in masked)
    for m in _UNSUPPORTED_BLOCK.finditer(masked) if unsupported else ():
        token = m.group().strip()[:12]
        report("KC207", m.start(), f"'{token}' is a component syntax this site does not support")

    # Raw HTML.
    for m in _TAG.finditer(masked) if "<" in masked else ():
        if _in_link_destination(masked, m.start()):
            continue
        name = m.group(2).lower()
        if name not in ALLOWED_HTML:
            if name in DANGEROUS_HTML:
                msg = f"the HTML element <{name}> is not allowed: it can run code, load third-party content or " \
                      f"collect data"
            else:
                msg = f"the HTML element <{name}> is not in the allowlist"
            if not m.group(1):  # report opening tags only (and stray closing ones once)
                report("KC204", m.start(), msg)
            elif not re.search(rf"<{re.escape(m.group(2))}[\s/>]", masked[: m.start()], re.IGNORECASE):
                report("KC204", m.start(), msg)
            continue
        if m.group(1):
            continue
        for am in _ATTR.finditer(m.group(3) or ""):
            attr = am.group(1).lower()
            value = html.unescape((am.group(2) or "").strip("\"'"))
            if attr.startswith("on"):
                report("KC205", m.start(), f"the attribute {attr}= on <{name}> is an event handler (a script)")
            elif _SCRIPT_SCHEME.match(re.sub(r"[\s\x00-\x1f]+", "", value)):
                report("KC206", m.start(), f"the attribute {attr}= on <{name}> holds a script URL")
            elif attr in ("href", "src"):
                _check_target(value, name == "img" and attr == "src", m.start(), rel_path, links, info, extra_ids,
                              report, is_draft)

    # Markdown links and images.
    for m in _INLINE_LINK.finditer(masked) if "](" in masked else ():
        target = m.group(3).strip()
        if target.startswith("<") and target.endswith(">"):
            target = target[1:-1]
        _check_target(target, bool(m.group(1)), m.start(), rel_path, links, info, extra_ids, report, is_draft)
    for m in _REF_DEF.finditer(masked) if "]:" in masked else ():
        if m.group(1).startswith("^"):  # footnote definition
            continue
        target = m.group(2)
        if target.startswith("<") and target.endswith(">"):
            target = target[1:-1]
        _check_target(target, False, m.start(), rel_path, links, info, extra_ids, report, is_draft)
    for m in _AUTOLINK_JS.finditer(masked) if "<" in masked else ():
        if not _in_link_destination(masked, m.start()):
            report("KC206", m.start(), "a javascript: link is not allowed")
    return issues


def _check_target(target: str, is_image: bool, offset: int, rel_path: str, links: LinkContext, info: BodyInfo,
                  extra_ids: set[str], report, from_draft: bool = False) -> None:
    squashed = target
    if ":" in target or "&" in target:
        squashed = re.sub(r"[\s\x00-\x1f]+", "", html.unescape(target))
    if ":" in squashed and _SCRIPT_SCHEME.match(squashed):
        report("KC206", offset, f"the link {target[:40]!r} runs a script")
        return
    if not target or _SCHEME.match(target) or target.startswith("//"):
        return  # external (http, https, mailto, tel, …): not checked
    if target.startswith("/"):
        report("KC210", offset, f"the link '{target}' is an absolute path")
        return
    path_part, _, fragment = target.partition("#")
    path_part = path_part.split("?", 1)[0]
    path_part = unquote(path_part.replace("\\", ""))
    fragment = unquote(fragment)
    kind = "image" if is_image else "link"
    if not path_part:
        if fragment and fragment not in info.ids and fragment not in extra_ids:
            report("KC202", offset, f"the anchor '#{fragment}' does not exist on this page",
                   _anchor_fix(info.ids | extra_ids))
        return
    base = posixpath.dirname(rel_path)
    resolved = posixpath.normpath(posixpath.join(base, path_part))
    if resolved == ".." or resolved.startswith("../"):
        outside = resolved[3:]  # relative to content/
        first = outside.split("/", 1)[0]
        if first in links.langs or path_part.endswith(".md"):
            report("KC209", offset, f"the {kind} '{target}' points outside the {links.lang} pages"
                                    + (f" (into {first}/)" if first in links.langs else ""))
            return
        if outside in links.shared_files:
            return
        report("KC203" if is_image else "KC201", offset, f"the {kind} target '{target}' does not exist")
        return
    if path_part.endswith(".md"):
        if resolved not in links.files:
            report("KC201", offset, f"the link target '{target}' does not exist in content/{links.lang}/",
                   _missing_fix(resolved, links))
            return
        if resolved in links.drafts and not from_draft:
            report("KC201", offset, f"the link target '{target}' is a draft, which is not published",
                   "Publish the target page (`status: published`) or remove the link until it is.")
            return
        if fragment:
            ids = links.anchors(resolved)
            if ids is not None and fragment not in ids:
                report("KC202", offset, f"the anchor '#{fragment}' does not exist in {path_part}",
                       _anchor_fix(ids))
        return
    if resolved in links.files:
        if resolved.endswith(".md"):
            return
        return  # an existing asset (image, PDF, …)
    ext = posixpath.splitext(path_part)[1].lower()
    page_like = path_part.endswith("/") or ext in ("", ".html", ".htm")
    if page_like and not is_image:
        guess = posixpath.normpath(posixpath.join(resolved, "index.md")) if (path_part.endswith("/") or not ext) \
            else posixpath.splitext(resolved)[0] + ".md"
        if guess not in links.files and not path_part.endswith("/") and not ext:
            guess = resolved + ".md"
        fix = None
        if guess in links.files:
            fix = f"Link to the .md file: {posixpath.relpath(guess, base or '.')}."
        report("KC211", offset, f"the link '{target}' does not point at a .md file", fix)
        return
    if is_image or ext in IMAGE_EXTENSIONS:
        report("KC203", offset, f"the image '{target}' does not exist")
    else:
        report("KC201", offset, f"the link target '{target}' does not exist")


def _anchor_fix(ids: set[str]) -> str:
    shown = ", ".join(sorted(ids)[:15])
    return f"Use one of the page's anchors: {shown}." if ids else "The target page has no headings or ids to link to."


def _missing_fix(resolved: str, links: LinkContext) -> str | None:
    """Suggest the page the editor probably meant: same file name elsewhere, or a close name in the same folder."""
    import difflib

    by_name, by_dir = links.indexes()
    directory, name = posixpath.split(resolved)
    if name not in ("index.md", "README.md") and by_name.get(name):
        return f"Did you mean {by_name[name][0]}? Links are relative to the page's own folder."
    close = difflib.get_close_matches(name, by_dir.get(directory, [])[:500], n=1, cutoff=0.75)
    if close:
        return f"Did you mean {posixpath.join(directory, close[0])}?"
    return None
