"""Kernel side of example execution: runs each example cell once for all locales where it can, per locale
where it must.

This module is sent as text into the kernel (see :mod:`coursegen.execution`), so it imports nothing from
coursegen and its own text is part of the cache key. The host never imports it for running.

A cell is cut into a *shared prefix* and a *localized suffix*. The prefix is the leading statements that
neither call ``_``/``fmt`` nor read a name whose value differed between locales in an earlier cell, nor name
code (a function, a class) that does, itself or through the code it names; it runs once. The suffix runs
once per locale, each time from the same copy of the state, with that locale's ``_``, ``fmt`` and fonts
bound, so a cell that accumulates (``rows.append``, ``steps += 1``) gives every locale the same result.
Run-time checks keep the prefix honest: while it runs, ``_`` and ``fmt`` are tripwires, it must not open
figures, and it must not change a value each locale has its own of; if any happens, the state is restored
and the whole cell runs per locale. After a suffix, every name is compared across locales (code by what it
holds: defaults, closure, class attributes); those that differ are *tainted* and make the statements that
read them localized in later cells.

What a copy of the state cannot hold apart (a generator, a counter in a closure or a class, what cannot be
copied) must come out of a locale's run as it went in. When it does not, the next locale would start from
it: from that cell on, each locale runs the examples in a runtime of its own, from the first cell, as its
notebook does (slower; the build says where).

A locale's results do not depend on which other locales share its kernel: the build may split the locales
over several kernels. Whatever a locale sees (state, random generators, warnings) is its own or shared code's.
So the global random generators (``np.random``, ``random``) start seeded in every kernel: unseeded, two
kernels drew different numbers for their locales, and every build others.
"""

from __future__ import annotations

import ast
import builtins
import codecs
import contextlib
import copy
import faulthandler
import functools
import gc
import gettext
import hashlib
import io
import itertools
import json
import logging
import operator
import os
import pickle
import random
import re
import sys
import tempfile
import time
import tokenize
import traceback
import types
import warnings
from collections.abc import Iterable, Iterator
from typing import Any

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.text import Text

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


# Drawing a figure allocates tens of thousands of short-lived objects; at the default threshold (700) the
# cyclic collector ran about 800 times per lesson and took 8% of the kernel's time.
GC_YOUNG_THRESHOLD = 50_000
MISSING_GLYPH = "missing from font"
CSS_PX_PER_INCH = 96
# What a cell may print: a page shows it all, in every language (50 MB printed by a loop took 260 s and 4.4 GB
# to build, 52 MB pages); past 50,000 characters the build already says "print less".
MAX_PRINTED_CHARS = 2_000_000
_UNBOUND = ("unbound",)
SHOW = "__coursegen_show__"
# The line of the examples where a figure was made (an attribute of the figure).
CREATED_AT = "_coursegen_created_at"
# Where the kernel writes its stack shortly before a cell reaches the host's time limit.
STACK_FILE = "stack.txt"
# Whether a figure's label (its alt text) is English shown for want of a translation (an attribute of it).
ENGLISH_LABEL = "_coursegen_english_label"
# "<Box object at 0x7f...>", "Generator(PCG64) at 0x7F8C...": another address in every build and language.
_ADDRESS = re.compile(r"(?:<[\w.]+(?: object)?|\)) at 0x[0-9a-fA-F]{6,}")
LESSON_RC = "matplotlibrc"
_QUIET_WARNINGS = (ResourceWarning, ImportWarning, PendingDeprecationWarning)


class LocaleDependent(BaseException):
    """Raised by ``_``/``fmt`` while shared code runs (a BaseException so that user ``except`` misses it)."""


class NotShareable(BaseException):
    """A locale's run changed an object that every locale's copy of the state shares (a closure's counter, a
    class attribute, a generator): the next locale would have started from it."""


class CellFailed(BaseException):
    """Stops the driver notebook after a failure has been written to ``error.json`` (a BaseException, as
    :class:`LocaleDependent`: raised inside the examples' code, by ``plt.show()``, their ``except Exception``
    took it, and the build passed without the figure)."""


class English(str):
    """A message shown in English because the locale does not translate it yet; formatting keeps the mark.
    A figure labelled with one has its alt text marked English on the page (``lang="en"``), or a screen
    reader reads it with the voice of the page's language. The kernel's own twin of
    :class:`coursegen.catalogs.English`: this module imports nothing from coursegen (see above)."""

    __slots__ = ()

    def format(self, /, *args: Any, **kwargs: Any) -> English:
        return English(str.format(self, *args, **kwargs))

    # Immutable as any str: copies of the examples' state keep the mark; its fingerprint is its text's.
    def __copy__(self) -> English:
        return self

    def __deepcopy__(self, _memo: Any) -> English:
        return self

    def __reduce__(self) -> Any:
        return (str, (str(self),))


def translator(
    messages: dict[str, str], english: Any = (), said: list[int] | None = None, texts: list[str] | None = None
) -> Any:
    """``_`` for one locale: ``english`` are the messages it shows in English (no translation yet); ``said``,
    if given, counts what it returned: ``[english, translated]``; ``texts`` gets the translations returned."""
    fallbacks = frozenset(english)

    def _(message: str) -> str:
        """The translation of ``message``; it holds the math of ``message`` and no other (the catalogs refuse
        a translation that would bring math to a plot: see ``catalogs.math_spans``)."""
        text = messages.get(message, message)
        shown_english = message in fallbacks or message not in messages
        if said is not None:
            said[0 if shown_english else 1] += 1
        if texts is not None and not shown_english:
            texts.append(text)
        return English(text) if shown_english else text

    return _


def plural_translator(
    forms: dict[str, list[str]],
    rule: str = "(n != 1)",
    english: Any = (),
    said: list[int] | None = None,
    texts: list[str] | None = None,
) -> Any:
    """``ngettext`` for one locale: ``forms`` are each message's plural forms by singular, ``rule`` the
    catalog's Plural-Forms expression that picks one; ``english``, ``said`` and ``texts`` as for
    :func:`translator`."""
    fallbacks = frozenset(english)
    choose = gettext.c2py(rule)

    def ngettext(singular: str, plural: str, n: int) -> str:
        """The form of ``singular``'s translation that the page's language uses for ``n`` (Ukrainian has
        three: 1 крок, 2 кроки, 5 кроків)."""
        found = forms.get(singular)
        with contextlib.suppress(TypeError):
            n = operator.index(n)  # a NumPy count: the rule warns of any other type than int
        index = choose(n) if found and singular not in fallbacks else -1
        shown_english = not 0 <= index < len(found or ())
        if said is not None:
            said[0 if shown_english else 1] += 1
        if shown_english:
            return English(singular if n == 1 else plural)
        text = found[index]  # type: ignore[index]
        if texts is not None:
            texts.append(text)
        return text

    return ngettext


