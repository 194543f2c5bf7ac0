"""The portal's own stylesheets and scripts as the site serves them: comments and layout whitespace removed at build
time (issue 18: the first view of a content page within its budget). The readable sources stay in
``overrides/assets/``; ``hooks/assets.py`` hands MkDocs the minified text for each of them.

Both minifiers only *remove* what cannot change meaning, and are conservative about it:

* CSS (``minify_css``) is parsed with tinycss2 (already a pinned dependency, via WeasyPrint) and written back without
  comments, with whitespace collapsed, and dropped only next to ``{ } ; : ,`` in declarations and next to ``,`` and
  the combinators ``> + ~`` in selectors (a space before ``:`` in a selector is a descendant combinator and stays);
  a custom property or a value with ``var()`` only has its whitespace collapsed (the browser keeps those as tokens).
  tinycss2's serialiser separates two tokens that would otherwise run together.
  ``tests/browser/test_minified_assets.py`` checks in Chromium that every rule of every stylesheet reads the same
  (CSSOM) before and after.
* JavaScript (``minify_js``) is tokenised just enough to tell code from strings, template literals, regular
  expressions and comments; comments, indentation, trailing spaces and blank lines go, and every other line break
  stays where it was, so automatic semicolon insertion and everything on a line are unchanged.
  ``tests/unit/test_minify.py`` compares the token stream of each script before and after with an independent
  tokenizer (esprima, from the npm checkers) and has Node parse the result.

Pure functions with a per-process memo on the text: no MkDocs import.
"""
from __future__ import annotations

import functools
import re

import tinycss2
from tinycss2 import ast

#: Suffixes this module minifies; anything else is served as it is.
MINIFIED_SUFFIXES = (".css", ".js")


def minify(name: str, text: str) -> str:
    """The served text of the asset ``name`` (a path or file name): minified CSS or JavaScript, else unchanged."""
    if name.endswith(".css"):
        return minify_css(text)
    if name.endswith(".js"):
        return minify_js(text)
    return text


# ------------------------------------------------------------------------------------------------------------- CSS

#: At-rules whose block holds rules (the others used here, @page and @font-face, hold declarations).
_RULE_BLOCK_AT_RULES = frozenset({"media", "supports", "layer", "container", "document", "scope", "starting-style"})
#: Selector punctuation next to which whitespace means nothing.
_SELECTOR_TIGHT = frozenset({",", ">", "+", "~"})
#: Value punctuation next to which whitespace means nothing (not + or -: calc() needs the spaces around them).
_VALUE_TIGHT = frozenset({",", "/"})


class CssMinifyError(ValueError):
    """The stylesheet does not parse: the build stops instead of serving something else than was written."""


@functools.lru_cache(maxsize=64)
def minify_css(text: str) -> str:
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    return "".join(_rule(rule) for rule in rules)


def _rule(rule) -> str:
    if isinstance(rule, ast.ParseError):
        raise CssMinifyError(f"line {rule.source_line}: {rule.message}")
    if isinstance(rule, ast.QualifiedRule):
        return _components(rule.prelude, _SELECTOR_TIGHT) + "{" + _declarations(rule.content) + "}"
    if isinstance(rule, ast.AtRule):
        head = "@" + rule.at_keyword
        prelude = _components(rule.prelude, _VALUE_TIGHT)
        if prelude:
            head += " " + prelude
        if rule.content is None:
            return head + ";"
        if rule.lower_at_keyword in _RULE_BLOCK_AT_RULES:
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            return head + "{" + "".join(_rule(r) for r in inner) + "}"
        return head + "{" + _declarations(rule.content) + "}"
    raise CssMinifyError(f"line {rule.source_line}: unexpected {rule.type}")


def _declarations(content) -> str:
    parts = []
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if isinstance(item, ast.Declaration):
            # A custom property, or a value with var(), is kept by the browser as its tokens until the variables are
            # substituted (and so in the CSSOM): only runs of whitespace are collapsed there, none is dropped.
            verbatim = item.name.startswith("--") or _uses_var(item.value)
            value = _components(item.value, frozenset() if verbatim else _VALUE_TIGHT)
            parts.append(f"{item.name}:{value}{'!important' if item.important else ''}")
        elif isinstance(item, (ast.QualifiedRule, ast.AtRule)):  # nested rules (none today): kept, minified
            parts.append(_rule(item))
        else:
            _rule(item)  # a parse error raises
    return ";".join(parts)


def _components(tokens, tight: frozenset[str]) -> str:
    return tinycss2.serialize(_tidy(tokens, tight))


def _uses_var(tokens) -> bool:
    for token in tokens:
        if token.type == "function" and (token.lower_name == "var" or _uses_var(token.arguments)):
            return True
        if token.type in ("() block", "[] block", "{} block") and _uses_var(token.content):
            return True
    return False


