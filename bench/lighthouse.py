"""Lighthouse on the real portal: six reader pages, mobile, default (simulated) throttling, served with gzip.

    python -m bench.lighthouse                 # build the portal, serve it, run Lighthouse, print the table
    python -m bench.lighthouse --site site     # use a portal already built with SITE_URL=http://127.0.0.1:<port>/

Part of the one full benchmark run (``python -m bench``; ``--no-lighthouse`` skips it). The portal is built from
this repository's own content (not the synthetic corpus) with ``SITE_URL`` set to the local server's address, so
canonical links, hreflang and the sitemap point at what Lighthouse loads. The server is deliberately small but
behaves like a production host on the two points Lighthouse measures: text responses are gzipped
(``Content-Encoding: gzip`` when the browser asks for it) and every response says how long it may be cached
(``Cache-Control``). Lighthouse is the npm package pinned in package-lock.json; Chromium is Debian's
(``CHROME_PATH``, default /usr/lib/chromium/chromium), headless. Every page is measured ``--runs`` times; the run
with the median performance score is reported (Lighthouse's own advice for variance).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.serving import QuietHandler, free_port, serve_directory

REPO = Path(__file__).resolve().parents[1]
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/lib/chromium/chromium")

# The six pages of issue 18: (name, URL path, source file that must exist, so a renamed page fails loudly).
PAGES = [
    ("home nl", "", "content/nl/index.md"),
    ("home en", "en/", "content/en/index.md"),
    ("instrument", "instrumenten/gids-starten-met-mvo/", "content/nl/instrumenten/gids-starten-met-mvo.md"),
    ("checklist", "instrumenten/checklist-water/", "content/nl/instrumenten/checklist-water.md"),
    ("manual chapter", "handleiding-ambassadeurs/02-starten/", "content/nl/handleiding-ambassadeurs/02-starten.md"),
    ("finder", "zoeker/", None),  # generated (kenniscentrum/generators/overviews.py, FINDER)
]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {"cls": "cumulative-layout-shift", "lcp_ms": "largest-contentful-paint", "tbt_ms": "total-blocking-time",
           "fcp_ms": "first-contentful-paint"}
# Issue 18's targets: performance >= 95, the other categories 100, layout shift <= 0.05.
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100, "cls": 0.05}

# ------------------------------------------------------------------------------------------------------ the server

COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".webmanifest", ".csv", ".ics")


def compressible(path: str) -> bool:
    """Is the response for this URL path text that a host would gzip? (Pagefind's files are gzip already.)"""
    path = path.split("?", 1)[0].lower()
    return path.endswith("/") or path.endswith(COMPRESSIBLE)


def cache_control(path: str) -> str:
    """A production-like policy: HTML and the service worker revalidate, everything else is kept a year."""
    path = path.split("?", 1)[0].lower()
    if path.endswith("/") or path.endswith((".html", "sw.js", ".webmanifest")):
        return "no-cache"
    return "public, max-age=31536000"


class GzipHandler(QuietHandler):
    """Static files with gzip for text and a Cache-Control header on every response."""

    def end_headers(self):
        self.send_header("Cache-Control", cache_control(self.path))
        super().end_headers()

    def do_GET(self):  # noqa: N802 (http.server's naming)
        if not (compressible(self.path) and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().do_GET()  # the redirect to the slash URL
            path = os.path.join(path, "index.html")
        try:
            data = Path(path).read_bytes()
        except OSError:
            return super().do_GET()  # 404 page and headers as usual
        body = data if data[:2] == b"\x1f\x8b" else gzip.compress(data, compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


GzipHandler.extensions_map = {**GzipHandler.extensions_map, ".webmanifest": "application/manifest+json",
                              ".js": "text/javascript", ".mjs": "text/javascript"}


def gzip_server(root: Path, port: int):
    """``root`` served with gzip and cache headers (:class:`GzipHandler`); yields the base URL."""
    return serve_directory(root, GzipHandler, port)


# ------------------------------------------------------------------------------------------------- build and audit


def build_site(site: Path, port: int, log: Path) -> None:
    """The real portal, strict, with its public address set to the local server."""
    env = {**os.environ, "SITE_URL": f"http://127.0.0.1:{port}/", "NO_MKDOCS_2_WARNING": "1",
           "PYTHONHASHSEED": "0"}
    env.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site)]
    with log.open("ab") as out:
        subprocess.run(mkdocs, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, check=True)


def available() -> bool:
    return LIGHTHOUSE.exists() and Path(CHROME).exists()


def lighthouse_json(url: str, out: Path) -> dict:
    """One Lighthouse run (mobile, default simulated throttling): the JSON report."""
    cmd = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
           "--only-categories=" + ",".join(CATEGORIES),
           "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"]
    env = {**os.environ, "CHROME_PATH": CHROME}
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=300)
    return json.loads(out.read_text(encoding="utf-8"))


