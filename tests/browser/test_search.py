"""Search per language in Debian's chromium (issue 7): a Dutch query on a Dutch page returns only Dutch pages and
loads only the Dutch index; an English query on an English page only /en/ pages and the English index; the header
search box of every page leads there; results are links reachable by keyboard."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import visit

QUERIES = {"nl": "ambassadeurs", "en": "ambassadors"}


def results(page) -> list[str]:
    hrefs = page.eval_on_selector_all("[data-kc-search-results] a", "els => els.map(a => a.href)")
    return [urlsplit(h).path for h in hrefs]


def run_query(page, lang, query):
    visit(page, ("" if lang == "nl" else "en/") + f"zoeken/?q={query}")
    page.wait_for_selector("[data-kc-search-results] li", timeout=20000)
    return results(page)


def pagefind_requests(page) -> list[str]:
    return [urlsplit(u).path for u in page.kc.requests if "/pagefind/" in u]


def test_dutch_query_returns_only_dutch_pages(page):
    found = run_query(page, "nl", QUERIES["nl"])
    assert found and not [p for p in found if p.startswith("/en/")], found
    status = page.inner_text("[data-kc-search-status]")
    assert QUERIES["nl"] in status
    loaded = pagefind_requests(page)
    assert any("wasm.nl" in p for p in loaded)
    assert not [p for p in loaded if "/en_" in p or "wasm.en" in p], loaded


def test_english_query_returns_only_english_pages(page):
    found = run_query(page, "en", QUERIES["en"])
    assert found and all(p.startswith("/en/") for p in found), found
    loaded = pagefind_requests(page)
    assert any("wasm.en" in p for p in loaded)
    assert not [p for p in loaded if "/nl_" in p or "wasm.nl" in p], loaded


def test_a_dutch_word_on_the_english_page_finds_no_dutch_pages(page):
    visit(page, f"en/zoeken/?q={QUERIES['nl']}")
    page.wait_for_function("document.querySelector('[data-kc-search-status]').innerText.length > 0 && "
                           "!document.querySelector('[data-kc-search-status]').innerText.includes('…')",
                           timeout=20000)
    assert all(p.startswith("/en/") for p in results(page))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_header_search_box_leads_to_the_results_in_the_page_language(page, lang):
    prefix = "" if lang == "nl" else "en/"
    visit(page, prefix + "instrumenten/gids-starten-met-mvo/")
    box = page.get_by_role("search").get_by_role("searchbox")
    box.fill(QUERIES[lang])
    box.press("Enter")
    page.wait_for_selector("[data-kc-search-results] li", timeout=20000)
    assert urlsplit(page.url).path == "/" + prefix + "zoeken/"
    assert parse_qs(urlsplit(page.url).query)["q"] == [QUERIES[lang]]
    found = results(page)
    assert found and all(p.startswith("/en/") == (lang == "en") for p in found)
    assert page.input_value("[data-kc-search-input]") == QUERIES[lang]


def test_results_are_reachable_by_keyboard_and_the_query_is_kept_in_the_url(page):
    visit(page, "zoeken/")
    page.focus("[data-kc-search-input]")
    page.keyboard.type(QUERIES["nl"])
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-kc-search-results] li", timeout=20000)
    assert parse_qs(urlsplit(page.url).query)["q"] == [QUERIES["nl"]]
    # Tab from the field: the submit button, then the first result link
    page.focus("[data-kc-search-input]")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('[data-kc-search-results]') !== null")
    assert focused
    first = page.evaluate("document.activeElement.href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == urlsplit(first).path
