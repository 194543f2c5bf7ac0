"""A synthetic, valid content tree for benchmarks: ``n_per_lang`` pages per language, every content type present.

    python -m bench.corpus /tmp/corpus --n 500            # content/ only
    python -m bench.corpus /tmp/bench-project --n 500 --project   # + mkdocs.yml, hooks, overrides, data

The text is deterministic nonsense built from common Dutch / English words (a fixed seed), long enough for search
indexes and page weights to look like the real portal's. Every page follows docs/decisions/0002-content-model.md and
uses only vocabulary ids from data/vocabularies/, so a strict build of the tree succeeds. nl and en have identical
relative paths and identical facets. Links only point at pages the corpus itself writes.
"""
from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
PROJECT_PARTS = ("mkdocs.yml", "hooks", "overrides", "data")

KINDS = ["guide", "checklist", "exercise", "training", "working-instrument", "study", "handbook"]
THEMES = {  # theme id -> slug of its theme page (same slugs as the real site)
    "learning": "leren", "diversity": "diversiteit", "stakeholder-management": "stakeholdermanagement",
    "communication": "communicatie", "employee-involvement": "betrokkenheid", "environment": "milieu",
    "local-government": "lokale-besturen", "sme": "kmo", "networks": "lerende-netwerken", "strategy": "mvo-beleid",
}
AUDIENCES = ["sme", "municipality", "ambassador", "csr-coordinator", "large-company", "network-organiser"]
SIZES = ["micro", "small", "medium", "large"]
ISO = ["organizational-governance", "human-rights", "labour-practices", "environment", "fair-operating-practices",
       "consumer-issues", "community-involvement"]
PDCA = ["plan", "do", "check", "act"]
LICENCES = ["CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0"]

WORDS = {
    "nl": (
        "bedrijf medewerkers gemeente collega's actieplan overleg afspraken thema netwerk ambassadeur beleid milieu "
        "energie afval leveranciers klanten buurt diversiteit opleiding vorming stakeholders communicatie kanalen "
        "nieuwsbrief intranet personeelsblad trekker kopgroep terugkommoment evaluatie resultaat doel acties plannen "
        "uitvoeren controleren bijsturen ervaring praktijk voorbeeld vragen antwoorden tijd mandaat erkenning "
        "betrokkenheid samenwerking verantwoordelijkheid duurzaamheid kwaliteit veiligheid gezondheid welzijn "
        "werkplek vergadering jaarplan begroting dienst directie afdeling team ploeg taak rol missie vertrouwen "
        "eerlijkheid transparantie rapport verslag studie enquête handboek gids checklist oefening werkinstrument"
    ).split(),
    "en": (
        "company staff municipality colleagues action plan meeting agreements theme network ambassador policy "
        "environment energy waste suppliers customers neighbourhood diversity training learning stakeholders "
        "communication channels newsletter intranet magazine lead group check-in evaluation result goal actions "
        "planning delivery review adjustment experience practice example questions answers time mandate recognition "
        "involvement cooperation responsibility sustainability quality safety health wellbeing workplace budget "
        "department management unit team task role mission trust honesty transparency report study survey handbook "
        "guide checklist exercise worksheet"
    ).split(),
}
GLUE = {
    "nl": "de het een en in van met voor op naar om dat die wie wat waar hoe ook al nog samen elke vaak".split(),
    "en": "the a and in of with for on to so that who what where how also already still together every often".split(),
}
VERBS = {
    "nl": "bespreekt plant kiest meet volgt deelt verbetert bundelt maakt toont vraagt".split(),
    "en": "discusses plans chooses measures follows shares improves gathers makes shows asks".split(),
}
LABELS = {
    "nl": {"instrument": "Instrument", "chapter": "Hoofdstuk", "guidance": "Onderwerp", "page": "Pagina",
           "project": "Project", "why": "Waarom?", "how": "Hoe?", "tips": "Tips, ervaringen en hulpmiddelen",
           "home": "Kenniscentrum MVO", "see": "Zie ook", "sources": "Bronnen", "intro": "Inleiding", "practice": "In de praktijk",
           "section": "Onderdeel", "glossary": "Woordenlijst", "themes": "Thema's", "item": "Punt",
           "field": "Veld", "by": "Redactie Kenniscentrum MVO", "manual": "Handleiding MVO-ambassadeurs",
           "municipalities": "Gemeenten", "projects": "Projecten", "about": "Over", "instruments": "Instrumenten"},
    "en": {"instrument": "Instrument", "chapter": "Chapter", "guidance": "Topic", "page": "Page",
           "project": "Project", "why": "Why?", "how": "How?", "tips": "Tips, experiences and tools",
           "home": "CSR Knowledge Centre", "see": "See also", "sources": "Sources", "intro": "Introduction", "practice": "In practice",
           "section": "Part", "glossary": "Glossary", "themes": "Themes", "item": "Item",
           "field": "Field", "by": "Redactie Kenniscentrum MVO", "manual": "CSR ambassadors manual",
           "municipalities": "Municipalities", "projects": "Projects", "about": "About", "instruments": "Instruments"},
}