def summarise_report(report: dict) -> dict:
    """Scores (0–100) and the metrics that matter here, plus what kept a category below 100."""
    categories, audits = report["categories"], report["audits"]
    result: dict = {c: round(100 * categories[c]["score"]) if categories.get(c, {}).get("score") is not None
                    else None for c in CATEGORIES}
    for key, audit_id in METRICS.items():
        value = (audits.get(audit_id) or {}).get("numericValue")
        result[key] = None if value is None else (round(value, 3) if key == "cls" else round(value))
    failing = {}
    for c in CATEGORIES:
        for ref in categories.get(c, {}).get("auditRefs", []):
            audit = audits.get(ref["id"]) or {}
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 0.9:
                failing[ref["id"]] = audit.get("displayValue") or audit.get("title", "")
    result["failing"] = failing
    result["warnings"] = report.get("runWarnings", [])
    return result


def measure(site: Path | None = None, *, port: int = 0, runs: int = 1, work: Path | None = None,
            log: Path | None = None) -> dict:
    """Build (unless ``site`` is given), serve and audit the six pages; {"pages": [...], "loadavg": ...}."""
    for name, _, source in PAGES:
        if source and not (REPO / source).exists():
            raise SystemExit(f"bench.lighthouse: page '{name}' has no source {source} (update PAGES)")
    work = work or Path(tempfile.mkdtemp(prefix="kc-lighthouse-"))
    work.mkdir(parents=True, exist_ok=True)
    log = log or work / "build.log"
    port = port or free_port()  # a given site was built for a given port (its SITE_URL)
    if site is None:
        site = work / "site"
        build_site(site, port, log)
    from importlib.metadata import version
    loadavg_start = round(os.getloadavg()[0], 2)
    pages = []
    with gzip_server(site, port) as base:
        for name, path, _ in PAGES:
            samples = []
            for i in range(runs):
                samples.append(summarise_report(lighthouse_json(base + path, work / f"lh-{len(pages)}-{i}.json")))
            median = statistics.median_low([s["performance"] or 0 for s in samples])
            chosen = next(s for s in samples if (s["performance"] or 0) == median)
            pages.append({"page": name, "path": "/" + path, **chosen,
                          "performance_samples": [s["performance"] for s in samples]})
            print(f"[lighthouse] {name}: " + ", ".join(f"{c} {chosen[c]}" for c in CATEGORIES)
                  + f", CLS {chosen['cls']}, LCP {chosen['lcp_ms']} ms, TBT {chosen['tbt_ms']} ms", flush=True)
    return {"lighthouse_version": _lighthouse_version(), "runs": runs, "loadavg_start": loadavg_start,
            "loadavg": round(os.getloadavg()[0], 2),
            "chromium": CHROME, "mkdocs_material": version("mkdocs-material"), "pages": pages}


def _lighthouse_version() -> str:
    package = REPO / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"] if package.exists() else "?"


def checks(lh: dict) -> dict:
    """Issue 18's targets against the figures, one entry per page and category: {name: {value, target, ok}}."""
    out = {}
    for p in lh.get("pages", []):
        for c in CATEGORIES:
            value = p[c]
            out[f"lighthouse_{c}_{p['page'].replace(' ', '_')}"] = {
                "value": value, "target": f">= {TARGETS[c]}", "ok": value is not None and value >= TARGETS[c]}
        out[f"lighthouse_cls_{p['page'].replace(' ', '_')}"] = {
            "value": p["cls"], "target": f"<= {TARGETS['cls']}", "ok": p["cls"] is not None and p["cls"] <= TARGETS["cls"]}
    return out


def markdown(lh: dict) -> list[str]:
    """The Lighthouse table for docs/performance.md (lines, no trailing newline)."""
    lines = ["", f"Lighthouse {lh.get('lighthouse_version')} (mobile, default simulated throttling, gzip + "
             f"Cache-Control from a local server, real portal content; median of {lh.get('runs')} run(s); load "
             f"average {lh.get('loadavg_start', '?')} at the start, {lh.get('loadavg')} at the end):", "",
             "| page | path | performance (all runs) | accessibility | best practices | SEO | CLS | LCP | TBT |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for p in lh.get("pages", []):
        runs = ", ".join(str(v) for v in p.get("performance_samples") or [p["performance"]])
        lines.append(f"| {p['page']} | `{p['path']}` | {p['performance']} ({runs}) | {p['accessibility']} "
                     f"| {p['best-practices']} | {p['seo']} | {p['cls']} | {p['lcp_ms']} ms | {p['tbt_ms']} ms |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lighthouse", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site/ (built with SITE_URL on --port)")
    parser.add_argument("--port", type=int, default=0, help="with --site: the port its SITE_URL names")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median performance run is reported")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)
    if not available():
        print(f"bench.lighthouse: needs {LIGHTHOUSE} (make setup) and Chromium at {CHROME}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="kc-lighthouse-"))
    try:
        lh = measure(args.site.resolve() if args.site else None, port=args.port, runs=args.runs, work=work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(lh, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print("\n".join(markdown(lh)))
    for p in lh["pages"]:
        if p["failing"]:
            print(f"{p['page']}: " + "; ".join(f"{k} ({v})" for k, v in p["failing"].items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
