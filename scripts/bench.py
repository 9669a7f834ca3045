"""Build-time benchmark: the five-locale site against a plain one-locale mkdocs-jupyter site, and scaling.

Usage: python scripts/bench.py [--quick] [--runs N] [--scaling-runs N] [--no-scaling] [--out DIR]

1. The project's site (every locale) built cold (fresh example cache and site folder) and warm (same cache),
   N times each; the median is reported.
2. A plain MkDocs site (theme material, search, mkdocs-jupyter with ``execute: true``) of ONE page: the
   French learner notebook published by the first cold build, so it runs the same example code. Cold
   starts without mkdocs-jupyter's cache; warm reuses it (a cache hit: nothing is executed or converted).
3. Synthetic courses (copies of the lesson x seed and extra locales) built cold and warm, with the
   increment each extra locale and each extra lesson adds.

Every build is a separate ``mkdocs build`` process timed from spawn to exit. Results are printed and written
as JSON into bench-results/.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench_course import make_course, make_plain_site
from bench_run import BuildRun, Series, build, cold_and_warm, format_table, ratio

REPO = Path(__file__).resolve().parents[1]
LESSON = "random-initialization"
PLAIN_LOCALE = "fr"
COLD_TARGET = 1.5
WARM_TARGET = 1.0
LOCALE_STEP_TARGET = 0.10
FULL_GRID = [(lessons, locales) for lessons in (1, 5, 20) for locales in (1, 5, 10)]
QUICK_GRID = [(1, 1), (1, 5), (2, 5)]


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def project_builder(config: Path):
    def run(cache: Path, site: Path) -> BuildRun:
        return build(config, site, {"COURSEGEN_CACHE_DIR": str(cache)})

    return run


def compare(runs: int, scratch: Path) -> dict[str, object]:
    """Sections 1 and 2: the project's site and the plain site, side by side."""
    notebook = scratch / f"{LESSON}.ipynb"

    def keep(site: Path) -> None:
        code = PLAIN_LOCALE.replace("_", "-")
        shutil.copy2(site / code / LESSON / f"{LESSON}.{code}.ipynb", notebook)

    say(f"five-locale site: {runs} cold + {runs} warm builds ...")
    ours = cold_and_warm(
        "five-locale", runs, project_builder(REPO / "mkdocs.yml"), scratch / "ours", keep=keep
    )

    def plain_build(cache: Path, site: Path) -> BuildRun:
        return build(make_plain_site(notebook, scratch / "plain-project", cache), site)

    say(f"plain one-locale mkdocs-jupyter site: {runs} cold + {runs} warm builds ...")
    plain = cold_and_warm("plain", runs, plain_build, scratch / "plain")
    (ours_cold, ours_warm), (plain_cold, plain_warm) = ours, plain
    cold_ratio, warm_ratio = (
        ratio(ours_cold.median, plain_cold.median),
        ratio(ours_warm.median, plain_warm.median),
    )
    rows = [_row(s) for s in (ours_cold, ours_warm, plain_cold, plain_warm)]
    say()
    say(format_table(["build", "median s", "runs (s)", "kernels"], rows))
    say()
    cold_ok, warm_ok = _verdict(cold_ratio <= COLD_TARGET), _verdict(warm_ratio <= WARM_TARGET)
    say(f"cold five-locale / cold plain: {cold_ratio:.2f} (target <= {COLD_TARGET}) {cold_ok}")
    say(f"warm five-locale / warm plain: {warm_ratio:.2f} (target <= {WARM_TARGET}) {warm_ok}")
    say(
        "plain warm = mkdocs-jupyter 0.26 cache hit (page HTML stored by notebook hash): "
        "no kernel, no conversion, only MkDocs and Material."
    )
    return {
        "series": {s.name: s.as_dict() for s in (ours_cold, ours_warm, plain_cold, plain_warm)},
        "cold_ratio": round(cold_ratio, 3),
        "warm_ratio": round(warm_ratio, 3),
        "targets": {"cold_ratio": COLD_TARGET, "warm_ratio": WARM_TARGET},
    }


