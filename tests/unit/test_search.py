"""kenniscentrum.search: reading Pagefind's summary and the command line it is run with (no indexing here; the build
tests index the real site)."""
from __future__ import annotations

import json

import pytest

from kenniscentrum import search

OUTPUT = """Running Pagefind v1.5.2
[Walking source directory]
Found 120 files matching **/*.{html}

[Reading languages]
Discovered 2 languages: en, nl
  * en: 53 indexable pages
  * nl: 53 indexable pages

[Building search indexes]
Language en:
  Indexed 53 pages
  Indexed 2210 words
Language nl:
  Indexed 53 pages
  Indexed 2198 words
Total:
  Indexed 2 languages
  Indexed 106 pages
  Indexed 4408 words
  Indexed 0 filters
Finished in 0.942 seconds
"""


def test_parse_summary_reads_the_totals():
    summary = search.parse_summary(OUTPUT)
    assert summary.pages == 106 and summary.words == 4408 and summary.languages == ["en", "nl"]
    assert search.parse_summary("").pages == 0


def test_command_indexes_the_site_and_skips_chrome(tmp_path):
    command = search.pagefind_command(tmp_path, python="python3")
    assert command[:5] == ["python3", "-m", "pagefind", "--site", str(tmp_path)]
    assert command[command.index("--output-subdir") + 1] == "pagefind"
    excluded = [command[i + 1] for i, part in enumerate(command) if part == "--exclude-selectors"]
    assert ".headerlink" in excluded and ".kc-toolbar" in excluded


def test_switch():
    assert search.enabled({}) and search.enabled({"KC_SEARCH_INDEX": "1"})
    assert not search.enabled({"KC_SEARCH_INDEX": "0"})


def test_index_languages(tmp_path):
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "pagefind-entry.json").write_text(json.dumps(
        {"version": "1.5.2", "languages": {"nl": {"page_count": 3}, "en": {"page_count": 2}}}), encoding="utf-8")
    assert search.index_languages(tmp_path) == {"en": 2, "nl": 3}


def test_entry_languages_are_sorted_for_reproducible_builds():
    a = '{"version":"1.5.2","languages":{"nl":{"hash":"nl_1","page_count":3},"en":{"hash":"en_2","page_count":2}}}'
    b = '{"version":"1.5.2","languages":{"en":{"hash":"en_2","page_count":2},"nl":{"hash":"nl_1","page_count":3}}}'
    assert search.normalise_entry(a) == search.normalise_entry(b) == b


# --- one bundle per language ------------------------------------------------------------------------------------------

def _site(tmp_path, *folders):
    tmp_path.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "index.html").write_text("<html lang=nl></html>", encoding="utf-8")
    return tmp_path


def test_default_language_glob_leaves_out_the_other_languages_and_the_bundle(tmp_path):
    site = _site(tmp_path, "instrumenten", "assets", "en", "fr", "pagefind", "zoeker")
    assert search.default_language_glob(site, ["en/", "fr/"]) == "{*.html,{assets,instrumenten,zoeker}/**/*.html}"
    assert search.default_language_glob(_site(tmp_path / "one", "over"), ["en/"]) == "{*.html,over/**/*.html}"
    assert search.default_language_glob(_site(tmp_path / "none"), ["en/"]) == "*.html"


def test_default_language_glob_refuses_a_folder_a_glob_would_misread(tmp_path):
    site = _site(tmp_path, "a{b")
    try:
        search.default_language_glob(site, [])
    except search.SearchIndexError as exc:
        assert "a{b" in str(exc)
    else:
        raise AssertionError("a folder name with glob syntax was accepted")


