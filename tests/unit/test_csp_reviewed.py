"""The CSP comes from the templates, not from the output: the reviewed list of inline scripts
(``kenniscentrum/csp-inline-scripts.yml``) is in sync with the installed theme, and any other inline script is refused
with the page named (issue #14)."""
from __future__ import annotations

import hashlib
from pathlib import Path

import material
import pytest

from kenniscentrum import csp

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"


@pytest.mark.parametrize("script", csp.reviewed_scripts(), ids=lambda s: s.name)
def test_reviewed_script_is_still_what_the_theme_emits(script):
    template = MATERIAL_TEMPLATES / script.template
    assert template.is_file(), f"{script.template} is gone from Material: review kenniscentrum/csp-inline-scripts.yml"
    assert f"<script>{script.source}</script>" in template.read_text(encoding="utf-8"), (
        f"{script.name}: Material's {script.template} no longer contains the reviewed script; review the new one and "
        "update kenniscentrum/csp-inline-scripts.yml")


@pytest.mark.parametrize("script", csp.reviewed_scripts(), ids=lambda s: s.name)
def test_reviewed_hash_matches_the_source(script):
    assert hashlib.sha256(script.source.encode("utf-8")).hexdigest() == script.sha256, (
        f"{script.name}: its source changed without its recorded sha256 (a change that was not reviewed)")


def test_every_theme_inline_script_in_use_is_reviewed_or_switched_off():
    """Material's inline scripts that this site's configuration can emit are all on the list; the others are listed
    here with the reason they never appear (palette/tabs/announce/consent/analytics/outdated/redirect are off)."""
    reviewed = {s.source for s in csp.reviewed_scripts()}
    not_emitted = {
        "partials/javascripts/content.html": "the content.tabs.link feature is off",
        "partials/javascripts/announce.html": "no announcement bar",
        "partials/javascripts/consent.html": "no cookie consent (no analytics)",
        "partials/javascripts/outdated.html": "no versioning",
        "partials/integrations/analytics.html": "no analytics",
        "redirect.html": "no redirects plugin",
    }
    import re
    unlisted = []
    for path in sorted(MATERIAL_TEMPLATES.rglob("*.html")):
        rel = path.relative_to(MATERIAL_TEMPLATES).as_posix()
        for body in re.findall(r"<script>(.*?)</script>", path.read_text(encoding="utf-8"), re.DOTALL):
            if body not in reviewed and rel not in not_emitted:
                unlisted.append(f"{rel}: {body[:80]}")
    assert not unlisted, "inline theme scripts neither reviewed nor known to be off:\n" + "\n".join(unlisted)


def test_allowed_scripts_are_rendered_with_the_base_url():
    deep = csp.allowed_scripts("../..")
    helpers = next(s for s in csp.reviewed_scripts() if s.name == "material-storage-helpers")
    rendered = helpers.source.replace('{{ config.extra.scope | d(base_url) }}', "../..")
    assert csp.script_hash(rendered) in deep
    assert csp.script_hash(rendered) not in csp.allowed_scripts(".")


def page_with(*scripts: str) -> str:
    body = "".join(f"<script>{s}</script>" for s in scripts)
    return f'<!doctype html><html><head><meta charset="utf-8"></head><body><p>x</p>{body}</body></html>'


def test_reviewed_scripts_pass_and_get_their_hashes():
    allowed = csp.allowed_scripts(".")
    tab = next(s for s in csp.reviewed_scripts() if s.name == "material-tab-from-hash").source
    assert csp.check_page(page_with(tab), allowed, "x.md") == [csp.script_hash(tab)]
    assert csp.check_page(page_with(), allowed, "x.md") == []


@pytest.mark.parametrize("injected", [
    "alert(1)",
    # Present on the page but with another page's base_url: not this page's script.
    None,
])
def test_any_other_inline_script_fails_naming_the_page(injected):
    if injected is None:
        helpers = next(s for s in csp.reviewed_scripts() if s.name == "material-storage-helpers").source
        injected = helpers.replace("{{ config.extra.scope | d(base_url) }}", "https://evil.example/")
    with pytest.raises(csp.UnreviewedScriptError, match=r"content/nl/x\.md: inline script not in the reviewed list"):
        csp.check_page(page_with(injected), csp.allowed_scripts("."), "content/nl/x.md")


def test_a_self_closing_script_in_a_paragraph_is_still_an_inline_script():
    html = '<!doctype html><html><head><meta charset="utf-8"></head><body><p>a <script/>alert(1)</script></p></body></html>'
    with pytest.raises(csp.UnreviewedScriptError):
        csp.check_page(html, csp.allowed_scripts("."), "p.md")
