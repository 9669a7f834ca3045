"""Plain-text transcripts: prose, or lines under timestamps as tools copy and export them (YouTube's
transcript, Whisper, Otter, Rev): times leave the text, speakers' names and chapter titles are told apart.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from coursegen.textlines import (
    BARE_TIME,
    BARE_TIMES_NEEDED,
    LEADING_TIME,
    NAME,
    TIME_LINE,
    TIME_TEXT,
    Line,
    Parsed,
    clean,
    is_bracketed,
    seconds,
    time_line_reader,
)

# A speaker's name and the time they start at, on a line above what they say, as transcription services
# export it: "Andrew Ng  0:00" (Otter), "Andrew Ng (00:23):", "Speaker 1: (00:00)" (Rev).
_SPEAKER_TIME = re.compile(
    rf"^\s*(?P<name>{NAME})[ \u00a0]*:?[ \u00a0]*"
    rf"(?:\(({TIME_TEXT})\)|(?<=\s)({TIME_TEXT}))\s*:?\s*$"
)


def _speakers(raw_lines: Sequence[str]) -> set[str]:
    """The names of the speaker-and-time lines that are speakers': names that head two turns or more, where
    they head three lines and half of those of that shape. A chapter list copied from a video's description
    ("Introduction 0:00", "Gradient descent 3:15") has the shape, but names each line once: its titles are
    text, and were lost.

    >>> sorted(_speakers(["Ana  0:00", "x", "Ben  0:05", "y", "Ana  0:09", "z", "Ana (0:12):"]))
    ['Ana']
    >>> _speakers(["Introduction 0:00", "x", "Gradient descent 3:15", "y", "Choosing a value 7:40", "z"])
    set()
    """
    names = Counter(" ".join(m.group("name").split()) for raw in raw_lines if (m := _SPEAKER_TIME.match(raw)))
    recurring = {name for name, count in names.items() if count >= 2}
    covered = sum(names[name] for name in recurring)
    return recurring if covered >= BARE_TIMES_NEEDED and covered * 2 >= sum(names.values()) else set()


def _opens_lowercase(line: str) -> bool:
    """Whether the first letter of ``line`` is a small one: a caption's second line ("it converges"), not a
    title."""
    letter = next((ch for ch in line if ch.isalpha()), "")
    return letter.islower()


def _chapter_titles(raw_lines: Sequence[str], time_line: Callable[[str], re.Match[str] | None]) -> set[int]:
    """The numbers of the lines that are chapter titles in captions copied with a time above each line
    (YouTube's transcript panel): a line of text right above a time, under a caption's one line of its own.
    Glued to the captions around them, they ended the section before. Only in a file whose captions are
    one line each, two in three at least, and none longer: there a second line under a time is no caption's.
    """
    runs: list[list[int]] = []  # the text lines under each time
    for number, raw in enumerate(raw_lines, start=1):
        if time_line(raw):
            runs.append([])
        elif raw.strip() and runs:
            runs[-1].append(number)
    if not runs or any(len(run) > 2 for run in runs) or sum(len(run) == 2 for run in runs) * 3 > len(runs):
        return set()
    titles = {run[-1] for run in runs if len(run) == 2 and not _opens_lowercase(raw_lines[run[-1] - 1])}
    said = [number for number, raw in enumerate(raw_lines, start=1) if raw.strip()]
    first, second = (raw_lines[said[n] - 1] for n in (0, 1)) if len(said) > 1 else ("", "")
    if first and not time_line(first) and time_line(second) and not _opens_lowercase(first):
        titles.add(said[0])  # the title above the first time
    return titles


def parse_txt(text: str, path: Path) -> Parsed:
    """Plain text: blank lines separate paragraphs; a bracketed line stands alone; ``[0:15]`` is a time.

    A first line that is wholly bracketed is taken for the title (and stays in the text). A line that is
    only a time gives its time to the next line; in a text timed so line by line (captions saved as text),
    blank lines end captions, not paragraphs.
    """
    raw_lines = text.split("\n")
    bare = sum(1 for raw in raw_lines if BARE_TIME.match(raw)) >= BARE_TIMES_NEEDED
    timed = sum(1 for raw in raw_lines if TIME_LINE.match(raw)) >= BARE_TIMES_NEEDED
    speakers = _speakers(raw_lines)
    time_line = time_line_reader(raw_lines)
    chapters = _chapter_titles(raw_lines, time_line) if timed else set()
    lines: list[Line] = []
    pending_break = False
    title: str | None = None
    after_standalone = False
    time: float | None = None
    for number, raw in enumerate(raw_lines, start=1):
        header = _SPEAKER_TIME.match(raw) if speakers else None
        named = False
        if header:  # a speaker's turn: a paragraph of its own, from its time on
            time = seconds(header.group(2) or header.group(3))
            pending_break = bool(lines)
            after_standalone = True
            if " ".join(header.group("name").split()) in speakers:
                continue
            raw, named = header.group("name"), True  # one turn only: a name, or a title, kept as a line
        match = time_line(raw) or LEADING_TIME.match(raw) or (BARE_TIME.match(raw) if bare else None)
        if match:
            time = seconds(match.group(1))
            raw = raw[match.end() :]
        content = clean(raw)
        if not content:
            pending_break = pending_break or (bool(lines) and not timed and not match)
            continue
        standalone = is_bracketed(content) or number in chapters or named
        pending_break = pending_break or (number in chapters and bool(lines))
        if standalone and not lines:
            title = content[1:-1].strip()
        lines.append(Line(content, number, time, pending_break, standalone or after_standalone))
        pending_break = False
        after_standalone = standalone
        time = None
    return Parsed("txt", tuple(lines), title)
