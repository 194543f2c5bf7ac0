"""One truth: what MkDocs' ``page.meta``/``page.title`` hold is a projection of the validated model, the title
escaped once (issue #14)."""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from kenniscentrum.content import Page
from kenniscentrum.templating import theme_meta


def page(**meta) -> Page:
    return Page(lang="nl", rel_path="x.md", src_path=Path("x.md"), meta=meta, meta_lines={}, body="", body_line=1,
                type="page")


def test_only_the_keys_the_theme_acts_on():
    meta = theme_meta(page(type="page", title="T", summary="S", status="draft", owner="O", template="kc/home.html",
                           hide=["toc"], themes=["klimaat"]))
    assert meta == {"title": "T", "template": "kc/home.html", "hide": ["toc"]}
    assert theme_meta(None) == {}


def test_title_is_escaped_once_for_templates_that_do_not_autoescape():
    title = theme_meta(page(title='Q&A: "quotes" en \'apostrof\''))["title"]
    assert isinstance(title, Markup)
    env = Environment(autoescape=False)  # as MkDocs' theme environment
    assert env.from_string("<h1>{{ t }}</h1>").render(t=title) == \
        "<h1>Q&amp;A: &#34;quotes&#34; en &#39;apostrof&#39;</h1>"
    assert env.from_string("<a title=\"{{ t | e }}\">").render(t=title) == \
        '<a title="Q&amp;A: &#34;quotes&#34; en &#39;apostrof&#39;">'
    assert env.from_string("{{ t | striptags }}").render(t=title) == 'Q&A: "quotes" en \'apostrof\''
