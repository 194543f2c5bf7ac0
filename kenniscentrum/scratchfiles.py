"""Editors' temporary, swap, lock and backup files: never content, never copied into the site, never a reason to
rebuild.

Many editors save through a temporary file that is renamed over the real one (vim, JetBrains, gedit, Kate), probe
the folder with a throw-away file (vim's ``4913``), keep swap or lock files next to the file being edited (vim,
Emacs, LibreOffice) or leave a backup (``*~``, ``*.bak``). Such a file can vanish between MkDocs listing a folder and
reading it, so a build that looked at it failed with a traceback, and ``x.md.tmp`` was published as a static file
(issue 14). One list, used by the content loader, both fingerprints and the dev server's watcher
(``kenniscentrum.build``, ``kenniscentrum.preview``), and as MkDocs ``exclude_docs`` (``hooks/preview.py``).
"""
from __future__ import annotations

import fnmatch
import posixpath
import re

#: Shell patterns on a file's name (not its folder). Documented for editors in docs/editing.md.
SCRATCH_PATTERNS: tuple[str, ...] = (
    "*.tmp", "*.temp",             # generic temporary files, including x.md.tmp
    "*~", "*.bak", "*.orig",       # backups (Emacs, nano, many tools; merge tools)
    ".#*", "#*#",                  # Emacs lock (a dangling symlink) and auto-save files
    "*.swp", "*.swo", "*.swx", "*.swpx",  # vim swap files (usually dot-files as well)
    "4913",                        # vim's probe for a writable folder, created and deleted at once
    "*___jb_tmp___", "*___jb_old___",  # JetBrains "safe write"
    "*.kate-swp", ".goutputstream-*",  # Kate, gedit
    ".~lock.*",                    # LibreOffice lock files
    ".DS_Store",                   # macOS Finder
)

_SCRATCH = re.compile("|".join(fnmatch.translate(p) for p in SCRATCH_PATTERNS))


def is_scratch(path: str) -> bool:
    """Whether the file at ``path`` (any separator) is an editor's scratch file, judged by its name."""
    name = posixpath.basename(str(path).replace("\\", "/"))
    return bool(_SCRATCH.match(name))


def gitignore_lines() -> list[str]:
    """:data:`SCRATCH_PATTERNS` as gitignore lines (MkDocs ``exclude_docs``): a leading ``#`` must be escaped."""
    return ["\\" + p if p.startswith("#") else p for p in SCRATCH_PATTERNS]
