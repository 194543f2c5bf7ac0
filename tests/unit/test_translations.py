"""Translation drift: the normalised hash, status per page, `translations mark` editing in place, the KC308 policy."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from kenniscentrum import translations as tr
from kenniscentrum.cli import main
from kenniscentrum.content import load_content

REPO = Path(__file__).resolve().parents[2]


def page(title: str, body: str) -> str:
    return textwrap.dedent(f"""\
        ---
        type: page
        title: {title}
        summary: Een korte samenvatting.
        status: published
        owner: Testteam
        last_reviewed: 2026-01-01
        review_every: 12
        ---

        {body}
        """)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A tiny project: mkdocs.yml (policy), data/, and two pages in each language."""
    (tmp_path / "data").mkdir()
    for name in ("vocabularies",):
        (tmp_path / "data" / name).symlink_to(REPO / "data" / name)
    (tmp_path / "data" / "ui").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nedit_uri: !ENV [X, 'y']\nextra:\n  kenniscentrum:\n"
                                         "    missing_translation: fail\n", encoding="utf-8")
    for lang, over, gids in (("nl", "Over ons", "Een gids"), ("en", "About us", "A guide")):
        base = tmp_path / "content" / lang
        (base / "gids").mkdir(parents=True)
        (base / "over.md").write_text(page(over, f"Tekst over {lang}."), encoding="utf-8")
        (base / "gids" / "index.md").write_text(page(gids, "Inhoud."), encoding="utf-8")
    return tmp_path


def load(root: Path):
    return load_content(root / "content", root / "data")


def states(root: Path) -> dict[str, str]:
    return {s.rel_path: s.status for s in tr.translation_report(load(root).pages)}


# --- the hash -------------------------------------------------------------------------------------------------------
def test_hash_ignores_whitespace_and_bookkeeping():
    base = tr.source_hash({"title": "Titel", "owner": "A", "last_reviewed": "2026-01-01"}, "Een zin.\n\nTwee.")
    assert base == tr.source_hash({"title": "Titel", "owner": "B", "status": "draft"}, "  Een   zin.\nTwee.\n\n")
    assert base != tr.source_hash({"title": "Titel"}, "Een zin. Drie.")
    assert base != tr.source_hash({"title": "Andere titel"}, "Een zin.\n\nTwee.")
    assert len(base) == tr.HASH_LENGTH and int(base, 16) >= 0


def test_hash_treats_numbers_and_text_alike_and_sees_nested_text():
    checklist = {"sections": [{"id": 1, "title": "Deel", "items": [{"id": "a", "text": "Vraag"}]}]}
    same = {"sections": [{"id": "1", "title": "Deel", "items": [{"id": "a", "text": "Vraag"}]}]}
    changed = {"sections": [{"id": "1", "title": "Deel", "items": [{"id": "a", "text": "Andere vraag"}]}]}
    assert tr.source_hash({"checklist": checklist}, "") == tr.source_hash({"checklist": same}, "")
    assert tr.source_hash({"checklist": checklist}, "") != tr.source_hash({"checklist": changed}, "")


def test_page_hash_is_taken_once_per_page_and_again_for_new_meta_or_body(monkeypatch):
    from types import SimpleNamespace

    calls = []
    real = tr.source_hash
    monkeypatch.setattr(tr, "source_hash", lambda meta, body: calls.append(1) or real(meta, body))
    source = SimpleNamespace(meta={"title": "Titel"}, body="Een zin.")
    first = tr.page_hash(source)
    assert tr.page_hash(source) == first == real({"title": "Titel"}, "Een zin.") and len(calls) == 1
    source.body = "Een andere zin."
    assert tr.page_hash(source) == real({"title": "Titel"}, "Een andere zin.") and len(calls) == 2
    source.meta = {"title": "Andere titel"}
    assert tr.page_hash(source) == real({"title": "Andere titel"}, "Een andere zin.") and len(calls) == 3


# --- status ---------------------------------------------------------------------------------------------------------
def test_status_lifecycle(project: Path):
    assert states(project) == {"gids/index.md": tr.OUTDATED, "over.md": tr.OUTDATED}  # never marked
    assert main(["translations", "mark", "--all", "--root", str(project)]) == 0
    assert set(states(project).values()) == {tr.UP_TO_DATE}

    nl = project / "content" / "nl" / "over.md"
    nl.write_text(nl.read_text(encoding="utf-8").replace("Tekst over nl.", "Tekst over nl.\n\n\n"), encoding="utf-8")
    assert states(project)["over.md"] == tr.UP_TO_DATE  # whitespace only
    nl.write_text(nl.read_text(encoding="utf-8").replace("owner: Testteam", "owner: Redactie"), encoding="utf-8")
    assert states(project)["over.md"] == tr.UP_TO_DATE  # bookkeeping only
    nl.write_text(nl.read_text(encoding="utf-8").replace("Tekst over nl.", "Nieuwe tekst."), encoding="utf-8")
    report = {s.rel_path: s for s in tr.translation_report(load(project).pages)}
    assert report["over.md"].status == tr.OUTDATED and "changed" in report["over.md"].reason
    assert report["gids/index.md"].status == tr.UP_TO_DATE

    assert main(["translations", "mark", "content/en/over.md", "--root", str(project)]) == 0
    assert states(project)["over.md"] == tr.UP_TO_DATE


