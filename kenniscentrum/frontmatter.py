"""Front-matter parsing with line numbers, and without YAML's traps.

MkDocs parses front matter with ``yaml.safe_load`` and, when that fails, silently renders the YAML as text. We parse
it ourselves first, so every problem becomes an :class:`~kenniscentrum.issues.Issue` with file and line:

* bytes: NUL bytes (KC002) and invalid UTF-8 (KC001) are reported with their line; a UTF-8 BOM is accepted and
  stripped, CRLF (and lone CR) line ends are accepted;
* the header: the first line must be ``---`` (KC003) and a later ``---`` or ``...`` line must close it (KC004),
  exactly the shape MkDocs itself recognises;
* YAML: our own resolver knows only ``true``/``false`` as booleans (``yes``, ``no``, ``on``, ``off`` stay text), plain
  decimal integers (``010`` and ``1:30`` stay text), no floats at all (``1.10`` stays the text "1.10"), ``null``/``~``
  and dates of the form ``YYYY-MM-DD`` (which become :class:`datetime.date`);
* anchors and aliases are rejected (KC007: the "billion laughs" memory bomb), duplicate keys are rejected with the
  line of the repeated key (KC006), tags other than the plain YAML ones are rejected (KC009), keys must be text
  (KC010), syntax errors carry the line in the file (KC005), not the line inside the YAML block.

Composition uses libyaml (``yaml.cyaml.CParser``) when available; Python objects are built by our own small
constructor; the line of every key and list item (``lines``: path tuple -> 1-based line) is computed on first use.
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from kenniscentrum.issues import Issue, make_issue

try:  # libyaml: about ten times faster than the pure-Python parser
    from yaml.cyaml import CParser as _ParserBase

    LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _ParserBase(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

    LIBYAML = False

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
DATE = "tag:yaml.org,2002:timestamp"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"

#: Deeper than this is certainly a mistake (or an attack); real front matter needs about five levels.
MAX_DEPTH = 40
#: Texts longer than this get an event pre-scan (nesting depth) before composition: libyaml's composer recurses in C.
_SCAN_ABOVE = 8000


class _Resolver(BaseResolver):
    """Implicit types: only what the content model needs, nothing that surprises editors."""

    yaml_implicit_resolvers: dict = {}


_Resolver.add_implicit_resolver(BOOL, re.compile(r"^(?:true|false)$"), list("tf"))
_Resolver.add_implicit_resolver(INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Resolver.add_implicit_resolver(NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Resolver.add_implicit_resolver(DATE, re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), list("0123456789"))


_FIRST_CHARS: dict[str, list] = {}
for _first, _resolvers in _Resolver.yaml_implicit_resolvers.items():
    _FIRST_CHARS[_first or ""] = list(_resolvers)


class _Loader(_ParserBase, _Resolver):
    def __init__(self, stream: str):
        _ParserBase.__init__(self, stream)
        _Resolver.__init__(self)

    # libyaml calls these for every node; we have no path resolvers, so skip BaseResolver's bookkeeping.
    def descend_resolver(self, current_node, current_index):
        return None

    def ascend_resolver(self):
        return None

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in _FIRST_CHARS.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return STR
        return SEQ if kind is SequenceNode else MAP


@dataclass
class FrontMatter:
    """The result of :func:`parse`. ``meta`` is None when the front matter could not be read at all."""

    meta: dict | None
    lines: dict = field(default_factory=dict)  # path tuple, e.g. ("checklist", "sections", 0, "id") -> line
    body: str = ""
    body_line: int = 1
    issues: list[Issue] = field(default_factory=list)
    text: str | None = None  # the decoded, newline-normalised file text (None if undecodable)

    @property
    def meta_lines(self) -> dict:
        if isinstance(self.lines, Lines):
            return self.lines.top()
        return {path[0]: line for path, line in self.lines.items() if len(path) == 1}


_OPEN_RE = re.compile(r"---[ \t]*\n")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.MULTILINE)


def decode(data: bytes, path: str) -> tuple[str | None, list[Issue]]:
    """Bytes to text: NUL bytes and invalid UTF-8 are issues; BOM stripped; CRLF and CR become LF."""
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        return None, [make_issue("KC002", path, line, "the file contains a NUL byte (\\0)")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1].hex()
        return None, [make_issue("KC001", path, line, f"the file is not valid UTF-8 (byte 0x{bad} cannot be decoded)")]
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, []


def parse(data: bytes | str, path: str) -> FrontMatter:
    """Split a Markdown file into front matter and body and read the front matter. Never raises."""
    if isinstance(data, bytes):
        text, issues = decode(data, path)
        if text is None:
            return FrontMatter(None, issues=issues)
    else:
        text = data.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    opening = _OPEN_RE.match(text)
    if opening is None:
        if text.rstrip(" \t") == "---":
            return FrontMatter(None, text=text, issues=[make_issue(
                "KC004", path, 1, "the front matter opened with '---' on line 1 is never closed")])
        msg = "the file has no front matter (the first line must be '---')"
        later = re.search(r"^---[ \t]*$", text, re.MULTILINE)
        if later and not text[: later.start()].strip():
            msg = "the front matter must start on the very first line; remove the blank lines above '---'"
        return FrontMatter(None, body=text, text=text, issues=[make_issue("KC003", path, 1, msg)])
    closing = _CLOSE_RE.search(text, opening.end())
    if closing is None:
        return FrontMatter(None, text=text, issues=[make_issue(
            "KC004", path, 1, "the front matter opened with '---' on line 1 is never closed")])
    if not closing.group().endswith("\n"):
        close_line = text.count("\n", 0, closing.start()) + 1
        return FrontMatter(None, text=text, issues=[make_issue(
            "KC004", path, close_line,
            "the closing '---' is the last line of the file without a line break, so MkDocs would not see it",
            "Add a line break after the closing '---' (and the page's text below it).")])
    yaml_text = text[opening.end() : closing.start()]
    close_line = text.count("\n", 0, closing.start()) + 1
    meta, lines, issues = load_yaml(yaml_text, path, first_line=2)
    if meta is not None and not isinstance(meta, dict):
        issues.append(make_issue("KC008", path, 2, f"the front matter is a {_kind(meta)}, not a list of `key: value` lines"))
        meta = None
    elif meta is None and not issues:
        issues.append(make_issue("KC008", path, 1, "the front matter is empty",
                                 "Add the front-matter keys between the two '---' lines (at least `type`)."))
    return FrontMatter(meta, lines=lines, body=text[closing.end() :], body_line=close_line + 1, issues=issues,
                       text=text)


def _kind(value) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "single text value"
    return type(value).__name__


def load_yaml(text: str, path: str, first_line: int = 1) -> tuple[object, dict, list[Issue]]:
    """Read one YAML document with our rules. Returns (value, lines, issues); value is None on fatal errors."""
    issues: list[Issue] = []
    offset = first_line  # node marks are 0-based within ``text``
    if len(text) > _SCAN_ABOVE or "&" in text or "*" in text:
        try:
            issues = _prescan(text, path, offset)
        except yaml.YAMLError as exc:
            return None, {}, [_yaml_error(exc, text, path, offset)]
        if issues:
            return None, {}, issues
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        return None, {}, [_yaml_error(exc, text, path, offset)]
    except RecursionError:  # pure-Python fallback only; the pre-scan catches deep nesting first
        return None, {}, [make_issue("KC011", path, first_line, "the front matter is nested too deeply")]
    if node is None:
        return None, {}, []
    lines = Lines(node, offset)
    builder = _Builder(path, offset, issues)
    value = builder.build(node, 0)
    if builder.fatal:
        return None, lines, issues
    return value, lines, issues


def _prescan(text: str, path: str, offset: int) -> list[Issue]:
    """Walk the event stream: reject anchors/aliases and excessive nesting before anything is composed."""
    issues: list[Issue] = []
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + offset if event.start_mark is not None else offset
            if isinstance(event, yaml.AliasEvent):
                issues.append(make_issue("KC007", path, line, f"the alias '*{event.anchor}' is not allowed"))
            elif getattr(event, "anchor", None) is not None:
                issues.append(make_issue("KC007", path, line, f"the anchor '&{event.anchor}' is not allowed"))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    issues.append(make_issue("KC011", path, line,
                                             f"the front matter is nested more than {MAX_DEPTH} levels deep"))
                    return issues
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()
    return issues


def _yaml_error(exc: yaml.YAMLError, text: str, path: str, offset: int) -> Issue:
    if isinstance(exc, yaml.reader.ReaderError):
        # libyaml reports a byte offset, the Python reader a character offset
        pos = exc.position
        prefix = text.encode("utf-8")[:pos].decode("utf-8", "ignore") if LIBYAML else text[:pos]
        line = prefix.count("\n") + offset
        return make_issue("KC005", path, line, f"YAML cannot read this text: {exc.reason}",
                          "Remove the invisible control character (often pasted from a word processor).")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = (mark.line + offset) if mark is not None else offset
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    msg = f"YAML syntax error: {problem}"
    if context and context_mark is not None:
        msg += f" ({context} on line {context_mark.line + offset})"
    fix = _YAML_FIXES.get(problem)
    return make_issue("KC005", path, line, msg, fix)


_QUOTE = "Put the value in quotes: a ': ' inside a value starts a new key (e.g. title: \"MVO: een start\")."
# Friendlier fixes for the YAML errors editors actually make.
_YAML_FIXES = {
    "mapping values are not allowed here": _QUOTE,
    "mapping values are not allowed in this context": _QUOTE,
    "found character '\\t' that cannot start any token":
        "Indent with spaces, not tabs.",
    "found character that cannot start any token":
        "Put the value in quotes (values starting with @, ` or % must be quoted), and indent with spaces, not tabs.",
}


class Lines(Mapping):
    """Path tuple -> 1-based line, e.g. ``("checklist", "sections", 0, "id") -> 31``.

    Computed from the YAML nodes on first use: most pages have no problem and never need a nested line.
    """

    __slots__ = ("_root", "_offset", "_map", "_top")

    def __init__(self, root, offset: int):
        self._root, self._offset, self._map, self._top = root, offset, None, None

    def _full(self) -> dict:
        if self._map is None:
            self._map = {}
            _walk_lines(self._root, (), self._offset, self._map, 0)
            self._root = None
        return self._map

    def top(self) -> dict:
        """Top-level key -> line (cheap: no walk of the nested nodes)."""
        if self._top is None:
            if self._map is not None:
                self._top = {path[0]: line for path, line in self._map.items() if len(path) == 1}
            else:
                self._top = {}
                root = self._root
                if isinstance(root, MappingNode):
                    for key_node, _ in root.value:
                        if key_node.__class__ is ScalarNode and key_node.tag == STR and key_node.value:
                            self._top.setdefault(key_node.value, key_node.start_mark.line + self._offset)
        return dict(self._top)

    def __getitem__(self, key):
        return self._full()[key]

    def __contains__(self, key) -> bool:
        return key in self._full()

    def __iter__(self):
        return iter(self._full())

    def __len__(self) -> int:
        return len(self._full())


def _walk_lines(node, at: tuple, offset: int, out: dict, depth: int) -> None:
    if depth > MAX_DEPTH:
        return
    if isinstance(node, SequenceNode):
        for i, child in enumerate(node.value):
            out[at + (i,)] = child.start_mark.line + offset
            _walk_lines(child, at + (i,), offset, out, depth + 1)
    elif isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode or key_node.tag != STR or not key_node.value:
                continue
            child_at = at + (key_node.value,)
            if child_at in out:
                continue  # a duplicate key: the first one counts (as in the built value)
            out[child_at] = key_node.start_mark.line + offset
            _walk_lines(value_node, child_at, offset, out, depth + 1)


class _Builder:
    """Nodes to Python values; reports KC006/KC009/KC010/KC011."""

    def __init__(self, path: str, offset: int, issues: list[Issue]):
        self.path, self.offset, self.issues = path, offset, issues
        self.fatal = False

    def build(self, node, depth: int):
        cls = node.__class__
        if cls is ScalarNode:
            if node.tag == STR:
                return node.value
            return self.scalar(node, node.start_mark.line + self.offset)
        if depth > MAX_DEPTH:
            self.fatal = True
            self.issues.append(make_issue("KC011", self.path, node.start_mark.line + self.offset,
                                          f"the front matter is nested more than {MAX_DEPTH} levels deep"))
            return None
        build = self.build
        if cls is SequenceNode:
            if node.tag != SEQ:
                return self.bad_tag(node, node.start_mark.line + self.offset)
            out = []
            append = out.append
            for child in node.value:
                if child.__class__ is ScalarNode and child.tag == STR:
                    append(child.value)
                else:
                    append(build(child, depth + 1))
            return out
        if cls is MappingNode:
            if node.tag != MAP:
                return self.bad_tag(node, node.start_mark.line + self.offset)
            out: dict = {}
            first_lines: dict | None = None  # built on the first duplicate only
            for key_node, value_node in node.value:
                if key_node.__class__ is not ScalarNode or key_node.tag != STR or key_node.value == "":
                    shown = key_node.value if isinstance(key_node, ScalarNode) else "a list or mapping"
                    self.issues.append(make_issue("KC010", self.path, key_node.start_mark.line + self.offset,
                                                  f"the key {shown!r} is not plain text"))
                    continue
                key = key_node.value
                if key in out:
                    if first_lines is None:
                        first_lines = {}
                        for k, _ in node.value:
                            first_lines.setdefault(k.value, k.start_mark.line + self.offset)
                    first = first_lines[key]
                    self.issues.append(make_issue("KC006", self.path, key_node.start_mark.line + self.offset,
                                                  f"the key '{key}' appears twice (first on line {first})"))
                    continue
                if value_node.__class__ is ScalarNode and value_node.tag == STR:
                    out[key] = value_node.value
                else:
                    out[key] = build(value_node, depth + 1)
            return out
        return self.bad_tag(node, node.start_mark.line + self.offset)  # pragma: no cover

    def scalar(self, node: ScalarNode, line: int):
        tag, value = node.tag, node.value
        if tag == STR or tag == "!":
            return value
        try:
            if tag == INT:
                return int(value)
            if tag == BOOL:
                if value in ("true", "false"):
                    return value == "true"
                raise ValueError(value)
            if tag == NULL:
                if value in ("", "~", "null", "Null", "NULL"):
                    return None
                raise ValueError(value)
            if tag == DATE:
                if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                    try:
                        return _dt.date.fromisoformat(value)
                    except ValueError:
                        return value  # e.g. 2026-02-30: stays text, the schema reports KC107 where a date is due
                raise ValueError(value)
        except ValueError:
            self.fatal = True
            self.issues.append(make_issue("KC009", self.path, line,
                                          f"the value {value!r} cannot be read as {tag.rsplit(':', 1)[-1]}"))
            return value
        return self.bad_tag(node, line)

    def bad_tag(self, node, line: int):
        tag = node.tag
        short = tag.replace("tag:yaml.org,2002:", "!!")
        self.fatal = True  # the page is not loaded: a follow-up "missing key" would only confuse
        self.issues.append(make_issue("KC009", self.path, line, f"the YAML tag '{short}' is not supported"))
        if isinstance(node, ScalarNode):
            return node.value
        return None
