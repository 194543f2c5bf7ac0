"""The downloads fixture for the unit tests: pages as the renderers see them, and the interface strings."""
from __future__ import annotations

from types import SimpleNamespace

import yaml

from tests.support.sitebuild import REPO

FIXTURE = REPO / "tests" / "fixtures" / "downloads" / "pages.yml"


def load_pages() -> list[SimpleNamespace]:
    """Every page of ``tests/fixtures/downloads/pages.yml``, with the attributes the downloads code reads."""
    return [
        SimpleNamespace(lang=d["lang"], rel_path=d["rel_path"], meta=d["meta"], body=d.get("body", ""),
                        type=d["meta"]["type"], is_draft=d["meta"]["status"] == "draft")
        for d in yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    ]


def ui_strings(lang: str) -> dict:
    """The interface strings of ``data/ui/downloads.yml`` in ``lang``."""
    return yaml.safe_load((REPO / "data" / "ui" / "downloads.yml").read_text(encoding="utf-8"))[lang]


def download_text(path) -> str:
    """Everything a reader or a program can read out of a download: a PDF's page text, link targets and metadata;
    every XML part of a DOCX, ODT or XLSX (ZIP) file. For scanning built files for addresses."""
    from pathlib import Path
    import zipfile

    from pypdf import PdfReader

    path = Path(path)
    if path.suffix == ".pdf":
        reader = PdfReader(path)
        parts = [page.extract_text() or "" for page in reader.pages]
        for page in reader.pages:
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A") or {}
                parts.append(str(action.get("/URI", "")))
        parts += [str(value) for value in (reader.metadata or {}).values()]
        if reader.xmp_metadata is not None:
            parts.append(reader.xmp_metadata.stream.get_data().decode("utf-8", "replace"))
        return "\n".join(parts)
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def file_digests(files) -> dict[str, str]:
    """filename -> SHA-256 of the bytes, for :class:`~kenniscentrum.downloads.produce.DownloadFile` results."""
    import hashlib

    return {f.spec.filename: hashlib.sha256(f.path.read_bytes()).hexdigest() for f in files}


def harfbuzz_subsetter():
    """WeasyPrint's handle on ``libharfbuzz-subset`` (None when the library is not installed)."""
    from weasyprint.pdf import fonts

    return fonts.harfbuzz_subset
