"""The content-hash cache: unchanged downloads are not regenerated; any change to what shapes a file regenerates
exactly the files it affects (kenniscentrum.downloads.cache / produce)."""
from __future__ import annotations

import copy
import shutil
import time
from pathlib import Path

import pytest
import yaml

from kenniscentrum.downloads import produce as produce_module
from kenniscentrum.downloads.cache import DownloadCache, cache_key
from kenniscentrum.downloads.produce import Settings, produce_downloads
from tests.support.downloads import load_pages

ROOT = Path(__file__).resolve().parents[2]
STRINGS = yaml.safe_load((ROOT / "data" / "ui" / "downloads.yml").read_text(encoding="utf-8"))


def run(cache_dir, pages=None, template_dir=None, epoch="1767225600", strings=None):
    settings = Settings(cache_dir=cache_dir, template_dir=template_dir or ROOT / "overrides" / "kc" / "print",
                        environ={"SOURCE_DATE_EPOCH": epoch})
    files = produce_downloads(pages or load_pages(), "nl", strings or STRINGS["nl"], settings)
    return {f.spec.filename: f for f in files}


@pytest.fixture
def fake_render(monkeypatch):
    """The cache logic does not need real PDFs: a renderer that only records what it was asked for."""
    calls = []

    def render(spec, sources, ctx, settings):
        calls.append(spec.filename)
        return f"{spec.filename} {ctx.iso_date}".encode()

    monkeypatch.setattr(produce_module, "_render", render)
    return calls


def regenerated(files) -> set[str]:
    return {name for name, f in files.items() if f.generated}


def test_second_run_is_a_cache_hit_and_leaves_files_alone(tmp_path):
    first = run(tmp_path)
    assert regenerated(first) == set(first)
    stamps = {name: f.path.stat().st_mtime_ns for name, f in first.items()}
    second = run(tmp_path)
    assert regenerated(second) == set()
    assert {name: f.path.stat().st_mtime_ns for name, f in second.items()} == stamps
    assert {name: f.size for name, f in second.items()} == {name: f.size for name, f in first.items()}


def test_editing_one_item_regenerates_only_that_instrument(tmp_path, fake_render):
    run(tmp_path)
    pages = load_pages()
    checklist = next(p for p in pages if p.lang == "nl" and p.rel_path.endswith("checklist-interne-communicatie.md"))
    checklist.meta = copy.deepcopy(checklist.meta)
    checklist.meta["checklist"]["sections"][0]["items"][0]["text"] = "Een andere tekst."
    again = run(tmp_path, pages)
    assert regenerated(again) == {f"checklist-interne-communicatie.{fmt}" for fmt in ("pdf", "docx", "odt", "xlsx")}


def test_editing_a_chapter_regenerates_the_manual_only(tmp_path, fake_render):
    run(tmp_path)
    pages = load_pages()
    chapter = next(p for p in pages if p.lang == "nl" and p.rel_path == "handleiding/02-starten.md")
    chapter.body += "\nEen extra alinea.\n"
    assert regenerated(run(tmp_path, pages)) == {"handleiding.pdf"}


def test_changing_a_print_template_regenerates_the_pdfs_only(tmp_path, fake_render):
    templates = tmp_path / "print"
    shutil.copytree(ROOT / "overrides" / "kc" / "print", templates)
    run(tmp_path / "cache", template_dir=templates)
    css = templates / "print.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    again = run(tmp_path / "cache", template_dir=templates)
    assert regenerated(again) == {"checklist-interne-communicatie.pdf", "handleiding.pdf"}


def test_changing_the_source_date_or_a_string_regenerates_everything(tmp_path, fake_render):
    first = run(tmp_path)
    assert regenerated(run(tmp_path, epoch="1798761600")) == set(first)
    strings = {**STRINGS["nl"], "col_notes": "Opmerkingen"}
    assert regenerated(run(tmp_path, epoch="1798761600", strings=strings)) == set(first)


def published(cache_dir: Path) -> set[str]:
    return {p.name for p in (cache_dir / "nl").glob("*/*")}


def test_files_no_longer_planned_are_removed(tmp_path, fake_render):
    run(tmp_path)
    pages = [p for p in load_pages() if "werkinstrument" not in p.rel_path]
    files = run(tmp_path, pages)
    assert published(tmp_path) == set(files)
    assert not any("werkinstrument" in name for name in published(tmp_path))


