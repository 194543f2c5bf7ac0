"""``new <type> <path>``: write a new page in both languages from a template, valid from the first second.

* Neither language exists: the Dutch page and an English placeholder are written, both ``status: draft`` (drafts
  are checked but never published). The English page carries ``awaiting_translation: true``: once translated,
  the translator removes that line and runs ``python -m kenniscentrum translations mark <path>``.
* Only the Dutch page exists (the fix for rule KC308): an English placeholder is derived from it — same type, same
  ids and facets, same status, every translatable text replaced by an English "not yet translated" text — so the
  English reader gets a short English page pointing to the Dutch one (docs/decisions/0004-missing-translations.md).

Pure logic apart from reading and writing the two files; no MkDocs.
"""
from __future__ import annotations

import copy
import datetime as _dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from kenniscentrum.frontmatter import parse
from kenniscentrum.model.common import EDITOR_TYPES, TITLE_MAX

DEFAULT_OWNER = "Redactie Kenniscentrum MVO"
NOT_TRANSLATED = "Not yet translated."
EN_SUMMARY = "This page is not yet available in English; it can be read in Dutch."
_PATH_RE = re.compile(r"^[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*)*\.md$")


class ScaffoldError(Exception):
    """Nothing was written; the message says why and what to do."""


@dataclass
class Written:
    paths: list[Path]
    derived: bool  # True when only the English placeholder was written, derived from an existing Dutch page


def normalise_path(path: str) -> str:
    """``content/nl/x/y.md``, ``nl/x/y.md``, ``en/x/y.md``, ``x/y.md`` or ``x/y`` -> ``x/y.md``."""
    rel = path.strip().replace("\\", "/")
    while rel.startswith("./"):
        rel = rel[2:]
    for prefix in ("content/", "nl/", "en/"):
        if rel.startswith(prefix):
            rel = rel[len(prefix):]
    if not rel.endswith(".md"):
        rel += ".md"
    if not _PATH_RE.match(rel):
        raise ScaffoldError(
            f"'{path}' is not a usable page path: use lowercase letters, digits and hyphens, folders separated by "
            "'/', e.g. instrumenten/gids-energie-besparen.md (Dutch folder slugs, the same in both languages)")
    return rel


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


# --- templates ------------------------------------------------------------------------------------------------------
_COMMON = """\
---
type: {type}
title: {title}
summary: {summary}
status: draft  # set to `published` when the page is ready
owner: {owner}  # a team or role, never a person's name
last_reviewed: {today}
review_every: 12  # months; or replace by `next_review: YYYY-MM-DD`
"""

_EXTRA = {
    "instrument": """\
kind: {kind}  # guide, checklist, exercise, training, working-instrument, study or handbook
# Ids from data/vocabularies/{lang}.yml; keep them the same in the Dutch and English page.
themes: [strategy]
audiences: [sme]
company_size: [micro, small, medium, large]
sdgs: [12]
iso26000: [organizational-governance]
pdca: [plan]
time_minutes: 30  # the time a user needs
origin:
  by: {owner}
  year: {year}
licence: CC-BY-4.0
""",
    "chapter": """\
manual: csr-ambassadors
order: {order}  # position in the manual, unique per manual
""",
    "guidance": """\
order: {order}
themes: [local-government]
audiences: [municipality]
""",
    "project": """\
target_group: {target_group}
partners: [{partner}]
start: {today}
sdgs: [17]
priorities: [{priority}]
timeline:
  - {{date: {today}, title: {timeline_title}, summary: {timeline_summary}}}
""",
    "theme": """\
theme: strategy  # a theme id from data/vocabularies/{lang}.yml
""",
    "glossary": """\
terms:
  - id: {term_id}
    term: {term}
    translation: {term_other}
    definition: {definition}
""",
    "page": "",
}

_CHECKLIST = {
    "nl": """\
checklist:
  sections:
    - id: eerste-deel
      title: Eerste deel
      items:
        - id: eerste-vraag
          text: Schrijf hier de eerste vraag van de checklist.
          why: Leg kort uit waarom deze vraag ertoe doet.
""",
    "en": """\
checklist:
  sections:
    - id: eerste-deel
      title: First part
      items:
        - id: eerste-vraag
          text: Write the first question of the checklist here.
          why: Explain briefly why this question matters.
""",
}

_WORKSHEET = {
    "nl": """\
worksheet:
  sections:
    - id: eerste-deel
      title: Eerste deel
      fields:
        - id: eerste-veld
          label: Schrijf hier wat de gebruiker moet invullen.
          help: Een korte hint bij het veld.
""",
    "en": """\
worksheet:
  sections:
    - id: eerste-deel
      title: First part
      fields:
        - id: eerste-veld
          label: Write what the user should fill in here.
          help: A short hint for the field.
""",
}

