"""Rules that need more than one page (KC301–KC307), plus the guidance structure rule (KC305).

nl/en pairs are pages with the same relative path. A page that exists in one language only is *not* an error here
(translation status is reported by ``python -m kenniscentrum translations``), and an English page with
``awaiting_translation: true`` is a placeholder, so its ids and facets are not compared.
"""
from __future__ import annotations

from kenniscentrum.model.checklist import structure_ids
from kenniscentrum.model.guidance import PARTS
from kenniscentrum.model.scan import structure as scan_structure
from kenniscentrum.validation.issues import Issue, make_issue

#: Instrument keys whose ids must be the same in both languages (the finder and overviews filter on them).
FACETS = ("kind", "themes", "audiences", "company_size", "sdgs", "iso26000", "pdca")


def check_pairs(pages: list, langs: tuple[str, ...]) -> list[Issue]:
    issues: list[Issue] = []
    if len(langs) < 2:
        return issues
    base = langs[0]
    index = {(p.lang, p.rel_path): p for p in pages}
    for page in pages:
        if page.lang == base:
            continue
        source = index.get((base, page.rel_path))
        if source is None or page.type == "generated":  # e.g. an English placeholder stub (docs/decisions/0004)
            continue
        if source.type != page.type:
            issues.append(make_issue("KC306", page.display_path, page.line_of("type"),
                                     f"this page is `type: {page.type}` but {source.display_path} is "
                                     f"`type: {source.type}`"))
            continue
        if page.meta.get("awaiting_translation") or source.meta.get("awaiting_translation"):
            continue
        if page.type == "instrument":
            issues.extend(_facets(source, page))
            issues.extend(_structure(source, page, "checklist", "items", "KC301", "item"))
            issues.extend(_structure(source, page, "worksheet", "fields", "KC302", "field"))
            issues.extend(_scan(source, page))
        elif page.type == "glossary":
            issues.extend(_terms(source, page))
    return issues


def _diff(a: list, b: list, show) -> str:
    missing = [show(x) for x in a if x not in b]
    extra = [show(x) for x in b if x not in a]
    parts = []
    if missing:
        parts.append("missing here: " + ", ".join(missing))
    if extra:
        parts.append("only here: " + ", ".join(extra))
    return "; ".join(parts)


def _facets(source, page) -> list[Issue]:
    out = []
    for key in FACETS:
        a, b = source.meta.get(key), page.meta.get(key)
        if a is None or b is None:
            continue  # missing or invalid: reported by the schema
        same = sorted(map(str, a)) == sorted(map(str, b)) if isinstance(a, list) and isinstance(b, list) else a == b
        if not same:
            shown_a = ", ".join(map(str, a)) if isinstance(a, list) else a
            shown_b = ", ".join(map(str, b)) if isinstance(b, list) else b
            out.append(make_issue("KC307", page.display_path, page.line_of(key),
                                  f"`{key}` is [{shown_b}] here but [{shown_a}] in {source.display_path}"))
    return out


def _structure(source, page, key: str, child_key: str, rule: str, noun: str) -> list[Issue]:
    if key not in source.meta or key not in page.meta:
        return []
    a, b = structure_ids(source.meta[key], child_key), structure_ids(page.meta[key], child_key)
    if a == b:
        return []

    def show(entry):
        section, child = entry
        return f"section '{section}'" if child is None else f"{noun} '{section}/{child}'"

    detail = _diff(a, b, show) or f"the {noun}s are in a different order"
    return [make_issue(rule, page.display_path, page.line_of(key),
                       f"`{key}` ids differ from {source.display_path}: {detail}")]