_FIELD = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[-#0+ ]*\d*(?:\.\d+)?[a-zA-Z%]")


def _printed_in(translation: str, printed: str) -> bool:
    """Whether the cell printed ``translation``: its longest piece between format fields is in ``printed``
    (a translated legend is no reason to read the English the cell printed with the page's voice).

    >>> _printed_in("المقياس {scale}", "scale  cost\\n0.01  0.69"), _printed_in("coût {n}", "coût 3")
    (False, True)
    """
    pieces = [piece.strip() for piece in _FIELD.split(translation)]
    longest = max(pieces, key=len, default="")
    return bool(longest) and longest in printed


def number_formatter(decimal: str) -> Any:
    group = "\u202f" if decimal == "," else ","
    table = str.maketrans({".": decimal, ",": group})

    def fmt(value: float, spec: str = "g") -> str:
        """``value`` formatted with ``spec``, written with the page's decimal separator."""
        return format(value, spec).translate(table)

    return fmt


# The names each locale binds to its own functions: what reads them runs once per locale.
_LOCALIZED = ("_", "ngettext", "fmt")


def _tripwire(*_args: Any, **_kwargs: Any) -> str:
    raise LocaleDependent


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


def _no_input(*_args: Any, **_kwargs: Any) -> str:
    raise RuntimeError(
        "examples cannot ask for input: nobody answers at build time (set the value in the code)"
    )


# The process's settings a cell may change, as they were: matplotlib's (rcParams, the names of its colour maps
# and sequences), NumPy's print options and floating-point error handling, the environment and the working
# folder, the loggers. A locale's run of a cell that set them left them to the next locale's run of the same
# cell, which drew with a font size grown again, printed with another precision, stopped on a colour map
# "already registered".
# Each logger's level, propagation and whether it is off (the root's under ""), and the level of
# logging.disable. Not its handlers, which libraries add once (see _drop_handlers_of).
LoggingState = tuple[dict[str, tuple[int, bool, bool]], int]
Settings = tuple[
    dict[str, Any],
    frozenset[str],
    frozenset[str],
    dict[str, Any],
    dict[str, Any],
    dict[str, str],
    str | None,
    LoggingState,
]
# The globals of the examples' own modules (those beside them), by module name.
Modules = dict[str, tuple[types.ModuleType, dict[str, Any]]]
Snapshot = tuple[dict[str, Any], Any, Any, Settings, Modules]


def _settings_state() -> Settings:
    # rcParams' values as they were set: read through the mapping, some are resolved (the backend).
    rc = dict(dict.items(matplotlib.rcParams))
    return (
        rc,
        frozenset(matplotlib.colormaps),
        frozenset(matplotlib.color_sequences),
        np.get_printoptions(),
        np.geterr(),
        dict(os.environ),
        _working_folder(),
        _logging_state(),
    )


def _loggers() -> dict[str, logging.Logger]:
    found = {"": logging.root}
    found.update(
        (name, logger)
        for name, logger in logging.root.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    )
    return found


def _logging_state() -> LoggingState:
    loggers = {name: (logger.level, logger.propagate, logger.disabled) for name, logger in _loggers().items()}
    return loggers, logging.root.manager.disable


def _restore_logging(saved: LoggingState) -> None:
    loggers, disabled = saved
    for name, logger in _loggers().items():
        if name in loggers:
            level, propagate, off = loggers[name]
            if logger.level != level:
                logger.setLevel(level)
            logger.propagate, logger.disabled = propagate, off
    if logging.root.manager.disable != disabled:
        logging.disable(disabled)


# The logging handlers the examples added (themselves, or through logging.basicConfig or dictConfig), with
# their logger and the examples' statement that added them (its line, in the cell's own code).
_added_handlers: list[tuple[int, logging.Logger, logging.Handler]] = []
_LOGGING_FOLDER = os.path.dirname(logging.__file__)


def _examples_statement() -> int | None:
    """The line of the examples' statement adding a handler now, if the examples add it (or a helper beside
    them, or logging's own configuration they call); None if a library does (it adds its own once)."""
    frame = sys._getframe(2)
    while frame is not None and os.path.dirname(frame.f_code.co_filename) == _LOGGING_FOLDER:
        frame = frame.f_back
    if frame is None or not (
        frame.f_code.co_filename == _examples_file[0] or _authors(frame.f_globals.get("__name__", ""))
    ):
        return None
    line = None
    while frame is not None:  # the outermost: the cell's own statement, not a line of a function it calls
        if frame.f_code.co_filename == _examples_file[0]:
            line = frame.f_lineno
        frame = frame.f_back
    return line


def _drop_handlers_of(nodes: list[ast.stmt]) -> None:
    """Before statements run again (another locale's run of a cell, a lesson's cells run again apart), the
    logging handlers they added in their earlier run come off, as they were not there in each language's
    notebook: added again, the examples' own logged every line once per locale (each locale's format too), and
    lines logged before the statement that adds them went through the earlier locale's. Only those: a library
    adds its own once, at import or behind a cache (matplotlib.set_loglevel), and keeps it."""
    spans = [(node.lineno, node.end_lineno or node.lineno) for node in nodes]
    kept = []
    for line, logger, handler in _added_handlers:
        if any(first <= line <= last for first, last in spans):
            if handler in logger.handlers:
                logger.removeHandler(handler)
                with contextlib.suppress(Exception):
                    handler.close()  # a file handler's file
        elif handler in logger.handlers:  # one the examples took off themselves is forgotten
            kept.append((line, logger, handler))
    _added_handlers[:] = kept


@contextlib.contextmanager
def _handlers_noted() -> Iterator[None]:
    """While the examples run, the logging handlers they add are noted with their statement (see
    _drop_handlers_of)."""
    original = logging.Logger.addHandler

    def add(logger: logging.Logger, handler: logging.Handler) -> None:
        with contextlib.suppress(Exception):  # whatever it is, the handler is added as logging adds it
            line = _examples_statement()
            if line is not None:
                _added_handlers.append((line, logger, handler))
        original(logger, handler)

    logging.Logger.addHandler = add  # type: ignore[method-assign]
    try:
        yield
    finally:
        logging.Logger.addHandler = original  # type: ignore[method-assign]


def _restore_settings(saved: Settings) -> None:
    settings, colormaps, sequences, printing, errors, environment, folder, logs = saved
    # A setting changed is a new value: those held still are the same objects. Not the backend, which
    # matplotlib settles on at the first figure: set back, the next figure would switch to it again.
    current = matplotlib.rcParams
    changed = {
        name: value
        for name, value in settings.items()
        if dict.get(current, name) is not value and name != "backend"
    }
    if changed:
        matplotlib.rcParams.update(changed)
    for name in set(matplotlib.colormaps) - colormaps:
        matplotlib.colormaps.unregister(name)
    for name in set(matplotlib.color_sequences) - sequences:
        matplotlib.color_sequences.unregister(name)
    if np.get_printoptions() != printing:
        np.set_printoptions(**printing)
    np.seterr(**errors)
    if os.environ != environment:
        for name in set(os.environ) - set(environment):
            del os.environ[name]
        os.environ.update(environment)
    if folder is not None and _working_folder() != folder:
        with contextlib.suppress(OSError):  # a folder removed since (a temporary one): stay
            os.chdir(folder)
    _restore_logging(logs)


def _working_folder() -> str | None:
    """The working folder; None if it is gone (a cell went into a temporary folder, since removed)."""
    try:
        return os.getcwd()
    except OSError:
        return None


def _own_modules(folder: str | None) -> dict[str, types.ModuleType]:
    """The modules the examples imported from their folder (a helper beside them): a locale's run changed
    their globals (a registry appended to), and the next locale's run started from that."""
    if folder is None:
        return {}
    inside = os.path.join(folder, "")
    found = {}
    for name, module in list(sys.modules.items()):
        if id(module) in _elsewhere:
            continue
        if name not in _EXAMPLES_MODULES and str(getattr(module, "__file__", None) or "").startswith(inside):
            found[name] = module
        else:
            _elsewhere[id(module)] = module  # kept: its id stays its own
    return found


# The modules known not to be beside the examples (the libraries', thousands), by id: looked at once.
_elsewhere: dict[int, types.ModuleType] = {}


def _drop_own_modules(folder: str | None, keep: Iterable[str] = ()) -> dict[str, types.ModuleType]:
    """Take the modules beside the examples out of ``sys.modules`` (but ``keep``), so that the next import
    of one makes it afresh; those taken."""
    kept = set(keep)
    dropped = {name: module for name, module in _own_modules(folder).items() if name not in kept}
    for name in dropped:
        del sys.modules[name]
    return dropped


def _helpers_state(folder: str | None) -> dict[str, Any]:
    """``module:name`` -> the state of each global of the helper modules beside the examples."""
    return {
        f"{name}:{key}": _state(value)
        for name, module in _own_modules(folder).items()
        for key, value in _module_globals(module).items()
        if not getattr(value, "_coursegen_runtime", False)  # display, show: the runtime's own
    }


def _module_globals(module: types.ModuleType) -> dict[str, Any]:
    """The globals of ``module`` that its code sets, not those Python gives every module (``__builtins__``
    holds the kernel itself: copied, a helper beside the examples made every locale run the whole lesson on
    its own)."""
    return {name: value for name, value in vars(module).items() if not name.startswith("__")}


class _DisplayHandle:
    """What ``display(..., display_id=True)`` returns on the page: updates keep what was first shown."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def display(self, *values: Any, **_options: Any) -> None:
        self.runtime._display(*values)

    def update(self, *_values: Any, **_options: Any) -> None:
        return None


class Runtime:
    """Runs the cells sent by the driver notebook and writes ``results.json`` into the output folder."""

    def __init__(self, config_json: str) -> None:
        config = json.loads(config_json)
        self.config = config
        self.path: str = config["path"]
        self.out: str = config["out"]
        # The examples' folder, where the kernel runs (a copy of their lesson's, see coursegen.execution).
        beside = os.path.join(self.out, ".lesson")
        self.folder: str | None = beside if os.path.isdir(beside) else None
        os.makedirs(self.out, exist_ok=True)
        self.locales: list[dict[str, Any]] = config["locales"]
        self.timeout: float | None = config.get("cell_timeout")
        self.slow_seconds: float = config.get("slow_seconds", float("inf"))
        self.name_locale: bool = config.get("name_locale", False)
        self.module = types.ModuleType(MODULE_NAME)
        sys.modules[MODULE_NAME] = self.module
        self.ns: dict[str, Any] = self.module.__dict__
        self.ns["__name__"] = MAIN
        self.ns["__builtins__"] = builtins
        # No one answers at build time: input() waited, silent, for the cell timeout.
        self.ns["input"] = _no_input
        self.ns["display"] = self._display
        self.ns[SHOW] = self._show

        # As Jupyter's inline backend does: plt.show() puts the open figures below the cell and closes them
        # (with the "agg" backend it did nothing: two plots separated by plt.show() became one figure).
        def show(*_args: Any, **_kwargs: Any) -> None:
            self._show_now(_open_figures())

        # matplotlib's own defaults, not the builder's matplotlibrc (a grid, larger fonts on every plot, kept
        # by the cache for every later build); then the lesson's own, beside its examples, as a notebook run
        # there reads it.
        matplotlib.rcdefaults()
        if os.path.isfile(LESSON_RC):
            matplotlib.rc_file(LESSON_RC)
        plt.switch_backend("agg")  # now: choosing it later sets attributes on pyplot's show, which is this
        show._coursegen_runtime = True  # type: ignore[attr-defined]  # the runtime's own (see _route_display)
        plt.show = self.show = show
        self._route_display()
        _note_where_figures_are_made(self.path)
        _note_english_labels()
        # The locale running now, with its cell (None while shared code runs), and the figures it showed.
        self._current: tuple[int, str, int, dict[str, Any]] | None = None
        self._shown: list[dict[str, Any]] = []
        self._printed = io.StringIO()
        self._cleared = False  # whether the cell's run cleared its output (see _clear_output)
        self._filters: list[tuple[Any, ...]] = []  # the examples' warning filters, newest first
        self._warned: set[tuple[Any, ...]] = set()
        self._said = [0, 0]  # what the running locale's _ returned: English, translated
        self._translations: list[str] = []  # the translations it returned
        np.random.seed(config["random_seed"])
        random.seed(config["random_seed"])
        # The cells run so far, and, once sharing went wrong, one runtime per locale (see _run_separately).
        self.history: list[tuple[int, str, int, str]] = []
        self.separate: list[Runtime] | None = None
        self.separate_since: dict[str, Any] | None = None
        self.tainted: set[str] = set()
        self.local_values: dict[str, dict[str, Any]] = {}
        self.cells: dict[str, list[dict[str, Any]]] = {locale["code"]: [] for locale in self.locales}
        self.warnings: dict[str, list[str]] = {locale["code"]: [] for locale in self.locales}
        self.stats = {"shared_statements": 0, "localized_statements": 0, "fallbacks": 0}
        # Cells whose statements run per locale take long each time: what the author may move up, to run once.
        self.slow: list[dict[str, Any]] = []
        # What the cells showed that a page cannot (see _note_unshown).
        self.unshown: list[dict[str, Any]] = []
        # The kernel, numpy and matplotlib live as long as the kernel: the collector need not scan them again.
        gc.freeze()
        gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
        # Math stays on, as in any notebook: a log axis labels its ticks 10⁻³ in math (mathtext switched off,
        # every such tick showed "$\mathdefault{10^{-3}}$").
        plt.rcParams.update({"svg.fonttype": config["svg_fonttype"], "svg.hashsalt": "coursegen"})
        self._settings = self._initial_settings = _settings_state()
        self._modules: dict[str, types.ModuleType] = {}

    # -- running one cell ---------------------------------------------------------------------------------
    def run_cell(self, index: int, block: str, line: int, code: str) -> None:
        # Where the kernel is, for the host to name if the cell never ends or the kernel dies in it.
        with open(os.path.join(self.out, "running.json"), "w", encoding="utf-8") as handle:
            json.dump({"block": block, "line": line}, handle)
        # And, shortly before the host's time limit, the statement it is in (the endless loop, not the cell's
        # first line): the stack, written by faulthandler's watchdog thread, whatever the cell is doing.
        stack = os.open(os.path.join(self.out, STACK_FILE), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        if self.timeout:
            faulthandler.dump_traceback_later(self.timeout - min(1.0, self.timeout / 4), file=stack)
        try:
            if self.separate is None:
                try:
                    self._run_cell(index, block, line, code)
                except NotShareable as reason:
                    self._go_separate(block, line, str(reason))
                    self._run_separately(index, block, line, code)
            else:
                self._run_separately(index, block, line, code)
        finally:
            self.history.append((index, block, line, code))
            for at, what in _unshown:
                told = {"block": block, "line": at or line, "what": what}
                if told not in self.unshown:
                    self.unshown.append(told)
            _unshown.clear()
            faulthandler.cancel_dump_traceback_later()
            os.close(stack)

    def _run_cell(self, index: int, block: str, line: int, code: str) -> None:
        tree = ast.parse("\n" * (line - 1) + code, filename=self.path)
        _show_last_value(tree, code)
        if len(self.locales) > 1:
            cut = next((i for i, node in enumerate(tree.body) if self._localized(node)), len(tree.body))
        else:
            # One locale has nothing to share; and a prefix that fell back would run twice without a
            # snapshot to undo it (drawing other random numbers than the same locale run with others).
            cut = 0
        prefix, suffix = tree.body[:cut], tree.body[cut:]
        before = self._snapshot() if prefix else None
        shared_out = ""
        if prefix:
            self._bind(None)
            # A shared statement that changes a value each locale has its own of (log("x") appending to a
            # per-locale list) would change only the copy in the namespace: it runs per locale instead.
            local_states = {name: _state(_frozen(self.ns.get(name, _UNBOUND))) for name in self.tainted}
            try:
                shared_out = self._exec(prefix, index, block, line, None)
                if plt.get_fignums():
                    raise LocaleDependent
                if any(_state(self.ns.get(name, _UNBOUND)) != was for name, was in local_states.items()):
                    raise LocaleDependent
            except LocaleDependent:
                plt.close("all")
                self.stats["fallbacks"] += 1
                if before is not None:
                    self._restore(before, copy_it=False)
                prefix, suffix, shared_out = [], tree.body, ""
        self.stats["shared_statements"] += len(prefix)
        self.stats["localized_statements"] += len(suffix)
        outputs = self._run_per_locale(suffix, index, block, line) if suffix else {}
        for locale in self.locales:
            stdout, figures, english, cleared = outputs.get(locale["code"], ("", [], False, False))
            # What the part run once printed, unless the locale's part cleared the output (clear_output).
            before = "" if cleared else shared_out
            for figure in figures:  # after what the shared statements printed, too
                figure["at"] += len(before)
            # Read whole, as a notebook shows it (a carriage return in the part run once goes back over what
            # the locale's part prints), each stretch between figures apart: the figures keep their place.
            printed, at, parts = before + stdout, 0, []
            if len(printed) > MAX_PRINTED_CHARS:
                self._fail(
                    block,
                    line,
                    f"the cell prints {len(printed):,} characters, more than a page can show "
                    f"({MAX_PRINTED_CHARS:,} at most, on every language's page): print less",
                )
            for figure in figures:
                parts.append(_as_shown(printed[at : figure["at"]], self.path))
                at, figure["at"] = figure["at"], sum(map(len, parts))
            parts.append(_as_shown(printed[at:], self.path))
            self.cells[locale["code"]].append(
                {"index": index, "stdout": "".join(parts), "figures": figures, "english": english}
            )

    def _localized(self, node: ast.AST, bound: frozenset[str] = frozenset()) -> bool:
        """Whether ``node`` names ``_``, ``fmt`` or a tainted name, other than a comprehension's own variable.

        ``{name: f(rule) for name, rule in rules.items()}`` after a cell that left ``name`` different per
        locale reads no locale's ``name``: its loop variable lives in the comprehension. Counted as tainted,
        it made a lesson's costliest computation run once per locale.
        """
        if isinstance(node, ast.Name):
            if node.id in bound:
                return False
            return node.id in _LOCALIZED or node.id in self.tainted or self._calls_localized(node.id)
        if isinstance(node, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            generators = node.generators
            # The first iterable is evaluated outside the comprehension; everything else inside it.
            if self._localized(generators[0].iter, bound):
                return True
            targets = [n for g in generators for n in ast.walk(g.target) if isinstance(n, ast.Name)]
            inner = bound | {n.id for n in targets}
            parts: list[ast.AST] = [g.iter for g in generators[1:]] + [c for g in generators for c in g.ifs]
            parts += [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
            return any(self._localized(part, inner) for part in parts)
        return any(self._localized(child, bound) for child in ast.iter_child_nodes(node))

    # -- locales apart ------------------------------------------------------------------------------------
    def _go_separate(self, block: str, line: int, reason: str) -> None:
        """From now on, each locale runs in a runtime of its own, as its notebook runs: the cells so far run
        again for each locale alone (their outputs replace those computed together), then every cell runs
        once per runtime. Slower, and only for examples whose state the locales cannot share."""
        plt.close("all")
        self.separate_since = {"block": block, "line": line, "reason": reason}
        # The cells so far run again within this cell's time: the host says so if the time runs out.
        with open(os.path.join(self.out, "running.json"), "w", encoding="utf-8") as handle:
            json.dump({**self.separate_since, "apart": True}, handle)
        self.separate = []
        for locale in self.locales:
            # As its notebook starts: not with the last one's settings or helper modules.
            _restore_settings(self._initial_settings)
            _drop_own_modules(self.folder)
            alone = Runtime(json.dumps({**self.config, "locales": [locale]}))
            for cell in self.history:
                alone._run_cell(*cell)
            alone._pause()
            self.separate.append(alone)
        _unshown.clear()  # told when those cells first ran, at their own example

    def _run_separately(self, index: int, block: str, line: int, code: str) -> None:
        for alone in self.separate or ():
            alone._resume()
            try:
                alone._run_cell(index, block, line, code)
            finally:
                alone._pause()

    def _pause(self) -> None:
        self._random_states = (np.random.get_state(), random.getstate())
        self._settings = _settings_state()
        # Its own helper modules, kept aside while the other locales' runtimes run.
        self._modules = _drop_own_modules(self.folder)

    def _route_display(self) -> None:
        """IPython's ``display`` is this runtime's: imported from IPython.display, as notebook-style files do,
        it published its values to the kernel's output, which no page reads."""
        try:
            import IPython.core.display_functions as functions
            import IPython.display
        except ImportError:
            return

        def display(*values: Any, **options: Any) -> Any:
            # A display to update later (a progress line): the page keeps what it first showed (the notebook
            # shows the updates), and the examples get a handle to update.
            if options.get("update"):
                return None
            self._display(*values)
            return _DisplayHandle(self) if options.get("display_id") is not None else None

        def clear_output(wait: bool = False) -> None:
            # A progress line redrawn (clear_output(wait=True), then print): the page showed every step.
            self._clear_output()

        # The runtime's own: its state (the runtime it reports to) changes as every locale runs, and taken
        # for the examples' shared state, a `from IPython.display import display` made every locale run the
        # whole lesson on its own.
        display._coursegen_runtime = clear_output._coursegen_runtime = True  # type: ignore[attr-defined]
        IPython.display.display = functions.display = display
        IPython.display.clear_output = functions.clear_output = clear_output

    def _clear_output(self) -> None:
        """What the cell showed so far is gone, as in Jupyter: its printed text and figures, the part run once
        for every locale's included."""
        _take_process_output()
        self._printed.seek(0)
        self._printed.truncate()
        self._shown = []
        self._cleared = True

    def _resume(self) -> None:
        """Make this runtime the one running: its module, its plt.show, its random generators' states."""
        sys.modules[MODULE_NAME] = self.module
        plt.show = self.show
        self._route_display()
        np.random.set_state(self._random_states[0])
        random.setstate(self._random_states[1])
        _restore_settings(self._settings)
        _drop_own_modules(self.folder)
        sys.modules.update(self._modules)

    def _calls_localized(self, name: str) -> bool:
        """Whether ``name`` holds code (a function, a class, an instance of one of the examples' classes) that
        reads ``_``, ``fmt`` or a tainted name, itself or through the code it names.

        ``word = label(v)``, where ``label`` calls ``_``, ran once for all locales until the tripwire, then
        again per locale: what it had consumed (a generator's next value) was gone. And a function reading a
        tainted name gave every locale the value of the locale that ran last.
        """
        wanted = set(_LOCALIZED) | self.tainted
        seen: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            try:
                names = _code_names(self.ns.get(current))
            except Exception:  # an object whose attributes raise when read holds no code we can see
                names = frozenset()
            if names & wanted:
                return True
            todo.extend(n for n in names if n in self.ns and n not in seen)
        return False

    def _run_per_locale(self, nodes: list[ast.stmt], index: int, block: str, line: int) -> dict[str, Any]:
        _uncopied.clear()
        base = self._snapshot() if len(self.locales) > 1 else None
        # What every locale's copy of the state shares (functions, the examples' classes, generators, what
        # cannot be copied): a locale's run must leave it as it found it.
        helpers = _own_modules(self.folder)
        _helper_modules.update(helpers)
        helper_values = [value for module in helpers.values() for value in _module_globals(module).values()]
        shared = (
            [*_shared_objects([*self.ns.values(), *helper_values]), *_uncopied] if base is not None else []
        )
        shared_states = [_state(value) for value in shared]
        # What each locale's run leaves in the helpers (one the run imports included), compared between them.
        helper_states: dict[str, Any] = {}
        # Figures are shared too (snapshots keep artists by reference): one an earlier cell made, drawn on
        # here, held every locale's drawing by the last one's run (1, 2, then 3 lines on the pages).
        common = [value for name, value in self.ns.items() if name not in self.tainted] + helper_values
        outputs: dict[str, Any] = {}
        prints: dict[str, dict[str, Any]] = {}
        captured: dict[str, dict[str, Any]] = {}
        spent = 0.0
        for number, locale in enumerate(self.locales):
            if base is not None and number > 0:
                # Every locale starts from the same state; the last one may consume the snapshot itself.
                self._restore(base, copy_it=number < len(self.locales) - 1)
            # Values that differ between locales live on per locale, across cells.
            self.ns.update(self.local_values.get(locale["code"], {}))
            # Those it may not draw on: the common state's, a helper's, and the other locales' (a dict of each
            # locale's own still holds the one figure) - not those only its own values hold.
            others = [
                v for code, own in self.local_values.items() if code != locale["code"] for v in own.values()
            ]
            held = _figures_in([*common, *others]) if base is not None else []
            drawn = [_drawing(figure) for figure in held]
            self._bind(locale)
            self._current, self._shown = (index, block, line, locale), []
            started = time.perf_counter()
            try:
                stdout = self._exec(nodes, index, block, line, locale, after_others=number > 0)
            finally:
                self._current = None
            spent += time.perf_counter() - started
            # Drawn as the cell ends, within it as Jupyter draws them: what drawing prints is the cell's.
            with _cell_streams(self._printed):
                at_end = self._save_figures(index, block, line, locale, None, len(self._shown) + 1)
            stdout = self._printed.getvalue()  # with the warnings saving its figures raised
            figures = self._shown + at_end
            # Its output is English when it printed no translation (a new locale, a translated legend): a
            # screen reader reads it so, not with the voice of the page's language.
            printed = any(_printed_in(text, stdout) for text in self._translations)
            english = bool(self._said[0]) and not printed
            outputs[locale["code"]] = (stdout, figures, english, self._cleared)
            if base is not None:
                for figure, was in zip(held, drawn, strict=True):
                    if _drawing(figure) != was:
                        label = figure.get_label() or "without alt text"
                        raise NotShareable(f"the figure '{label}' an earlier cell made (drawn on)")
                left = _helpers_state(self.folder)
                first_left = helper_states.setdefault("first", left)
                if left != first_left:
                    # A helper holds a value of this locale's (a label appended to its list): the next cells
                    # would read the last locale's, which only running apart keeps from them.
                    changed = sorted(
                        set(left) ^ set(first_left) | {n for n in left if left[n] != first_left.get(n)}
                    )
                    module, name = changed[0].split(":", 1)
                    raise NotShareable(f"the helper module {module} ({name})")
                for value, was in zip(shared, shared_states, strict=True):
                    if _state(value) != was:
                        names = sorted(name for name, held in self.ns.items() if held is value)
                        raise NotShareable(_describe(value) + (f" ({', '.join(names)})" if names else ""))
                # Every name, not only those the statements mention: a function they call may change a global,
                # or an object another name holds. (Arrays are compared, not hashed: see _state.)
                keys = set(self.ns) - _RUNTIME_NAMES
                # A state equal to the first locale's is that one, not another holding this locale's arrays.
                # Every locale's values are kept whole, though: a locale's values of several names may share
                # objects (a list and its append, an array and its view), which copies made apart would not.
                first = next(iter(prints.values()), None)
                prints[locale["code"]] = states = {}
                for name in keys:
                    state = _state(self.ns.get(name, _UNBOUND))
                    same = first is not None and name in first and first[name] == state
                    states[name] = first[name] if same else state
                captured[locale["code"]] = {name: self.ns[name] for name in keys if name in self.ns}
        if len(self.locales) > 1 and spent / len(self.locales) > self.slow_seconds:
            self.slow.append({"block": block, "line": nodes[0].lineno, "seconds": spent / len(self.locales)})
        if len(prints) > 1:
            for name in set().union(*prints.values()):
                values = {fp.get(name) for fp in prints.values()}
                if len(values) > 1:
                    self.tainted.add(name)
                    for code, values_of in captured.items():
                        own = self.local_values.setdefault(code, {})
                        if name in values_of:
                            own[name] = values_of[name]
                        else:
                            own.pop(name, None)
                else:
                    self.tainted.discard(name)
                    for own in self.local_values.values():
                        own.pop(name, None)
        return outputs

    def _bind(self, locale: dict[str, Any] | None) -> None:
        if locale is None:
            self.ns["_"] = self.ns["ngettext"] = self.ns["fmt"] = _tripwire
            # Not the fonts of whichever locale ran last: that depends on the locales in this kernel.
            plt.rcParams["font.family"] = matplotlib.rcParamsDefault["font.family"]
            return
        self._said, self._translations = [0, 0], []
        self.ns["_"] = translator(
            locale["messages"], locale.get("english", ()), self._said, self._translations
        )
        self.ns["ngettext"] = plural_translator(
            locale.get("plurals", {}),
            locale.get("plural_expr", "(n != 1)"),
            locale.get("english_plurals", ()),
            self._said,
            self._translations,
        )
        self.ns["fmt"] = number_formatter(locale["decimal"])
        plt.rcParams["font.family"] = locale["fonts"]

    def _exec(
        self,
        nodes: list[ast.stmt],
        index: int,
        block: str,
        line: int,
        locale: Any,
        after_others: bool = False,
    ) -> str:
        """Run ``nodes`` for ``locale`` (None: for all), its output; ``after_others`` if other locales ran
        them without error before it."""
        code = compile(ast.Module(body=nodes, type_ignores=[]), self.path, "exec")
        # What the cell prints to either stream, in order, as Jupyter shows it under the cell.
        buffer = self._printed = io.StringIO()
        self._cleared = False
        with warnings.catch_warnings(record=True) as caught, _cell_streams(buffer):
            warnings.simplefilter("always")
            # The examples' own filters (filterwarnings("ignore", ...)) hold in the cells after theirs, as in
            # a notebook: every page showed a warning the author had silenced in an earlier cell.
            for kept in reversed(self._filters):
                warnings.filterwarnings(*kept)
            present = {id(entry) for entry in warnings.filters}
            self._warned = set()

            def show(message: Any, category: Any, filename: str, lineno: int, *rest: Any) -> None:
                """Each warning where it is raised among what the cell prints (it was gathered at the end
                of the cell's output, after what came later)."""
                warning = warnings.WarningMessage(message, category, filename, lineno, *rest)
                caught.append(warning)
                self._print_warning(warning)

            warnings.showwarning = show
            # The main module is the examples' while they run, as in a notebook (dataclasses and pickle
            # look their classes up there); the kernel's own again after.
            kernel_main = sys.modules.get(MAIN)
            sys.modules[MAIN] = self.module
            _drop_handlers_of(nodes)
            try:
                with _process_output(buffer), _handlers_noted():
                    exec(code, self.ns)
            except LocaleDependent:
                raise
            except (Exception, SystemExit, KeyboardInterrupt) as exc:
                # sys.exit() too: in a notebook it ends the cell with an error, never the kernel quietly.
                # A Chinese label that .encode("ascii") refuses, when the French one passed: the author looked
                # for the error in English. Where no locale ran the statements before this one (the lesson's
                # others run in another kernel), the run is named only if it translated something: a
                # NameError named the first locale to run as if it were its fault.
                where = ""
                if after_others:
                    where = f" (for locale '{locale['code']}')"
                elif locale is not None and self.name_locale and self._said[1]:
                    where = f" (in the run for locale '{locale['code']}')"
                if isinstance(exc, SystemExit):
                    # argparse's reason, printed before it exits, and why a script's main guard runs at all.
                    said = [text for text in buffer.getvalue().splitlines() if text.strip()]
                    where += (f": {said[-1].strip()}" if said else "") + (
                        " (the examples run as the main module, as in a notebook: a main guard runs, with "
                        "the kernel's own command line in sys.argv)"
                    )
                if after_others and isinstance(exc, FileNotFoundError | FileExistsError):
                    where += (
                        " (another language's run of this cell made, moved or removed it: files are one for "
                        "every language, do this in a cell that runs once, before the first plot or "
                        "translated text)"
                    )
                elif isinstance(exc, FileNotFoundError):
                    where += (
                        " (the examples run in a copy of their lesson's folder, with its files and "
                        "subfolders only: keep what they read in it)"
                    )
                self._fail(block, _error_line(exc, self.path, line), _last_line(exc) + where)
            finally:
                if kernel_main is not None:
                    sys.modules[MAIN] = kernel_main
                else:
                    del sys.modules[MAIN]
                added = [_filter_args(entry) for entry in warnings.filters if id(entry) not in present]
                self._filters = [*added, *(kept for kept in self._filters if kept not in added)]
        self._check_warnings(caught, block, line, locale)
        return buffer.getvalue()

    def _print_warning(self, warning: Any) -> None:
        """Print ``warning`` among what the cell prints, as a notebook shows it, once per place and text."""
        key = (warning.category, str(warning.message), warning.filename, warning.lineno)
        text = _shown_warning(warning, self.path)
        if text is not None and key not in self._warned:
            self._warned.add(key)
            _take_process_output()  # what a process wrote before it comes before it
            self._printed.write(text)

    def _check_warnings(self, caught: list[Any], block: str, line: int, locale: Any) -> None:
        for warning in caught:
            text = str(warning.message)
            if MISSING_GLYPH in text:
                where = f" for locale '{locale['code']}'" if locale else ""
                self._fail(block, warning.lineno if warning.filename == self.path else line, f"{text}{where}")
            # Per locale, so that a locale's warnings are the same whichever locales share the kernel.
            for code in [locale["code"]] if locale else self.warnings:
                self.warnings[code].append(f"{warning.category.__name__}: {text}")

    # -- figures ------------------------------------------------------------------------------------------
    def _show(self, value: Any) -> None:
        """A cell's last value (see :func:`_show`); a figure, as Jupyter shows one: drawn, even one that an
        earlier cell made (its text was dropped, having a memory address)."""
        if isinstance(value, Figure):
            self._show_now([value])
        else:
            _show(value)

    def _display(self, *values: Any, **options: Any) -> None:
        """``display()`` (see :func:`_display`); a figure is drawn, not named ("<Figure size 400x300>")."""
        for value in values:
            if isinstance(value, Figure):
                self._show_now([value])
            else:
                _display(value, **options)

    def _show_now(self, figures: list[Any]) -> None:
        if not figures:
            return
        if self._current is None:
            raise LocaleDependent  # figures are drawn per locale: the cell runs per locale
        index, block, line, locale = self._current
        self._shown += self._save_figures(index, block, line, locale, figures, len(self._shown) + 1)

    def _save_figures(
        self,
        index: int,
        block: str,
        line: int,
        locale: dict[str, Any],
        figures: list[Any] | None = None,
        first: int = 1,
    ) -> list[dict[str, Any]]:
        """Save ``figures`` (by default the open ones) as the cell's figures numbered from ``first``, shown
        after what the locale's run of the cell printed so far, and close them.

        A warning raised while a figure is laid out or saved is printed before it, as Jupyter shows it: a
        translation too long for its figure ("constrained_layout not applied because axes sizes collapsed
        to zero") was said nowhere, on the page or in the log.
        """
        saved = []
        folder = os.path.join(self.out, locale["code"])
        os.makedirs(folder, exist_ok=True)
        if figures is None:
            figures = _open_figures()
        drawn = []
        for figure in figures:
            if _draws_something(figure):
                drawn.append(figure)
            else:  # a bare plt.figure(), never drawn on: no image (Jupyter shows none), no alt text asked
                plt.close(figure)
        for number, figure in enumerate(drawn, start=first):
            alt = figure.get_label().strip()
            if not alt:
                plt.close("all")
                self._fail(
                    block,
                    getattr(figure, CREATED_AT, None) or line,
                    'figure without alt text: give it one with fig.set_label(_("..."))',
                )
            name = f"{block or 'setup'}-{index}-{number}.svg"
            path = os.path.join(folder, name)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                # Without a layout engine, what Jupyter shows: the figure cropped or widened to what it
                # draws (its inline plots are saved so), or labels past the edge are cut off on the page.
                tight = "tight" if figure.get_layout_engine() is None else None
                engine = _apply_layout(figure)
                # A layout engine fits what fits; a translation longer than the figure is wide was cut off
                # at its edge: then the figure is saved with all it draws, as without one.
                if tight is None and _text_overflows(figure):
                    tight = "tight"
                # Its alt text as its title: a plot opened alone (its link on the page) had no name.
                metadata = {"Date": None, "Title": alt}
                try:
                    figure.savefig(path, format="svg", metadata=metadata, bbox_inches=tight)
                finally:
                    if engine is not None:  # the author's figure keeps it for a later cell, as in Jupyter
                        figure.set_layout_engine(engine)
            self._check_warnings(caught, block, line, locale)
            for warning in caught:
                self._print_warning(warning)
            _take_process_output()  # a figure shown after what a process wrote comes after it
            width, height = _svg_size(path) if tight else figure.get_size_inches() * CSS_PX_PER_INCH
            saved.append(
                {
                    "file": name,
                    "alt": alt,
                    "english": bool(getattr(figure, ENGLISH_LABEL, False)),
                    "width": round(float(width), 1),
                    "height": round(float(height), 1),
                    # Where the figure comes among what the cell prints: plt.show() between two prints shows
                    # it between.
                    "at": len(self._printed.getvalue()),
                }
            )
            plt.close(figure)
        return saved

    # -- state ---------------------------------------------------------------------------------------------
    def _snapshot(self) -> Snapshot:
        memo: dict[int, Any] = {}
        with _views_kept():
            # One memo for the examples and their modules: `from helper import RUNS` is helper.RUNS.
            state = {name: _copy(value, memo) for name, value in self.ns.items()}
            modules = {
                name: (module, {key: _copy(value, memo) for key, value in _module_globals(module).items()})
                for name, module in _own_modules(self.folder).items()
            }
        return state, np.random.get_state(), random.getstate(), _settings_state(), modules

    def _restore(self, snapshot: Snapshot, *, copy_it: bool) -> None:
        state, np_state, py_state, settings, modules = self._snapshot_copy(snapshot) if copy_it else snapshot
        self.ns.clear()
        self.ns.update(state)
        np.random.set_state(np_state)
        random.setstate(py_state)
        _restore_settings(settings)
        for module, values in modules.values():
            globals_ = vars(module)
            for key in set(_module_globals(module)) - set(values):
                del globals_[key]
            globals_.update(values)
        # One imported since is imported afresh, as in the next locale's notebook.
        _drop_own_modules(self.folder, keep=modules)

    def _snapshot_copy(self, snapshot: Snapshot) -> Snapshot:
        state, np_state, py_state, settings, modules = snapshot
        memo: dict[int, Any] = {}
        with _views_kept():
            state = {name: _copy(value, memo) for name, value in state.items()}
            modules = {
                name: (module, {key: _copy(value, memo) for key, value in values.items()})
                for name, (module, values) in modules.items()
            }
        return state, np_state, py_state, settings, modules

    # -- reporting -----------------------------------------------------------------------------------------
    def _fail(self, block: str, line: int, reason: str) -> None:
        with open(os.path.join(self.out, "error.json"), "w", encoding="utf-8") as handle:
            json.dump({"block": block, "line": line, "reason": reason}, handle)
        raise CellFailed(reason)

    def finish(self) -> None:
        for alone in self.separate or ():
            code = alone.locales[0]["code"]
            self.cells[code], self.warnings[code] = alone.cells[code], alone.warnings[code]
        if self.separate:
            # Apart, every statement ran once per locale, those before the parting too.
            self.stats = {**self.separate[0].stats, "fallbacks": self.stats["fallbacks"]}
        results = {
            "cells": self.cells,
            "warnings": self.warnings,
            "stats": self.stats,
            "slow": self.slow,
            "unshown": self.unshown,
            "separate": self.separate_since,
        }
        with open(os.path.join(self.out, "results.json"), "w", encoding="utf-8") as handle:
            json.dump(results, handle, ensure_ascii=False)


class _ProcessOutput:
    """What the process's own output and error streams (file descriptors 1 and 2) receive while a cell runs,
    for what the cell shows: a subprocess's, ``os.system``'s, a C library's. Jupyter shows it under the cell;
    here it missed the page and went to the build's terminal, once per language, with no file or line.

    It reaches the cell's output when the cell ends; once the cell starts a process, before each line it
    prints too, in the order a notebook shows them. Not before every line from the start: a loop printing
    100,000 lines ran six times slower looking each time."""

    def __init__(self, shown: io.StringIO, sink: Any) -> None:
        self.shown, self.sink = shown, sink
        self.interleaved = _Interleaved(self)
        self._taken = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def take(self, *, final: bool = False) -> None:
        # The end of what the streams wrote (they write there anyway: moving to it moves nothing).
        size = os.lseek(self.sink.fileno(), 0, os.SEEK_END)
        data = os.pread(self.sink.fileno(), size - self._taken, self._taken) if size > self._taken else b""
        self._taken = size
        text = self._decoder.decode(data, final=final)  # a character cut at the end, shown as "\ufffd"
        if text:
            self.shown.write(text)

    def watch(self) -> None:
        """From now on, what the process's streams received goes before each text the cell prints (to the
        page: not what the examples catch themselves, redirect_stdout(io.StringIO()), a tee)."""
        self.point(self.shown, self.interleaved)

    def point(self, old: Any, new: Any) -> None:
        """The page's streams that write to ``old`` write to ``new`` from now on."""
        for stream in (_STDOUT, _STDERR):
            if stream.target is old:
                stream.target = new


class _Interleaved(io.TextIOBase):
    """The cell's printed output once it started a process (see :class:`_ProcessOutput`)."""

    def __init__(self, output: _ProcessOutput) -> None:
        self.output = output

    def write(self, text: str) -> int:
        self.output.take()
        return self.output.shown.write(text)

    def writable(self) -> bool:
        return True


class _CellStream(io.TextIOBase):
    """``sys.stdout`` or ``sys.stderr`` while the examples run: one object for the kernel's life, writing to
    the output of the cell running now, as ipykernel's streams do. A fresh stream per cell left what a
    logging handler (or a name) holding an earlier cell's wrote since in that cell: missing from the pages."""

    def __init__(self, name: str, fd: int) -> None:
        self.name, self.fd = name, fd
        self.target: Any = io.StringIO()
        self.shut = False

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    @property
    def closed(self) -> bool:  # type: ignore[override]
        return self.shut

    def close(self) -> None:
        """Closed for the rest of the cell (the next write fails, as in Jupyter), open again for the next
        cell and the next locale's run: closed for good, it failed every later cell far from the cause."""
        self.shut = True

    def fileno(self) -> int:
        """The process's own stream, which the cell's output takes while it runs (``_ProcessOutput``):
        ``subprocess.run(..., stdout=sys.stdout)`` and ``faulthandler.enable()`` need one, as ipykernel's
        streams give."""
        return self.fd

    def write(self, text: str) -> int:
        if self.shut:
            raise ValueError("I/O operation on closed file.")
        return self.target.write(text)

    def flush(self) -> None:
        if self.shut:
            raise ValueError("I/O operation on closed file.")

    def writable(self) -> bool:
        return True

    def __copy__(self) -> _CellStream:
        return self  # one for the kernel's life: a snapshot's copy wrote to the cell that took the snapshot

    def __deepcopy__(self, _memo: dict[int, Any]) -> _CellStream:
        return self


_STDOUT, _STDERR = _CellStream("<stdout>", 1), _CellStream("<stderr>", 2)


@contextlib.contextmanager
def _cell_streams(buffer: io.StringIO) -> Iterator[None]:
    """``sys.stdout`` and ``sys.stderr`` write to ``buffer`` (the cell's output) while the block runs."""
    before = [(stream.target, stream.shut) for stream in (_STDOUT, _STDERR)]
    for stream in (_STDOUT, _STDERR):
        stream.target, stream.shut = buffer, False
    try:
        with contextlib.redirect_stdout(_STDOUT), contextlib.redirect_stderr(_STDERR):
            yield
    finally:
        for stream, (target, shut) in zip((_STDOUT, _STDERR), before, strict=True):
            stream.target, stream.shut = target, shut


# The running cell's process output, while there is one; an audit hook tells it when a process starts.
_process_output_now: list[_ProcessOutput] = []
_PROCESS_EVENTS = frozenset(
    {"os.system", "subprocess.Popen", "os.posix_spawn", "os.spawn", "os.exec", "os.fork"}
)


def _take_process_output() -> None:
    """What the running cell's processes wrote so far, into its output (before what comes next)."""
    if _process_output_now:
        _process_output_now[-1].take()


def _on_audit(event: str, _args: tuple[Any, ...]) -> None:
    if _process_output_now and event in _PROCESS_EVENTS:
        _process_output_now[-1].take()
        _process_output_now[-1].watch()


def _flush_process_streams() -> None:
    """What Python wrote to the process's own streams (sys.__stdout__), out to their file descriptors."""
    for stream in (sys.__stdout__, sys.__stderr__):
        with contextlib.suppress(Exception):
            stream.flush()  # type: ignore[union-attr]


@contextlib.contextmanager
def _process_output(shown: io.StringIO) -> Iterator[None]:
    """The process's own output and error streams go to ``shown`` while the block runs (see
    :class:`_ProcessOutput`)."""
    with tempfile.TemporaryFile() as sink:
        _flush_process_streams()
        try:
            kept = [os.dup(1), os.dup(2)]
        except OSError:  # no such streams: nothing to take
            yield
            return
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        output = _ProcessOutput(shown, sink)
        _process_output_now.append(output)
        try:
            yield
        finally:
            output.point(output.interleaved, shown)
            _process_output_now.pop()
            _flush_process_streams()
            for fd, saved in zip((1, 2), kept, strict=True):
                os.dup2(saved, fd)
                os.close(saved)
            output.take(final=True)


sys.addaudithook(_on_audit)  # once, as this module is loaded: a hook cannot be removed


def _figures_in(values: Iterable[Any]) -> list[Any]:
    """The figures ``values`` reach: themselves, their axes, in the containers and the author's objects that
    hold them (a dict of a locale's own with the axes of a figure made once)."""
    found: dict[int, Any] = {}
    seen: set[int] = set()
    todo = list(values)
    while todo:
        value = todo.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, Artist):
            figure = value if isinstance(value, Figure) else value.figure
            if isinstance(figure, Figure):
                found[id(figure)] = figure
        elif _artists(value):
            todo.extend(value.flat)
        elif isinstance(value, dict):
            todo.extend(value.values())
        elif isinstance(value, list | tuple | set | frozenset):
            todo.extend(value)
        elif _authors(type(value).__module__):
            todo.extend(getattr(value, "__dict__", {}).values())
    return list(found.values())


