"""`python -m kenniscentrum check` and the subcommand registry."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kenniscentrum import cli

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "model"
VALID = FIXTURES / "valid"


def run_check(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "kenniscentrum", "check", "--no-generate", *args], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=60)


def test_valid_tree_exits_zero():
    r = run_check(cwd=VALID)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip() == "22 pages checked, 0 problems"
    assert "content/nl/instrumenten/werkblad-test.md: draft" in r.stderr


def test_problems_exit_one_with_file_line_rule_and_fix():
    r = run_check("--data", str(VALID / "data"), cwd=FIXTURES / "bad" / "KC102-unknown-key")
    assert r.returncode == 1
    first = r.stdout.splitlines()[0]
    assert first.startswith("content/nl/x.md:9: KC102 unknown key `descripton`") and " — fix: " in first
    assert "1 pages checked, 1 problem" in r.stderr


def test_json_format():
    r = run_check("--format", "json", "--data", str(VALID / "data"), cwd=FIXTURES / "bad" / "KC301-checklist-parity")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert data["pages"] == 2 and data["problems"] == 1
    assert data["issues"][0] == {**data["issues"][0], "path": "content/en/c.md", "rule": "KC301", "line": 19}
    assert set(data["issues"][0]) == {"path", "line", "rule", "message", "fix"}


def test_paths_limit_the_report(tmp_path):
    shutil.copytree(VALID, tmp_path / "site")
    bad = tmp_path / "site" / "content" / "en" / "index.md"
    bad.write_text(bad.read_text().replace("type: page", "type: pagina"))
    r = run_check("content/nl", cwd=tmp_path / "site")
    assert r.returncode == 0 and r.stdout.startswith("11 pages checked, 0 problems")
    r = run_check("content/en/index.md", cwd=tmp_path / "site")
    assert r.returncode == 1 and "KC101" in r.stdout and "1 pages checked" in r.stderr


def test_missing_content_folder(tmp_path):
    r = run_check(cwd=tmp_path)
    assert r.returncode == 2 and "no such folder" in r.stderr


def test_registry_is_explicit_and_complete():
    """Issue #15: the registry used to skip a listed module that did not exist. It is an explicit list now: every
    module in kenniscentrum/cli/ is registered (a forgotten one fails here), and each adds its parser."""
    modules = {m.__name__.rsplit(".", 1)[1] for m in cli.commands()}
    on_disk = {p.stem for p in Path(cli.__file__).parent.glob("*.py") if p.stem != "__init__"}
    assert modules == on_disk
    parser = cli.build_parser()
    assert parser.parse_args(["check"]).func.__module__ == "kenniscentrum.cli.check"


def test_no_command_prints_help(capsys):
    assert cli.main([]) == 2
    assert "check" in capsys.readouterr().err
