"""A small declarative schema machinery: value types, fields, schemas, and the checker that applies them.

A :class:`Schema` is an ordered list of :class:`Field` s (name, value type, required, description) plus optional
cross-field checks. Value types check *and convert* a value (``"2026-11-01"`` → ``date``) and report problems with a
rule id and the line of the offending key or list item. Each type also describes itself for
``docs/content-model.md`` (:meth:`ValueType.describe` and :meth:`ValueType.allowed`), so the editor reference is
generated from exactly the code that validates.
"""
from __future__ import annotations

import datetime as _dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from kenniscentrum.validation.issues import Issue, make_issue

#: Stable ids of sections, items, fields and terms.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_ID_RE = re.compile(ID_PATTERN)
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class Invalid:
    """Marker for a value that failed validation (never stored in the typed metadata)."""

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "INVALID"


INVALID = Invalid()


class Context:
    """What a check needs to know about the page it is checking, and where it reports."""

    def __init__(self, path: str, lang: str, lines: dict, vocab=None, templates: set[str] | None = None,
                 type_name: str = ""):
        self.path, self.lang, self.lines, self.vocab, self.templates = path, lang, lines, vocab, templates
        self.type_name = type_name
        self.issues: list[Issue] = []

    def line(self, at: tuple) -> int:
        while at and at not in self.lines:
            at = at[:-1]
        return self.lines.get(at, 1)

    def report(self, rule: str, at: tuple, message: str, fix: str | None = None) -> None:
        self.issues.append(make_issue(rule, self.path, self.line(at), message, fix))


def key_name(at: tuple) -> str:
    """("checklist", "sections", 0, "id") -> "checklist.sections[1].id" (1-based for people)."""
    out = ""
    for part in at:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "front matter"


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return str(value)


def _what(value: Any) -> str:
    if isinstance(value, bool):
        return f"true/false ({_shown(value)})"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {_shown(value)}"
    if isinstance(value, _dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return _shown(value)


# --------------------------------------------------------------------------------------------------------------------
# Value types
# --------------------------------------------------------------------------------------------------------------------
class ValueType:
    label = "value"

    def check(self, value: Any, ctx: Context, at: tuple) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self) -> str:
        return self.label

    def allowed(self, vocab=None) -> str:
        return ""

    def wrong_type(self, value: Any, ctx: Context, at: tuple, example: str = "") -> Invalid:
        if value is None:
            ctx.report("KC111", at, f"`{key_name(at)}` has no value")
            return INVALID
        hint = f" Example: `{at[-1]}: {example}`." if example and at and isinstance(at[-1], str) else ""
        ctx.report("KC104", at, f"`{key_name(at)}` must be {self.describe()}, not {_what(value)}",
                   f"Write {self.describe()}.{hint}")
        return INVALID


#: What plain text from front matter may not contain (KC127): it reaches HTML, attributes, JSON-LD, <title> and
#: downloads, so markup characters could open an element and control characters (line breaks included, and the
#: bidirectional overrides that make text read differently from what it is) have no place in a title.
_MARKUP_CHARS = re.compile(r"[<>]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\t\r\n]")


def plain_text_problem(value: str, multiline: bool = False) -> str | None:
    """Why ``value`` is not plain text (KC127), or None."""
    m = _MARKUP_CHARS.search(value)
    if m:
        return f"contains '{m.group()}', which would be read as markup"
    m = _CONTROL_CHARS.search(value)
    if m:
        return f"contains the control character U+{ord(m.group()):04X}"
    if not multiline:
        m = _LINE_BREAKS.search(value)
        if m:
            return "contains a line break or tab" if m.group() != "\t" else "contains a tab"
    return None


