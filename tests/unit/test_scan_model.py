"""The scan's scoring rule (kenniscentrum.model.scan): weighted mean per theme, n/a and unanswered left out."""
from __future__ import annotations

import pytest

from kenniscentrum.model.scan import ANSWERS, SCALE, SCORES, theme_scores, vsme_status

DATA = {"themes": [
    {"id": "environment", "questions": [
        {"id": "a", "weight": 3, "vsme": ["B3"]},
        {"id": "b", "vsme": ["B3", "B7"]},
        {"id": "c", "weight": 2},
    ]},
    {"id": "strategy", "questions": [{"id": "d"}, {"id": "e", "weight": 2}]},
    {"id": "community", "questions": [{"id": "f", "vsme": ["B11"]}]},
]}


def test_scale_is_defined_once_with_fixed_scores():
    assert SCALE == (("not-started", 0), ("started", 50), ("in-place", 100), ("not-applicable", None))
    assert ANSWERS == tuple(SCORES)


def test_weighted_mean_per_theme():
    answers = {"a": "in-place", "b": "not-started", "c": "started", "d": "started", "e": "in-place"}
    scores = theme_scores(DATA, answers)
    assert scores["environment"] == pytest.approx((3 * 100 + 1 * 0 + 2 * 50) / 6)
    assert scores["strategy"] == pytest.approx((50 + 2 * 100) / 3)
    assert scores["community"] is None  # nothing answered


def test_not_applicable_and_unknown_answers_are_left_out():
    answers = {"a": "not-applicable", "b": "in-place", "c": "bogus", "f": "not-applicable"}
    scores = theme_scores(DATA, answers)
    assert scores["environment"] == 100
    assert scores["community"] is None


def test_all_not_started_is_zero_all_in_place_is_hundred():
    ids = "abcdef"
    assert set(theme_scores(DATA, {i: "not-started" for i in ids}).values()) == {0}
    assert set(theme_scores(DATA, {i: "in-place" for i in ids}).values()) == {100}


def test_vsme_supported_only_when_every_mapped_question_is_in_place():
    status = vsme_status(DATA, {"a": "in-place", "b": "started", "f": "in-place"})
    assert status == {"B3": "open", "B7": "open", "B11": "supported"}
    status = vsme_status(DATA, {"a": "in-place", "b": "in-place", "f": "not-applicable"})
    assert status == {"B3": "supported", "B7": "supported", "B11": "open"}
