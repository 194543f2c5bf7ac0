"""The performance benchmark: this portal against plain mkdocs-material on the same synthetic corpus, in one run.

    python -m bench                          # N = 100, 500, 2000 pages per language, then edit-to-preview at 500
    python -m bench --sizes 100,500 --repeat 1 --no-serve

For every N the harness generates a corpus (``bench/corpus.py``) in a temporary copy of the project, then builds

* the **plain baseline**: the same Markdown, front matter reduced to ``title`` (the one key MkDocs itself reads),
  built by plain mkdocs-material — one ``mkdocs build --strict`` process per language (nl, then en into ``en/``),
  Material's own search plugin on (what a plain Material site has), the portal's theme features (so
  ``navigation.prune``), ``font: false``, the portal's Markdown extensions and validation settings; no custom_dir,
  no extra CSS, no hooks, no i18n plugin, no generated pages;
* the **portal**: ``mkdocs build --strict`` of the project as it is (hooks, generators, templates, i18n, search …).

Builds alternate (baseline, portal, portal, baseline, …) so background load hits both alike; the fastest of
``--repeat`` runs is reported, every sample is kept. Wall time and CPU time (user + sys of the process tree, from
``wait4``) are both reported: on a shared machine CPU time is the steadier comparison.

Then, in a headless Chromium (Debian's, never downloaded) against a local HTTP server, for each site and language:

* **first view** of a content page: every request until the network is idle, gzip-sized (``gzip -6``; files that are
  already gzip, such as Pagefind's, count as they are); HTML + CSS + JS is the figure, images and fonts are listed;
* **search payload before the first result**: the search files fetched from page load until results are there for
  a typical one-word query. Material: type into its search box, wait for a result (its index loads eagerly on every
  page). Pagefind: what any search UI must fetch — ``pagefind.js``, the entry file, the language's WebAssembly and
  metadata, the index chunks for the query and the fragments of the first five results — by calling the Pagefind
  API in the page.

Last, **edit-to-preview**: the ``make serve`` command (read from the Makefile) on the N=500 project, one page body
edited, the seconds until the served HTML contains the change; then the page's title edited, and every page that
showed the old title in the fresh full build is fetched again and must show the new one (no stale pages), and the
search index must find the edited text (no stale search).

Then **Lighthouse** on six pages of the real portal (not the corpus), mobile, default throttling, served with gzip
(``bench/lighthouse.py``; ``--no-lighthouse`` skips it).

Results go to ``bench/results.json`` and to the tables between the ``bench:`` markers in ``docs/performance.md``.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from bench import lighthouse
from bench.corpus import make_project
from bench.serving import free_port, serve_directory
from kenniscentrum.site import load_site

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results.json"
PERFORMANCE_DOC = REPO / "docs" / "performance.md"
SITE = load_site(REPO)  # the portal's languages, from mkdocs.yml (kenniscentrum/site.py)
LANGS = SITE.langs
DEFAULT_LANG = SITE.default_lang
CONTENT_PAGE = "instrumenten/bench-0003.md"  # a content page every corpus size has (an instrument, a checklist)
QUERY = {"nl": "duurzaamheid", "en": "sustainability"}  # common words of the corpus: a typical one-word query
FIRST_RESULTS = 5  # result fragments a search UI loads before it shows the first page of results
SCALING_LIMIT = 4.4  # time(2000)/time(500): 4.0 is linear; issue 18 allows 4.4
CHROMIUM = Path("/usr/lib/chromium/chromium")
# The site_url the builds are made with (mkdocs.yml's default, the baseline's): requests to it are same-site.
SITE_URL_ALIASES = ("http://127.0.0.1:8000/", "http://localhost:8000/")

TARGETS = {
    "build_ratio": 1.25,  # issue 18 (the goal beyond is 1.10)
    "scaling": SCALING_LIMIT,
    "search_mib": 0.85,
    "first_view_kib": 70.0,
    "edit_to_preview_s": 3.0,
}


# ----------------------------------------------------------------------------------------------------------- machine


def machine() -> dict:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kib = 0
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    versions = {}
    for dist in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pagefind", "Markdown", "Jinja2"):
        with contextlib.suppress(Exception):
            from importlib.metadata import version

            versions[dist] = version(dist)
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
    }


def loadavg() -> float:
    with contextlib.suppress(OSError):
        return os.getloadavg()[0]
    return -1.0


# ------------------------------------------------------------------------------------------------------ subprocesses


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


@dataclass
class Run:
    seconds: float  # wall
    cpu_seconds: float  # user + sys of the process and the children it waited for
    peak_mib: float  # largest resident set of the process or any child it waited for
    returncode: int
    loadavg: float  # 1-minute load average just before the run


def timed(cmd: list[str], cwd: Path, log: Path, env: dict | None = None) -> Run:
    """Run ``cmd`` to completion; wall time, CPU time and peak RSS come from ``wait4`` on exactly this child."""
    load = loadavg()
    with log.open("ab") as out:
        out.write(f"\n$ {shlex.join(cmd)}   (cwd {cwd})\n".encode())
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env or build_env(), stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        seconds=round(seconds, 3),
        cpu_seconds=round(usage.ru_utime + usage.ru_stime, 3),
        peak_mib=round(usage.ru_maxrss / 1024, 1),
        returncode=proc.returncode,
        loadavg=round(load, 2),
    )


def mkdocs_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", *args]


# ---------------------------------------------------------------------------------------------------------- baseline


class _EnvTolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: ``!ENV [NAME, default]`` becomes the default, other tags their value."""