def test_switching_between_two_builds_hits_the_cache_both_ways(tmp_path, fake_render):
    """`mkdocs serve` and `make build` differ (site URL, date): neither may throw away the other's files."""
    first = run(tmp_path, epoch="1767225600")
    assert regenerated(run(tmp_path, epoch="1798761600")) == set(first)
    assert regenerated(run(tmp_path, epoch="1767225600")) == set()
    assert regenerated(run(tmp_path, epoch="1798761600")) == set()


def test_only_the_most_recent_versions_are_kept(tmp_path, fake_render):
    for epoch in ("1767225600", "1767312000", "1767398400", "1767484800"):
        run(tmp_path, epoch=epoch)
        time.sleep(0.02)  # "most recently used" is the folder's mtime; keep the runs apart on coarse clocks
    folders = [p for p in (tmp_path / "nl").iterdir() if (p / "handleiding.pdf").is_file()]
    assert len(folders) == 3
    assert regenerated(run(tmp_path, epoch="1767225600")) != set()  # the oldest version was dropped


def test_a_missing_or_half_written_file_means_regeneration(tmp_path, fake_render):
    first = run(tmp_path)
    first["handleiding.pdf"].path.unlink()
    (first["handleiding.pdf"].path.parent / ".handleiding.pdf.tmp123").write_bytes(b"%PDF half")
    assert regenerated(run(tmp_path)) == {"handleiding.pdf"}


def test_cache_key_depends_on_every_part():
    base = cache_key({"a": 1}, ["x"], None)
    assert base == cache_key({"a": 1}, ["x"], None)
    assert base != cache_key({"a": 2}, ["x"], None)
    assert base != cache_key({"a": 1}, ["y"], None)
    assert base != cache_key({"a": 1}, ["x"], "templates")


def test_cache_put_and_get(tmp_path):
    cache = DownloadCache(tmp_path, "en")
    assert cache.get("a.pdf", "k1") is None
    path = cache.put("a.pdf", "k1", b"%PDF")
    assert path.parent.parent == tmp_path / "en" and path.name == "a.pdf" and path.read_bytes() == b"%PDF"
    assert DownloadCache(tmp_path, "en").get("a.pdf", "k1") == path  # found again by a new instance
    assert DownloadCache(tmp_path, "en").get("a.pdf", "k2") is None


# --- what the machine contributes (issue #14: PDF bytes changed with libharfbuzz-subset0, the key did not) --------

def test_the_pdf_key_records_the_machine_libraries_and_fonts(tmp_path, fake_render, monkeypatch):
    """A PDF made on another machine (other HarfBuzz, no subsetter, other font files) is not served from the cache;
    DOCX, ODT and XLSX do not embed fonts and stay."""
    from kenniscentrum.downloads.environment import pdf_environment

    real = pdf_environment(str(ROOT / "overrides" / "kc" / "print" / "print.css"))
    run(tmp_path)
    for change in ({"libraries": {**real["libraries"], "harfbuzz-subset": "absent"}},
                   {"libraries": {**real["libraries"], "harfbuzz": "99.0.0"}},
                   {"fonts": {**real["fonts"], "used": real["fonts"].get("used", []) + [
                       {"path": "/usr/share/fonts/x.ttf", "size": 1, "sha256": "0"}]}}):
        monkeypatch.setattr(produce_module, "pdf_environment", lambda css, change=change: {**real, **change})
        files = run(tmp_path)
        assert regenerated(files) == {name for name in files if name.endswith(".pdf")}, change
        monkeypatch.setattr(produce_module, "pdf_environment", lambda css: real)
        assert regenerated(run(tmp_path)) == set()  # back on the first machine: hits again


