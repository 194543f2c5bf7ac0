"""MkDocs adapter for the Content Security Policy (the policy itself is in ``kenniscentrum.csp``).

* ``on_post_page`` / ``on_post_template``: every HTML page gets a ``<meta http-equiv="Content-Security-Policy">``
  rendered from ``overrides/partials/kc/csp.html``. It allows only the inline scripts of the reviewed list
  (``kenniscentrum/csp-inline-scripts.yml``, rendered with the page's ``base_url``) that the page contains. Any other
  inline script fails the build with the page named: the policy comes from the templates, never from the output.
* ``on_post_build``: once all languages are built, every HTML file in ``site/`` (files copied from ``content/``
  included) is checked the same way, and ``_headers`` at the site root carries the policy with the reviewed hashes
  found plus the header-only directives, for hosts that read Netlify/Cloudflare-style header files.

Stateless across builds: the header file is computed from the HTML on disk, not from what this module saw; the Jinja
environment is on the build's state (``state_of(config)``) and the command on ``kenniscentrum.portal.process_of(project)``.

Under ``mkdocs serve`` no meta policy is written and nothing is checked: the dev server injects an inline live-reload
script whose text changes on every request, so no hash can allow it and the preview would stop reloading. The policy
is checked on real builds by ``tests/build/test_csp.py`` and in the browser by ``tests/browser/``.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url, is_error_template

from kenniscentrum import csp, parallel
from kenniscentrum.portal import process_of, state_of

PROJECT = Path(__file__).resolve().parents[1]  # the folder of this project's mkdocs.yml


def on_startup(command, dirty=False, **kwargs):
    process = process_of(PROJECT)
    process.command, process.dirty = command, dirty


def on_shutdown(**kwargs):
    process_of(PROJECT).command = None  # a later build of this project in the same process is not a `serve`


def on_env(env, config, files, **kwargs):
    state_of(config).env = env
    return env


def _with_policy(html: str, base_url: str, name: str, config) -> str:
    if process_of(state_of(config).site.root).serving or csp.meta_policy_of(html) is not None:
        return html
    try:
        hashes = csp.check_page(html, csp.allowed_scripts(base_url), name)
    except csp.UnreviewedScriptError as exc:
        raise PluginError(str(exc)) from None
    element = state_of(config).env.get_template("partials/kc/csp.html").render(kc_csp=csp.policy(hashes)).strip()
    return csp.insert_after_charset(html, element)


def _error_base_url(config) -> str:
    # What MkDocs gives error templates (404.html): the site's path, absolute (mkdocs.commands.build._build_template).
    return urlsplit(config.site_url or "/").path


def on_post_page(output, page, config, **kwargs):
    return _with_policy(output, get_relative_url(".", page.url), f"content/{page.file.src_uri}", config)


def on_post_template(output_content, template_name, config, **kwargs):
    if template_name.endswith(".html"):
        base_url = _error_base_url(config) if is_error_template(template_name) else get_relative_url(".", template_name)
        return _with_policy(output_content, base_url, template_name, config)
    return output_content


def on_post_build(config, **kwargs):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # inside static-i18n's nested per-language build; the outer build writes the file
    site = Path(config.site_dir)
    # A file that never passed through on_post_page (an .html file copied from content/, say) is held to the same
    # list; its base_url is unknown, so any depth's rendering of a reviewed script counts.
    allowed = csp.all_allowed_hashes([*csp.relative_base_urls(), _error_base_url(config), "/"])
    pages = sorted(site.rglob("*.html"))
    # under `make serve` only the pages written since the last build are read again (csp.PAGE_HASHES)
    key = frozenset(allowed)
    csp.PAGE_HASHES.only(pages)

    def hashes_of(path: Path) -> frozenset[str]:
        html = path.read_text(encoding="utf-8", errors="replace")
        return frozenset(csp.check_page(html, allowed, path.relative_to(site).as_posix()))

    def scan(share: list[Path]) -> set[str]:
        found: set[str] = set()
        for path in share:
            found.update(csp.PAGE_HASHES.get(path, key, hashes_of))
        return found

    hashes: set[str] = set()
    try:  # on every core for a large site: a worker that finds an unreviewed script fails, and its share is
        # scanned again here, where the error is raised
        for found in parallel.fork_map(scan, pages, workers=parallel.workers_for(len(pages), min_per_worker=300)):
            hashes |= found
    except csp.UnreviewedScriptError as exc:
        raise PluginError(str(exc)) from None
    (site / "_headers").write_text(csp.headers_file(hashes), encoding="utf-8")
