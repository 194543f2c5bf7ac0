"""Property: the checker never raises (no traceback) on arbitrary bytes, and never reports an internal error."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from kenniscentrum.content import load_content

VALID = Path(__file__).resolve().parents[1] / "fixtures" / "model" / "valid"
PAGE = (VALID / "content" / "nl" / "instrumenten" / "checklist-test.md").read_bytes()

_tree = Path(tempfile.mkdtemp(prefix="kc-property-"))
(_tree / "content" / "nl" / "instrumenten").mkdir(parents=True)
(_tree / "content" / "en").mkdir(parents=True)
shutil.copy(VALID / "content" / "nl" / "instrumenten" / "checklist-test.md", _tree / "content" / "nl" / "instrumenten")


def _check(data: bytes) -> None:
    target = _tree / "content" / "nl" / "fuzz.md"
    target.write_bytes(data)
    content = load_content(_tree / "content", VALID / "data", overrides_dir=VALID / "overrides")
    assert not [i for i in content.issues if i.rule == "KC999"], content.issues
    for issue in content.issues:
        assert issue.line >= 1 and issue.path.startswith("content/") and issue.fix


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_arbitrary_bytes(data):
    _check(data)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(PAGE)), st.integers(0, 40), st.binary(max_size=30))
def test_mutated_valid_page(at, cut, insert):
    _check(PAGE[:at] + insert + PAGE[at + cut :])
