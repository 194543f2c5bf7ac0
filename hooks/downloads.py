"""MkDocs adapter for the downloads: generate (or take from the cache) every file of the language being built, give
templates a ``kc_downloads`` view, and publish the files into the built site.

Thin on purpose: the work is in ``kenniscentrum.downloads``. The model and the language come from the build's state
(``state_of(config)``, started by ``hooks/content.py``, whose ``on_pre_build`` runs first and reports content
problems). The files and the view of the language being built live on that language's state.

mkdocs-static-i18n builds each language in turn in one process (nl → ``site/``, en → ``site/en/``): ``on_post_build``
(before the plugin's nested builds: ``hooks/portal.py``) copies only its own language.
"""
from __future__ import annotations

import logging
import os
import time
from collections import defaultdict
from pathlib import Path

from mkdocs.structure.toc import AnchorLink

from kenniscentrum import preview
from kenniscentrum.downloads.produce import DownloadFile, Settings, produce_downloads
from kenniscentrum.downloads.view import DownloadsView
from kenniscentrum.pagesections import trailing_sections
from kenniscentrum.portal import state_of
from kenniscentrum.publishing import published_address
from kenniscentrum.sitecopy import copy_downloads
from kenniscentrum.templating import date_formatter

PRINT_TEMPLATES = "kc/print/"

log = logging.getLogger("mkdocs.hooks.kenniscentrum.downloads")


def on_pre_build(config, **kwargs):
    state = state_of(config)
    model, lang, root = state.model, state.lang, state.site.root
    if model.issues:
        return  # hooks/content.py has already stopped the build with the list of problems
    vocab = model.content.vocab[lang]
    settings = Settings(
        # KC_DOWNLOAD_CACHE: another cache directory (tests build with a cold cache to compare with a warm one).
        cache_dir=Path(os.environ.get("KC_DOWNLOAD_CACHE") or root / ".cache" / "downloads"),
        template_dir=root / "overrides" / "kc" / "print",
        content_dir=state.site.content_dir,
        site_url=published_address(config.site_url),  # None: no "online version" line (no SITE_URL)
        markdown_extensions=tuple(e for e in config.markdown_extensions if isinstance(e, str)),
        extension_configs={k: v for k, v in config.mdx_configs.items() if isinstance(k, str)},
        format_date=date_formatter(model),
        site=state.site,
    )
    # The scan's answer labels and scoring rule live with the scan's other strings (data/ui/scan.yml).
    strings = {**model.ui[lang]["downloads"], "scan": model.ui[lang]["scan"]}
    labels = {name: {str(item["id"]): item["label"] for item in vocab.items(name)} for name in ("licences", "themes")}
    started = time.perf_counter()
    files = produce_downloads(model.pages(lang), lang, strings, settings, labels=labels)
    state.language.download_files = files
    state.language.downloads_view = DownloadsView(files, lang, strings, state.site)
    _log_summary(lang, files, time.perf_counter() - started)


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
    view = state_of(config).language.downloads_view
    context["kc_downloads"] = view
    # The contents list covers the sections partials render after the body (tool, action plan, downloads), and the
    # action bar under the title links to them (kenniscentrum.pagesections). `kc` was set by hooks/content.py.
    kc = context.get("kc")
    if kc is not None and kc.page is not None:
        links = view.for_page(kc.rel_path) if view else []
        sections = trailing_sections(kc.page, kc.ui, links[0].kind if links else None)
        context["kc_sections"] = sections
        if sections and page.toc is not None:
            items = page.toc.items
            first = items[0] if items else None
            if first is not None and first.level == 1:
                items = first.children
            for section in sections:
                link = AnchorLink(section.title, section.anchor, section.level)
                if section.level > 2 and items and items[-1].level < section.level:
                    items[-1].children.append(link)
                else:
                    items.append(link)
    return context


def on_post_build(config, **kwargs):
    """Copy this language's files to ``<site>/downloads/`` (nl) or ``<site>/en/downloads/``."""
    language = state_of(config).language
    if language is None or language.lang != config.theme["language"]:
        return
    # under `make serve` files already in place from an earlier rebuild are not copied again (preview.Session)
    session = preview.session
    copy_downloads(language.download_files, Path(config.site_dir), session.published if session.active else None)
