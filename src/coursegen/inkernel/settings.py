"""The process's settings a cell may change, as they were: matplotlib's (rcParams, the names of its colour
maps and sequences), NumPy's print options and floating-point error handling, the environment and the
working folder, the loggers. A locale's run of a cell that set them left them to the next locale's run of
the same cell, which drew with a font size grown again, printed with another precision, stopped on a colour
map "already registered"."""

from __future__ import annotations

import ast
import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from typing import Any

import matplotlib
import numpy as np

from .origins import _authors, _examples_file

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
