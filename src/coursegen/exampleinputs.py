"""A lesson's example source and each locale's font choice, reused from the build cache when unchanged.

Both are computed before the examples can start, so on a rebuild they delay everything else: parsing the
percent script goes through jupytext (and nbformat's validation of every cell), and choosing fonts reads the
character maps of the installed fonts. The parsed source depends only on the file's bytes; the font choice
on the locale, the text its figures show, and the fonts matplotlib lists (with their files' sizes and
modification times) -- all of which are part of the keys.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from matplotlib import font_manager

from coursegen.buildcache import BuildCache, input_key
from coursegen.examples import Block, Cell, ExampleSource, load_examples, parse_examples
from coursegen.fonts import choose_fonts, installed_fonts


def cached_examples(path: Path, slot: str, cache: BuildCache) -> ExampleSource:
    """The parsed example source at ``path``; errors (missing file, bad encoding, bad Python) as usual."""
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return load_examples(path)  # raises the error a reader of the file gets
    found = cache.get_or_compute(
        f"examples-{slot}", input_key(str(path), text), lambda: parse_examples(text, path), _source_json
    )
    return ExampleSource(
        path=path,
        text=text,
        setup=tuple(Cell(*cell) for cell in found["setup"]),
        blocks=tuple(Block(name, tuple(Cell(*cell) for cell in cells)) for name, cells in found["blocks"]),
    )


def cached_fonts(code: str, texts: Iterable[str], cache: BuildCache) -> list[str]:
    """``choose_fonts(code, texts)``, remembered for the same locale, text and installed fonts."""
    texts = list(texts)
    fonts = installed_fonts()
    state = [(font.family, font.path, font.index, font.weight, _stamp(font.path)) for font in fonts]
    key = input_key(
        code,
        "\0".join(texts),
        repr(state),
        repr(font_manager.fontManager.defaultFamily),
        _version("babel"),
        _version("matplotlib"),
    )
    return list(cache.get_or_compute(f"fonts-{code}", key, lambda: choose_fonts(code, texts), list))


def _source_json(source: ExampleSource) -> dict[str, Any]:
    def cells(items: Iterable[Cell]) -> list[list[Any]]:
        return [[cell.source, cell.index, cell.line] for cell in items]

    return {"setup": cells(source.setup), "blocks": [[b.name, cells(b.cells)] for b in source.blocks]}


def _stamp(path: str) -> list[int]:
    try:
        stat = os.stat(path)
    except OSError:
        return [-1, -1]
    return [stat.st_size, stat.st_mtime_ns]


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"
