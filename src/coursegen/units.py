"""Alignment units: the places where a section may start in one transcript.

A unit is a sentence of the transcript, or a clause of a sentence that runs long (a transcript without
sentence punctuation, like one whose clauses are only separated by spaces, would otherwise offer too few
places to cut). Section marks can force a cut anywhere, so a mark that falls inside a sentence still starts
its section exactly.
"""

from __future__ import annotations

import functools
import logging
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import icu

from coursegen.sentences import bars_as_dandas
from coursegen.transcripts import Transcript

log = logging.getLogger(__name__)

# A sentence longer than this share of the whole transcript, or than this many times the median sentence, is
# cut at its clauses: it is often two sentences whose full stop the translator left out. Only the second
# makes a word ending as sentences end a place to cut (see _clause_starts).
LONG_SENTENCE = 0.025
LONG_MEDIAN = 1.6
# A letter ends sentences on its own (a verb ending of a verb-final language) when at least this share of the
# words ending in it, and at least FINAL_COUNT of them, end a sentence.
FINAL_SHARE = 0.15
# A comma clause starting within this share of the median sentence from its sentence's start is not a unit.
OPENING = 0.4
FINAL_COUNT = 2
# Mean length of the space-separated runs of wide letters from which spaces are taken as clause breaks: words
# of a spaced wide script (Hangul) are shorter, clauses of an unspaced one (Han) longer.
UNSPACED_RUN = 5.0
# A transcript of a spaced script with fewer sentence stops than one per this many words is unpunctuated, as
# speech recognition writes it: its "sentences" are only where cue lines happened to end.
UNPUNCTUATED_WORDS = 40
# A capital after a lower-case word is taken for a sentence start only in a transcript where fewer than this
# share of the words after a lower-case word are capitalized: more than sentence starts could explain means
# the language capitalizes words inside sentences (German nouns, the polite "Sie").
INNER_CAPITALS = 0.12

# Clause ends: commas, colons and semicolons of any script, followed by the next clause (not a decimal).
# (Myanmar's little section ၊ too: Unicode counts it a sentence terminal, Burmese writes it as a comma.)
_CLAUSE_MARKS = ",;:\u060c\u061b\u3001\uff0c\uff1a\uff1b\u104a"
_CLAUSE = re.compile(rf"(?<=[{_CLAUSE_MARKS}])(?!\d)\s*(?=\S)")
_SPACE = re.compile(r"\s+(?=\S)")
# A word's last letter and the marks after it; a danda may stand apart after a space ("है ।"), as typed.
_WORD_END = re.compile(r"(\w)((?:[ \t]+(?=[\u0964\u0965]))?[^\w\s]*)(?=\s|$)")
# Sentence stops of every script, as Unicode lists them (Sentence_Terminal): a list of the scripts tried
# so far left Armenian, Ethiopic and Myanmar transcripts "unpunctuated", their sections cut in mid-sentence.
_STOPS = frozenset(str(char) for char in icu.UnicodeSet("[[:Sentence_Terminal:]]")) - set(_CLAUSE_MARKS)


@dataclass(frozen=True)
class Unit:
    """A span of a transcript's text where a section may start; ``sentence`` is True at a sentence start,
    ``after_comma`` at a clause that follows a comma inside a punctuated sentence (rarely a section start)."""

    start: int
    end: int
    weight: int
    sentence: bool
    after_comma: bool = False


def _weight(text: str) -> int:
    """Length without whitespace: line breaks and spacing habits say nothing about content."""
    return sum(1 for c in text if not c.isspace())


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F") and char.isalpha()


def _clause_starts(
    text: str,
    finals: frozenset[str],
    long: bool,
    lead: float,
    capitals: bool = True,
    run_on: bool | None = None,
) -> dict[int, bool]:
    """Offsets in ``text`` where a sentence seems to start without the previous one ending in punctuation (a
    capital right after a lower-case word), in a ``long`` sentence where a clause starts after a comma, colon
    or semicolon, and in a ``run_on`` one (by default: ``long``) where a word follows one ending in a letter
    that ends sentences here (``finals``). A clause after a comma within ``lead`` letters of the sentence
    start is an opening phrase ("And then,"), and one after a comma or a final letter within ``lead`` letters
    of its end a closing one: neither is a place where a section could start. ``capitals`` False drops the
    capital rule. Each offset maps to whether a comma (colon, semicolon) precedes it.

    A final letter is a guess at a missing full stop, which only a sentence well over the usual length
    (:data:`LONG_MEDIAN` times the median) suggests: in a short transcript every sentence was long (a
    fortieth of the text), and Turkish ones were cut after "bir" and "biraz", their first words left at the
    end of the section before.
    """
    found: dict[int, bool] = {}
    run_on = long if run_on is None else run_on
    for m in _SPACE.finditer(text):
        if m.start() == 0 or m.end() + 1 >= len(text):
            continue
        before, after = text[m.start() - 1], text[m.end()]
        capital = capitals and before.islower() and after.isupper() and text[m.end() + 1].islower()
        # Not in a closing phrase: a Turkish plural in -r read as a verb ending started a section at the
        # last word of its sentence ("... olan değerler | denenir.").
        final = run_on and before in finals and after.isalpha() and _weight(text[m.end() :]) >= lead
        if capital or final:
            found[m.end()] = False
    if long:
        found.update(
            (m.end(), True)
            for m in _CLAUSE.finditer(text)
            if _weight(text[: m.end()]) >= lead and _weight(text[m.end() :]) >= lead
        )
    return found


