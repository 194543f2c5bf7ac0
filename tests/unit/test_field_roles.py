"""Field roles are declared once, on the fields in kenniscentrum/model/; everything else derives from them."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kenniscentrum import catalog, scaffold, translations
from kenniscentrum.model import FACETS, PARITY_IGNORED, TRANSLATABLE, keys_with
from kenniscentrum.model.base import Field, Text
from kenniscentrum.validation import crosspage

PACKAGE = Path(__file__).resolve().parents[2] / "kenniscentrum"


def test_facets_come_from_the_instrument_fields():
    assert [f.name for f in FACETS] == ["kind", "theme", "audience", "company_size", "sdg", "iso26000", "pdca"]
    assert catalog.FACETS == FACETS
    assert crosspage.FACETS == tuple(f.key for f in FACETS)
    assert [f.folder for f in FACETS if f.folder] == ["soort", "doelgroep", "sdg", "pdca"]


def test_translation_keys_come_from_roles():
    assert translations.IGNORED_KEYS == keys_with(PARITY_IGNORED) == {
        "status", "owner", "last_reviewed", "review_every", "next_review", "source_hash", "awaiting_translation",
        "hide", "template"}
    assert scaffold.TEXT_KEYS == keys_with(TRANSLATABLE, lists=False) >= {
        "text", "why", "label", "help", "definition", "target_group", "time_note", "based_on", "title", "summary"}
    assert scaffold.TEXT_LISTS == {"priorities", "results"}


def test_unknown_role_is_an_error():
    with pytest.raises(ValueError, match="unknown role"):
        Field("x", Text(), roles=frozenset({"translateable"}))


def test_model_does_not_import_validation():
    """The only upward arrow (model -> validation.issues) is gone: Issue lives in the neutral kenniscentrum.issues."""
    for path in (PACKAGE / "model").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("kenniscentrum.validation"), f"{path.name} imports {node.module}"
