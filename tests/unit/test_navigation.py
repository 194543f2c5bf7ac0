from kenniscentrum.navigation import order_entries, top_segment


def test_top_segment():
    assert top_segment("instrumenten/checklist-x.md") == "instrumenten"
    assert top_segment("woordenlijst.md") == "woordenlijst"


def test_portal_order_hidden_pages_and_unknown_last():
    entries = [(name, name) for name in ("woordenlijst", "zoeken", "nieuw", "instrumenten", "index", "over")]
    assert order_entries(entries) == ["index", "instrumenten", "woordenlijst", "over", "nieuw"]
