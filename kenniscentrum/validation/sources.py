"""Rule KC230: instruments, manual chapters, guidance and project pages end with a sources section.

A reader who wants to know where a fact comes from looks at the bottom of the page: a level-2 heading
``## Bronnen`` (nl) / ``## Sources`` (en) that is the page's last level-2 section and lists at least one reference
as a list item (title, publisher, year, address where one exists). Which references are honest is the editors'
judgement; this rule only makes sure the section is there and not empty. English placeholders that await their
translation (``awaiting_translation: true``) are exempt: they carry no content of their own yet.
"""
from __future__ import annotations

import re

from kenniscentrum.validation.issues import Issue, make_issue, rule

#: Page types whose content is built on sources (issue #16).
SOURCED_TYPES = frozenset({"instrument", "chapter", "guidance", "project"})
HEADING = {"nl": "Bronnen", "en": "Sources"}
#: Headings that show the editor meant a sources section (wrong level or singular), named in the message.
_NEAR_MISSES = frozenset({"bronnen", "bron", "sources", "source", "bronvermelding", "references"})
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|[0-9]+[.)])\s+\S", re.M)

rule("KC230", "Sources section missing",
     "End the page with a level-2 heading `## Bronnen` (nl) / `## Sources` (en) listing each source as a list item: "
     "title, publisher, year and web address where one exists.")


def check_sources(page) -> list[Issue]:
    if page.type not in SOURCED_TYPES or page.meta.get("awaiting_translation") is True:
        return []
    title = HEADING.get(page.lang, HEADING["nl"])
    info = page.body_info
    level2 = [h for h in info.headings if h.level == 2]
    sources = [h for h in level2 if h.text.strip().rstrip(":").strip().lower() == title.lower()]
    if not sources:
        other = [h for h in info.headings if h.text.strip().rstrip(':').strip().lower() in _NEAR_MISSES]
        where = page.body_line + other[0].line if other else page.body_line
        found = f" (there is a level-{other[0].level} heading '{other[0].text}')" if other else ""
        return [make_issue("KC230", page.display_path, where,
                           f"this {page.type} page has no `## {title}` section{found}")]
    heading = sources[-1]
    line = page.body_line + heading.line
    if heading is not level2[-1]:
        after = level2[-1]
        return [make_issue("KC230", page.display_path, line,
                           f"`## {title}` must be the last level-2 section, but '## {after.text}' follows it "
                           f"(line {page.body_line + after.line})",
                           f"Move the `## {title}` section to the end of the page.")]
    section = "\n".join(info.masked.split("\n")[heading.line + 1:])
    if not _LIST_ITEM.search(section):
        return [make_issue("KC230", page.display_path, line,
                           f"the `## {title}` section lists no source",
                           f"List each source under `## {title}` as a list item (`- Title, publisher, year, address`).")]
    return []
