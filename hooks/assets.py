"""MkDocs adapter for the portal's own stylesheets and scripts (the minifiers are in ``kenniscentrum.minify``).

* ``on_files`` (after static-i18n narrowed the files to one language): every ``.css`` and ``.js`` file under
  ``assets/stylesheets/`` and ``assets/javascripts/`` that comes from ``overrides/`` (ours, not Material's, which
  ships minified) is handed to MkDocs as its minified text, so the site serves it without comments and layout
  whitespace while the readable source stays in ``overrides/assets/`` (issue 18, docs/performance.md). A file the
  minifier cannot read stops the build with its name.

Runs before ``hooks/offline.py`` reads the written site, so the service worker's version and precache list cover the
served bytes. Stateless: the minified text is memoised per source text in ``kenniscentrum.minify``.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from kenniscentrum import minify

FOLDERS = ("assets/stylesheets/", "assets/javascripts/")


def on_files(files, config, **kwargs):
    custom_dir = config.theme.custom_dir
    if not custom_dir:
        return files
    ours = Path(custom_dir).resolve()
    for file in files:
        if not file.src_uri.startswith(FOLDERS) or not file.src_uri.endswith(minify.MINIFIED_SUFFIXES):
            continue
        if file.abs_src_path is None or not Path(file.abs_src_path).resolve().is_relative_to(ours):
            continue
        try:
            file.content_string = minify.minify(file.src_uri, file.content_string)
        except (minify.CssMinifyError, minify.JsMinifyError) as error:
            raise PluginError(f"{file.abs_src_path}: cannot minify: {error}") from error
    return files
