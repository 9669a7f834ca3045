"""The lines every transcript format reduces to, and the text rules the formats share: timestamps, spaces,
character references, bracketed lines, speakers' names.

Each format (see :mod:`coursegen.formats`) reduces to the same thing, a sequence of ``Line`` s of content in
source order, so that joining lines and cutting sentences (in ``transcripts`` and ``sentences``) never know
where the text came from.
"""

from __future__ import annotations

import html
import html.entities
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# A clock time as cues and timestamps write it: "01:02:03,500", "1:05.2", "0:15".
CLOCK = r"(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
# A timestamp opening a line, bracketed and optionally bold: "**[0:15]**", "[01:02:03]", "(0:15)".
# Also a range, as Whisper prints ("[00:00.000 --> 00:05.000]"), and a link to that moment of the video, as
# transcript tools write ("[0:15](https://youtu.be/...?t=15)").
TIME_TEXT = r"(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d+)?"
# The spaces that open a line are taken whole (``\s*+``): with two ``\s*`` on either side of an optional mark,
# a line that opened with 20,000 spaces was tried every way of sharing them out, 40 s for a 27 KB transcript.
LEADING_TIME = re.compile(
    rf"^\s*+(?:\*\*|__)?\s*+[\[(]\s*({TIME_TEXT})(?:\s*-->\s*{TIME_TEXT})?\s*[\])](?:\([^()\s]*\))?"
    r"\s*(?:\*\*|__)?\s*"
)
# A line that is only a time or a time range: YouTube's transcript copied from the page ("0:03" above each
# line), SubViewer's "0:00:01.000,0:00:04.000", SubRip cues without their numbers.
TIME_LINE = re.compile(
    rf"^\s*+(?:\*\*|__)?[\[(]?\s*+({TIME_TEXT})(?:\s*(?:-->|,|-|–)\s*{TIME_TEXT})?\s*+[\])]?(?:\*\*|__)?\s*+$"
)
# The same without brackets or bold: a time only where several lines are so ("4:30" alone on a line of an
# untimed text is the text's own, a time of day or a ratio).
BARE_TIME_LINE = re.compile(rf"^\s*{TIME_TEXT}(?:\s*(?:-->|,|-|–)\s*{TIME_TEXT})?\s*$")
# A time opening a line without brackets ("00:00:06 Lorsque..."): a time only where several lines open so.
BARE_TIME = re.compile(rf"^\s*({TIME_TEXT})\s+(?=\S)")
BARE_TIMES_NEEDED = 3
BOLD_TIME = re.compile(rf"^\s*(?:\*\*|__)({TIME_TEXT})(?:\*\*|__)\s*")
_BRACKETED_LINE = re.compile(r"^\s*(\([^()]*\)|\[[^\[\]]*\])\s*$")


# A speaker's name, as tools write it: one to four words, the first a letter's ("Andrew Ng", "Speaker 1").
NAME = r"[^\W\d_][\w.'’-]*(?:[ \u00a0][\w.'’-]+){0,3}"


@dataclass(frozen=True)
class Line:
    """One line of content, syntax removed.

    ``time`` is the start time (seconds) of the cue or timestamp that opens at this line;
    ``paragraph_break`` says a paragraph ends before it; ``sentence_break`` that no sentence runs across
    the line's start (after a heading, cue-less note or title line, for instance).
    """

    text: str
    number: int
    time: float | None = None
    paragraph_break: bool = False
    sentence_break: bool = False


@dataclass(frozen=True)
class Parsed:
    """A file's content lines, the format they were read as, and a title if the file names one."""

    format: str
    lines: tuple[Line, ...]
    title: str | None = None


def seconds(clock: str) -> float:
    """Seconds of a ``[h:]m:s[.fff]`` clock, with a comma or point before the fraction.

    >>> seconds("01:02:03,500")
    3723.5
    >>> seconds("0:15")
    15.0
    """
    parts = clock.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


# Spaces that only spacing habits put there, collapsed to one; no-break spaces are text, and stay: the one a
# French translator puts before "?" or inside "10 000" keeps the mark on its line and the number whole.
_LOOSE_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f\u3000]+")


