"""Interface strings per language, from ``data/ui/<area>.yml`` files shaped ``{nl: {...}, en: {...}}``.

One file per area (core, checklist, finder, editor, …) so that the people working on an area own one file.
"""
from __future__ import annotations

from pathlib import Path

import yaml


def load_ui_strings(data_dir: Path, langs: tuple[str, ...] = ("nl", "en")) -> dict[str, dict[str, dict]]:
    strings: dict[str, dict[str, dict]] = {lang: {} for lang in langs}
    for path in sorted((data_dir / "ui").glob("*.yml")):
        area = path.stem
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        missing = [lang for lang in langs if lang not in data]
        if missing:
            raise ValueError(f"{path}: no strings for {', '.join(missing)}; add a top-level '{missing[0]}:' mapping")
        for lang in langs:
            strings[lang][area] = data[lang]
    for lang in langs[1:]:
        for area, table in strings[langs[0]].items():
            absent = sorted(set(table) - set(strings[lang].get(area, {})))
            if absent:
                raise ValueError(f"data/ui/{area}.yml: '{lang}' lacks {', '.join(absent)}")
    return strings
