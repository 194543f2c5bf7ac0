"""``python -m kenniscentrum <command>``: a registry of subcommands, one module each in ``kenniscentrum/cli/``.

A subcommand module defines ``register(subparsers)``, which adds its parser and sets ``func=run`` with
``run(args) -> int`` (the exit code). Adding a command: create ``kenniscentrum/cli/<name>.py`` and add its name to
``COMMANDS`` below (a listed module that does not exist yet is skipped, so names may be reserved ahead of time).
"""
from __future__ import annotations

import argparse
import importlib
import sys

#: Subcommand modules, in the order ``--help`` lists them.
COMMANDS = (
    "check",
    "docs",
    "new",
    "translations",
    "review",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m kenniscentrum",
        description="Kenniscentrum MVO: content tools for editors and the build.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="<command>")
    for name in COMMANDS:
        module_name = f"{__name__}.{name}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:  # not written yet: skip; a broken import inside it still fails loudly
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    return int(args.func(args) or 0)
