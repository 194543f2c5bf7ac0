"""`new <type> <path>`: both languages from a template, valid at once; an English placeholder for a Dutch page."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kenniscentrum import translations as tr
from kenniscentrum.cli import main
from kenniscentrum.content import load_content
from kenniscentrum.frontmatter import parse
from kenniscentrum.model.common import EDITOR_TYPES
from kenniscentrum.scaffold import ScaffoldError, normalise_path, scaffold

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "vocabularies").symlink_to(REPO / "data" / "vocabularies")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")  # missing_translation: fail (default)
    (tmp_path / "content" / "nl").mkdir(parents=True)
    (tmp_path / "content" / "en").mkdir(parents=True)
    return tmp_path


def check(root: Path) -> int:
    return main(["check", "--no-generate", "--content", str(root / "content"), "--data", str(root / "data")])


CASES = [(t, "guide") for t in EDITOR_TYPES] + [("instrument", "checklist"), ("instrument", "working-instrument")]


@pytest.mark.parametrize("type_name, kind", CASES)
def test_new_page_passes_check_immediately(project: Path, type_name: str, kind: str, capsys):
    args = ["new", type_name, f"map/nieuw-{kind}.md", "--title", "Nieuwe pagina: een test", "--title-en",
            "New page: a test", "--root", str(project)]
    if type_name == "instrument":
        args += ["--kind", kind]
    assert main(args) == 0, capsys.readouterr().err
    nl = project / "content" / "nl" / "map" / f"nieuw-{kind}.md"
    en = project / "content" / "en" / "map" / f"nieuw-{kind}.md"
    assert nl.is_file() and en.is_file()
    nl_meta, en_meta = parse(nl.read_bytes(), "nl").meta, parse(en.read_bytes(), "en").meta
    assert nl_meta["type"] == en_meta["type"] == type_name
    assert nl_meta["status"] == en_meta["status"] == "draft"
    assert en_meta["awaiting_translation"] is True and "awaiting_translation" not in nl_meta
    assert nl_meta["title"] == "Nieuwe pagina: een test" and en_meta["title"] == "New page: a test"
    assert check(project) == 0, capsys.readouterr()
    content = load_content(project / "content", project / "data")
    states = {s.rel_path: s.status for s in tr.translation_report(content.pages)}
    assert states == {f"map/nieuw-{kind}.md": tr.AWAITING}


def test_chapters_get_the_next_free_order(project: Path):
    for i, name in enumerate(("een", "twee", "drie"), 1):
        scaffold(project, "chapter", f"handleiding/{name}.md", title=name, today=dt.date(2026, 11, 1))
        meta = parse((project / "content" / "nl" / "handleiding" / f"{name}.md").read_bytes(), "x").meta
        assert meta["order"] == i
    assert check(project) == 0


def test_placeholder_for_an_existing_dutch_page_clears_kc308(project: Path, capsys):
    scaffold(project, "instrument", "instrumenten/lijst.md", title="Lijst", kind="checklist",
             today=dt.date(2026, 11, 1))
    nl = project / "content" / "nl" / "instrumenten" / "lijst.md"
    nl.write_text(nl.read_text(encoding="utf-8").replace("status: draft", "status: published"), encoding="utf-8")
    (project / "content" / "en" / "instrumenten" / "lijst.md").unlink()
    content = load_content(project / "content", project / "data")
    assert [i.rule for i in content.issues] == ["KC308"]
    capsys.readouterr()

    assert main(["new", "instrument", "content/nl/instrumenten/lijst.md", "--title-en", "List",
                 "--root", str(project)]) == 0, capsys.readouterr().err
    en = parse((project / "content" / "en" / "instrumenten" / "lijst.md").read_bytes(), "en").meta
    source = parse(nl.read_bytes(), "nl").meta
    assert en["awaiting_translation"] is True and en["status"] == "published" and en["title"] == "List"
    assert en["summary"] != source["summary"]
    # same ids and facets as the Dutch page, but no Dutch text
    assert en["themes"] == source["themes"] and en["kind"] == "checklist"
    en_items = en["checklist"]["sections"][0]["items"][0]
    nl_items = source["checklist"]["sections"][0]["items"][0]
    assert en_items["id"] == nl_items["id"] and en_items["text"] != nl_items["text"]
    assert check(project) == 0


def test_refusals(project: Path):
    scaffold(project, "page", "over.md", title="Over", today=dt.date(2026, 11, 1))
    with pytest.raises(ScaffoldError, match="both exist"):
        scaffold(project, "page", "over.md", title="Over")
    (project / "content" / "nl" / "over.md").unlink()
    with pytest.raises(ScaffoldError, match="Dutch source"):
        scaffold(project, "page", "over.md", title="Over")
    with pytest.raises(ScaffoldError, match="needs a Dutch title"):
        scaffold(project, "page", "nieuw.md")
    with pytest.raises(ScaffoldError, match="unknown type"):
        scaffold(project, "blog", "nieuw.md", title="x")
    scaffold(project, "page", "gids.md", title="Gids")
    (project / "content" / "en" / "gids.md").unlink()
    with pytest.raises(ScaffoldError, match="type: page"):
        scaffold(project, "guidance", "gids.md")


@pytest.mark.parametrize("given, expected", [
    ("instrumenten/x.md", "instrumenten/x.md"), ("content/nl/instrumenten/x.md", "instrumenten/x.md"),
    ("en/x", "x.md"), ("./a/b-c.md", "a/b-c.md"),
])
def test_normalise_path(given, expected):
    assert normalise_path(given) == expected


@pytest.mark.parametrize("bad", ["Instrumenten/X.md", "a b.md", "../x.md", "a//b.md", "x.txt.md/"])
def test_bad_paths(bad):
    with pytest.raises(ScaffoldError):
        normalise_path(bad)
