"""MkDocs adapter for the Content Security Policy (the policy itself is in ``kenniscentrum.csp``).

* ``on_post_page`` / ``on_post_template``: every HTML page gets a ``<meta http-equiv="Content-Security-Policy">``
  with the hashes of its own inline scripts, rendered from ``overrides/partials/kc/csp.html``.
* ``on_post_build``: once all languages are built, ``_headers`` at the site root carries the same policy (hashes of
  every page) plus the header-only directives, for hosts that read Netlify/Cloudflare-style header files.

Stateless across builds: the header file is computed from the HTML on disk, not from what this module saw; the Jinja
environment is on the build's state (``state_of(config)``) and the command on ``kenniscentrum.portal.process``.

Under ``mkdocs serve`` no meta policy is written: the dev server injects an inline live-reload script whose text
changes on every request, so no hash can allow it and the preview would stop reloading. The policy is checked on
real builds by ``tests/build/test_csp.py`` and in the browser by ``tests/browser/``.
"""
from __future__ import annotations

from pathlib import Path


from kenniscentrum import csp
from kenniscentrum.portal import process, state_of


def on_startup(command, **kwargs):
    process.command = command


def on_env(env, config, files, **kwargs):
    state_of(config).env = env
    return env


def _with_policy(html: str, config) -> str:
    if process.serving or csp.meta_policy_of(html) is not None:
        return html
    text = csp.policy(csp.script_hashes(html))
    element = state_of(config).env.get_template("partials/kc/csp.html").render(kc_csp=text).strip()
    return csp.insert_after_charset(html, element)


def on_post_page(output, page, config, **kwargs):
    return _with_policy(output, config)


def on_post_template(output_content, template_name, config, **kwargs):
    if template_name.endswith(".html"):
        return _with_policy(output_content, config)
    return output_content


def on_post_build(config, **kwargs):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # inside static-i18n's nested per-language build; the outer build writes the file
    site = Path(config.site_dir)
    hashes: set[str] = set()
    for path in sorted(site.rglob("*.html")):
        hashes.update(csp.script_hashes(path.read_text(encoding="utf-8")))
    (site / "_headers").write_text(csp.headers_file(hashes), encoding="utf-8")
