"""Content Security Policy: the pure functions in ``kenniscentrum.csp`` on small inputs, and the policy as built into
every page of the real site and into ``_headers``. The browser side (the theme's inline scripts run, nothing is
blocked, an unlisted inline script is) is in ``tests/browser/test_privacy.py``."""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from kenniscentrum import csp

PAGE = """<!doctype html>
<html lang="nl"><head>
<meta charset="utf-8">
<title>t</title>
<script>var a = 1;</script>
<!-- <script>commented out</script> -->
<script src="x.js"></script>
<script id="__config" type="application/json">{"base": "."}</script>
<script type="module">import "./m.js";</script>
<SCRIPT type="text/javascript">
  var b = 2;
</SCRIPT>
</head><body><p>x</p><script>var a = 1;</script></body></html>
"""


def expected_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def test_inline_scripts_are_the_executable_ones_exactly_as_written():
    assert csp.inline_scripts(PAGE) == ["var a = 1;", 'import "./m.js";', "\n  var b = 2;\n", "var a = 1;"]


def test_known_hash():
    # The example from the CSP Level 3 specification, section "Hash usage for script elements".
    assert csp.script_hash("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"


def test_hashes_are_sorted_and_unique():
    hashes = csp.script_hashes(PAGE)
    assert hashes == sorted({expected_hash("var a = 1;"), expected_hash('import "./m.js";'),
                             expected_hash("\n  var b = 2;\n")})


def test_policy_shape():
    meta = csp.parse_policy(csp.policy(["'sha256-AAA='"]))
    assert meta["default-src"] == ["'self'"]
    assert meta["script-src"] == ["'self'", "'sha256-AAA='", "'wasm-unsafe-eval'"]
    assert meta["style-src"] == ["'self'"]
    assert meta["img-src"] == ["'self'", "data:"]
    assert meta["object-src"] == ["'none'"] and meta["base-uri"] == ["'self'"] and meta["form-action"] == ["'self'"]
    assert "frame-ancestors" not in meta, "browsers ignore frame-ancestors in a meta policy (and log an error)"
    header = csp.parse_policy(csp.policy([], header=True))
    assert header["frame-ancestors"] == ["'none'"]


def test_meta_goes_right_after_charset():
    html = csp.insert_after_charset(PAGE, '<meta http-equiv="Content-Security-Policy" content="x">')
    assert '<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="x">' in html
    assert csp.meta_policy_of(html) == "x"
    with pytest.raises(ValueError, match="charset"):
        csp.insert_after_charset("<html><head></head></html>", "<meta>")


def test_headers_file():
    text = csp.headers_file(["'sha256-B='", "'sha256-A='"])
    lines = text.splitlines()
    assert "/*" in lines
    policy_line = next(line for line in lines if line.startswith("  Content-Security-Policy: "))
    assert "'sha256-A=' 'sha256-B='" in policy_line and "frame-ancestors 'none'" in policy_line
    assert "  X-Content-Type-Options: nosniff" in lines


# --- the real site ---------------------------------------------------------------------------------------------------

def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_carries_its_own_policy(built_site):
    problems = []
    for path in html_files(built_site):
        html = path.read_text(encoding="utf-8")
        rel = path.relative_to(built_site)
        if len(re.findall(r'http-equiv="Content-Security-Policy"', html)) != 1:
            problems.append(f"{rel}: not exactly one CSP meta element")
            continue
        if not re.search(r'<meta charset="utf-8">\s*<meta http-equiv="Content-Security-Policy"', html):
            problems.append(f"{rel}: the CSP meta element does not directly follow <meta charset>")
        policy = csp.parse_policy(csp.meta_policy_of(html))
        hashes = [s for s in policy["script-src"] if s.startswith("'sha256-")]
        if hashes != csp.script_hashes(html):
            problems.append(f"{rel}: script-src hashes {hashes} do not match the page's inline scripts")
        for directive in ("script-src", "style-src", "default-src"):
            unsafe = [s for s in policy.get(directive, []) if s in {"'unsafe-inline'", "'unsafe-eval'", "*"}]
            if unsafe:
                problems.append(f"{rel}: {directive} allows {unsafe}")
        if "frame-ancestors" in policy:
            problems.append(f"{rel}: frame-ancestors in a meta policy is ignored by browsers")
    assert not problems, "\n".join(problems[:40])


def test_no_markup_the_policy_would_block(built_site):
    """Inline event handlers, javascript: URLs, <style> elements and style attributes would all be blocked."""
    patterns = {
        "an inline event handler": re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.IGNORECASE),
        "a javascript: URL": re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE),
        "a <style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
        "a style attribute": re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.IGNORECASE),
    }
    problems = []
    for path in html_files(built_site):
        html = re.sub(r"<script\b[^>]*>.*?</script\s*>", "", path.read_text(encoding="utf-8"),
                      flags=re.IGNORECASE | re.DOTALL)
        for what, pattern in patterns.items():
            m = pattern.search(html)
            if m:
                problems.append(f"{path.relative_to(built_site)}: {what}: {m.group(0)[:80]}")
    assert not problems, "\n".join(problems[:40])


def test_headers_file_covers_every_page(built_site):
    headers = built_site / "_headers"
    assert headers.is_file(), "_headers is missing from the site root"
    text = headers.read_text(encoding="utf-8")
    line = next((x for x in text.splitlines() if x.strip().startswith("Content-Security-Policy:")), None)
    assert line, "_headers has no Content-Security-Policy"
    policy = csp.parse_policy(line.split(":", 1)[1])
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-inline'" not in policy["style-src"]
    every = set()
    for path in html_files(built_site):
        every.update(csp.script_hashes(path.read_text(encoding="utf-8")))
    assert {s for s in policy["script-src"] if s.startswith("'sha256-")} == every
    # ... and every one of them is a reviewed template script (kenniscentrum/csp-inline-scripts.yml), never content.
    reviewed = csp.all_allowed_hashes([*csp.relative_base_urls(), "/"])
    assert every <= reviewed, f"hashes of unreviewed inline scripts in the site: {sorted(every - reviewed)}"
