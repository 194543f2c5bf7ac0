"""Fast previews (``kenniscentrum.preview`` + ``hooks/preview.py``): the plan for each kind of edit, and the proof
that matters — after each edit, the incremental ``serve --dirty`` rebuild leaves the output directory byte for byte
as a clean build of the same tree would (search index aside: Pagefind is switched off here)."""
from __future__ import annotations

import filecmp
import sys
from pathlib import Path

import pytest

from bench.corpus import make_project
from kenniscentrum import preview
from kenniscentrum.preview import BODY_DEPENDENT_TEMPLATES, Plan, State, decide

SERVE_URL = "http://127.0.0.1:8000/"


# ------------------------------------------------------------------------------------------------------ decide()
def _state(pages=None, files=(("mkdocs.yml", 1, 1),), dependent=frozenset()):
    pages = pages if pages is not None else {("nl", "a.md"): ("m", "b"), ("en", "a.md"): ("m2", "b2"),
                                             ("nl", "s.md"): ("ms", "bs")}
    counterparts = {}
    for lang, rel in pages:
        counterparts.setdefault(rel, []).append(lang)
    return State(pages=pages, files=files, body_dependent=frozenset(dependent),
                 counterparts={rel: tuple(sorted(v)) for rel, v in counterparts.items()})


def test_first_build_is_full():
    assert decide(None, _state()).full


def test_body_edit_renders_page_counterparts_and_body_dependent_pages():
    before = _state(dependent={("nl", "s.md")})
    after = _state({**before.pages, ("nl", "a.md"): ("m", "changed")}, dependent={("nl", "s.md")})
    plan = decide(before, after)
    assert not plan.full
    assert plan.pages == {("nl", "a.md"), ("en", "a.md"), ("nl", "s.md")}


def test_no_change_renders_nothing():
    plan = decide(_state(), _state())
    assert plan == Plan(False, "no change", frozenset())


def test_front_matter_edit_is_incremental():
    before = _state(dependent={("nl", "s.md")})
    after = State(**{**before.__dict__, "pages": {**before.pages, ("nl", "a.md"): ("other", "b")}})
    plan = decide(before, after)
    assert not plan.full and plan.front_matter == {("nl", "a.md")}
    assert plan.pages == {("nl", "a.md"), ("en", "a.md"), ("nl", "s.md")}


def test_draft_status_change_means_full():
    before = _state()
    after = State(**{**before.__dict__, "pages": {**before.pages, ("nl", "a.md"): ("other", "b")},
                     "drafts": frozenset({("nl", "a.md")})})
    assert decide(before, after).full


@pytest.mark.parametrize("change", ["added", "removed", "file"])
def test_pages_added_or_removed_or_other_files_mean_full(change):
    before = _state()
    pages, files = dict(before.pages), before.files
    if change == "added":
        pages[("nl", "new.md")] = ("m", "b")
    elif change == "removed":
        del pages[("en", "a.md")]
    else:
        files = (("mkdocs.yml", 2, 1),)
    assert decide(before, _state(pages, files)).full


class _Catalog:
    """A stand-in catalogue: related items by a shared theme."""

    def __init__(self, pages):
        self.pages = pages

    def related(self, page, strings=None):
        return [p for p in self.pages if p is not page and set(p.meta["themes"]) & set(page.meta["themes"])]

    @property
    def count(self):
        return len(self.pages)


def _page(rel, themes):
    from kenniscentrum.content import Page

    return Page(lang="nl", rel_path=rel, src_path=Path(rel), meta={"themes": themes, "title": rel}, meta_lines={},
                body="", body_line=1, type="instrument")


