"""Body checks: heading ids as Python-Markdown makes them, what is and is not checked, HTML policy."""
from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from kenniscentrum.validation.body import LinkContext, analyse, check_body

HEADINGS = [
    "# Eenvoudige titel",
    "## Waarom? {#why}",
    "## Hoe? { #how .klasse }",
    "## Tips, ervaringen en hulpmiddelen {: #tips }",
    "## Ideeën & één café",
    "### Kop met `code` en **vet** en _cursief_",
    "### Kop met [een link](x.md) erin",
    "#### snake_case_blijft",
    "## Herhaald",
    "## Herhaald",
    "## Herhaald",
    "Setext kop\n==========",
    "Tweede setext\n-------------",
    "## MVO: 1.10 -- streepjes",
    "##Zonder spatie",
    "## Afsluitende hekjes ##",
    "## <abbr title='x'>MVO</abbr> in kmo's",
    "## Kop met ![beeld](a.png) beeld",
    "## Emoji 🌱 en — gedachtestreepje",
    "## &amp; entiteit",
]


def real_ids(md_text: str) -> list[str]:
    out = markdown.markdown(md_text, extensions=["toc", "attr_list", "admonition", "md_in_html", "pymdownx.details",
                                                 "pymdownx.superfences"])
    return re.findall(r"<h[1-6][^>]*\sid=\"([^\"]+)\"", out)


def test_heading_ids_match_python_markdown():
    body = "\n\n".join(HEADINGS) + "\n"
    ours = [h.id for h in analyse(body).headings]
    assert ours == real_ids(body)


def test_heading_ids_reserve_explicit_ids_first():
    body = "## Deel\n\n## Twee {#deel}\n\n<a id=\"deel_1\"></a>\n\n## Deel\n"
    assert [h.id for h in analyse(body).headings] == real_ids(body)


def test_headings_in_code_comments_and_admonitions():
    body = ("```\n# niet een kop\n```\n\n<!--\n## ook niet\n-->\n\n!!! note \"Let op\"\n    ## Wel een kop\n\n"
            "    Tekst.\n\n~~~~\n## nee\n~~~~\n")
    assert [h.id for h in analyse(body).headings] == real_ids(body) == ["wel-een-kop"]


def links(files=(), anchors=None, lang="nl", shared=(), drafts=()):
    return LinkContext(lang, set(files), set(shared), ("nl", "en"), lambda rel: (anchors or {}).get(rel),
                       frozenset(drafts))


def run(body: str, files=(), anchors=None, rel="x.md", shared=()):
    info = analyse(body)
    return [(i.rule, i.line) for i in check_body("p.md", rel, body, 10, info, links(files, anchors, shared=shared))]


def test_clean_body():
    body = ("# Titel\n\n[a](b.md#deel) [ext](https://example.org/x.md) [mail](mailto:a@b.c) [tel](tel:+32)\n"
            "[zelf](#titel) ![i](img/a.png) <https://example.org>\n\n!!! warning\n    Tekst.\n\n???+ example \"X\"\n"
            "    Y.\n\n<details><summary>S</summary>T</details>\n\n<kbd>Ctrl</kbd> <br/> <sup>2</sup>\n")
    assert run(body, files={"b.md", "x.md", "img/a.png"}, anchors={"b.md": {"deel"}}) == []


def test_code_is_never_checked():
    body = ("`[x](weg.md)` en ``{{ x }}`` en `<script>`\n\n```\n<iframe></iframe> {% if %} [y](nee.md)\n```\n\n"
            "    ```\n    !!! danger\n    ```\n")
    assert run(body) == []


def test_line_numbers_are_file_lines():
    body = "\n\nregel drie [x](weg.md)\n"
    assert run(body) == [("KC201", 12)]


def test_reference_links_and_titles():
    assert run('[a][r]\n\n[r]: weg.md "Titel"\n') == [("KC201", 12)]
    assert run("[^1]: voetnoot\n") == []
    assert run('[a](<pad met spatie.md> "t")\n', files={"pad met spatie.md"}) == []
    assert run("[a](pad%20met%20spatie.md)\n", files={"pad met spatie.md"}) == []


def test_links_relative_to_the_page_folder():
    assert run("[a](../over/index.md)\n", files={"over/index.md"}, rel="sub/x.md") == []
    assert run("[a](over/index.md)\n", files={"over/index.md"}, rel="sub/x.md") == [("KC201", 10)]