SYLLABLES = {
    "nl": "ver be ge ont her aan uit over on wer ken baar heid ing lijk schap tal loos zaam de te en ste aar eer "
          "ouw ij ui oe raad plan werk huis stad land zorg leer deel kracht weg veld"
          .split(),
    "en": "re de con pro in ex com un dis ment tion ness able ful less ship ing er est al ive ous ly work plan "
          "care share town land field path lead learn"
          .split(),
}
RARE_WORDS = 6000  # distinct rarer words per language, drawn with a Zipf-like skew


class _Text:
    def __init__(self, lang: str, rng: random.Random):
        self.lang, self.rng = lang, rng
        vocab_rng = random.Random(f"vocab-{lang}")
        rare: dict[str, None] = {}
        while len(rare) < RARE_WORDS:
            rare["".join(vocab_rng.choice(SYLLABLES[lang]) for _ in range(vocab_rng.randint(2, 4)))] = None
        self.rare = list(rare)

    def word(self) -> str:
        if self.rng.random() < 0.6:
            return self.rng.choice(WORDS[self.lang])
        return self.rare[int(len(self.rare) * self.rng.random() ** 2.5)]

    def words(self, n: int) -> str:
        return " ".join(self.word() for _ in range(n))

    def sentence(self) -> str:
        rng, lang = self.rng, self.lang
        parts = [rng.choice(GLUE[lang]), rng.choice(WORDS[lang]), rng.choice(VERBS[lang]),
                 rng.choice(GLUE[lang]), self.words(rng.randint(2, 6)), rng.choice(GLUE[lang]),
                 self.words(rng.randint(1, 4))]
        text = " ".join(parts)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def title(self, prefix: str, number: int) -> str:
        return f"{prefix} {number}: {self.words(3)}"[:90]

    def summary(self) -> str:
        return self.sentence()[:290]