def test_recorded_calls_decide_which_pages_render():
    before = [_page("a.md", ["x"]), _page("b.md", ["y"]), _page("c.md", ["z"])]
    record = preview.Record()
    meta = lambda page: preview._digest(page.meta)  # noqa: E731
    for page in before:
        recorder = preview.Recorder(record, page.rel_path, meta)
        catalog = preview.Recorded(_Catalog(before), "catalog", recorder)
        assert catalog.related(page, {"label": "Gerelateerd"}) == _Catalog(before).related(page)  # same answer
        assert catalog.count == 3 and bool(catalog)
    # c.md gets theme x: a.md now lists it (its recorded call answers differently); b.md does not
    after = [before[0], before[1], _page("c.md", ["x"])]
    by_path = {p.rel_path: p for p in after}
    plan = Plan(False, "front matter", frozenset({("nl", "c.md")}), frozenset({("nl", "c.md")}))
    current = preview.Record()
    render = preview.pages_to_render(plan, "nl", list(by_path), record, current, {"catalog": _Catalog(after)},
                                     lambda lang, rel: by_path.get(rel), meta)
    assert render == {"a.md", "c.md"}
    assert current.pages["b.md"] == record.pages["b.md"]  # kept for the next rebuild



def test_local_calls_are_made_again_only_for_edited_pages():
    """A call in LOCAL_CALLS answers from its arguments alone: after a front-matter edit it is made again only when
    an edited page is among its arguments; every other call is always made again."""
    pages = {rel: _page(rel, ["x"]) for rel in ("a.md", "b.md")}
    made = []

    class Catalog(_Catalog):
        def kind_label(self, page):
            made.append(("kind_label", page.rel_path))
            return page.meta["title"]

        def related(self, page, strings=None):
            made.append(("related", page.rel_path))
            return super().related(page)

    record = preview.Record()
    meta = lambda page: preview._digest(page.meta)  # noqa: E731
    for page in pages.values():
        catalog = preview.Recorded(Catalog(list(pages.values())), "catalog",
                                   preview.Recorder(record, page.rel_path, meta))
        catalog.kind_label(page), catalog.related(page)
    made.clear()
    pages["a.md"] = _page("a.md", ["y"])
    plan = Plan(False, "front matter", frozenset({("nl", "a.md")}), frozenset({("nl", "a.md")}))
    render = preview.pages_to_render(plan, "nl", list(pages), record, preview.Record(),
                                     {"catalog": Catalog(list(pages.values()))},
                                     lambda lang, rel: pages.get(rel), meta)
    assert sorted(made) == [("kind_label", "a.md"), ("related", "a.md"), ("related", "b.md")]
    assert render == {"a.md", "b.md"}  # b.md's related items lost a.md

def test_unencodable_argument_renders_the_page_every_time():
    record = preview.Record()
    recorder = preview.Recorder(record, "a.md", lambda page: "")
    preview.Recorded(_Catalog([]), "catalog", recorder).related(object())
    assert preview.UNREPLAYABLE in record.pages["a.md"]


def test_encoded_arguments_come_back():
    page = _page("a.md", ["x"])
    value = (page, [1, "t"], {"k": "v"})
    encoded = preview.encode_arg(value)
    assert hash(encoded) is not None
    assert preview.decode_arg(encoded, lambda lang, rel: page if rel == "a.md" else None) == value


def test_nav_views_see_titles_and_order_of_the_sections_on_the_path():
    class Item:
        def __init__(self, title, children=None, src=None, parent=None):
            self.title, self.children, self.parent = title, children, parent
            self.file = type("F", (), {"src_uri": src})() if src else None
            self.url = src

    def build(titles, order):
        section = Item("S", [])
        pages = {name: Item(titles[name], src=f"s/{name}.md", parent=section) for name in order}
        section.children = [pages[name] for name in order]
        top = Item("Top", src="top.md")
        return [top, section], pages, top

    titles = {"a": "A", "b": "B"}
    items, pages, top = build(titles, ["a", "b"])
    base = preview.nav_views(items, [("a", pages["a"]), ("top", top)], lambda item: item.title)
    items, pages, top = build({**titles, "b": "B2"}, ["a", "b"])
    retitled = preview.nav_views(items, [("a", pages["a"]), ("top", top)], lambda item: item.title)
    assert retitled["a"] != base["a"] and retitled["top"] == base["top"]  # the section is collapsed on "top"
    items, pages, top = build(titles, ["b", "a"])
    reordered = preview.nav_views(items, [("a", pages["a"]), ("top", top)], lambda item: item.title)
    assert reordered["a"] != base["a"] and reordered["top"] != base["top"]  # its first page (the link) changed


