"""Where a build spends its CPU: ``mkdocs build`` under cProfile, summed per area (our hooks and modules, templates,
Markdown, MkDocs, Jinja, …).

    python -m bench.profile /tmp/bench-project                  # profile a build of that project (e.g. bench.corpus)
    python -m bench.profile --stats /tmp/kc.prof                # summarise a saved profile again
    python -m bench.profile /tmp/bench-project --top 40         # plus the 40 costliest functions of our own code

The default is a sampling profiler on this process's CPU time (``SIGPROF``): on a shared machine wall-clock
profiles mostly measure the neighbours, and cProfile's per-call cost over-charges small functions called millions of
times. ``--timer cpu`` / ``--timer wall`` use cProfile instead (call counts, a saved ``.prof`` file). Child processes (Pagefind) are not in a Python profile; their wall time shows
as ``subprocess`` wait.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

#: (regex on the function's file, area) — first match wins. Our own code first, by module.
AREAS = (
    (r"/kenniscentrum/catalog", "kenniscentrum.catalog (listings, related)"),
    (r"/kenniscentrum/validation", "kenniscentrum.validation"),
    (r"/kenniscentrum/(content|frontmatter|model)", "kenniscentrum.content (load_content)"),
    (r"/kenniscentrum/downloads", "kenniscentrum.downloads"),
    (r"/kenniscentrum/generators", "kenniscentrum.generators"),
    (r"/kenniscentrum/", "kenniscentrum (other modules)"),
    (r"/hooks/", "hooks/*.py"),
    (r"overrides/.*\.(html|xml)$", "templates: overrides/"),
    (r"material/templates", "templates: Material"),
    (r"/jinja2/", "Jinja2 runtime"),
    (r"/(markdown|pymdownx)/", "Markdown"),
    (r"mkdocs_static_i18n", "mkdocs-static-i18n"),
    (r"material/plugins", "Material plugins"),
    (r"/mkdocs/", "MkDocs"),
    (r"/yaml/", "PyYAML"),
    (r"subprocess|selectors", "subprocess wait (Pagefind)"),
    (r"weasyprint|pydyf|/docx/|/odf/|openpyxl|fontTools|tinycss2|cssselect2|html5lib", "download libraries"),
)


def area(filename: str) -> str:
    for pattern, name in AREAS:
        if re.search(pattern, filename):
            return name
    return "other"


def summarise(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Own time (tottime) summed per area; built-ins are charged to the area of their caller."""
    totals: Counter = Counter()
    for (filename, _line, _name), (_cc, _nc, tottime, _cum, callers) in stats.stats.items():
        if filename == "~" and callers:
            # a built-in (str.join, getattr, regex …): split its time over its callers' areas
            weight = sum(c[2] for c in callers.values()) or 1.0
            for caller, caller_stats in callers.items():
                totals[area(caller[0])] += tottime * caller_stats[2] / weight
        else:
            totals[area(filename)] += tottime
    return totals.most_common()


