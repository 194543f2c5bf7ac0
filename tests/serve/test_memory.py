"""`make serve` memory stays flat: 100 in-process `serve --dirty` rebuilds of a small project (issue 14: resident
memory grew ~7.6 MB per rebuild, 179 → 575 MB over 59 rebuilds, where plain MkDocs grows ~0.3 MB; the previous
build's heap was frozen again with the new one, kenniscentrum/speedups.py)."""
from __future__ import annotations

import gc
import sys
import time

import pytest

from bench.corpus import make_project
from kenniscentrum import preview

SERVE_URL = "http://127.0.0.1:8000/"
WARM_UP = 5
REBUILDS = 100
# Average growth allowed per rebuild after warm-up. Before the fix this project grew ~2-4 MB per rebuild; plain MkDocs
# grows ~0.3 MB per rebuild of a larger site. Generous for allocator noise, far below the leak.
LIMIT_MB_PER_REBUILD = 0.5


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    pytest.skip("no /proc/self/status")


@pytest.mark.slow
@pytest.mark.parametrize("idle", [False, True], ids=["saves-back-to-back", "server-idle-between-saves"])
def test_memory_stays_flat_over_100_rebuilds(tmp_path, monkeypatch, idle):
    """Back to back, each rebuild collects the last one's garbage when it starts; with the server idle between saves,
    the collection runs in the idle time (speedups.IdleCollector) and the rebuild skips it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("KC_SEARCH_INDEX", "0")
    monkeypatch.setenv("KC_MKDOCS_COMMAND", "serve")  # hooks/offline.py's on_startup sets it; undone after the test
    monkeypatch.setattr(sys, "argv", [*sys.argv, "--dirty"])  # mkdocs-static-i18n reads --dirty from argv
    session = preview.Session()
    session.collector.delay = 0.01
    monkeypatch.setattr(preview, "session", session)
    root = make_project(tmp_path / "project", 3)
    monkeypatch.chdir(root)
    site = tmp_path / "site"
    page = root / "content" / "nl" / "instrumenten" / "bench-0001.md"
    original = page.read_text(encoding="utf-8")

    def rebuild(i: int) -> None:
        # a body edit, what an editor does most: an incremental rebuild, as `make serve` runs it
        page.write_text(original + f"\nAlinea {i}.\n", encoding="utf-8")
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
        config.site_url = SERVE_URL
        if i == 0:
            config.plugins.on_startup(command="serve", dirty=True)
            session.background_search = False
        build(config, serve_url=SERVE_URL, dirty=True)
        if idle:  # the editor reads the preview before saving again: the idle collection runs
            deadline = time.monotonic() + 10
            while not session.collector.collected and time.monotonic() < deadline:
                time.sleep(0.01)
            assert session.collector.collected, "the idle collection did not run"

    try:
        for i in range(WARM_UP):
            rebuild(i)
        gc.collect()
        before = _rss_mb()
        for i in range(WARM_UP, WARM_UP + REBUILDS):
            rebuild(i)
        gc.collect()
        after = _rss_mb()
    finally:
        from mkdocs.commands import serve

        serve.build = getattr(serve.build, "__wrapped__", serve.build)
    growth = (after - before) / REBUILDS
    print(f"RSS {before:.1f} → {after:.1f} MB over {REBUILDS} rebuilds: {growth:.3f} MB per rebuild")
    assert growth < LIMIT_MB_PER_REBUILD, f"{growth:.2f} MB per rebuild ({before:.0f} → {after:.0f} MB)"