def single_line(text: str) -> str:
    r"""``text`` on one line: runs of spaces, tabs and line breaks made one space, none at the ends; the
    pages write translated headings and guide paragraphs so too.

    >>> single_line(" La solution\u00a0:\n  de petits poids\u202f!  ")
    'La solution\xa0: de petits poids\u202f!'
    """
    return _LOOSE_SPACE.sub(" ", text).strip(" ")


def clean(line: str) -> str:
    """``line`` with its runs of spaces, tabs and the like made one space, and none at its ends.

    >>> clean("  Pourquoi\u202f?\t 10\u00a0000  ")
    'Pourquoi\u202f? 10\u00a0000'
    """
    return single_line(line) if not line.isspace() else ""


# A character reference with its semicolon, as WebVTT and CommonMark read one: "&notation" and "R&D" are text.
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")


def unescape(text: str) -> str:
    """Character references decoded: numeric ones, and HTML's names (WebVTT's ``&lrm;`` among them).

    Not ``html.unescape``, which also decodes HTML's legacy names without their semicolon: "&notation" was
    "¬ation".

    >>> unescape("R&D, &notation, &amp; &lrm;&#233;&eacute &unknown;")
    'R&D, &notation, & \u200eé&eacute &unknown;'
    """

    def decode(match: re.Match[str]) -> str:
        reference = match.group(0)
        known = reference[1] == "#" or reference[1:] in html.entities.html5
        return html.unescape(reference) if known else reference

    return _REFERENCE.sub(decode, text)


def is_bracketed(line: str) -> bool:
    """Whether a whole line is one parenthesised or bracketed group: a title, a note, "[music]".

    >>> is_bracketed("(Bir Gizli Katmanlı Neural Ağ - Rastgele Başlatma)")
    True
    >>> is_bracketed("(2,2) then more")
    False
    """
    return _BRACKETED_LINE.match(line) is not None


def time_line_reader(raw_lines: Sequence[str]) -> Callable[[str], re.Match[str] | None]:
    """What matches a line that is only a time: bracketed or bold always; bare only in a file with several
    such lines (timed line by line), or "The lecture starts at / 4:30 / ..." lost its "4:30".

    >>> [bool(time_line_reader(["a", "4:30", "b"])(line)) for line in ("4:30", "[4:30]", "**4:30**")]
    [False, True, True]
    >>> bool(time_line_reader(["0:01", "a", "0:05", "b", "0:09", "c"])("0:05"))
    True
    """
    bare = sum(1 for raw in raw_lines if BARE_TIME_LINE.match(raw)) >= BARE_TIMES_NEEDED
    # A time opening the file is one whatever follows: no text starts with its own "0:00".
    opening = next((raw.strip() for raw in raw_lines if raw.strip()), "")

    def match(line: str) -> re.Match[str] | None:
        found = TIME_LINE.match(line)
        return (
            found if found and (bare or line.strip() == opening or not BARE_TIME_LINE.match(line)) else None
        )

    return match


def atx_heading(line: str, indent: int = 3) -> tuple[str, str] | None:
    """A Markdown heading line's hashes and text, as ``^\\s{0,indent}(#{1,6})\\s+(.*?)(?:\\s+#+)?\\s*$`` reads
    it ("## Title ##" is ``("##", "Title")``), or None; in time linear in the line, where that pattern tried
    each place of a long run of spaces in the title (10 s for "# a", 20,000 spaces and a word).

    >>> atx_heading("## Poids  ##  "), atx_heading("# ##"), atx_heading("#a"), atx_heading("    # a")
    (('##', 'Poids'), ('#', '##'), None, None)
    """
    if "\n" in line:  # where "." stops and "$" matches before the end: as the pattern reads it
        found = re.match(rf"^\s{{0,{indent}}}(#{{1,6}})\s+(.*?)(?:\s+#+)?\s*$", line)
        return (found.group(1), found.group(2)) if found else None
    start = len(line) - len(line.lstrip())
    hashes = len(line) - start - len(line[start:].lstrip("#"))
    after = line[start + hashes :]
    if start > indent or not 1 <= hashes <= 6 or not after[:1].isspace():
        return None
    text = after.strip()
    closed = text.rstrip("#")
    if closed != text and closed[-1:].isspace():  # a closing sequence: spaces, then hashes
        text = closed.rstrip()
    return line[start : start + hashes], text