class Text(ValueType):
    """Plain text: never markup (no ``<``/``>``), no control characters, one line unless ``multiline``."""

    label = "text"

    def __init__(self, max_len: int | None = None, too_long_rule: str = "KC104", pattern: str | None = None,
                 pattern_rule: str = "KC104", pattern_hint: str = "", multiline: bool = False):
        self.max_len, self.too_long_rule, self.multiline = max_len, too_long_rule, multiline
        self.pattern, self.pattern_rule, self.pattern_hint = pattern, pattern_rule, pattern_hint
        self._re = re.compile(pattern) if pattern else None

    def describe(self) -> str:
        return "text" + (f" (≤ {self.max_len} characters)" if self.max_len else "")

    def allowed(self, vocab=None) -> str:
        if self.pattern:
            return f"`{self.pattern}`"
        return f"at most {self.max_len} characters" if self.max_len else ""

    def check(self, value, ctx, at):
        if not isinstance(value, str):
            return self.wrong_type(value, ctx, at, "…")
        if not value.strip():
            ctx.report("KC111", at, f"`{key_name(at)}` is empty")
            return INVALID
        if self.max_len and len(value) > self.max_len:
            ctx.report(self.too_long_rule, at,
                       f"`{key_name(at)}` is {len(value)} characters long; the maximum is {self.max_len}")
            return INVALID
        if self._re and not self._re.match(value):
            ctx.report(self.pattern_rule, at, f"`{key_name(at)}` {_shown(value)} is not valid{self.pattern_hint}")
            return INVALID
        problem = plain_text_problem(value, self.multiline)
        if problem:
            ctx.report("KC127", at, f"`{key_name(at)}` {problem}")
            return INVALID
        return value


class Id(Text):
    label = "id"

    def __init__(self):
        super().__init__(pattern=ID_PATTERN, pattern_rule="KC117",
                         pattern_hint=": use lowercase letters, digits and hyphens")

    def describe(self) -> str:
        return "id"

    def check(self, value, ctx, at):
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # `id: 1` is a fine id
        return super().check(value, ctx, at)


class Integer(ValueType):
    label = "whole number"

    def __init__(self, min: int | None = None, max: int | None = None, range_rule: str = "KC119", unit: str = ""):
        self.min, self.max, self.range_rule, self.unit = min, max, range_rule, unit

    def describe(self) -> str:
        return "whole number" + (f" ({self.unit})" if self.unit else "")

    def allowed(self, vocab=None) -> str:
        if self.min is not None and self.max is not None:
            return f"{self.min}–{self.max}"
        if self.min is not None:
            return f"≥ {self.min}"
        return ""

    def check(self, value, ctx, at):
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and re.fullmatch(r"\s*[-+]?[0-9]+\s*", value):
                ctx.report("KC104", at, f"`{key_name(at)}` must be a whole number, not the text {_shown(value)}",
                           "Remove the quotes around the number.")
                return INVALID
            if isinstance(value, str) and re.fullmatch(r"\s*[0-9]+[.,][0-9]+\s*", value):
                ctx.report("KC104", at, f"`{key_name(at)}` must be a whole number, not {_shown(value)}",
                           "Round it to a whole number.")
                return INVALID
            return self.wrong_type(value, ctx, at, "12")
        if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
            ctx.report(self.range_rule, at, f"`{key_name(at)}` is {value}; allowed: {self.allowed()}")
            return INVALID
        return value


class Sdg(Integer):
    def __init__(self):
        super().__init__(1, 17, range_rule="KC106")

    def describe(self) -> str:
        return "SDG number"

    def check(self, value, ctx, at):
        if isinstance(value, int) and not isinstance(value, bool):
            return super().check(value, ctx, at)
        ctx.report("KC106", at, f"`{key_name(at)}` must be an SDG number from 1 to 17, not {_what(value)}",
                   "Write the goal's number only, without quotes or 'SDG' (e.g. `sdgs: [8, 12]`).")
        return INVALID


class Boolean(ValueType):
    label = "true/false"

    def allowed(self, vocab=None) -> str:
        return "`true`, `false`"

    def check(self, value, ctx, at):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("yes", "no", "on", "off", "y", "n", "true", "false"):
            ctx.report("KC104", at, f"`{key_name(at)}` must be true or false, not the text {_shown(value)}",
                       "Write `true` or `false` (lowercase, no quotes).")
            return INVALID
        return self.wrong_type(value, ctx, at, "true")


