"""Fixtures shared by every test folder.

``built_site``: the real repository built ONCE per test session with ``mkdocs build --strict`` into a temporary
directory, so ``tests/build/`` and ``tests/browser/`` check the same output. Set ``KC_SITE_DIR`` to an already
built site (for example ``site/`` after ``make build``) to skip the build while iterating on tests.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.sitebuild import REPO, build_env


def build_real_site(site_dir: Path, *, timeout: int = 1200) -> subprocess.CompletedProcess:
    """``mkdocs build --strict --clean`` of the repository itself (content/, hooks/, overrides/, data/)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site_dir)],
        cwd=REPO,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    reuse = os.environ.get("KC_SITE_DIR")
    if reuse:
        site = Path(reuse).resolve()
        if not (site / "index.html").is_file():
            pytest.fail(f"KC_SITE_DIR={reuse} has no index.html: build the site first (make build) or unset it")
        return site
    site = tmp_path_factory.mktemp("real-site") / "site"
    started = time.monotonic()
    result = build_real_site(site)
    if result.returncode != 0:
        pytest.fail(
            "the real site does not build with `mkdocs build --strict`:\n" + result.stdout[-4000:] + result.stderr[-8000:],
            pytrace=False,
        )
    print(f"\n[built_site] {site} in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return site
