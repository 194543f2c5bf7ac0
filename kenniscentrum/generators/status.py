"""The translation and review status page (one per language, ``vertaalstatus/index.md``), and — when
``extra.kenniscentrum.missing_translation: placeholder`` is set in mkdocs.yml — a placeholder stub in every translated
language for each published default-language page that has no page there (docs/decisions/0004-missing-translations.md).

The stubs hold no data: ``overrides/kc/status.html`` and ``overrides/kc/awaiting-translation.html`` read the status
from the ``kc_editor`` object that ``hooks/editor.py`` gives every page, so the stubs never change when the status
does (and ``mkdocs serve`` does not rebuild in a loop).
"""
from __future__ import annotations

from kenniscentrum.generators import is_generated_file, stub
from kenniscentrum.translations import PLACEHOLDER, missing_pages
from kenniscentrum.ui import load_ui_strings

STATUS_PATH = "vertaalstatus/index.md"  # the same in both languages (git-ignored: see .gitignore)
STATUS_TEMPLATE = "kc/status.html"
AWAITING_TEMPLATE = "kc/awaiting-translation.html"
GENERATED_BY = "kenniscentrum.generators.status"


def generate(content, site) -> dict[str, str]:
    strings = load_ui_strings(site.data_dir, site.langs)
    out: dict[str, str] = {}
    for lang in site.langs:
        ui = strings[lang].get("editor", {})
        out[f"{lang}/{STATUS_PATH}"] = stub({
            "type": "generated",
            "title": ui.get("status_title", "Translation and review status"),
            "summary": ui.get("status_summary", ""),
            "template": STATUS_TEMPLATE,
            "generated_by": GENERATED_BY,
            "search": {"exclude": True},
        })
    if site.settings.missing_translation != PLACEHOLDER:
        return out
    for lang in site.translated_langs:
        existing = content.files.get(lang, set()) if getattr(content, "files", None) else set()
        for page in missing_pages(content.pages, site, lang):
            if page.rel_path in existing and not is_generated_file(site.content_dir / lang / page.rel_path):
                continue  # a file is there but unreadable: its own problem is reported
            out[f"{lang}/{page.rel_path}"] = stub({
                "type": "generated",
                "title": str(page.meta.get("title", page.rel_path)),
                "summary": strings[lang]["editor"]["placeholder_summary"],
                "template": AWAITING_TEMPLATE,
                "generated_by": GENERATED_BY,
            })
    return out