class Date(ValueType):
    label = "date"

    def allowed(self, vocab=None) -> str:
        return "`YYYY-MM-DD`"

    def check(self, value, ctx, at):
        if isinstance(value, _dt.date):
            return value
        if isinstance(value, str) and _DATE_RE.match(value):
            try:
                return _dt.date.fromisoformat(value)
            except ValueError:
                ctx.report("KC107", at, f"`{key_name(at)}`: {value} is not a date that exists")
                return INVALID
        if value is None:
            return self.wrong_type(value, ctx, at)
        ctx.report("KC107", at, f"`{key_name(at)}` must be a date written YYYY-MM-DD, not {_what(value)}")
        return INVALID


class Choice(ValueType):
    """One of a fixed set of values (declared in the schema)."""

    label = "one of"

    def __init__(self, *values: str):
        self.values = values

    def describe(self) -> str:
        return "choice"

    def allowed(self, vocab=None) -> str:
        return ", ".join(f"`{v}`" for v in self.values)

    def check(self, value, ctx, at):
        if value in self.values and isinstance(value, str):
            return value
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            return self.wrong_type(value, ctx, at, self.values[0])
        _not_allowed(ctx, at, value, list(self.values))
        return INVALID


class VocabId(ValueType):
    """An id from a shared vocabulary in ``data/vocabularies/<lang>.yml``."""

    def __init__(self, vocabulary: str, singular: str):
        self.vocabulary, self.singular = vocabulary, singular

    def describe(self) -> str:
        return f"{self.singular} id"

    def allowed(self, vocab=None) -> str:
        if vocab is None or self.vocabulary not in vocab.names():
            return f"vocabulary `{self.vocabulary}`"
        return f"vocabulary `{self.vocabulary}`: " + ", ".join(f"`{i}`" for i in vocab.ids(self.vocabulary))

    def check(self, value, ctx, at):
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            return self.wrong_type(value, ctx, at)
        if ctx.vocab is None or self.vocabulary not in ctx.vocab.names():
            return value  # the vocabulary file itself is broken: reported as KC401
        if ctx.vocab.has(self.vocabulary, value):
            return value
        _not_allowed(ctx, at, value, ctx.vocab.ids(self.vocabulary),
                     f" (from data/vocabularies/{ctx.lang}.yml, list `{self.vocabulary}`)")
        return INVALID


def _not_allowed(ctx: Context, at: tuple, value, allowed: list, source: str = "") -> None:
    close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1, cutoff=0.6)
    hint = f"; did you mean `{close[0]}`?" if close else ""
    ctx.report("KC105", at, f"`{key_name(at)}`: {_shown(value)} is not allowed{hint}",
               f"Use one of{source}: {', '.join(str(a) for a in allowed)}.")


class ListOf(ValueType):
    def __init__(self, item: ValueType, min_items: int = 0, unique: bool = True, unique_key: str | None = None):
        self.item, self.min_items, self.unique, self.unique_key = item, min_items, unique, unique_key

    def describe(self) -> str:
        inner = self.item.describe()
        return f"list of {inner}s" if not isinstance(self.item, Record) else f"list of {{{self.item.keys_text()}}}"

    def allowed(self, vocab=None) -> str:
        parts = []
        if self.min_items:
            parts.append(f"at least {self.min_items}")
        inner = self.item.allowed(vocab)
        if inner and not isinstance(self.item, Record):
            parts.append(inner)
        return "; ".join(parts)

    def check(self, value, ctx, at):
        if not isinstance(value, list):
            if isinstance(value, (str, int)) and not isinstance(value, bool) and not isinstance(self.item, Record):
                ctx.report("KC104", at, f"`{key_name(at)}` must be a list, not {_what(value)}",
                           f"Write it as a list, e.g. `{at[-1]}: [{value}]`.")
                return INVALID
            return self.wrong_type(value, ctx, at, "[…]")
        if len(value) < self.min_items:
            ctx.report("KC120", at, f"`{key_name(at)}` needs at least {self.min_items} value(s)")
            return INVALID
        out, seen = [], {}
        for i, item in enumerate(value):
            checked = self.item.check(item, ctx, at + (i,))
            if checked is INVALID:
                continue
            if self.unique_key is not None and isinstance(checked, dict) and self.unique_key in checked:
                key = checked[self.unique_key]
                if key in seen:
                    ctx.report("KC116", at + (i, self.unique_key),
                               f"`{key_name(at)}`: the id '{key}' is used twice "
                               f"(first on line {ctx.line(at + (seen[key], self.unique_key))})")
                    continue
                seen[key] = i
            elif self.unique and self.unique_key is None and isinstance(checked, (str, int)):
                if checked in seen:
                    ctx.report("KC121", at + (i,), f"`{key_name(at)}` lists {_shown(checked)} twice")
                    continue
                seen[checked] = i
            out.append(checked)
        return out


