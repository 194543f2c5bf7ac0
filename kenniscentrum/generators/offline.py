"""The "use offline" page, one per language (``offline/index.md``): what this device keeps, the sections a reader
can keep for offline use, and the page the service worker shows for anything not kept (docs/offline.md).

The stub holds no data: ``overrides/kc/offline.html`` renders the labels, and ``assets/javascripts/offline.js``
fills in what is kept and each section's size from ``offline.json`` (written after the build, when sizes are known).
"""
from __future__ import annotations

from pathlib import Path

from kenniscentrum.generators import stub
from kenniscentrum.offline import OFFLINE_PAGE
from kenniscentrum.ui import load_ui_strings

TEMPLATE = "kc/offline.html"
GENERATED_BY = "kenniscentrum.generators.offline"


def generate(content, root: Path) -> dict[str, str]:
    langs = tuple(content.vocab)  # one vocabulary per configured language
    strings = load_ui_strings(Path(root) / "data", langs)
    out: dict[str, str] = {}
    for lang in langs:
        ui = strings[lang]["offline"]
        out[f"{lang}/{OFFLINE_PAGE}"] = stub({
            "type": "generated",
            "title": ui["page_title"],
            "summary": ui["page_summary"],
            "template": TEMPLATE,
            "generated_by": GENERATED_BY,
            "search": {"exclude": True},
        })
    return out
