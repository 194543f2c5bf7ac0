"""Build a site from a content tree in a scratch project: the repo's own config, hooks, templates and data, with
content of the test's choosing. Used by the foundation tests and the build tests."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROJECT_PARTS = ("mkdocs.yml", "hooks", "overrides", "data")


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def make_project(tmp: Path, content: Path) -> Path:
    """A copy of the project with ``content`` as its content tree; returns the project root."""
    root = tmp / "project"
    root.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, root / part)
    shutil.copytree(content, root / "content", ignore=shutil.ignore_patterns("_generated"))
    return root


def mkdocs_build(root: Path, site_dir: Path, *, timeout: int = 900,
                 env_overrides: dict | None = None) -> subprocess.CompletedProcess:
    env = build_env()
    env.update(env_overrides or {})
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site_dir)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def html_pages(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))
