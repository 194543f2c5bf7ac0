"""The scan page without JavaScript (issue 17, "Without JavaScript and on paper"): in the built HTML every question of
the source is a fieldset with one radio per answer of the scale, the scoring rule is printed, the script gets its
data from a JSON island (no inline script), and the page links its PDF, DOCX and XLSX."""
from __future__ import annotations

import html
import json
import re

import pytest
import yaml

from kenniscentrum.csp import inline_scripts
from kenniscentrum.model.scan import ANSWERS
from tests.support.sitebuild import REPO

SCANS = ("instrumenten/mvo-scan-kmo", "instrumenten/mvo-scan-lokale-besturen")


def source(lang, rel):
    return yaml.safe_load((REPO / "content" / lang / f"{rel}.md").read_text("utf-8").split("---\n")[1])


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("rel", SCANS)
def test_every_question_is_a_radio_group_and_the_rule_is_printed(built_site, lang, rel):
    root = built_site if lang == "nl" else built_site / "en"
    text = (root / rel / "index.html").read_text("utf-8")
    meta = source(lang, rel)
    rule = yaml.safe_load((REPO / "data/ui/scan.yml").read_text("utf-8"))[lang]["scoring_rule"]
    assert rule in html.unescape(text)
    for theme in meta["scan"]["themes"]:
        for q in theme["questions"]:
            block = re.search(r'<li class="kc-scan__question" data-question-id="%s">(.*?)</li>' % q["id"], text, re.S)
            assert block, q["id"]
            assert "<fieldset" in block.group(1) and "<legend>" in block.group(1)
            radios = re.findall(r'<input type="radio" id="kc-scan-%s-([a-z-]+)" name="q-%s"' % (q["id"], q["id"]),
                                block.group(1))
            assert tuple(radios) == ANSWERS
            for answer in ANSWERS:
                assert f'<label for="kc-scan-{q["id"]}-{answer}">' in block.group(1)
    island = re.search(r'<script type="application/json" data-scan-data>(.*?)</script>', text, re.S)
    data = json.loads(island.group(1))
    assert [q["id"] for t in data["themes"] for q in t["questions"]] == \
        [q["id"] for t in meta["scan"]["themes"] for q in t["questions"]]
    assert not [s for s in inline_scripts(text) if "scan" in s], "scan data must not be an executable script"
    for ext in ("pdf", "docx", "xlsx"):
        assert re.search(rf'href="[^"]*downloads/[^"]+\.{ext}"', text), ext