def _scan(source, page) -> list[Issue]:
    """KC309: a scan's themes and questions (ids, order, weight, obligation, recommends, vsme) mirror each other."""
    if "scan" not in source.meta or "scan" not in page.meta:
        return []
    a, b = scan_structure(source.meta["scan"]), scan_structure(page.meta["scan"])
    if a == b:
        return []
    ids_a, ids_b = [x[:2] for x in a], [x[:2] for x in b]

    def show(entry):
        theme, qid = entry
        return f"theme '{theme}'" if qid is None else f"question '{theme}/{qid}'"

    if ids_a != ids_b:
        detail = _diff(ids_a, ids_b, show) or "the questions are in a different order"
    else:
        keys = ("weight", "obligation", "recommends", "vsme")
        diffs = [f"'{x[1]}' ({', '.join(k for k, u, v in zip(keys, x[2:], y[2:]) if u != v)})"
                 for x, y in zip(a, b) if x != y]
        detail = "different " + "; ".join(diffs)
    return [make_issue("KC309", page.display_path, page.line_of("scan"),
                       f"`scan` differs from {source.display_path}: {detail}")]


def check_recommends(pages: list) -> list[Issue]:
    """KC310: every `recommends` path of a scan is a published-or-draft instrument page in the same language."""
    instruments = {(p.lang, p.rel_path) for p in pages if p.type == "instrument"}
    issues: list[Issue] = []
    for page in pages:
        data = page.meta.get("scan") if page.type == "instrument" else None
        if not isinstance(data, dict):
            continue
        for t, theme in enumerate(data.get("themes") or []):
            for q, question in enumerate(theme.get("questions") or []):
                for r, path in enumerate(question.get("recommends") or []):
                    if (page.lang, path) in instruments:
                        continue
                    at = ("scan", "themes", t, "questions", q, "recommends", r)
                    issues.append(make_issue("KC310", page.display_path, page.line_of(*at),
                                             f"`recommends` of question '{question.get('id')}' names {path!r}, "
                                             f"which is not an instrument page in content/{page.lang}/"))
    return issues


def _terms(source, page) -> list[Issue]:
    ta, tb = source.meta.get("terms"), page.meta.get("terms")
    if not isinstance(ta, list) or not isinstance(tb, list):
        return []
    a = [t["id"] for t in ta if isinstance(t, dict) and "id" in t]
    b = [t["id"] for t in tb if isinstance(t, dict) and "id" in t]
    if sorted(a) == sorted(b):
        return []
    return [make_issue("KC303", page.display_path, page.line_of("terms"),
                       f"term ids differ from {source.display_path}: {_diff(a, b, lambda x: repr(x))}")]


def check_chapter_order(pages: list) -> list[Issue]:
    issues: list[Issue] = []
    groups: dict[tuple[str, str, int], list] = {}
    for page in pages:
        if page.type != "chapter":
            continue
        manual, order = page.meta.get("manual"), page.meta.get("order")
        if manual is None or order is None:
            continue
        groups.setdefault((page.lang, manual, order), []).append(page)
    for (lang, manual, order), group in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2])):
        if len(group) < 2:
            continue
        group.sort(key=lambda p: p.rel_path)
        first = group[0]
        for page in group[1:]:
            issues.append(make_issue("KC304", page.display_path, page.line_of("order"),
                                     f"`order: {order}` is also used by {first.display_path} (manual {manual})"))
    return issues


def check_guidance(page) -> list[Issue]:
    """A guidance page needs the three parts as level-2 headings with fixed anchors."""
    if page.type != "guidance":
        return []
    info = page.body_info
    issues = []
    for anchor, titles in PARTS.items():
        title = titles.get(page.lang, titles["nl"])
        found = [h for h in info.headings if h.id == anchor]
        level2 = [h for h in found if h.level == 2]
        if level2:
            continue
        if found:
            h = found[0]
            issues.append(make_issue("KC305", page.display_path, page.body_line + h.line,
                                     f"the part '#{anchor}' must be a level-2 heading (##), not level {h.level}",
                                     f"Write it as `## {title} {{#{anchor}}}`."))
        else:
            issues.append(make_issue("KC305", page.display_path, page.body_line,
                                     f"the guidance part '{title}' with anchor '#{anchor}' is missing",
                                     f"Add the heading `## {title} {{#{anchor}}}`."))
    return issues