def _drawing(figure: Any) -> tuple[Any, ...]:
    """What ``figure`` draws: changed when a locale's run adds to it, takes from it, or sets its texts or
    ticks (a title, tick labels: the other locales' pages showed the last one's).

    An axis is taken by its settings (locators, formatters, scale, tick parameters), not walked into: its
    ticks are made anew whenever they are asked for, and walking them was most of the check (36x the rest,
    for every held figure before and after every locale's run of every cell)."""
    found: list[Any] = []
    todo = [figure]
    while todo:
        artist = todo.pop()
        found.append(id(artist))
        if isinstance(artist, Text):
            found.append(artist.get_text())
        if isinstance(artist, Axis):
            ticks = (artist.major, artist.minor)
            found += [id(part) for tick in ticks for part in (tick.locator, tick.formatter)]
            found += [artist.get_scale(), artist.label.get_text()]
            found += [
                repr(sorted(getattr(artist, kw, {}).items())) for kw in ("_major_tick_kw", "_minor_tick_kw")
            ]
        else:
            todo.extend(artist.get_children())
    return tuple(found)


def _filter_args(entry: tuple[Any, ...]) -> tuple[Any, ...]:
    """The arguments of ``warnings.filterwarnings`` that make the filter ``entry`` of ``warnings.filters``."""
    action, message, category, module, lineno = entry
    return action, message.pattern if message else "", category, module.pattern if module else "", lineno


