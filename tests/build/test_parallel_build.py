"""The languages build in parallel (kenniscentrum/parallel.py, hooks/parallel.py): the output is byte-for-byte the
output of the one-after-the-other build (``KC_PARALLEL=0``), for the real site (two languages: one child process)
and for the three-language fixture (two children at once)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kenniscentrum.parallel import SCRATCH_PREFIX
from kenniscentrum.search import SCRATCH_PREFIX as SEARCH_SCRATCH_PREFIX
from tests.support.realsite import build_real_site, site_url_of
from tests.support.sitebuild import REPO, make_trilingual_project, mkdocs_build

pytestmark = pytest.mark.slow

TRILINGUAL = REPO / "tests" / "fixtures" / "trilingual" / "content"


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_tree(parallel_site: Path, sequential_site: Path) -> None:
    first, second = tree(parallel_site), tree(sequential_site)
    assert sorted(set(first) ^ set(second)) == [], "files only one of the builds wrote"
    differ = [name for name in first if first[name] != second[name]]
    assert differ == [], f"{len(differ)} file(s) differ between the parallel and the sequential build: {differ[:10]}"


def test_the_real_site_built_in_parallel_is_the_sequential_build(built_site, tmp_path):
    sequential = tmp_path / "site"
    result = build_real_site(sequential, site_url_of(built_site), env_overrides={"KC_PARALLEL": "0"})
    assert result.returncode == 0, result.stderr[-4000:]
    assert "in parallel" not in result.stderr
    assert_same_tree(built_site, sequential)


def test_three_languages_build_at_once_and_match_the_sequential_build(tmp_path):
    root = make_trilingual_project(tmp_path, TRILINGUAL)
    env = {"SITE_URL": "https://kc.example/"}
    parallel_run = mkdocs_build(root, tmp_path / "parallel", timeout=300, env_overrides=env)
    assert parallel_run.returncode == 0, parallel_run.stderr[-4000:]
    assert "building 'en', 'fr' in parallel with 'nl'" in parallel_run.stderr
    sequential_run = mkdocs_build(root, tmp_path / "sequential", timeout=300, env_overrides={**env, "KC_PARALLEL": "0"})
    assert sequential_run.returncode == 0, sequential_run.stderr[-4000:]
    assert_same_tree(tmp_path / "parallel", tmp_path / "sequential")
    # Pagefind read every indexed page from its searchable part, in each language (not whole pages: same index, the
    # comparison with a whole-page index is tests/build/test_discovery_build.py test_search_index_is_reproducible)
    for run in (parallel_run, sequential_run):
        counts = re.findall(r"search index: (\d+) pages in (\w+) \([\d.]+ s; (\d+) searchable parts read\)", run.stderr)
        assert sorted(lang for _, lang, _ in counts) == ["en", "fr", "nl"], run.stderr[-3000:]
        assert all(int(pages) == int(parts) > 0 for pages, _, parts in counts), counts
    for prefix in (SCRATCH_PREFIX, SEARCH_SCRATCH_PREFIX):  # the language builds', and what Pagefind read
        assert not list(tmp_path.glob(f"{prefix}*")), "a scratch folder was left next to the site"


WARN_IN_FRENCH = '''\
import logging

def on_post_build(config, **kwargs):
    if config.theme["language"] == "fr":
        logging.getLogger("mkdocs.hooks.test").warning("a warning only the French build gives")
'''


def test_a_warning_in_a_language_process_fails_the_strict_build(tmp_path):
    """Strict mode counts a warning in a child's build: the child fails, and with it the build, naming the language."""
    root = make_trilingual_project(tmp_path, TRILINGUAL)
    (root / "hooks" / "warn_in_french.py").write_text(WARN_IN_FRENCH, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "hooks:\n  - hooks/portal.py\n", "hooks:\n  - hooks/portal.py\n  - hooks/warn_in_french.py\n"), encoding="utf-8")
    result = mkdocs_build(root, tmp_path / "site", timeout=300)
    assert result.returncode != 0
    assert "building 'en', 'fr' in parallel" in result.stderr
    assert "a warning only the French build gives" in result.stderr
    assert "the 'fr' build failed" in result.stderr
    assert not list(tmp_path.glob(f"{SCRATCH_PREFIX}*")), "a scratch folder was left next to the site"
