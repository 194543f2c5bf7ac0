"""Interface strings per language, from ``data/ui/<area>.yml`` files shaped ``{nl: {...}, en: {...}}``.

One file per area (core, checklist, finder, editor, …) so that the people working on an area own one file.
"""
from __future__ import annotations

import copy
from pathlib import Path

import yaml

# libyaml's safe loader when PyYAML has it (same result as yaml.safe_load, ~10x faster: these files are read on every
# build and every `mkdocs serve` rebuild, several times; bench/profile.py measured 0.48 s of 1.2 s in prepare()).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# path -> (text, parsed): the model and three generators each load the strings on every build and every `make serve`
# rebuild; parsing is most of that cost (PyYAML's constructor is Python even with libyaml). Keyed on the file's text,
# so an edited file is always parsed afresh; callers get their own copy.
_parsed: dict[str, tuple[str, object]] = {}


def _load(path: Path):
    text = path.read_text(encoding="utf-8")
    cached = _parsed.get(str(path))
    if cached is None or cached[0] != text:
        cached = (text, yaml.load(text, Loader=_SAFE_LOADER) or {})
        _parsed[str(path)] = cached
    return copy.deepcopy(cached[1])


def load_ui_strings(data_dir: Path, langs: tuple[str, ...] | None = None) -> dict[str, dict[str, dict]]:
    """``lang -> area -> strings`` for ``langs`` (default: a bare tree's, :func:`kenniscentrum.site.bare_site`).
    Every file must have every language, and every language the keys of the first (the default language)."""
    if langs is None:
        from kenniscentrum.site import bare_site

        langs = bare_site().langs
    strings: dict[str, dict[str, dict]] = {lang: {} for lang in langs}
    for path in sorted((data_dir / "ui").glob("*.yml")):
        area = path.stem
        data = _load(path)
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