def _front(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


def _common(text: _Text, type_: str, title: str, day: int) -> dict:
    return {
        "type": type_,
        "title": title,
        "summary": text.summary(),
        "status": "published",
        "owner": LABELS[text.lang]["by"],
        "last_reviewed": f"2026-{1 + day % 11:02d}-{1 + day % 28:02d}",
        "review_every": 12,
    }


def _pick(rng: random.Random, values: list, low: int, high: int) -> list:
    chosen = rng.sample(values, rng.randint(low, min(high, len(values))))
    return [v for v in values if v in chosen]  # vocabulary order, deterministic


def _body(text: _Text, paragraphs: int, links: list[tuple[str, str]] = ()) -> str:
    lab = LABELS[text.lang]
    out = [text.paragraph(4), "", f"## {lab['intro']}", "", text.paragraph(5), ""]
    for i in range(paragraphs):
        out += [f"## {lab['practice']} {i + 1}", "", text.paragraph(6), ""]
    if links:
        out += [f"## {lab['see']}", ""] + [f"- [{label}]({target})" for label, target in links] + [""]
    return "\n".join(out)


def _sources(text: _Text) -> str:
    """The closing sources section that rule KC230 requires on instruments, chapters, guidance and projects."""
    return "\n".join(["", f"## {LABELS[text.lang]['sources']}", "", f"- {text.sentence()}", ""])


def _plan(n: int) -> dict[str, int]:
    """How many pages of each type make up ``n`` pages per language (fixed pages first)."""
    fixed = 1 + 10 + 1 + 1 + 5  # home, theme pages, glossary, project, section index pages
    rest = max(n - fixed, 7)
    counts = {"chapter": rest * 15 // 100, "guidance": rest * 15 // 100, "page": rest * 10 // 100}
    counts["instrument"] = rest - sum(counts.values())
    return counts


def write_corpus(root: Path, n_per_lang: int, *, seed: int = 2026) -> list[Path]:
    """Write ``root/content/{nl,en}/…``: about ``n_per_lang`` valid pages per language. Returns the files written."""
    root = Path(root)
    counts = _plan(n_per_lang)
    written: list[Path] = []
    for lang in ("nl", "en"):
        rng_facets = random.Random(seed)  # same facets in both languages
        text = _Text(lang, random.Random(f"{seed}-{lang}"))
        lab = LABELS[lang]
        base = root / "content" / lang

        def put(rel: str, meta: dict, body: str) -> None:
            path = base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_front(meta) + body, encoding="utf-8")
            written.append(path)

        instruments = [f"instrumenten/bench-{i:04d}.md" for i in range(1, counts["instrument"] + 1)]
        home_links = [(lab["instruments"], instruments[0]), (lab["manual"], "handleiding-ambassadeurs/index.md"),
                      (lab["municipalities"], "gemeenten/index.md"), (lab["projects"], "projecten/index.md"),
                      (lab["about"], "over/index.md"), (lab["themes"], "themas/index.md"),
                      (lab["glossary"], "woordenlijst.md")]
        put("index.md", _common(text, "page", lab["home"], 0), _body(text, 1, home_links))

        theme_links = [(tid, f"{slug}.md") for tid, slug in THEMES.items()]
        put("themas/index.md", _common(text, "page", lab["themes"], 1), _body(text, 1, theme_links))
        for number, (theme_id, slug) in enumerate(THEMES.items(), 1):
            put(f"themas/{slug}.md", {**_common(text, "theme", text.title(theme_id, number), number),
                                      "theme": theme_id}, _body(text, 1))

        glossary_terms = [
            {"id": f"term-{i}", "term": text.words(2), "translation": f"term {i}", "definition": text.sentence()}
            for i in range(1, 21)
        ]
        put("woordenlijst.md", {**_common(text, "glossary", lab["glossary"], 2), "terms": glossary_terms}, "")

        put("projecten/index.md", _common(text, "page", lab["projects"], 3), _body(text, 1, [("bench", "bench.md")]))
        put("projecten/bench.md", {
            **_common(text, "project", text.title(lab["project"], 1), 4),
            "themes": ["networks"], "audiences": ["csr-coordinator"],
            "target_group": text.words(6), "partners": [text.words(3), text.words(2)],
            "start": "2018-01-01", "end": "2019-03-19", "sdgs": [8, 17],
            "priorities": [text.sentence(), text.sentence()],
            "timeline": [{"date": f"2018-{m:02d}-01", "title": text.words(4), "summary": text.sentence()}
                         for m in (2, 6, 10)],
            "results": [text.sentence(), text.sentence()],
        }, _body(text, 2) + _sources(text))

        for i, rel in enumerate(instruments):
            kind = KINDS[i % len(KINDS)]
            meta = {
                **_common(text, "instrument", text.title(lab["instrument"], i + 1), i),
                "kind": kind,
                "themes": _pick(rng_facets, list(THEMES), 1, 3),
                "audiences": _pick(rng_facets, AUDIENCES, 1, 3),
                "company_size": _pick(rng_facets, SIZES, 1, 4),
                "sdgs": sorted(rng_facets.sample(range(1, 18), rng_facets.randint(1, 3))),
                "iso26000": _pick(rng_facets, ISO, 1, 3),
                "pdca": _pick(rng_facets, PDCA, 1, 2),
                "time_minutes": rng_facets.choice([15, 30, 45, 60, 90, 120, 180]),
                "origin": {"by": lab["by"], "year": 2000 + i % 26},
                "licence": LICENCES[i % len(LICENCES)],
            }
            if kind == "checklist":
                meta["checklist"] = {"sections": [
                    {"id": f"deel-{s}", "title": f"{lab['section']} {s}: {text.words(2)}",
                     "items": [{"id": f"punt-{s}-{k}", "text": text.sentence(), "why": text.sentence()}
                               for k in range(1, 6)]}
                    for s in range(1, 4)]}
            elif kind == "working-instrument":
                meta["worksheet"] = {"sections": [
                    {"id": f"deel-{s}", "title": f"{lab['section']} {s}: {text.words(2)}",
                     "fields": [{"id": f"veld-{s}-{k}", "label": f"{lab['field']} {k}: {text.words(3)}",
                                 "help": text.sentence()} for k in range(1, 4)]}
                    for s in range(1, 3)]}
            neighbour = instruments[(i + 1) % len(instruments)].split("/")[-1]
            put(rel, meta, _body(text, 3, [(lab["see"], neighbour)]) + _sources(text))

        put("handleiding-ambassadeurs/index.md", _common(text, "page", lab["manual"], 5),
            _body(text, 1, [(lab["chapter"], "bench-001.md")] if counts["chapter"] else []))
        for order in range(1, counts["chapter"] + 1):
            put(f"handleiding-ambassadeurs/bench-{order:03d}.md", {
                **_common(text, "chapter", text.title(lab["chapter"], order), order),
                "manual": "csr-ambassadors", "order": order,
                "themes": _pick(rng_facets, list(THEMES), 1, 2), "audiences": ["ambassador", "csr-coordinator"],
            }, _body(text, 3) + _sources(text))

        put("gemeenten/index.md", _common(text, "page", lab["municipalities"], 6), _body(text, 1))
        for order in range(1, counts["guidance"] + 1):
            body = "\n".join([text.paragraph(3), "", f"## {lab['why']} {{#why}}", "", text.paragraph(5), "",
                              f"## {lab['how']} {{#how}}", "", text.paragraph(6), "",
                              f"## {lab['tips']} {{#tips}}", "", text.paragraph(4), ""]) + _sources(text)
            put(f"gemeenten/bench-{order:03d}.md", {
                **_common(text, "guidance", text.title(lab["guidance"], order), order),
                "order": order, "themes": ["local-government"] + _pick(rng_facets, ["communication", "strategy"], 0, 1),
                "audiences": ["municipality"],
            }, body)

        put("over/index.md", _common(text, "page", lab["about"], 7), _body(text, 2))
        for number in range(1, counts["page"] + 1):
            put(f"over/bench-{number:03d}.md", _common(text, "page", text.title(lab["page"], number), number),
                _body(text, 2))
    return written


def make_project(target: Path, n_per_lang: int, *, repo: Path = REPO) -> Path:
    """A buildable project at ``target``: the repo's config, hooks, templates and data plus a synthetic corpus.

    Build it with ``PYTHONPATH=<repo> mkdocs build`` from ``target`` (the hooks import ``kenniscentrum``)."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source, dest = repo / part, target / part
        if dest.exists():
            shutil.rmtree(dest) if dest.is_dir() else dest.unlink()
        if source.is_dir():
            shutil.copytree(source, dest, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest)
    if (target / "content").exists():
        shutil.rmtree(target / "content")
    write_corpus(target, n_per_lang)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--n", type=int, default=500, help="pages per language (default 500)")
    parser.add_argument("--project", action="store_true", help="also copy mkdocs.yml, hooks, overrides and data")
    args = parser.parse_args(argv)
    if args.project:
        make_project(args.target, args.n)
    else:
        write_corpus(args.target, args.n)
    pages = sum(1 for _ in (args.target / "content").rglob("*.md"))
    print(f"{pages} pages written under {args.target / 'content'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
