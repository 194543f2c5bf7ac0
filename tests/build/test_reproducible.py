"""Two clean builds of the real repository are byte-identical: every file, including the sitemap, feeds, search
index, downloads and ``_headers``.

The session's ``built_site`` is the first build; this test makes a second one into another directory, with another
``PYTHONHASHSEED`` so that output depending on set or dict ordering shows up here rather than in production, and
with an empty download cache (``KC_DOWNLOAD_CACHE``): the first build took its downloads from the repository's warm
``.cache/downloads``, the second renders every one cold, so a cache key that misses something that shapes the bytes
(issue #14: the HarfBuzz subsetter) shows up as a difference. Dates come from ``SOURCE_DATE_EPOCH`` (the Makefile
sets it from the last commit).
"""
from __future__ import annotations

import filecmp
import os
from pathlib import Path

import pytest

from tests.support.realsite import build_real_site, site_url_of

pytestmark = pytest.mark.slow


def tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def differences(first: Path, second: Path) -> list[str]:
    a, b = tree(first), tree(second)
    found = [f"only in the first build: {x}" for x in sorted(a - b)]
    found += [f"only in the second build: {x}" for x in sorted(b - a)]
    found += [f"differs: {x}" for x in sorted(a & b) if not filecmp.cmp(first / x, second / x, shallow=False)]
    return found


def test_differences_are_found(tmp_path):
    (tmp_path / "a" / "x").mkdir(parents=True)
    (tmp_path / "b" / "x").mkdir(parents=True)
    (tmp_path / "a" / "x" / "same.txt").write_text("1")
    (tmp_path / "b" / "x" / "same.txt").write_text("1")
    (tmp_path / "a" / "x" / "page.html").write_text("2026-01-01")
    (tmp_path / "b" / "x" / "page.html").write_text("2026-01-02")
    (tmp_path / "a" / "gone.txt").write_text("")
    assert differences(tmp_path / "a", tmp_path / "b") == ["only in the first build: gone.txt", "differs: x/page.html"]


def test_two_clean_builds_are_byte_identical(built_site, tmp_path):
    if os.environ.get("KC_SITE_DIR"):
        pytest.skip("KC_SITE_DIR is set: that site may not have been built from the current working tree")
    site_url = site_url_of(built_site)
    second = tmp_path / "second-site"
    # built_site used PYTHONHASHSEED=0 (tests/support/sitebuild.build_env).
    cold_cache = tmp_path / "cold-download-cache"
    result = build_real_site(second, site_url, env_overrides={"PYTHONHASHSEED": "1",
                                                              "KC_DOWNLOAD_CACHE": str(cold_cache)})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert any(cold_cache.rglob("*.pdf")), "the second build did not render its downloads cold"
    found = differences(built_site, second)
    assert not found, f"{len(found)} difference(s) between two builds:\n" + "\n".join(found[:50])
