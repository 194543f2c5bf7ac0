"""The Lighthouse harness's own logic (bench/lighthouse.py), without Lighthouse: the local server gzips text and
says how long responses may be cached, and a report is read into scores, metrics and targets."""
from __future__ import annotations

import gzip
import urllib.request

from bench import lighthouse


def test_what_is_compressed_and_cached():
    assert lighthouse.compressible("/en/") and lighthouse.compressible("/assets/x.css?v=1")
    assert lighthouse.compressible("/assets/javascripts/finder.js")
    assert not lighthouse.compressible("/assets/images/icon-192.png")
    assert lighthouse.cache_control("/") == "no-cache"
    assert lighthouse.cache_control("/sw.js") == "no-cache"
    assert lighthouse.cache_control("/assets/stylesheets/discovery.css") == "public, max-age=31536000"


def fetch(url: str, encoding: str | None):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    with urllib.request.urlopen(request) as response:
        return response.headers, response.read()


def test_server_gzips_text_and_sends_cache_headers(tmp_path):
    page = "<!doctype html><title>x</title>" + "tekst " * 200
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" + b"0" * 100)
    with lighthouse.gzip_server(tmp_path, 0) as base:
        headers, body = fetch(base + "a/", "gzip, deflate")
        assert headers["Content-Encoding"] == "gzip" and headers["Cache-Control"] == "no-cache"
        assert headers["Content-Type"].startswith("text/html")
        assert gzip.decompress(body).decode("utf-8") == page
        headers, body = fetch(base + "a/", None)  # a client that did not ask for gzip gets the plain bytes
        assert headers["Content-Encoding"] is None and body.decode("utf-8") == page
        headers, body = fetch(base + "logo.png", "gzip")
        assert headers["Content-Encoding"] is None and headers["Cache-Control"] == "public, max-age=31536000"


REPORT = {
    "categories": {
        "performance": {"score": 0.93, "auditRefs": [{"id": "total-blocking-time", "weight": 30}]},
        "accessibility": {"score": 1, "auditRefs": []},
        "best-practices": {"score": 0.96, "auditRefs": [{"id": "errors-in-console", "weight": 1}]},
        "seo": {"score": 1, "auditRefs": [{"id": "link-text", "weight": 1}]},
    },
    "audits": {
        "cumulative-layout-shift": {"numericValue": 0.51234, "score": 0.1},
        "largest-contentful-paint": {"numericValue": 1578.4, "score": 1},
        "total-blocking-time": {"numericValue": 284.2, "score": 0.6, "displayValue": "280 ms"},
        "first-contentful-paint": {"numericValue": 1200.0, "score": 1},
        "errors-in-console": {"score": 0, "title": "Browser errors were logged to the console"},
        "link-text": {"score": 1},
    },
}


def test_report_summary_and_targets():
    summary = lighthouse.summarise_report(REPORT)
    assert summary["performance"] == 93 and summary["best-practices"] == 96 and summary["seo"] == 100
    assert summary["cls"] == 0.512 and summary["lcp_ms"] == 1578 and summary["tbt_ms"] == 284
    assert set(summary["failing"]) == {"total-blocking-time", "errors-in-console"}
    lh = {"pages": [{"page": "checklist", "path": "/instrumenten/x/", **summary}], "runs": 1}
    checks = lighthouse.checks(lh)
    assert not checks["lighthouse_performance_checklist"]["ok"]
    assert checks["lighthouse_accessibility_checklist"]["ok"]
    assert not checks["lighthouse_cls_checklist"]["ok"]
    table = "\n".join(lighthouse.markdown(lh))
    assert "| checklist | `/instrumenten/x/` | 93 (93) | 100 | 96 | 100 | 0.512 | 1578 ms | 284 ms |" in table


def test_the_six_pages_exist():
    assert len(lighthouse.PAGES) == 6
    for name, _, source in lighthouse.PAGES:
        assert source is None or (lighthouse.REPO / source).exists(), name