def _env_tag(loader, node):
    if isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node)
        return os.environ.get(items[0], items[-1] if len(items) > 1 else None)
    return os.environ.get(loader.construct_scalar(node))


def _any_tag(loader, suffix, node):
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)


_EnvTolerantLoader.add_constructor("!ENV", _env_tag)
_EnvTolerantLoader.add_multi_constructor("!", _any_tag)
_EnvTolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def read_config(project: Path) -> dict:
    return yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvTolerantLoader)


def _plain_markdown(text: str) -> str:
    """The page with its front matter reduced to ``title``: what a plain MkDocs site would carry."""
    if not text.startswith("---"):
        return text
    end = text.find("\n---", 3)
    if end < 0:
        return text
    meta = yaml.safe_load(text[3:end]) or {}
    body = text[end + 4:].lstrip("\n")
    title = meta.get("title") if isinstance(meta, dict) else None
    front = f"---\n{yaml.safe_dump({'title': str(title)}, allow_unicode=True, width=1000)}---\n\n" if title else ""
    return front + body


def baseline_config(portal: dict, lang: str, docs_dir: Path, site_dir: Path) -> dict:
    theme = portal.get("theme", {})
    i18n = next((p["i18n"] for p in portal.get("plugins", []) if isinstance(p, dict) and "i18n" in p), {})
    names = {item.get("locale"): item for item in i18n.get("languages", [])}
    site_url = "http://127.0.0.1:8000/" + SITE.prefix(lang)
    config = {
        "site_name": names.get(lang, {}).get("site_name", portal.get("site_name", "Baseline")),
        "site_url": site_url,
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "strict": True,
        "use_directory_urls": portal.get("use_directory_urls", True),
        "theme": {"name": "material", "language": lang, "font": False, "features": list(theme.get("features", []))},
        "plugins": [{"search": {"lang": lang}}],
        "markdown_extensions": portal.get("markdown_extensions", []),
    }
    if "validation" in portal:
        config["validation"] = portal["validation"]
    # The same navigation as the portal: its not_in_nav patterns, written for content/<lang>/, apply per language.
    patterns = [line.strip() for line in str(portal.get("not_in_nav") or "").splitlines() if line.strip()]
    patterns = [re.sub(r"^(!?)/\*/", r"\1/", line) for line in patterns]
    if patterns:
        config["not_in_nav"] = "\n".join(patterns) + "\n"
    return config


#: ``--full-nav``: the variant where every instrument is listed in the sidebar, in the portal and in the baseline alike
#: (the portal's own mkdocs.yml leaves instrument pages out of the sidebar; see its not_in_nav comment). With
#: navigation.prune every instrument page then lists all its siblings, so the sidebar makes builds quadratic.
INSTRUMENT_NAV_PATTERNS = ("/*/instrumenten/*", "!/*/instrumenten/index.md")


def apply_full_nav(project: Path) -> None:
    config_file = project / "mkdocs.yml"
    lines = config_file.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if line.strip() not in INSTRUMENT_NAV_PATTERNS]
    if len(kept) == len(lines):
        raise SystemExit("--full-nav: mkdocs.yml has no instrument patterns under not_in_nav to remove")
    config_file.write_text("".join(kept), encoding="utf-8")


def make_baseline(project: Path, dest: Path) -> dict[str, Path]:
    """One plain MkDocs project per language under ``dest``; returns ``{lang: mkdocs.yml}``."""
    from kenniscentrum.generators import is_generated_file

    portal = read_config(project)
    configs = {}
    for lang in LANGS:
        root = dest / lang
        docs = root / "docs"
        if root.exists():
            shutil.rmtree(root)
        for source in sorted((project / "content" / lang).rglob("*.md")):
            if is_generated_file(source):
                continue  # generated pages are a portal feature: a plain site has none
            target = docs / source.relative_to(project / "content" / lang)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_plain_markdown(source.read_text(encoding="utf-8")), encoding="utf-8")
        config_file = root / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(baseline_config(portal, lang, docs, Path("SITE")), allow_unicode=True,
                                              sort_keys=False), encoding="utf-8")
        configs[lang] = config_file
    return configs


def build_baseline(configs: dict[str, Path], site: Path, log: Path) -> list[Run]:
    runs = []
    for lang in LANGS:
        out = site / SITE.prefix(lang)
        args = ["build", "--strict", "--clean", "-f", str(configs[lang]), "--site-dir", str(out)]
        runs.append(timed(mkdocs_cmd(*args), configs[lang].parent, log))
    return runs


def build_portal(project: Path, site: Path, log: Path, env: dict | None = None) -> Run:
    return timed(mkdocs_cmd("build", "--strict", "--clean", "--site-dir", str(site)), project, log, env)


def html_pages(site: Path) -> int:
    return sum(1 for p in site.rglob("*.html") if p.name != "404.html")


# --------------------------------------------------------------------------------------------------- browser metrics


def gz_size(data: bytes) -> int:
    if data[:2] == b"\x1f\x8b":
        return len(data)  # already gzip (Pagefind's index files): served as they are
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def _kind(url: str, resource_type: str) -> str:
    path = url.split("?", 1)[0]
    if re.search(r"/(search/search_index\.json|assets/javascripts/workers/search|assets/javascripts/lunr/)", path) \
            or "/pagefind/" in path:
        return "search"
    if resource_type == "document" or path.endswith((".html", "/")):
        return "html"
    if resource_type == "stylesheet" or path.endswith(".css"):
        return "css"
    if resource_type == "script" or path.endswith((".js", ".mjs")):
        return "js"
    if resource_type == "font" or path.endswith((".woff", ".woff2", ".ttf", ".otf")):
        return "font"
    if resource_type == "image" or path.endswith((".svg", ".png", ".jpg", ".jpeg", ".webp", ".ico", ".gif")):
        return "image"
    return "other"


