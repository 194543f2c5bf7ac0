"""The translation and review status page (one per language, ``vertaalstatus/index.md``), and — when
``extra.kenniscentrum.missing_translation: placeholder`` is set in mkdocs.yml — an English placeholder stub for every
published Dutch page that has no English page (docs/decisions/0004-missing-translations.md).

The stubs hold no data: ``overrides/kc/status.html`` and ``overrides/kc/awaiting-translation.html`` read the status
from the ``kc_editor`` object that ``hooks/editor.py`` gives every page, so the stubs never change when the status
does (and ``mkdocs serve`` does not rebuild in a loop).
"""
from __future__ import annotations

from pathlib import Path

from kenniscentrum.generators import stub
from kenniscentrum.scaffold import EN_SUMMARY
from kenniscentrum.translations import PLACEHOLDER, missing_pages, missing_translation_policy
from kenniscentrum.ui import load_ui_strings

STATUS_PATH = "vertaalstatus/index.md"  # the same in both languages (git-ignored: see .gitignore)
STATUS_TEMPLATE = "kc/status.html"
AWAITING_TEMPLATE = "kc/awaiting-translation.html"
GENERATED_BY = "kenniscentrum.generators.status"


def generate(content, root: Path) -> dict[str, str]:
    root = Path(root)
    strings = load_ui_strings(root / "data", ("nl", "en"))
    out: dict[str, str] = {}
    for lang in ("nl", "en"):
        ui = strings[lang].get("editor", {})
        out[f"{lang}/{STATUS_PATH}"] = stub({
            "type": "generated",
            "title": ui.get("status_title", "Translation and review status"),
            "summary": ui.get("status_summary", ""),
            "template": STATUS_TEMPLATE,
            "generated_by": GENERATED_BY,
            "search": {"exclude": True},
        })
    if missing_translation_policy(root) == PLACEHOLDER:
        existing = content.files.get("en", set()) if getattr(content, "files", None) else set()
        for page in missing_pages(content.pages):
            if page.rel_path in existing and not _is_stub(root, page.rel_path):
                continue  # an English file is there but unreadable: its own problem is reported
            out[f"en/{page.rel_path}"] = stub({
                "type": "generated",
                "title": str(page.meta.get("title", page.rel_path)),
                "summary": EN_SUMMARY,
                "template": AWAITING_TEMPLATE,
                "generated_by": GENERATED_BY,
            })
    return out


def _is_stub(root: Path, rel_path: str) -> bool:
    from kenniscentrum.generators import is_generated_file

    return is_generated_file(root / "content" / "en" / rel_path)