def test_shared_assets_outside_the_language_tree():
    assert run("![l](../assets/logo.svg)\n", shared={"assets/logo.svg"}) == []
    assert run("![l](../assets/weg.svg)\n", shared={"assets/logo.svg"}) == [("KC203", 10)]
    assert run("[en](../en/x.md)\n") == [("KC209", 10)]


def test_page_like_links():
    assert run("[a](over/)\n", files={"over/index.md"}) == [("KC211", 10)]
    assert run("[a](over.html)\n", files={"over.md"}) == [("KC211", 10)]
    assert run("[a](bestand.pdf)\n", files={"bestand.pdf"}) == []
    assert run("[a](bestand.pdf)\n") == [("KC201", 10)]


def test_missing_link_suggests_same_file_name():
    info = analyse("[a](checklist.md)\n")
    issues = check_body("p.md", "x.md", "", 1, info, links({"instrumenten/checklist.md"}))
    assert "instrumenten/checklist.md" in issues[0].fix


def test_link_to_a_draft_only_from_drafts():
    body = "[a](concept.md)\n"
    info = analyse(body)
    ctx = links({"concept.md"}, drafts={"concept.md"})
    issues = check_body("p.md", "x.md", body, 1, info, ctx)
    assert [(i.rule, i.line) for i in issues] == [("KC201", 1)] and "draft" in issues[0].message
    assert check_body("p.md", "x.md", body, 1, info, ctx, is_draft=True) == []


def test_anchor_in_unparsed_target_is_not_checked():
    assert run("[a](b.md#x)\n", files={"b.md"}, anchors={}) == []


@pytest.mark.parametrize("snippet,rule", [
    ("<script>alert(1)</script>", "KC204"),
    ("<style>p{}</style>", "KC204"),
    ('<object data="x"></object>', "KC204"),
    ('<embed src="x">', "KC204"),
    ('<form action="x"></form>', "KC204"),
    ("<blink>oud</blink>", "KC204"),
    ('<img src="a.png" onerror="x()">', "KC205"),
    ("<div ONMOUSEOVER='x'>a</div>", "KC205"),
    ('<a href="javascript:alert(1)">a</a>', "KC206"),
    ('<a href=" JaVa&#x53;cript:alert(1)">a</a>', "KC206"),
    ("[a](javascript:alert(1))", "KC206"),
    ("[a](<javascript:alert(1)>)", "KC206"),
    ("<javascript:alert(1)>", "KC206"),
    ("[r]: vbscript:msgbox", "KC206"),
    ("!!! danger", "KC207"),
    ("!!! \"Zonder type\"", "KC207"),
    ("::: tip", "KC207"),
    ('=== "Tab 1"', "KC207"),
    ("--8<-- \"bestand.md\"", "KC207"),
    ("{{ config.site_name }}", "KC208"),
    ("{% include 'x' %}", "KC208"),
    ("{# opmerking #}", "KC208"),
    ("[a](/instrumenten/)", "KC210"),
])
def test_unsafe_or_unsupported(snippet, rule):
    assert [r for r, _ in run(f"Tekst.\n\n{snippet}\n", files={"a.png"})] == [rule]


def test_explicit_id_is_not_template_syntax():
    assert run("## Kop {#kop}\n\nTekst {: #alinea }\n\n[k](#kop) [a](#alinea)\n") == []


def test_allowlist_is_documented_in_the_reference():
    from kenniscentrum.validation.body import ALLOWED_HTML

    reference = (Path(__file__).resolve().parents[2] / "docs" / "content-model.md").read_text()
    for tag in ("abbr", "kbd", "br", "sup", "sub", "mark", "details", "summary", "figure", "figcaption"):
        assert tag in ALLOWED_HTML and f"`<{tag}>`" in reference


@pytest.mark.parametrize("body", [
    "{#" * 10000, "<!--" * 10000, "a" * 30000 + "\nb", "# " + "#" * 30000 + "x", "[x](" * 20000, "<a " * 20000,
    "`a " * 20000, "<" * 50000, "```\n" * 20000, "# x " + "{ " * 20000, "[a](" + "\\" * 20000,
    ("a" * 5000 + "\n- x\n") * 10,
], ids=["attr", "comment", "setext", "atx", "links", "tags", "code", "lt", "fences", "header-attr", "escapes",
        "long-lines"])
def test_no_quadratic_worst_case(body):
    import time

    start = time.process_time()
    info = analyse(body)
    check_body("p.md", "x.md", body, 1, info, links())
    assert time.process_time() - start < 1.0