def test_each_language_is_indexed_into_its_own_folder(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(search, "run_pagefind",
                        lambda site, **kw: calls.append((site, kw["glob"], kw["output"])) or search.IndexSummary())
    site = _site(tmp_path, "over", "en")
    search.index_site(site, ["", "en/"])
    assert calls == [(site, "{*.html,over/**/*.html}", site / "pagefind"),
                     (site, "en/**/*.html", site / "en" / "pagefind")]


def test_command_with_a_glob_and_an_output_folder(tmp_path):
    command = search.pagefind_command(tmp_path, glob="en/**/*.html", output=tmp_path / "en" / "pagefind",
                                      python="python3")
    assert command[command.index("--glob") + 1] == "en/**/*.html"
    assert command[command.index("--output-path") + 1] == str(tmp_path / "en" / "pagefind")
    assert "--output-subdir" not in command


def test_pagefind_is_started_as_its_binary_when_installed():
    launcher = search.pagefind_launcher()
    assert launcher[-1].endswith("pagefind") and "-m" not in launcher  # requirements.txt installs pagefind[bin]
    assert search.pagefind_launcher("python3") == ["python3", "-m", "pagefind"]


# --- what Pagefind reads in a build: the searchable part of each page ----------------------------------------------------

PAGE = ('<!doctype html><html lang="en"><head><title>T</title></head><body dir="ltr"><nav>chrome</nav>'
        '<article class="md-content__inner"><div class="kc-breadcrumbs">crumbs</div>'
        '<div class="kc-page" data-pagefind-body><h1>T</h1><div class="x"><p>Body</p></div></div>\n  </article>'
        '<footer>foot</footer></body></html>')


def test_searchable_document_keeps_the_head_and_the_searchable_part_only():
    assert search.searchable_document(PAGE) == (
        '<!doctype html><html lang="en"><head><title>T</title></head><body dir="ltr">'
        '<div class="kc-page" data-pagefind-body><h1>T</h1><div class="x"><p>Body</p></div></div></body></html>')


@pytest.mark.parametrize("html", [
    PAGE.replace(" data-pagefind-body", ""),  # not a content page: Pagefind skips it anyway, it is linked whole
    PAGE.replace("</article>", ""),  # not the shape the theme writes: Pagefind reads the whole page
    PAGE.replace("<body", "<bod"),
])
def test_pages_of_another_shape_are_read_whole(html):
    assert search.searchable_document(html) is None


def test_search_sources_lay_out_the_language_with_searchable_parts_and_other_pages_as_they_are(tmp_path):
    site = tmp_path / "site"
    for rel, text in {"index.html": PAGE, "over/index.html": "<html lang=nl>whole</html>", "en/index.html": PAGE,
                      "pagefind/x.html": "bundle", "over/a.css": "css"}.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    assert search.language_html_files(site, "", ["en/"]) == ["index.html", "over/index.html"]
    assert search.language_html_files(site, "en/", [""]) == ["en/index.html"]
    sources = search.SearchSources()
    sources.add("index.html", PAGE)
    sources.add("over/index.html", "<html lang=nl>whole</html>")  # no searchable part: not kept
    into = tmp_path / "scratch"
    assert sources.write(site, "", ["en/"], into) == 1
    assert sorted(p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()) == \
        ["index.html", "over/index.html"]
    assert (into / "index.html").read_text(encoding="utf-8") == search.searchable_document(PAGE)
    assert (into / "over/index.html").read_text(encoding="utf-8") == "<html lang=nl>whole</html>"


def test_a_build_indexes_its_sources_from_a_scratch_folder_it_removes(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "en").mkdir(parents=True)
    (site / "en" / "index.html").write_text(PAGE, encoding="utf-8")
    seen = {}

    def fake_pagefind(root, **kw):
        seen.update(root=root, glob=kw.get("glob"), output=kw["output"],
                    files=sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")))
        return search.IndexSummary(pages=1)

    monkeypatch.setattr(search, "run_pagefind", fake_pagefind)
    sources = search.SearchSources()
    sources.add("en/index.html", PAGE)
    assert search.index_language(site, "en/", [""], sources=sources).pages == 1
    assert seen["root"].parent == tmp_path and seen["root"].name.startswith(search.SCRATCH_PREFIX)
    assert seen["files"] == ["en/index.html"] and seen["glob"] is None and seen["output"] == site / "en" / "pagefind"
    assert not seen["root"].exists()
