"""What a cell shows, as a notebook shows it: its last value, ``display()``'s values, printed text and
warnings, written as plain text for the page (terminal colours and objects' memory addresses taken out, as
they would differ between languages and builds), and the values a page cannot show (HTML, images) noted
for the build to name."""

from __future__ import annotations

import ast
import io
import os
import re
import sys
import tokenize
from typing import Any

from matplotlib.artist import Artist

from .origins import _examples_line

MISSING_GLYPH = "missing from font"
SHOW = "__coursegen_show__"
# "<Box object at 0x7f...>", "Generator(PCG64) at 0x7F8C...": another address in every build and language.
_ADDRESS = re.compile(r"(?:<[\w.]+(?: object)?|\)) at 0x[0-9a-fA-F]{6,}")
_QUIET_WARNINGS = (ResourceWarning, ImportWarning, PendingDeprecationWarning)


def _show(value: Any) -> None:
    """A cell's last value, as Jupyter shows it under the cell: in plain text, nothing for None. Not the
    artists that plotting calls return (``ax.plot(...)`` as a cell's last line): their text holds a memory
    address, and Jupyter's own figure below them is on the page anyway."""
    if value is None or isinstance(value, Artist):
        return
    if isinstance(value, list | tuple) and value and all(isinstance(item, Artist) for item in value):
        return
    _note_unshown(value)
    _print_unless_address(_plain_text(value))


def _display(*values: Any, **_options: Any) -> None:
    """IPython's ``display()``, in plain text: its rich outputs never reached the page."""
    for value in values:
        if value is not None:
            _note_unshown(value)
            _print_unless_address(_plain_text(value))


# What a page cannot show, as (line of the examples, what), for the build to tell the author (see
# Runtime.unshown): a value shown as HTML or an image vanished, or filled the page with its markup as text.
_unshown: list[tuple[int | None, str]] = []
# The IPython objects whose text is markup to render, not to read (an animation's player was 216 KB of
# JavaScript as text on every page).
_MARKUP_OBJECTS = frozenset({"HTML", "Javascript", "SVG", "IFrame"})
_RICH_REPRS = ("_repr_html_", "_repr_svg_", "_repr_png_", "_repr_jpeg_", "_repr_markdown_", "_repr_latex_")


def _note_unshown(value: Any) -> None:
    what = _unshowable(value)
    if what is not None:
        _unshown.append((_examples_line(), what))


def _unshowable(value: Any) -> str | None:
    """What ``value`` is, if a page shows nothing of it (its text is markup, or only a memory address)."""
    from IPython.core.display import DisplayObject

    if isinstance(value, DisplayObject):
        kind = type(value).__name__
        if kind in _MARKUP_OBJECTS or not isinstance(value.data, str):
            return f"{kind}(...)"
        return None
    rich = next((name for name in _RICH_REPRS if callable(getattr(type(value), name, None))), None)
    if rich is not None and _ADDRESS.search(_plain_text(value) or ""):
        return f"a value shown by its {rich}()"
    return None


_TERMINAL_CODE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
# Any object's address as Python prints it: "<function relu at 0x7f...>", "<generator object ... at 0x...>".
_PRINTED_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]{6,}\b")


def _as_shown(text: str, path: str) -> str:
    r"""What a cell printed as a notebook shows it, and the same in every build: a carriage return goes back
    over its line, terminal colours are left out, an object's memory address and the examples' own path
    (in a printed traceback) are not the build's.

    >>> _as_shown("\rstep 1\rstep 10\r\nok \x1b[31mred\x1b[0m <object object at 0x7f6c3c12aeb0>", "/x/ex.py")
    'step 10\nok red <object object at 0x…>'
    """
    text = _TERMINAL_CODE.sub("", text.replace("\r\n", "\n"))
    lines = []
    for line in text.split("\n"):
        shown = ""
        for part in line.split("\r"):
            shown = part + shown[len(part) :]
        lines.append(shown)
    text = _PRINTED_ADDRESS.sub(" at 0x…", "\n".join(lines))
    if os.sep in path:
        text = text.replace(path, os.path.basename(path))
    # The libraries' and Python's own files in a printed traceback: where this builder installed them.
    for prefix in sorted({sys.prefix, sys.base_prefix, sys.exec_prefix}, key=len, reverse=True):
        text = text.replace(prefix + os.sep, "…" + os.sep)
    return text


def _print_unless_address(text: str | None) -> None:
    """Print a shown value, unless it holds a memory address (left out, like the artists above) or has no
    text at all."""
    if text is not None and not _ADDRESS.search(text):
        print(text)


def _plain_text(value: Any) -> str | None:
    """The text Jupyter shows for ``value``; None for a rich object that has none (an image)."""
    from IPython.core.display import DisplayObject
    from IPython.lib.pretty import pretty

    if isinstance(value, DisplayObject):
        # Markdown("**x**"), Latex(...): their source, shown as text; HTML, JavaScript, an image: nothing.
        markup = type(value).__name__ in _MARKUP_OBJECTS
        return value.data if isinstance(value.data, str) and not markup else None
    return pretty(value)


def _shown_warning(warning: Any, path: str) -> str | None:
    """A warning as a notebook shows it (no file path), or None for one it does not show: a page showed
    NumPy's "-inf" without the RuntimeWarning that the lecture talks about. Not those Python keeps quiet by
    default (an unclosed file, a library's deprecation), as a notebook does not show them either."""
    if MISSING_GLYPH in str(warning.message) or issubclass(warning.category, _QUIET_WARNINGS):
        return None
    if issubclass(warning.category, DeprecationWarning) and warning.filename != path:
        return None
    return f"{warning.category.__name__}: {warning.message}\n"


def _show_last_value(tree: ast.Module, code: str) -> None:
    """Show the cell's last expression, as Jupyter does, unless a semicolon ends it (``ax.plot(x);``)."""
    if not tree.body or not isinstance(tree.body[-1], ast.Expr) or _ends_with_semicolon(code):
        return
    last = tree.body[-1]
    call = ast.Call(func=ast.Name(SHOW, ast.Load()), args=[last.value], keywords=[])
    tree.body[-1] = ast.copy_location(ast.Expr(call), last)
    ast.fix_missing_locations(tree)


def _ends_with_semicolon(code: str) -> bool:
    skipped = {
        tokenize.NEWLINE,
        tokenize.NL,
        tokenize.COMMENT,
        tokenize.ENDMARKER,
        tokenize.INDENT,
        tokenize.DEDENT,
    }
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(code).readline) if t.type not in skipped]
    return bool(tokens) and tokens[-1].string == ";"
