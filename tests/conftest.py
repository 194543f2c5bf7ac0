"""Fixtures shared by every test folder.

``built_site``: the real repository built ONCE per test session with ``mkdocs build --strict`` into a temporary
directory, so ``tests/build/`` and ``tests/browser/`` check the same output. It is built for
``http://127.0.0.1:<free port>/``, the address ``server_url`` (tests/browser/conftest.py) then serves it on.
Set ``KC_SITE_DIR`` to an already built site (for example ``site/`` after ``make build``) to skip the build while
iterating on tests.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from tests.support.realsite import build_real_site, free_port


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
    result = build_real_site(site, f"http://127.0.0.1:{free_port()}/")
    if result.returncode != 0:
        pytest.fail(
            "the real site does not build with `mkdocs build --strict`:\n" + result.stdout[-4000:] + result.stderr[-8000:],
            pytrace=False,
        )
    print(f"\n[built_site] {site} in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return site
