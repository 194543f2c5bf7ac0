"""Structured instrument data: a checklist (sections → items) and a worksheet (sections → fields).

One source drives the web page, the saved progress (keyed by id), and every download, so ids are stable, follow
``^[a-z0-9][a-z0-9-]*$`` and are the same in nl and en (KC301/KC302). Item and field ids are unique within the whole
checklist or worksheet, not just within their section, so saved progress can never mix two items up.
"""
from __future__ import annotations

from kenniscentrum.model.base import Context, Field, Id, ListOf, Record, Text, key_name

CHECKLIST = Record([
    Field("sections", ListOf(Record([
        Field("id", Id(), True, "stable id of the section"),
        Field("title", Text(), True, "section heading"),
        Field("items", ListOf(Record([
            Field("id", Id(), True, "stable id of the item; saved progress follows it"),
            Field("text", Text(), True, "what to check, as a statement that can be ticked off"),
            Field("why", Text(multiline=True), False, "optional: why this matters"),
        ]), min_items=1, unique_key="id"), True, "the items of the section"),
    ]), min_items=1, unique_key="id"), True, "the checklist's sections"),
])

WORKSHEET = Record([
    Field("sections", ListOf(Record([
        Field("id", Id(), True, "stable id of the section"),
        Field("title", Text(), True, "section heading"),
        Field("fields", ListOf(Record([
            Field("id", Id(), True, "stable id of the field; saved answers follow it"),
            Field("label", Text(), True, "the question or label shown next to the input"),
            Field("help", Text(multiline=True), False, "optional: a hint shown under the input"),
        ]), min_items=1, unique_key="id"), True, "the fields of the section"),
    ]), min_items=1, unique_key="id"), True, "the worksheet's sections"),
])


def structure_ids(data, child_key: str) -> list[tuple[str, str | None]]:
    """[(section id, None), (section id, item id), ...] in document order, for nl/en parity checks."""
    out: list[tuple[str, str | None]] = []
    if not isinstance(data, dict):
        return out
    for section in data.get("sections") or []:
        if not isinstance(section, dict) or "id" not in section:
            continue
        out.append((section["id"], None))
        for child in section.get(child_key) or []:
            if isinstance(child, dict) and "id" in child:
                out.append((section["id"], child["id"]))
    return out


def check_ids_across_sections(key: str, child_key: str):
    """Item (or field) ids must be unique in the whole checklist (or worksheet), not only per section."""

    def check(typed: dict, raw: dict, ctx: Context) -> None:
        data = typed.get(key)
        if not isinstance(data, dict):
            return
        seen: dict[str, str] = {}
        for s, section in enumerate(data.get("sections") or []):
            for c, child in enumerate(section.get(child_key) or []):
                cid = child.get("id")
                if cid is None:
                    continue
                if cid in seen and seen[cid] != section.get("id"):
                    at = (key, "sections", s, child_key, c, "id")
                    ctx.report("KC116", at, f"`{key_name(at)}`: the id '{cid}' is already used in section "
                                            f"'{seen[cid]}'")
                else:
                    seen.setdefault(cid, section.get("id"))

    return check
