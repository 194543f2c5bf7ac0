"""MkDocs adapter for the downloads: generate (or take from the cache) every file of the language being built, give
templates a ``kc_downloads`` view, and publish the files into the built site.

Thin on purpose: the work is in ``kenniscentrum.downloads``. The model comes from ``kenniscentrum.build.prepare``,
which ``hooks/content.py`` has just called for the same tree: it is cached on a fingerprint of ``content/`` and
``data/``, so asking again costs a directory walk, not a reload. Must be listed after ``hooks/content.py`` in
mkdocs.yml (its ``on_pre_build`` reports content problems first).

mkdocs-static-i18n builds each language in turn in one process (nl → ``site/``, en → ``site/en/``), and
``mkdocs serve`` keeps this module loaded, so every ``on_pre_build`` starts from a clean state, and
``on_post_build`` (default priority, before the plugin's nested build at −100) copies only its own language.
"""
from __future__ import annotations

import logging
import os
import shutil
import time
from collections import defaultdict
from pathlib import Path

from kenniscentrum.build import prepare
from kenniscentrum.downloads.produce import DownloadFile, Settings, produce_downloads
from kenniscentrum.downloads.view import DownloadsView
from kenniscentrum.publishing import published_address
from kenniscentrum.templating import format_date

PRINT_TEMPLATES = "kc/print/"

log = logging.getLogger("mkdocs.hooks.kenniscentrum.downloads")

_files: list[DownloadFile] = []
_view: DownloadsView | None = None
_lang: str | None = None


def on_pre_build(config, **kwargs):
    global _files, _view, _lang
    _files, _view, _lang = [], None, config.theme["language"]
    root = Path(config.config_file_path).parent
    model = prepare(root)
    if model.issues:
        return  # hooks/content.py has already stopped the build with the list of problems
    lang = _lang
    vocab = model.content.vocab[lang]
    settings = Settings(
        # KC_DOWNLOAD_CACHE: another cache directory (tests build with a cold cache to compare with a warm one).
        cache_dir=Path(os.environ.get("KC_DOWNLOAD_CACHE") or root / ".cache" / "downloads"),
        template_dir=root / "overrides" / "kc" / "print",
        content_dir=Path(config.docs_dir),
        site_url=published_address(config.site_url),  # None: no "online version" line (no SITE_URL)
        markdown_extensions=tuple(e for e in config.markdown_extensions if isinstance(e, str)),
        extension_configs={k: v for k, v in config.mdx_configs.items() if isinstance(k, str)},
        format_date=format_date,
    )
    # The scan's answer labels and scoring rule live with the scan's other strings (data/ui/scan.yml).
    strings = {**model.ui[lang]["downloads"], "scan": model.ui[lang]["scan"]}
    labels = {name: {str(item["id"]): item["label"] for item in vocab.items(name)} for name in ("licences", "themes")}
    started = time.perf_counter()
    _files = produce_downloads(model.pages(lang), lang, strings, settings, labels=labels)
    _view = DownloadsView(_files, lang, strings)
    _log_summary(lang, _files, time.perf_counter() - started)


def _log_summary(lang: str, files: list[DownloadFile], seconds: float) -> None:
    made = [f for f in files if f.generated]
    if not made:
        log.info("downloads (%s): %d files, all from the cache (%.2f s)", lang, len(files), seconds)
        return
    per_format: dict[str, list[float]] = defaultdict(list)
    for f in made:
        per_format[f"{f.spec.kind} {f.spec.format}"].append(f.seconds)
    detail = ", ".join(f"{name} {len(times)}× {sum(times):.2f} s" for name, times in sorted(per_format.items()))
    log.info("downloads (%s): %d files, %d generated in %.2f s (%s)", lang, len(files), len(made), seconds, detail)


def on_files(files, config, **kwargs):
    """The print stylesheet lives with the print templates in overrides/ but is not a file of the site."""
    for file in list(files):
        if file.src_uri.startswith(PRINT_TEMPLATES):
            files.remove(file)
    return files


def on_page_context(context, page, config, nav, **kwargs):
    context["kc_downloads"] = _view
    return context


def on_post_build(config, **kwargs):
    """Copy this language's files to ``<site>/downloads/`` (nl) or ``<site>/en/downloads/``."""
    if _lang != config.theme["language"]:
        return
    site = Path(config.site_dir)
    for file in _files:
        target = site / file.spec.url
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file.path, target)
        stamp = file.date.timestamp()
        os.utime(target, (stamp, stamp))  # a stable Last-Modified, like the date inside the file