@dataclass
class PageWeight:
    first_view_bytes: int = 0  # HTML + CSS + JS, gzipped
    first_view_all_bytes: int = 0  # everything same-site fetched on load except search files (images, sitemap.xml …)
    requests: list = field(default_factory=list)  # [site-relative URL, gzipped bytes, kind] fetched on load
    by_kind: dict = field(default_factory=dict)  # kind -> gzipped bytes (everything fetched on load)
    fonts: int = 0
    third_party: list = field(default_factory=list)
    eager_search_bytes: int = 0  # search files fetched on page load with no interaction
    search_bytes: int = 0  # search files fetched from page load until the first result
    search_files: list = field(default_factory=list)
    search_results: int = 0
    search_engine: str = ""
    error: str = ""


def _pagefind_url(html: str, page_url: str) -> str | None:
    match = re.search(r"""["']([^"']*pagefind/pagefind(?:-ui)?\.js)["']""", html)
    if match:
        return urllib.parse.urljoin(page_url, match.group(1).replace("pagefind-ui.js", "pagefind.js"))
    return None


def measure_pages(site: Path, urls: dict[str, str], *, timeout_s: float = 120.0) -> dict[str, PageWeight]:
    """First-view weight and search payload of ``urls`` ({lang: site-relative URL}) in headless Chromium."""
    from playwright.sync_api import sync_playwright

    out: dict[str, PageWeight] = {}
    with serve_directory(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            for lang, rel in urls.items():
                out[lang] = _measure_one(browser, base, rel, lang, site, timeout_s)
        finally:
            browser.close()
    return out


def _measure_one(browser, base: str, rel: str, lang: str, site: Path, timeout_s: float) -> PageWeight:
    weight = PageWeight()
    context = browser.new_context(bypass_csp=True, service_workers="block")
    seen: list[tuple[str, str, str]] = []  # (url, resource type, phase)
    phase = {"now": "load"}

    def on_request(request):
        seen.append((request.url, request.resource_type, phase["now"]))

    def on_route(route):
        request_url = route.request.url
        if request_url.startswith(base):
            return route.continue_()
        for alias in SITE_URL_ALIASES:  # absolute links to the configured site_url are this same site
            if request_url.startswith(alias):
                return route.continue_(url=base + request_url[len(alias):])
        return route.abort()

    context.on("request", on_request)
    context.route("**/*", on_route)
    page = context.new_page()
    url = base + rel
    try:
        page.goto(url, wait_until="networkidle", timeout=timeout_s * 1000)
        html = page.content()
        phase["now"] = "search"
        candidates = [_pagefind_url(html, url), base + SITE.prefix(lang) +
                      "pagefind/pagefind.js", base + "pagefind/pagefind.js"]
        pagefind = next((c for c in candidates if c and _exists(site, base, c)), None)
        has_pagefind = pagefind is not None
        if page.locator(".md-search__input").count() and not has_pagefind:
            weight.search_engine = "material"
            page.locator(".md-search__input").first.click()
            page.locator(".md-search__input").first.press_sequentially(QUERY[lang], delay=10)  # keyboard events
            page.locator(".md-search-result__item").first.wait_for(timeout=timeout_s * 1000)
            weight.search_results = page.locator(".md-search-result__item").count()
        elif has_pagefind:
            weight.search_engine = "pagefind"
            weight.search_results = page.evaluate(
                """async ([src, query, first]) => {
                    const pf = await import(src);
                    if (pf.init) await pf.init();
                    const found = await pf.search(query);
                    await Promise.all(found.results.slice(0, first).map(r => r.data()));
                    return found.results.length;
                }""",
                [pagefind, QUERY[lang], FIRST_RESULTS],
            )
        else:
            weight.search_engine = "none"
        page.wait_for_load_state("networkidle")
    except Exception as exc:  # a broken page is a result to report, not a crash of the whole benchmark
        weight.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}"
    finally:
        context.close()

    counted: set[str] = set()
    for request_url, resource_type, when in seen:
        for alias in SITE_URL_ALIASES:
            if request_url.startswith(alias):
                request_url = base + request_url[len(alias):]
        if not request_url.startswith(base) or request_url in counted:
            if not request_url.startswith(base) and not request_url.startswith("data:"):
                weight.third_party.append(request_url)
            continue
        counted.add(request_url)
        size = _local_gz_size(site, base, request_url)
        kind = _kind(request_url, resource_type)
        if kind == "search":
            weight.search_bytes += size
            weight.search_files.append([request_url[len(base):], size, when])
            if when == "load":
                weight.eager_search_bytes += size
            continue
        if when != "load":
            continue
        weight.by_kind[kind] = weight.by_kind.get(kind, 0) + size
        weight.first_view_all_bytes += size
        weight.requests.append([request_url[len(base):], size, kind])
        if kind in ("html", "css", "js"):
            weight.first_view_bytes += size
        if kind == "font":
            weight.fonts += 1
    return weight


def _local_path(site: Path, base: str, url: str) -> Path:
    rel = urllib.parse.unquote(url[len(base):].split("?", 1)[0].split("#", 1)[0])
    path = site / rel
    if rel == "" or rel.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path


