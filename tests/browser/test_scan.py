"""The MVO-scan as a working tool (issue 17), driven in Debian's chromium.

Every expected figure is computed here from the scan's source (the front matter of content/<lang>/instrumenten/...),
with this file's own arithmetic, never read back from the page: theme scores for a fixed answer pattern, saved
answers after a reload, the per-theme change between two saved rounds, VSME readiness, refusal of malformed and
hostile imports without touching what is stored, and axe on the questionnaire and the results. See docs/scan.md.
"""
from __future__ import annotations

import json
import math

import pytest
import yaml

from tests.browser.test_axe import axe_violations, describe
from tests.support.sitebuild import REPO

SCAN = "instrumenten/mvo-scan-kmo"
STORAGE_KEY = f"kc-scan:v1:{SCAN}"
POINTS = {"not-started": 0, "started": 50, "in-place": 100, "not-applicable": None}
PATTERN = ("in-place", "started", "not-started", "not-applicable", "in-place", "in-place", "started")


def source(lang: str) -> dict:
    text = (REPO / "content" / lang / f"{SCAN}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])["scan"]


def questions(scan: dict) -> list[tuple[str, dict]]:
    return [(t["id"], q) for t in scan["themes"] for q in t["questions"]]


def pattern_answers(scan: dict, pattern=PATTERN, shift: int = 0) -> dict[str, str]:
    return {q["id"]: pattern[(i + shift) % len(pattern)] for i, (_, q) in enumerate(questions(scan))}


def expected_scores(scan: dict, answers: dict) -> dict[str, int | None]:
    """The rule, written out independently: weighted mean of counted answers, rounded half up as the page shows it."""
    out = {}
    for theme in scan["themes"]:
        num = den = 0
        for q in theme["questions"]:
            points = POINTS.get(answers.get(q["id"], ""))
            if points is None:
                continue
            num += q.get("weight", 1) * points
            den += q.get("weight", 1)
        out[theme["id"]] = math.floor(num / den + 0.5) if den else None
    return out


def open_scan(page, lang="nl"):
    page.goto(("" if lang == "nl" else "en/") + SCAN + "/")
    page.wait_for_selector(".kc-scan.kc-js")
    return page


def answer(page, answers: dict) -> None:
    for qid, value in answers.items():
        page.check(f"#kc-scan-{qid}-{value}")


def stored(page):
    return page.evaluate("key => localStorage.getItem(key)", STORAGE_KEY)


def save(page):
    page.click(".kc-toolbar [data-scan-action=save]")
    page.wait_for_function("key => localStorage.getItem(key) !== null", arg=STORAGE_KEY)


def table_scores(page) -> dict[str, int | None]:
    rows = page.eval_on_selector_all("[data-scan-table-body] tr",
                                     "rows => rows.map(r => [r.dataset.themeId, r.dataset.score])")
    return {tid: (int(s) if s != "" else None) for tid, s in rows}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_fixed_pattern_gives_the_scores_computed_from_the_source(page, lang):
    scan = source(lang)
    answers = pattern_answers(scan)
    expected = expected_scores(scan, answers)
    assert len(set(v for v in expected.values() if v is not None)) > 2, "the pattern should spread the scores"
    open_scan(page, lang)
    answer(page, answers)
    page.click("[data-scan-action=results]")
    page.wait_for_selector("[data-scan-table-body] tr")
    assert table_scores(page) == expected
    # the chart shows the same figures, and its text alternative names them all
    desc = page.text_content("[data-scan-chart-desc]")
    labels = page.eval_on_selector_all("[data-scan-table-body] th", "ths => ths.map(t => t.textContent)")
    for label, (tid, score) in zip(labels, expected.items()):
        assert f"{label} {score}" in desc
    bars = page.eval_on_selector_all("rect.kc-scan__chart-bar", "rs => rs.map(r => r.dataset.themeId)")
    assert bars == [tid for tid, s in expected.items() if s is not None]
    # weakest themes come with instruments, each linking to an existing page
    links = page.eval_on_selector_all("[data-scan-recommend] a", "as => as.map(a => a.href)")
    assert links, "no instruments recommended for the weakest themes"
    for href in links:
        assert page.request.get(href).status == 200, href


def test_reload_restores_saved_answers(page):
    scan = source("nl")
    answers = pattern_answers(scan, shift=3)
    open_scan(page)
    answer(page, answers)
    assert stored(page) is None, "answers are saved only on the reader's action"
    save(page)
    page.reload()
    page.wait_for_selector(".kc-scan.kc-js")
    checked = page.eval_on_selector_all("[data-scan-form] input[type=radio]:checked",
                                        "els => Object.fromEntries(els.map(e => [e.name.slice(2), e.value]))")
    assert checked == answers


def test_two_saved_rounds_compare_per_theme(page):
    scan = source("nl")
    first, second = pattern_answers(scan), pattern_answers(scan, ("in-place", "started"), shift=1)
    open_scan(page)
    answer(page, first)
    save(page)
    page.click(".kc-toolbar [data-scan-action=run-new]")
    page.fill("#kc-scan-run-name", "Scan volgend jaar")
    page.press("#kc-scan-run-name", "Enter")
    page.wait_for_function("() => document.querySelector('[data-scan-run-select]').options.length === 2")
    assert page.eval_on_selector_all("[data-scan-form] input:checked", "els => els.length") == 0
    answer(page, second)
    save(page)
    page.wait_for_selector("[data-scan-compare-body] tr")
    a, b = expected_scores(scan, first), expected_scores(scan, second)
    rows = page.eval_on_selector_all("[data-scan-compare-body] tr",
                                     "rows => rows.map(r => [r.dataset.themeId, r.dataset.change])")
    assert {tid: (int(c) if c != "" else None) for tid, c in rows} == {
        tid: (b[tid] - a[tid] if a[tid] is not None and b[tid] is not None else None) for tid in a}
    names = json.loads(stored(page))["runs"]
    assert [r["name"] for r in names][1] == "Scan volgend jaar"


def test_vsme_readiness_follows_the_answers(page):
    scan = source("nl")
    answers = pattern_answers(scan)
    mapped: dict[str, list[str]] = {}
    for _, q in questions(scan):
        for code in q.get("vsme", []):
            mapped.setdefault(code, []).append(answers[q["id"]])
    expected = {}
    for n in range(1, 12):
        code = f"B{n}"
        counted = [a for a in mapped.get(code, []) if a != "not-applicable"]
        expected[code] = "supported" if counted and all(a == "in-place" for a in counted) else "open"
    open_scan(page)
    answer(page, answers)
    rows = page.eval_on_selector_all("[data-scan-vsme-body] tr", "rows => rows.map(r => [r.dataset.vsme, r.dataset.status])")
    assert dict(rows) == expected
    assert "supported" in expected.values() and "open" in expected.values()


def test_add_to_action_plan_and_keep_it(page):
    scan = source("nl")
    open_scan(page)
    answer(page, {q["id"]: "not-started" for _, q in questions(scan)})
    page.click("[data-scan-action=results]")
    button = page.locator("[data-scan-recommend] [data-scan-action=plan-add]").first
    key = button.get_attribute("data-key")
    button.click()
    row = page.locator(f'tr[data-plan-key="{key}"]')
    row.locator('input[data-plan-field="owner"]').fill("Zaakvoerder")
    row.locator('input[data-plan-field="due"]').fill("2027-03-01")
    row.locator('input[data-plan-field="due"]').dispatch_event("change")
    row.locator('input[data-plan-field="owner"]').dispatch_event("change")
    save(page)
    page.reload()
    page.wait_for_selector(".kc-scan.kc-js")
    assert json.loads(stored(page))["plan"] == [{"key": key, "owner": "Zaakvoerder", "due": "2027-03-01", "checkins": []}]
    assert page.input_value(f'tr[data-plan-key="{key}"] input[data-plan-field="owner"]') == "Zaakvoerder"


HOSTILE = [
    ("not-json.json", b"{ this is not json", "JSON"),
    ("other.json", json.dumps({"format": "something-else", "version": 1, "runs": []}).encode(), "format"),
    ("future.json", json.dumps({"format": "kenniscentrum-mvo/scan", "version": 99, "scan": SCAN,
                                "runs": [{"name": "x", "date": "2026-01-01", "answers": {}}]}).encode(), "99"),
    ("wrong-scan.json", json.dumps({"format": "kenniscentrum-mvo/scan", "version": 1,
                                    "scan": "instrumenten/mvo-scan-lokale-besturen",
                                    "runs": [{"name": "x", "date": "2026-01-01", "answers": {}}]}).encode(),
     "mvo-scan-lokale-besturen"),
    ("bad-answer.json", json.dumps({"format": "kenniscentrum-mvo/scan", "version": 1, "scan": SCAN,
                                    "runs": [{"name": "<img src=x onerror=alert(1)>", "date": "2026-01-01",
                                              "answers": {"visie": "<script>alert(1)</script>"}}]}).encode(), "visie"),
    ("proto.json", b'{"format": "kenniscentrum-mvo/scan", "version": 1, "scan": "' + SCAN.encode()
     + b'", "runs": [{"name": "x", "date": "2026-01-01", "answers": {"__proto__": "in-place"}}]}', "__proto__"),
    ("bad-date.json", json.dumps({"format": "kenniscentrum-mvo/scan", "version": 1, "scan": SCAN,
                                  "runs": [{"name": "x", "date": "2026-02-31", "answers": {}}]}).encode(), "datum"),
    ("no-column.csv", b"run_name,question,answer\r\nx,visie,in-place\r\n", "run_date"),
]


def test_malformed_or_hostile_import_changes_nothing_and_says_why(page):
    open_scan(page)
    page.check("#kc-scan-visie-started")
    save(page)
    before = stored(page)
    for name, body, reason in HOSTILE:
        page.set_input_files("#kc-scan-import", files=[{"name": name, "mimeType": "application/octet-stream",
                                                        "buffer": body}])
        page.wait_for_function("() => document.querySelector('[data-scan-alert]').textContent.length > 0")
        message = page.inner_text("[data-scan-alert]")
        assert reason in message, f"{name}: {message!r}"
        assert stored(page) == before, f"{name} changed the stored data"
        assert page.eval_on_selector_all("[data-scan-run-select] option", "os => os.length") == 1
        page.evaluate("() => { document.querySelector('[data-scan-alert]').textContent = ''; }")
    assert page.evaluate("() => window.__pwned === undefined")


def test_export_then_import_round_trips(page, tmp_path):
    scan = source("nl")
    answers = pattern_answers(scan, shift=2)
    open_scan(page)
    answer(page, answers)
    save(page)
    with page.expect_download() as info:
        page.click("[data-scan-action=export-json]")
    exported = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert exported["format"] == "kenniscentrum-mvo/scan" and exported["version"] == 1
    page.click(".kc-toolbar [data-scan-action=delete-all]")
    page.click("[data-scan-action=confirm-yes]")
    page.wait_for_function("key => localStorage.getItem(key) === null", arg=STORAGE_KEY)
    assert page.eval_on_selector_all("[data-scan-form] input:checked", "els => els.length") == 0
    path = tmp_path / "scan.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    page.set_input_files("#kc-scan-import", str(path))
    page.wait_for_function("key => localStorage.getItem(key) !== null", arg=STORAGE_KEY)
    runs = json.loads(stored(page))["runs"]
    assert any(r["answers"] == answers for r in runs)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_axe_violations_on_questionnaire_and_results(page, lang):
    scan = source(lang)
    open_scan(page, lang)
    violations = axe_violations(page)
    assert not violations, describe(violations, page.url)
    answer(page, pattern_answers(scan))
    page.click("[data-scan-action=results]")
    page.locator("[data-scan-recommend] [data-scan-action=plan-add]").first.click()
    save(page)
    page.wait_for_selector("[data-scan-plan-body] tr")
    violations = axe_violations(page)
    assert not violations, describe(violations, page.url)


def test_script_scoring_equals_the_python_rule_unrounded(page):
    """window.kcScan.themeScores (scan.js) and kenniscentrum.model.scan.theme_scores agree on many answer patterns."""
    from kenniscentrum.model.scan import ANSWERS, theme_scores

    scan = source("nl")
    ids = [q["id"] for _, q in questions(scan)]
    open_scan(page)
    for seed in range(12):
        answers = {q: ANSWERS[(i * (seed + 3) + seed) % 4] for i, q in enumerate(ids) if (i + seed) % 5}
        got = page.evaluate("""answers => {
            const data = JSON.parse(document.querySelector('script[data-scan-data]').textContent);
            const scoreOf = Object.fromEntries(data.scale.map(a => [a.id, a.score]));
            const out = window.kcScan.themeScores(data.themes, scoreOf, answers);
            return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.score]));
        }""", answers)
        want = theme_scores(scan, answers)
        assert got.keys() == want.keys()
        for tid, value in want.items():
            assert (got[tid] is None) == (value is None), (seed, tid)
            if value is not None:
                assert got[tid] == pytest.approx(value), (seed, tid)
