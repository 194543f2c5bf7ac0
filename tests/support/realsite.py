"""The real repository built for tests: where it is served and how it was built.

The site is built with ``SITE_URL`` set to the address the test server will listen on, so absolute URLs in the
output (canonical links, hreflang alternates, feeds) are same-origin, as in production.
"""
from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

from tests.support.sitebuild import REPO, build_env

_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


#: The deployment settings (mkdocs.yml reads them with !ENV, none has a default).
DEPLOY_VARIABLES = ("SITE_URL", "KC_EDIT_URI", "KC_ISSUES_URL")


def build_real_site(site_dir: Path, site_url: str | None, *, root: Path = REPO, env_overrides: dict | None = None,
                    timeout: int = 1200) -> subprocess.CompletedProcess:
    """``mkdocs build --strict --clean`` of the project at ``root`` (the repository itself by default).
    ``site_url=None``: an undeployed build, with none of :data:`DEPLOY_VARIABLES` set."""
    env = build_env()
    if site_url is None:
        for name in DEPLOY_VARIABLES:
            env.pop(name, None)
    else:
        env["SITE_URL"] = site_url
    env.update(env_overrides or {})
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site_dir)],
        cwd=root, env=env, capture_output=True, text=True, timeout=timeout,
    )


def site_url_of(site_dir: Path) -> str | None:
    """The ``site_url`` a built site was made for, read from the home page's canonical link."""
    index = site_dir / "index.html"
    if not index.is_file():
        return None
    m = _CANONICAL.search(index.read_text(encoding="utf-8"))
    return m.group(1) if m else None
