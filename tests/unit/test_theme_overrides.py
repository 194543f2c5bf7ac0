"""Material templates we copied into overrides/ differ from the installed Material only by the changes listed here.

A copied template silently stops receiving the theme's fixes; this test fails when Material is upgraded (its file no
longer matches what we copied) or when someone edits a copy beyond its documented change, so the copy gets redone
on purpose. Each change is there for an independent checker (docs/quality.md, tests/browser/test_validators.py).
"""
from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

REPO = Path(__file__).resolve().parents[2]
MATERIAL = Path(material.__file__).parent / "templates"
GENERATED = "{#-\n  This file was automatically generated - do not edit\n-#}\n"
OUR_HEADER = re.compile(r"\A\{#- Kenniscentrum MVO: .*?-#\}\n", re.S)

# template -> [(Material's text, our text)], each Material text occurring exactly once.
CHANGES = {
    "base.html": [
        ('      {% if page.previous_page %}\n',
         '      {% if page.previous_page and "navigation.footer" in (config.theme.features or []) %}\n'),
        ('      {% if page.next_page %}\n',
         '      {% if page.next_page and "navigation.footer" in (config.theme.features or []) %}\n'),
        ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
         '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" '
         'aria-label="{{ lang.t(\'nav\') }}">'),
        ('<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">',
         '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" '
         'aria-label="{{ lang.t(\'search\') }}">'),
    ],
    "partials/toc.html": [
        ('    <label class="md-nav__title" for="__toc">\n',
         '    {%- set kc_toc_toggle = page in nav.pages and not (page.is_index and page.parent\n'
         '                                                     and "navigation.indexes" in (config.theme.features or [])) %}\n'
         '    <label class="md-nav__title"{% if kc_toc_toggle %} for="__toc"{% endif %}>\n'),
    ],
    "partials/logo.html": [
        ('<img src="{{ config.theme.logo | url }}" alt="logo">',
         '<img src="{{ config.theme.logo | url }}" alt="logo" width="24" height="24">'),
    ],
    "partials/nav-item.html": [
        ('      <input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">\n'
         '      {% set first = toc | first %}\n'
         '      {% if first and first.level == 1 %}\n'
         '        {% set toc = first.children %}\n'
         '      {% endif %}\n',
         '      {% set first = toc | first %}\n'
         '      {% if first and first.level == 1 %}\n'
         '        {% set toc = first.children %}\n'
         '      {% endif %}\n'
         '      {% if toc %}\n'
         '        <input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">\n'
         '      {% endif %}\n'),
    ],
}


def without_comments(text: str) -> str:
    """Jinja comments removed (ours explain each change; Material's files carry none besides the header)."""
    return re.sub(r"[ \t]*\{#.*?#\}\n?", "", text, flags=re.S)


@pytest.mark.parametrize("template", sorted(CHANGES))
def test_copy_differs_from_material_only_by_the_listed_change(template):
    theirs = (MATERIAL / template).read_text(encoding="utf-8")
    ours = (REPO / "overrides" / template).read_text(encoding="utf-8")
    assert theirs.startswith(GENERATED), f"Material's {template} changed shape: redo the copy"
    assert OUR_HEADER.match(ours), f"overrides/{template} must start with a comment saying what was changed and why"
    for old, new in CHANGES[template]:
        assert theirs.count(old) == 1, f"Material's {template} no longer contains {old!r}: redo the copy"
        theirs = theirs.replace(old, new)
    assert without_comments(ours) == without_comments(theirs[len(GENERATED):]), (
        f"overrides/{template} differs from Material's {template} by more than the change listed in this test")