_WORDS = {
    "nl": dict(summary="Vat in één of twee zinnen samen waarover deze pagina gaat.",
               target_group="de doelgroep van het project", partner="Voorbeeldpartner (fictief)",
               priority="de eerste prioriteit", timeline_title="Start van het project",
               timeline_summary="Wat er bij de start gebeurde.", term_id="begrip", term="begrip",
               term_other="term", definition="Een korte, heldere uitleg van het begrip."),
    "en": dict(summary="Sum up in one or two sentences what this page is about.",
               target_group="the project's target group", partner="Example partner (fictitious)",
               priority="the first priority", timeline_title="Start of the project",
               timeline_summary="What happened at the start.", term_id="begrip", term="term",
               term_other="begrip", definition="A short, clear explanation of the term."),
}

_BODY = {
    "nl": {
        "instrument": "## Waarvoor dient dit instrument?\n\nSchrijf hier voor wie het instrument bedoeld is en hoe je "
                      "het gebruikt.\n",
        "guidance": "## Waarom? {#why}\n\nWaarom dit onderwerp voor een gemeente telt.\n\n## Hoe? {#how}\n\nHoe je "
                    "eraan begint, stap voor stap.\n\n## Tips, ervaringen en hulpmiddelen {#tips}\n\nWat anderen "
                    "leerden en welke instrumenten helpen.\n",
        "default": "Schrijf hier de tekst van de pagina.\n",
    },
    "en": {
        "instrument": "## What is this instrument for?\n\nWrite here who the instrument is for and how to use it.\n",
        "guidance": "## Why? {#why}\n\nWhy this topic matters to a municipality.\n\n## How? {#how}\n\nHow to get "
                    "started, step by step.\n\n## Tips, experiences and tools {#tips}\n\nWhat others learned and "
                    "which instruments help.\n",
        "default": "Write the text of the page here.\n",
    },
}


def render(type_name: str, lang: str, *, title: str, summary: str | None = None, owner: str = DEFAULT_OWNER,
           today: _dt.date, kind: str = "guide", order: int = 1) -> str:
    """The text of a new page of ``type_name`` in ``lang`` (the English one marked awaiting translation)."""
    words = _WORDS[lang]
    values = dict(type=type_name, title=_q(title), summary=_q(summary or words["summary"]), owner=_q(owner),
                  today=today.isoformat(), year=today.year, kind=kind, order=order, lang=lang,
                  **{k: _q(v) for k, v in words.items() if k != "summary"})
    text = _COMMON.format(**values) + _EXTRA[type_name].format(**values)
    if type_name == "instrument" and kind == "checklist":
        text += _CHECKLIST[lang]
    elif type_name == "instrument" and kind == "working-instrument":
        text += _WORKSHEET[lang]
    if lang == "en":
        text += "awaiting_translation: true  # remove once translated, then run: python -m kenniscentrum translations mark\n"
    return text + "---\n\n" + body(type_name, lang)


#: Rule KC230: these types end with a sources section; the scaffold starts it so the new page is valid at once.
_SOURCES = {
    "nl": "\n## Bronnen\n\n- Vermeld elke bron: titel, uitgever, jaar en webadres (als dat er is).\n",
    "en": "\n## Sources\n\n- List each source: title, publisher, year and web address (where one exists).\n",
}
_SOURCED_TYPES = ("instrument", "chapter", "guidance", "project")


def body(type_name: str, lang: str) -> str:
    bodies = _BODY[lang]
    text = bodies.get(type_name, bodies["default"])
    return text + _SOURCES[lang] if type_name in _SOURCED_TYPES else text


# --- an English placeholder for an existing Dutch page --------------------------------------------------------------
#: Keys whose text values are translated (anywhere in the front matter); ids, numbers, dates and names are kept.
TEXT_KEYS = frozenset({"text", "why", "label", "help", "definition", "target_group", "time_note", "based_on"})
TEXT_LISTS = frozenset({"priorities", "results"})
#: Editorial keys copied from the Dutch page as they are.
KEEP_TOP = ("type", "status", "owner", "last_reviewed", "review_every", "next_review")


def _untranslated(value, key: str | None = None):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in ("title", "summary") or k in TEXT_KEYS:
                out[k] = NOT_TRANSLATED if isinstance(v, str) else v
            elif k in TEXT_LISTS and isinstance(v, list):
                out[k] = _untranslated_list(v)
            else:
                out[k] = _untranslated(v, k)
        return out
    if isinstance(value, list):
        return [_untranslated(v, key) for v in value]
    return value


def _untranslated_list(values: list) -> list:
    """Numbered, because list values must be unique (KC121)."""
    return [f"Not yet translated ({i})." if isinstance(x, str) else x for i, x in enumerate(values, 1)]


