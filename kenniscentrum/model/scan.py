"""Structured data of a self-assessment (instrument ``kind: scan``): themes → questions, and the scoring rule.

One source drives the web page (questionnaire without JavaScript, the tool in overrides/assets/javascripts/scan.js),
the saved answers (keyed by question id) and every download (PDF, DOCX, and an XLSX whose formulas compute the same
theme scores). Question ids are unique in the whole scan and the same in nl and en (KC309), so editing a question's
wording keeps every saved answer.

The answer scale is defined once, here (:data:`SCALE`); templates and the script receive it through the page's data
island, so the browser, the spreadsheet and :func:`theme_scores` share one rule: a theme's score (0–100) is the mean of
its answered questions' scores weighted by each question's ``weight``; "not applicable" and unanswered questions are
left out, and a theme with no counted answer has no score.
"""
from __future__ import annotations

from collections.abc import Mapping

from kenniscentrum.model.base import (
    Choice, Context, Field, Id, Integer, ListOf, Record, Text, VocabId, key_name,
)

#: The answer scale: (id, score). ``None`` = not counted. Labels per language live in data/ui/scan.yml.
SCALE: tuple[tuple[str, int | None], ...] = (
    ("not-started", 0),
    ("started", 50),
    ("in-place", 100),
    ("not-applicable", None),
)
SCORES: dict[str, int | None] = dict(SCALE)
ANSWERS: tuple[str, ...] = tuple(a for a, _ in SCALE)
#: A question's answer counts as "low" (its recommended instruments are shown) below this score.
LOW_BELOW = 100
#: A VSME disclosure counts as supported when every counted question mapped to it scores at least this.
SUPPORTED_FROM = 100

SOURCE = Record([
    Field("title", Text(), True, "the title of the public source (a law, regulation or official page)"),
    Field("url", Text(pattern=r"^https://[^\s]+$", pattern_rule="KC104",
                      pattern_hint=": use the full https:// address of the public source"), True,
          "the https:// address of the public source"),
])

QUESTION = Record([
    Field("id", Id(), True, "stable id of the question; saved answers follow it (unique in the whole scan)"),
    Field("text", Text(), True, "the question, as a statement the reader rates (not started / started / in place)"),
    Field("help", Text(), False, "optional: a hint shown under the question"),
    Field("weight", Integer(1, 3), False, "how much the question counts in its theme's score, 1–3 (default 1)"),
    Field("obligation", Choice("legal", "voluntary"), True,
          "`legal` when the question is about a legal obligation (then `source` is required), else `voluntary`"),
    Field("source", SOURCE, False, "the public source of a legal obligation: `{title, url}`"),
    Field("recommends", ListOf(Text(pattern=r"^[a-z0-9][a-z0-9/._-]*\.md$", pattern_rule="KC104",
                                    pattern_hint=": write the instrument's path, e.g. instrumenten/x.md")),
          False, "instruments shown when the answer is low: paths under content/<lang>/, e.g. "
                 "`instrumenten/gids-starten-met-mvo.md` (KC310)"),
    Field("vsme", ListOf(VocabId("vsme", "VSME disclosure")), False,
          "VSME Basic-module disclosures the question helps to prepare (B1–B11), from vocabulary `vsme`"),
])

SCAN = Record([
    Field("themes", ListOf(Record([
        Field("id", VocabId("themes", "theme"), True, "the portal theme this group of questions is about"),
        Field("intro", Text(), False, "optional: one sentence introducing the theme's questions"),
        Field("questions", ListOf(QUESTION, min_items=1, unique_key="id"), True, "the theme's questions"),
    ]), min_items=1, unique_key="id"), True, "the scan's themes, in the order they are asked"),
])


def check_questions(typed: dict, raw: dict, ctx: Context) -> None:
    """Question ids unique in the whole scan (KC116); a legal obligation names its public source (KC124)."""
    data = typed.get("scan")
    if not isinstance(data, dict):
        return
    seen: dict[str, str] = {}
    for t, theme in enumerate(data.get("themes") or []):
        for q, question in enumerate(theme.get("questions") or []):
            at = ("scan", "themes", t, "questions", q)
            qid = question.get("id")
            if qid is not None:
                if qid in seen and seen[qid] != theme.get("id"):
                    ctx.report("KC116", at + ("id",), f"`{key_name(at + ('id',))}`: the question id '{qid}' is "
                                                      f"already used in theme '{seen[qid]}'")
                else:
                    seen.setdefault(qid, theme.get("id"))
            if question.get("obligation") == "legal" and "source" not in question:
                ctx.report("KC124", at + ("obligation",),
                           f"`{key_name(at)}` is marked `obligation: legal` but names no `source`")


def structure(data) -> list[tuple]:
    """What must be the same in nl and en: per question (theme, id, weight, obligation, recommends, vsme)."""
    out: list[tuple] = []
    if not isinstance(data, Mapping):
        return out
    for theme in data.get("themes") or []:
        if not isinstance(theme, Mapping) or "id" not in theme:
            continue
        out.append((theme["id"], None))
        for q in theme.get("questions") or []:
            if isinstance(q, Mapping) and "id" in q:
                out.append((theme["id"], q["id"], q.get("weight", 1), q.get("obligation"),
                            tuple(q.get("recommends") or ()), tuple(q.get("vsme") or ())))
    return out


def questions(data) -> list[tuple[str, dict]]:
    """[(theme id, question), ...] in document order."""
    return [(theme["id"], q) for theme in (data or {}).get("themes", []) for q in theme.get("questions", [])]


def theme_scores(data, answers: Mapping[str, str]) -> dict[str, float | None]:
    """Theme id → score 0–100 (unrounded), or ``None`` when no question of the theme counts.

    ``answers`` maps question id → answer id; unknown answers and missing questions are not counted.
    """
    out: dict[str, float | None] = {}
    for theme in (data or {}).get("themes", []):
        total = weights = 0
        for q in theme.get("questions", []):
            score = SCORES.get(answers.get(q["id"], ""))
            if score is None:
                continue
            w = q.get("weight", 1)
            total += w * score
            weights += w
        out[theme["id"]] = total / weights if weights else None
    return out


def vsme_status(data, answers: Mapping[str, str]) -> dict[str, str]:
    """VSME disclosure id → ``supported`` | ``open`` for each disclosure the scan maps to.

    Supported: every mapped question that counts is answered "in place" and at least one counts. Everything else is
    open (not started, started, or not answered yet).
    """
    status: dict[str, str] = {}
    for _theme, q in questions(data):
        for code in q.get("vsme") or ():
            score = SCORES.get(answers.get(q["id"], ""))
            if answers.get(q["id"]) == "not-applicable":
                status.setdefault(code, "na")
                continue
            ok = score is not None and score >= SUPPORTED_FROM
            prev = status.get(code, "na")
            status[code] = ("supported" if ok and prev in ("na", "supported") else "open")
    return {code: ("open" if s == "na" else s) for code, s in status.items()}
