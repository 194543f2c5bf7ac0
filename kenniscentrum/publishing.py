"""Where the site is published, and what the build may therefore claim about it.

A build only knows the public address when the deploy sets ``SITE_URL`` (``site_url`` in mkdocs.yml has no
default). Without it the build writes no absolute URL at all instead of a made-up one: no canonical links (MkDocs
leaves them out), no ``sitemap.xml`` (the sitemap protocol requires absolute URLs), no ``feed.xml`` (an Atom feed
needs absolute ids and links) and no "online version" line in the downloads; ``instruments.json`` and the JSON-LD
use paths from the site root. Likewise edit and "suggest a change" links appear only when a repository is
configured (``KC_EDIT_URI``, ``KC_ISSUES_URL``).

Editor-only pages (the translation and review status) are built so editors can open them, but they are no part of
the reader's portal: not in the sitemap, the navigation or search.
"""
from __future__ import annotations

from urllib.parse import urlsplit

#: Generated page templates whose pages are for editors only (``kenniscentrum/generators/status.py``).
EDITOR_ONLY_TEMPLATES = frozenset({"kc/status.html"})

#: Files that exist only when the public address is known.
ADDRESS_ONLY_FILES = ("sitemap.xml", "feed.xml")

NO_ADDRESS_NOTE = (
    "SITE_URL is not set: building without a public address. No canonical links, no sitemap.xml, no feed.xml and "
    "no 'online version' line in the downloads; instruments.json and JSON-LD use paths from the site root. "
    "Set SITE_URL=https://… for a deployable build (README, \"Deploying\")."
)


def published_address(site_url: str | None) -> str | None:
    """The public address with one trailing slash, or None when the build does not know it (unset, empty, or not
    an absolute http(s) URL)."""
    if not site_url or not str(site_url).strip():
        return None
    parts = urlsplit(str(site_url).strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return str(site_url).strip().rstrip("/") + "/"


def is_editor_only(page) -> bool:
    """True for pages meant for editors, not readers: kept out of the sitemap, navigation and search."""
    if page is None or getattr(page, "type", None) != "generated":
        return False
    meta = getattr(page, "meta", None) or {}
    return meta.get("template") in EDITOR_ONLY_TEMPLATES
