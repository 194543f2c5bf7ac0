"""Build a site from a content tree in a scratch project: the repo's own config, hooks, templates and data, with
content of the test's choosing. Used by the foundation tests and the build tests."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROJECT_PARTS = ("mkdocs.yml", "hooks", "overrides", "data")


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def make_project(tmp: Path, content: Path) -> Path:
    """A copy of the project with ``content`` as its content tree; returns the project root."""
    root = tmp / "project"
    root.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, root / part)
    shutil.copytree(content, root / "content", ignore=shutil.ignore_patterns("_generated"))
    return root


def mkdocs_build(root: Path, site_dir: Path, *, timeout: int = 900,
                 env_overrides: dict | None = None) -> subprocess.CompletedProcess:
    env = build_env()
    env.update(env_overrides or {})
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site_dir)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def html_pages(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


#: The language the three-language fixture adds, as mkdocs.yml's i18n plugin lists it.
FRENCH = """\
        - locale: fr
          name: Français
          build: true
          site_name: Centre de connaissances RSE (Kenniscentrum MVO)
          site_description: Instruments pratiques sur la responsabilité sociétale des entreprises.
          copyright: Contenu sous CC BY 4.0 — Kenniscentrum MVO
"""


def make_trilingual_project(tmp: Path, content: Path) -> Path:
    """A copy of the project with a third language, French (docs/languages.md), and ``content`` as its tree.

    Only configuration and data change, never code — which is what the fixture proves. mkdocs.yml gets a `fr` entry
    under `plugins: i18n: languages:` and `missing_translation: placeholder`. The French interface strings and
    vocabulary labels are a fixture-local fallback: the English ones, copied under `fr:` (data/ui/*.yml) and into
    data/vocabularies/fr.yml — a build test needs every key present, not French wording.
    """
    import yaml

    root = make_project(tmp, content)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = "            Pdca: By PDCA phase\n"  # the last line of the English entry
    if anchor not in text or "missing_translation: fail" not in text:
        raise AssertionError("mkdocs.yml changed shape: update tests/support/sitebuild.py make_trilingual_project")
    text = text.replace(anchor, anchor + FRENCH, 1)
    text = text.replace("missing_translation: fail", "missing_translation: placeholder", 1)
    text = text.replace("      en: en-GB\n", "      en: en-GB\n      fr: fr-BE\n", 1)
    config.write_text(text, encoding="utf-8")
    for path in sorted((root / "data" / "ui").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["fr"] = data["en"]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    vocabularies = root / "data" / "vocabularies"
    shutil.copy2(vocabularies / "en.yml", vocabularies / "fr.yml")
    return root
