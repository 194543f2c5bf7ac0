"""The renderer registry is the one list of download formats: kinds, media types, cache-key libraries derive from it."""
from __future__ import annotations

import pytest

from kenniscentrum.downloads import FORMATS, MEDIA_TYPES
from kenniscentrum.downloads import environment, renderers
from kenniscentrum.site import load_site
from kenniscentrum.ui import load_ui_strings
from tests.support.sitebuild import REPO


def test_formats_media_types_and_libraries_derive_from_the_registry():
    assert FORMATS == {"checklist": ("pdf", "docx", "odt", "xlsx"), "worksheet": ("docx", "odt"),
                       "scan": ("pdf", "docx", "xlsx"), "manual": ("pdf",)}
    assert set(MEDIA_TYPES) == {f.name for f in renderers.FORMATS}
    assert environment.PACKAGES == renderers.libraries()
    assert {"weasyprint", "fonttools", "python-docx", "lxml", "odfpy", "openpyxl"} <= set(environment.PACKAGES)


def test_every_format_has_its_interface_strings_in_every_language():
    site = load_site(REPO)
    strings = load_ui_strings(site.data_dir, site.langs)
    for lang in site.langs:
        for fmt in MEDIA_TYPES:
            assert strings[lang]["downloads"]["formats"][fmt], (lang, fmt)
            assert strings[lang]["downloads"]["format_hints"][fmt], (lang, fmt)


def test_a_missing_renderer_fails_loudly():
    with pytest.raises(LookupError, match="no renderer for worksheet as pdf"):
        renderers.renderer_for("worksheet", "pdf")
