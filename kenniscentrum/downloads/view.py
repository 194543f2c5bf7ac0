"""What templates see of the downloads (``kc_downloads``): links per page and the full listing, with localized
format names and sizes. No markup here; see ``overrides/kc/downloads.html`` and
``overrides/partials/kc/downloads-links.html``."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kenniscentrum.downloads.common import page_path
from kenniscentrum.downloads.produce import DownloadFile


def format_size(size: int, lang: str) -> str:
    """Decimal units, as file managers show them: ``48 kB``, ``1,2 MB`` (nl) / ``1.2 MB`` (en)."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} kB"
    text = f"{size / 1_000_000:.1f}"
    return f"{text.replace('.', ',') if lang == 'nl' else text} MB"


@dataclass(frozen=True)
class DownloadLink:
    url: str  # from the site root; templates pass it through the `url` filter
    filename: str
    format: str
    format_label: str  # "PDF", "Word (DOCX)"
    hint: str  # "om af te drukken"
    size: int
    size_label: str  # "48 kB"
    date: date
    media_type: str
    title: str
    source: str
    kind: str

    @property
    def details(self) -> str:
        """Format and size for link text, e.g. ``PDF, 48 kB``."""
        return f"{self.format_label}, {self.size_label}"


@dataclass(frozen=True)
class DownloadEntry:
    title: str
    source: str  # rel_path of the page
    url: str  # the page's URL from the site root, with the language prefix
    kind: str
    files: tuple[DownloadLink, ...]


@dataclass(frozen=True)
class DownloadGroup:
    kind: str
    heading: str
    entries: tuple[DownloadEntry, ...]


class DownloadsView:
    def __init__(self, files: list[DownloadFile], lang: str, strings: dict):
        self.lang = lang
        self.strings = strings
        self.links = [self._link(f) for f in files]
        self._linked: dict[str, list[DownloadLink]] = {}
        for file, link in zip(files, self.links):
            for rel_path in file.spec.linked_from or (file.spec.source,):
                self._linked.setdefault(rel_path, []).append(link)

    def _link(self, file: DownloadFile) -> DownloadLink:
        spec = file.spec
        return DownloadLink(
            url=spec.url, filename=spec.filename, format=spec.format,
            format_label=self.strings["formats"][spec.format], hint=self.strings["format_hints"][spec.format],
            size=file.size, size_label=format_size(file.size, self.lang), date=file.date.date(),
            media_type=spec.media_type, title=spec.title, source=spec.source, kind=spec.kind,
        )

    def __bool__(self) -> bool:
        return bool(self.links)

    def for_page(self, rel_path: str) -> list[DownloadLink]:
        """The downloads a page links: its own files, or the whole manual for its index and chapters."""
        return list(self._linked.get(rel_path, []))

    def groups(self) -> list[DownloadGroup]:
        result = []
        for kind in ("checklist", "worksheet", "scan", "manual"):
            entries: dict[str, list[DownloadLink]] = {}
            for link in self.links:
                if link.kind == kind:
                    entries.setdefault(link.source, []).append(link)
            if entries:
                result.append(DownloadGroup(
                    kind=kind, heading=self.strings[f"group_{kind}"],
                    entries=tuple(DownloadEntry(title=links[0].title, source=source, url=page_path(source, self.lang),
                                                kind=kind, files=tuple(links))
                                  for source, links in entries.items()),
                ))
        return result
