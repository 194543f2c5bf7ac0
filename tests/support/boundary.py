"""Adversarial content for the content-boundary tests (issue #14), shared by the unit, build and browser tests.

* :data:`INERT_BODY` and :data:`INERT_TITLES`: look-alikes that pass the check and must render inert — the browser test
  (tests/browser/test_content_boundary.py) proves that no dialog opens, nothing is requested off the machine and the
  Content-Security-Policy reports nothing.
* :data:`ATTACK_PAGE`: a page that must fail the build with file:line (tests/build/test_content_boundary.py); the full
  list of attacks is in tests/unit/test_validation_boundary.py.
"""
from __future__ import annotations

from pathlib import Path

FRONT_MATTER = """---
type: page
title: {title}
summary: {summary}
status: published
owner: Testteam
last_reviewed: 2026-01-01
review_every: 12
---

"""

#: Titles that are plain text but look like markup or YAML 1.1 values: each must reach the page exactly as written.
#: (The YAML keeps them as text in our parser; MkDocs' plain YAML would make `no` false and `1.10` the float 1.1.)
INERT_TITLES = {
    "vragen.md": ('"Vragen & antwoorden: \\"quotes\\", \'apostrof\' en &lt;b&gt;"',
                  "Vragen & antwoorden: \"quotes\", 'apostrof' en &lt;b&gt;"),
    "nee.md": ("no", "no"),
    "versie.md": ("1.10", "1.10"),
}

#: Look-alikes of attacks that the check lets through because they render as text (code, escapes, quoted titles).
INERT_BODY = """## Kop

Code: `<script>alert("code span")</script>` en `<img src=x onerror=alert("code")>`.

```html
<script>alert("fenced")</script>
<img src="https://tracker.example/fenced.png" onerror="alert('fenced')">
```

Ontsnapt: &lt;script&gt;alert("entity")&lt;/script&gt; en &lt;img src=x onerror=alert("entity")&gt;.

[Titel met quotes](https://example.org/ "Zeg \\"hallo\\" & 'dag'") en [anker](#kop).

[mail](mailto:redactie@example.org) en [http](http://example.org/?q=a&b=c).

Autolink: <https://example.org/" onmouseover="alert('autolink')>.

*[MVO]: Maatschappelijk "verantwoord" ondernemen

MVO met een voetnoot[^1].

[^1]: Een voetnoot met `<script>alert("footnote")</script>` als code.

## Kop met `<img src=x onerror=alert("toc")>` en &lt;b onclick=alert("toc")&gt;

Tekst onder een kop die ook in de inhoudsopgave staat.
"""

#: Must fail the build; (line, rule) pairs the build log must name as content/nl/aanval.md:<line>: <rule>.
ATTACK_PAGE = FRONT_MATTER.format(title="Aanval", summary="Een aanvalspagina.") + """Tekst <script/>alert('self-closing')</script> meer.

Tekst \\`<script>alert('backticks')</script>\\` meer.

Alinea met attributen.
{: onclick="alert('attr')" }

![pixel](https://tracker.example/p.png)
"""
ATTACK_EXPECTED = [(11, "KC204"), (13, "KC204"), (16, "KC205"), (18, "KC214")]


def write_inert_pages(content: Path) -> list[tuple[str, str]]:
    """Write the inert pages in both languages; returns ``[(site path, expected title)]`` of the Dutch ones."""
    pages = []
    for name, (yaml_title, shown) in INERT_TITLES.items():
        for lang in ("nl", "en"):
            page = content / lang / name
            page.write_text(FRONT_MATTER.format(title=yaml_title, summary="Inerte inhoud.") + INERT_BODY,
                            encoding="utf-8")
        pages.append((name[:-3] + "/", shown))
    return pages


def build_inert_site(tmp: Path) -> tuple[Path, list[tuple[str, str]]]:
    """The fixture site (tests/fixtures/site) plus the inert pages, built strictly; returns (site dir, pages)."""
    from tests.support.sitebuild import REPO, make_project, mkdocs_build

    root = make_project(tmp, REPO / "tests" / "fixtures" / "site" / "content")
    pages = write_inert_pages(root / "content")
    site = tmp / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]
    return site, pages