def _exists(site: Path, base: str, url: str) -> bool:
    return url.startswith(base) and _local_path(site, base, url).is_file()


def _local_gz_size(site: Path, base: str, url: str) -> int:
    path = _local_path(site, base, url)
    return gz_size(path.read_bytes()) if path.is_file() else 0


def content_urls() -> dict[str, str]:
    stem = CONTENT_PAGE[: -len(".md")]
    return {lang: SITE.prefix(lang) + f"{stem}/" for lang in LANGS}


def browser_available() -> bool:
    if not CHROMIUM.exists():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


# ---------------------------------------------------------------------------------------------------- one corpus size


REUSE_CACHE_FROM: list[Path] = []  # --reuse-cache-from: earlier --work directories


def _reuse_download_cache(project: Path, n: int) -> None:
    for earlier in REUSE_CACHE_FROM:
        cache = earlier / f"project-{n}" / ".cache"
        if cache.is_dir() and cache != project / ".cache":
            shutil.copytree(cache, project / ".cache", dirs_exist_ok=True)
            return


def best(runs: list[Run]) -> Run:
    return min(runs, key=lambda r: r.seconds)


def bench_size(n: int, work: Path, *, repeat: int, browser: bool, log: Path, full_nav: bool = False,
               cold: bool = True) -> dict:
    project = work / f"project-{n}"
    if project.exists():
        shutil.rmtree(project)
    started = time.perf_counter()
    make_project(project, n)
    if full_nav:
        apply_full_nav(project)
    corpus_seconds = time.perf_counter() - started
    configs = make_baseline(project, work / f"baseline-{n}")
    base_site, portal_site = work / f"baseline-site-{n}", work / f"portal-site-{n}"

    # Cold: nothing cached (the first build of a fresh checkout). Then warm builds, alternating with the baseline:
    # the download cache holds files made from identical inputs, as in CI with .cache/ restored or any second build.
    if cold:
        shutil.rmtree(project / ".cache", ignore_errors=True)
    else:  # only the warm figures are wanted: fill the download cache from an earlier run of this size, if given
        _reuse_download_cache(project, n)
    first = build_portal(project, portal_site, log)
    if first.returncode:
        raise SystemExit(f"portal build failed at N={n}; see {log}")
    baseline_runs: list[list[Run]] = []
    portal_runs: list[Run] = []
    for i in range(repeat):
        order = ("baseline", "portal") if i % 2 == 0 else ("portal", "baseline")
        for which in order:
            if which == "baseline":
                runs = build_baseline(configs, base_site, log)
                baseline_runs.append(runs)
                if any(r.returncode for r in runs):
                    raise SystemExit(f"baseline build failed at N={n}; see {log}")
            else:
                run = build_portal(project, portal_site, log)
                portal_runs.append(run)
                if run.returncode:
                    raise SystemExit(f"portal build failed at N={n}; see {log}")

    # Once more with every body checked again by the content boundary (KC_BOUNDARY_CACHE=0: no findings kept by an
    # earlier build process, as in a CI job without .cache/), downloads still from the cache.
    recheck = build_portal(project, portal_site, log, {**build_env(), "KC_BOUNDARY_CACHE": "0"})
    if recheck.returncode:
        raise SystemExit(f"portal build (boundary re-checked) failed at N={n}; see {log}")

    base_totals = [Run(seconds=round(sum(r.seconds for r in rs), 3), cpu_seconds=round(sum(r.cpu_seconds for r in rs), 3),
                       peak_mib=max(r.peak_mib for r in rs), returncode=0, loadavg=max(r.loadavg for r in rs))
                   for rs in baseline_runs]
    base, portal = best(base_totals), best(portal_runs)
    base_pages, portal_pages = html_pages(base_site), html_pages(portal_site)
    result = {
        "n_per_lang": n,
        "full_nav": full_nav,
        "corpus_seconds": round(corpus_seconds, 2),
        "baseline": {
            **asdict(base),
            "per_language": [asdict(r) for r in baseline_runs[base_totals.index(base)]],
            "pages": base_pages,
            "pages_per_second": round(base_pages / base.seconds, 1),
            "samples": [r.seconds for r in base_totals],
            "cpu_samples": [r.cpu_seconds for r in base_totals],
        },
        "portal": {
            **asdict(portal),
            "pages": portal_pages,
            "pages_per_second": round(portal_pages / portal.seconds, 1),
            "samples": [r.seconds for r in portal_runs],
            "cpu_samples": [r.cpu_seconds for r in portal_runs],
        },
        "portal_boundary_recheck": {**asdict(recheck), "ratio": round(recheck.seconds / base.seconds, 3),
                                    "cpu_ratio": round(recheck.cpu_seconds / base.cpu_seconds, 3)},
        **({"portal_cold": {**asdict(first), "pages_per_second": round(portal_pages / first.seconds, 1),
                            "ratio": round(first.seconds / base.seconds, 3),
                            "cpu_ratio": round(first.cpu_seconds / base.cpu_seconds, 3)}} if cold else {}),
        "ratio": round(portal.seconds / base.seconds, 3),
        "cpu_ratio": round(portal.cpu_seconds / base.cpu_seconds, 3),
        "ratio_median": round(statistics.median(r.seconds for r in portal_runs)
                              / statistics.median(r.seconds for r in base_totals), 3),
    }
    if browser:
        for name, site in (("baseline", base_site), ("portal", portal_site)):
            weights = measure_pages(site, content_urls())
            result[name]["pages_measured"] = content_urls()
            result[name]["weight"] = {lang: asdict(w) for lang, w in weights.items()}
    return result


