"""The downloads fixture for the unit tests: pages as the renderers see them, and the interface strings."""
from __future__ import annotations

from types import SimpleNamespace

import yaml

from tests.support.sitebuild import REPO

FIXTURE = REPO / "tests" / "fixtures" / "downloads" / "pages.yml"


def load_pages() -> list[SimpleNamespace]:
    """Every page of ``tests/fixtures/downloads/pages.yml``, with the attributes the downloads code reads."""
    return [
        SimpleNamespace(lang=d["lang"], rel_path=d["rel_path"], meta=d["meta"], body=d.get("body", ""),
                        type=d["meta"]["type"], is_draft=d["meta"]["status"] == "draft")
        for d in yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    ]


def ui_strings(lang: str) -> dict:
    """The interface strings of ``data/ui/downloads.yml`` in ``lang``."""
    return yaml.safe_load((REPO / "data" / "ui" / "downloads.yml").read_text(encoding="utf-8"))[lang]