def test_awaiting_and_missing(project: Path):
    en = project / "content" / "en" / "over.md"
    en.write_text(en.read_text(encoding="utf-8").replace("---\n\n", "awaiting_translation: true\n---\n\n"),
                  encoding="utf-8")
    (project / "content" / "en" / "gids" / "index.md").unlink()
    assert states(project) == {"gids/index.md": tr.MISSING, "over.md": tr.AWAITING}
    # a placeholder cannot be marked as translated
    assert main(["translations", "mark", "over.md", "--root", str(project)]) == 1


def test_json_report(project: Path, capsys):
    assert main(["translations", "--format", "json", "--root", str(project)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == {"up-to-date": 0, "outdated": 2, "missing": 0, "awaiting": 0}
    first = data["pages"][0]
    assert first["path"] == "gids/index.md" and first["target"] == "content/en/gids/index.md"
    assert first["status"] == "outdated" and first["recorded_hash"] is None


# --- mark: in place, byte for byte ----------------------------------------------------------------------------------
def test_set_source_hash_adds_and_replaces_preserving_bytes():
    original = (b"---\r\ntype: page\r\ntitle: About  # comment\r\nlist: [a, b]\r\n---\r\n\r\nBody\r\n"
                b"source_hash: not-front-matter\r\n")
    once = tr.set_source_hash(original, "0123456789abcdef")
    assert once == original.replace(b"list: [a, b]\r\n---", b"list: [a, b]\r\nsource_hash: 0123456789abcdef\r\n---")
    twice = tr.set_source_hash(once, "fedcba9876543210")
    assert twice == once.replace(b"0123456789abcdef", b"fedcba9876543210")
    with pytest.raises(tr.MarkError):
        tr.set_source_hash(b"no front matter\n", "0123456789abcdef")


def test_mark_file_touches_only_the_hash_line(project: Path):
    en = project / "content" / "en" / "over.md"
    before = en.read_bytes()
    assert tr.mark_file(en, "00112233aabbccdd") is True
    after = en.read_bytes()
    assert after.replace(b"source_hash: 00112233aabbccdd\n", b"") == before
    assert tr.mark_file(en, "00112233aabbccdd") is False


# --- missing English pages: KC308 (policy `fail`) -------------------------------------------------------------------
def test_missing_english_page_fails_check_with_rule_and_fix(project: Path):
    (project / "content" / "en" / "gids" / "index.md").unlink()
    en_over = project / "content" / "en" / "over.md"
    en_over.write_text(en_over.read_text(encoding="utf-8"), encoding="utf-8")
    issues = [i for i in load(project).issues if i.rule == tr.MISSING_RULE]
    assert len(issues) == 1
    issue = issues[0]
    assert issue.path == "content/nl/gids/index.md" and issue.line == 1
    assert "content/en/gids/index.md" in issue.message
    assert "python -m kenniscentrum new page gids/index.md" in issue.fix


def test_missing_drafts_and_bare_trees_are_not_reported(project: Path):
    (project / "content" / "en" / "gids" / "index.md").unlink()
    nl = project / "content" / "nl" / "gids" / "index.md"
    nl.write_text(nl.read_text(encoding="utf-8").replace("status: published", "status: draft"), encoding="utf-8")
    assert not [i for i in load(project).issues if i.rule == tr.MISSING_RULE]
    nl.write_text(nl.read_text(encoding="utf-8").replace("status: draft", "status: published"), encoding="utf-8")
    (project / "mkdocs.yml").unlink()  # a bare content tree (no site): nothing is published, nothing enforced
    assert not [i for i in load(project).issues if i.rule == tr.MISSING_RULE]


def test_policy_from_mkdocs_yml(project: Path):
    config = project / "mkdocs.yml"
    assert tr.missing_translation_policy(project) == "fail"
    config.write_text("site_name: x\nextra:\n  kenniscentrum:\n    missing_translation: placeholder\n",
                      encoding="utf-8")
    assert tr.missing_translation_policy(project) == "placeholder"
    config.write_text("site_name: x\n", encoding="utf-8")
    assert tr.missing_translation_policy(project) == tr.DEFAULT_POLICY == "fail"
    config.write_text("site_name: x\nextra:\n  kenniscentrum:\n    missing_translation: silently\n",
                      encoding="utf-8")
    with pytest.raises(ValueError, match="placeholder"):
        tr.missing_translation_policy(project)


def test_repository_policy_is_documented_value():
    assert tr.missing_translation_policy(REPO) in tr.POLICIES