def own_functions(stats: pstats.Stats, top: int) -> list[tuple[float, float, int, str]]:
    """The costliest functions of our own code (kenniscentrum/, hooks/, overrides/) by cumulative time."""
    rows = []
    for (filename, line, name), (_cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():
        if re.search(r"/kenniscentrum/|/hooks/|overrides/", filename):
            rows.append((cumtime, tottime, ncalls, f"{Path(filename).name}:{line} {name}"))
    rows.sort(reverse=True)
    return rows[:top]


def report(stats: pstats.Stats, top: int = 0) -> str:
    rows = summarise(stats)
    total = sum(t for _, t in rows) or 1.0
    lines = [f"CPU time profiled: {total:.1f} s", "", "| area | CPU s | share |", "|---|---:|---:|"]
    lines += [f"| {name} | {seconds:.2f} | {100 * seconds / total:.1f} % |" for name, seconds in rows if seconds >= 0.01]
    if top:
        lines += ["", "| our function | cumulative s | own s | calls |", "|---|---:|---:|---:|"]
        lines += [f"| `{name}` | {cum:.2f} | {tot:.2f} | {calls} |" for cum, tot, calls, name in own_functions(stats, top)]
    return "\n".join(lines)


def build_in_process(project: Path, site_dir: Path, measure) -> None:
    """``mkdocs build --strict --clean`` of ``project`` in this process, inside the context manager ``measure``."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    sys.path.insert(0, str(REPO))
    from mkdocs.__main__ import cli

    previous = os.getcwd()
    os.chdir(project)
    try:
        with measure:
            cli.main(["build", "--strict", "--clean", "--site-dir", str(site_dir)], standalone_mode=False)
    finally:
        os.chdir(previous)


def profile_build(project: Path, output: Path, site_dir: Path, timer: str = "cpu") -> pstats.Stats:
    """Run ``mkdocs build --strict`` of ``project`` in this process under cProfile."""
    profiler = cProfile.Profile(time.process_time) if timer == "cpu" else cProfile.Profile()
    build_in_process(project, site_dir, profiler)  # cProfile.Profile is a context manager (enable/disable)
    profiler.dump_stats(str(output))
    return pstats.Stats(str(output))


class Sampler:
    """A statistical CPU profiler: ``SIGPROF`` every ``interval`` seconds of this process's CPU time records the
    Python stack. Nearly free (no per-call cost), so fine-grained code is not over-charged as under cProfile."""

    def __init__(self, interval: float = 0.002):
        self.interval = interval
        self.stacks: Counter = Counter()

    def _handler(self, signum, frame) -> None:
        # Signals that expire while C code runs are merged into one: weigh each sample by the CPU time since the last.
        now = time.process_time()
        weight, self._last = now - self._last, now
        stack = []
        while frame is not None:
            code = frame.f_code
            stack.append((code.co_filename, code.co_firstlineno, code.co_name))
            frame = frame.f_back
        self.stacks[tuple(stack)] += weight

    def __enter__(self):
        import signal

        self._last = time.process_time()
        self._previous = signal.signal(signal.SIGPROF, self._handler)
        signal.setitimer(signal.ITIMER_PROF, self.interval, self.interval)
        return self

    def __exit__(self, *exc):
        import signal

        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, self._previous)

    def report(self, top: int = 25) -> str:
        total = sum(self.stacks.values()) or 1.0
        own: Counter = Counter()
        cumulative: Counter = Counter()
        for stack, count in self.stacks.items():
            own[area(stack[0][0])] += count
            seen = set()
            for filename, line, name in stack:
                if re.search(r"/kenniscentrum/|/hooks/|overrides/", filename) and (filename, line) not in seen:
                    seen.add((filename, line))
                    cumulative[f"{Path(filename).name}:{line} {name}"] += count
        lines = [f"CPU time sampled: {total:.1f} s ({len(self.stacks)} distinct stacks)", "",
                 "| area (innermost frame) | CPU s | share |", "|---|---:|---:|"]
        lines += [f"| {name} | {count:.2f} | {100 * count / total:.1f} % |" for name, count in own.most_common()]
        lines += ["", "| our function (anywhere on the stack) | CPU s | share |", "|---|---:|---:|"]
        lines += [f"| `{name}` | {count:.2f} | {100 * count / total:.1f} % |"
                  for name, count in cumulative.most_common(top)]
        return "\n".join(lines)


def sample_build(project: Path, site_dir: Path, top: int) -> str:
    sampler = Sampler()
    build_in_process(project, site_dir, sampler)
    return sampler.report(top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n\n")[0])
    parser.add_argument("project", nargs="?", type=Path, help="project to build (mkdocs.yml at its root)")
    parser.add_argument("--stats", type=Path, help="summarise this saved profile instead of building")
    parser.add_argument("--output", type=Path, default=Path(tempfile.gettempdir()) / "kc-build.prof")
    parser.add_argument("--site-dir", type=Path, default=Path(tempfile.gettempdir()) / "kc-profile-site")
    parser.add_argument("--timer", choices=("cpu", "wall", "sample"), default="sample",
                        help="sample (default): a SIGPROF sampler, CPU time, no per-call overhead; cpu: cProfile with a "
                             "CPU clock (exact call counts, but ~0.3 µs per call inflates functions called millions "
                             "of times); wall: cProfile's default clock, only meaningful on an idle machine")
    parser.add_argument("--top", type=int, default=25, help="also list this many of our own functions")
    args = parser.parse_args(argv)
    if args.timer == "sample" and args.project:
        print(sample_build(args.project.resolve(), args.site_dir, args.top))
        return 0
    if args.stats:
        stats = pstats.Stats(str(args.stats))
    elif args.project:
        stats = profile_build(args.project.resolve(), args.output, args.site_dir, args.timer)
        print(f"profile saved to {args.output}")
    else:
        parser.error("give a project directory or --stats FILE")
    print(report(stats, args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
