"""Front matter against the schema of its ``type`` (rules KC101–KC123)."""
from __future__ import annotations

import difflib
from functools import lru_cache

from kenniscentrum.model import SCHEMAS
from kenniscentrum.model.base import Context
from kenniscentrum.issues import Issue


@lru_cache(maxsize=None)
def _other_keys(type_name: str) -> dict[str, str]:
    """Keys of other types, so `kind:` on a chapter says where it belongs instead of 'did you mean'."""
    own = {f.name for f in SCHEMAS[type_name].fields}
    where: dict[str, list[str]] = {}
    for name, schema in SCHEMAS.items():
        if name == "generated":
            continue
        for f in schema.fields:
            if f.name not in own:
                where.setdefault(f.name, []).append(name)
    return {key: "only used on " + " and ".join(f"`{t}`" for t in types) + " pages" for key, types in where.items()}


def validate_meta(meta: dict, lines: dict, path: str, lang: str, vocab=None, templates: set[str] | None = None,
                  *, translated: bool | None = None) -> tuple[str | None, dict, list[Issue]]:
    """Check ``meta`` (a mapping) and convert it. Returns (type name or None, typed meta, issues).

    The typed meta holds only known keys with valid values (dates as ``datetime.date``); when the type is unknown the
    raw meta is returned unchanged with a KC101 issue. ``translated``: the page is in a language translated from the
    default one (None: any language but the bare tree's default, see :func:`kenniscentrum.site.bare_site`).
    """
    if translated is None:
        from kenniscentrum.site import bare_site

        translated = lang != bare_site().default_lang
    ctx = Context(path, lang, lines, vocab, templates, translated=translated)
    type_name = meta.get("type")
    if not isinstance(type_name, str) or type_name not in SCHEMAS:
        allowed = [t for t in SCHEMAS if t != "generated"]
        if "type" not in meta:
            ctx.report("KC101", (), "the front matter has no `type`",
                       f"Add `type:` with one of: {', '.join(allowed)}.")
        else:
            close = difflib.get_close_matches(str(type_name), allowed, n=1, cutoff=0.5)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            ctx.report("KC101", ("type",), f"unknown type {type_name!r}{hint}",
                       f"Use one of: {', '.join(allowed)}.")
        return None, meta, ctx.issues
    schema = SCHEMAS[type_name]
    ctx.type_name = type_name
    typed = schema.record(_other_keys(type_name)).check(meta, ctx, ())
    for check in schema.checks:
        check(typed, meta, ctx)
    return type_name, typed, ctx.issues
