"""kenniscentrum.generators.overviews: which discovery pages are generated, their titles per language, and that the
stubs are valid, git-ignored and never collide with hand-written pages."""
from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from kenniscentrum.content import load_content
from kenniscentrum.generators import MARKER, is_generated_file, write_generated
from kenniscentrum.generators import generators
from kenniscentrum.generators.overviews import generate
from kenniscentrum.frontmatter import parse

REPO = Path(__file__).resolve().parents[2]

PAGE = """---
type: page
title: {title}
summary: Een korte samenvatting.
status: published
owner: Redactie Kenniscentrum MVO
last_reviewed: 2026-11-01
review_every: 12
---

Tekst.
"""


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """A tiny project: the real data/ (vocabularies, interface strings) and one page per language."""
    root = tmp_path_factory.mktemp("overviews")
    shutil.copytree(REPO / "data", root / "data")
    for lang, title in (("nl", "Start"), ("en", "Home")):
        (root / "content" / lang).mkdir(parents=True)
        (root / "content" / lang / "index.md").write_text(PAGE.format(title=title), encoding="utf-8")
    content = load_content(root / "content", root / "data", overrides_dir=REPO / "overrides")
    assert not content.issues, content.issues
    return root, content, generate(with_sdg_pages(content), content.site)


#: SDGs carried by the listed pages the fixture adds; only these get an overview page.
SDGS_IN_USE = (8, 9, 13, 16)


def listed_page(lang: str, sdgs, status: str = "published", type_: str = "instrument"):
    """Just what the generator reads of a page: its language, type, status and SDGs."""
    return SimpleNamespace(lang=lang, type=type_, rel_path=f"x-{status}.md", meta={"status": status, "sdgs": list(sdgs)},
                           is_draft=status == "draft")


def with_sdg_pages(content):
    extra = [listed_page(lang, SDGS_IN_USE) for lang in ("nl", "en")]
    extra += [listed_page("nl", [1], status="draft")]  # a draft lists nothing: SDG 1 stays without a page
    return dataclasses.replace(content, pages=content.pages + extra)


def meta_of(text: str) -> dict:
    parsed = parse(text.encode("utf-8"), "stub.md")
    assert not parsed.issues, parsed.issues
    return parsed.meta


def test_registered():
    assert generate in generators()


def test_every_discovery_page_in_both_languages(tree):
    _, content, outputs = tree
    for lang in ("nl", "en"):
        vocab = content.vocab[lang]
        expected = {f"{lang}/instrumenten/index.md", f"{lang}/overzicht/index.md", f"{lang}/zoeker.md",
                    f"{lang}/zoeken.md"}
        expected |= {f"{lang}/overzicht/soort/{k}.md" for k in vocab.ids("kinds")}
        expected |= {f"{lang}/overzicht/doelgroep/{a}.md" for a in vocab.ids("audiences")}
        expected |= {f"{lang}/overzicht/pdca/{p}.md" for p in vocab.ids("pdca")}
        expected |= {f"{lang}/overzicht/sdg/{n:02d}.md" for n in SDGS_IN_USE}
        assert {rel for rel in outputs if rel.startswith(f"{lang}/")} == expected
    assert len([rel for rel in outputs if "/sdg/" in rel]) == 2 * len(SDGS_IN_USE)


def test_no_page_for_an_sdg_nothing_lists(tree):
    """Issue 19: empty SDG overviews are neither generated nor (so) linked; a draft's SDG does not count."""
    root, content, _ = tree
    assert not any("/sdg/" in rel for rel in generate(content, content.site)), "the fixture's own pages carry no SDG"
    outputs = generate(dataclasses.replace(content, pages=content.pages + [listed_page("en", [3], type_="project")]),
                       content.site)
    assert sorted(rel for rel in outputs if "/sdg/" in rel) == ["en/overzicht/sdg/03.md"]


def test_stubs_are_marked_generated_pages_with_a_template(tree):
    _, _, outputs = tree
    for rel, text in outputs.items():
        assert text.startswith("---\n" + MARKER), rel
        meta = meta_of(text)
        assert meta["type"] == "generated" and meta["template"].startswith("kc/"), rel
        assert (REPO / "overrides" / meta["template"]).is_file(), f"{rel}: {meta['template']} does not exist"
        assert meta["generated_by"] == "kenniscentrum.generators.overviews"