# ----------------------------------------------------------------------------------------------------- edit-to-preview


SERVE_DROP: set[str] = set()  # --serve-without FLAG: measure the recipe without that flag (before/after figures)


def serve_command(port: int) -> list[str]:
    """The ``make serve`` recipe, with this Python's environment and a free port."""
    recipe = None
    with contextlib.suppress(OSError):
        lines = (REPO / "Makefile").read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if line.startswith("serve:"):
                for body in lines[i + 1:]:
                    if not body.startswith("\t"):
                        break
                    if "serve" in body and "mkdocs" in body:
                        recipe = body.strip()
                break
    args = shlex.split(recipe)[1:] if recipe else ["serve"]
    args = [a for a in args if not a.startswith("$")]
    cleaned, skip = [], False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg in ("--dev-addr", "-a"):
            skip = True
            continue
        if arg.startswith("--dev-addr=") or arg in SERVE_DROP:
            continue
        cleaned.append(arg)
    return mkdocs_cmd(*cleaned, "--dev-addr", f"127.0.0.1:{port}")


def fetch(url: str, timeout: float = 5.0) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, ValueError):
        return None


def wait_for(predicate, timeout: float, interval: float = 0.05):
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None


def _set_title(text: str, title: str) -> str:
    return re.sub(r"(?m)^title: .*$", lambda _: "title: " + json.dumps(title, ensure_ascii=False), text, count=1)


def _old_title(text: str) -> str:
    meta = yaml.safe_load(text.split("\n---", 1)[0][3:])
    return str(meta["title"])


def _drop_first_theme(text: str) -> str | None:
    """The page with the first of its (at least two) themes removed; None when it has fewer."""
    match = re.search(r"(?m)^themes:\n- [^\n]+\n(?=- )", text)
    return None if match is None else text[: match.start()] + "themes:\n" + text[match.end():]


def _pages_showing(site: Path, needle: str) -> list[str]:
    """Site-relative URLs of every HTML page in a built site that contains ``needle`` (HTML-escaped)."""
    import html as html_lib

    escaped = html_lib.escape(needle, quote=False)
    urls = []
    for path in sorted(site.rglob("*.html")):
        if path.name == "404.html":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if escaped in text or needle in text:
            rel = path.relative_to(site).as_posix()
            urls.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return urls


def _search_finds(base: str, lang: str, token: str, site_hint: str) -> dict:
    """Does the served search index find ``token``? (Pagefind via its API in Chromium; Material's index via JSON.)"""
    index = fetch(base + SITE.prefix(lang) + "search/search_index.json", timeout=30)
    if index is not None:
        return {"engine": "material", "found": token in index}
    if not browser_available():
        return {"engine": "unknown", "found": None, "note": "no browser to query Pagefind"}
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            context = browser.new_context(bypass_csp=True)
            page = context.new_page()
            page.goto(base + site_hint, wait_until="load")
            src = _pagefind_url(page.content(), base + site_hint) or base + "pagefind/pagefind.js"
            try:
                urls = page.evaluate(
                    """async ([src, query]) => {
                        const pf = await import(src + '?t=' + Date.now());
                        const found = await pf.search(query);
                        return Promise.all(found.results.slice(0, 5).map(async r => (await r.data()).url));
                    }""",
                    [src, token],
                )
            except Exception as exc:
                return {"engine": "pagefind?", "found": None, "note": f"{type(exc).__name__}: {str(exc)[:200]}"}
            return {"engine": "pagefind", "found": any(site_hint in u for u in urls), "urls": urls}
        finally:
            browser.close()