def scaling(grid: Sequence[tuple[int, int]], runs: int, scratch: Path) -> dict[str, object]:
    """Section 3: synthetic courses, and what one more locale or one more lesson costs."""
    results: dict[tuple[int, int], tuple[Series, Series]] = {}
    failures: list[dict[str, object]] = []
    for lessons, locales in grid:
        say(f"synthetic course: {lessons} lesson(s) x {locales} locale(s) ...")
        course = make_course(REPO, scratch / f"course-{lessons}x{locales}", lessons, locales, LESSON)
        name = f"{lessons}x{locales}"
        try:
            results[(lessons, locales)] = cold_and_warm(
                name, runs, project_builder(course.config), scratch / name
            )
        except RuntimeError as exc:  # one failed grid point must not discard the others
            say(f"  FAILED: {exc}")
            failures.append({"lessons": lessons, "locales": locales, "error": str(exc)[-2000:]})
        shutil.rmtree(course.root, ignore_errors=True)
    rows = [
        [lessons, locales, f"{cold.median:.2f}", f"{warm.median:.2f}", cold.kernels, warm.kernels]
        for (lessons, locales), (cold, warm) in results.items()
    ]
    say()
    say(format_table(["lessons", "locales", "cold s", "warm s", "kernels cold", "kernels warm"], rows))
    increments = _increments({key: (c.median, w.median) for key, (c, w) in results.items()})
    if increments:
        say()
        say(
            format_table(
                ["step", "cold +s/unit", "cold +%/unit", "warm +s/unit", "warm +%/unit"],
                [
                    [
                        step["step"],
                        f"{step['cold_per_unit']:+.2f}",
                        f"{100 * step['cold_fraction_per_unit']:+.1f}%",
                        f"{step['warm_per_unit']:+.2f}",
                        f"{100 * step['warm_fraction_per_unit']:+.1f}%",
                    ]
                    for step in increments
                ],
            )
        )
        say(f"(per-locale target: each extra locale adds < {100 * LOCALE_STEP_TARGET:.0f}% to a cold build)")
    return {
        "grid": [
            {"lessons": le, "locales": lo, "cold": c.as_dict(), "warm": w.as_dict()}
            for (le, lo), (c, w) in results.items()
        ],
        "increments": increments,
        "failures": failures,
    }


def _increments(times: dict[tuple[int, int], tuple[float, float]]) -> list[dict[str, object]]:
    """Per-unit cost between neighbouring grid points, as seconds and as a fraction of the smaller build."""
    steps: list[dict[str, object]] = []
    for axis, label in ((1, "locale"), (0, "lesson")):
        for key in sorted(times):
            bigger = [k for k in times if k[1 - axis] == key[1 - axis] and k[axis] > key[axis]]
            if not bigger:
                continue
            nxt = min(bigger, key=lambda k: k[axis])
            units = nxt[axis] - key[axis]
            (cold_a, warm_a), (cold_b, warm_b) = times[key], times[nxt]
            steps.append(
                {
                    "step": f"{label}: {key[0]}x{key[1]} -> {nxt[0]}x{nxt[1]}",
                    "cold_per_unit": (cold_b - cold_a) / units,
                    "cold_fraction_per_unit": (cold_b - cold_a) / units / cold_a,
                    "warm_per_unit": (warm_b - warm_a) / units,
                    "warm_fraction_per_unit": (warm_b - warm_a) / units / warm_a,
                }
            )
    return steps


def _row(series: Series) -> list[object]:
    return [
        series.name,
        f"{series.median:.2f}",
        " ".join(f"{r.seconds:.2f}" for r in series.runs),
        series.kernels,
    ]


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run of each build and a small grid")
    parser.add_argument("--runs", type=int, help="builds per median (default 3, or 1 with --quick)")
    parser.add_argument("--scaling-runs", type=int, default=1, help="builds per grid point (default 1)")
    parser.add_argument("--grid", help="grid points as LESSONSxLOCALES, comma-separated (e.g. 1x1,5x1)")
    parser.add_argument("--no-scaling", action="store_true", help="skip the synthetic courses")
    parser.add_argument(
        "--out", type=Path, default=REPO / "bench-results", help="folder for the JSON results"
    )
    args = parser.parse_args(argv)
    runs = args.runs or (1 if args.quick else 3)
    grid = QUICK_GRID if args.quick else FULL_GRID
    if args.grid:
        grid = [(int(a), int(b)) for a, b in (point.split("x") for point in args.grid.split(","))]
    started = time.perf_counter()
    report: dict[str, object] = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "quick": args.quick,
        "runs": runs,
        "python": platform.python_version(),
        "machine": {"system": platform.system(), "cpus": _cpus()},
    }
    with tempfile.TemporaryDirectory(prefix="coursegen-bench-") as folder:
        scratch = Path(folder)
        report["comparison"] = compare(runs, scratch)
        if not args.no_scaling:
            report["scaling"] = scaling(grid, args.scaling_runs, scratch)
    report["total_seconds"] = round(time.perf_counter() - started, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    name = "bench-quick.json" if args.quick else "bench.json"
    (args.out / name).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    say()
    written = args.out / name
    say(f"results: {written.relative_to(REPO) if written.is_relative_to(REPO) else written}")
    say(f"benchmark took {report['total_seconds']} s")
    return 0


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
