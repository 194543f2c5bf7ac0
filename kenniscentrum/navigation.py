"""Order of the top-level navigation. MkDocs sorts files before folders and static-i18n sorts sections by title,
which puts the search page before the instruments; readers expect the portal's own order instead."""
from __future__ import annotations

# Top-level entries by their first path segment (a folder, or a top-level page without ".md"), in reading order.
NAV_ORDER = (
    "index",
    "instrumenten",
    "zoeker",
    "gemeenten",
    "handleiding-ambassadeurs",
    "projecten",
    "themas",
    "overzicht",
    "downloads",
    "woordenlijst",
    "over",
)
# Reachable from the header (search) or the footer (status), so kept out of the side navigation.
NAV_HIDDEN = ("zoeken", "vertaalstatus")


def top_segment(rel_path: str) -> str:
    """``instrumenten/x.md`` → ``instrumenten``; ``woordenlijst.md`` → ``woordenlijst``."""
    segment = rel_path.split("/", 1)[0]
    return segment[:-3] if segment.endswith(".md") else segment


def order_entries(entries: list[tuple[str, object]]) -> list[object]:
    """Sort (top segment, item) pairs by NAV_ORDER, unknown entries last in their original order; drop hidden ones."""
    rank = {segment: position for position, segment in enumerate(NAV_ORDER)}
    kept = [(segment, item) for segment, item in entries if segment not in NAV_HIDDEN]
    indexed = sorted(enumerate(kept), key=lambda pair: (rank.get(pair[1][0], len(rank)), pair[0]))
    return [item for _, (_, item) in indexed]


def order_children(children: list, order_of, is_index) -> list:
    """Inside a section: the section's index page first, then the pages that have an ``order`` (manual chapters,
    the chapters of the municipal guide) by that number, then everything else in its original order. Without this,
    MkDocs lists guidance topics alphabetically by file name, which is not the guide's reading order."""
    def key(pair):
        position, item = pair
        if is_index(item):
            return (0, 0, position)
        order = order_of(item)
        return (1, order, position) if isinstance(order, int) and not isinstance(order, bool) else (2, 0, position)
    return [item for _, item in sorted(enumerate(children), key=key)]


def trim_large_section(children: list, is_index, limit: int) -> list:
    """A section with more than ``limit`` pages keeps only its overview (index) page and its subsections in the
    sidebar. Listing every sibling on every page makes each page's HTML, and the build, grow with the square of the
    section (issue 18); the overview page, the finder, breadcrumbs and search still list every page, and the pages
    themselves are built as before (MkDocs builds files, not the navigation)."""
    pages = [child for child in children if not getattr(child, "children", None)]
    if len(pages) <= limit:
        return children
    return [child for child in children if is_index(child) or getattr(child, "children", None)]
