"""The indexed ``Catalog.related`` (bench finding: the per-page scan was quadratic) returns exactly what the
reference :func:`kenniscentrum.catalog.related` returns, for every page of a synthetic corpus."""
from __future__ import annotations

import pytest

from bench.corpus import make_project
from kenniscentrum.build import prepare
from kenniscentrum.catalog import Catalog, related


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("related") / "project", 60)
    model = prepare(root)
    assert not model.issues, model.issues[:3]
    return model


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("limit", [0, 1, 5, 12])
def test_indexed_related_matches_reference(model, lang, limit):
    catalog = Catalog(model.content.pages, model.content.vocab, lang)
    checked = 0
    for page in catalog.listed:
        expected = [] if page.rel_path == "index.md" else related(page, catalog.listed, limit)
        assert catalog.related(page, limit) == expected, page.rel_path
        checked += bool(expected)
    assert checked > 30 if limit else checked == 0  # the corpus shares facets widely: most pages have related pages