def test_the_environment_names_every_library_and_font_that_shapes_a_pdf():
    from kenniscentrum.downloads.environment import PACKAGES, families_in, package_versions, pdf_environment

    assert {"weasyprint", "pydyf", "fonttools", "python-docx", "odfpy", "openpyxl", "lxml"} <= set(PACKAGES)
    assert all(version != "absent" for name, version in package_versions().items()
               if name in ("weasyprint", "pydyf", "fonttools", "python-docx", "odfpy", "openpyxl"))
    assert families_in('body { font-family: "DejaVu Sans", Arial, sans-serif; } pre { font-family: monospace }') \
        == ["DejaVu Sans", "Arial", "sans-serif", "monospace"]
    found = pdf_environment(str(ROOT / "overrides" / "kc" / "print" / "print.css"))
    assert set(found["libraries"]) == {"harfbuzz", "harfbuzz-subset", "pango", "fontconfig", "freetype"}
    assert found["libraries"]["harfbuzz"] != "absent" and found["libraries"]["pango"] != "absent"
    fonts = found["fonts"]
    assert "DejaVu Sans" in fonts["matched"] and fonts["used"], fonts  # the fonts print.css resolves to
    assert all(Path(f["path"]).stat().st_size == f["size"] and len(f["sha256"]) == 64 for f in fonts["used"])


def test_cold_and_warm_give_the_same_bytes_with_or_without_the_harfbuzz_subsetter(tmp_path, monkeypatch):
    """The real renderers: a warm cache filled where libharfbuzz-subset loads, and a cold render where it does not,
    give byte-identical files, because subsetting is pinned to fontTools (and the key would tell them apart)."""
    from tests.support.downloads import file_digests, harfbuzz_subsetter
    from weasyprint.pdf import fonts

    if harfbuzz_subsetter() is None:
        pytest.skip("libharfbuzz-subset is not installed here: only the fontTools path can run")
    pages = load_pages()
    settings = lambda cache: Settings(cache_dir=cache, template_dir=ROOT / "overrides" / "kc" / "print",
                                      environ={"SOURCE_DATE_EPOCH": "1767225600"})
    cold = produce_downloads(pages, "nl", STRINGS["nl"], settings(tmp_path / "a"))
    warm = produce_downloads(pages, "nl", STRINGS["nl"], settings(tmp_path / "a"))
    assert not any(f.generated for f in warm) and file_digests(warm) == file_digests(cold)
    monkeypatch.setattr(fonts, "harfbuzz_subset", None)  # a machine without libharfbuzz-subset0
    elsewhere = produce_downloads(pages, "nl", STRINGS["nl"], settings(tmp_path / "b"))
    assert all(f.generated for f in elsewhere)
    assert file_digests(elsewhere) == file_digests(warm)


def test_publish_skips_only_copies_known_to_be_in_place(tmp_path):
    """`make serve` rebuilds into the same directory: a file copied there by an earlier build from the same cache
    file, with the same date, is not copied again; anything else is (kenniscentrum.sitecopy.copy_downloads)."""
    from datetime import datetime, timezone

    from kenniscentrum.downloads import DownloadSpec
    from kenniscentrum.downloads.produce import DownloadFile
    from kenniscentrum.sitecopy import copy_downloads as publish

    def cached(key: str, data: bytes) -> Path:
        path = tmp_path / "cache" / key / "x.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    spec = DownloadSpec(lang="nl", kind="checklist", source="a.md", format="pdf", filename="x.pdf",
                        url="downloads/x.pdf", media_type="application/pdf", title="X")
    when = datetime(2026, 1, 1, tzinfo=timezone.utc)
    site, published = tmp_path / "site", {}
    first = DownloadFile(spec=spec, path=cached("k1", b"one"), size=3, date=when, generated=False)
    target = site / "downloads" / "x.pdf"
    assert publish([first], site, published) == 1
    assert target.read_bytes() == b"one" and target.stat().st_mtime == when.timestamp()
    assert publish([first], site, published) == 0  # in place: not copied again
    assert publish([first], site) == 1  # outside `make serve` (no record): always copied

    second = DownloadFile(spec=spec, path=cached("k2", b"two"), size=3, date=when, generated=False)
    assert publish([second], site, published) == 1 and target.read_bytes() == b"two"  # another cache file
    later = DownloadFile(spec=spec, path=second.path, size=3, date=datetime(2026, 2, 1, tzinfo=timezone.utc),
                         generated=False)
    assert publish([later], site, published) == 1  # another date
    target.write_bytes(b"changed!")
    assert publish([later], site, published) == 1 and target.read_bytes() == b"two"  # the copy was touched
    target.unlink()
    assert publish([later], site, published) == 1 and target.read_bytes() == b"two"  # the copy is gone
    published.clear()  # a full rebuild empties the directory and the record
    assert publish([later], site, published) == 1
