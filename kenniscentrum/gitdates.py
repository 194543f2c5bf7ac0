"""The "last updated" date of every content file, from git history, in one ``git log`` call.

Running ``git log -1 -- <file>`` per page costs a process per page (minutes at 2 000 pages). Instead one
``git log --name-only`` over ``content/`` lists every commit (newest first) with the files it touched; the first
commit a file appears in is its last update. The result is cached per commit (the two language builds of one
``mkdocs build`` share it).

Never fails: without git, outside a repository, or when git errors, there are simply no dates and pages fall back to
``last_reviewed`` (:func:`updated_on`). In a shallow clone the oldest fetched commit looks as if it added every file
it contains, so a file whose newest commit is such a boundary commit gets no git date either (fallback again); files
changed in the fetched history keep their real date. Deploy with full history (``fetch-depth: 0``) for exact dates.
"""
from __future__ import annotations

import datetime as _dt
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

GIT_TIMEOUT = 120  # seconds; a huge history on a slow disk still finishes, a hung git does not stop the build
_RS = "\x1e"  # record separator in the log format: cannot occur in a date or a hash


@dataclass
class GitDates:
    dates: dict[str, _dt.date] = field(default_factory=dict)  # POSIX path relative to the project root -> date
    source: str = "none"  # "git", "shallow" (some dates unknown) or "none" (no usable git)
    note: str = ""  # why there are no (or fewer) dates, for the build log

    def get(self, rel_path: str) -> _dt.date | None:
        return self.dates.get(rel_path)


def _git(root: Path, *args: str) -> str | None:
    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    try:
        result = subprocess.run(["git", "-c", "core.quotepath=off", "-C", str(root), *args], capture_output=True,
                                text=True, encoding="utf-8", errors="replace", timeout=GIT_TIMEOUT, env=env,
                                check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def parse_log(text: str, shallow: set[str] = frozenset()) -> tuple[dict[str, _dt.date], int]:
    """Parse ``git log --format=<RS>%H %cs --name-only`` output (newest commit first).

    Returns (path -> date of the newest commit touching it, number of paths whose newest commit is a shallow
    boundary and therefore has no trustworthy date).
    """
    dates: dict[str, _dt.date] = {}
    unknown: set[str] = set()
    for record in text.split(_RS):
        if not record.strip():
            continue
        header, _, names = record.partition("\n")
        try:
            commit, day = header.split()
            when = _dt.date.fromisoformat(day)
        except ValueError:
            continue
        for name in names.splitlines():
            name = name.strip()
            if not name or name in dates or name in unknown:
                continue
            if commit in shallow:
                unknown.add(name)
            else:
                dates[name] = when
    return dates, len(unknown)


_cache: dict[tuple, GitDates] = {}


def load(root: Path, paths: tuple[str, ...] = ("content",)) -> GitDates:
    """Dates for every file under ``paths`` (relative to ``root``), keyed by POSIX path relative to ``root``."""
    root = Path(root).resolve()
    info = _git(root, "rev-parse", "--is-shallow-repository", "--git-path", "shallow", "HEAD")
    if info is None:
        return GitDates(note="no git history here (not a repository, no commits, or git is not installed)")
    lines = info.split("\n")
    if len(lines) < 3:
        return GitDates(note="git gave an unexpected answer to rev-parse")
    is_shallow, shallow_file, head = lines[0].strip() == "true", lines[1].strip(), lines[2].strip()
    key = (root, tuple(paths), head, is_shallow)
    if key in _cache:
        return _cache[key]
    boundary: set[str] = set()
    if is_shallow:
        shallow_path = Path(shallow_file) if os.path.isabs(shallow_file) else root / shallow_file
        try:
            boundary = set(shallow_path.read_text(encoding="ascii").split())
        except OSError:
            boundary = set()
    text = _git(root, "log", f"--format={_RS}%H %cs", "--name-only", "--no-renames", "--relative", "--", *paths)
    if text is None:
        result = GitDates(note="git log failed")
    else:
        dates, unknown = parse_log(text, boundary)
        note = ""
        if is_shallow:
            note = (f"shallow clone: {unknown} file(s) have no date in the fetched history and use last_reviewed "
                    "(fetch with full history for exact dates)") if unknown else "shallow clone"
        result = GitDates(dates=dates, source="shallow" if is_shallow else "git", note=note)
    _cache[key] = result
    return result


def updated_on(rel_path: str, dates: GitDates | None, meta: dict) -> tuple[_dt.date | None, bool]:
    """(the date to show as "last updated", whether it came from git). Falls back to ``last_reviewed``."""
    day = dates.get(rel_path) if dates is not None else None
    if day is not None:
        return day, True
    fallback = meta.get("last_reviewed")
    return (fallback if isinstance(fallback, _dt.date) else None), False
