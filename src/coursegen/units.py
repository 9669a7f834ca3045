"""Alignment units: the places where a section may start in one transcript.

A unit is a sentence of the transcript, or a clause of a sentence that runs long (a transcript without
sentence punctuation, like one whose clauses are only separated by spaces, would otherwise offer too few
places to cut). Section marks can force a cut anywhere, so a mark that falls inside a sentence still starts
its section exactly.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from coursegen.transcripts import Transcript

log = logging.getLogger(__name__)

# A sentence longer than this share of the whole transcript is cut at its clauses.
LONG_SENTENCE = 0.025
# Mean length of the space-separated runs of wide letters from which spaces are taken as clause breaks: words
# of a spaced wide script (Hangul) are shorter, clauses of an unspaced one (Han) longer.
UNSPACED_RUN = 5.0

# Clause ends: commas, colons and semicolons of any script, followed by the next clause (not a decimal).
_CLAUSE = re.compile(r"(?<=[,;:\u060c\u061b\u3001\uff0c\uff1a\uff1b])(?!\d)\s*(?=\S)")
_SPACE = re.compile(r"\s+(?=\S)")


@dataclass(frozen=True)
class Unit:
    """A span of a transcript's text where a section may start; ``sentence`` is True at a sentence start."""

    start: int
    end: int
    weight: int
    sentence: bool


def _weight(text: str) -> int:
    """Length without whitespace: line breaks and spacing habits say nothing about content."""
    return sum(1 for c in text if not c.isspace())


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F") and char.isalpha()


def _clause_starts(text: str) -> list[int]:
    """Offsets in ``text`` where a clause starts after a comma, colon or semicolon, or where a sentence seems
    to start without the previous one ending in punctuation (a capital right after a lower-case word)."""
    found = [m.end() for m in _CLAUSE.finditer(text) if 0 < m.end() < len(text)]
    found.extend(
        m.end()
        for m in _SPACE.finditer(text)
        if m.start() > 0
        and m.end() + 1 < len(text)
        and text[m.start() - 1].islower()
        and text[m.end()].isupper()
        and text[m.end() + 1].islower()
    )
    return sorted(found)


def _spaced_clauses(text: str) -> list[int]:
    """Offsets where a clause starts after a space between two wide letters."""
    return [
        m.end()
        for m in _SPACE.finditer(text)
        if m.start() > 0 and m.end() < len(text) and _wide(text[m.start() - 1]) and _wide(text[m.end()])
    ]


def is_unspaced(text: str) -> bool:
    """True for a transcript in a script written without spaces between words (its spaces end clauses).

    Told from the text alone: runs of wide letters between spaces are long (whole clauses), not words.
    """
    runs = [run for run in text.split() if run and all(_wide(c) for c in run)]
    return bool(runs) and sum(map(len, runs)) / len(runs) >= UNSPACED_RUN


def split_units(transcript: Transcript, cuts: Iterable[int] = ()) -> tuple[Unit, ...]:
    """The units of ``transcript``, also cut at every offset in ``cuts`` (section marks).

    Units tile the text from its first to its last non-space character; whitespace between two units belongs
    to the first.
    """
    text = transcript.text
    total = max(1, _weight(text))
    starts: dict[int, bool] = {}
    unspaced = is_unspaced(text)
    for sentence in transcript.sentences:
        if not sentence.text.strip():
            continue
        lead = len(sentence.text) - len(sentence.text.lstrip())
        starts.setdefault(sentence.start + lead, True)
        if unspaced:
            for offset in _spaced_clauses(sentence.text):
                starts.setdefault(sentence.start + offset, True)
        if _weight(sentence.text) > LONG_SENTENCE * total:
            for offset in _clause_starts(sentence.text):
                starts.setdefault(sentence.start + offset, False)
    for cut in cuts:
        if 0 <= cut < len(text):
            starts.setdefault(cut, True)
    first = len(text) - len(text.lstrip())
    starts = {s: flag for s, flag in starts.items() if s >= first and not text[s].isspace()}
    starts.setdefault(first, True)
    ordered = sorted(starts)
    units: list[Unit] = []
    for index, begin in enumerate(ordered):
        finish = ordered[index + 1] if index + 1 < len(ordered) else len(text)
        units.append(Unit(begin, finish, _weight(text[begin:finish]), starts[begin]))
    if not text.strip():
        return ()
    return tuple(units)
