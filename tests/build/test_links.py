"""Every internal link and anchor in the built site resolves, in both languages. External links are listed in
``link-report.txt`` next to the site directory (and summarised in the test output); they are never fetched.

Checked: ``href`` of ``<a>`` and ``<link>``, ``src``/``srcset`` of images, scripts and media, ``action`` of forms.
A link is internal when it is relative or points at the host of the site's own ``site_url``. It resolves when the
file exists (a directory URL needs its ``index.html``) and, with a ``#fragment``, when the target page has an
element with that id.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.support.realsite import site_url_of

LINK_ATTRS = {
    "a": ("href",), "link": ("href",), "img": ("src", "srcset"), "script": ("src",), "source": ("src", "srcset"),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "iframe": ("src",), "form": ("action",),
    "area": ("href",),
}
NOT_WEB = {"mailto", "tel", "data", "blob", "about"}


@dataclass
class Parsed:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (element, url)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.result = Parsed()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.result.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.result.ids.add(values["name"])
        for attr in LINK_ATTRS.get(tag, ()):
            value = values.get(attr)
            if value is None:
                continue
            if attr.endswith("srcset"):
                self.result.links.extend((tag, part.strip().split(" ")[0]) for part in value.split(",") if part.strip())
            else:
                self.result.links.append((tag, value.strip()))


def parse(path: Path) -> Parsed:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector.result


def page_url(site_root: str, rel: str) -> str:
    """The URL a file is served at: ``x/index.html`` → ``<root>x/``."""
    return site_root + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def target_file(site: Path, site_path: str, url_path: str) -> Path | None:
    """The file a same-site URL path resolves to, or None. ``site_path`` is the path of ``site_url`` (e.g. "/")."""
    if not url_path.startswith(site_path):
        return None
    rel = unquote(url_path[len(site_path):])
    candidate = site / rel
    if rel == "" or rel.endswith("/"):
        candidate = candidate / "index.html"
    if candidate.is_file():
        return candidate
    if (candidate / "index.html").is_file():
        return candidate / "index.html"
    return None


@dataclass
class LinkReport:
    broken: list[str] = field(default_factory=list)
    external: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def check_links(site: Path, site_root: str) -> LinkReport:
    """Check every link of every HTML file under ``site`` as served at ``site_root`` (e.g. http://host/)."""
    root = urlsplit(site_root)
    pages = {p: parse(p) for p in sorted(site.rglob("*.html"))}
    report = LinkReport()
    for path, parsed in pages.items():
        rel = path.relative_to(site).as_posix()
        base = page_url(site_root, rel)
        for tag, url in parsed.links:
            if not url:
                continue
            scheme = urlsplit(url).scheme.lower()
            if scheme == "javascript":
                report.broken.append(f"{rel}: <{tag}> {url[:60]} is a script URL")
                continue
            if scheme in NOT_WEB:
                if scheme in {"mailto", "tel"}:
                    report.external[url].add(rel)
                continue
            absolute = urlsplit(urljoin(base, url))
            if absolute.netloc != root.netloc:
                report.external[url].add(rel)
                continue
            target = target_file(site, root.path or "/", absolute.path)
            if target is None:
                report.broken.append(f"{rel}: <{tag}> {url} → {absolute.path} does not exist")
                continue
            fragment = unquote(absolute.fragment)
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if fragment not in ids:
                    report.broken.append(f"{rel}: <{tag}> {url} → no id '{fragment}' in "
                                         f"{target.relative_to(site).as_posix()}")
    return report


def write_report(report: LinkReport, destination: Path) -> None:
    lines = ["# External links in the built site (not fetched by the tests): URL, then the pages that link to it.", ""]
    for url in sorted(report.external):
        lines.append(url)
        lines.extend(f"    {page}" for page in sorted(report.external[url]))
    destination.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- the checker on a small broken fixture ---------------------------------------------------------------------------

def test_checker_finds_broken_links_and_anchors(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "en").mkdir()
    (site / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#part">ok anchor</a><a href="a/#nope">bad anchor</a><a href="b/">missing</a>'
        '<a href="#top">self</a><a href="https://example.org/x">external</a><img src="missing.png" alt="">'
        '<a href="/en/">absolute ok</a><a href="http://site.test/en/#gone">absolute bad anchor</a>'
        '<a href="javascript:alert(1)">js</a><p id="top">t</p>', encoding="utf-8")
    (site / "a" / "index.html").write_text('<h2 id="part">P</h2><a href="../">up</a>', encoding="utf-8")
    (site / "en" / "index.html").write_text("<p>en</p>", encoding="utf-8")
    report = check_links(site, "http://site.test/")
    broken = "\n".join(report.broken)
    assert "a/#nope → no id 'nope'" in broken
    assert "b/ → /b/ does not exist" in broken
    assert "missing.png" in broken
    assert "no id 'gone' in en/index.html" in broken
    assert "javascript:alert(1) is a script URL" in broken
    assert len(report.broken) == 5, broken
    assert dict(report.external) == {"https://example.org/x": {"index.html"}}


# --- the real site ---------------------------------------------------------------------------------------------------

def test_every_internal_link_and_anchor_resolves(built_site):
    site_root = site_url_of(built_site)
    assert site_root, "the home page has no canonical link, so the site's own URL is unknown"
    report = check_links(built_site, site_root)
    destination = built_site.parent / "link-report.txt"
    write_report(report, destination)
    print(f"\n[links] {len(report.external)} external link(s), listed in {destination}")
    assert not report.broken, f"{len(report.broken)} broken internal link(s):\n" + "\n".join(report.broken[:60])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_both_languages_are_checked(built_site, lang):
    """The check above covers both trees: each has pages with links in it."""
    root = built_site if lang == "nl" else built_site / "en"
    pages = [p for p in root.rglob("*.html") if lang == "en" or "en" not in p.relative_to(built_site).parts[:1]]
    assert len(pages) > 20 and sum(len(parse(p).links) for p in pages[:5]) > 0


def test_every_page_links_to_the_accessibility_statement_in_its_language(built_site):
    """The statement is a legal duty for the Flemish public sector: the footer of every page links to it."""
    site_root = site_url_of(built_site)
    missing = []
    for path in sorted(built_site.rglob("*.html")):
        rel = path.relative_to(built_site).as_posix()
        lang_root = "en/" if rel.startswith("en/") else ""
        statement = built_site / lang_root / "over" / "toegankelijkheid" / "index.html"
        base = page_url(site_root, rel)
        targets = {target_file(built_site, urlsplit(site_root).path or "/", urlsplit(urljoin(base, url)).path)
                   for tag, url in parse(path).links if tag == "a"}
        if statement not in targets:
            missing.append(rel)
    assert not missing, f"{len(missing)} page(s) without a link to the accessibility statement in their language: " \
                        f"{missing[:20]}"
