"""KC230: instruments, chapters, guidance and projects end with a `## Bronnen` / `## Sources` section (issue #16).
The bad-input fixture tests/fixtures/model/bad/KC230-sources-missing covers the Dutch cases with file:line."""
from __future__ import annotations

from dataclasses import dataclass, field

from kenniscentrum.validation.body import analyse
from kenniscentrum.validation.sources import check_sources


@dataclass
class FakePage:
    body: str
    lang: str = "en"
    type: str = "instrument"
    meta: dict = field(default_factory=dict)
    body_line: int = 10
    display_path: str = "content/en/x.md"

    @property
    def body_info(self):
        return analyse(self.body)


def test_english_sources_section_passes():
    assert check_sources(FakePage("## Use\n\nText.\n\n## Sources\n\n- A source, publisher, 2026.\n")) == []


def test_dutch_heading_on_an_english_page_is_reported():
    issues = check_sources(FakePage("## Use\n\nText.\n\n## Bronnen\n\n- A source, 2026.\n"))
    assert [i.rule for i in issues] == ["KC230"] and "`## Sources`" in issues[0].message


def test_singular_heading_is_named_in_the_message():
    issues = check_sources(FakePage("## Use\n\nText.\n\n### Source\n\nAn article.\n", lang="en"))
    assert issues[0].line == 10 + 4 and "level-3 heading 'Source'" in issues[0].message


def test_numbered_list_counts_as_references():
    assert check_sources(FakePage("## Sources\n\n1. A source, 2026.\n")) == []


def test_placeholders_and_other_types_are_exempt():
    assert check_sources(FakePage("Not yet translated.\n", meta={"awaiting_translation": True})) == []
    assert check_sources(FakePage("Text.\n", type="page")) == []
    assert check_sources(FakePage("Text.\n", type="theme")) == []


def test_a_list_inside_a_code_block_is_not_a_reference():
    issues = check_sources(FakePage("## Sources\n\n```\n- not a reference\n```\n"))
    assert [i.rule for i in issues] == ["KC230"] and "lists no source" in issues[0].message
