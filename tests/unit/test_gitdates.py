"""Last-updated dates from ONE git log call; shallow clones and missing git fall back to last_reviewed."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kenniscentrum import gitdates

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd: Path, *args: str, date: str | None = None) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="T",
               GIT_COMMITTER_EMAIL="t@example.invalid", GIT_CONFIG_NOSYSTEM="1", HOME=str(cwd))
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T12:00:00+00:00"
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def commit(repo: Path, files: dict[str, str], date: str) -> None:
    for rel, text in files.items():
        path = repo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"change {date}", date=date)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit(repo, {"content/nl/a.md": "a1", "content/nl/b.md": "b1", "content/en/a.md": "a1", "other.txt": "x"},
           "2025-01-10")
    commit(repo, {"content/nl/a.md": "a2"}, "2025-03-05")
    commit(repo, {"content/en/a.md": "a2", "other.txt": "y"}, "2025-04-01")
    return repo


def test_dates_from_one_log(repo: Path, monkeypatch):
    calls = []
    real = gitdates._git
    monkeypatch.setattr(gitdates, "_git", lambda root, *args: calls.append(args[0]) or real(root, *args))
    gitdates._cache.clear()
    result = gitdates.load(repo)
    assert result.source == "git" and result.note == ""
    assert result.dates == {"content/nl/a.md": dt.date(2025, 3, 5), "content/nl/b.md": dt.date(2025, 1, 10),
                            "content/en/a.md": dt.date(2025, 4, 1)}
    assert calls.count("log") == 1  # one git log for every file, not one per file
    gitdates.load(repo)
    assert calls.count("log") == 1  # cached for the same commit


def test_cache_follows_new_commits(repo: Path):
    gitdates._cache.clear()
    assert gitdates.load(repo).get("content/nl/b.md") == dt.date(2025, 1, 10)
    commit(repo, {"content/nl/b.md": "b2"}, "2025-06-01")
    assert gitdates.load(repo).get("content/nl/b.md") == dt.date(2025, 6, 1)


def test_no_git_history_falls_back_to_last_reviewed(tmp_path: Path):
    result = gitdates.load(tmp_path)  # not a repository
    assert result.dates == {} and result.source == "none" and result.note
    meta = {"last_reviewed": dt.date(2026, 11, 1)}
    assert gitdates.updated_on("content/nl/a.md", result, meta) == (dt.date(2026, 11, 1), False)
    assert gitdates.updated_on("content/nl/a.md", None, {}) == (None, False)


def test_git_missing_entirely(repo: Path, monkeypatch):
    monkeypatch.setenv("PATH", str(repo))  # no git executable on PATH
    gitdates._cache.clear()
    assert gitdates.load(repo).dates == {}


def test_shallow_clone_keeps_real_dates_and_drops_boundary_dates(repo: Path, tmp_path: Path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{repo}", str(clone))
    gitdates._cache.clear()
    result = gitdates.load(clone)
    assert result.source == "shallow"
    # en/a.md changed in a fetched commit after the boundary: its real date
    assert result.get("content/en/a.md") == dt.date(2025, 4, 1)
    # the boundary commit (the oldest fetched) looks as if it added every file, so its files get no date (the page
    # falls back to last_reviewed): nl/a.md (really changed there) and b.md (changed before the fetched history)
    assert result.get("content/nl/a.md") is None and result.get("content/nl/b.md") is None
    assert "2 file(s)" in result.note


def test_parse_log_handles_merges_and_blank_records():
    text = ("\x1eaaa 2025-05-01\n\ncontent/nl/x.md\n\x1ebbb 2025-04-01\n\x1eccc 2025-03-01\n\ncontent/nl/x.md\n"
            "content/nl/y.md\n")
    dates, unknown = gitdates.parse_log(text, shallow={"ccc"})
    assert dates == {"content/nl/x.md": dt.date(2025, 5, 1)} and unknown == 1
