"""Alignment units: the places where a section may start in one transcript.

A unit is a sentence of the transcript, or a clause of a sentence that runs long (a transcript without sentence
punctuation, like one whose clauses are only separated by spaces, would otherwise offer too few places to cut).
Section marks can force a cut anywhere, so a mark that falls inside a sentence still starts its section exactly.
"""

from __future__ import annotations

import itertools
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from coursegen.transcripts import Transcript

log = logging.getLogger(__name__)

# A sentence longer than this share of the whole transcript is cut at its clauses.
LONG_SENTENCE = 0.025

# Clause ends: commas, colons and semicolons of any script, followed by the next clause.
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


def _clause_starts(text: str, limit: float) -> list[int]:
    """Offsets in ``text`` where a clause starts, for a sentence heavier than ``limit``.

    Clause punctuation first; a piece still too long is cut at the spaces between two wide letters (a script
    written without spaces between words, where translators separate clauses with spaces).
    """
    found = [m.end() for m in _CLAUSE.finditer(text) if 0 < m.end() < len(text)]
    bounds = [0, *found, len(text)]
    for begin, finish in itertools.pairwise(bounds):
        if _weight(text[begin:finish]) <= limit:
            continue
        found.extend(
            m.end()
            for m in _SPACE.finditer(text, begin, finish)
            if begin < m.start() and m.end() < finish and _wide(text[m.start() - 1]) and _wide(text[m.end()])
        )
    return sorted(found)


def split_units(transcript: Transcript, cuts: Iterable[int] = ()) -> tuple[Unit, ...]:
    """The units of ``transcript``, also cut at every offset in ``cuts`` (section marks).

    Units tile the text from its first to its last non-space character; whitespace between two units belongs
    to the first.
    """
    text = transcript.text
    total = max(1, _weight(text))
    starts: dict[int, bool] = {}
    for sentence in transcript.sentences:
        if not sentence.text.strip():
            continue
        lead = len(sentence.text) - len(sentence.text.lstrip())
        starts.setdefault(sentence.start + lead, True)
        if _weight(sentence.text) > LONG_SENTENCE * total:
            for offset in _clause_starts(sentence.text, LONG_SENTENCE * total):
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
