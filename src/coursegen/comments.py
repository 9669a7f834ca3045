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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from coursegen.markup import is_wide, visible

MIN_WIDTH = 40
NOT_TEXT = re.compile(r"^(%%|noqa\b|type:|pragma\b|fmt:|pylint:|isort:|ruff:|mypy:)")
# Closing punctuation of Chinese, Japanese and Korean text: never at the start of a wrapped line.
CLOSING = frozenset("，。、；：！？）」』】〉》〕］｝,.;:!?)")
# What Japanese never starts a line with either (kinsoku): small kana, the long vowel and iteration marks.
NOT_STARTING = frozenset(
    "ァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿーゝゞヽヾ々〻"
)
# Opening brackets of Chinese and Japanese text: never at the end of a line.
OPENING = frozenset("（「『【〈《〔［｛")
# Punctuation French (and others) sets apart with a space, which must not start or end a line alone.
SPACED_CLOSING = frozenset("»›")
SPACED_OPENING = frozenset("«‹¿¡")


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
    lines = source_lines(code)
    found: list[Comment] = []
    try:
        tokens = [
            t for t in tokenize.generate_tokens(io.StringIO(code).readline) if t.type == tokenize.COMMENT
        ]
    except (tokenize.TokenError, SyntaxError):
        return []
    for token in tokens:
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


def without_comments(text: str) -> str:
    """``text`` with its comments blanked out, but the cell markers (``# %%``), and every line kept where it
    is (as the tokenizer counts them: :func:`source_lines`): what the examples compute, for the key of their
    cached results. Fixing a typo in a comment re-ran every language's examples. Text that does not
    tokenize is returned as it is.

    Spaces at the end of a line (outside a string) and blank lines at the end of the file go too: editors
    add and remove them on save, and each re-ran the examples.

    >>> without_comments("# %% example='a'\\nx = 1  # one\\n# why\\ny = '# kept'  \\n\\n\\n")
    "# %% example='a'\\nx = 1\\n\\ny = '# kept'\\n"
    >>> without_comments("s = \'\'\'a  \\nb\'\'\'  \\n")
    "s = \'\'\'a  \\nb\'\'\'\\n"
    """
    lines = source_lines(text)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return text
    for token in reversed(tokens):
        if token.type == tokenize.COMMENT and not token.string.replace(" ", "").startswith("#%%"):
            row, start = token.start
            line = lines[row - 1]
            lines[row - 1] = line[:start] + line[token.end[1] :]
    # Rows a logical or blank line ends on: there, what precedes the line break is no string's text.
    ends = {token.start[0] for token in tokens if token.type in (tokenize.NEWLINE, tokenize.NL)}
    for row in ends:
        if row <= len(lines):
            line = lines[row - 1]
            body = line.rstrip("\r\n")
            lines[row - 1] = body.rstrip(" \t\f") + line[len(body) :]
    while lines and not lines[-1].strip():
        lines.pop()
    return "".join(lines)


def source_lines(code: str) -> list[str]:
    """The lines of ``code`` as the tokenizer counts them (``str.splitlines`` also cuts at form feeds and
    other separators that Python reads as whitespace), each with its line ending."""
    return io.StringIO(code).readlines()


def translations(
    comments: Sequence[Comment], translate: Callable[[str], str | None]
) -> tuple[tuple[Comment, str], ...]:
    """Each comment that ``translate`` gives another text for, with that text; ``translate`` returns the
    translation of a message, or None (or the message itself) to keep it."""
    found = ((comment, translate(comment.text)) for comment in comments)
    return tuple((comment, text) for comment, text in found if text and text != comment.text)


def rewritten(comment: Comment, translation: str) -> list[str]:
    """The comment lines that take the place of ``comment``: for a comment after code, its new ``# ...``;
    for a block, one ``# ...`` per line, wrapped to the block's width (to be indented as the block was)."""
    text = _one_line(translation)
    if comment.inline:
        return [f"# {text}"]
    return [f"# {part}" for part in balanced(text, max(comment.width - comment.column - 2, MIN_WIDTH))]


def translate_comments(
    code: str, translate: Callable[[str], str | None], comments: Sequence[Comment] | None = None
) -> str:
    """``code`` with each comment that ``translate`` gives a different text for replaced by that text
    (see :func:`translations`); ``comments`` are those :func:`find_comments` gives for ``code``, when they
    are known already."""
    lines = source_lines(code)
    for comment, translation in reversed(
        translations(find_comments(code) if comments is None else comments, translate)
    ):
        new = rewritten(comment, translation)
        last = lines[comment.last - 1]
        ending = last[len(last.rstrip("\r\n")) :]
        prefix = lines[comment.first - 1][: comment.column]
        if comment.inline:
            lines[comment.first - 1] = prefix + new[0] + ending
        else:
            lines[comment.first - 1 : comment.last] = [prefix + part + "\n" for part in new[:-1]] + [
                prefix + new[-1] + ending
            ]
    return "".join(lines)


