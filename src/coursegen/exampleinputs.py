"""A lesson's example source and each locale's font choice, reused from the build cache when unchanged.

Both are computed before the examples can start, so on a rebuild they delay everything else: parsing the
percent script goes through jupytext (and nbformat's validation of every cell), and choosing fonts imports
matplotlib and reads the character maps of the installed fonts. The parsed source depends only on the
file's bytes; the font choice on the locale, the text its figures show, and the fonts matplotlib lists.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from coursegen.buildcache import BuildCache, captured_warnings, input_key
from coursegen.comments import Comment
from coursegen.examples import Block, Cell, ExampleSource, load_examples, parse_examples


def cached_examples(path: Path, slot: str, cache: BuildCache) -> ExampleSource:
    """The parsed example source at ``path``; errors (missing file, bad encoding, bad Python) as usual."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return load_examples(path)  # raises the error a reader of the file gets
    found = cache.get_or_compute(
        f"examples-{slot}", input_key(str(path), text), lambda: parse_examples(text, path), _source_json
    )
    return ExampleSource(
        path=path,
        text=text,
        setup=tuple(_cell(cell) for cell in found["setup"]),
        blocks=tuple(Block(name, tuple(_cell(cell) for cell in cells)) for name, cells in found["blocks"]),
    )


def _cell(stored: list[Any]) -> Cell:
    source, index, line, comments = stored
    return Cell(source, index, line, tuple(Comment(*comment) for comment in comments))


@dataclass(frozen=True)
class FontChoice:
    """A locale's ``font.family`` list, and the SHA-256 of each file those families are drawn from.

    The digests go into the examples' cache key: the figures hold the glyph outlines, which a font update
    changes under the same family name. Contents rather than modification times, as pip gives the fonts it
    installs (matplotlib's own) the time of installation: a new virtualenv must not draw every figure again.
    """

    families: tuple[str, ...]
    digests: tuple[str, ...]


def cached_fonts(code: str, texts: Iterable[str], cache: BuildCache) -> FontChoice:
    """``choose_fonts(code, texts)``, remembered for the same locale, text and installed fonts.

    matplotlib draws with the fonts its font list names, a file it rebuilds only when it is missing or from
    another version. The entry records that file, every font file it lists and every file of the chosen
    families, with their sizes and modification times; checking those takes a few ``stat`` calls, and spares
    importing matplotlib (and reading the chosen fonts again) when nothing changed.
    """
    texts = list(texts)
    key = input_key(
        code,
        "\0".join(texts),
        os.environ.get("MPLCONFIGDIR", ""),
        os.environ.get("XDG_CACHE_HOME", ""),
    )
    slot = f"fonts-{code}"
    found = cache.load(slot, key)
    if (
        isinstance(found, dict)
        and found.get("files")
        and isinstance(found.get("digests"), list)
        and all(_stamp(path) == [size, mtime] for path, size, mtime in found["files"])
    ):
        return FontChoice(tuple(found["fonts"]), tuple(found["digests"]))
    with captured_warnings() as warnings:
        fonts, files, digests = _choose_fonts(code, texts)
    cache.store(slot, key, {"fonts": fonts, "files": files, "digests": digests}, warnings)
    return FontChoice(tuple(fonts), tuple(digests))


def _choose_fonts(code: str, texts: list[str]) -> tuple[list[str], list[list[Any]], list[str]]:
    """The font choice, the files it was made from (matplotlib's font list, the fonts it lists, the files of
    the chosen families) and the digests of the chosen families' files."""
    from coursegen.fonts import choose_fonts, font_files, font_list_file, installed_fonts

    chosen = choose_fonts(code, texts)
    drawn = font_files(chosen)
    paths = [str(font_list_file()), *sorted({font.path for font in installed_fonts()} | set(drawn))]
    # Stamped before they are hashed: a file replaced in between fails the next build's check.
    files = [[path, *_stamp(path)] for path in paths]
    return chosen, files, [_digest(path) for path in drawn]


def _source_json(source: ExampleSource) -> dict[str, Any]:
    def cells(items: Iterable[Cell]) -> list[list[Any]]:
        return [[cell.source, cell.index, cell.line, [astuple(c) for c in cell.comments]] for cell in items]

    return {"setup": cells(source.setup), "blocks": [[b.name, cells(b.cells)] for b in source.blocks]}


def _digest(path: str) -> str:
    try:
        with open(path, "rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return ""


def _stamp(path: str) -> list[int]:
    try:
        stat = os.stat(path)
    except OSError:
        return [-1, -1]
    return [stat.st_size, stat.st_mtime_ns]
