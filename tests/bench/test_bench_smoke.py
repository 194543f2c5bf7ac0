"""The benchmark harness end to end on a tiny corpus, so that ``make bench`` cannot rot. No timing is asserted:
only that every figure is produced, the portal and the baseline build the same pages, and the edit-to-preview loop
sees the edit and leaves no stale page behind."""
from __future__ import annotations

import json

import pytest

from bench import run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    work = tmp_path_factory.mktemp("bench")
    doc = work / "performance.md"
    doc.write_text("# Performance\n\nHand-written text stays.\n", encoding="utf-8")
    out = work / "results.json"
    code = run.main(["--sizes", "10", "--repeat", "1", "--serve-n", "10", "--no-browser", "--no-lighthouse",
                     "--work", str(work / "scratch"), "--results", str(out), "--doc", str(doc)])
    assert code == 0
    return json.loads(out.read_text(encoding="utf-8")), doc.read_text(encoding="utf-8")


def test_build_figures(results):
    data, _ = results
    (size,) = data["sizes"]
    assert size["n_per_lang"] == 10
    for who in ("baseline", "portal", "portal_cold", "portal_boundary_recheck"):
        assert size[who]["seconds"] > 0 and size[who]["cpu_seconds"] > 0 and size[who]["peak_mib"] > 0, who
    # the portal builds every page of the baseline (plus its generated pages)
    assert size["portal"]["pages"] >= size["baseline"]["pages"] > 20
    assert size["ratio"] > 0 and data["machine"]["nproc"] >= 1


def test_edit_to_preview(results):
    data, _ = results
    serve = data["edit_to_preview"]
    assert "error" not in serve, serve
    assert serve["body_edit_seconds"] is not None
    assert serve["title_edit_seconds"] is not None
    assert serve["front_matter_edit_seconds"] is not None
    assert any("front matter changed" in line for line in serve["front_matter_edit_build_log"]), serve
    assert serve["title_dependants"] >= 1 and serve["stale_count"] == 0, serve["stale_pages"]
    assert serve["body_edit_search"]["found"] is not False


def test_doc_tables_written_between_markers(results):
    _, doc = results
    assert "Hand-written text stays." in doc
    assert "<!-- bench:begin" in doc and "<!-- bench:end -->" in doc
    assert "| 10 |" in doc


def test_plain_markdown_keeps_only_title():
    text = "---\ntype: instrument\ntitle: 'Één: test'\nthemes: [a]\n---\n\nBody **text**.\n"
    assert run._plain_markdown(text) == "---\ntitle: 'Één: test'\n---\n\nBody **text**.\n"
    assert run._plain_markdown("No front matter.\n") == "No front matter.\n"


def test_serve_command_follows_the_makefile():
    cmd = run.serve_command(12345)
    assert cmd[1:3] == ["-m", "mkdocs"] and "serve" in cmd
    assert cmd[-2:] == ["--dev-addr", "127.0.0.1:12345"] and cmd.count("--dev-addr") == 1


def test_gz_size_counts_gzip_files_as_they_are():
    import gzip

    packed = gzip.compress(b"x" * 1000)
    assert run.gz_size(packed) == len(packed)
    assert 0 < run.gz_size(b"x" * 1000) < 1000
