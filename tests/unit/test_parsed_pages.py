"""Parsed pages kept between loads (``kenniscentrum.content.ParsedPages``, for ``make serve`` rebuilds): only files
whose bytes changed are parsed and validated again, and any change to what else shapes a page's schema check (the
vocabularies, the template names in overrides/) makes every page of it be checked again. Pages and issues — file
and line included — are always those of a fresh load."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kenniscentrum import content as content_module
from kenniscentrum.content import load_content

VALID = Path(__file__).resolve().parents[1] / "fixtures" / "model" / "valid"


@pytest.fixture
def tree(tmp_path, monkeypatch):
    root = tmp_path / "tree"
    shutil.copytree(VALID, root)
    parsed = []
    parse_page = content_module._parse_page

    def counting(data, src, *args, **kwargs):
        parsed.append(Path(src).relative_to(root / "content").as_posix())
        return parse_page(data, src, *args, **kwargs)

    monkeypatch.setattr(content_module, "_parse_page", counting)
    monkeypatch.setattr(content_module, "_PARSED", {})
    return root, parsed


def _load(root: Path):
    return load_content(root / "content", root / "data")


def _fresh(root: Path, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(content_module, "_PARSED", {})
        return _load(root)


def _view(content_set):
    pages = [(p.lang, p.rel_path, p.type, p.meta, p.meta_lines, p.lines, p.body, p.body_line, p.display_path)
             for p in content_set.pages]
    return pages, [str(issue) for issue in content_set.issues]


def test_only_changed_files_are_parsed_again_and_the_result_is_a_fresh_load(tree, monkeypatch):
    root, parsed = tree
    first = _load(root)
    count = len(parsed)
    assert count == len(first.pages) > 10

    parsed.clear()
    second = _load(root)
    assert parsed == []  # nothing changed: every page from the cache
    assert _view(second) == _view(first)
    assert all(a is not b for a, b in zip(first.pages, second.pages))  # new Page objects every load

    page = root / "content" / "nl" / "instrumenten" / "gids-test.md"
    page.write_text(page.read_text(encoding="utf-8").replace("themes: [sme, strategy]",
                                                             "themes: [sme, strategy]\nunknown_key: 1"),
                    encoding="utf-8")
    parsed.clear()
    third = _load(root)
    assert parsed == ["nl/instrumenten/gids-test.md"]
    assert any("gids-test.md" in issue for issue in _view(third)[1])  # the unknown key, with its file and line
    assert _view(third) == _view(_fresh(root, monkeypatch))


def test_a_vocabulary_change_checks_every_page_of_that_language_again(tree, monkeypatch):
    root, parsed = tree
    _load(root)
    vocabulary = root / "data" / "vocabularies" / "nl.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(
        "  - {id: strategy, label: MVO-beleid en strategie}\n", ""), encoding="utf-8")
    parsed.clear()
    changed = _load(root)
    assert parsed and all(rel.startswith("nl/") for rel in parsed)
    assert sorted(parsed) == sorted(f"nl/{p.rel_path}" for p in changed.pages if p.lang == "nl")
    assert any("gids-test.md" in issue for issue in _view(changed)[1])  # 'strategy' is no theme any more
    assert _view(changed) == _view(_fresh(root, monkeypatch))


def test_a_template_removed_from_overrides_checks_every_page_again(tree, monkeypatch):
    root, parsed = tree
    before = _load(root)
    (root / "overrides" / "kc" / "overview.html").unlink()
    parsed.clear()
    after = _load(root)
    assert len(parsed) == len(before.pages)
    assert any("diversiteit.md" in issue for issue in _view(after)[1])  # template: kc/overview.html is unknown now
    assert _view(after) == _view(_fresh(root, monkeypatch))


def test_deleted_files_leave_the_cache(tree):
    root, _ = tree
    _load(root)
    (root / "content" / "en" / "woordenlijst.md").unlink()
    _load(root)
    (parsed_pages,) = content_module._PARSED.values()
    assert not any(key[0].endswith("en/woordenlijst.md") for key in parsed_pages.entries)