def edit_to_preview(project: Path, fresh_site: Path, work: Path, log: Path, *, startup_timeout: float = 900) -> dict:
    """Time from saving a page to ``make serve`` serving the change; check nothing served is stale."""
    port = free_port()
    cmd = serve_command(port)
    base = f"http://127.0.0.1:{port}/"
    page_rel = CONTENT_PAGE[: -len(".md")] + "/"
    source = project / "content" / DEFAULT_LANG / CONTENT_PAGE
    original = source.read_text(encoding="utf-8")
    result: dict = {"command": shlex.join(cmd[2:]), "page": f"content/{DEFAULT_LANG}/{CONTENT_PAGE}"}
    originals: dict[Path, str] = {}  # other files the edits touch, restored at the end
    serve_log = log.with_name("serve.log")
    with serve_log.open("wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=project, env=build_env(), stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            ready = wait_for(lambda: proc.poll() is not None or fetch(base + page_rel), startup_timeout, 0.2)
            if proc.poll() is not None or not ready:
                result["error"] = f"serve did not come up; see {serve_log}"
                return result
            result["startup_seconds"] = round(time.perf_counter() - started, 2)
            # Settled: the first build's search index is written (the portal's dev server holds /pagefind/ until then).
            fetch(base + "pagefind/pagefind-entry.json", timeout=600)
            result["settled_seconds"] = round(time.perf_counter() - started, 2)
            time.sleep(1.0)  # let the file watcher take its first look

            # 1. a body edit: the page must show it
            token = f"bewerkt{int(time.time() * 1000) % 10**9}"
            source.write_text(original.rstrip("\n") + f"\n\nDeze zin is {token} toegevoegd.\n", encoding="utf-8")
            t0 = time.perf_counter()
            shown = wait_for(lambda: token in (fetch(base + page_rel) or ""), 120)
            result["body_edit_seconds"] = round(time.perf_counter() - t0, 2) if shown else None
            fetch(base + "pagefind/pagefind-entry.json", timeout=600)  # held until the index matches the pages
            result["body_edit_search_fresh_seconds"] = round(time.perf_counter() - t0, 2)
            wait_for(lambda: _rebuild_idle(serve_log), 120, 0.2)
            result["body_edit_build_log"] = _last_build_lines(serve_log)
            result["body_edit_search"] = _search_finds(base, DEFAULT_LANG, token, page_rel)

            # 2. a title edit: every page that showed the old title must show the new one
            old = _old_title(original)
            dependants = _pages_showing(fresh_site, old)
            new_title = old + " herzien"
            marker_before = serve_log.stat().st_size
            source.write_text(_set_title(source.read_text(encoding="utf-8"), new_title), encoding="utf-8")
            t0 = time.perf_counter()
            shown = wait_for(lambda: new_title in (fetch(base + page_rel) or ""), 300)
            result["title_edit_seconds"] = round(time.perf_counter() - t0, 2) if shown else None
            wait_for(lambda: _rebuild_idle(serve_log, marker_before), 300, 0.2)
            result["title_edit_settled_seconds"] = round(time.perf_counter() - t0, 2)
            stale = [u for u in dependants if new_title not in (fetch(base + u) or "")]
            result["title_dependants"] = len(dependants)
            result["stale_pages"] = stale[:20]
            result["stale_count"] = len(stale)
            result["title_edit_build_log"] = _last_build_lines(serve_log)

            # 3. a front-matter edit: the first theme dropped, in both languages (facets match across languages)
            sources = [project / "content" / lang / CONTENT_PAGE for lang in SITE.langs]
            originals.update({path: path.read_text(encoding="utf-8") for path in sources if path != source})
            edited = {path: _drop_first_theme(path.read_text(encoding="utf-8")) for path in sources}
            if all(edited.values()):
                marker_before = serve_log.stat().st_size
                for path, text in edited.items():
                    path.write_text(text, encoding="utf-8")
                t0 = time.perf_counter()
                # served once the rebuild that the edit started has finished (the page shows no new text to wait for)
                shown = wait_for(lambda: _rebuilt(serve_log, marker_before) and fetch(base + page_rel), 300, 0.05)
                result["front_matter_edit_seconds"] = round(time.perf_counter() - t0, 2) if shown else None
                wait_for(lambda: _rebuild_idle(serve_log, marker_before), 300, 0.2)
                result["front_matter_edit_settled_seconds"] = round(time.perf_counter() - t0, 2)
                result["front_matter_edit_build_log"] = _last_build_lines(serve_log)
        finally:
            for path, text in originals.items():
                path.write_text(text, encoding="utf-8")
            source.write_text(original, encoding="utf-8")
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, 15)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=20)
            if proc.poll() is None:
                os.killpg(proc.pid, 9)
                proc.wait()
    return result


def _last_build_lines(serve_log: Path) -> list[str]:
    """The server's log lines about the last rebuild (plan, build time, background search index)."""
    text = serve_log.read_text(encoding="utf-8", errors="replace")
    text = text[text.rfind("Detected file changes"):]
    keep = ("preview:", "Documentation built", "search index", "downloads (")
    return [line.split(" -  ", 1)[-1].strip() for line in text.splitlines() if any(k in line for k in keep)]


def _rebuilt(serve_log: Path, since: int) -> bool:
    """True when a rebuild started after byte ``since`` of the log and has finished."""
    text = serve_log.read_bytes()[since:].decode("utf-8", "replace")
    return "Detected file changes" in text and _rebuild_idle(serve_log, since)


def _rebuild_idle(serve_log: Path, since: int = 0) -> bool:
    """True when the last build the server started has finished ("Documentation built" / "Serving" logged after)."""
    text = serve_log.read_bytes()[since:].decode("utf-8", "replace")
    last_start = max(text.rfind("Building documentation..."), text.rfind("Detected file changes"))
    last_end = max(text.rfind("Documentation built in"), text.rfind("Reloading browsers"))
    return last_end > last_start or (last_start < 0 and last_end >= 0)


# ------------------------------------------------------------------------------------------------------------ report


def _mib(b: int) -> float:
    return round(b / 1024 / 1024, 3)


def _kib(b: int) -> float:
    return round(b / 1024, 1)


