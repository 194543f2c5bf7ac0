"""kenniscentrum.parallel: when the languages build in child processes, how a child's output is moved into the site
directory, and what a failing child does to the build (the byte-for-byte comparison of a parallel build with a
one-after-the-other build is tests/build/test_parallel_build.py)."""
from __future__ import annotations

import os

import pytest

from kenniscentrum import parallel


def test_parallel_only_for_a_clean_multilingual_build_on_two_cores():
    assert parallel.wanted(command="build", dirty=False, languages=2, environ={}, cpus=2)
    assert not parallel.wanted(command="build", dirty=False, languages=2, environ={"KC_PARALLEL": "0"}, cpus=2)
    assert not parallel.wanted(command="serve", dirty=False, languages=2, environ={}, cpus=2)
    assert not parallel.wanted(command="build", dirty=True, languages=2, environ={}, cpus=2)
    assert not parallel.wanted(command="build", dirty=False, languages=1, environ={}, cpus=2)
    assert not parallel.wanted(command="build", dirty=False, languages=2, environ={}, cpus=1)
    assert not parallel.wanted(command=None, dirty=False, languages=2, environ={}, cpus=2)  # build() called directly


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_merge_moves_a_new_folder_and_replaces_shared_files(tmp_path):
    site, scratch = tmp_path / "site", tmp_path / "scratch"
    _write(site / "index.html", "nl")
    _write(site / "assets" / "main.css", "old")
    _write(site / "assets" / "only-nl.css", "nl")
    _write(scratch / "en" / "index.html", "en")
    _write(scratch / "en" / "deep" / "page" / "index.html", "en deep")
    _write(scratch / "assets" / "main.css", "new")
    parallel.merge_tree(scratch, site)
    assert (site / "index.html").read_text() == "nl"
    assert (site / "en" / "deep" / "page" / "index.html").read_text() == "en deep"
    assert (site / "assets" / "main.css").read_text() == "new"  # the later language wins, as one after the other
    assert (site / "assets" / "only-nl.css").read_text() == "nl"


def test_merge_replaces_a_file_by_a_folder_and_back(tmp_path):
    site, scratch = tmp_path / "site", tmp_path / "scratch"
    _write(site / "a", "file")
    _write(site / "b" / "x", "folder")
    _write(scratch / "a" / "y", "now a folder")
    _write(scratch / "b", "now a file")
    parallel.merge_tree(scratch, site)
    assert (site / "a" / "y").read_text() == "now a folder" and (site / "b").read_text() == "now a file"


def test_children_build_into_scratch_folders_that_are_moved_into_place(tmp_path):
    site = tmp_path / "site"
    builds = parallel.LanguageBuilds()

    def build_one(lang, scratch):
        _write(scratch / lang / "index.html", f"{lang} from process {os.getpid()}")

    builds.start(["en", "fr"], site, build_one)
    assert "en" in builds and "fr" in builds
    for lang in ("en", "fr"):
        builds.finish(lang, site)
    texts = {lang: (site / lang / "index.html").read_text() for lang in ("en", "fr")}
    assert all(f"process {os.getpid()}" not in text for text in texts.values()), "built in this process"
    assert not list(tmp_path.glob(parallel.SCRATCH_PREFIX + "*")), "a scratch folder was left behind"


def test_a_failing_child_fails_the_build_and_leaves_nothing(tmp_path):
    site = tmp_path / "site"
    builds = parallel.LanguageBuilds()

    def build_one(lang, scratch):
        _write(scratch / lang / "index.html", "half")
        raise RuntimeError("template exploded")

    builds.start(["en"], site, build_one)
    with pytest.raises(parallel.LanguageBuildError, match="'en' build failed"):
        builds.finish("en", site)
    assert not (site / "en").exists()
    assert not list(tmp_path.glob(parallel.SCRATCH_PREFIX + "*"))


def test_closing_stops_children_and_removes_their_scratch(tmp_path):
    site = tmp_path / "site"
    builds = parallel.LanguageBuilds()

    def build_one(lang, scratch):
        import time
        time.sleep(60)

    builds.start(["en"], site, build_one)
    parallel.close_all()
    assert "en" not in builds
    assert not list(tmp_path.glob(parallel.SCRATCH_PREFIX + "*"))


def test_the_previous_output_is_cleared_at_once_and_deleted_in_the_background(tmp_path):
    site = tmp_path / "site"
    _write(site / "index.html", "old")
    _write(site / "en" / "index.html", "old")
    _write(site / ".git" / "HEAD", "kept, as MkDocs' clean keeps hidden entries")
    thread = parallel.clear_in_background(site)
    assert sorted(p.name for p in site.iterdir()) == [".git"]
    thread.join()
    assert not list(tmp_path.glob(parallel.SCRATCH_PREFIX + "*"))
    assert parallel.clear_in_background(tmp_path / "missing") is None


def test_fork_map_gives_each_share_its_result_in_order_computed_elsewhere(monkeypatch):
    results = parallel.fork_map(lambda share: (os.getpid(), [n * n for n in share]), list(range(10)), workers=3)
    assert [squares for _pid, squares in results] == [[0, 9, 36, 81], [1, 16, 49], [4, 25, 64]]
    pids = [pid for pid, _squares in results]
    assert pids[0] == os.getpid() and len(set(pids)) == 3  # the first share here, the others in two workers


def test_fork_map_computes_a_failed_share_here_or_leaves_it(monkeypatch):
    parent = os.getpid()

    def only_here(share):
        if os.getpid() != parent:
            raise RuntimeError("a worker that cannot answer")
        return sum(share)

    assert parallel.fork_map(only_here, [1, 2, 3, 4], workers=2) == [4, 6]
    assert parallel.fork_map(only_here, [1, 2, 3, 4], workers=2, fallback=False) == [4, None]

    def refused():
        raise OSError("fork refused")

    monkeypatch.setattr(parallel.os, "fork", refused)
    assert parallel.fork_map(sum, [1, 2, 3, 4], workers=2) == [4, 6]


def test_workers_only_when_it_pays_and_forking_is_safe(monkeypatch):
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3, 4, 5}, raising=False)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    assert parallel.workers_for(99, min_per_worker=50, environ={}) == 1
    assert parallel.workers_for(100, min_per_worker=50, environ={}) == 2
    assert parallel.workers_for(10_000, min_per_worker=50, environ={}) == parallel.MAX_WORKERS
    assert parallel.workers_for(10_000, min_per_worker=50, environ={parallel.WORKERS_ENV: "3"}) == 3
    assert parallel.workers_for(10_000, min_per_worker=50, environ={parallel.WORKERS_ENV: "1"}) == 1
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)  # mkdocs serve's threads
    assert parallel.workers_for(10_000, min_per_worker=50, environ={}) == 1
