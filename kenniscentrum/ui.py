"""Interface strings per language, from ``data/ui/<area>.yml`` files shaped ``{nl: {...}, en: {...}}``.

One file per area (core, checklist, finder, editor, …) so that the people working on an area own one file.
"""
from __future__ import annotations

from pathlib import Path

import yaml

# libyaml's safe loader when PyYAML has it (same result as yaml.safe_load, ~10x faster: these files are read on every
# build and every `mkdocs serve` rebuild, several times; bench/profile.py measured 0.48 s of 1.2 s in prepare()).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_ui_strings(data_dir: Path, langs: tuple[str, ...] = ("nl", "en")) -> dict[str, dict[str, dict]]:
    strings: dict[str, dict[str, dict]] = {lang: {} for lang in langs}
    for path in sorted((data_dir / "ui").glob("*.yml")):
        area = path.stem
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {}
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
