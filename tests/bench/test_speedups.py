"""``kenniscentrum.speedups.is_relative_to`` answers exactly as ``PurePath.is_relative_to`` does."""
from __future__ import annotations

from pathlib import Path, PurePath

import pytest
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


def test_template_bytecode_cache_reuses_and_never_serves_a_stale_template(tmp_path):
    """A second environment (the next language build, the next serve rebuild) reuses compiled templates, and an
    edited template is compiled afresh."""
    from jinja2 import Environment, FileSystemLoader

    cache = speedups.InMemoryBytecodeCache()
    (tmp_path / "t.html").write_text("Hallo {{ name }}", encoding="utf-8")

    def render() -> str:
        env = Environment(loader=FileSystemLoader(str(tmp_path)), bytecode_cache=cache)
        return env.get_template("t.html").render(name="wereld")

    assert render() == "Hallo wereld"
    assert len(cache._store) == 1
    assert render() == "Hallo wereld"
    (tmp_path / "t.html").write_text("Dag {{ name }}", encoding="utf-8")
    assert render() == "Dag wereld"



def test_template_bytecode_on_disk_serves_a_new_process_and_never_a_stale_template(tmp_path):
    """With a directory, a new process (a fresh cache object) loads compiled templates from disk instead of compiling
    them, and an edited template is compiled afresh and written back."""
    from jinja2 import Environment, FileSystemLoader

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.html").write_text("Hallo {{ name }}", encoding="utf-8")
    directory = speedups.template_cache_dir(tmp_path)

    def render(cache) -> tuple[str, int]:
        env = Environment(loader=FileSystemLoader(str(templates)), bytecode_cache=cache)
        compiled = []
        original = env.compile
        env.compile = lambda *a, **k: compiled.append(a) or original(*a, **k)
        return env.get_template("t.html").render(name="wereld"), len(compiled)

    assert render(speedups.InMemoryBytecodeCache(directory)) == ("Hallo wereld", 1)
    assert len(list(directory.glob("*.cache"))) == 1
    assert render(speedups.InMemoryBytecodeCache(directory)) == ("Hallo wereld", 0)  # from disk, not compiled
    (templates / "t.html").write_text("Dag {{ name }}", encoding="utf-8")
    assert render(speedups.InMemoryBytecodeCache(directory)) == ("Dag wereld", 1)
    assert render(speedups.InMemoryBytecodeCache(directory)) == ("Dag wereld", 0)


def test_tune_environment_keeps_templates_in_a_plain_dict(tmp_path, monkeypatch):
    from jinja2 import Environment, FileSystemLoader

    monkeypatch.setattr(speedups.TEMPLATE_BYTECODE, "directory", None)
    (tmp_path / "t.html").write_text("{% include 'u.html' %}{% include 'u.html' %}", encoding="utf-8")
    (tmp_path / "u.html").write_text("[{{ name }}]", encoding="utf-8")
    env = speedups.tune_environment(Environment(loader=FileSystemLoader(str(tmp_path))))
    assert type(env.cache) is dict and env.bytecode_cache is speedups.TEMPLATE_BYTECODE
    assert env.get_template("t.html").render(name="x") == "[x][x]"
    assert len(env.cache) == 2

def test_ui_strings_are_parsed_again_when_the_file_changes(tmp_path):
    from kenniscentrum.ui import load_ui_strings

    ui = tmp_path / "ui"
    ui.mkdir()
    (ui / "core.yml").write_text("nl: {groet: Hallo}\nen: {groet: Hello}\n", encoding="utf-8")
    first = load_ui_strings(tmp_path)
    first["nl"]["core"]["groet"] = "gewijzigd door een aanroeper"
    assert load_ui_strings(tmp_path)["nl"]["core"]["groet"] == "Hallo"  # each caller gets its own copy
    (ui / "core.yml").write_text("nl: {groet: Dag}\nen: {groet: Bye}\n", encoding="utf-8")
    assert load_ui_strings(tmp_path)["en"]["core"]["groet"] == "Bye"


def test_idle_collector_collects_between_builds_and_the_next_build_skips_it(monkeypatch):
    import time

    from kenniscentrum import speedups

    calls = []
    monkeypatch.setattr(speedups, "thaw_heap", lambda: calls.append("collect"))
    collector = speedups.IdleCollector(delay=0.01)
    collector.before_build()  # the first build: nothing collected yet; left to the idle time after it
    assert calls == []
    collector.schedule()  # the build ended; the server is idle
    deadline = time.monotonic() + 5
    while not collector.collected and time.monotonic() < deadline:
        time.sleep(0.005)
    assert collector.collected and calls == ["collect"]
    collector.before_build()  # a save after the idle collection: nothing left to collect at the start
    assert calls == ["collect"]
    slow = speedups.IdleCollector(delay=60)
    slow.schedule()
    slow.before_build()  # a save right after the last build: the timer is cancelled, the collection deferred once
    assert calls == ["collect"] and not slow.collected
    slow.schedule()
    slow.before_build()  # and again: this build collects first (never more than one build's garbage held)
    assert calls == ["collect", "collect"]
    slow.schedule()
    slow.before_build()  # back to back, every other build collects
    assert calls == ["collect", "collect"]
    slow.before_build()  # a build after a failed one (no schedule): the same rule
    assert calls == ["collect", "collect", "collect"]


