"""The content boundary as an attacker tries it (issue #14): every spelling of a script, every way to make the reader's
browser fetch something, every link scheme and attribute trick. Each must fail the check with the file and the line of
its Markdown block; the inert look-alikes must pass (they are rendered in tests/browser/test_content_boundary.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from kenniscentrum.content import load_content
from kenniscentrum.validation.rendered import Renderer, browser_url, findings_in_html
from tests.support.boundary import INERT_BODY

VALID = Path(__file__).resolve().parents[1] / "fixtures" / "model" / "valid"
HEADER = """---
type: page
title: Testpagina
summary: Een pagina voor de tests.
status: published
owner: Redactie Kenniscentrum MVO
last_reviewed: 2026-11-01
review_every: 12
---

Inleiding.

"""
PAYLOAD_LINE = 13  # the first line after HEADER

#: (name, Markdown written at PAYLOAD_LINE, a rule that must be reported on that line)
ATTACKS = [
    ("script-self-closing-in-paragraph", "Tekst <script/>alert(1)</script> meer.", "KC204"),
    ("script-between-escaped-backticks", "Tekst \\`<script>alert(1)</script>\\` meer.", "KC204"),
    ("script-behind-backslash", "\\<script>alert(1)\\</script>", "KC204"),
    ("script-upper-case", "<SCRIPT>alert(1)</SCRIPT>", "KC204"),
    ("script-mixed-case-in-paragraph", "a <ScRiPt >alert(1)</sCrIpT > b", "KC204"),
    ("svg-script", "<svg><script>alert(1)</script></svg>", "KC204"),
    ("svg-onload", "a <svg/onload=alert(1)> b", "KC204"),
    ("iframe-srcdoc", '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "KC204"),
    ("object-data", '<object data="https://evil.example/x.swf"></object>', "KC204"),
    ("embed", '<embed src="https://evil.example/x">', "KC204"),
    ("base-href", '<base href="https://evil.example/">', "KC204"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example/">', "KC204"),
    ("form-action", '<form action="https://evil.example/"><button>Go</button></form>', "KC204"),
    ("link-stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">', "KC204"),
    ("style-element", "<style>@import url(https://evil.example/x.css);</style>", "KC204"),
    ("math-element", '<math><mtext><img src=x onerror=alert(1)></mtext></math>', "KC204"),
    ("template-element", "<template><script>alert(1)</script></template>", "KC204"),
    ("noscript-element", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", "KC204"),
    ("script-in-attribute-value", '<abbr title="<script>alert(1)</script>">x</abbr>', "KC204"),
    ("img-onerror", '<img src="x.png" onerror="alert(1)">', "KC205"),
    ("event-handler-upper-case", '<p ONCLICK="alert(1)">x</p>', "KC205"),
    ("event-handler-slash-separated", '<p/onclick="alert(1)">x</p>', "KC205"),
    ("event-handler-from-attr-list", 'Alinea.\n{: onclick="alert(1)" }', "KC205"),
    ("markup-in-toc-label", '## Kop { data-toc-label="<img src=x onerror=alert(1)>" }', "KC205"),
    ("event-handler-on-heading-attr-list", '## Kop {: onmouseover="alert(1)" }', "KC205"),
    ("markup-in-admonition-title", '!!! note "<img src=x onerror=alert(1)>"\n    Tekst.', "KC205"),
    ("script-in-details-summary", '??? note "Meer <script>alert(1)</script>"\n    Tekst.', "KC204"),
    ("script-in-table-cell", "| a | b |\n|---|---|\n| <script>alert(1)</script> | x |", "KC204"),
    ("script-in-footnote", "Tekst[^1].\n\n[^1]: <script>alert(1)</script>", "KC204"),
    ("script-in-md-in-html", '<div markdown="1">\n<script>alert(1)</script>\n</div>', "KC204"),
    ("javascript-markdown-link", "[klik](javascript:alert(1))", "KC206"),
    ("javascript-entity-encoded", '<a href="&#106;avascript:alert(1)">x</a>', "KC206"),
    ("javascript-named-entity-colon", '<a href="javascript&colon;alert(1)">x</a>', "KC206"),
    ("javascript-tab-inside", '<a href="java\tscript:alert(1)">x</a>', "KC206"),
    ("javascript-newline-entity", '<a href="java&#10;script:alert(1)">x</a>', "KC206"),
    ("javascript-leading-space-entity", '<a href="&#32;javascript:alert(1)">x</a>', "KC206"),
    ("javascript-reference-link", "[klik][boos]\n\n[boos]: javascript:alert(1)", "KC206"),
    ("vbscript", '<a href="VBScript:msgbox(1)">x</a>', "KC206"),
    ("javascript-via-attr-list", '[klik](https://example.org/){: href="javascript:alert(1)" }', "KC206"),
    ("remote-markdown-image", "![pixel](https://tracker.example/p.png)", "KC214"),
    ("protocol-relative-image", "![pixel](//tracker.example/p.png)", "KC214"),
    ("backslash-protocol-relative-image", '<img src="/\\tracker.example/p.png" alt="">', "KC214"),
    ("data-image", '<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;" alt="">', "KC214"),
    ("srcset", '<img src="x.png" srcset="https://tracker.example/p.png 2x" alt="">', "KC214"),
    ("img-src-from-attr-list", "![x](x.png){: src=\"https://tracker.example/p.png\" }", "KC214"),
    ("ping", '<a href="https://example.org/" ping="https://tracker.example/">x</a>', "KC214"),
    ("style-url", '<p style="background:url(https://tracker.example/p.png)">x</p>', "KC214"),
    ("style-url-css-escaped", '<p style="background:u\\72 l(https://tracker.example/p.png)">x</p>', "KC214"),
    ("style-import-attr-list", 'Alinea.\n{: style="@import \'https://tracker.example/x.css\'" }', "KC214"),
    ("background-attribute", '<table background="https://tracker.example/p.png"><tr><td>x</td></tr></table>', "KC214"),
    ("poster", '<div poster="https://tracker.example/p.png">x</div>', "KC214"),
    ("xlink-href", '<span xlink:href="https://tracker.example/">x</span>', "KC214"),
    ("formaction", '<span formaction="https://evil.example/">x</span>', "KC214"),
    ("href-on-non-link", '<div href="https://evil.example/">x</div>', "KC214"),
    ("style-attribute", '<p style="color: red">x</p>', "KC215"),
    ("data-attribute-material-component", '<div data-md-component="announce">x</div>', "KC215"),
    ("target-blank", '<a href="https://example.org/" target="_blank">x</a>', "KC215"),
    ("theme-reserved-id", "Alinea.\n{: #__config }", "KC215"),
    ("autofocus-attr-list", 'Alinea.\n{: autofocus tabindex="1" }', "KC215"),
    ("data-link", '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', "KC216"),
    ("file-link", "[x](file:///etc/passwd)", "KC216"),
    ("protocol-relative-link", "[x](//evil.example/)", "KC216"),
    ("backslash-protocol-relative-link", '<a href="\\\\evil.example/">x</a>', "KC216"),
    ("ftp-link", "<a href=\"ftp://evil.example/\">x</a>", "KC216"),
    ("cdata-hides-markup", "<![CDATA[ ]> <b>x</b> ]]>", "KC217"),
    ("doctype-in-body", "<!DOCTYPE html>", "KC217"),
    ("processing-instruction", "a <?xml-stylesheet href=\"https://evil.example/x.xsl\"?> b", "KC217"),
    ("abrupt-comment", "a <!--> <b>x</b> --> b", "KC217"),
]

#: Look-alikes that must pass the check and render inert (the browser test renders INERT_BODY, which has them all).
INERT = [
    INERT_BODY,
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n```",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "[titel met quotes](https://example.org/ \"Zeg \\\"hallo\\\" & 'dag'\")",
    "![alt met \"quotes\" en <b>](afbeelding.svg)",
    "## Kop\n\n[mail](mailto:redactie@example.org) en [anker](#kop) en [http](http://example.org/?q=a&b=c)",
    "*[MVO]: Maatschappelijk \"verantwoord\" ondernemen\n\nMVO met een voetnoot[^1].\n\n[^1]: Een voetnoot.",
]


def check(tmp_path: Path, body: str):
    page = tmp_path / "content" / "nl" / "x.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(HEADER + body + "\n", encoding="utf-8")
    (tmp_path / "content" / "nl" / "afbeelding.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "content" / "nl" / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return load_content(tmp_path / "content", VALID / "data").issues


@pytest.mark.parametrize("body,rule", [(b, r) for _, b, r in ATTACKS], ids=[n for n, _, _ in ATTACKS])
def test_attack_fails_the_check_with_its_line(tmp_path, body, rule):
    issues = check(tmp_path, body)
    payload_lines = range(PAYLOAD_LINE, PAYLOAD_LINE + body.count("\n") + 1)
    assert any(i.rule == rule and i.line in payload_lines for i in issues), (
        "\n".join(map(str, issues)) or "no issue reported")
    for issue in issues:
        assert issue.path == "content/nl/x.md" and issue.fix


@pytest.mark.parametrize("body", INERT)
def test_inert_look_alike_passes(tmp_path, body):
    assert [str(i) for i in check(tmp_path, body)] == []


def test_a_finding_after_many_blocks_names_its_own_line(tmp_path):
    body = "\n\n".join(f"Alinea {n}." for n in range(30)) + "\n\n- lijst\n- met <b onclick=\"x()\">vet</b>\n"
    issues = [i for i in check(tmp_path, body) if i.rule == "KC205"]
    assert [i.line for i in issues] == [PAYLOAD_LINE + 60 + 1]  # 30 paragraphs, then the list's 2nd line


@pytest.mark.parametrize("raw,expected", [
    ("  java\tscript:x ", "javascript:x"), ("\x01https://a/", "https://a/"), ("/\\evil", "//evil"),
])
def test_urls_are_read_as_a_browser_reads_them(raw, expected):
    assert browser_url(raw) == expected


def test_renderer_uses_the_build_extensions():
    html = Renderer().render("!!! note \"Let op\"\n    Tekst[^1].\n\n[^1]: Voetnoot.\n\n*[MVO]: Maatschappelijk\n\nMVO")
    assert 'class="admonition note"' in html and 'class="footnote"' in html and "<abbr" in html
    assert findings_in_html(html) == []


@pytest.mark.parametrize("title,problem", [
    ("Over ons</script><script>alert(1)</script>", "'<'"),
    ("a > b", "'>'"),
    ("Regel\nerbij", "line break"),
    ("Tab\terin", "tab"),
    ("Bel\x07", "U+0007"),
    ("Next line\x85", "U+0085"),
    ("Line separator\u2028", "U+2028"),
    ("Omgekeerd \u202egnirts", "U+202E"),
    ("Isolaat \u2066x\u2069", "U+2066"),
])
def test_titles_must_be_plain_text(tmp_path, title, problem):
    page = tmp_path / "content" / "nl" / "x.md"
    page.parent.mkdir(parents=True)
    escaped = title.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    page.write_text(HEADER.replace("title: Testpagina", f'title: "{escaped}"'), encoding="utf-8")
    issues = load_content(tmp_path / "content", VALID / "data").issues
    assert [(i.rule, i.line) for i in issues] == [("KC127", 3)], "\n".join(map(str, issues))
    assert problem in issues[0].message


@pytest.mark.parametrize("title", ["Q&A: \"quotes\" en 'apostrof'", "no", "1.10", "≤ 50 medewerkers", "Ça va — ja"])
def test_plain_titles_with_quotes_ampersands_and_yaml_look_alikes_pass(tmp_path, title):
    page = tmp_path / "content" / "nl" / "x.md"
    page.parent.mkdir(parents=True)
    page.write_text(HEADER.replace("title: Testpagina", f"title: {title}" if title[0] != "Q" else
                                   "title: 'Q&A: \"quotes\" en ''apostrof'''"), encoding="utf-8")
    content = load_content(tmp_path / "content", VALID / "data")
    assert [str(i) for i in content.issues] == []
    assert content.pages[0].meta["title"] == title


@pytest.mark.parametrize("body,line", [
    ("!!! note \"Let op\"\n    Eerste regel.\n    Tweede <img src=\"x.png\" onerror=\"alert(1)\"> regel.", PAYLOAD_LINE + 2),
    ("- een\n- twee\n\n    vervolg met <span onclick=\"x()\">x</span>", PAYLOAD_LINE + 3),
    ("```\n<b onclick=x>in code</b>\n```\n\n<p onclick=\"alert(1)\">x</p>", PAYLOAD_LINE + 4),
])
def test_a_finding_inside_a_block_names_its_own_line(tmp_path, body, line):
    issues = [i for i in check(tmp_path, body) if i.rule == "KC205"]
    assert [i.line for i in issues] == [line], "\n".join(map(str, issues))


def _many_pages(tmp_path: Path, count: int) -> Path:
    """``count`` pages: every attack, every inert look-alike, then plain paragraphs (each body different)."""
    bodies = [b for _, b, _ in ATTACKS] + list(INERT)
    bodies += [f"Alinea {n} met **nadruk** en een [link](https://example.org/{n})." for n in range(count - len(bodies))]
    folder = tmp_path / "content" / "nl"
    folder.mkdir(parents=True)
    for n, body in enumerate(bodies):
        (folder / f"p{n:03}.md").write_text(HEADER.replace("Testpagina", f"Pagina {n}") + body + "\n", encoding="utf-8")
    (folder / "afbeelding.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (folder / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return tmp_path / "content"


@pytest.fixture(autouse=True)
def _no_other_threads(monkeypatch):
    """Earlier tests in the same pytest process may leave a thread alive (a test server's, a background indexer's),
    which would keep the boundary in one process, or have run a build in this process, which keeps the findings of
    its bodies on disk (``VERDICTS``) and would answer these tests from there; when either is what a test is about,
    it says so itself."""
    from kenniscentrum import parallel
    from kenniscentrum.validation import rendered

    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    monkeypatch.setattr(rendered, "VERDICTS", None)


def test_many_bodies_are_checked_on_every_core_with_the_same_issues(tmp_path, monkeypatch):
    """A large site renders its bodies in forked workers (prewarm); the issues — rules, lines, messages, order — are
    exactly those of the serial check."""
    from kenniscentrum import parallel
    from kenniscentrum.validation import rendered

    content = _many_pages(tmp_path, 2 * rendered.PARALLEL_MIN_BODIES + 20)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    used = []
    real = rendered.prewarm
    monkeypatch.setattr("kenniscentrum.content.prewarm", lambda *a: used.append(real(*a)) or used[-1])
    rendered._CACHE.clear()
    parallel = [str(i) for i in load_content(content, VALID / "data").issues]
    assert used == [2]
    rendered._CACHE.clear()
    monkeypatch.setenv(rendered.WORKERS_ENV, "1")
    serial = [str(i) for i in load_content(content, VALID / "data").issues]
    assert used == [2, 1]
    assert parallel == serial
    assert all(any(f"/p{n:03}.md:" in text for text in serial) for n in range(len(ATTACKS)))  # every attack found


def test_boundary_workers_only_when_it_pays_and_forking_is_safe(monkeypatch):
    from kenniscentrum import parallel
    from kenniscentrum.validation import rendered

    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3, 4, 5}, raising=False)
    monkeypatch.delenv(rendered.WORKERS_ENV, raising=False)
    assert rendered.boundary_workers(rendered.PARALLEL_MIN_BODIES - 1) == 1
    assert rendered.boundary_workers(rendered.PARALLEL_MIN_BODIES) == 2
    assert rendered.boundary_workers(10_000) == 4
    monkeypatch.setenv(rendered.WORKERS_ENV, "3")
    assert rendered.boundary_workers(10_000) == 3
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)
    assert rendered.boundary_workers(10_000) == 1
    assert parallel.split_work(list(range(7)), 3) == [[0, 3, 6], [1, 4], [2, 5]]


def test_a_failed_worker_leaves_its_share_to_the_serial_check(tmp_path, monkeypatch):
    from kenniscentrum import parallel
    from kenniscentrum.validation import rendered

    content = _many_pages(tmp_path, 2 * rendered.PARALLEL_MIN_BODIES + 20)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    rendered._CACHE.clear()
    monkeypatch.setenv(rendered.WORKERS_ENV, "1")
    serial = [str(i) for i in load_content(content, VALID / "data").issues]
    monkeypatch.delenv(rendered.WORKERS_ENV)

    def broken(*_args, **_kwargs):  # the worker cannot send its answer
        raise RuntimeError("pipe")

    monkeypatch.setattr(parallel.pickle, "dumps", broken)
    rendered._CACHE.clear()
    bodies = [p.read_text(encoding="utf-8").split("---\n", 2)[2] for p in sorted((content / "nl").glob("*.md"))]
    renderer = Renderer(tmp_path)
    assert rendered.prewarm(bodies, renderer) == 2
    assert 0 < len(rendered._CACHE) < len(set(bodies))  # only this process's share arrived
    rendered._CACHE.clear()
    assert [str(i) for i in load_content(content, VALID / "data").issues] == serial


def test_when_no_worker_can_start_the_check_runs_here(tmp_path, monkeypatch):
    from kenniscentrum import parallel
    from kenniscentrum.validation import rendered

    def refused():
        raise OSError("fork refused")

    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    monkeypatch.setattr(parallel.os, "fork", refused)
    content = _many_pages(tmp_path, 2 * rendered.PARALLEL_MIN_BODIES)
    rendered._CACHE.clear()
    refused_run = [str(i) for i in load_content(content, VALID / "data").issues]
    rendered._CACHE.clear()
    monkeypatch.setenv(rendered.WORKERS_ENV, "1")
    assert refused_run == [str(i) for i in load_content(content, VALID / "data").issues] != []


# --- the findings kept on disk between build processes ------------------------------------------------------------------

@pytest.fixture
def verdicts(tmp_path, monkeypatch):
    from kenniscentrum.validation import rendered

    monkeypatch.setattr(rendered, "VERDICTS", None)
    rendered.keep_verdicts(tmp_path / ".cache" / "boundary")
    rendered._CACHE.clear()
    yield rendered.VERDICTS
    rendered._CACHE.clear()


def _forget_in_memory():
    from kenniscentrum.validation import rendered

    rendered._CACHE.clear()
    rendered.VERDICTS._loaded.clear()  # as a new build process starts


def test_a_new_process_takes_the_findings_from_disk_without_rendering(tmp_path, monkeypatch, verdicts):
    from kenniscentrum.validation import rendered

    content = _many_pages(tmp_path / "tree", 12)
    first = [str(i) for i in load_content(content, VALID / "data").issues]
    assert first and len(list(verdicts.directory.glob("*.json"))) == 1
    _forget_in_memory()

    def no_render(self, text):
        raise AssertionError("a body was rendered although its findings were on disk")

    monkeypatch.setattr(rendered.Renderer, "render", no_render)
    assert [str(i) for i in load_content(content, VALID / "data").issues] == first  # same rules, lines, messages


def test_only_changed_bodies_are_rendered_and_the_file_holds_the_current_bodies(tmp_path, monkeypatch, verdicts):
    from kenniscentrum.validation import rendered

    content = _many_pages(tmp_path / "tree", len(ATTACKS) + len(INERT) + 3)
    pages = len(list((content / "nl").glob("*.md")))
    load_content(content, VALID / "data")
    page = sorted((content / "nl").glob("*.md"))[-1]  # a plain paragraph: one render, no finding to locate
    page.write_text(page.read_text(encoding="utf-8") + "\nEen nieuwe zin.\n", encoding="utf-8")
    _forget_in_memory()
    rendered_bodies = []
    real = rendered.Renderer.render
    monkeypatch.setattr(rendered.Renderer, "render", lambda self, text: rendered_bodies.append(text) or real(self, text))
    load_content(content, VALID / "data")
    assert len(rendered_bodies) == 1 and "Een nieuwe zin." in rendered_bodies[0]
    (stored,) = verdicts.directory.glob("*.json")
    import json
    assert len(json.loads(stored.read_text(encoding="utf-8"))["entries"]) == pages  # the edited body replaced the old one


def _edit_json(change):
    import json

    def damage(text):
        data = json.loads(text)
        change(data)
        return json.dumps(data)
    return damage


@pytest.mark.parametrize("damage", [
    lambda text: text[: len(text) // 2],  # half written
    _edit_json(lambda data: data.update(version=99)),
    _edit_json(lambda data: data["entries"].update({"not-a-digest": []})),
    _edit_json(lambda data: data["entries"].update({"0" * 64: [[["KC204", "m", None], "3"]]})),
])
def test_a_damaged_file_is_not_trusted_in_part(tmp_path, monkeypatch, verdicts, damage):
    from kenniscentrum.validation import rendered

    content = _many_pages(tmp_path / "tree", 4)
    first = [str(i) for i in load_content(content, VALID / "data").issues]
    (stored,) = verdicts.directory.glob("*.json")
    stored.write_text(damage(stored.read_text(encoding="utf-8")), encoding="utf-8")
    _forget_in_memory()
    renders = []
    real = rendered.Renderer.render
    monkeypatch.setattr(rendered.Renderer, "render", lambda self, text: renders.append(1) or real(self, text))
    assert [str(i) for i in load_content(content, VALID / "data").issues] == first
    assert len(renders) >= 4  # every body was checked again


def test_the_file_is_named_after_the_checker_and_the_extensions(tmp_path, monkeypatch, verdicts):
    from kenniscentrum.validation import rendered

    renderer = Renderer(tmp_path)
    name = verdicts.path(renderer).name
    other = Renderer(tmp_path)
    other.key += "changed extension options"
    assert verdicts.path(other).name != name
    rendered.checker_version.cache_clear()
    monkeypatch.setattr(rendered.sys, "version", "3.99 (another Python)")
    try:
        assert verdicts.path(renderer).name != name
    finally:
        rendered.checker_version.cache_clear()


def test_kept_on_disk_only_when_the_build_asks(tmp_path):
    from kenniscentrum.validation import rendered

    assert rendered.verdicts_dir(tmp_path, {}) == tmp_path / ".cache" / "boundary"
    assert rendered.verdicts_dir(tmp_path, {rendered.VERDICTS_ENV: "0"}) is None


def test_every_markdown_extension_of_the_build_is_in_the_checker_version():
    """A new extension from another package would change the rendered HTML without changing the file name of the
    findings kept on disk: it must be added to EXTENSION_DISTRIBUTIONS."""
    from importlib import metadata

    from kenniscentrum.validation import rendered

    providers = metadata.packages_distributions()
    extensions, _ = rendered.markdown_config(None)
    assert extensions
    for name in extensions:
        top = name.split(".")[0] if "." in name else "markdown"  # short names are Markdown's own extensions
        assert set(providers.get(top, [])) & set(rendered.EXTENSION_DISTRIBUTIONS), name
