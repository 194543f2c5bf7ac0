"""The about page names its publisher from mkdocs.yml (extra.kenniscentrum.publisher), never a placeholder: with
nothing configured it says so and points to the editors' route on the same page (issue #16)."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest

from kenniscentrum.ui import load_ui_strings

REPO = Path(__file__).resolve().parents[2]
UI = load_ui_strings(REPO / "data")


def render(lang: str = "nl", rel_path: str = "over/index.md", **publisher) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(REPO / "overrides"), autoescape=True)
    kc = SimpleNamespace(rel_path=rel_path, ui=UI[lang])
    config = {"extra": {"kenniscentrum": {"publisher": {"name": "", "contact": "", "address": "", **publisher}}}}
    return env.get_template("partials/kc/publisher.html").render(kc=kc, config=config)


def test_unconfigured_deployment_says_so_and_gives_the_editors_route():
    html = render("nl")
    assert "geen uitgever bekendgemaakt" in html and 'href="#wijziging-voorstellen"' in html
    html = render("en")
    assert "has not named a publisher" in html and "<dl" not in html


def test_configured_publisher_is_shown_with_a_contact_link():
    html = render("en", name="Example Org (fictitious)", contact="redactie@example.org", address="Straat 1, Gent")
    assert "Example Org (fictitious)" in html and 'href="mailto:redactie@example.org"' in html
    assert "Straat 1, Gent" in html and "has not named" not in html
    html = render("nl", name="X", contact="https://example.org/contact")
    assert 'href="https://example.org/contact"' in html


def test_values_are_escaped_and_script_urls_are_not_links():
    html = render("nl", name="<b>X</b>", contact="javascript:alert(1)")
    assert "<b>X</b>" not in html and "&lt;b&gt;" in html and 'href="javascript' not in html


@pytest.mark.parametrize("rel_path", ["index.md", "over/geschiedenis.md"])
def test_only_on_the_about_page(rel_path):
    assert render(rel_path=rel_path).strip() == ""


def test_mkdocs_reads_the_publisher_from_the_environment():
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    for variable in ("KC_PUBLISHER_NAME", "KC_PUBLISHER_CONTACT", "KC_PUBLISHER_ADDRESS"):
        assert f"!ENV [{variable}, \"\"]" in text  # empty default: no placeholder publisher