def _svg_size(path: str) -> tuple[float, float]:
    """The size in CSS pixels that matplotlib wrote into an SVG's root element (in points)."""
    with open(path, encoding="utf-8") as handle:
        head = handle.read(2000)
    root = head[head.index("<svg") :]
    width, height = (float(root.split(f'{name}="', 1)[1].split("pt", 1)[0]) for name in ("width", "height"))
    return width * CSS_PX_PER_INCH / 72, height * CSS_PX_PER_INCH / 72


def _apply_layout(figure: Any) -> Any:
    """Run the figure's layout engine once, then freeze the result until the figure is saved; the engine,
    to give back to the figure then (None if there is none to run).

    ``savefig`` with a layout engine draws the figure twice: a first draw with rendering disabled only to
    run the layout, then the real one. The layout alone needs the tick labels and text sizes, not that first
    draw, which was a fifth of the time spent saving.
    """
    engine = figure.get_layout_engine()
    if engine is None or not figure.axes:
        return None
    engine.execute(figure)
    figure.set_layout_engine(None)
    return engine


_examples_file = [""]


def _examples_line() -> int | None:
    """The line of the examples running now, from the calls that led here (None if none of them is the
    examples')."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename != _examples_file[0]:
        frame = frame.f_back
    return frame.f_lineno if frame is not None else None


def _note_where_figures_are_made(path: str) -> None:
    """Every figure remembers the line of the examples that made it, for the errors about it: "figure
    without alt text" named the cell's first line, which in a cell of several figures named none of them."""
    _examples_file[0] = path
    if getattr(Figure.__init__, "_coursegen", False):
        return
    made = Figure.__init__

    def init(figure: Any, *args: Any, **kwargs: Any) -> None:
        made(figure, *args, **kwargs)
        setattr(figure, CREATED_AT, _examples_line())

    init._coursegen = True  # type: ignore[attr-defined]
    Figure.__init__ = init  # type: ignore[method-assign]


