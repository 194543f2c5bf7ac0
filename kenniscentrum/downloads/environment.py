"""Everything outside the repository that shapes the bytes of a download, for the cache key (``cache.py``).

The same sources give different files when the machine differs: WeasyPrint lays text out with Pango, HarfBuzz and
FreeType, finds fonts through fontconfig and embeds subsets of the font files it finds; python-docx and openpyxl
serialise through lxml / their own writers. A cache filled on one machine (or before ``apt-get install``) must not
serve files another machine would not make, so the key holds:

* the versions of the Python packages in :data:`PACKAGES`;
* the versions of the system libraries WeasyPrint loads (:func:`system_libraries`), and whether HarfBuzz's subsetter
  is loadable at all;
* the font files: path, size and SHA-256 of every file of the families ``print.css`` asks for, as fontconfig
  resolves them, and path and size of every other font fontconfig knows (Pango falls back to those for glyphs the
  named families lack) (:func:`font_files`).

Besides recording it, the PDF renderer pins the one choice WeasyPrint makes by itself: it subsets fonts with
fontTools (a pinned Python package) even where ``libharfbuzz-subset0`` is installed (:func:`pinned_subsetting`), so
the bytes do not depend on that package being present.

Read with ctypes, not through WeasyPrint's own bindings: importing WeasyPrint costs half a second, and the key is
computed on every build, also when every file comes from the cache. Computed once per process.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import logging
import os
import re
from contextlib import contextmanager
from functools import lru_cache
from importlib import metadata
from pathlib import Path

#: Python packages whose code ends up deciding bytes in a download (renderers, their dependencies, Markdown).
PACKAGES = (
    "weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5", "pyphen", "pillow", "brotli",
    "zopfli", "cffi", "python-docx", "lxml", "odfpy", "defusedxml", "openpyxl", "et-xmlfile", "Markdown",
    "pymdown-extensions", "Jinja2", "MarkupSafe",
)

# The names WeasyPrint itself tries (weasyprint/text/ffi.py), then what ctypes finds.
_LIBRARY_NAMES = {
    "harfbuzz": ("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll", "harfbuzz"),
    "harfbuzz-subset": ("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll",
                        "harfbuzz-subset"),
    "pango": ("libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll", "pango-1.0"),
    "fontconfig": ("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll", "fontconfig"),
    "freetype": ("libfreetype.so.6", "libfreetype.6.dylib", "libfreetype-6.dll", "freetype"),
}

_FONT_FAMILY = re.compile(r"font-family\s*:\s*([^;}]+)", re.IGNORECASE)


def package_versions() -> dict[str, str]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def _load(name: str):
    for candidate in _LIBRARY_NAMES[name]:
        found = candidate if "." in candidate else ctypes.util.find_library(candidate)
        if not found:
            continue
        try:
            return ctypes.CDLL(found)
        except OSError:
            continue
    return None


def _version(library, function: str, kind: str) -> str:
    try:
        call = getattr(library, function)
    except AttributeError:
        return "unknown"
    if kind == "string":
        call.restype = ctypes.c_char_p
        return (call() or b"").decode("ascii", "replace")
    call.restype = ctypes.c_int
    return str(call())


def _freetype_version(library) -> str:
    handle = ctypes.c_void_p()
    try:
        if library.FT_Init_FreeType(ctypes.byref(handle)) != 0:
            return "unknown"
        major, minor, patch = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        library.FT_Library_Version(handle, ctypes.byref(major), ctypes.byref(minor), ctypes.byref(patch))
        library.FT_Done_FreeType(handle)
        return f"{major.value}.{minor.value}.{patch.value}"
    except AttributeError:
        return "unknown"


def system_libraries() -> dict[str, str]:
    """Versions of the libraries WeasyPrint renders with ("absent" when one cannot be loaded)."""
    found = {name: _load(name) for name in _LIBRARY_NAMES}
    return {
        "harfbuzz": _version(found["harfbuzz"], "hb_version_string", "string") if found["harfbuzz"] else "absent",
        # WeasyPrint subsets with HarfBuzz when this loads (we pin fontTools, see pinned_subsetting).
        "harfbuzz-subset": "loadable" if found["harfbuzz-subset"] else "absent",
        "pango": _version(found["pango"], "pango_version_string", "string") if found["pango"] else "absent",
        "fontconfig": _version(found["fontconfig"], "FcGetVersion", "int") if found["fontconfig"] else "absent",
        "freetype": _freetype_version(found["freetype"]) if found["freetype"] else "absent",
    }


class _FcFontSet(ctypes.Structure):
    _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int), ("fonts", ctypes.POINTER(ctypes.c_void_p))]


def _pattern_string(fc, pattern, key: bytes, index: int = 0) -> str | None:
    value = ctypes.c_char_p()
    if fc.FcPatternGetString(ctypes.c_void_p(pattern), key, index, ctypes.byref(value)) != 0:  # FcResultMatch = 0
        return None
    return value.value.decode("utf-8", "replace") if value.value else None


def families_in(css_text: str) -> list[str]:
    """The font families a stylesheet names, in order, without quotes: ``"DejaVu Sans", sans-serif`` → both."""
    out: list[str] = []
    for declaration in _FONT_FAMILY.findall(css_text):
        for family in declaration.split(","):
            family = family.strip().strip("\"'").strip()
            if family and family not in out:
                out.append(family)
    return out


def _file_digest(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def font_files(families: tuple[str, ...]) -> dict:
    """What fontconfig resolves ``families`` to (``matched``: requested family → family found), every file of those
    families with its size and SHA-256 (``used``), and a digest of the path and size of every other font it knows
    (``others``). ``{"fontconfig": "absent"}`` when fontconfig cannot be loaded."""
    fc = _load("fontconfig")
    if fc is None:
        return {"fontconfig": "absent"}
    fc.FcInitLoadConfigAndFonts.restype = ctypes.c_void_p
    fc.FcConfigGetFonts.restype = ctypes.POINTER(_FcFontSet)
    fc.FcConfigGetFonts.argtypes = [ctypes.c_void_p, ctypes.c_int]
    fc.FcNameParse.restype = ctypes.c_void_p
    fc.FcFontMatch.restype = ctypes.c_void_p
    fc.FcFontMatch.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    fc.FcConfigSubstitute.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
    fc.FcDefaultSubstitute.argtypes = [ctypes.c_void_p]
    fc.FcPatternDestroy.argtypes = [ctypes.c_void_p]
    fc.FcConfigDestroy.argtypes = [ctypes.c_void_p]
    config = fc.FcInitLoadConfigAndFonts()
    if not config:
        return {"fontconfig": "no configuration"}
    try:
        matched: dict[str, str | None] = {}
        for family in families:
            pattern = fc.FcNameParse(family.encode("utf-8"))
            fc.FcConfigSubstitute(config, pattern, 0)  # FcMatchPattern
            fc.FcDefaultSubstitute(pattern)
            result = ctypes.c_int()
            font = fc.FcFontMatch(config, pattern, ctypes.byref(result))
            matched[family] = _pattern_string(fc, font, b"family") if font else None
            if font:
                fc.FcPatternDestroy(font)
            fc.FcPatternDestroy(pattern)
        wanted = {name for name in matched.values() if name}
        used, others = [], hashlib.sha256()
        font_set = fc.FcConfigGetFonts(config, 0)  # FcSetSystem
        entries = []
        if font_set:
            for i in range(font_set.contents.nfont):
                pattern = font_set.contents.fonts[i]
                path = _pattern_string(fc, pattern, b"file")
                names = {_pattern_string(fc, pattern, b"family", n) for n in range(4)} - {None}
                if path:
                    entries.append((path, names))
        for path, names in sorted(entries, key=lambda entry: entry[0]):
            try:
                size = os.stat(path).st_size
            except OSError:
                continue
            if names & wanted:
                used.append({"path": path, "size": size, "sha256": _file_digest(path)})
            else:
                others.update(f"{path}\0{size}\n".encode())
        return {"matched": matched, "used": sorted(used, key=lambda f: f["path"]), "others": others.hexdigest()}
    finally:
        fc.FcConfigDestroy(config)


@lru_cache(maxsize=8)
def pdf_environment(print_css: str = "") -> dict:
    """The system side of a PDF's bytes: library versions and the fonts of ``print_css`` (a path)."""
    css = Path(print_css).read_text(encoding="utf-8") if print_css and Path(print_css).is_file() else ""
    return {"libraries": system_libraries(), "fonts": font_files(tuple(families_in(css) or ["sans-serif"])),
            "subsetting": "fonttools (pinned)"}


class _DropFontToolsNotice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "Using fontTools instead of HarfBuzz-Subset" not in record.getMessage()


_NOTICE_FILTER = _DropFontToolsNotice()


@contextmanager
def pinned_subsetting():
    """Make WeasyPrint subset fonts with fontTools even where HarfBuzz's subsetter is installed.

    WeasyPrint picks HarfBuzz-subset when ``libharfbuzz-subset`` loads and fontTools otherwise, and the two give
    different bytes (issue #14). fontTools is a pinned Python package, the same everywhere; WeasyPrint's notice
    that it uses fontTools is expected here and filtered out. The module attribute is restored afterwards.
    """
    from weasyprint.pdf import fonts

    logger = logging.getLogger("weasyprint")
    saved = fonts.harfbuzz_subset
    fonts.harfbuzz_subset = None
    logger.addFilter(_NOTICE_FILTER)
    try:
        yield
    finally:
        fonts.harfbuzz_subset = saved
        logger.removeFilter(_NOTICE_FILTER)