@pytest.mark.parametrize("rel, nl_title, en_title", [
    ("instrumenten/index.md", "Instrumenten", "Instruments"),
    ("zoeker.md", "Instrumentenzoeker", "Instrument finder"),
    ("zoeken.md", "Zoeken", "Search"),
    ("overzicht/index.md", "Overzichten", "Overviews"),
    ("overzicht/soort/checklist.md", "Checklists", "Checklists"),
    ("overzicht/soort/working-instrument.md", "Werkinstrumenten", "Working instruments"),
    ("overzicht/doelgroep/municipality.md", "Voor gemeenten", "For municipalities"),
    ("overzicht/doelgroep/ambassador.md", "Voor MVO-ambassadeurs", "For CSR ambassadors"),
    ("overzicht/sdg/08.md", "SDG 8: Waardig werk en economische groei", "SDG 8: Decent work and economic growth"),
    ("overzicht/sdg/13.md", "SDG 13: Klimaatactie", "SDG 13: Climate action"),
    ("overzicht/sdg/09.md", "SDG 9: Industrie, innovatie en infrastructuur",
     "SDG 9: Industry, innovation and infrastructure"),
    ("overzicht/sdg/16.md", "SDG 16: Vrede, justitie en sterke publieke diensten",
     "SDG 16: Peace, justice and strong institutions"),
    ("overzicht/pdca/plan.md", "PDCA-fase: Plannen", "PDCA phase: Plan"),
])
def test_titles_are_in_the_page_language(tree, rel, nl_title, en_title):
    _, _, outputs = tree
    assert meta_of(outputs[f"nl/{rel}"])["title"] == nl_title
    assert meta_of(outputs[f"en/{rel}"])["title"] == en_title


def test_overview_stubs_name_their_facet_and_value(tree):
    _, _, outputs = tree
    assert {k: meta_of(outputs["nl/overzicht/sdg/08.md"])[k] for k in ("facet", "value", "template")} == \
        {"facet": "sdg", "value": 8, "template": "kc/sdg.html"}
    assert meta_of(outputs["en/overzicht/soort/guide.md"])["facet"] == "kind"
    assert meta_of(outputs["nl/instrumenten/index.md"])["facet"] == "instruments"
    assert meta_of(outputs["nl/zoeker.md"])["hide"] == ["toc"]


def test_written_stubs_pass_validation(tree, tmp_path):
    root, _, outputs = tree
    project = tmp_path / "p"
    shutil.copytree(root, project)
    assert write_generated(project / "content", outputs)
    assert not write_generated(project / "content", outputs), "an unchanged stub must not be rewritten"
    content = load_content(project / "content", project / "data", overrides_dir=REPO / "overrides")
    assert not content.issues, "\n".join(map(str, content.issues))
    generated = [p for p in content.pages if p.type == "generated"]
    assert len(generated) == len(outputs)


def test_generated_paths_are_git_ignored_and_free_in_the_repository(tree):
    _, _, outputs = tree
    paths = [f"content/{rel}" for rel in sorted(outputs)]
    result = subprocess.run(["git", "check-ignore", "--no-index", "--stdin"], cwd=REPO, input="\n".join(paths),
                            capture_output=True, text=True)
    ignored = set(result.stdout.split())
    assert set(paths) <= ignored, f"not in .gitignore: {sorted(set(paths) - ignored)}"
    for rel in outputs:
        target = REPO / "content" / rel
        assert not target.exists() or is_generated_file(target), f"{target} is hand-written: a generator needs it"


def test_write_generated_removes_stale_stubs_only(tmp_path):
    """Stale stubs go, hand-written pages and wanted stubs stay — also when the wanted stub is reached through a
    symlinked folder (paths are compared resolved)."""
    content = tmp_path / "content"
    (content / "nl" / "real").mkdir(parents=True)
    (content / "nl" / "link").symlink_to(content / "nl" / "real", target_is_directory=True)
    stub_text = f"---\n{MARKER}type: generated\n---\n"
    (content / "nl" / "hand.md").write_text(PAGE.format(title="Met de hand"), encoding="utf-8")
    (content / "nl" / "stale.md").write_text(stub_text, encoding="utf-8")
    (content / "nl" / "real" / "kept.md").write_text(stub_text, encoding="utf-8")
    assert write_generated(content, {"nl/link/kept.md": stub_text})  # stale.md removed
    assert not (content / "nl" / "stale.md").exists()
    assert (content / "nl" / "hand.md").exists() and (content / "nl" / "real" / "kept.md").exists()
    assert not write_generated(content, {"nl/link/kept.md": stub_text})
