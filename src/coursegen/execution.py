"""Running a lesson's examples for every locale of the site, once, with a cache.

One build input (example source + engine + library versions) is executed in ONE Jupyter kernel for all
the locales that miss the cache: the driver notebook sends each source cell once; the kernel-side runtime
(:mod:`coursegen.example_runtime`) runs its language-independent part once and its translated part per
locale (see there). Figures are saved as SVG with text drawn as paths (``svg.fonttype: path``): pages then
show exactly the glyphs chosen at build time, whatever fonts the reader has, and a glyph missing from the
chosen fonts fails the build here rather than showing as a box in a browser.

The kernel is a separate process, so :func:`start_examples` runs the whole thing in a background thread
and the caller (the MkDocs plugin) builds pages on the other core meanwhile, then joins the future.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import logging
import shutil
import sys
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from coursegen import example_cache
from coursegen.errors import ExampleError
from coursegen.examples import ExampleSource, messages
from coursegen.lessons import Lesson

log = logging.getLogger(__name__)

KERNEL_NAME = "python3"
SVG_FONTTYPE = "path"
CELL_TIMEOUT_SECONDS = 600
# Bump when the driver's protocol changes in a way the hashed code texts do not show.
DRIVER_VERSION = "1"


@dataclass(frozen=True)
class LocaleStrings:
    """What the examples need to know about one locale: complete translations of the source's messages
    (fallbacks applied), its decimal sign, and the font families that cover its text."""

    code: str
    messages: Mapping[str, str]
    decimal: str = "."
    font_family: Sequence[str] = ("DejaVu Sans", "sans-serif")


@dataclass(frozen=True)
class Figure:
    """A saved figure; ``width``/``height`` in CSS pixels, for the ``<img>`` that shows it."""

    path: Path
    alt: str
    width: float
    height: float


@dataclass(frozen=True)
class CellResult:
    source: str
    stdout: str
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class BlockResult:
    cells: tuple[CellResult, ...]


@dataclass(frozen=True)
class ExampleResults:
    """``blocks[locale_code][block_name]``; ``rendered`` lists the locales executed by this call (empty when
    everything came from the cache)."""

    lesson: str
    blocks: Mapping[str, Mapping[str, BlockResult]]
    rendered: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)


def run_examples(
    lesson: Lesson,
    source: ExampleSource,
    locales: Sequence[LocaleStrings],
    cache_dir: Path,
    output_dir: Path | None = None,
) -> ExampleResults:
    """Results of every block for every locale, executing only the locales the cache lacks.

    Figure paths point into the cache entry, or into ``output_dir/<locale>/`` when it is given (copied).
    """
    wanted = _kernel_locales(source, locales)
    computation = example_cache.computation_key(source.text.encode("utf-8"), _engine_code())
    entries = {
        code: example_cache.entry_dir(cache_dir, lesson.id, code, example_cache.locale_key(computation, data))
        for code, data in wanted.items()
    }
    stored = {code: example_cache.read_entry(entry) for code, entry in entries.items()}
    missing = [code for code, data in stored.items() if data is None]
    warnings: list[str] = []
    if missing:
        log.info("%s: executing examples for %s", lesson.id, ", ".join(missing))
        fresh = _execute(lesson, source, [wanted[code] for code in missing], cache_dir, entries)
        for code, data in fresh.items():
            stored[code] = data
            warnings.extend(data.get("warnings", ()))
    else:
        log.info("%s: examples of every locale from the cache", lesson.id)
    example_cache.evict(cache_dir, lesson.id, entries.values())
    blocks = {
        code: _blocks(source, data, entries[code], output_dir / code if output_dir else None)
        for code, data in stored.items()
        if data is not None
    }
    return ExampleResults(lesson.id, blocks, tuple(missing), tuple(dict.fromkeys(warnings)))


_executor: ThreadPoolExecutor | None = None


def start_examples(
    lesson: Lesson,
    source: ExampleSource,
    locales: Sequence[LocaleStrings],
    cache_dir: Path,
    output_dir: Path | None = None,
) -> Future[ExampleResults]:
    """:func:`run_examples` in a background thread; the kernel runs on another core while the caller works.

    Lessons are run one after the other (one worker), so a build never starts more kernels than cores.
    """
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coursegen-examples")
    return _executor.submit(run_examples, lesson, source, locales, cache_dir, output_dir)


def _runtime_source() -> str:
    """The kernel-side code, as text: it runs in the kernel, and importing it here would load pyplot into
    every build (half a second) for nothing but its source."""
    spec = importlib.util.find_spec("coursegen.example_runtime")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).read_text(encoding="utf-8")


def _engine_code() -> list[str]:
    """The code whose behaviour the cached results depend on, beyond the library versions."""
    return [DRIVER_VERSION, SVG_FONTTYPE, _runtime_source(), inspect.getsource(_driver)]


def _kernel_locales(source: ExampleSource, locales: Sequence[LocaleStrings]) -> dict[str, dict[str, Any]]:
    """Each locale as the kernel gets it, limited to the source's own messages so that editing other
    catalog entries (headings, transcripts) does not invalidate figures."""
    wanted: dict[str, dict[str, Any]] = {}
    ids = messages(source)
    for locale in locales:
        if not example_cache.valid_code(locale.code):
            raise ExampleError(f"locale code '{locale.code}' must be letters, digits, '_' or '-'")
        if locale.code in wanted:
            raise ExampleError(f"locale '{locale.code}' is given twice")
        wanted[locale.code] = {
            "code": locale.code,
            "messages": {msgid: locale.messages.get(msgid, msgid) for msgid in ids},
            "decimal": locale.decimal,
            "fonts": list(locale.font_family),
        }
    return wanted


def _driver(source: ExampleSource, kernel_locales: list[dict[str, Any]], out: Path) -> nbformat.NotebookNode:
    """The generated notebook: the runtime, then one call per source cell, then the results file.

    Every piece of text reaches the kernel as a ``repr()`` or JSON literal, never as code.
    """
    config = {
        "path": str(source.path),
        "out": str(out),
        "locales": kernel_locales,
        "svg_fonttype": SVG_FONTTYPE,
    }
    runtime = _runtime_source()
    cells = [
        nbformat.v4.new_code_cell(
            "import types as _cg_types\n"
            f"_cg = _cg_types.ModuleType('coursegen_example_runtime')\n"
            f"exec(compile({runtime!r}, 'coursegen-example-runtime', 'exec'), _cg.__dict__)\n"
            f"_cg_runtime = _cg.Runtime({json.dumps(config, ensure_ascii=False)!r})"
        )
    ]
    blocks = [("", cell) for cell in source.setup]
    blocks += [(block.name, cell) for block in source.blocks for cell in block.cells]
    for name, cell in blocks:
        call = f"_cg_runtime.run_cell({cell.index}, {name!r}, {cell.line}, {cell.source!r})"
        cells.append(nbformat.v4.new_code_cell(call))
    cells.append(nbformat.v4.new_code_cell("_cg_runtime.finish()"))
    return nbformat.v4.new_notebook(cells=cells)


def _execute(
    lesson: Lesson,
    source: ExampleSource,
    kernel_locales: list[dict[str, Any]],
    cache_dir: Path,
    entries: Mapping[str, Path],
) -> dict[str, dict[str, Any]]:
    staged = example_cache.new_tmp_dir(cache_dir, lesson.id)
    try:
        notebook = _driver(source, kernel_locales, staged)
        _run_notebook(notebook, staged, source)
        raw = json.loads((staged / "results.json").read_text(encoding="utf-8"))
        log.info("%s: examples executed (%s)", lesson.id, raw["stats"])
        fresh: dict[str, dict[str, Any]] = {}
        for locale in kernel_locales:
            code = locale["code"]
            data = {"cells": raw["cells"][code], "warnings": raw["warnings"]}
            folder = staged / code
            folder.mkdir(exist_ok=True)
            example_cache.publish(folder, data, entries[code])
            fresh[code] = data
        return fresh
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def _run_notebook(notebook: nbformat.NotebookNode, workdir: Path, source: ExampleSource) -> None:
    """Execute with the kernel of THIS interpreter: a kernelspec manager that only knows the native
    ipykernel spec, which launches ``sys.executable``, so no user-installed 'python3' spec can swap it."""
    manager = AsyncKernelManager(
        kernel_name=KERNEL_NAME, kernel_spec_manager=KernelSpecManager(kernel_dirs=[])
    )
    client = NotebookClient(
        notebook,
        km=manager,
        timeout=CELL_TIMEOUT_SECONDS,
        kernel_name=KERNEL_NAME,
        resources={"metadata": {"path": str(workdir)}},
    )
    log.debug("kernel: %s", sys.executable)
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        error = workdir / "error.json"
        if error.is_file():
            details = json.loads(error.read_text(encoding="utf-8"))
            block = f"example '{details['block']}'" if details["block"] else "setup code"
            raise ExampleError(
                f"{block}: {details['reason']}", path=source.path, line=details["line"]
            ) from None
        last = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise ExampleError(f"examples could not run: {last}", path=source.path) from None


def _blocks(
    source: ExampleSource, data: Mapping[str, Any], entry: Path, output_dir: Path | None
) -> dict[str, BlockResult]:
    by_index = {cell["index"]: cell for cell in data["cells"]}
    if output_dir is not None:
        output_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, BlockResult] = {}
    for block in source.blocks:
        cells = []
        for cell in block.cells:
            stored = by_index[cell.index]
            figures = []
            for figure in stored["figures"]:
                path = entry / figure["file"]
                if output_dir is not None:
                    path = Path(shutil.copy2(path, output_dir / figure["file"]))
                figures.append(Figure(path, figure["alt"], figure["width"], figure["height"]))
            cells.append(CellResult(cell.source, stored["stdout"], tuple(figures)))
        results[block.name] = BlockResult(tuple(cells))
    return results
