"""``python -m kenniscentrum <command>``: a registry of subcommands, one module each in ``kenniscentrum/cli/``.

A subcommand module defines ``register(subparsers)``, which adds its parser and sets ``func=run`` with
``run(args) -> int`` (the exit code). Adding a command: create ``kenniscentrum/cli/<name>.py`` and add the module to
:func:`commands` below (an explicit import: a missing module is an error, never silently skipped).
"""
from __future__ import annotations

import argparse
import sys


def commands() -> tuple:
    """Subcommand modules, in the order ``--help`` lists them (imported on use: each imports the package)."""
    from kenniscentrum.cli import check, docs, new, review, translations

    return (check, docs, new, translations, review)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m kenniscentrum",
        description="Kenniscentrum MVO: content tools for editors and the build.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="<command>")
    for module in commands():
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    return int(args.func(args) or 0)
