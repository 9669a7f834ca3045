"""Whose code is running: the examples' own (their module, run as ``__main__`` as in a notebook), a helper
module beside them, or a library's. What the examples do is theirs to show or to be warned of (a figure
made, a logging handler added, a value that cannot be shown): the library code they call is not."""

from __future__ import annotations

import sys

MODULE_NAME = "__coursegen_examples__"
# The examples' own name, as in a notebook, where they are the main module: a main guard runs, and their
# classes are named "__main__.Box" on the page as in the learner's notebook.
MAIN = "__main__"
_EXAMPLES_MODULES = frozenset({MODULE_NAME, MAIN})
# The modules beside the examples they import (helpers): their classes and objects are the author's too.
_helper_modules: set[str] = set()


def _authors(module_name: str) -> bool:
    """Whether code of the module ``module_name`` is the author's: the examples' or a helper beside them."""
    return module_name in _EXAMPLES_MODULES or module_name in _helper_modules


# The file the examples' code objects name (see _examples_line), set by the runtime as it starts.
_examples_file = [""]


def _set_examples_file(path: str) -> None:
    """Name the examples' file: their lines are found by it in the calls that led to a figure, a value a page
    cannot show, or a logging handler."""
    _examples_file[0] = path


def _examples_line() -> int | None:
    """The line of the examples running now, from the calls that led here (None if none of them is the
    examples')."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename != _examples_file[0]:
        frame = frame.f_back
    return frame.f_lineno if frame is not None else None
