"""The front-matter parser: YAML without traps, right line numbers, never raises."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st

from kenniscentrum.frontmatter import LIBYAML, load_yaml, parse


def fm(text: str | bytes):
    return parse(text.encode("utf-8") if isinstance(text, str) else text, "x.md")


def rules(result) -> list[tuple[int, str]]:
    return [(i.line, i.rule) for i in result.issues]


def test_libyaml_is_used():
    assert LIBYAML


def test_scalars_keep_their_meaning():
    r = fm("---\nv: 1.10\nf: 3.0\nb: no\nc: yes\nd: on\ne: off\nt: true\nu: false\nT: True\n"
           "i: 45\no: 010\ns: 1:30\nh: 0x1F\nn: ~\nm: null\nday: 2026-11-01\nq: '2026-11-01'\n---\n")
    assert r.issues == []
    m = r.meta
    assert m["v"] == "1.10" and m["f"] == "3.0"
    assert (m["b"], m["c"], m["d"], m["e"]) == ("no", "yes", "on", "off")
    assert m["t"] is True and m["u"] is False and m["T"] == "True"
    assert m["i"] == 45 and m["o"] == "010" and m["s"] == "1:30" and m["h"] == "0x1F"
    assert m["n"] is None and m["m"] is None
    assert m["day"] == dt.date(2026, 11, 1) and m["q"] == "2026-11-01"


def test_impossible_date_stays_text():
    assert fm("---\nd: 2026-02-30\n---\n").meta == {"d": "2026-02-30"}


def test_lines_of_keys_and_items():
    r = fm("---\ntitle: x\nchecklist:\n  sections:\n    - id: a\n      items:\n        - id: b\n---\nbody\n")
    assert r.meta_lines == {"title": 2, "checklist": 3}
    assert r.lines[("checklist", "sections", 0, "items", 0, "id")] == 7
    assert r.body == "body\n" and r.body_line == 9


def test_bom_and_crlf_are_accepted():
    r = fm(b"\xef\xbb\xbf---\r\ntitle: x\r\ntype: page\r\n---\r\nline one\r\nline two\r\n")
    assert r.issues == [] and r.meta == {"title": "x", "type": "page"}
    assert r.body == "line one\nline two\n" and r.body_line == 5 and r.meta_lines["type"] == 3


def test_dots_close_the_front_matter_like_mkdocs():
    assert fm("---\na: 1\n...\nbody").meta == {"a": 1}


def test_duplicate_key_names_both_lines():
    r = fm("---\na: 1\nb: 2\na: 3\n---\n")
    assert rules(r) == [(4, "KC006")] and "first on line 2" in r.issues[0].message
    assert r.meta == {"a": 1, "b": 2}


def test_duplicate_nested_key():
    r = fm("---\norigin:\n  by: x\n  by: y\n---\n")
    assert rules(r) == [(4, "KC006")]


def test_anchor_and_alias_rejected_before_expansion():
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
           "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n"
    r = fm(bomb)
    assert r.meta is None
    assert {rule for _, rule in rules(r)} == {"KC007"}
    assert (2, "KC007") in rules(r) and (5, "KC007") in rules(r)


def test_ampersand_in_text_is_fine():
    assert fm("---\ntitle: R&D en Q&A * sterretje\n---\n").meta == {"title": "R&D en Q&A * sterretje"}


def test_syntax_error_line_is_the_file_line():
    r = fm("---\ntype: page\ntitle: x\nsummary: MVO: een start\n---\n")
    assert rules(r) == [(4, "KC005")]
    assert "quotes" in r.issues[0].fix


def test_tab_indentation_error():
    r = fm("---\norigin:\n\tby: x\n---\n")
    assert [rule for _, rule in rules(r)] == ["KC005"] and rules(r)[0][0] == 3


def test_unclosed_header():
    assert rules(fm("---\ntype: page\ntitle: x\n")) == [(1, "KC004")]
    assert rules(fm("---")) == [(1, "KC004")]


def test_closing_line_without_newline():
    r = fm("---\ntype: page\n---")
    assert rules(r) == [(3, "KC004")]


def test_no_front_matter():
    assert rules(fm("# Title\n")) == [(1, "KC003")]
    assert rules(fm("")) == [(1, "KC003")]
    r = fm("\n\n---\ntype: page\n---\n")
    assert rules(r) == [(1, "KC003")] and "first line" in r.issues[0].message


def test_empty_and_non_mapping_front_matter():
    assert rules(fm("---\n---\n")) == [(1, "KC008")]
    assert rules(fm("---\n# only a comment\n---\n")) == [(1, "KC008")]
    assert rules(fm("---\njust text\n---\n")) == [(2, "KC008")]


def test_invalid_utf8_and_nul_lines():
    assert rules(fm(b"---\na: 1\n---\n\nok\n\xc3\x28\n")) == [(6, "KC001")]
    assert rules(fm(b"---\na: 1\n---\nx\x00\n")) == [(4, "KC002")]


def test_control_character():
    r = fm("---\na: 1\nb: x\x07y\n---\n")
    assert rules(r) == [(3, "KC005")]


def test_tags_and_keys():
    assert rules(fm("---\na: !!binary aGVsbG8=\n---\n")) == [(2, "KC009")]
    assert rules(fm("---\na: !custom x\n---\n")) == [(2, "KC009")]
    assert rules(fm("---\na: !!str 12\n---\n")) == []
    assert fm("---\na: !!str 12\n---\n").meta == {"a": "12"}
    assert rules(fm("---\n12: x\ntrue: y\n[a]: z\n---\n")) == [(2, "KC010"), (3, "KC010"), (4, "KC010")]
    assert rules(fm("---\n? complex\n: value\n---\n")) == []


def test_merge_key_is_just_an_unknown_text_key():
    assert fm("---\n<<: x\n---\n").meta == {"<<": "x"}


def test_deep_nesting_is_refused_without_crashing():
    r = fm("---\na: " + "[" * 100_000 + "\n---\n")
    assert [rule for _, rule in rules(r)] in (["KC011"], ["KC005"])
    r = fm("---\na: " + "[" * 45 + "]" * 45 + "\n---\n")
    assert [rule for _, rule in rules(r)] == ["KC011"]


def test_multiple_documents_are_a_syntax_error():
    _, _, issues = load_yaml("a: 1\n---\nb: 2\n", "x.yml")
    assert [i.rule for i in issues] == ["KC005"]


def test_str_input_is_accepted():
    assert parse("\ufeff---\r\na: 1\r\n---\r\n", "x.md").meta == {"a": 1}


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_never_raises_on_arbitrary_bytes(data):
    r = parse(data, "x.md")
    assert r.meta is None or isinstance(r.meta, dict)
    for issue in r.issues:
        assert issue.line >= 1 and issue.rule.startswith("KC0")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:- \n\t[]{}&*!|>'\"#%@`?,.01~\r\x00\x85\u2028é")), max_size=200))
def test_never_raises_on_yaml_like_front_matter(text):
    r = parse("---\n" + text + "\n---\nbody\n", "x.md")
    for issue in r.issues:
        assert issue.line >= 1
