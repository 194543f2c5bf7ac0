"""The faceted instrument finder in Debian's chromium (issue 7): two facets narrow the list to exactly the matching
instruments, OR within a facet, the state lives in the URL and survives a reload, keyboard only, and without
JavaScript the full list is there. Expectations come from the built site's instruments.json."""
from __future__ import annotations

import itertools
import json
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.browser.conftest import _route, visit

LANGS = ("nl", "en")


def catalogue(site, lang):
    return json.loads((site / ("" if lang == "nl" else "en") / "instruments.json").read_text(encoding="utf-8"))


def ids(record, key):
    value = record[key]
    return [v["id"] for v in value] if isinstance(value, list) else [value["id"]]


def paths(records) -> set[str]:
    return {urlsplit(r["url"]).path for r in records}


def two_facet_choice(records):
    """A kind and a theme whose combination is a non-empty proper subset of both (so AND visibly narrows)."""
    kinds = sorted({k for r in records for k in ids(r, "kind")})
    themes = sorted({t for r in records for t in ids(r, "themes")})
    for kind, theme in itertools.product(kinds, themes):
        both = [r for r in records if kind in ids(r, "kind") and theme in ids(r, "themes")]
        only_kind = [r for r in records if kind in ids(r, "kind")]
        only_theme = [r for r in records if theme in ids(r, "themes")]
        if 0 < len(both) < min(len(only_kind), len(only_theme)):
            return kind, theme, both
    pytest.skip("no kind/theme pair narrows the list: too few instruments")


def visible(page) -> set[str]:
    hrefs = page.eval_on_selector_all(
        "[data-kc-finder-results] > li:not([hidden]) .kc-listing__title a", "els => els.map(a => a.href)")
    return {urlsplit(h).path for h in hrefs}


def finder_url(lang, query=""):
    return ("" if lang == "nl" else "en/") + "zoeker/" + (f"?{query}" if query else "")


def open_finder(page, lang, query=""):
    visit(page, finder_url(lang, query))
    page.wait_for_selector("[data-kc-finder-form]:not([hidden])")


@pytest.mark.parametrize("lang", LANGS)
def test_two_facets_narrow_to_exactly_the_matching_instruments_and_survive_reload(page, built_site, lang):
    records = catalogue(built_site, lang)["instruments"]
    kind, theme, both = two_facet_choice(records)
    open_finder(page, lang)
    assert visible(page) == paths(records)

    # keyboard only: focus the checkbox and press Space
    page.focus(f"#kc-f-kind-{kind}")
    page.keyboard.press("Space")
    assert visible(page) == paths(r for r in records if kind in ids(r, "kind"))
    page.focus(f"#kc-f-theme-{theme}")
    page.keyboard.press("Space")
    assert visible(page) == paths(both)

    status = page.inner_text("[data-kc-finder-status]")
    assert str(len(both)) in status and str(len(records)) in status
    query = parse_qsl(urlsplit(page.url).query)
    assert query == [("kind", kind), ("theme", theme)]

    page.reload()
    page.wait_for_selector("[data-kc-finder-form]:not([hidden])")
    assert page.is_checked(f"#kc-f-kind-{kind}") and page.is_checked(f"#kc-f-theme-{theme}")
    assert visible(page) == paths(both)

    # the option counts are the matches on the other facets (here: the chosen kind)
    for record_theme in sorted({t for r in records for t in ids(r, "themes")}):
        box = page.query_selector(f"#kc-f-theme-{record_theme}")
        if box is None:
            continue
        expected = sum(1 for r in records if kind in ids(r, "kind") and record_theme in ids(r, "themes"))
        count = page.inner_text(f"label[for='kc-f-theme-{record_theme}'] [data-kc-count]")
        assert count == f"({expected})", record_theme

    page.click("[data-kc-finder-clear]")
    assert visible(page) == paths(records)
    assert urlsplit(page.url).query == ""


@pytest.mark.parametrize("lang", LANGS)
def test_a_shared_url_restores_the_filters_and_or_applies_within_a_facet(page, built_site, lang):
    records = catalogue(built_site, lang)["instruments"]
    kinds = sorted({k for r in records for k in ids(r, "kind")})[:2]
    open_finder(page, lang, "&".join(f"kind={k}" for k in kinds))
    for kind in kinds:
        assert page.is_checked(f"#kc-f-kind-{kind}")
    assert visible(page) == paths(r for r in records if set(ids(r, "kind")) & set(kinds))


def test_controls_are_labelled_checkboxes_in_fieldsets(page):
    open_finder(page, "nl")
    boxes = page.eval_on_selector_all(
        "[data-kc-finder-form] input",
        """els => els.map(e => ({type: e.type, label: e.labels.length ? e.labels[0].innerText : '',
                                 legend: e.closest('fieldset') && e.closest('fieldset').querySelector('legend')
                                         ? e.closest('fieldset').querySelector('legend').innerText : ''}))""")
    assert boxes and all(b["type"] == "checkbox" and b["label"].strip() and b["legend"].strip() for b in boxes)
    live = page.get_attribute("[data-kc-finder-status]", "aria-live")
    assert live == "polite"


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_every_instrument_is_listed(browser, server_url, built_site, lang):
    context = browser.new_context(base_url=server_url, java_script_enabled=False, service_workers="block")
    try:
        context.route("**/*", _route)
        tab = context.new_page()
        tab.goto(finder_url(lang))
        records = catalogue(built_site, lang)["instruments"]
        assert visible(tab) == paths(records)
        assert not tab.is_visible("[data-kc-finder-form]")
        assert tab.is_visible("[data-kc-finder-nojs]")
    finally:
        context.close()