def capitals_start_sentences(text: str) -> bool:
    """Whether a capitalized word after a lower-case one is rare enough in ``text`` to mean a sentence start.

    >>> capitals_start_sentences("Hier haben Sie zwei Eingabemerkmale und eine Matrix")
    False
    >>> capitals_start_sentences("you have two inputs so the matrix is two by two And then we go on")
    True
    """
    after_lower = capitals = 0
    for m in _SPACE.finditer(text):
        if m.start() == 0 or not text[m.start() - 1].islower() or m.end() + 1 >= len(text):
            continue
        after_lower += 1
        capitals += text[m.end()].isupper() and text[m.end() + 1].islower()
    return capitals <= INNER_CAPITALS * after_lower


@functools.lru_cache(maxsize=16)
def _word_ends(text: str) -> tuple[tuple[str, bool], ...]:
    """Each word's last letter, and whether a sentence stop follows it (bars typed for dandas read as
    dandas): read once per transcript for both :func:`sentence_finals` and :func:`is_unpunctuated`."""
    return tuple(
        (m.group(1), any(c in _STOPS for c in m.group(2))) for m in _WORD_END.finditer(bars_as_dandas(text))
    )


def sentence_finals(transcript: Transcript) -> frozenset[str]:
    """The letters that end a sentence on their own in ``transcript``, learned from its punctuated sentences.

    A transcript of a verb-final language ends most sentences with a few verb endings; where a full stop is
    missing, such an ending followed by more words is a likely sentence break. Letters that end many words
    but few sentences (most letters of most languages) are not kept.
    """
    words: Counter[str] = Counter()
    finals: Counter[str] = Counter()
    for letter, stopped in _word_ends(transcript.text):
        if letter.isdigit() or letter == "_":
            continue
        words[letter] += 1
        if stopped:
            finals[letter] += 1
    return frozenset(
        letter
        for letter, count in finals.items()
        if count >= FINAL_COUNT and count >= FINAL_SHARE * words[letter]
    )


def _spaced_clauses(text: str) -> dict[int, bool]:
    """Offsets where a clause starts after a space before a wide letter: a sentence start when the space is
    between two wide letters, a clause start when it follows a Latin word or a number."""
    return {
        m.end(): _wide(text[m.start() - 1])
        for m in _SPACE.finditer(text)
        if m.start() > 0 and m.end() < len(text) and _wide(text[m.end()])
    }


def is_unspaced(text: str) -> bool:
    """True for a transcript in a script written without spaces between words (its spaces end clauses).

    Told from the text alone: between spaces, runs holding wide letters hold many of them (whole clauses),
    not a word's few. Latin terms and numbers inside such a run (``W1``, ``0.01``) do not make it a word.
    """
    counts = [sum(1 for c in run if _wide(c)) for run in text.split()]
    counts = [count for count in counts if count]
    return bool(counts) and sum(counts) / len(counts) >= UNSPACED_RUN


def is_unpunctuated(transcript: Transcript) -> bool:
    """True for a transcript of a spaced script that (nearly) never ends a sentence with a stop.

    Its sentence reader can only cut at line breaks, which speech recognition puts wherever a cue got full,
    so no place in it is more likely a sentence start than another: every word start is a unit.
    """
    text = transcript.text
    if is_unspaced(text):
        return False
    words = len(text.split())
    stops = sum(1 for _letter, stopped in _word_ends(text) if stopped)
    return words >= UNPUNCTUATED_WORDS and stops * UNPUNCTUATED_WORDS < words


def split_units(transcript: Transcript, cuts: Iterable[int] = ()) -> tuple[Unit, ...]:
    """The units of ``transcript``, also cut at every offset in ``cuts`` (section marks).

    Units tile the text from its first to its last non-space character; whitespace between two units belongs
    to the first.
    """
    text = transcript.text
    total = max(1, _weight(text))
    starts: dict[int, bool] = {}
    unspaced = is_unspaced(text)
    finals = sentence_finals(transcript)
    capitals = capitals_start_sentences(text)
    weights = [_weight(s.text) for s in transcript.sentences if s.text.strip()]
    median = statistics.median(weights) if weights else total
    long = min(LONG_SENTENCE * total, LONG_MEDIAN * median)
    unpunctuated = is_unpunctuated(transcript)
    commas: set[int] = set()
    if unpunctuated:
        starts.update((m.end(), False) for m in _SPACE.finditer(text))
    for sentence in transcript.sentences:
        if not sentence.text.strip() or unpunctuated:
            continue
        lead = len(sentence.text) - len(sentence.text.lstrip())
        before = sentence.start + lead - 1
        while before >= 0 and text[before].isspace():
            before -= 1
        if before >= 0 and text[before] in _CLAUSE_MARKS:
            # A piece of a long sentence cut at a comma (a script without spaces): a clause, not a sentence.
            starts.setdefault(sentence.start + lead, False)
            commas.add(sentence.start + lead)
        else:
            starts.setdefault(sentence.start + lead, True)
        if unspaced:
            for offset, full in _spaced_clauses(sentence.text).items():
                starts.setdefault(sentence.start + offset, full)
        is_long = _weight(sentence.text) > long
        run_on = _weight(sentence.text) > LONG_MEDIAN * median
        for offset, after_comma in _clause_starts(
            sentence.text, finals, is_long, OPENING * median, capitals, run_on
        ).items():
            starts.setdefault(sentence.start + offset, False)
            if after_comma:
                commas.add(sentence.start + offset)
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
        units.append(Unit(begin, finish, _weight(text[begin:finish]), starts[begin], begin in commas))
    if not text.strip():
        return ()
    return tuple(units)