def _note_english_labels() -> None:
    """Every figure remembers whether its label was given as :class:`English` (matplotlib keeps a plain
    copy of the text)."""
    if getattr(Figure.set_label, "_coursegen", False):
        return
    original = Figure.set_label

    def set_label(figure: Any, s: Any) -> None:
        original(figure, s)
        setattr(figure, ENGLISH_LABEL, isinstance(s, English))

    set_label._coursegen = True  # type: ignore[attr-defined]
    Figure.set_label = set_label  # type: ignore[method-assign]


def _open_figures() -> list[Any]:
    """The figures pyplot has open, in the order they were made."""
    return [plt.figure(num) for num in plt.get_fignums()]


def _draws_something(figure: Any) -> bool:
    return bool(
        figure.axes
        or figure.texts
        or figure.images
        or figure.lines
        or figure.patches
        or figure.legends
        or figure.artists
        or figure.subfigs
    )


def _text_overflows(figure: Any) -> bool:
    """Whether a title, an axis label, a legend or a text the examples placed (``ax.text``, an annotation)
    reaches past the figure's edge, its subfigures' included, as the layout placed them (the text sizes are
    those it measured: cheap).

    Not tick labels, nor the texts inside a legend: their places are set only when the figure is drawn (after
    the layout, a tick label stands where the axes were before it, and every figure looked overflowing). Polar
    and 3D axes place their axis labels when drawn too: the figure's tight box, which places them, is asked.
    """
    renderer = figure._get_renderer()
    if any(ax.name != "rectilinear" for ax in figure.get_axes()):
        return _outside(figure.get_tightbbox(renderer).transformed(figure.dpi_scale_trans), figure.bbox)
    texts: list[Any] = []
    axes: dict[int, Any] = {}
    todo = [figure]
    while todo:
        part = todo.pop()
        texts += [getattr(part, name, None) for name in ("_suptitle", "_supxlabel", "_supylabel")]
        texts += [*part.texts, *part.legends]
        axes.update((id(ax), ax) for ax in part.axes)
        todo += part.subfigs
    for ax in axes.values():
        texts += [getattr(ax, name, None) for name in ("title", "_left_title", "_right_title")]
        texts += [ax.xaxis.label, ax.yaxis.label, ax.get_legend(), *ax.texts]
    for text in texts:
        if text is None or not text.get_visible() or (isinstance(text, Text) and not text.get_text()):
            continue
        if _outside(text.get_window_extent(renderer), figure.bbox):
            return True
    return False


