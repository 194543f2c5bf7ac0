"""Translation drift: which English pages still match the Dutch source they were translated from.

The site's default language (Dutch, ``content/nl/``) is the source language; every other language of the
:class:`~kenniscentrum.site.Site` is translated from it. A translated page records the version of its Dutch source it was made
from as ``source_hash`` in its front matter, written by ``python -m kenniscentrum translations mark`` (never by hand).
The hash covers what a translator translates — the Dutch page's body and its front-matter values, whitespace
normalised — and leaves out editorial bookkeeping (status, owner, review dates, …), so re-wrapping a paragraph or
recording a review does not flag the translation, while any change of wording does.

Status per Dutch page (see :data:`STATUSES`):

* ``up-to-date`` — the English page's ``source_hash`` equals the Dutch page's current hash;
* ``outdated`` — the Dutch page changed since the English page was marked (or it was never marked);
* ``missing`` — there is no English page at all (what the build does then: :func:`missing_translation_policy`);
* ``awaiting`` — the English page exists as a placeholder (``awaiting_translation: true``).

Pure logic: no MkDocs. Pages are :class:`kenniscentrum.content.Page` objects (only ``lang``, ``rel_path``, ``meta``,
``body``, ``type``, ``display_path`` and ``is_draft`` are used).
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kenniscentrum.model import PARITY_IGNORED, keys_with
from kenniscentrum.site import MISSING_TRANSLATION_POLICIES, Site, bare_site, load_site, page_url
from kenniscentrum.issues import Issue, make_issue

UP_TO_DATE, OUTDATED, MISSING, AWAITING = "up-to-date", "outdated", "missing", "awaiting"
STATUSES = (UP_TO_DATE, OUTDATED, MISSING, AWAITING)

#: Front-matter keys whose change never needs a new translation: editorial bookkeeping and presentation. Derived
#: from the `parity_ignored` role on the fields in kenniscentrum/model/ (the single source).
IGNORED_KEYS = keys_with(PARITY_IGNORED)
#: Length of the hex digest written into ``source_hash`` (the schema accepts 8–64 hex digits).
HASH_LENGTH = 16

_WS = re.compile(r"\s+")


# --------------------------------------------------------------------------------------------------------------------
# The hash
# --------------------------------------------------------------------------------------------------------------------
def normalise_text(text: str) -> str:
    """Unicode NFC, every run of whitespace (line breaks included) as one space, no leading or trailing space."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _normalise_value(value):
    if isinstance(value, dict):
        return {str(k): _normalise_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_normalise_value(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if value is None:
        return None
    # Numbers become text too: `id: 1` and `id: "1"` are the same thing to a translator (and to the schema).
    return normalise_text(str(value))


def normalised_source(meta: dict, body: str) -> str:
    """The canonical text the hash is taken of (useful for debugging why a page counts as changed)."""
    kept = {k: _normalise_value(v) for k, v in (meta or {}).items() if k not in IGNORED_KEYS}
    return json.dumps({"meta": kept, "body": normalise_text(body or "")}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))


def source_hash(meta: dict, body: str) -> str:
    """The hash of a Dutch page as an English page records it in ``source_hash``."""
    return hashlib.sha256(normalised_source(meta, body).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def page_hash(page) -> str:
    """:func:`source_hash` of a page, computed once per page object: every page view of a build asks for its Dutch
    source's state (translation banner, status page). Kept with the very ``meta`` and ``body`` it was taken of, so a
    page given new ones is hashed again (pages are never changed in place after loading)."""
    memo = getattr(page, "__dict__", None)
    if memo is None:
        return source_hash(page.meta, page.body)
    held = memo.get("_kc_source_hash")
    if held is None or held[0] is not page.meta or held[1] is not page.body:
        held = (page.meta, page.body, source_hash(page.meta, page.body))
        memo["_kc_source_hash"] = held
    return held[2]


# --------------------------------------------------------------------------------------------------------------------
# Status per page
# --------------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TranslationState:
    rel_path: str  # path below content/<lang>/, the same in every language
    status: str  # one of STATUSES
    source_path: str  # e.g. "content/nl/instrumenten/x.md"
    target_path: str  # e.g. "content/en/instrumenten/x.md" (whether or not it exists)
    source_title: str
    target_title: str | None
    current_hash: str
    recorded_hash: str | None
    draft: bool  # the Dutch source is a draft (not published)
    reason: str  # one human sentence
    target_lang: str = ""  # the language translated into

    @property
    def url(self) -> str:
        """Site-relative URL of the page without language prefix ("x/y.md" -> "x/y/")."""
        return rel_path_to_url(self.rel_path)

    def as_dict(self) -> dict:
        return {
            "path": self.rel_path, "status": self.status, "source": self.source_path, "target": self.target_path,
            "source_title": self.source_title, "target_title": self.target_title, "current_hash": self.current_hash,
            "recorded_hash": self.recorded_hash, "draft": self.draft, "reason": self.reason,
        }


def rel_path_to_url(rel_path: str) -> str:
    return page_url(rel_path)


def _target_display(source, target_lang: str) -> str:
    display = getattr(source, "display_path", "") or f"content/{source.lang}/{source.rel_path}"
    marker = f"/{source.lang}/"
    head, sep, _ = display.rpartition(marker + source.rel_path)
    return f"{head}/{target_lang}/{source.rel_path}" if sep else f"content/{target_lang}/{source.rel_path}"


def _names(site: Site, target_lang: str) -> tuple[str, str]:
    """How messages (in English) name the source and the target language: "Dutch", "English"."""
    return site.english_name(site.default_lang), site.english_name(target_lang)


def page_state(source, target, target_lang: str | None = None, site: Site | None = None) -> TranslationState:
    """The translation status of source page ``source`` given its counterpart ``target`` (or None) in
    ``target_lang`` (default: the site's first translated language)."""
    site = site or bare_site()
    target_lang = target_lang or (target.lang if target is not None else site.translated_langs[0])
    source_name, target_name = _names(site, target_lang)
    current = page_hash(source)
    common = dict(rel_path=source.rel_path, source_path=source.display_path,
                  target_path=_target_display(source, target_lang),
                  source_title=str(source.meta.get("title", source.rel_path)), current_hash=current,
                  draft=bool(source.is_draft), target_lang=target_lang)
    if target is None or target.type == "generated":
        return TranslationState(status=MISSING, target_title=None, recorded_hash=None,
                                reason=f"there is no {target_name} page", **common)
    if target.meta.get("awaiting_translation"):
        return TranslationState(status=AWAITING, target_title=target.meta.get("title"),
                                recorded_hash=target.meta.get("source_hash"),
                                reason=f"the {target_name} page is a placeholder awaiting translation", **common)
    recorded = target.meta.get("source_hash")
    if recorded == current:
        return TranslationState(status=UP_TO_DATE, target_title=target.meta.get("title"), recorded_hash=recorded,
                                reason=f"the {target_name} page matches the current {source_name} page", **common)
    reason = (f"the {target_name} page was never marked as translated" if not recorded
              else f"the {source_name} page changed after the {target_name} page was marked as translated")
    return TranslationState(status=OUTDATED, target_title=target.meta.get("title"), recorded_hash=recorded,
                            reason=reason, **common)


def translation_report(pages, site: Site | None = None, target_langs: tuple[str, ...] | None = None
                       ) -> list[TranslationState]:
    """One state per source page (generated pages left out) and translated language, sorted by path, then by the
    site's language order."""
    site = site or bare_site()
    targets = site.translated_langs if target_langs is None else target_langs
    by_key = {(p.lang, p.rel_path): p for p in pages}
    states = []
    for page in pages:
        if page.lang != site.default_lang or page.type == "generated":
            continue
        for lang in targets:
            states.append(page_state(page, by_key.get((lang, page.rel_path)), lang, site))
    order = {lang: i for i, lang in enumerate(site.langs)}
    return sorted(states, key=lambda s: (s.rel_path, order.get(s.target_lang, 0)))


def state_for(content, rel_path: str, target_lang: str | None = None) -> TranslationState | None:
    """The state of one page (by its shared relative path) in ``target_lang``, or None when there is no source page
    or ``target_lang`` is the source language. ``content``: a ContentSet (its ``site`` says the languages)."""
    site = getattr(content, "site", None) or bare_site()
    target_lang = target_lang or site.translated_langs[0]
    if target_lang == site.default_lang:
        return None
    source = content.get(site.default_lang, rel_path)
    if source is None or source.type == "generated":
        return None
    return page_state(source, content.get(target_lang, rel_path), target_lang, site)


# --------------------------------------------------------------------------------------------------------------------
# Marking an English page as translated: write ``source_hash`` in place
# --------------------------------------------------------------------------------------------------------------------
class MarkError(Exception):
    """The page cannot be marked (no front matter, still awaiting translation, …). The message says how to fix it."""


_OPEN = re.compile(rb"\A(\xef\xbb\xbf)?---[ \t]*(\r\n|\n|\r)")
_CLOSE = re.compile(rb"^(?:---|\.\.\.)[ \t]*(?:\r\n|\n|\r|\Z)", re.MULTILINE)
_KEY_LINE = re.compile(rb"^source_hash[ \t]*:[^\r\n]*", re.MULTILINE)


def set_source_hash(data: bytes, new_hash: str) -> bytes:
    """``data`` (a Markdown file) with ``source_hash: <new_hash>`` in its front matter; every other byte unchanged.

    An existing top-level ``source_hash`` line is replaced in place; otherwise the line is added just before the
    closing ``---``, with the file's own line ending.
    """
    if not re.fullmatch(r"[0-9a-f]{8,64}", new_hash):
        raise ValueError(f"not a hash: {new_hash!r}")
    opening = _OPEN.match(data)
    if opening is None:
        raise MarkError("the file has no front matter (the first line must be '---')")
    newline = opening.group(2)
    closing = _CLOSE.search(data, opening.end())
    if closing is None:
        raise MarkError("the front matter is never closed with a '---' line")
    front = data[opening.end():closing.start()]
    line = b"source_hash: " + new_hash.encode("ascii")
    found = list(_KEY_LINE.finditer(front))
    if len(found) > 1:
        raise MarkError("`source_hash` appears more than once in the front matter; delete the extra lines")
    if found:
        start = opening.end() + found[0].start()
        end = opening.end() + found[0].end()
        return data[:start] + line + data[end:]
    if front and not front.endswith((b"\n", b"\r")):  # pragma: no cover - the closing regex needs a line start
        line = newline + line
    return data[:closing.start()] + line + newline + data[closing.start():]


def mark_file(path: Path, new_hash: str) -> bool:
    """Write ``source_hash`` into the English page at ``path``; returns whether the file changed.

    Refuses placeholders (``awaiting_translation: true``): remove that line once the page is translated. The result
    is read back and compared with the original front matter, so a file is never left half-edited.
    """
    from kenniscentrum.frontmatter import parse

    data = path.read_bytes()
    before = parse(data, str(path))
    if before.meta is None:
        problems = "; ".join(i.message for i in before.issues) or "the front matter cannot be read"
        raise MarkError(f"{path}: {problems}")
    if before.meta.get("awaiting_translation") is True:
        raise MarkError(f"{path}: the page is still a placeholder (`awaiting_translation: true`); translate it, "
                        "remove the `awaiting_translation` line, then mark it")
    try:
        updated = set_source_hash(data, new_hash)
    except MarkError as exc:
        raise MarkError(f"{path}: {exc}") from None
    if updated == data:
        return False
    after = parse(updated, str(path))
    expected = dict(before.meta, source_hash=new_hash)
    if after.meta != expected or after.body != before.body:
        raise MarkError(f"{path}: writing `source_hash` would change other front matter; add the line "
                        f"`source_hash: {new_hash}` by hand just above the closing '---'")
    path.write_bytes(updated)
    return True


# --------------------------------------------------------------------------------------------------------------------
# Missing translations: policy from mkdocs.yml (docs/decisions/0004-missing-translations.md)
# --------------------------------------------------------------------------------------------------------------------
FAIL, PLACEHOLDER = MISSING_TRANSLATION_POLICIES
POLICIES = MISSING_TRANSLATION_POLICIES
DEFAULT_POLICY = FAIL
CONFIG_KEY = "extra.kenniscentrum.missing_translation"
MISSING_RULE = "KC308"


def missing_translation_policy(root: Path) -> str | None:
    """``fail`` or ``placeholder`` from ``<root>/mkdocs.yml`` (default ``fail``), read by :func:`load_site`; None when
    there is no mkdocs.yml (a bare content tree, e.g. a test fixture: nothing is published, so nothing is enforced)."""
    return load_site(root).settings.missing_translation


def missing_pages(pages, site: Site | None = None, target_lang: str | None = None) -> list:
    """Published source-language pages (not generated) without any page in ``target_lang`` (default: the first
    translated language)."""
    site = site or bare_site()
    target_lang = target_lang or site.translated_langs[0]
    present = {p.rel_path for p in pages if p.lang == target_lang and p.type != "generated"}
    return sorted((p for p in pages if p.lang == site.default_lang and p.type != "generated" and not p.is_draft
                   and p.rel_path not in present), key=lambda p: p.rel_path)


def new_command(page) -> str:
    return f'python -m kenniscentrum new {page.type} {page.rel_path} --title-en "<English title>"'


def check_missing_translations(pages, site: Site, files: dict[str, set[str]] | None = None) -> list[Issue]:
    """KC308 for every published source page without a page in a translated language, when the policy is ``fail``.

    ``files`` (lang -> every file under content/<lang>/) lets a file that exists but could not be read count as
    present: its own problem is reported on it, not a second one here.
    """
    if site.settings.missing_translation != FAIL:
        return []
    issues = []
    for target_lang in site.translated_langs:
        issues.extend(_missing_issues(pages, site, target_lang, (files or {}).get(target_lang, set())))
    return issues


def _missing_issues(pages, site: Site, target_lang: str, existing: set[str]) -> list[Issue]:
    source_name, target_name = _names(site, target_lang)
    issues = []
    for page in missing_pages(pages, site, target_lang):
        if page.rel_path in existing:
            continue
        target = _target_display(page, target_lang)
        issues.append(make_issue(
            MISSING_RULE, page.display_path, 1,
            f"this published page has no {target_name} version ({target} does not exist); the site never publishes "
            f"{source_name} text under /{site.prefix(target_lang)}",
            f"Run `{new_command(page)}` to add an English placeholder (awaiting translation), or write the "
            f"translation in {target}; to publish such pages with an automatic placeholder instead, set "
            f"`{CONFIG_KEY}: placeholder` in mkdocs.yml."))
    return issues
