"""``kenniscentrum.speedups.is_relative_to`` answers exactly as ``PurePath.is_relative_to`` does."""
from __future__ import annotations

from pathlib import Path, PurePath

from hypothesis import given, settings
from hypothesis import strategies as st

from kenniscentrum import speedups

_part = st.sampled_from(["nl", "en", "n", "nl2", "assets", "x.md", ".", "", "..", "a b", "instrumenten", "é"])
_path = st.builds(lambda parts, lead: ("/" if lead else "") + "/".join(parts),
                  st.lists(_part, min_size=0, max_size=5), st.booleans())


@settings(max_examples=3000, deadline=None)
@given(_path, _path)
def test_same_answer_as_purepath(src, dest):
    assert speedups.is_relative_to(src, dest) == PurePath(src).is_relative_to(dest)


def test_cases_the_plugin_sees():
    docs = "/work/site/content"
    assert speedups.is_relative_to("/work/site/content/nl/x.md", docs)
    assert not speedups.is_relative_to("/work/site/content2/x.md", docs)
    assert speedups.is_relative_to("nl/instrumenten/x.md", "nl")
    assert not speedups.is_relative_to("nlx/x.md", "nl")
    assert speedups.is_relative_to(Path("en/x/index.html"), "en")
    assert speedups.is_relative_to("blog/post/", "blog/")


def test_install_patches_the_pinned_plugin():
    from mkdocs_static_i18n import folder, reconfigure

    assert speedups.install()
    assert folder.is_relative_to is speedups.is_relative_to
    assert reconfigure.is_relative_to is speedups.is_relative_to