def _outside(extent: Any, box: Any) -> bool:
    """Whether ``extent`` reaches past ``box`` by more than a pixel."""
    return bool(
        extent.x0 < box.x0 - 1 or extent.y0 < box.y0 - 1 or extent.x1 > box.x1 + 1 or extent.y1 > box.y1 + 1
    )


def _shared(value: Any) -> bool:
    """Values kept by reference in snapshots: code, modules, matplotlib objects (closed after each cell,
    alone or in the arrays plt.subplots returns), the runtime's own display() and last-value hook."""
    if isinstance(value, types.ModuleType | types.FunctionType | type | Artist):
        return True
    if isinstance(value, types.MethodType | types.BuiltinMethodType):
        owner = value.__self__
        # The global generators too (from random import randint, from numpy.random import randn): restoring a
        # snapshot resets them in place, and a copy would draw on from where it was taken, apart.
        kept = isinstance(owner, Runtime | types.ModuleType | type)
        return owner is None or kept or any(owner is generator for generator in _GLOBAL_RANDOM)
    return _artists(value)


def _artists(value: Any) -> bool:
    """An array of artists (the axes plt.subplots returns)."""
    return (
        isinstance(value, np.ndarray)
        and value.dtype == object
        and value.size > 0
        and all(isinstance(item, Artist) for item in value.flat)
    )


