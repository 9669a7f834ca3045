"""The one exception hierarchy of coursegen.

Library code only raises; the CLI turns these into ``error: FILE:LINE: reason`` lines and the MkDocs plugin
into ``PluginError``. Every error says which file (and, where there is one, which 1-based line) is at fault,
because the people who read them are translators and course authors fixing their own files.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path


class CoursegenError(Exception):
    """An error in the user's input, reported as one line naming the file and line.

    >>> str(CoursegenError("unterminated string", path="locales/fr/LC_MESSAGES/messages.po", line=12))
    'locales/fr/LC_MESSAGES/messages.po:12: unterminated string'
    >>> str(CoursegenError("no such lesson 'x'"))
    "no such lesson 'x'"
    """

    def __init__(
        self,
        reason: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        each: Sequence[CoursegenError] = (),
    ) -> None:
        self.reason = reason
        self.path = Path(path) if path is not None else None
        self.line = line
        self._gathered = tuple(each)
        super().__init__(self.__str__())

    @property
    def each(self) -> tuple[CoursegenError, ...]:
        """The errors this one stands for (see :func:`gather`): ``check`` lists them one per line."""
        return self._gathered or (self,)

    @property
    def where(self) -> str:
        """``FILE:LINE``, ``FILE`` or nothing: the place to fix."""
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line is not None else str(self.path)

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}" if self.where else self.reason


class TranscriptError(CoursegenError):
    """A transcript cannot be read: missing, empty, binary or undecodable."""


class LessonError(CoursegenError):
    """A lesson's data (outline, examples) is missing or malformed, or an unknown lesson is named."""


class LocaleError(CoursegenError):
    """A locale code cannot be parsed by Babel, is unknown, or already exists."""


class CatalogError(CoursegenError):
    """A gettext catalog is malformed or inconsistent with its template."""


class AlignmentError(CoursegenError):
    """Transcripts cannot be aligned with a lesson outline."""


class ExampleError(CoursegenError):
    """A lesson's example code failed to run."""


class MissingGlyphs(ExampleError):
    """No installed font draws ``characters`` (plots stop on it); whoever knows which text holds them names
    the place."""

    def __init__(
        self, reason: str, *, characters: str, path: str | Path | None = None, line: int | None = None
    ) -> None:
        super().__init__(reason, path=path, line=line)
        self.characters = characters


def gather(errors: Sequence[CoursegenError]) -> CoursegenError:
    """One error for several: the first, naming where the others are, so that a build that stops at one
    says how many more there are to fix (a reordered outline made every pin of every locale wrong, and each
    save told of one). Its ``each`` holds them all.

    >>> str(gather([CoursegenError("a", path="x", line=1), CoursegenError("b", path="y", line=2)]))
    'x:1: a (and 1 more: y:2)'
    """
    first = errors[0]
    # "line 10" for another place of the same file, the whole place otherwise.
    others = [
        f"line {error.line}"
        if error.path == first.path and error.line is not None
        else error.where or str(error)
        for error in errors[1:]
    ]
    if not others:
        return first
    also = f" (and {len(others)} more: {', '.join(others)})"
    # An error of a kind that carries more than its place (an out-of-order pin: the two sections) gathers
    # as its plainer kind; the errors themselves stay in ``each``.
    kind = getattr(type(first), "gathered_as", type(first))
    return kind(first.reason + also, path=first.path, line=first.line, each=errors)


def one_line(exc: BaseException) -> str:
    """The message of ``exc`` on one line, whatever a library put into it: the CLI and the MkDocs plugin
    report one error as one line.

    >>> one_line(ValueError("bad\\n  thing"))
    'bad thing'
    """
    return printable(" ".join(str(exc).split()))


# Control characters that are not whitespace (str.split takes those): C0, DEL and C1.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


def printable(text: str, controls: re.Pattern[str] = _CONTROLS) -> str:
    r"""``text`` with its ``controls`` written out (``\x1b``): a quote from a translator's file, printed
    as it is, could clear the terminal, retitle it or hide the rest of the line.

    >>> printable("Vous\x1b[2J\x07 voyez")
    'Vous\\x1b[2J\\x07 voyez'
    """
    return controls.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def shortened(text: str, width: int) -> str:
    """``text`` as a message quotes it: its first ``width`` characters, the last an ellipsis where it is
    longer (a 10,000-word quote made an error line of 30 KB).

    >>> shortened("la " * 40, 12)
    'la la la la…'
    """
    return text if len(text) <= width else text[: width - 1] + "…"


# In a log line, every control character but tab and line feed: a carriage return rewrites the line.
_LOG_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class PrintableLog(logging.Filter):
    """Writes out the control characters of every message a handler prints (see :func:`printable`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # arguments that do not fit: logging reports that itself
            return True
        shown = printable(message, _LOG_CONTROLS)
        if shown != message:
            record.msg, record.args = shown, None
        return True