def test_theme_files_are_mkdocs_own_list_and_follow_every_change(tmp_path):
    """``speedups.ThemeFiles``: the theme's static files kept between builds equal MkDocs' own
    ``add_files_from_theme`` result, documentation files still take precedence, and a file added, removed or
    renamed in a theme folder (or another ``static_templates``) is seen by the next build."""
    import jinja2
    from mkdocs.structure.files import File, Files

    patched = getattr(Files.add_files_from_theme, "theme_files", None)  # installed by hooks/preview.py's import
    mkdocs_own = patched.original if patched is not None else Files.add_files_from_theme
    theme, overrides, docs, site = (tmp_path / name for name in ("theme", "overrides", "docs", "site"))
    for path in ("main.html", "assets/app.js", "assets/app.css", "partials/x.html", ".icons/a.svg", "404.html",
                 "sitemap.xml", "README.md"):
        (theme / path).parent.mkdir(parents=True, exist_ok=True)
        (theme / path).write_text("x", encoding="utf-8")
    (overrides / "assets").mkdir(parents=True)
    (overrides / "assets" / "extra.css").write_text("x", encoding="utf-8")
    (docs / "assets").mkdir(parents=True)
    (docs / "assets" / "app.css").write_text("x", encoding="utf-8")

    class Theme:
        dirs = [str(overrides), str(theme)]
        static_templates = {"404.html", "sitemap.xml"}

    class Config:
        theme, site_dir, use_directory_urls = Theme(), str(site), True

    def listed(add):
        files = Files([File("assets/app.css", str(docs), str(site), True)])
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(Config.theme.dirs))
        add(files, env, Config())
        return [(f.src_uri, f.src_dir) for f in files]

    kept = speedups.ThemeFiles(mkdocs_own)
    for change in (None, "add", "remove", "rename", "static_templates"):
        if change == "add":
            (theme / "assets" / "new.js").write_text("x", encoding="utf-8")
        elif change == "remove":
            (overrides / "assets" / "extra.css").unlink()
        elif change == "rename":
            (theme / "assets" / "app.js").rename(theme / "assets" / "renamed.js")
        elif change == "static_templates":
            Theme.static_templates = {"404.html"}
        expected = listed(mkdocs_own)
        assert listed(kept.add_files_from_theme) == expected, change
        assert listed(kept.add_files_from_theme) == expected, change  # from what was kept
    assert ("assets/app.css", str(docs)) in expected  # the documentation file, not the theme's
    assert ("assets/renamed.js", str(theme)) in expected and ("sitemap.xml", str(theme)) in expected


def test_install_keeps_the_theme_file_list():
    from mkdocs.structure.files import Files

    assert speedups.install_theme_files()
    assert hasattr(Files.add_files_from_theme, "theme_files")


def test_file_memo_reads_a_file_again_after_any_change(tmp_path):
    """``speedups.FileMemo``: kept while the file (inode, size, times) and the key are the same; any write, a rename
    over it, a time set back with ``utime``, another key, or an error, and the file is read again."""
    import os
    import time

    def tick():  # file times come from a coarse clock (a few ms); a real rebuild rewrites a file seconds later
        time.sleep(0.05)

    reads = []

    def read(path):
        reads.append(path.name)
        text = path.read_text(encoding="utf-8")
        if "bad" in text:
            raise ValueError(text)
        return text

    memo = speedups.FileMemo()
    page = tmp_path / "a.html"
    page.write_text("one", encoding="utf-8")
    assert memo.get(page, "k", read) == "one" and memo.get(page, "k", read) == "one"
    assert reads == ["a.html"]
    assert memo.get(page, "other key", read) == "one" and len(reads) == 2
    before = page.stat()
    tick()
    page.write_text("two", encoding="utf-8")  # same size
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))  # even with the old modification time
    assert memo.get(page, "other key", read) == "two" and len(reads) == 3
    scratch = tmp_path / "b.html"
    scratch.write_text("new", encoding="utf-8")
    tick()
    scratch.replace(page)  # renamed over it
    assert memo.get(page, "other key", read) == "new" and len(reads) == 4
    page.write_text("bad", encoding="utf-8")
    for _ in range(2):  # an error is never kept
        with pytest.raises(ValueError):
            memo.get(page, "other key", read)
    assert len(reads) == 6
    memo.only([])
    assert memo._held == {}
