"""One bad-input fixture per rule: tests/fixtures/model/bad/<RULE>-<name>/ with content/ (and optionally data/) and
expected.txt listing exactly the issues the checker must report, as `path:line: RULE`."""
from __future__ import annotations

from pathlib import Path

import pytest

from kenniscentrum.content import load_content
from kenniscentrum.issues import RULES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "model"
VALID = FIXTURES / "valid"
CASES = sorted(p for p in (FIXTURES / "bad").iterdir() if p.is_dir())


def check_case(case: Path):
    data = case / "data" if (case / "data").is_dir() else VALID / "data"
    return load_content(case / "content", data, overrides_dir=VALID / "overrides")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_fixture_reports_exactly_the_expected_issues(case: Path):
    content = check_case(case)
    actual = sorted(f"{i.path}:{i.line}: {i.rule}" for i in content.issues)
    expected = (case / "expected.txt").read_text().split("\n")
    assert actual == sorted(filter(None, expected)), "\n".join(map(str, content.issues))
    # the directory is named after the rule it demonstrates
    assert case.name.split("-")[0] in {a.rsplit(" ", 1)[-1] for a in actual}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_issue_is_readable(case: Path):
    for issue in check_case(case).issues:
        text = str(issue)
        assert text.startswith(f"{issue.path}:{issue.line}: {issue.rule} ")
        assert " — fix: " in text and issue.message and issue.fix


def test_every_rule_has_a_fixture():
    covered = {c.name.split("-")[0] for c in CASES}
    missing = sorted(set(RULES) - covered - {"KC999"})
    assert not missing, f"rules without a bad-input fixture: {missing}"
    assert len(covered) >= 25


def test_valid_tree_has_no_issues():
    content = load_content(VALID / "content", VALID / "data")
    assert [str(i) for i in content.issues] == []
    types = {p.type for p in content.pages}
    assert types == {"instrument", "chapter", "guidance", "project", "page", "theme", "glossary", "generated"}
    for lang in ("nl", "en"):
        assert {p.type for p in content.by_lang(lang)} == types


def test_issues_are_sorted_and_unique():
    content = load_content(FIXTURES / "bad" / "KC007-alias" / "content", VALID / "data")
    assert content.issues == sorted(set(content.issues))