def summarise(results: dict) -> dict:
    """Targets against figures: {name: {value, target, ok}}."""
    sizes = {r["n_per_lang"]: r for r in results["sizes"]}
    checks = {}
    for n in (500, 2000):
        if n in sizes:
            ratio = sizes[n]["ratio"]
            checks[f"build_ratio_{n}"] = {"value": ratio, "cpu_value": sizes[n]["cpu_ratio"],
                                          "target": TARGETS["build_ratio"], "ok": ratio <= TARGETS["build_ratio"]}
    if 500 in sizes and 2000 in sizes:
        for who in ("portal", "baseline"):
            value = round(sizes[2000][who]["seconds"] / sizes[500][who]["seconds"], 2)
            checks[f"scaling_{who}"] = {"value": value, "target": SCALING_LIMIT, "ok": value <= SCALING_LIMIT,
                                        "flag": "above linear" if value > SCALING_LIMIT else ""}
    largest = max(sizes) if sizes else None
    if largest is not None and "weight" in sizes[largest]["portal"]:
        for lang, w in sizes[largest]["portal"]["weight"].items():
            checks[f"search_mib_{lang}_{largest}"] = {"value": _mib(w["search_bytes"]), "target": TARGETS["search_mib"],
                                                     "ok": w["search_bytes"] / 1024 / 1024 <= TARGETS["search_mib"]
                                                     and w["search_results"] > 0}
            checks[f"first_view_kib_{lang}_{largest}"] = {"value": _kib(w["first_view_bytes"]),
                                                         "target": TARGETS["first_view_kib"],
                                                         "ok": w["first_view_bytes"] / 1024 <= TARGETS["first_view_kib"]
                                                         and w["fonts"] == 0 and not w["third_party"]}
    serve = results.get("edit_to_preview") or {}
    if serve.get("body_edit_seconds") is not None:
        checks["edit_to_preview_s"] = {"value": serve["body_edit_seconds"], "target": TARGETS["edit_to_preview_s"],
                                       "ok": serve["body_edit_seconds"] <= TARGETS["edit_to_preview_s"]
                                       and not serve.get("stale_count")
                                       and (serve.get("body_edit_search") or {}).get("found") is not False}
    # "any edit" (issue 18): a title edit re-renders the most pages of one language, a front-matter edit in both
    for edit in ("title_edit", "front_matter_edit"):
        if serve.get(f"{edit}_settled_seconds") is not None:
            checks[f"{edit}_s"] = {"value": serve[f"{edit}_settled_seconds"], "target": TARGETS["edit_to_preview_s"],
                                   "ok": serve[f"{edit}_settled_seconds"] <= TARGETS["edit_to_preview_s"]
                                   and not serve.get("stale_count")}
    checks.update(lighthouse.checks(results.get("lighthouse") or {}))
    return checks


def markdown_tables(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"Measured {results['date']} on {m['nproc']} cores ({m['cpu']}), {m['memory_gib']} GiB RAM, "
        f"Python {m['python']}; " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()) + ".",
        ("**Variant: every instrument listed in the sidebar (`--full-nav`), portal and baseline alike.**\n"
         if results.get("full_nav") else "") +
        f"Command: `{results['command']}`; best of {results['repeat']} alternating run(s) per size"
        + (f"; load average before the runs: {results['loadavg_start']}" if "loadavg_start" in results else "") + ".",
        "",
        "| pages per language | plain Material (2 builds) | portal | ratio (wall) | ratio (CPU) "
        "| portal pages/s | peak memory plain / portal | portal cold (empty `.cache/`), ratio wall / CPU "
        "| portal, every body re-checked (one run), ratio wall / CPU |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results["sizes"]:
        b, p, c = r["baseline"], r["portal"], r.get("portal_cold", {})
        cold = f"{c['seconds']:.1f} s, {c['ratio']:.2f}× / {c['cpu_ratio']:.2f}×" if c else "–"
        x = r.get("portal_boundary_recheck", {})
        recheck = f"{x['seconds']:.1f} s, {x['ratio']:.2f}× / {x['cpu_ratio']:.2f}×" if x else "–"
        lines.append(
            f"| {r['n_per_lang']} | {b['seconds']:.1f} s | {p['seconds']:.1f} s | **{r['ratio']:.2f}×** "
            f"| {r['cpu_ratio']:.2f}× | {p['pages_per_second']:.0f} | {b['peak_mib']:.0f} / {p['peak_mib']:.0f} MiB "
            f"| {cold} | {recheck} |"
        )
    weights = [r for r in results["sizes"] if "weight" in r["portal"]]
    if weights:
        lines += [
            "",
            "| pages per language | language | search before first result, plain | portal (engine) "
            "| first view plain (HTML+CSS+JS) | portal | portal, all requests on load "
            "| fonts / third-party requests (portal) |",
            "|---:|---|---:|---:|---:|---:|---:|---|",
        ]
        for r in weights:
            for lang in LANGS:
                b, p = r["baseline"]["weight"][lang], r["portal"]["weight"][lang]
                lines.append(
                    f"| {r['n_per_lang']} | {lang} | {_mib(b['search_bytes']):.2f} MiB | "
                    f"**{_mib(p['search_bytes']):.2f} MiB** ({p['search_engine']}, {p['search_results']} results) | "
                    f"{_kib(b['first_view_bytes']):.0f} KiB | **{_kib(p['first_view_bytes']):.0f} KiB** | "
                    f"{_kib(p.get('first_view_all_bytes', 0)):.0f} KiB | {p['fonts']} / {len(p['third_party'])} |"
                )
    serve = results.get("edit_to_preview")
    if serve:
        lines += ["", f"Edit-to-preview (`{serve.get('command')}`, {serve.get('n_per_lang')} pages per language): "]
        if serve.get("error"):
            lines.append(f"error: {serve['error']}")
        else:
            lines += [
                f"- server up after {serve.get('startup_seconds')} s (first full build);",
                f"- body edit served after **{serve.get('body_edit_seconds')} s**; search index matching it after "
                f"{serve.get('body_edit_search_fresh_seconds')} s, and it finds the new text: "
                f"{(serve.get('body_edit_search') or {}).get('found')};",
                f"- title edit served after {serve.get('title_edit_seconds')} s (settled "
                f"{serve.get('title_edit_settled_seconds')} s); {serve.get('title_dependants')} pages showed the old "
                f"title, stale afterwards: {serve.get('stale_count')};",
                f"- front-matter edit (a theme dropped, both languages) served after "
                f"**{serve.get('front_matter_edit_seconds')} s** (settled "
                f"{serve.get('front_matter_edit_settled_seconds')} s).",
            ]
    if results.get("lighthouse"):
        lines += lighthouse.markdown(results["lighthouse"])
    checks = results.get("targets") or {}
    if checks:
        lines += ["", "| target | measured | limit | met |", "|---|---:|---:|:---:|"]
        for name, c in checks.items():
            lines.append(f"| {name} | {c['value']} | {c['target']} | {'yes' if c['ok'] else '**no**'} |")
    return "\n".join(lines) + "\n"