def derive_placeholder(meta: dict, type_name: str, title_en: str | None) -> dict:
    """English placeholder front matter from the Dutch page's raw front matter."""
    out: dict = {}
    for key in KEEP_TOP:
        if key in meta:
            out[key] = meta[key]
    out["title"] = title_en or meta.get("title", "")
    out["summary"] = EN_SUMMARY
    order = ["type", "title", "summary", "status", "owner", "last_reviewed", "review_every", "next_review"]
    out = {k: out[k] for k in order if k in out}
    for key, value in meta.items():
        if key in out or key in ("title", "summary", "source_hash", "awaiting_translation"):
            continue
        if type_name == "glossary" and key == "terms" and isinstance(value, list):
            out[key] = [_swap_term(t) for t in value]
        elif key in TEXT_KEYS:
            out[key] = NOT_TRANSLATED if isinstance(value, str) else value
        elif key in TEXT_LISTS and isinstance(value, list):
            out[key] = _untranslated_list(value)
        else:
            out[key] = _untranslated(copy.deepcopy(value), key)
    out["awaiting_translation"] = True
    return out


def _swap_term(term):
    """A Dutch glossary entry's `translation` is the English term: it becomes the English entry's `term`."""
    if not isinstance(term, dict):
        return term
    out = dict(term)
    if isinstance(term.get("translation"), str) and isinstance(term.get("term"), str):
        out["term"], out["translation"] = term["translation"], term["term"]
    if "definition" in out:
        out["definition"] = NOT_TRANSLATED
    return out


class _Dumper(yaml.SafeDumper):
    pass


def _dump(meta: dict) -> str:
    return yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000,
                     default_flow_style=None)


# --- the command ----------------------------------------------------------------------------------------------------
def _next_order(content_dir: Path, type_name: str, folder: str, manual: str | None = None) -> int:
    """One more than the highest `order` among pages of this type (chapters: of the same manual; guidance: in the
    same folder), in either language."""
    highest = 0
    for lang in ("nl", "en"):
        base = content_dir / lang
        search = base if type_name == "chapter" else base / folder
        if not search.is_dir():
            continue
        for path in search.rglob("*.md"):
            meta = parse(path.read_bytes(), str(path)).meta or {}
            if meta.get("type") != type_name or (manual is not None and meta.get("manual") != manual):
                continue
            if isinstance(meta.get("order"), int) and not isinstance(meta.get("order"), bool):
                highest = max(highest, meta["order"])
    return highest + 1


def scaffold(root: Path, type_name: str, path: str, *, title: str | None = None, title_en: str | None = None,
             summary: str | None = None, summary_en: str | None = None, owner: str = DEFAULT_OWNER,
             kind: str = "guide", today: _dt.date | None = None) -> Written:
    """Write the page(s); raises :class:`ScaffoldError` (nothing written) when that is not possible."""
    if type_name not in EDITOR_TYPES:
        raise ScaffoldError(f"unknown type '{type_name}'; use one of: {', '.join(EDITOR_TYPES)}")
    if type_name != "instrument" and kind != "guide":
        raise ScaffoldError("--kind is only for instruments")
    rel = normalise_path(path)
    content_dir = Path(root) / "content"
    nl_file, en_file = content_dir / "nl" / rel, content_dir / "en" / rel
    today = today or _dt.date.today()
    for value, option in ((title, "--title"), (title_en, "--title-en")):
        if value is not None and (not value.strip() or len(value) > TITLE_MAX):
            raise ScaffoldError(f"{option} must be 1 to {TITLE_MAX} characters long")
    if nl_file.exists() and en_file.exists():
        raise ScaffoldError(f"content/nl/{rel} and content/en/{rel} both exist already; edit them instead")
    if en_file.exists():
        raise ScaffoldError(f"content/en/{rel} exists but its Dutch source content/nl/{rel} does not; Dutch is the "
                            "source language: write the Dutch page first (or move the English one)")
    if nl_file.exists():
        source = parse(nl_file.read_bytes(), f"content/nl/{rel}")
        if source.meta is None:
            raise ScaffoldError(f"content/nl/{rel} cannot be read; run `python -m kenniscentrum check` first")
        if source.meta.get("type") != type_name:
            raise ScaffoldError(f"content/nl/{rel} is `type: {source.meta.get('type')}`, not `{type_name}`; "
                                f"run: python -m kenniscentrum new {source.meta.get('type')} {rel}")
        meta = derive_placeholder(source.meta, type_name, title_en)
        en_file.parent.mkdir(parents=True, exist_ok=True)
        with en_file.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write("---\n" + _dump(meta) + "---\n\n" + body(type_name, "en"))
        return Written([en_file], derived=True)
    if title is None:
        raise ScaffoldError("a new page needs a Dutch title: add --title \"…\" (and --title-en \"…\" for English)")
    folder = rel.rpartition("/")[0]
    order = 1
    if type_name in ("chapter", "guidance"):
        order = _next_order(content_dir, type_name, folder, "csr-ambassadors" if type_name == "chapter" else None)
    texts = {
        "nl": render(type_name, "nl", title=title, summary=summary, owner=owner, today=today, kind=kind, order=order),
        "en": render(type_name, "en", title=title_en or title, summary=summary_en, owner=owner, today=today,
                     kind=kind, order=order),
    }
    written = []
    for lang, target in (("nl", nl_file), ("en", en_file)):
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(texts[lang])
        written.append(target)
    return Written(written, derived=False)
