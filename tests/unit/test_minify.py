"""kenniscentrum.minify: the portal's own CSS and JS as served (issue 18). Small cases for what must stay and what may
go, then every script in overrides/assets/ held to an independent tokenizer: esprima (an npm package pinned in
package-lock.json, installed by `make setup`) must see the same tokens before and after, with a line break before
the same ones (automatic semicolon insertion), and Node must parse the result. The stylesheets are compared rule by rule in Chromium (tests/browser/test_minified_assets.py)."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kenniscentrum import minify

REPO = Path(__file__).resolve().parents[2]
ASSETS = REPO / "overrides" / "assets"
SCRIPTS = sorted((ASSETS / "javascripts").glob("*.js"))
STYLESHEETS = sorted((ASSETS / "stylesheets").glob("*.css"))
ESPRIMA = REPO / "node_modules" / "esprima"


# ------------------------------------------------------------------------------------------------------------- CSS

def test_css_loses_comments_and_layout_whitespace():
    source = "/* why */\n.a  >  .b ,\n.c {\n  color : red ; /* note */\n  margin: 0 auto !important;\n}\n"
    assert minify.minify_css(source) == ".a>.b,.c{color:red;margin:0 auto!important}"


def test_css_keeps_what_carries_meaning():
    # a space before ':' in a selector is a descendant combinator; calc() needs the spaces around + and -
    source = ('.a :focus-visible { width: calc(100% - 2rem + 1px); content: "a  /* b */  c"; }\n'
              '@media screen and (max-width: 30em) { .x [hidden] { display: none; } }\n'
              "@page { size: A4; margin: 2cm; }\n"
              '.b::before { content: "\\203A"; font: 700 0.75rem/1.2 system-ui, sans-serif; }\n')
    assert minify.minify_css(source) == (
        '.a :focus-visible{width:calc(100% - 2rem + 1px);content:"a  /* b */  c"}'
        "@media screen and (max-width: 30em){.x [hidden]{display:none}}"
        "@page{size:A4;margin:2cm}"
        '.b::before{content:"\u203a";font:700 0.75rem/1.2 system-ui,sans-serif}')  # the same character, as UTF-8


def test_css_tokens_that_would_run_together_stay_apart():
    # a comment between two numbers separates them: the serialiser keeps an empty one rather than write "1px2px"
    assert minify.minify_css(".a{margin:1px/* x */2px}") == ".a{margin:1px/**/2px}"


def test_css_that_does_not_parse_stops_the_build():
    with pytest.raises(minify.CssMinifyError):
        minify.minify_css(".a { color: red; } }")


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda p: p.name)
def test_every_stylesheet_shrinks_and_keeps_its_rules(path):
    source = path.read_text(encoding="utf-8")
    served = minify.minify_css(source)
    assert len(served) < len(source)
    assert "/*" not in served and "\n" not in served
    assert served.count("{") == served.count("}") > 0


# ------------------------------------------------------------------------------------------------------ JavaScript

def test_js_loses_comments_and_indentation_but_keeps_line_breaks():
    source = ("// header\n(function () {\n  /* block */\n  const a = 1 // trailing\n  const b = a\n\n"
              "  /* a comment\n     over lines */ return b;\n}());\n")
    assert minify.minify_js(source) == "(function () {\nconst a = 1\nconst b = a\nreturn b;\n}());\n"


def test_js_strings_templates_and_regular_expressions_are_kept_exactly():
    source = ('const url = "http://x/*y*/"; const s = \'// no\';\n'
              "const re = /\\/\\*[^/]*\\//g, half = a / 2 / b;\n"
              "const t = `line one\n    line // two ${ `inner ${ {a: 1}.a }` } /* three */\n  end`;\n"
              "if (/^\\d+$/.test(x)) return x.replace(/[/]/, \"\");\n")
    served = minify.minify_js(source)
    assert '"http://x/*y*/"' in served and "'// no'" in served
    assert "/\\/\\*[^/]*\\//g" in served and "a / 2 / b" in served
    assert "`line one\n    line // two ${ `inner ${ {a: 1}.a }` } /* three */\n  end`" in served
    assert "/[/]/" in served


def test_js_that_ends_inside_a_string_or_template_stops_the_build():
    for broken in ('const a = "open;\n', "const t = `open ${a}\n", "/* open\n"):
        with pytest.raises(minify.JsMinifyError):
            minify.minify_js(broken)


def _node() -> str:
    node = shutil.which("node")
    if node is None or not ESPRIMA.is_dir():
        pytest.fail("node and node_modules/esprima are needed: run `make setup` (esprima is pinned in "
                    "package-lock.json)", pytrace=False)
    return node


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_every_script_has_the_same_tokens_and_parses(path, tmp_path):
    node = _node()
    served = tmp_path / path.name
    served.write_text(minify.minify_js(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert served.stat().st_size < path.stat().st_size
    # each token with whether a line break comes before it: automatic semicolon insertion depends on exactly that
    compare = ("const esprima = require(process.argv[1]); const fs = require('fs');"
               "const tokens = (f) => { let line = 0; return esprima.tokenize(fs.readFileSync(f, 'utf8'), {loc: true})"
               ".map((t) => { const broken = t.loc.start.line > line; line = t.loc.end.line;"
               " return [t.type, t.value, broken]; }); };"
               "console.log(JSON.stringify([tokens(process.argv[2]), tokens(process.argv[3])]));")
    result = subprocess.run([node, "-e", compare, str(ESPRIMA), str(path), str(served)],
                            capture_output=True, text=True, check=True)
    before, after = json.loads(result.stdout)
    assert len(before) > 20
    assert before == after
    subprocess.run([node, "--check", str(served)], capture_output=True, text=True, check=True)
