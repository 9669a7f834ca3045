"""Timing one ``mkdocs build`` the way a user waits for it: a fresh process, start to exit.

Each build runs in its own interpreter, so imports, plugin set-up, the example kernel and the interpreter's
shutdown are all counted, as they are for someone typing ``mkdocs build``. Each build also counts the
Jupyter kernels it started, which tells a warm build that really executed nothing from one that merely ran
fast: a ``sitecustomize`` module on its ``PYTHONPATH``, which every Python process it starts imports, adds a
line to a tally file in each IPython kernel, whoever starts it (coursegen, whose kernels read no IPython
start-up files, or mkdocs-jupyter).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: Kernels' own log lines (ipykernel's), left out of a failed build's output.
KERNEL_BANNER = "[IPKernelApp]"
_TALLY_ENV = "COURSEGEN_BENCH_KERNEL_TALLY"
_TALLY_SCRIPT = f"""import os, sys
if "ipykernel_launcher" in getattr(sys, "orig_argv", sys.argv) and {_TALLY_ENV!r} in os.environ:
    with open(os.environ[{_TALLY_ENV!r}], "a", encoding="utf-8") as tally:
        tally.write("kernel\\n")
"""


@dataclass(frozen=True)
class BuildRun:
    """One build: wall seconds, kernels started, and the tail of its output when it failed."""

    seconds: float
    kernels: int
    returncode: int
    output_tail: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0


@dataclass
class Series:
    """Repeated builds of one kind; the median is what gets reported."""

    name: str
    runs: list[BuildRun] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def kernels(self) -> int:
        """Kernels started by the slowest-to-start run (they are all alike when the build is healthy)."""
        return max(run.kernels for run in self.runs)

    def as_dict(self) -> dict[str, object]:
        return {
            "median_seconds": round(self.median, 3),
            "seconds": [round(run.seconds, 3) for run in self.runs],
            "kernels_started": [run.kernels for run in self.runs],
        }


def build(config: Path, site_dir: Path, env: dict[str, str] | None = None) -> BuildRun:
    """Run ``mkdocs build`` for ``config`` into ``site_dir`` and time it from spawn to exit."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site_dir)]
    with tempfile.TemporaryDirectory(prefix="coursegen-bench-tally-") as folder:
        (Path(folder) / "sitecustomize.py").write_text(_TALLY_SCRIPT, encoding="utf-8")
        tally = Path(folder) / "kernels.txt"
        path = os.pathsep.join(p for p in (folder, os.environ.get("PYTHONPATH", "")) if p)
        full_env = {
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "PYTHONPATH": path,
            "IPYTHONDIR": str(Path(folder) / "ipython"),
            _TALLY_ENV: str(tally),
            **(env or {}),
        }
        started = time.perf_counter()
        done = subprocess.run(
            command, cwd=config.parent, env=full_env, capture_output=True, text=True, check=False
        )
        seconds = time.perf_counter() - started
        kernels = len(tally.read_text(encoding="utf-8").splitlines()) if tally.exists() else 0
    output = done.stdout + done.stderr
    tail = "" if done.returncode == 0 else _failure(output)
    return BuildRun(seconds, kernels, done.returncode, tail)


def cold_and_warm(
    name: str,
    runs: int,
    run_build: Callable[[Path, Path], BuildRun],
    scratch: Path,
    *,
    keep: Callable[[Path], None] | None = None,
) -> tuple[Series, Series]:
    """``runs`` cold builds (fresh cache and site each), each followed by one warm build on its cache.

    ``run_build(cache_dir, site_dir)`` performs one build; ``keep(site_dir)`` is called after the first cold
    build so the caller can take files from a built site before it is removed.
    """
    cold, warm = Series(f"{name} cold"), Series(f"{name} warm")
    for number in range(runs):
        cache, site = scratch / f"cache-{number}", scratch / f"site-{number}"
        for folder in (cache, site):
            shutil.rmtree(folder, ignore_errors=True)
        first = _checked(run_build(cache, site), f"{name}, cold build")
        cold.runs.append(first)
        if keep is not None and number == 0:
            keep(site)
        warm.runs.append(_checked(run_build(cache, site), f"{name}, warm build"))
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)
    return cold, warm


def _failure(output: str) -> str:
    """The part of a failed build's output that explains it: kernel banners are left out."""
    lines = [line for line in output.splitlines() if KERNEL_BANNER not in line]
    return "\n".join(lines)[-3000:]


def _checked(run: BuildRun, what: str) -> BuildRun:
    if not run.ok:
        raise RuntimeError(f"{what} failed ({run.returncode}):\n{run.output_tail}")
    return run


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, infinite when the denominator is zero.

    >>> ratio(3.0, 2.0), ratio(1.0, 0.0)
    (1.5, inf)
    """
    return numerator / denominator if denominator else float("inf")


def format_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table with right-aligned columns.

    >>> print(format_table(["a", "bb"], [[1, 2.5]]))
    a   bb
    1  2.5
    """
    cells = [[str(h) for h in header], *([str(c) for c in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    return "\n".join("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in cells)
