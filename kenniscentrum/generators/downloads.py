"""The downloads page of every language: ``content/<lang>/downloads/index.md`` → ``/downloads/`` and
``/en/downloads/``.

The stub only names its template (``overrides/kc/downloads.html``); the listing (every file with format, size and
date) comes from the files ``hooks/downloads.py`` generates before pages render. Title and summary come from
``data/ui/downloads.yml``.
"""
from __future__ import annotations

from kenniscentrum.downloads import DOWNLOADS_DIR
from kenniscentrum.generators import stub
from kenniscentrum.ui import load_ui_strings

GENERATED_BY = "kenniscentrum.generators.downloads"
PAGE = f"{DOWNLOADS_DIR}/index.md"
TEMPLATE = "kc/downloads.html"


def generate(content, site) -> dict[str, str]:
    langs = site.langs
    strings = load_ui_strings(site.data_dir, langs)
    outputs: dict[str, str] = {}
    for lang in langs:
        t = strings[lang]["downloads"]
        outputs[f"{lang}/{PAGE}"] = stub({
            "type": "generated", "title": t["page_title"], "summary": t["page_summary"], "template": TEMPLATE,
            "generated_by": GENERATED_BY,
        })
    return outputs