def _tidy(tokens, tight: frozenset[str]) -> list:
    """Comments dropped, whitespace collapsed to one space and dropped at the ends and next to ``tight``
    punctuation; function arguments and blocks tidied the same way (as values: their commas are tight)."""
    out: list = []
    for token in tokens:
        if token.type == "comment":
            continue
        if token.type == "whitespace":
            if out and out[-1].type != "whitespace" and not _is_literal(out[-1], tight):
                out.append(ast.WhitespaceToken(token.source_line, token.source_column, " "))
            continue
        if _is_literal(token, tight) and out and out[-1].type == "whitespace":
            out.pop()
        if token.type == "function":
            token = ast.FunctionBlock(token.source_line, token.source_column, token.name,
                                      _tidy(token.arguments, tight and _VALUE_TIGHT))
        elif token.type in ("() block", "[] block"):
            cls = ast.ParenthesesBlock if token.type == "() block" else ast.SquareBracketsBlock
            token = cls(token.source_line, token.source_column, _tidy(token.content, tight))
        out.append(token)
    while out and out[-1].type == "whitespace":
        out.pop()
    return out


def _is_literal(token, tight: frozenset[str]) -> bool:
    return token.type == "literal" and token.value in tight


# ------------------------------------------------------------------------------------------------------ JavaScript

#: After these keywords a ``/`` starts a regular expression, not a division.
_KEYWORDS_BEFORE_EXPRESSION = frozenset({
    "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield",
    "await"})
_IDENTIFIER = re.compile(r"[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*")
_NUMBER = re.compile(r"\.?[0-9][\w.]*")


class JsMinifyError(ValueError):
    """The script ends inside a string, template, comment or regular expression: it is not served minified wrong."""


@functools.lru_cache(maxsize=64)
def minify_js(text: str) -> str:
    lines: list[str] = []
    line: list[str] = []
    # whether the current line starts inside a template literal: its leading whitespace is then part of a value
    starts_in_template = False

    def end_line():
        nonlocal starts_in_template
        code = "".join(line).rstrip()
        code = code if starts_in_template else code.lstrip()
        if code:
            lines.append(code)
        line.clear()
        starts_in_template = False

    i, n = 0, len(text)
    braces: list[int] = []  # for each open template substitution: the brace depth at which it closes
    depth = 0
    regex_allowed = True  # at the start of a script an expression may begin
    while i < n:
        c = text[i]
        if c == "\n":
            end_line()
            i += 1
            continue
        if c in " \t\r\f\v\ufeff":
            # runs of layout whitespace become one space (the line is stripped at its ends)
            j = i
            while j < n and text[j] in " \t\r\f\v\ufeff":
                j += 1
            line.append(" ")
            i = j
            continue
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                raise JsMinifyError("unterminated comment")
            # a comment with a line break is a line terminator (ASI); any other separates tokens like a space
            if "\n" in text[i:j]:
                end_line()
            else:
                line.append(" ")
            i = j + 2
            continue
        if c in "'\"":
            j = _string_end(text, i, c)
            line.append(text[i:j])
            i, regex_allowed = j, False
            continue
        if c == "`" or (c == "}" and braces and braces[-1] == depth):
            if c == "}":
                braces.pop()
            j, opens = _template_end(text, i + 1)
            chunk = text[i:j]
            # a template's own line breaks and spaces are part of its value: kept exactly
            parts = chunk.split("\n")
            line.append(parts[0])
            for part in parts[1:]:
                code = "".join(line)
                lines.append(code if starts_in_template else code.lstrip())
                line.clear()
                line.append(part)
                starts_in_template = True
            if opens:
                braces.append(depth)
            # after a whole template a / divides; after ${ an expression starts
            i, regex_allowed = j, opens
            continue
        if c == "/":
            if regex_allowed:
                j = _regex_end(text, i)
                line.append(text[i:j])
                i, regex_allowed = j, False
                continue
            line.append(c)
            i += 1
            if i < n and text[i] == "=":
                line.append("=")
                i += 1
            regex_allowed = True
            continue
        m = _IDENTIFIER.match(text, i)
        if m:
            word = m.group(0)
            line.append(word)
            i = m.end()
            regex_allowed = word in _KEYWORDS_BEFORE_EXPRESSION
            continue
        m = _NUMBER.match(text, i)
        if m:
            line.append(m.group(0))
            i = m.end()
            regex_allowed = False
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        line.append(c)
        i += 1
        # after ) ] } a / divides; after any other punctuator an expression (so a regular expression) may start
        regex_allowed = c not in ")]}"
    end_line()
    if braces:
        raise JsMinifyError("unterminated template literal")
    return "\n".join(lines) + "\n"


def _string_end(text: str, i: int, quote: str) -> int:
    j = i + 1
    while j < len(text):
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == quote:
            return j + 1
        if c == "\n":
            break
        j += 1
    raise JsMinifyError(f"unterminated string at offset {i}")


def _template_end(text: str, j: int) -> tuple[int, bool]:
    """From just inside a template literal (after ` or a substitution's }): the end of this chunk, and whether it
    ends by opening a substitution (``${``) rather than closing the template."""
    while j < len(text):
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == "`":
            return j + 1, False
        if c == "$" and text.startswith("${", j):
            return j + 2, True
        j += 1
    raise JsMinifyError("unterminated template literal")


def _regex_end(text: str, i: int) -> int:
    j, in_class = i + 1, False
    while j < len(text):
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == "\n":
            break
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "/":
            j += 1
            while j < len(text) and (text[j].isalnum() or text[j] in "_$"):
                j += 1  # flags
            return j
        j += 1
    raise JsMinifyError(f"unterminated regular expression at offset {i}")
