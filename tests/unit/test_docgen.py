"""docs/content-model.md is generated from the code and must be current."""
from __future__ import annotations

from pathlib import Path

from kenniscentrum.docgen import generate
from kenniscentrum.model import SCHEMAS
from kenniscentrum.issues import RULES

ROOT = Path(__file__).resolve().parents[2]


def test_committed_reference_is_current():
    committed = (ROOT / "docs" / "content-model.md").read_text(encoding="utf-8")
    assert committed == generate(ROOT / "data"), (
        "docs/content-model.md is stale: run `python -m kenniscentrum docs` (or `make docs`) and commit it")


def test_generation_is_deterministic():
    assert generate(ROOT / "data") == generate(ROOT / "data")


def test_reference_covers_every_type_key_and_rule():
    text = generate(ROOT / "data")
    for name, schema in SCHEMAS.items():
        assert f"### `{name}`" in text
        for field in schema.fields:
            assert f"`{field.name}`" in text
    for rule in RULES.values():
        assert f"| {rule.id} | {rule.title.replace('|', chr(92) + '|')} |" in text
    assert "`diversity`" in text and "`working-instrument`" in text  # vocabulary ids are listed


def test_docs_command_writes_the_file(tmp_path):
    import shutil

    from kenniscentrum.cli import main

    shutil.copytree(ROOT / "data" / "vocabularies", tmp_path / "data" / "vocabularies")
    assert main(["docs", "--root", str(tmp_path)]) == 0
    assert (tmp_path / "docs" / "content-model.md").read_text(encoding="utf-8") == generate(ROOT / "data")
