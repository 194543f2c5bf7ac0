"""kenniscentrum.offline on small fixture trees: sections, precache list, version, manifest, icons (docs/offline.md)."""
from __future__ import annotations

import json
from pathlib import Path

import jinja2
import pytest

from kenniscentrum import offline

REPO = Path(__file__).resolve().parents[2]
LANGS = [offline.Language("nl", ""), offline.Language("en", "en/")]


def page(site: Path, rel: str, section: str | None = None, body: str = "x") -> None:
    meta = f'<meta name="{offline.SECTION_META}" content="{section}">' if section else ""
    target = site / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"<!doctype html><html><head>{meta}</head><body>{body}</body></html>", encoding="utf-8")


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "site"
    page(root, "index.html")
    page(root, "instrumenten/checklist-a/index.html", "tools")
    page(root, "handleiding/01/index.html", "manual")
    page(root, "handleiding/02/index.html", "manual")
    page(root, "en/index.html")
    page(root, "en/instrumenten/checklist-a/index.html", "tools")
    for rel in ("offline/index.html", "en/offline/index.html"):
        page(root, rel)
    for rel in ("assets/javascripts/bundle.min.js", "assets/stylesheets/main.css", "assets/images/icon-192.png",
                "assets/javascripts/lunr/min/lunr.nl.min.js", "pagefind/pagefind.js"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("/* */", encoding="utf-8")
    return root


@pytest.mark.parametrize("page_type, kind, expected", [
    ("instrument", "checklist", "tools"), ("instrument", "working-instrument", "tools"),
    ("instrument", "scan", "tools"), ("instrument", "guide", None), ("chapter", None, "manual"),
    ("guidance", None, "municipal"), ("page", None, None), (None, None, None),
])
def test_section_of(page_type, kind, expected):
    assert offline.section_of(page_type, kind) == expected


def test_plan_lists_sections_per_language_and_the_shell(site):
    plan = offline.plan_site(site, LANGS)
    nl = {s.id: s for s in plan.sections["nl"]}
    assert list(nl) == ["tools", "manual"]  # the order of offline.SECTIONS; empty sections left out
    assert nl["manual"].urls == ["handleiding/01/", "handleiding/02/"]
    assert nl["manual"].bytes == sum((site / u / "index.html").stat().st_size for u in nl["manual"].urls)
    assert [s.urls for s in plan.sections["en"]] == [["en/instrumenten/checklist-a/"]]
    # Shell: assets (not Material's unused lunr search), offline pages, documents, manifests, and every tool page.
    assert "assets/javascripts/bundle.min.js" in plan.shell
    assert not any("lunr" in url for url in plan.shell)
    for url in ("offline/", "en/offline/", "offline.json", "en/offline.json", "manifest.webmanifest",
                "instrumenten/checklist-a/", "en/instrumenten/checklist-a/"):
        assert url in plan.shell
    assert "handleiding/01/" not in plan.shell  # chapters are kept when visited or when the reader saves them


def test_version_is_a_content_hash(site):
    first = offline.version_of(site, LANGS)
    assert offline.version_of(site, LANGS) == first
    # What this module writes is not part of the version (a dirty rebuild still has the previous build's copies).
    for rel in ("sw.js", "offline.json", "en/offline.json"):
        (site / rel).write_text("anything")
    assert offline.version_of(site, LANGS) == first
    page(site, "handleiding/02/index.html", "manual", body="changed")
    assert offline.version_of(site, LANGS) != first


def render(settings, retire=False) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(REPO / "overrides")))
    return env.get_template("kc/service-worker.js").render(kc_worker=settings, kc_retire=retire)


def test_write_site_files(site):
    plan = offline.write_site_files(site, LANGS, render)
    document = json.loads((site / "en" / offline.DOCUMENT_FILE).read_text(encoding="utf-8"))
    assert document["version"] == plan.version and document["language"] == "en"
    assert document["sections"][0] == {"id": "tools", "pages": 1, "bytes": plan.sections["en"][0].bytes,
                                       "urls": ["en/instrumenten/checklist-a/"]}
    worker = (site / offline.WORKER_FILE).read_text(encoding="utf-8")
    assert plan.version in worker and "addEventListener(\"fetch\"" in worker
    # The longest language prefix is tried first, so /en/… falls back to the English offline page.
    assert worker.index('"en/offline/"') < worker.index('"offline/"')


def test_retired_worker_removes_itself():
    worker = render(offline.worker_settings(offline.OfflinePlan("v", [], {}, LANGS)), retire=True)
    assert "unregister()" in worker and "caches.delete" in worker
    assert "addEventListener(\"fetch\"" not in worker


def test_web_manifest():
    manifest = offline.web_manifest(name="CSR Knowledge Centre", short_name="CSR", description="d", lang="en",
                                    icon_base="../assets/images/")
    assert manifest["start_url"] == "./" and manifest["display"] == "standalone"
    assert {(i["sizes"], i["purpose"]) for i in manifest["icons"]} == {
        ("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    assert all(i["src"].startswith("../assets/images/") for i in manifest["icons"])


@pytest.mark.parametrize("icon", offline.ICONS, ids=lambda icon: icon["file"])
def test_committed_icons_are_the_drawn_ones(icon):
    from PIL import Image, ImageChops

    committed = Image.open(REPO / "overrides" / "assets" / "images" / icon["file"]).convert("RGBA")
    drawn = offline.draw_icon(icon["size"], icon["purpose"] == "maskable").convert("RGBA")
    assert committed.size == (icon["size"], icon["size"])
    assert ImageChops.difference(committed, drawn).getbbox() is None, "re-draw with offline.write_icons()"
