"""Raw HTML in content is held to an allowlist at build time (rules KC204–KC206 in ``kenniscentrum/validation``).

Here the whole pipeline is exercised: a copy of the foundation fixture site gets a deliberately broken page, and a
full ``mkdocs build --strict`` has to fail, naming the file and line of every offence. A clean copy building is
covered by ``tests/foundation``.
"""
from __future__ import annotations

import re
import shutil

import pytest

from tests.support.sitebuild import REPO, make_project, mkdocs_build

pytestmark = pytest.mark.slow

FIXTURE = REPO / "tests" / "fixtures" / "site" / "content"

# Each offence on its own line; the test looks for "content/nl/over.md:<line>: <rule>".
OFFENCES = [
    ("<script>alert('hallo')</script>", "KC204"),
    ('<iframe src="https://video.example/embed/1" title="Video"></iframe>', "KC204"),
    ('<p onclick="alert(1)">Klik hier</p>', "KC205"),
    ('<a href="javascript:alert(1)">Link</a>', "KC206"),
]


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("raw-html")
    content = tmp / "content"
    shutil.copytree(FIXTURE, content)
    page = content / "nl" / "over.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    first = len(lines) + 2  # after a blank line
    lines.append("")
    for markup, _ in OFFENCES:
        lines.extend([markup, ""])
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = [(first + 2 * i, rule, markup) for i, (markup, rule) in enumerate(OFFENCES)]
    root = make_project(tmp, content)
    result = mkdocs_build(root, tmp / "site")
    return result, expected, tmp / "site"


def test_the_build_fails(broken_build):
    result, _, site = broken_build
    assert result.returncode != 0, "a page with <script> in its content was built"
    assert not (site / "over" / "index.html").exists()


@pytest.mark.parametrize("index", range(len(OFFENCES)), ids=[rule + "-" + m.split()[0].strip("<>") for m, rule in OFFENCES])
def test_each_offence_is_reported_with_file_and_line(broken_build, index):
    result, expected, _ = broken_build
    line, rule, markup = expected[index]
    output = result.stdout + result.stderr
    pattern = rf"content/nl/over\.md:{line}: {rule} .+ — fix: .+"
    assert re.search(pattern, output), f"expected '{pattern}' for {markup!r} in:\n{output[-3000:]}"