_CONTAINERS = (list, tuple, dict, set, frozenset)
# What the last copies kept by reference because it cannot be copied (a file, an object holding a generator).
_uncopied: list[Any] = []


def _copy(value: Any, memo: dict[int, Any]) -> Any:
    """A deep copy that keeps :func:`_shared` values by reference at any depth, not only at the top.

    ``copy.deepcopy`` of a list of artists (legend handles) copies each artist's whole figure, which cost
    more than everything else in a snapshot; those figures are closed, so their artists are shared like
    top-level ones. ``memo`` keeps aliasing: two names bound to one list get one copy.
    """
    if _shared(value):
        return value
    key = id(value)
    if key in memo:
        return memo[key]
    if isinstance(value, types.MethodType | types.BuiltinMethodType):
        # record = costs.append, log = logger.log: bound to the copy of their object, or what they record
        # goes into the original, which no locale sees again.
        owner = _copy(value.__self__, memo)
        if isinstance(value, types.MethodType):
            bound = types.MethodType(value.__func__, owner)
        else:
            bound = getattr(owner, value.__name__, value)
        memo[key] = bound
        return bound
    kind = type(value)
    if kind not in _CONTAINERS:
        try:
            return copy.deepcopy(value, memo)
        except Exception:
            _uncopied.append(value)
            return value
    if kind is list:
        copied: Any = []
        memo[key] = copied
        copied.extend(_copy(item, memo) for item in value)
    elif kind is dict:
        copied = {}
        memo[key] = copied
        for name, item in value.items():
            copied[_copy(name, memo)] = _copy(item, memo)
    else:
        items = [_copy(item, memo) for item in value]
        if key in memo:  # a tuple that contains itself through a list
            return memo[key]
        copied = kind(items)
        memo[key] = copied
    # Keep the original alive while the memo is used, so that its id is not reused (as deepcopy does).
    memo.setdefault(id(memo), []).append(value)
    return copied


# The generators behind random.random and np.random.rand, which snapshots save and restore by their state.
_GLOBAL_RANDOM = (random._inst, np.random.mtrand._rand)  # type: ignore[attr-defined]
# What functools.cache and lru_cache wrap a function in: copies share it, and it remembers across locales.
_CACHED = type(functools.cache(lambda: None))


def _copy_array(array: np.ndarray, memo: dict[int, Any]) -> np.ndarray:
    """``copy.deepcopy`` of an array while snapshots are taken (see :func:`_views_kept`): a view (``b =
    a[::2]``, ``self.W = self.params[:4].reshape(2, 2)``) is rebuilt on the copy of the array whose memory it
    shows, or ``b[0] = 100`` no longer changed ``a`` after the first locale; a read-only array stays so."""
    copied = _copy_view(array, memo) if array.base is not None else _copy_laid_out(array)
    if copied is None:
        copied = array.__deepcopy__(memo)
    if not array.flags.writeable:
        copied.flags.writeable = False
    return copied


def _copy_view(view: np.ndarray, memo: dict[int, Any]) -> np.ndarray | None:
    """``view`` rebuilt on the copy of the array whose memory it shows (None when that cannot be done)."""
    root = view.base
    # as_strided and sliding_window_view hold their array through an object of their own (its .base).
    while root is not None and not isinstance(root, np.ndarray):
        root = getattr(root, "base", None)
    while isinstance(root, np.ndarray) and isinstance(root.base, np.ndarray):
        root = root.base
    if not isinstance(root, np.ndarray) or not (root.flags.c_contiguous or root.flags.f_contiguous):
        return None
    copied = copy.deepcopy(root, memo)  # memo: once for all its views, and the names that hold it
    if not isinstance(copied, np.ndarray) or copied.strides != root.strides:
        return None
    offset = view.__array_interface__["data"][0] - root.__array_interface__["data"][0]
    return np.ndarray(view.shape, view.dtype, buffer=copied, offset=offset, strides=view.strides)


def _copy_laid_out(array: np.ndarray) -> np.ndarray | None:
    """A copy of a contiguous array with its very strides, so that its views can be rebuilt on it (numpy's
    copy of a Fortran-ordered column lays it out otherwise); None for another array."""
    if type(array) is not np.ndarray or array.dtype.hasobject or array.size == 0:
        return None
    for order in "CF":  # an array of its own (a.base is None, as the original's)
        copied = np.empty(array.shape, array.dtype, order=order)
        if copied.strides == array.strides:
            copied[...] = array
            return copied
    return None


@contextlib.contextmanager
def _views_kept() -> Iterator[None]:
    """Arrays deep-copied with :func:`_copy_array` wherever they are (in a list, in an object's attribute)
    while the runtime copies the state; the examples' own ``copy.deepcopy`` stays numpy's."""
    before = copy._deepcopy_dispatch.get(np.ndarray)  # type: ignore[attr-defined]
    copy._deepcopy_dispatch[np.ndarray] = _copy_array  # type: ignore[attr-defined]
    try:
        yield
    finally:
        if before is None:
            copy._deepcopy_dispatch.pop(np.ndarray, None)  # type: ignore[attr-defined]
        else:
            copy._deepcopy_dispatch[np.ndarray] = before  # type: ignore[attr-defined]


_RUNTIME_NAMES = frozenset({"__builtins__", *_LOCALIZED, "input", "display", SHOW})
# What a class of the examples holds that says nothing of its state.
# (__slotnames__: copying or pickling the first instance writes it into the class.)
_CLASS_HOUSEKEEPING = frozenset(
    {"__dict__", "__weakref__", "__doc__", "__module__", "__qualname__", "__slotnames__", "_abc_impl"}
)


def _state(value: Any, memo: dict[int, int] | None = None) -> Any:
    """Equal for values equal in every way the following cells could observe (conservatively).

    Data by its pickled bytes. Code by what it holds, which pickle leaves out (it names a function or a
    class): a function's defaults, closure and attributes, a class's attributes, a generator's place and
    locals, so that ``def f(unit=_("iteration"))`` or ``class Plot: title = _("...")`` differ between
    locales, and a counter in a closure is seen to move. Artists (each locale draws its own) by identity.
    """
    if memo is None:
        try:
            return _state(value, {})
        # A linked list a thousand deep, an object whose attributes raise when read: compared as itself.
        except Exception:
            return ("object", id(value))
    if isinstance(value, types.ModuleType):
        return ("module", value.__name__)
    if isinstance(value, _CellStream):  # one for the kernel's life: what it wrote is the cells'
        return ("stream", value.name)
    if isinstance(value, Artist) or _artists(value):
        return ("object", id(value))
    if type(value) is np.ndarray and value.dtype != object and not memo:
        return _ArrayState(value)
    key = id(value)
    if key in memo:
        return ("seen", memo[key])
    memo[key] = len(memo)
    if isinstance(value, types.FunctionType):
        closure = tuple(_state(_cell_contents(cell), memo) for cell in value.__closure__ or ())
        return (
            "function",
            value.__qualname__,
            _code_key(value.__code__),
            _state(value.__defaults__, memo),
            _state(value.__kwdefaults__, memo),
            closure,
            _state(value.__dict__, memo) if value.__dict__ else None,
        )
    if isinstance(value, types.MethodType):
        return ("method", _state(value.__func__, memo), _state(value.__self__, memo))
    if isinstance(value, types.BuiltinMethodType) and not isinstance(value.__self__, types.ModuleType):
        return ("method", value.__name__, _state(value.__self__, memo))
    if isinstance(value, _CACHED):  # functools.cache: what it remembers, and what it wraps
        return ("cached", value.cache_info().currsize, _state(value.__wrapped__, memo))
    if isinstance(value, type):
        if not _authors(value.__module__):
            return ("class", value.__module__, value.__qualname__)
        attributes = [(k, _state(v, memo)) for k, v in vars(value).items() if k not in _CLASS_HOUSEKEEPING]
        return ("class", value.__qualname__, tuple(attributes))
    if isinstance(value, types.GeneratorType):
        frame = value.gi_frame
        where = None if frame is None else (frame.f_lasti, _state(dict(frame.f_locals), memo))
        return ("generator", _code_key(value.gi_code), where)
    buffer = io.BytesIO()
    try:
        _StatePickler(buffer, memo).dump(value)
        return hashlib.sha256(buffer.getvalue()).hexdigest()
    except Exception:
        pass
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(_state(item, memo) for item in value))
    if isinstance(value, set | frozenset):
        return ("set", tuple(sorted(repr(_state(item, memo)) for item in value)))
    if isinstance(value, dict | types.MappingProxyType):
        return ("dict", tuple((_state(k, memo), _state(v, memo)) for k, v in value.items()))
    try:  # what copy and pickle take of an object: its class, arguments and state (slots too)
        reduced = value.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
    except Exception:
        reduced = None
    if isinstance(reduced, tuple) and len(reduced) > 2:
        return ("instance", _state(type(value), memo), _state(reduced[1:3], memo))
    if isinstance(value, io.IOBase):  # an open file: where it reads or writes next
        try:
            return ("stream", value.closed, value.closed or not value.seekable() or value.tell())
        except OSError:  # read with next(): no position to tell, so it may have moved
            return ("stream", object())
    seen = _public_scalars(value)  # a csv reader's line_num
    if hasattr(value, "__dict__"):
        return ("instance", _state(type(value), memo), _state(vars(value), memo), seen)
    return ("object", id(value), seen)