@dataclass
class Field:
    name: str
    type: ValueType
    required: bool = False
    description: str = ""


class Record(ValueType):
    """A mapping with known keys: unknown keys are KC102, missing required keys KC103."""

    def __init__(self, fields: list[Field], other_keys: dict[str, str] | None = None):
        self.fields = {f.name: f for f in fields}
        self.other_keys = other_keys or {}  # key -> "where it belongs" hint for KC102

    def keys_text(self) -> str:
        return ", ".join(f.name + ("" if f.required else "?") for f in self.fields.values())

    def describe(self) -> str:
        return f"mapping {{{self.keys_text()}}}"

    def check(self, value, ctx, at):
        if not isinstance(value, dict):
            if value is None:
                ctx.report("KC111", at, f"`{key_name(at)}` has no value")
                return INVALID
            ctx.report("KC104", at, f"`{key_name(at)}` must be a mapping with the keys {self.keys_text()}, "
                                    f"not {_what(value)}")
            return INVALID
        out: dict = {}
        for key, item in value.items():
            spec = self.fields.get(key)
            if spec is None:
                self.unknown(key, ctx, at)
                continue
            checked = spec.type.check(item, ctx, at + (key,))
            if checked is not INVALID:
                out[key] = checked
        for name, spec in self.fields.items():
            if spec.required and name not in value:
                where = "" if not at else f" in `{key_name(at)}`"
                ctx.report("KC103", at, f"required key `{name}` is missing{where}",
                           f"Add `{name}:` ({spec.type.describe()}){': ' + spec.description if spec.description else ''}.")
        return out

    def unknown(self, key: str, ctx: Context, at: tuple) -> None:
        where = f" in `{key_name(at)}`" if at else (f" for type `{ctx.type_name}`" if ctx.type_name else "")
        hint = ""
        if key in self.other_keys:
            hint = f" ({self.other_keys[key]})"
        else:
            close = difflib.get_close_matches(key.lower(), list(self.fields), n=1, cutoff=0.6)
            if close:
                hint = f"; did you mean `{close[0]}`?"
        ctx.report("KC102", at + (key,), f"unknown key `{key}`{where}{hint}",
                   f"Remove `{key}` or rename it; allowed keys here: {', '.join(self.fields)}.")


# --------------------------------------------------------------------------------------------------------------------
# Schemas
# --------------------------------------------------------------------------------------------------------------------
Check = Callable[[dict, dict, Context], None]  # (typed meta, raw meta, context)


@dataclass
class Schema:
    name: str
    description: str
    fields: list[Field]
    example: str = ""
    checks: list[Check] = field(default_factory=list)
    example_path: str = ""

    def record(self, other_keys: dict[str, str] | None = None) -> Record:
        return Record(self.fields, other_keys)

    def field(self, name: str) -> Field | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None


def override(fields: list[Field], *replacements: Field) -> list[Field]:
    """``fields`` with some fields replaced by name (e.g. `themes` made required for instruments)."""
    by_name = {f.name: f for f in replacements}
    out = [by_name.pop(f.name, f) for f in fields]
    return out + list(by_name.values())