def test_dirty_warning_is_filtered():
    import logging

    record = logging.LogRecord("mkdocs.commands.build", logging.WARNING, "", 0,
                               "A 'dirty' build is being performed, this will likely lead to …", None, None)
    assert not preview.DirtyWarningFilter().filter(record)


def test_search_indexer_holds_readers_until_fresh(tmp_path):
    import threading

    release = threading.Event()
    indexer = preview.SearchIndexer(index=lambda site, register: release.wait(5) and "done")
    indexer.start(tmp_path)
    assert indexer.busy and not indexer.wait(timeout=0.05)
    release.set()
    assert indexer.wait(timeout=5) and not indexer.busy


def test_search_indexer_cancel_keeps_readers_waiting_for_the_next_run(tmp_path):
    import subprocess

    runs = []

    def index(site, register):
        process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        register(process)
        runs.append(process)
        process.wait()
        return None if process.returncode < 0 else "done"

    indexer = preview.SearchIndexer(index=index)
    indexer.start(tmp_path)
    for _ in range(100):
        if runs:
            break
        import time

        time.sleep(0.02)
    indexer.cancel()  # a new build begins: the running index is stopped, readers still wait
    assert runs[0].returncode is not None and runs[0].returncode < 0
    assert indexer.busy and not indexer.wait(timeout=0.05)
    indexer._index = lambda site, register: "done"
    indexer.start(tmp_path)
    assert indexer.wait(timeout=5)



def test_a_failed_build_restarts_an_index_run_it_interrupted(tmp_path):
    """Every serve build stops Pagefind at its start (Session.build_started); a build that then fails must not let
    readers have the half-written index: the interrupted run starts again over the output on disk."""
    import subprocess
    import time

    started = []

    def index(site, register):
        started.append(site)
        if len(started) > 1:
            return "done"
        process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        register(process)
        process.wait()
        return None

    session = preview.Session()
    session.indexer = preview.SearchIndexer(index=index)
    session.indexer.start(tmp_path)
    deadline = time.monotonic() + 10
    while not started and time.monotonic() < deadline:
        time.sleep(0.02)
    session.build_started()  # a rebuild begins: the run is stopped, readers wait
    assert session.indexer.busy and not session.indexer.wait(timeout=0.05)
    session.record_failure(RuntimeError("broken"))
    assert session.indexer.wait(timeout=5) and started == [tmp_path, tmp_path]  # indexed again, then released

    finished = preview.SearchIndexer(index=lambda site, register: "done")  # a run that had finished: kept
    finished.start(tmp_path)
    assert finished.wait(timeout=5)
    finished.cancel()
    finished.release()
    assert finished.wait(timeout=0) and not finished.busy

# --------------------------------------------------------------------------------------- incremental == clean build
@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("KC_SEARCH_INDEX", "0")  # Pagefind off: compared separately by the bench smoke test
    monkeypatch.setattr(sys, "argv", [*sys.argv, "--dirty"])  # mkdocs-static-i18n reads --dirty from argv
    monkeypatch.setattr(preview, "session", preview.Session())
    root = make_project(tmp_path / "project", 40)  # 3 chapters per manual
    monkeypatch.chdir(root)
    return root


def _build(root: Path, site: Path, *, serve: bool) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.site_url = SERVE_URL
    if serve:
        build(config, serve_url=SERVE_URL, dirty=True)
    else:
        config.plugins.on_startup(command="build", dirty=False)
        build(config, serve_url=SERVE_URL, dirty=False)


def _serve_build(root: Path, site: Path, session: preview.Session) -> Plan:
    preview.session = session
    _build(root, site, serve=True)
    return session.plan


