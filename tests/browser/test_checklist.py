"""Checklists and worksheets as working tools (issue 8, "In the browser"), driven in Debian's chromium.

Covers: the server-rendered form without JavaScript, progress, saved state across reload and language switch,
named sessions with the keyboard only, export → clear → import (JSON and CSV), refusal of malformed imports without
touching existing sessions, reporting of items that left the source, the action plan's CSV and .ics files, print
rendering, and that nothing leaves the browser. See docs/checklists.md.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import _route

CHECKLIST = "instrumenten/checklist-opvolging-actieplan"
WORKSHEET = "instrumenten/werkinstrument-rolbeschrijving-ambassadeur"
STORAGE_KEY = f"kc-tool:v1:checklist:{CHECKLIST}"


def url_of(server_url: str, lang: str, rel: str) -> str:
    return f"{server_url}{'' if lang == 'nl' else lang + '/'}{rel}/"


def open_tool(page, server_url, lang="nl", rel=CHECKLIST):
    page.goto(url_of(server_url, lang, rel))
    page.wait_for_selector(".kc-tool.kc-js")
    return page


def item_ids(page) -> list[str]:
    return page.eval_on_selector_all("[data-item-id]", "els => els.map(e => e.dataset.itemId)")


def storage(page) -> str | None:
    return page.evaluate("key => localStorage.getItem(key)", STORAGE_KEY)


def progress_text(page) -> str:
    return page.inner_text("#kc-progress-total-text").strip()


@pytest.fixture
def new_page(browser, server_url):
    """More pages in fresh contexts (own, empty localStorage), guarded like the shared ``page`` fixture."""
    contexts = []

    def make(**options):
        context = browser.new_context(base_url=server_url, locale="nl-BE", service_workers="block", **options)
        contexts.append(context)
        context.route("**/*", _route)
        tab = context.new_page()
        tab.kc_requests = []
        tab.on("request", lambda r: tab.kc_requests.append(r.url))
        return tab

    yield make
    for context in contexts:
        context.close()


def own_problems(page) -> list:
    """Uncaught errors, and CSP violations caused by this feature's script (others are the harness's business)."""
    mine = [v for v in page.kc.csp_violations if "checklist" in str(v.get("source", ""))]
    return page.kc.page_errors + mine


def download(page, selector):
    with page.expect_download() as info:
        page.click(selector)
    dl = info.value
    return dl.suggested_filename, Path(dl.path()).read_bytes()


def test_same_checklist_id_and_item_ids_in_both_languages(built_site):
    pattern = re.compile(r'data-checklist-id="([^"]+)"')
    nl = (built_site / CHECKLIST / "index.html").read_text(encoding="utf-8")
    en = (built_site / "en" / CHECKLIST / "index.html").read_text(encoding="utf-8")
    assert pattern.findall(nl) == pattern.findall(en) == [CHECKLIST]
    ids = re.compile(r'data-item-id="([^"]+)"')
    assert ids.findall(nl) and ids.findall(nl) == ids.findall(en)
    for html in (nl, en):
        assert "<script>" not in html.split('data-kc-tool="checklist"', 1)[1].split("</section>", 1)[0]


def test_plain_printable_list_without_javascript(new_page, server_url):
    page = new_page(java_script_enabled=False)
    page.goto(url_of(server_url, "nl", CHECKLIST))
    root = page.locator(".kc-tool")
    assert "kc-js" not in (root.get_attribute("class") or "")
    assert page.locator(".kc-toolbar").is_hidden()
    assert page.locator(".kc-plan").is_hidden()
    assert page.locator(".kc-paper-count").is_visible()
    boxes = page.locator("input[data-kc-done]")
    assert boxes.count() >= 10
    for i in range(boxes.count()):
        box = boxes.nth(i)
        assert box.is_visible()
        box_id = box.get_attribute("id")
        assert page.locator(f'label[for="{box_id}"]').inner_text().strip()
        described = box.get_attribute("aria-describedby")
        if described:
            assert page.locator(f"#{described}").inner_text().strip()
    # every fieldset has a legend, every note a label
    assert page.locator("fieldset.kc-section").count() == page.locator("fieldset.kc-section > legend").count()
    for note in page.locator("textarea[data-kc-note]").all():
        assert page.locator(f'label[for="{note.get_attribute("id")}"]').count() == 1


def test_ticking_updates_progress_and_survives_reload_and_language_switch(page, server_url):
    open_tool(page, server_url)
    ids = item_ids(page)
    total = len(ids)
    assert progress_text(page) == f"0 van {total} afgewerkt"
    page.check(f"#kc-done-{ids[0]}")
    page.check(f"#kc-done-{ids[1]}")
    page.check(f"#kc-na-{ids[2]}")
    page.fill(f"#kc-note-{ids[3]}", "Bespreken op het volgende overleg")
    expected = f"2 van {total - 1} afgewerkt (1 niet van toepassing)"
    assert progress_text(page) == expected
    bar = page.locator("#kc-progress-total")
    assert bar.get_attribute("max") is not None
    assert page.evaluate("document.querySelector('#kc-progress-total').value") == 2
    assert page.evaluate("document.querySelector('#kc-progress-total').max") == total - 1
    first_section = page.locator("fieldset.kc-section").first
    assert "afgewerkt" in first_section.locator("[data-kc-progress-text]").inner_text()
    # done and not applicable exclude each other
    page.check(f"#kc-na-{ids[1]}")
    assert not page.is_checked(f"#kc-done-{ids[1]}")
    page.check(f"#kc-done-{ids[1]}")
    assert not page.is_checked(f"#kc-na-{ids[1]}")

    page.reload()
    page.wait_for_selector(".kc-tool.kc-js")
    assert progress_text(page) == expected
    assert page.is_checked(f"#kc-done-{ids[0]}") and page.is_checked(f"#kc-done-{ids[1]}")
    assert page.is_checked(f"#kc-na-{ids[2]}")
    assert page.input_value(f"#kc-note-{ids[3]}") == "Bespreken op het volgende overleg"

    open_tool(page, server_url, "en")
    assert item_ids(page) == ids
    assert progress_text(page) == f"2 of {total - 1} done (1 not applicable)"
    assert page.is_checked(f"#kc-done-{ids[0]}") and page.is_checked(f"#kc-na-{ids[2]}")
    assert page.input_value(f"#kc-note-{ids[3]}") == "Bespreken op het volgende overleg"
    assert page.locator("html").get_attribute("lang") == "en"
    assert own_problems(page) == []


def test_keyboard_only_sessions(page, server_url):
    open_tool(page, server_url)
    ids = item_ids(page)
    page.focus(f"#kc-done-{ids[0]}")
    page.keyboard.press("Space")
    assert page.is_checked(f"#kc-done-{ids[0]}")

    page.focus('[data-kc-action="session-new"]')
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "kc-session-name"
    page.keyboard.press("Enter")  # empty name is refused with a message
    assert page.inner_text("#kc-session-name-error").strip()
    page.keyboard.type("Gemeente X — 2027")
    page.keyboard.press("Enter")
    assert page.locator("[data-kc-name-form]").is_hidden()
    selected = page.eval_on_selector("#kc-session", "s => s.options[s.selectedIndex].text")
    assert selected == "Gemeente X — 2027"
    assert not page.is_checked(f"#kc-done-{ids[0]}")
    expect(page.locator("[data-kc-status]")).to_contain_text("Gemeente X")

    # switch back: the first session still has its tick
    page.select_option("#kc-session", label="Mijn sessie")
    assert page.is_checked(f"#kc-done-{ids[0]}")
    page.select_option("#kc-session", label="Gemeente X — 2027")

    # rename with the keyboard, Escape cancels, Enter saves
    page.focus('[data-kc-action="session-rename"]')
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    assert page.locator("[data-kc-name-form]").is_hidden()
    assert page.evaluate("document.activeElement.dataset.kcAction") == "session-rename"
    page.keyboard.press("Enter")
    page.fill("#kc-session-name", "Mijn sessie")
    page.keyboard.press("Enter")
    assert "Mijn sessie" in page.inner_text("#kc-session-name-error")  # names are unique
    page.fill("#kc-session-name", "Gemeente Y — 2027")
    page.keyboard.press("Enter")
    options = page.eval_on_selector_all("#kc-session option", "os => os.map(o => o.text)")
    assert sorted(options) == ["Gemeente Y — 2027", "Mijn sessie"]

    # delete asks first; the confirm button is reachable by keyboard
    page.focus('[data-kc-action="session-delete"]')
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.dataset.kcAction") == "confirm-no"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    options = page.eval_on_selector_all("#kc-session option", "os => os.map(o => o.text)")
    assert options == ["Mijn sessie"]
    assert page.is_checked(f"#kc-done-{ids[0]}")


def fill_session(page, ids):
    page.check(f"#kc-done-{ids[0]}")
    page.check(f"#kc-na-{ids[1]}")
    page.fill(f"#kc-note-{ids[2]}", 'Opvolgen met de dienst "Milieu", voor eind maart; daarna evalueren')
    page.fill(f"#kc-plan-owner-{ids[2]}", "Dienst Milieu")
    page.fill(f"#kc-plan-due-{ids[2]}", "2027-03-31")
    page.click(f'[data-kc-action="checkin-add"][data-kc-plan-item="{ids[2]}"]')
    page.fill(f'[data-kc-plan-field="checkin"][data-kc-plan-item="{ids[2]}"][data-kc-index="0"]', "2027-01-15")
    page.click(f'[data-kc-action="checkin-add"][data-kc-plan-item="{ids[2]}"]')
    page.fill(f'[data-kc-plan-field="checkin"][data-kc-plan-item="{ids[2]}"][data-kc-index="1"]', "2027-02-15")
    page.click(f'[data-kc-action="checkin-add"][data-kc-plan-item="{ids[3]}"]')
    page.fill(f'[data-kc-plan-field="checkin"][data-kc-plan-item="{ids[3]}"][data-kc-index="0"]', "2027-06-30")


def rename_current(page, name):
    page.click('[data-kc-action="session-rename"]')
    page.fill("#kc-session-name", name)
    page.keyboard.press("Enter")


def delete_current(page):
    page.click('[data-kc-action="session-delete"]')
    page.click('[data-kc-action="confirm-yes"]')


def test_json_export_clear_import_restores_the_session(page, server_url, tmp_path):
    open_tool(page, server_url)
    ids = item_ids(page)
    rename_current(page, "Gemeente X — 2027")
    fill_session(page, ids)
    before = progress_text(page)

    name, data = download(page, '[data-kc-action="export-json"]')
    assert name.endswith(".json") and "gemeente-x-2027" in name
    exported = json.loads(data)
    assert exported["format"] == "kenniscentrum-mvo/checklist" and exported["version"] == 1
    assert exported["checklist"] == CHECKLIST
    assert exported["session"]["name"] == "Gemeente X — 2027"
    assert exported["items"][ids[0]]["status"] == "done"
    assert exported["items"][ids[1]]["status"] == "na"
    assert exported["items"][ids[2]]["status"] == "open" and "Milieu" in exported["items"][ids[2]]["note"]
    assert exported["actions"][ids[2]] == {"owner": "Dienst Milieu", "due": "2027-03-31",
                                           "checkins": ["2027-01-15", "2027-02-15"]}

    delete_current(page)  # clear: only a fresh, empty session is left
    assert progress_text(page) == f"0 van {len(ids)} afgewerkt"
    assert not page.is_checked(f"#kc-done-{ids[0]}")

    file = tmp_path / name
    file.write_bytes(data)
    page.set_input_files("#kc-import", str(file))
    expect(page.locator("[data-kc-status]")).to_contain_text("Gemeente X")
    assert page.locator("[data-kc-alert]").inner_text().strip() == ""
    selected = page.eval_on_selector("#kc-session", "s => s.options[s.selectedIndex].text")
    assert selected == "Gemeente X — 2027"
    assert progress_text(page) == before
    assert page.is_checked(f"#kc-done-{ids[0]}") and page.is_checked(f"#kc-na-{ids[1]}")
    assert "Milieu" in page.input_value(f"#kc-note-{ids[2]}")
    assert page.input_value(f"#kc-plan-owner-{ids[2]}") == "Dienst Milieu"
    assert page.input_value(f"#kc-plan-due-{ids[2]}") == "2027-03-31"
    # the other session (the fresh one) is still there
    assert page.eval_on_selector_all("#kc-session option", "os => os.length") == 2

    page.reload()
    page.wait_for_selector(".kc-tool.kc-js")
    assert progress_text(page) == before


def test_csv_export_has_the_items_and_imports_back(page, new_page, server_url, tmp_path):
    open_tool(page, server_url)
    ids = item_ids(page)
    fill_session(page, ids)
    name, data = download(page, '[data-kc-action="export-csv"]')
    assert name.endswith(".csv")
    assert data.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte order mark: Excel would misread the accents"
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    # Semicolons, as Excel with Belgian or Dutch settings expects (issue 19); a "," stays inside a quoted cell.
    assert text.startswith('"format_version";"checklist_id";'), text[:80]
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert [r["item_id"] for r in rows] == ids
    assert {r["checklist_id"] for r in rows} == {CHECKLIST}
    by_id = {r["item_id"]: r for r in rows}
    assert by_id[ids[0]]["status"] == "done" and by_id[ids[1]]["status"] == "na"
    assert by_id[ids[2]]["note"].startswith('Opvolgen met de dienst "Milieu"')
    assert by_id[ids[2]]["owner"] == "Dienst Milieu" and by_id[ids[2]]["checkins"] == "2027-01-15 2027-02-15"
    texts = page.eval_on_selector_all(".kc-item__text", "els => els.map(e => e.textContent.trim())")
    assert [r["text"] for r in rows] == texts

    # a fresh browser (empty storage) restores the session from the CSV
    other = new_page()
    open_tool(other, server_url, "en")
    assert storage(other) is None
    file = tmp_path / name
    file.write_bytes(data)
    other.set_input_files("#kc-import", str(file))
    expect(other.locator("[data-kc-status]")).to_contain_text("imported")
    assert other.is_checked(f"#kc-done-{ids[0]}") and other.is_checked(f"#kc-na-{ids[1]}")
    assert other.input_value(f"#kc-plan-owner-{ids[2]}") == "Dienst Milieu"
    assert other.input_value(f'[data-kc-plan-field="checkin"][data-kc-plan-item="{ids[3]}"]') == "2027-06-30"


BAD_FILES = {
    "garbage.json": b"{ this is not json",
    "other-checklist.json": json.dumps({"format": "kenniscentrum-mvo/checklist", "version": 1,
                                        "checklist": "instrumenten/checklist-diversiteit", "items": {}}).encode(),
    "bad-status.json": json.dumps({"format": "kenniscentrum-mvo/checklist", "version": 1, "checklist": CHECKLIST,
                                   "items": {"trekker-per-actie": {"status": "klaar"}}}).encode(),
    "future.json": json.dumps({"format": "kenniscentrum-mvo/checklist", "version": 2, "checklist": CHECKLIST,
                               "items": {}}).encode(),
    "bad-date.json": json.dumps({"format": "kenniscentrum-mvo/checklist", "version": 1, "checklist": CHECKLIST,
                                 "items": {}, "actions": {"termijn": {"checkins": ["2027-02-30"]}}}).encode(),
    "worksheet.json": json.dumps({"format": "kenniscentrum-mvo/worksheet", "version": 1, "worksheet": WORKSHEET,
                                  "fields": {}}).encode(),
    "columns.csv": f"checklist_id,item_id,status\r\n{CHECKLIST},trekker-per-actie\r\n".encode(),
    "no-status.csv": f"checklist_id,item_id\r\n{CHECKLIST},trekker-per-actie\r\n".encode(),
    "quote.csv": f'checklist_id,item_id,status,note\r\n{CHECKLIST},termijn,open,"never closed\r\n'.encode(),
    "picture.png": b"\x89PNG\r\n\x1a\n",
}


def test_malformed_imports_are_refused_and_change_nothing(page, server_url, tmp_path):
    open_tool(page, server_url)
    ids = item_ids(page)
    page.check(f"#kc-done-{ids[0]}")
    rename_current(page, "Gemeente X — 2027")
    before = storage(page)
    assert before and "Gemeente X" in before
    for name, content in BAD_FILES.items():
        file = tmp_path / name
        file.write_bytes(content)
        page.set_input_files("#kc-import", str(file))
        alert = page.locator('[role="alert"][data-kc-alert]')
        expect(alert).to_contain_text(name)
        message = alert.inner_text()
        assert "niet geïmporteerd" in message and "niet gewijzigd" in message, (name, message)
        assert storage(page) == before, name
        assert page.eval_on_selector_all("#kc-session option", "os => os.map(o => o.text)") == ["Gemeente X — 2027"]
        assert page.is_checked(f"#kc-done-{ids[0]}")
    assert "checklist-diversiteit" in _refusal(page, tmp_path, "other-checklist.json")
    assert "klaar" in _refusal(page, tmp_path, "bad-status.json")


def _refusal(page, tmp_path, name):
    page.evaluate("document.querySelector('[data-kc-alert]').textContent = ''")
    page.set_input_files("#kc-import", str(tmp_path / name))
    expect(page.locator("[data-kc-alert]")).not_to_be_empty()
    return page.inner_text("[data-kc-alert]")


def test_items_removed_from_the_source_are_reported(page, server_url, tmp_path):
    open_tool(page, server_url)
    ids = item_ids(page)
    payload = {
        "format": "kenniscentrum-mvo/checklist", "version": 1, "checklist": CHECKLIST,
        "session": {"name": "Oud"},
        "items": {
            ids[0]: {"status": "done", "note": "", "text": "oude tekst"},
            "geschrapt-punt": {"status": "done", "note": "was goed geregeld", "text": "Een punt dat niet meer bestaat."},
        },
        "actions": {"ander-geschrapt": {"owner": "Dienst Personeel", "due": "2027-05-01", "checkins": []}},
    }
    file = tmp_path / "oud.json"
    file.write_text(json.dumps(payload), encoding="utf-8")
    page.set_input_files("#kc-import", str(file))
    notice = page.locator("[data-kc-removed]")
    notice.wait_for(state="visible")
    text = notice.inner_text()
    assert "geschrapt-punt" in text and "Een punt dat niet meer bestaat." in text and "was goed geregeld" in text
    assert "ander-geschrapt" in text and "Dienst Personeel" in text
    assert page.is_checked(f"#kc-done-{ids[0]}")  # known ids are applied, whatever the text was
    page.reload()
    page.wait_for_selector(".kc-tool.kc-js")
    assert page.locator("[data-kc-removed]").is_visible()  # kept, not silently dropped
    _, data = download(page, '[data-kc-action="export-json"]')
    assert "geschrapt-punt" in json.loads(data)["items"]
    page.click('[data-kc-action="forget-removed"]')
    assert page.locator("[data-kc-removed]").is_hidden()
    assert "geschrapt-punt" not in storage(page)
    assert page.is_checked(f"#kc-done-{ids[0]}")


def test_action_plan_exports_csv_and_a_valid_ics(page, server_url):
    from icalendar import Calendar

    open_tool(page, server_url)
    ids = item_ids(page)
    fill_session(page, ids)
    open_rows = page.locator("[data-kc-plan-body] tr")
    assert open_rows.count() == len(ids) - 2  # done and not-applicable items are not actions

    name, data = download(page, '[data-kc-action="plan-ics"]')
    assert name.endswith(".ics")
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, line
    calendar = Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    # the three check-ins and the one deadline (2027-03-31) that fill_session entered
    assert sorted(str(e["DTSTART"].dt) for e in events) == ["2027-01-15", "2027-02-15", "2027-03-31", "2027-06-30"]
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == 4
    for event in events:
        assert event.get("DTSTAMP") is not None
        expected = "Deadline: " if str(event["DTSTART"].dt) == "2027-03-31" else "Terugkommoment: "
        assert str(event["SUMMARY"]).startswith(expected), event["SUMMARY"]
    by_date = {str(e["DTSTART"].dt): e for e in events}
    deadline = by_date["2027-03-31"]
    assert str(deadline["UID"]).endswith(".due@kenniscentrum-mvo") and str(deadline["DTEND"].dt) == "2027-04-01"
    assert "Dienst Milieu" in str(deadline["DESCRIPTION"])
    description = str(by_date["2027-01-15"]["DESCRIPTION"])
    assert "Dienst Milieu" in description and 'dienst "Milieu", voor eind maart; daarna' in description
    assert calendar["VERSION"] == "2.0" and calendar.get("PRODID")

    name, data = download(page, '[data-kc-action="plan-csv"]')
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["Onderdeel", "Actie", "Notitie", "Trekker", "Deadline", "Terugkommomenten"]
    assert len(rows) - 1 == len(ids) - 2
    action_texts = page.eval_on_selector_all("[data-kc-plan-body] .kc-plan__action", "e => e.map(x => x.textContent)")
    assert [r[1] for r in rows[1:]] == action_texts
    row = next(r for r in rows if r[3] == "Dienst Milieu")
    assert row[4] == "2027-03-31" and row[5] == "2027-01-15 2027-02-15"


def test_ics_folding_keeps_multibyte_characters_whole(page, server_url):
    open_tool(page, server_url)
    line = "DESCRIPTION:" + "één, twee; drie — " * 12
    folded = page.evaluate("l => window.kcChecklist.icsFold(l)", line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0]] + [p[1:] for p in parts[1:]]) == line


def test_english_page_speaks_english(page, server_url):
    open_tool(page, server_url, "en")
    ids = item_ids(page)
    page.click(f'[data-kc-action="checkin-add"][data-kc-plan-item="{ids[0]}"]')
    page.fill(f'[data-kc-plan-field="checkin"][data-kc-plan-item="{ids[0]}"]', "2027-09-01")
    _, data = download(page, '[data-kc-action="plan-ics"]')
    from icalendar import Calendar

    event = next(iter(Calendar.from_ical(data).walk("VEVENT")))
    assert str(event["SUMMARY"]).startswith("Check-in: ")
    _, data = download(page, '[data-kc-action="plan-csv"]')
    assert data.decode("utf-8-sig").startswith('"Section";"Action";"Note";"Lead";"Deadline";"Check-ins"')
    assert page.inner_text("label[for=kc-session]") == "Session"


def test_print_shows_ticks_and_notes_without_controls(page, server_url):
    open_tool(page, server_url)
    ids = item_ids(page)
    page.check(f"#kc-done-{ids[0]}")
    page.fill(f"#kc-note-{ids[2]}", "Genoteerd voor de afdruk")
    page.emulate_media(media="print")
    assert page.locator(".kc-toolbar").is_hidden()
    assert page.locator('[data-kc-action="plan-ics"]').is_hidden()
    assert page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator(".md-header").is_hidden()
    assert page.is_checked(f"#kc-done-{ids[0]}") and page.locator(f"#kc-done-{ids[0]}").is_visible()
    printed_note = page.locator(f'[data-item-id="{ids[2]}"] [data-kc-print-value]')
    assert printed_note.is_visible() and printed_note.inner_text() == "Genoteerd voor de afdruk"
    assert page.locator("[data-kc-print-meta]").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_worksheet_fields_are_saved_locally(page, server_url, tmp_path):
    open_tool(page, server_url, "nl", WORKSHEET)
    fields = page.eval_on_selector_all("[data-field-id]", "els => els.map(e => e.dataset.fieldId)")
    assert fields
    for field in fields:
        assert page.locator(f'label[for="kc-field-{field}"]').count() == 1
    page.fill(f"#kc-field-{fields[0]}", "Collega's helpen duurzamer te werken.")
    page.reload()
    page.wait_for_selector(".kc-tool.kc-js")
    assert page.input_value(f"#kc-field-{fields[0]}") == "Collega's helpen duurzamer te werken."
    open_tool(page, server_url, "en", WORKSHEET)
    assert page.input_value(f"#kc-field-{fields[0]}") == "Collega's helpen duurzamer te werken."
    assert "1 of" in page.inner_text("#kc-progress-total-text")
    name, data = download(page, '[data-kc-action="export-json"]')
    exported = json.loads(data)
    assert exported["format"] == "kenniscentrum-mvo/worksheet" and exported["worksheet"] == WORKSHEET
    assert exported["fields"][fields[0]]["value"] == "Collega's helpen duurzamer te werken."
    page.emulate_media(media="print")
    assert page.locator(f'[data-field-id="{fields[0]}"] [data-kc-print-value]').is_visible()


def test_no_data_leaves_the_browser(page, server_url):
    methods = []
    page.on("request", lambda r: methods.append((r.method, r.url)))
    open_tool(page, server_url)
    ids = item_ids(page)
    fill_session(page, ids)
    download(page, '[data-kc-action="export-json"]')
    download(page, '[data-kc-action="plan-ics"]')
    page.reload()
    page.wait_for_selector(".kc-tool.kc-js")
    assert page.kc.third_party() == []
    assert methods
    for method, url in methods:
        assert method == "GET", (method, url)
        assert urlsplit(url).hostname == "127.0.0.1" or url.startswith(("blob:", "data:")), url
        assert "?" not in url, url  # nothing typed travels in a query string either
    assert own_problems(page) == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_axe_on_the_tool_in_use(page, server_url, tmp_path, lang):
    """axe-core on states a static page scan never sees: ticks, plan rows, a removed-items notice, the name form,
    a refused import and a confirmation."""
    from tests.browser.test_axe import axe_violations, describe

    open_tool(page, server_url, lang)
    ids = item_ids(page)
    fill_session(page, ids)
    payload = {"format": "kenniscentrum-mvo/checklist", "version": 1, "checklist": CHECKLIST,
               "items": {"weg": {"status": "done", "note": "", "text": "Oud punt"}}}
    (tmp_path / "old.json").write_text(json.dumps(payload), encoding="utf-8")
    page.set_input_files("#kc-import", str(tmp_path / "old.json"))
    page.locator("[data-kc-removed]").wait_for(state="visible")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    page.set_input_files("#kc-import", str(tmp_path / "bad.json"))
    expect(page.locator("[data-kc-alert]")).not_to_be_empty()
    page.click('[data-kc-action="session-new"]')
    violations = axe_violations(page)
    assert not violations, describe(violations, page.url)
    page.click('[data-kc-action="session-delete"]')
    violations = axe_violations(page)
    assert not violations, describe(violations, page.url)
    open_tool(page, server_url, lang, WORKSHEET)
    page.fill("textarea[data-kc-value] >> nth=0", "x")
    violations = axe_violations(page)
    assert not violations, describe(violations, page.url)


def test_semicolon_csv_saved_by_a_spreadsheet_imports(page, server_url, tmp_path):
    """Spreadsheet programs with Belgian settings save CSV with ';' and often drop the optional columns."""
    open_tool(page, server_url)
    ids = item_ids(page)
    text = (f"\ufeffchecklist_id;item_id;status;note\r\n{CHECKLIST};{ids[0]};done;\r\n"
            f'{CHECKLIST};{ids[1]};na;"Niet voor ons; we hebben geen personeel"\r\n')
    file = tmp_path / "uit-rekenblad.csv"
    file.write_text(text, encoding="utf-8")
    page.set_input_files("#kc-import", str(file))
    expect(page.locator("[data-kc-status]")).to_contain_text("uit-rekenblad.csv")
    assert page.is_checked(f"#kc-done-{ids[0]}") and page.is_checked(f"#kc-na-{ids[1]}")
    assert page.input_value(f"#kc-note-{ids[1]}") == "Niet voor ons; we hebben geen personeel"


def test_comma_separated_csv_still_imports(page, server_url, tmp_path):
    """Exports are semicolon-separated since issue 19; comma-separated files (older exports, other spreadsheet
    settings) keep importing."""
    open_tool(page, server_url)
    ids = item_ids(page)
    text = (f"checklist_id,item_id,status,note\r\n{CHECKLIST},{ids[0]},done,\r\n"
            f'{CHECKLIST},{ids[1]},na,"Niet voor ons, we hebben geen personeel"\r\n')
    file = tmp_path / "oud-export.csv"
    file.write_text(text, encoding="utf-8")
    page.set_input_files("#kc-import", str(file))
    expect(page.locator("[data-kc-status]")).to_contain_text("oud-export.csv")
    assert page.is_checked(f"#kc-done-{ids[0]}") and page.is_checked(f"#kc-na-{ids[1]}")
    assert page.input_value(f"#kc-note-{ids[1]}") == "Niet voor ons, we hebben geen personeel"


def test_ics_holds_a_deadline_without_check_ins(page, server_url):
    """A deadline alone is enough for a calendar file (before issue 19 the .ics held check-ins only)."""
    from icalendar import Calendar

    open_tool(page, server_url, "en")
    ids = item_ids(page)
    page.fill(f"#kc-plan-due-{ids[0]}", "2027-05-20")
    _, data = download(page, '[data-kc-action="plan-ics"]')
    events = list(Calendar.from_ical(data).walk("VEVENT"))
    assert [(str(e["DTSTART"].dt), str(e["SUMMARY"])[:10]) for e in events] == [("2027-05-20", "Deadline: ")]


def test_interface_strings_complete_in_both_languages():
    import yaml

    from tests.support.sitebuild import REPO

    data = yaml.safe_load((REPO / "data" / "ui" / "checklist.yml").read_text(encoding="utf-8"))
    assert set(data["nl"]) == set(data["en"])
    assert set(data["nl"]["js"]) == set(data["en"]["js"])
    for lang in ("nl", "en"):
        for key, value in data[lang]["js"].items():
            assert isinstance(value, str) and value.strip(), (lang, key)
            other = "en" if lang == "nl" else "nl"
            assert set(re.findall(r"\{(\w+)\}", value)) == set(re.findall(r"\{(\w+)\}", data[other]["js"][key])), key


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_tool_in_use_reflows_at_320_pixels(page, server_url, lang):
    """WCAG 1.4.10 on the states a static page never shows: ticks, notes, action-plan rows with check-in dates."""
    from tests.browser.test_reflow import OVERFLOW

    page.set_viewport_size({"width": 320, "height": 600})
    open_tool(page, server_url, lang)
    fill_session(page, item_ids(page))
    offenders = page.evaluate(OVERFLOW)["offenders"]
    assert not offenders, "cut off at 320 px:\n" + "\n".join(offenders[:15])


# --- issue #14: a full storage, hostile files, control characters ---------------------------------------------------

# Makes the browser's storage "full" on demand: once window.__kcStorageFull is true, every write of the tool's key
# fails the way a full localStorage does (a DOMException named QuotaExceededError), and nothing is stored.
FULL_STORAGE = """
(() => {
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (window.__kcStorageFull && String(key).indexOf("kc-tool:") === 0 && String(key).indexOf(":probe") < 0) {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    }
    return setItem.call(this, key, value);
  };
})();
"""


def session_names(page) -> list[str]:
    return page.eval_on_selector_all("#kc-session option", "os => os.map(o => o.text)")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_import_into_a_full_storage_undoes_itself_and_says_why(page, server_url, tmp_path, lang):
    page.add_init_script(FULL_STORAGE)
    open_tool(page, server_url, lang)
    ids = item_ids(page)
    page.check(f"#kc-done-{ids[0]}")
    rename_current(page, "Gemeente X — 2027")
    expect(page.locator("#kc-session option")).to_have_text(["Gemeente X — 2027"])
    before = storage(page)
    exported = {"format": "kenniscentrum-mvo/checklist", "version": 1, "checklist": CHECKLIST,
                "session": {"name": "Uit een bestand", "created": "2027-01-10T09:00:00Z"},
                "items": {ids[1]: {"status": "done", "note": "", "text": "x"}}}
    file = tmp_path / "sessie.json"
    file.write_text(json.dumps(exported), encoding="utf-8")

    page.evaluate("window.__kcStorageFull = true")
    page.set_input_files("#kc-import", str(file))
    alert = page.locator('[role="alert"][data-kc-alert]')
    expect(alert).to_contain_text("sessie.json")
    message = alert.inner_text()
    if lang == "nl":
        assert "niet geïmporteerd" in message and "opslag van deze browser is vol" in message, message
    else:
        assert "was not imported" in message and "storage is full" in message, message
    assert "mporte" not in page.locator("[data-kc-status]").inner_text()  # no "imported" / "geïmporteerd"
    assert session_names(page) == ["Gemeente X — 2027"]  # the import is undone on the page too
    assert page.is_checked(f"#kc-done-{ids[0]}") and not page.is_checked(f"#kc-done-{ids[1]}")
    assert storage(page) == before

    page.evaluate("window.__kcStorageFull = false")
    page.reload()
    page.wait_for_selector(".kc-tool.kc-js")
    assert session_names(page) == ["Gemeente X — 2027"] and page.is_checked(f"#kc-done-{ids[0]}")
    # with room again, the same file imports
    page.set_input_files("#kc-import", str(file))
    expect(page.locator("[data-kc-status]")).to_contain_text("Uit een bestand")
    page.reload()
    page.wait_for_selector(".kc-tool.kc-js")
    assert session_names(page) == ["Gemeente X — 2027", "Uit een bestand"]
    assert not own_problems(page)


HUGE = "x" * 900_000
HOSTILE_FILES = {
    "huge-status.json": {"items": {"trekker-per-actie": {"status": HUGE}}},
    "huge-id.json": {"items": {"a" * 300_000: {"status": "done"}}},
    "huge-kind.json": {"format": "kenniscentrum-mvo/" + HUGE},
    "huge-checkin.json": {"actions": {"termijn": {"checkins": [HUGE]}}},
    "bad-created.json": {"session": {"name": "X", "created": "gisteren"}},
    "impossible-created.json": {"session": {"name": "X", "created": "2027-02-30T10:00:00Z"}},
    "huge-created.json": {"session": {"name": "X", "created": HUGE}},
    "bad-updated.json": {"session": {"name": "X", "updated": 17}},
    "bad-exported.json": {"exported": ["2027-01-01"]},
    "name-type.json": {"session": {"name": {"first": "X"}}},
    "name-long.json": {"session": {"name": "N" * 81}},
    "session-id.json": {"session": {"id": "<script>"}},
    "language.json": {"language": HUGE},
    "title-type.json": {"title": 12},
    "note-type.json": {"items": {"trekker-per-actie": {"status": "open", "note": ["a"]}}},
    "checkins-type.json": {"actions": {"termijn": {"checkins": "2027-01-01"}}},
    "owner-long.json": {"actions": {"termijn": {"owner": "o" * 201}}},
}


def hostile(overrides: dict) -> bytes:
    payload = {"format": "kenniscentrum-mvo/checklist", "version": 1, "checklist": CHECKLIST, "items": {}}
    payload.update(overrides)
    return json.dumps(payload).encode()


def test_hostile_files_change_nothing_and_get_a_short_message(page, server_url, tmp_path):
    open_tool(page, server_url)
    ids = item_ids(page)
    page.check(f"#kc-done-{ids[0]}")
    rename_current(page, "Gemeente X — 2027")
    expect(page.locator("#kc-session option")).to_have_text(["Gemeente X — 2027"])
    before = storage(page)
    alert = page.locator('[role="alert"][data-kc-alert]')
    for name, overrides in HOSTILE_FILES.items():
        page.evaluate("document.querySelector('[data-kc-alert]').textContent = ''")
        file = tmp_path / name
        file.write_bytes(hostile(overrides))
        page.set_input_files("#kc-import", str(file))
        expect(alert).to_contain_text(name)
        message = alert.inner_text()
        assert "niet geïmporteerd" in message, (name, message[:300])
        assert len(message) < 600, (name, len(message))  # echoed values are cut at 80 characters
        assert "xxxxxxxxx" not in message or "\u2026" in message, name
        assert storage(page) == before, name
        assert session_names(page) == ["Gemeente X — 2027"], name
    assert "gisteren" in _refusal(page, tmp_path, "bad-created.json")
    assert "session.created" in _refusal(page, tmp_path, "impossible-created.json")
    cut = re.search(r'"(x+)\u2026"', _refusal(page, tmp_path, "huge-status.json"))
    assert cut and len(cut.group(1)) == 79
    assert not own_problems(page)


def test_control_characters_never_reach_an_export(page, server_url):
    from icalendar import Calendar

    open_tool(page, server_url)
    ids = item_ids(page)
    fill_session(page, ids)
    # A note with a NUL and other control characters (pasted text can carry them).
    page.evaluate("""id => {
        const note = document.querySelector('#kc-note-' + id);
        note.value = 'Voor\\u0000 de\\u0007 raad\\u001b[31m; daarna\\u007f\\u0085 evalueren';
        note.dispatchEvent(new Event('input', { bubbles: true }));
    }""", ids[2])
    assert "\\u0000" in storage(page)  # stored as typed: only what leaves the browser is cleaned
    control = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

    _, ics = download(page, '[data-kc-action="plan-ics"]')
    assert not control.search(ics.decode("utf-8")), ics
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))
    description = next(str(e["DESCRIPTION"]) for e in Calendar.from_ical(ics).walk("VEVENT")
                       if str(e["DTSTART"].dt) == "2027-01-15")
    assert "Voor de raad[31m; daarna evalueren" in description
    for selector in ('[data-kc-action="export-csv"]', '[data-kc-action="plan-csv"]', '[data-kc-action="export-json"]'):
        _, data = download(page, selector)
        text = data.decode("utf-8-sig")
        assert not control.search(text) and "\\u0000" not in text, selector
        assert "Voor de raad[31m; daarna evalueren" in text, selector
