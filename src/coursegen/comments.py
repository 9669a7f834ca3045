"""The comments of a lesson's example code, as messages: found in the code, and put back translated.

The example code is shown on every locale's page and in its notebook, and its comments explain the
lecture's steps: they belong in the reader's language like the rest of the page. A block of comment lines
(consecutive, at one indentation) is one message, its lines joined by spaces; a comment after code on its
line is one message. Cell markers (``# %%``) and tools' pragmas (``# noqa``, ``# type: ...``) are not text.

A translation is text inside a comment and nothing else: it is put back on lines that each start with
``# ``, wrapped to the width of the block it replaces, with its line breaks made spaces and its control
characters shown as U+FFFD. No translation can add a line of code to a learner's notebook, and the code
runs the same in every language. An untranslated comment is left exactly as written.
"""

from __future__ import annotations

import io
import re
import tokenize
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from coursegen.markup import visible

MIN_WIDTH = 40
NOT_TEXT = re.compile(r"^(%%|noqa\b|type:|pragma\b|fmt:|pylint:|isort:|ruff:|mypy:)")
# Closing punctuation of Chinese, Japanese and Korean text: never at the start of a wrapped line.
CLOSING = frozenset("，。、；：！？）」』】〉》〕,.;:!?)")


@dataclass(frozen=True)
class Comment:
    """A comment of the code: ``first``/``last`` are its 1-based lines, ``column`` where its ``#`` is,
    ``text`` the message (its lines joined), ``width`` the length of its longest line."""

    first: int
    last: int
    column: int
    text: str
    inline: bool
    width: int


def find_comments(code: str) -> list[Comment]:
    """The comments of ``code`` that are text, in order; none when the code does not tokenize."""
    lines = code.splitlines()
    found: list[Comment] = []
    try:
        tokens = [
            t for t in tokenize.generate_tokens(io.StringIO(code).readline) if t.type == tokenize.COMMENT
        ]
    except (tokenize.TokenError, SyntaxError):
        return []
    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        row, column = token.start
        text = token.string[1:].strip()
        if not text or NOT_TEXT.match(text):
            continue
        inline = bool(lines[row - 1][:column].strip())
        previous = found[-1] if found else None
        if (
            previous is not None
            and not inline
            and not previous.inline
            and previous.last == row - 1
            and previous.column == column
        ):
            found[-1] = Comment(
                previous.first,
                row,
                column,
                f"{previous.text} {text}",
                False,
                max(previous.width, len(lines[row - 1].rstrip())),
            )
        else:
            found.append(Comment(row, row, column, text, inline, len(lines[row - 1].rstrip())))
    return found


def comment_messages(code: str) -> list[str]:
    """The messages of the comments of ``code``, in order, each once."""
    return list(dict.fromkeys(comment.text for comment in find_comments(code)))


def translate_comments(
    code: str, translate: Callable[[str], str | None], comments: Sequence[Comment] | None = None
) -> str:
    """``code`` with each comment that ``translate`` gives a different text for replaced by that text.

    ``translate`` returns the translation of a message, or None (or the message itself) to keep it;
    ``comments`` are those :func:`find_comments` gives for ``code``, when they are known already.
    """
    lines = code.splitlines(keepends=True)
    for comment in reversed(find_comments(code) if comments is None else comments):
        translation = translate(comment.text)
        if not translation or translation == comment.text:
            continue
        text = _one_line(translation)
        last = lines[comment.last - 1]
        ending = last[len(last.rstrip("\r\n")) :]
        if comment.inline:
            lines[comment.first - 1] = lines[comment.first - 1][: comment.column] + f"# {text}{ending}"
            continue
        indent = lines[comment.first - 1][: comment.column]
        width = max(comment.width - comment.column - 2, MIN_WIDTH)
        new = [f"{indent}# {part}\n" for part in wrap(text, width)]
        new[-1] = new[-1][:-1] + ending
        lines[comment.first - 1 : comment.last] = new
    return "".join(lines)


def _one_line(text: str) -> str:
    """``text`` on one line: control characters shown as U+FFFD, every run of whitespace one space."""
    return " ".join(visible(" ".join(text.split())).split()) or "\ufffd"


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced font: wide (CJK) characters take two."""
    return sum(2 if _is_wide(char) else 1 for char in text)


def _units(text: str) -> Iterator[tuple[str, bool]]:
    """The pieces a line may break between, each with whether a space comes before it: words, and each
    Chinese or Japanese character on its own (those languages put no spaces between words; Korean does,
    so its syllables stay in their words); closing punctuation stays with what it closes."""
    for number, word in enumerate(text.split(" ")):
        units: list[str] = []
        for char in word:
            if units and (char in CLOSING or not (_breaks(char) or _breaks(units[-1][-1]))):
                units[-1] += char
            else:
                units.append(char)
        for index, unit in enumerate(units):
            yield unit, number > 0 and index == 0


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _breaks(char: str) -> bool:
    """Whether a line may break on either side of ``char``: a wide character that is not Hangul."""
    return _is_wide(char) and not unicodedata.name(char, "").startswith("HANGUL")


def wrap(text: str, width: int) -> list[str]:
    """``text`` (one line) cut into lines of at most ``width`` columns where it can be: between words, and
    between wide characters; a word longer than the width gets a line of its own.

    >>> wrap("equal rows give equal rows", 12)
    ['equal rows', 'give equal', 'rows']
    >>> wrap("相同的列，更新後仍相同。", 10)
    ['相同的列，', '更新後仍相', '同。']
    """
    lines: list[str] = []
    line = ""
    for piece, spaced in _units(text):
        joined = f"{line} {piece}" if line and spaced else line + piece
        if line and display_width(joined) > width:
            lines.append(line)
            line = piece
        else:
            line = joined
    lines.append(line)
    return lines
