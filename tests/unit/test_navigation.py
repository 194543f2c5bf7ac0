from kenniscentrum.navigation import order_children, order_entries, top_segment


def test_top_segment():
    assert top_segment("instrumenten/checklist-x.md") == "instrumenten"
    assert top_segment("woordenlijst.md") == "woordenlijst"


def test_portal_order_hidden_pages_and_unknown_last():
    entries = [(name, name) for name in ("woordenlijst", "zoeken", "nieuw", "instrumenten", "index", "over")]
    assert order_entries(entries) == ["index", "instrumenten", "woordenlijst", "over", "nieuw"]


def test_section_children_follow_their_order_index_first():
    # guidance pages sort by `order`, not by file name; pages without an order keep their place after them
    orders = {"ervaringen": 6, "externe": 4, "index": None, "opvolging": 2, "verankeren": 1, "los": None}
    children = ["ervaringen", "externe", "index", "los", "opvolging", "verankeren"]
    ordered = order_children(children, orders.get, lambda name: name == "index")
    assert ordered == ["index", "verankeren", "opvolging", "externe", "ervaringen", "los"]