def _clean_build(root: Path, site: Path) -> None:
    from kenniscentrum.portal import process_of

    serve_session = preview.session
    preview.session = preview.Session()
    process = process_of(root)  # `mkdocs build` (on_startup) is remembered per project: the serve builds are not that
    command, dirty = process.command, process.dirty
    try:
        _build(root, site, serve=False)
    finally:
        preview.session = serve_session
        process.command, process.dirty = command, dirty


def _differences(a: Path, b: Path) -> list[str]:
    out = []
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    out += [f"only in incremental: {x}" for x in sorted(files_a - files_b)]
    out += [f"only in clean: {x}" for x in sorted(files_b - files_a)]
    for rel in sorted(files_a & files_b):
        if not filecmp.cmp(a / rel, b / rel, shallow=False):
            out.append(f"differs: {rel}")
    return out


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _front_matter(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---", 2)[1]


def _rendered(session: preview.Session) -> int:
    assert session.rendered and None not in session.rendered.values(), session.rendered
    return sum(session.rendered.values())



def test_local_calls_answer_from_their_arguments_alone(tmp_path):
    """The claim behind LOCAL_CALLS, on the synthetic corpus: after front-matter edits of other pages (titles,
    themes, audiences, summaries, a chapter's order, a top-level title), each listed method answers the same for
    every page whose own front matter is unchanged."""
    from kenniscentrum.build import prepare
    from kenniscentrum.catalog import Catalog

    root = make_project(tmp_path / "project", 40)
    content = root / "content"

    def catalogs():
        model = prepare(root)
        return model, {lang: Catalog(model.content.pages, model.content.vocab, lang, site_url=SERVE_URL,
                                     site_name="KC", site=model.site) for lang in model.site.langs}

    before, old = catalogs()
    instrument, chapter = "instrumenten/bench-0003.md", "handleiding-ambassadeurs/bench-002.md"
    for lang in ("nl", "en"):
        _edit(content / lang / instrument, "themes:\n- environment\n", "themes:\n")
        _edit(content / lang / instrument, "audiences:\n- sme\n", "audiences:\n")
        _edit(content / lang / chapter, "order: 2\n", "order: 7\n")
    _edit(content / "nl" / instrument, "title: '", "title: 'Herzien ")
    _edit(content / "nl" / instrument, "summary: ", "summary: Nieuw. ")
    _edit(content / "nl" / chapter, "title: '", "title: 'Anders ")
    _edit(content / "nl" / "woordenlijst.md", "title: ", "title: Lijst. ")
    after, new = catalogs()
    assert after is not before
    digest = lambda page: preview._digest(page.meta)  # noqa: E731
    edited = {(p.lang, p.rel_path) for p in after.content.pages
              if digest(p) != digest(before.page(p.lang, p.rel_path))}
    assert len(edited) == 5, edited  # the instrument and the chapter in both languages, the glossary in Dutch
    methods = {name for variable, name in preview.LOCAL_CALLS if variable == "catalog"}
    checked = set()
    for lang in after.site.langs:
        strings = after.ui[lang]["discovery"]
        vocab = after.content.vocab[lang]
        data_calls = [("label", ("themes", "environment")), ("ids", ("theme",)), ("facet", ("theme",)),
                      ("plural", ("checklist",)), ("licence_url", ("cc-by-4.0",))]
        for name, args in data_calls:
            assert preview.result_digest(getattr(old[lang], name)(*args), digest) == \
                preview.result_digest(getattr(new[lang], name)(*args), digest), name
            checked.add(name)
        for page in after.pages(lang):
            if (page.lang, page.rel_path) in edited:
                continue
            previous = before.page(page.lang, page.rel_path)
            for name in methods - {n for n, _ in data_calls}:
                args = (strings,) if name == "type_label" else ()
                assert preview.result_digest(getattr(old[lang], name)(previous, *args), digest) == \
                    preview.result_digest(getattr(new[lang], name)(page, *args), digest), (name, page.rel_path)
                checked.add(name)
        assert vocab is not None
    assert checked == methods  # every listed method was checked

@pytest.mark.slow
def test_incremental_rebuilds_equal_clean_builds(project, tmp_path):
    session = preview.Session()
    session.start("serve", True, environ={"KC_SEARCH_INDEX": "0"})
    site = tmp_path / "served"
    assert _serve_build(project, site, session).full
    total = sum(1 for _ in site.rglob("index.html"))
    content = project / "content"
    instrument = content / "nl" / "instrumenten" / "bench-0003.md"
    chapter = content / "nl" / "handleiding-ambassadeurs" / "bench-002.md"

    def both(path: Path) -> list[Path]:
        return [path, content / "en" / path.relative_to(content / "nl")]

    def check(step: str) -> None:
        _clean_build(project, tmp_path / f"clean-{step}")
        differences = _differences(site, tmp_path / f"clean-{step}")
        assert differences == [], (step, differences[:30])

    # 1. a body edit: only that page, its translation and the body-dependent generated pages are rendered
    instrument.write_text(instrument.read_text(encoding="utf-8") + "\nEen nieuwe alinea voor de preview-test.\n",
                          encoding="utf-8")
    plan = _serve_build(project, site, session)
    assert not plan.full, plan.reason
    assert {("nl", "instrumenten/bench-0003.md"), ("en", "instrumenten/bench-0003.md")} <= plan.pages
    assert len(plan.pages) < 10 and _rendered(session) < 10
    check("body")

    # a chapter's body: the whole-manual PDF changes, and every chapter of the manual shows its size
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nEen extra alinea in dit hoofdstuk.\n", encoding="utf-8")
    plan = _serve_build(project, site, session)
    assert not plan.full and not plan.front_matter, plan.reason
    check("chapter-body")

    # 2.–7. front-matter edits: incremental (the page, its translation, the generated pages, and every page whose
    # sidebar, related items, chapter navigation, breadcrumbs or listings show what changed), and exact
    fm_edits = [
        ("title", [instrument], "title: '", "title: 'Herzien "),
        ("themes", both(instrument), "themes:\n- environment\n", "themes:\n"),  # facets: the same in both (KC307)
        ("audiences", both(instrument), "audiences:\n- sme\n", "audiences:\n"),
        ("summary", [instrument], "summary: ", "summary: Nieuw. "),
        ("chapter-title", [chapter], "title: '", "title: 'Anders "),
    ]
    for step, paths, old, new in fm_edits:
        for path in paths:
            _edit(path, old, new)
        plan = _serve_build(project, site, session)
        assert not plan.full, (step, plan.reason)
        assert plan.front_matter, step
        assert _rendered(session) < total, (step, _rendered(session), total)  # not everything again
        check(step)

    # an `order` change moves a chapter in its manual (sidebar, previous/next, "chapter 2 of 3"), in both languages
    for lang in ("nl", "en"):
        _edit(content / lang / "handleiding-ambassadeurs" / "bench-002.md", "order: 2\n", "order: 7\n")
    plan = _serve_build(project, site, session)
    assert not plan.full and plan.front_matter, plan.reason
    check("order")

    # the title of a page in the top level of the navigation: every page's sidebar shows it
    _edit(content / "nl" / "woordenlijst.md", "title: ", "title: Lijst. ")
    plan = _serve_build(project, site, session)
    assert not plan.full and plan.front_matter, plan.reason
    check("top-level-title")

    # a description that is not shown anywhere but on the page itself and the listings
    assert "summary:" in _front_matter(chapter)
    _edit(chapter, "summary: ", "summary: Herschreven. ")
    assert not _serve_build(project, site, session).full
    check("chapter-summary")

    # 8. a page removed in both languages: full, and its output is gone
    for lang in ("nl", "en"):
        (content / lang / "over" / "bench-001.md").unlink()
    assert _serve_build(project, site, session).full
    assert not (site / "over" / "bench-001").exists()
    check("removed")


def test_body_dependent_templates_exist():
    overrides = Path(__file__).resolve().parents[2] / "overrides"
    for template in BODY_DEPENDENT_TEMPLATES:
        assert (overrides / template).is_file(), template