def _one_line(text: str) -> str:
    """``text`` on one line: control characters shown as U+FFFD, every run of whitespace one space."""
    return " ".join(visible(" ".join(text.split())).split()) or "\ufffd"


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced font: wide (CJK) characters take two."""
    return sum(2 if is_wide(char) else 1 for char in text)


def _units(text: str) -> Iterator[tuple[str, bool]]:
    """The pieces a line may break between, each with whether a space comes before it: words, and each
    Chinese or Japanese character on its own (those languages put no spaces between words; Korean does,
    so its syllables stay in their words); closing punctuation stays with what it closes, even across the
    space French puts before it ("départ :", "« mot »"), and opening punctuation with what it opens; a
    small kana or a long vowel mark with the character before it."""
    pieces: list[list[str]] = []
    for word in text.split(" "):
        if not word:  # between two spaces
            continue
        units: list[str] = []
        for char in word:
            glued = char in CLOSING or char in NOT_STARTING
            if units and (glued or units[-1][-1] in OPENING or not (_breaks(char) or _breaks(units[-1][-1]))):
                units[-1] += char
            else:
                units.append(char)
        if pieces and set(word) <= CLOSING | SPACED_CLOSING:
            pieces[-1][-1] += " " + word
        elif pieces and len(pieces[-1]) == 1 and set(pieces[-1][0]) - {" "} <= SPACED_OPENING and units:
            units[0] = pieces.pop()[0] + " " + units[0]
            pieces.append(units)
        else:
            pieces.append(units)
    for number, units in enumerate(pieces):
        for index, unit in enumerate(units):
            yield unit, number > 0 and index == 0


# Hangul Jamo, Compatibility Jamo, Jamo Extended-A, Syllables and Jamo Extended-B.
_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF))


def _breaks(char: str) -> bool:
    """Whether a line may break on either side of ``char``: a wide character that is not Hangul."""
    return is_wide(char) and not any(low <= ord(char) <= high for low, high in _HANGUL)


def balanced(text: str, width: int) -> list[str]:
    """``text`` in as many lines as :func:`wrap` gives it at ``width``, made as even as they can be: the
    narrowest width that needs no more lines. A translation wrapped greedily to the English block's width
    often ended on a line of one word ("# sıfır.").

    >>> text = "weights and biases start at zero here"
    >>> wrap(text, 30), balanced(text, 30)
    (['weights and biases start at', 'zero here'], ['weights and biases', 'start at zero here'])
    """
    # Cut and measured once: the search below wraps the same pieces at a dozen widths, for every comment of
    # every locale's page and notebook.
    pieces = _pieces(text)
    lines = _wrapped(pieces, width)
    if len(lines) < 2:
        return [line for line, _used in lines]
    low, high = 1, max(used for _line, used in lines)
    while low < high:
        middle = (low + high) // 2
        if len(_wrapped(pieces, middle)) <= len(lines):
            high = middle
        else:
            low = middle + 1
    return [line for line, _used in _wrapped(pieces, high)]


def wrap(text: str, width: int) -> list[str]:
    """``text`` (one line) cut into lines of at most ``width`` columns where it can be: between words, and
    between wide characters; a word longer than the width gets a line of its own.

    >>> wrap("equal rows give equal rows", 12)
    ['equal rows', 'give equal', 'rows']
    >>> wrap("相同的列，更新後仍相同。", 10)
    ['相同的列，', '更新後仍相', '同。']
    """
    return [line for line, _used in _wrapped(_pieces(text), width)]


def _pieces(text: str) -> list[tuple[str, bool, int]]:
    """The units of :func:`_units`, each with its display width."""
    return [(piece, spaced, display_width(piece)) for piece, spaced in _units(text)]


def _wrapped(pieces: Sequence[tuple[str, bool, int]], width: int) -> list[tuple[str, int]]:
    """The lines :func:`wrap` makes of ``pieces``, each with the columns it takes."""
    lines: list[tuple[str, int]] = []
    line, used = "", 0
    for piece, spaced, size in pieces:
        gap = 1 if line and spaced else 0
        if line and used + gap + size > width:
            lines.append((line, used))
            line, used = piece, size
        else:
            line, used = line + " " * gap + piece, used + gap + size
    lines.append((line, used))
    return lines