def _public_scalars(value: Any) -> tuple[tuple[str, Any], ...]:
    """The public attributes of plain values an object shows (``line_num``), for one whose state is hidden."""
    found = []
    for name in dir(value):
        if name.startswith("_"):
            continue
        try:
            item = getattr(value, name)
        except Exception:
            continue
        if isinstance(item, bool | int | float | str):
            found.append((name, item))
    return tuple(found)


def _frozen(value: Any) -> Any:
    """``value``, or a copy of it if it is an array: an array's state is the array itself (see
    :class:`_ArrayState`), which a statement changing it in place changes too."""
    return value.copy() if type(value) is np.ndarray and value.dtype != object else value


class _ArrayState:
    """An array as :func:`_state` compares it: equal to an equal array. Hashing a large array's bytes after
    every locale's run of every cell cost more than the cells (a 160 MB array, 20 cells: 19 s, not 4)."""

    def __init__(self, array: np.ndarray) -> None:
        self.array = array

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _ArrayState):
            return False
        mine, theirs = self.array, other.array
        if mine is theirs:
            return True
        if mine.dtype != theirs.dtype or mine.shape != theirs.shape:
            return False
        if mine.dtype.kind in "fc":
            return _same_floats(mine, theirs)
        if mine.dtype.kind in "mM":  # NaT equals NaT (its bits are one integer)
            return bool(np.array_equal(mine.view(np.int64), theirs.view(np.int64)))
        return bool(np.array_equal(mine, theirs))

    def __hash__(self) -> int:
        return hash((self.array.shape, self.array.dtype.str))


def _same_floats(mine: np.ndarray, theirs: np.ndarray) -> bool:
    """Bit for bit, save NaNs written otherwise (a cost curve that diverged): ``-0.0`` is not ``0.0`` (it
    prints otherwise), which numpy's equality, NaN-aware or not, takes it for."""
    if mine.dtype.kind == "c":
        return _same_floats(mine.real, theirs.real) and _same_floats(mine.imag, theirs.imag)
    if mine.dtype.itemsize not in (2, 4, 8):  # long double: padding bytes hold anything
        equal = np.array_equal(mine, theirs, equal_nan=True)
        return bool(equal and np.array_equal(np.signbit(mine), np.signbit(theirs)))
    bits = np.dtype(f"u{mine.dtype.itemsize}")
    differ = mine.view(bits) != theirs.view(bits)
    return not differ.any() or bool(np.isnan(mine[differ]).all() and np.isnan(theirs[differ]).all())


class _StatePickler(pickle.Pickler):
    """Pickles the code inside data (a function in a dict) by what :func:`_state` sees of it, not by name."""

    def __init__(self, file: Any, memo: dict[int, int]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.states = memo

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, types.FunctionType | types.GeneratorType | Artist | _CACHED) or (
            isinstance(obj, type) and _authors(obj.__module__)
        ):
            return str, (repr(_state(obj, self.states)),)
        if isinstance(obj, _CellStream):
            return str, (obj.name,)
        return NotImplemented


def _cell_contents(cell: Any) -> Any:
    try:
        return cell.cell_contents
    except ValueError:  # a closure variable not bound yet
        return _UNBOUND


@functools.cache
def _code_key(code: types.CodeType) -> str:
    """A code object's content, the same for the same source compiled again (each locale compiles its own)."""
    consts = tuple(_code_key(c) if isinstance(c, types.CodeType) else repr(c) for c in code.co_consts)
    content = (code.co_code, code.co_names, code.co_varnames, code.co_freevars, consts, code.co_firstlineno)
    return hashlib.sha256(repr(content).encode("utf-8", "surrogatepass")).hexdigest()


def _code_names(value: Any, depth: int = 0) -> frozenset[str]:
    """The global (and attribute) names the code in ``value`` reads: a function's, a bound method's, a class's
    methods', an instance of the examples' classes' class's, and that of the code a list, a dict or a
    ``functools.partial`` holds (``formats["short"](1)``); nothing for other data."""
    if isinstance(value, list | tuple | set | frozenset | dict | functools.partial) and depth < 3:
        items: Any = value.values() if isinstance(value, dict) else value
        if isinstance(value, functools.partial):
            items = [value.func, *value.args, *value.keywords.values()]
        return frozenset(_held_code_names(itertools.islice(items, 1000), depth))
    if isinstance(value, types.MethodType):
        value = value.__func__
    value = getattr(value, "__wrapped__", value)  # functools.cache, functools.wraps
    if isinstance(value, types.FunctionType):
        return _names_in(value.__code__)
    names: set[str] = set()
    if not isinstance(value, type):
        if depth < 3:
            # The function a library object calls (np.vectorize's pyfunc, a FuncFormatter's func), and what
            # an author's object holds (self.callbacks).
            held = [getattr(value, attribute, None) for attribute in ("func", "pyfunc")]
            if _authors(type(value).__module__):
                held += list(getattr(value, "__dict__", {}).values())
            names |= _held_code_names(held, depth)
        value = type(value)
    if not _authors(value.__module__):
        return frozenset(names)
    for item in vars(value).values():
        item = getattr(item, "__func__", item)  # staticmethod, classmethod
        if isinstance(item, property):
            item = item.fget
        if isinstance(item, types.FunctionType):
            names |= _names_in(item.__code__)
    return frozenset(names)


def _held_code_names(items: Iterable[Any], depth: int) -> set[str]:
    """The names the code among ``items`` (held one level below ``depth``) reads; plain data holds none."""
    names: set[str] = set()
    for item in items:
        if item is not None and not isinstance(item, str | bytes | int | float | np.ndarray):
            names |= _code_names(item, depth + 1)
    return names


@functools.cache
def _names_in(code: types.CodeType) -> frozenset[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names_in(const)
    return frozenset(names)


def _shared_objects(values: Any) -> list[Any]:
    """What a snapshot copy shares with the original, reachable from ``values``: functions with defaults, a
    closure or attributes, the examples' classes, generators (what cannot be copied, :func:`_copy` lists)."""
    found: list[Any] = []
    seen: set[int] = set()
    todo = list(values)
    while todo:
        value = todo.pop()
        if id(value) in seen or isinstance(value, types.ModuleType | Artist | np.ndarray | str | bytes):
            continue
        seen.add(id(value))
        if isinstance(value, types.FunctionType):
            if getattr(value, "_coursegen_runtime", False):
                continue
            if value.__defaults__ or value.__kwdefaults__ or value.__closure__ or value.__dict__:
                found.append(value)
        elif isinstance(value, type):
            if _authors(value.__module__):
                found.append(value)
        elif isinstance(value, types.GeneratorType | _CACHED):
            found.append(value)
        elif isinstance(value, dict):
            todo.extend(value.values())
        elif isinstance(value, list | tuple | set | frozenset):
            todo.extend(value)
        elif _authors(type(value).__module__):  # the author's objects; a library's keep their own state
            todo.extend(getattr(value, "__dict__", {}).values())
            todo.append(type(value))
    return found


def _describe(value: Any) -> str:
    """How an object the locales share is named in the notice that they now run apart."""
    if isinstance(value, _CACHED):
        return f"the cache of {value.__wrapped__.__qualname__}()"
    if isinstance(value, types.GeneratorType):
        return f"the generator {value.__qualname__}()"
    if isinstance(value, types.FunctionType):
        return f"the function {value.__qualname__}() (its defaults or closure)"
    if isinstance(value, type):
        return f"the class {value.__qualname__}"
    return f"an object of type {type(value).__qualname__} that cannot be copied"


def _error_line(exc: BaseException, path: str, default: int) -> int:
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if frame.filename == path]
    if frames and frames[-1].lineno:
        return frames[-1].lineno
    if isinstance(exc, SyntaxError) and exc.lineno:
        return exc.lineno
    return default


def _last_line(exc: BaseException) -> str:
    return traceback.format_exception_only(type(exc), exc)[-1].strip()
