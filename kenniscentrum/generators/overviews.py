"""Stubs for the discovery pages: the instrument overview, one overview per kind, audience, SDG and PDCA phase, the
index of overviews, the faceted finder and the search page — in every language.

The stubs only name a template and the facet they list; the listing itself is rendered by the template from the
catalogue (``kenniscentrum.catalog``), so a new instrument appears everywhere without regenerating anything. Titles
and summaries come from ``data/ui/discovery.yml`` and the vocabularies, in the page's language.

Paths (identical under ``content/nl/`` and ``content/en/``, all git-ignored)::

    instrumenten/index.md            all instruments              kc/overview.html
    overzicht/index.md               index of every overview      kc/overviews.html
    overzicht/soort/<kind>.md        per instrument kind          kc/overview.html
    overzicht/doelgroep/<id>.md      per audience                 kc/overview.html
    overzicht/sdg/<01-17>.md         per SDG with pages           kc/sdg.html
    overzicht/pdca/<phase>.md        per PDCA phase               kc/overview.html
    zoeker.md                        faceted instrument finder    kc/finder.html
    zoeken.md                        search                       kc/search.html

An SDG that no listed page of the language carries gets no page (issue 19: seven of seventeen were empty lists,
linked from the overview index); links to overview pages are made only to pages that exist
(``Catalog.overview_links``, ``Catalog.overview_page``), so they disappear with it.

Themes have hand-written pages (``themas/*.md``, type theme); their listing comes from ``partials/kc/listing.html``.
"""
from __future__ import annotations

from pathlib import Path

from kenniscentrum.catalog import FACETS, OVERVIEW_FOLDER, is_listed, overview_slug, values
from kenniscentrum.generators import stub
from kenniscentrum.ui import load_ui_strings

GENERATED_BY = "kenniscentrum.generators.overviews"

INSTRUMENTS = "instrumenten/index.md"
OVERVIEWS = f"{OVERVIEW_FOLDER}/index.md"
FINDER = "zoeker.md"
SEARCH = "zoeken.md"

TEMPLATES = {"sdg": "kc/sdg.html"}
#: Facets whose overview page is generated only for values that some listed page carries. Kinds, audiences and PDCA
#: phases are few and each has instruments; an empty SDG page would be a dead end.
ONLY_IN_USE = ("sdg",)


def _fill(template: str, **values) -> str:
    return template.format(**values)


def _lower_first(text: str) -> str:
    """"Gemeenten" -> "gemeenten", "Kmo's" -> "kmo's"; acronyms keep their case ("MVO-ambassadeurs", "SMEs")."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def values_in_use(pages, lang: str, key: str) -> set:
    """The values of front-matter ``key`` on the listed pages of ``lang`` (what an overview page would list)."""
    return {value for page in pages if page.lang == lang and is_listed(page) for value in values(page, key)}


def pages_for(lang: str, vocab, strings: dict, in_use: dict[str, set] | None = None) -> dict[str, dict]:
    """``rel_path -> front matter`` of every discovery page of one language. ``in_use``: facet name -> the values
    listed pages carry; a facet of ``ONLY_IN_USE`` gets pages only for those (all values when ``in_use`` is None)."""
    t = strings
    out: dict[str, dict] = {
        INSTRUMENTS: {"title": t["instruments_title"], "summary": t["instruments_summary"],
                      "template": "kc/overview.html", "facet": "instruments"},
        OVERVIEWS: {"title": t["overviews_title"], "summary": t["overviews_summary"],
                    "template": "kc/overviews.html", "facet": "overviews"},
        FINDER: {"title": t["finder_title"], "summary": t["finder_summary"], "template": "kc/finder.html",
                 "facet": "finder", "hide": ["toc"]},
        SEARCH: {"title": t["search_title"], "summary": t["search_summary"], "template": "kc/search.html",
                 "facet": "search", "hide": ["toc"]},
    }
    for facet in FACETS:
        if facet.folder is None:
            continue
        for item in vocab.items(facet.vocabulary):
            value, label = item["id"], item.get("label", str(item["id"]))
            if in_use is not None and facet.name in ONLY_IN_USE and value not in in_use.get(facet.name, set()):
                continue
            plural = item.get("plural", label)
            fields = {"id": value, "label": label, "label_lower": _lower_first(label), "plural": plural,
                      "plural_lower": _lower_first(plural)}
            if facet.name == "kind":
                title, summary = plural, _fill(t["kind_summary"], **fields)
            else:
                title = _fill(t[f"{facet.name}_title"], **fields)
                summary = _fill(t[f"{facet.name}_summary"], **fields)
            rel = f"{OVERVIEW_FOLDER}/{facet.folder}/{overview_slug(facet, value)}.md"
            out[rel] = {"title": title, "summary": summary, "template": TEMPLATES.get(facet.name, "kc/overview.html"),
                        "facet": facet.name, "value": value}
    return out


def generate(content, site) -> dict[str, str]:
    strings = load_ui_strings(site.data_dir, site.langs)
    outputs: dict[str, str] = {}
    for lang in site.langs:
        vocab = content.vocab[lang]
        in_use = {facet.name: values_in_use(content.pages, lang, facet.key) for facet in FACETS
                  if facet.name in ONLY_IN_USE}
        for rel, fields in pages_for(lang, vocab, strings[lang]["discovery"], in_use).items():
            meta = {"type": "generated", "title": fields["title"], "summary": fields["summary"],
                    "template": fields["template"], "generated_by": GENERATED_BY, "facet": fields["facet"]}
            if "value" in fields:
                meta["value"] = fields["value"]
            if "hide" in fields:
                meta["hide"] = fields["hide"]
            outputs[f"{lang}/{rel}"] = stub(meta)
    return outputs
