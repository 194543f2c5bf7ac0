"""Translation drift: which English pages still match the Dutch source they were translated from.

Dutch (``content/nl/``) is the source language. An English page records the version of its Dutch source it was made
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

import yaml

from kenniscentrum.validation.issues import Issue, make_issue

SOURCE_LANG = "nl"
TARGET_LANG = "en"

UP_TO_DATE, OUTDATED, MISSING, AWAITING = "up-to-date", "outdated", "missing", "awaiting"
STATUSES = (UP_TO_DATE, OUTDATED, MISSING, AWAITING)

#: Front-matter keys whose change never needs a new translation: editorial bookkeeping and presentation.
IGNORED_KEYS = frozenset({
    "status", "owner", "last_reviewed", "review_every", "next_review", "source_hash", "awaiting_translation",
    "hide", "template",
})
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
    return source_hash(page.meta, page.body)


# --------------------------------------------------------------------------------------------------------------------
# Status per page
# --------------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TranslationState:
    rel_path: str  # path below content/<lang>/, the same in both languages
    status: str  # one of STATUSES
    source_path: str  # e.g. "content/nl/instrumenten/x.md"
    target_path: str  # e.g. "content/en/instrumenten/x.md" (whether or not it exists)
    source_title: str
    target_title: str | None
    current_hash: str
    recorded_hash: str | None
    draft: bool  # the Dutch source is a draft (not published)
    reason: str  # one human sentence

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
    directory, _, name = rel_path.rpartition("/")
    stem = name[:-3] if name.endswith(".md") else name
    if stem in ("index", "README"):
        return f"{directory}/" if directory else ""
    return f"{directory}/{stem}/" if directory else f"{stem}/"


def _target_display(source) -> str:
    display = getattr(source, "display_path", "") or f"content/{SOURCE_LANG}/{source.rel_path}"
    marker = f"/{SOURCE_LANG}/"
    head, sep, _ = display.rpartition(marker + source.rel_path)
    return f"{head}/{TARGET_LANG}/{source.rel_path}" if sep else f"content/{TARGET_LANG}/{source.rel_path}"


def page_state(source, target) -> TranslationState:
    """The translation status of Dutch page ``source`` given its English counterpart ``target`` (or None)."""
    current = page_hash(source)
    common = dict(rel_path=source.rel_path, source_path=source.display_path, target_path=_target_display(source),
                  source_title=str(source.meta.get("title", source.rel_path)), current_hash=current,
                  draft=bool(source.is_draft))
    if target is None or target.type == "generated":
        return TranslationState(status=MISSING, target_title=None, recorded_hash=None,
                                reason="there is no English page", **common)
    if target.meta.get("awaiting_translation"):
        return TranslationState(status=AWAITING, target_title=target.meta.get("title"),
                                recorded_hash=target.meta.get("source_hash"),
                                reason="the English page is a placeholder awaiting translation", **common)
    recorded = target.meta.get("source_hash")
    if recorded == current:
        return TranslationState(status=UP_TO_DATE, target_title=target.meta.get("title"), recorded_hash=recorded,
                                reason="the English page matches the current Dutch page", **common)
    reason = ("the English page was never marked as translated" if not recorded
              else "the Dutch page changed after the English page was marked as translated")
    return TranslationState(status=OUTDATED, target_title=target.meta.get("title"), recorded_hash=recorded,
                            reason=reason, **common)


def translation_report(pages) -> list[TranslationState]:
    """One state per Dutch page (generated pages left out), sorted by path."""
    by_key = {(p.lang, p.rel_path): p for p in pages}
    states = []
    for page in pages:
        if page.lang != SOURCE_LANG or page.type == "generated":
            continue
        states.append(page_state(page, by_key.get((TARGET_LANG, page.rel_path))))
    return sorted(states, key=lambda s: s.rel_path)


def state_for(pages_or_model, rel_path: str) -> TranslationState | None:
    """The state of one page (by its shared relative path), or None when there is no Dutch source."""
    source = pages_or_model.get(SOURCE_LANG, rel_path)
    if source is None or source.type == "generated":
        return None
    return page_state(source, pages_or_model.get(TARGET_LANG, rel_path))


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
# Missing English pages: policy from mkdocs.yml (docs/decisions/0004-missing-translations.md)
# --------------------------------------------------------------------------------------------------------------------
FAIL, PLACEHOLDER = "fail", "placeholder"
POLICIES = (FAIL, PLACEHOLDER)
DEFAULT_POLICY = FAIL
CONFIG_KEY = "extra.kenniscentrum.missing_translation"
MISSING_RULE = "KC308"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: ``!ENV`` and other tags become None (we only need plain values)."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:", lambda loader, suffix, node: None)

_policy_cache: dict[Path, tuple[tuple, str | None]] = {}


def missing_translation_policy(root: Path) -> str | None:
    """``fail`` or ``placeholder`` from ``<root>/mkdocs.yml`` (default ``fail``); None when there is no mkdocs.yml
    (a bare content tree, e.g. a test fixture: nothing is published, so nothing is enforced)."""
    config = Path(root) / "mkdocs.yml"
    try:
        stat = config.stat()
    except OSError:
        return None
    key = (stat.st_mtime_ns, stat.st_size)
    cached = _policy_cache.get(config)
    if cached and cached[0] == key:
        return cached[1]
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{config}: cannot be read ({exc})") from None
    value = ((data.get("extra") or {}).get("kenniscentrum") or {}).get("missing_translation", DEFAULT_POLICY)
    if value not in POLICIES:
        raise ValueError(f"{config}: `{CONFIG_KEY}` is {value!r}; use one of: {', '.join(POLICIES)}")
    _policy_cache[config] = (key, value)
    return value


def missing_pages(pages) -> list:
    """Published Dutch pages (not generated) without any English page."""
    present = {p.rel_path for p in pages if p.lang == TARGET_LANG and p.type != "generated"}
    return sorted((p for p in pages if p.lang == SOURCE_LANG and p.type != "generated" and not p.is_draft
                   and p.rel_path not in present), key=lambda p: p.rel_path)


def new_command(page) -> str:
    return f'python -m kenniscentrum new {page.type} {page.rel_path} --title-en "<English title>"'


def check_missing_translations(pages, root: Path, files: dict[str, set[str]] | None = None) -> list[Issue]:
    """KC308 for every published Dutch page without an English page, when the policy is ``fail``.

    ``files`` (lang -> every file under content/<lang>/) lets an English file that exists but could not be read count
    as present: its own problem is reported on it, not a second one here.
    """
    if missing_translation_policy(root) != FAIL:
        return []
    existing = (files or {}).get(TARGET_LANG, set())
    issues = []
    for page in missing_pages(pages):
        if page.rel_path in existing:
            continue
        target = _target_display(page)
        issues.append(make_issue(
            MISSING_RULE, page.display_path, 1,
            f"this published page has no English version ({target} does not exist); the site never publishes "
            "Dutch text under /en/",
            f"Run `{new_command(page)}` to add an English placeholder (awaiting translation), or write the "
            f"translation in {target}; to publish such pages with an automatic placeholder instead, set "
            f"`{CONFIG_KEY}: placeholder` in mkdocs.yml."))
    return issues
