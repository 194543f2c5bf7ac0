"""Shared vocabularies: ``data/vocabularies/<lang>.yml``, one per language, same ids, translated labels.

Front matter stores ids (``themes: [diversity]``); templates look the label up in the reader's language with
:meth:`Vocabulary.label`. :func:`load_vocabularies` validates the files (KC401) and that both languages have the
same lists and ids (KC402).
"""
from __future__ import annotations

import os
from pathlib import Path

from kenniscentrum.frontmatter import decode, load_yaml
from kenniscentrum.issues import Issue, make_issue

_MISSING = object()


class Vocabulary:
    """The vocabularies of one language: ``name -> [{id, label, ...}, ...]``, order as in the file."""

    def __init__(self, lang: str, data: dict[str, list[dict]] | None = None):
        self.lang = lang
        self._items: dict[str, list[dict]] = {}
        self._ids: dict[str, list] = {}
        self._labels: dict[str, dict] = {}
        for name, items in (data or {}).items():
            self._items[name] = [dict(item) for item in items]
            self._ids[name] = [item["id"] for item in items]
            self._labels[name] = {item["id"]: item.get("label", str(item["id"])) for item in items}

    def names(self) -> list[str]:
        return list(self._items)

    def ids(self, name: str) -> list:
        return list(self._ids.get(name, ()))

    def has(self, name: str, id) -> bool:
        return id in self._labels.get(name, {})

    def label(self, name: str, id, default=_MISSING) -> str:
        """The label of ``id`` in list ``name``; ``KeyError`` when unknown unless a ``default`` is given."""
        try:
            return self._labels[name][id]
        except KeyError:
            if default is _MISSING:
                raise KeyError(f"{self.lang} vocabulary `{name}` has no id {id!r}") from None
            return default

    def items(self, name: str) -> list[dict]:
        return [dict(item) for item in self._items.get(name, ())]

    def __repr__(self) -> str:
        return f"Vocabulary({self.lang!r}, {self.names()!r})"


def _display(path: Path, root: Path) -> str:
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:  # pragma: no cover - other drive on Windows
        return path.as_posix()


def load_vocabularies(data_dir: Path, langs: tuple[str, ...] | None = None, root: Path | None = None
                      ) -> tuple[dict[str, Vocabulary], list[Issue]]:
    """Load and check ``data_dir/vocabularies/<lang>.yml`` for ``langs`` (default: a bare tree's languages, see
    :func:`kenniscentrum.site.bare_site`). Never raises: problems become issues."""
    if langs is None:
        from kenniscentrum.site import bare_site

        langs = bare_site().langs
    data_dir = Path(data_dir)
    root = Path(root) if root is not None else data_dir.parent
    vocab: dict[str, Vocabulary] = {}
    issues: list[Issue] = []
    lines_by_lang: dict[str, dict] = {}
    for lang in langs:
        file = data_dir / "vocabularies" / f"{lang}.yml"
        shown = _display(file, root)
        try:
            raw = file.read_bytes()
        except OSError as exc:
            issues.append(make_issue("KC401", shown, 1, f"the vocabulary file cannot be read ({exc.strerror})"))
            vocab[lang] = Vocabulary(lang)
            continue
        text, problems = decode(raw, shown)
        if text is None:
            issues.extend(problems)
            vocab[lang] = Vocabulary(lang)
            continue
        value, lines, problems = load_yaml(text, shown, first_line=1)
        issues.extend(problems)
        lines_by_lang[lang] = lines
        data: dict[str, list[dict]] = {}
        if not isinstance(value, dict):
            if not problems:
                issues.append(make_issue("KC401", shown, 1, "the file must be a mapping of vocabulary lists"))
            vocab[lang] = Vocabulary(lang)
            continue
        for name, items in value.items():
            line = lines.get((name,), 1)
            if not isinstance(items, list):
                issues.append(make_issue("KC401", shown, line, f"`{name}` must be a list of {{id, label}} entries"))
                continue
            good, seen = [], set()
            for i, item in enumerate(items):
                iline = lines.get((name, i), line)
                if not isinstance(item, dict) or "id" not in item or not isinstance(item.get("label"), str):
                    issues.append(make_issue("KC401", shown, iline, f"entry {i + 1} of `{name}` needs an id and a label"))
                    continue
                if not isinstance(item["id"], (str, int)) or isinstance(item["id"], bool):
                    issues.append(make_issue("KC401", shown, iline, f"entry {i + 1} of `{name}`: the id must be text or a number"))
                    continue
                if item["id"] in seen:
                    issues.append(make_issue("KC401", shown, iline, f"`{name}`: the id {item['id']!r} is used twice"))
                    continue
                seen.add(item["id"])
                good.append(item)
            data[name] = good
        vocab[lang] = Vocabulary(lang, data)
    # Same lists and ids in every language (labels differ).
    if langs and all(lang in vocab for lang in langs):
        base = langs[0]
        for lang in langs[1:]:
            shown = _display(data_dir / "vocabularies" / f"{lang}.yml", root)
            lines = lines_by_lang.get(lang, {})
            for name in sorted(set(vocab[base].names()) | set(vocab[lang].names())):
                a, b = vocab[base].ids(name), vocab[lang].ids(name)
                if a == b:
                    continue
                line = lines.get((name,), 1)
                if name not in vocab[lang].names():
                    msg = f"the list `{name}` of {base}.yml is missing"
                elif name not in vocab[base].names():
                    msg = f"the list `{name}` does not exist in {base}.yml"
                else:
                    missing = [str(x) for x in a if x not in b]
                    extra = [str(x) for x in b if x not in a]
                    parts = []
                    if missing:
                        parts.append(f"missing {', '.join(missing)}")
                    if extra:
                        parts.append(f"not in {base}.yml: {', '.join(extra)}")
                    if not parts:
                        parts.append(f"the order differs from {base}.yml")
                    msg = f"`{name}`: " + "; ".join(parts)
                issues.append(make_issue("KC402", shown, line, msg))
    return vocab, issues