def write_doc(results: dict, doc: Path = PERFORMANCE_DOC) -> None:
    begin, end = "<!-- bench:begin (written by python -m bench) -->", "<!-- bench:end -->"
    block = f"{begin}\n{markdown_tables(results)}{end}"
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Performance\n\n"
    if begin in text and end in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text, encoding="utf-8")


# -------------------------------------------------------------------------------------------------------------- main


def run(sizes: list[int], *, repeat: int, browser: bool, serve_n: int | None, work: Path, log: Path,
        on_size=None, full_nav: bool = False, cold: bool = True, lighthouse_runs: int = 0) -> dict:
    results: dict = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "command": "python -m bench " + " ".join(sys.argv[1:]) if sys.argv[1:] else "python -m bench",
        "machine": machine(),
        "repeat": repeat,
        "loadavg_start": round(loadavg(), 2),
        "query": QUERY,
        "content_page": CONTENT_PAGE,
        "full_nav": full_nav,
        "sizes": [],
    }
    for n in sizes:
        print(f"[bench] N={n} per language …", flush=True)
        results["sizes"].append(bench_size(n, work, repeat=repeat, browser=browser, log=log, full_nav=full_nav,
                                          cold=cold))
        r = results["sizes"][-1]
        print(f"[bench]   plain {r['baseline']['seconds']:.1f} s, portal {r['portal']['seconds']:.1f} s, "
              f"ratio {r['ratio']:.2f} (CPU {r['cpu_ratio']:.2f})", flush=True)
        if on_size:
            on_size(results)
    if serve_n:
        project, site = work / f"project-{serve_n}", work / f"portal-site-{serve_n}"
        if not project.exists():
            make_project(project, serve_n)
            if full_nav:
                apply_full_nav(project)
            build_portal(project, site, log)
        print(f"[bench] edit-to-preview at N={serve_n} …", flush=True)
        results["edit_to_preview"] = {"n_per_lang": serve_n, **edit_to_preview(project, site, work, log)}
    if lighthouse_runs:
        print("[bench] Lighthouse on the real portal …", flush=True)
        results["lighthouse"] = lighthouse.measure(runs=lighthouse_runs, work=work / "lighthouse", log=log)
    results["targets"] = summarise(results)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,500,2000", help="pages per language, comma-separated")
    parser.add_argument("--repeat", type=int, default=2, help="runs per size and build; the fastest is reported")
    parser.add_argument("--serve-n", type=int, default=500, help="corpus size for edit-to-preview (0: skip)")
    parser.add_argument("--no-serve", action="store_true", help="skip edit-to-preview")
    parser.add_argument("--serve-without", action="append", default=[], metavar="FLAG",
                        help="drop FLAG from the make serve recipe (e.g. --dirty, for a before/after comparison)")
    parser.add_argument("--no-browser", action="store_true", help="skip page weight and search payload")
    parser.add_argument("--no-cold", action="store_true",
                        help="skip the cold build's figures (the first build still runs; downloads take minutes)")
    parser.add_argument("--reuse-cache-from", type=Path, action="append", default=[],
                        help="with --no-cold: copy the download cache of this earlier --work directory")
    parser.add_argument("--full-nav", action="store_true",
                        help="list every instrument in the sidebar, in the portal and the baseline (the old navigation)")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse on the real portal")
    parser.add_argument("--lighthouse-runs", type=int, default=3,
                        help="Lighthouse runs per page; the median performance run is reported")
    parser.add_argument("--work", type=Path, help="scratch directory (default: a new temporary one, removed)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    parser.add_argument("--results", type=Path, default=RESULTS, help="JSON output")
    parser.add_argument("--doc", type=Path, default=PERFORMANCE_DOC, help="Markdown page to write the tables into")
    parser.add_argument("--no-doc", action="store_true", help="do not touch the Markdown page")
    args = parser.parse_args(argv)

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    REUSE_CACHE_FROM[:] = args.reuse_cache_from
    SERVE_DROP.update(args.serve_without)
    browser = not args.no_browser and browser_available()
    if not args.no_browser and not browser:
        print("[bench] no Chromium/Playwright: page weight and search payload skipped", flush=True)
    if not args.no_lighthouse and not lighthouse.available():
        print("[bench] no Lighthouse (make setup) or Chromium: Lighthouse skipped", flush=True)
    work = args.work or Path(tempfile.mkdtemp(prefix="kc-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    log = work / "build.log"
    print(f"[bench] scratch {work}; build output in {log}", flush=True)

    def save(results: dict) -> None:
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    try:
        results = run(sizes, repeat=args.repeat, browser=browser,
                      serve_n=None if args.no_serve or not args.serve_n else args.serve_n,
                      work=work, log=log, on_size=save, full_nav=args.full_nav,
                      cold=not args.no_cold,
                      lighthouse_runs=0 if args.no_lighthouse or not lighthouse.available() else args.lighthouse_runs)
    finally:
        if not (args.keep or args.work):
            shutil.rmtree(work, ignore_errors=True)
    save(results)
    if not args.no_doc:
        write_doc(results, args.doc)
    print(markdown_tables(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
