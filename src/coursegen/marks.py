"""Section marks: where a person says a section starts in one locale's transcript.

The course author marks the sections once in one or more reference locales, and a translator can pin a
boundary in their own locale when the automatic one is wrong. Both use the same small file next to the
transcript, ``<lesson>.sections.yml``, mapping a section id to the first words of that section as they read in
the transcript::

    zero-network: Vous avez ici deux propriétés
    random-init: La solution consiste

Quoting words rather than sentence numbers keeps a mark valid when the reader cuts sentences differently. Any
run of whitespace in the quote matches any run in the text, and the apostrophe variants (' ’ ʼ) match each
other.
"""

from __future__ import annotations

import itertools
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from coursegen.errors import AlignmentError, gather, shortened
from coursegen.lessons import Lesson
from coursegen.sentences import BIDI_CONTROLS, is_unspaced
from coursegen.yamlfiles import read_yaml

if TYPE_CHECKING:
    from coursegen.transcripts import Transcript

log = logging.getLogger(__name__)

MARKS_SUFFIX = ".sections.yml"
_APOSTROPHES = "'\u2019\u02bc\u2018`"


@dataclass(frozen=True)
class Mark:
    """One section start: the section, where it starts in the transcript's text, and where it was written."""

    section: str
    offset: int
    quote: str
    line: int


@dataclass(frozen=True)
class SectionMarks:
    """The marked section starts of one transcript, in lesson order."""

    path: Path
    marks: tuple[Mark, ...] = ()

    @property
    def offsets(self) -> dict[str, int]:
        return {mark.section: mark.offset for mark in self.marks}


def marks_path(transcript_path: Path, lesson_id: str) -> Path:
    """Where the marks of ``lesson_id`` live for the transcript at ``transcript_path``."""
    return transcript_path.with_name(f"{lesson_id}{MARKS_SUFFIX}")


# Vowel signs and cantillation of Hebrew, vowel signs of Arabic, and the Arabic tatweel (a stretching stroke).
_POINTS = "[\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]"
_POINTS_RE = re.compile(_POINTS)
# An Arabic letter as typed without its hamza or madda, and the forms of it that carry one.
_HAMZA_CARRIERS = {"\u0627": "\u0627\u0623\u0625\u0622", "\u0648": "\u0648\u0624", "\u064a": "\u064a\u0626"}


_BIDI = f"[{BIDI_CONTROLS}]"
_BIDI_RE = re.compile(_BIDI)


def _unpointed(text: str) -> str:
    return _POINTS_RE.sub("", _BIDI_RE.sub("", text))


def _pointed_script(char: str) -> bool:
    return "\u0590" <= char <= "\u06ff"


def _other_width(char: str) -> str:
    """The character a full-width or half-width form stands for (``char`` itself for others): its one-step
    decomposition, not NFKC's, which reads a half-width Hangul letter as a conjoining jamo (ᄏ) where text
    has the letter alone (ㅋ)."""
    kind, _, code = unicodedata.decomposition(char).partition(" ")
    return chr(int(code, 16)) if kind in ("<wide>", "<narrow>") and " " not in code else char


def _plain_width(text: str) -> str:
    """``text`` with its full-width and half-width forms read as what they stand for (ﾃﾞ as デ)."""
    return unicodedata.normalize("NFC", "".join(map(_other_width, text)))


def _width_forms() -> dict[str, tuple[str, ...]]:
    """Each character that has a full-width or half-width form, with the forms of it (itself included, and
    a half-width kana with its voicing mark: ﾃﾞ for デ): Chinese, Japanese and Korean input methods type
    ｔａｎｈ for tanh in their full-width mode, and ﾃﾞｰﾀ in their half-width one."""
    forms: dict[str, set[str]] = {}
    for code in range(0xFF01, 0xFFEF):
        for typed in (chr(code), chr(code) + "\uff9e", chr(code) + "\uff9f"):
            plain = _plain_width(typed)
            if len(plain) == 1 and plain != typed and unicodedata.category(plain)[0] != "M":
                forms.setdefault(plain, {plain}).add(typed)
    return {char: tuple(sorted(group)) for plain, group in forms.items() for char in group if len(char) == 1}


_WIDTHS = _width_forms()
# Half-width punctuation and kana (with its voicing mark), read as what they stand for before a quote is
# matched: the quote may then start inside a run of letters, as a full-width one may.
_HALF_WIDTH = re.compile("[\uff61-\uff9d][\uff9e\uff9f]?")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _pattern(quote: str) -> re.Pattern[str]:
    """The quote as a pattern: any run of spaces matches any other, apostrophes match each other, and
    between two wide characters (Chinese, Japanese) a line break of the transcript may fall where the quote,
    copied from the page, has nothing: the page joins the lines of such scripts without a space.

    Arabic and Hebrew vowel signs and the tatweel are optional on both sides, and an Arabic letter without its
    hamza matches the letter with it (ا: أ إ آ), as most people type these scripts. So are the invisible
    direction marks right-to-left subtitles put at the start of lines: nobody types what they cannot see.
    A letter, digit or mark typed in full width or half width matches its other width."""
    quote = _HALF_WIDTH.sub(lambda half: _plain_width(half[0]), quote)
    words = _unpointed(unicodedata.normalize("NFC", quote)).split()
    escaped = []
    for word in words:
        parts = []
        for before, char in zip(" " + word[:-1], word, strict=True):
            if _wide(before) and _wide(char):
                parts.append(r"\s*")
            if char in _APOSTROPHES:
                parts.append(f"[{_APOSTROPHES}]")
            elif char in _HAMZA_CARRIERS:
                parts.append(f"[{_HAMZA_CARRIERS[char]}]{_POINTS}*")
            elif char in _WIDTHS:
                parts.append(f"(?:{'|'.join(map(re.escape, _WIDTHS[char]))})")
            else:
                parts.append(re.escape(char) + (f"{_POINTS}*" if _pointed_script(char) else ""))
            parts.append(f"{_BIDI}*")
        escaped.append("".join(parts))
    # Words of scripts without spaces (Chinese, Thai) start inside runs of letters.
    prefix = "" if is_unspaced(words[0][0]) else r"(?<!\w)"
    return re.compile(prefix + rf"(?:\s|{_BIDI})+".join(escaped))


#: A mark quotes the first words of its section: a quote of 10,000 words (a section pasted whole) took 20 s
#: to look for, and was written out whole in the error that it was not found.
MAX_QUOTE_CHARS = 1000

#: The characters of a quote an error shows.
SHOWN_QUOTE_CHARS = 80


def find_quotes(text: str, quote: str, *, path: Path, line: int) -> list[int]:
    """The offsets where ``quote`` starts in ``text``, in order; at least one."""
    if not _unpointed(unicodedata.normalize("NFC", quote)).split():  # marks that are not a word too
        raise AlignmentError("empty quote", path=path, line=line)
    found = [m.start() for m in _pattern(quote).finditer(text)]
    if not found:
        shown = shortened(quote, SHOWN_QUOTE_CHARS)
        raise AlignmentError(f"quote not found in the transcript: '{shown}'", path=path, line=line)
    return found


class OutOfOrder(AlignmentError):
    """A pin before the pin of a section the outline puts before it: ``sections`` are the two, the later
    first. When every transcript says so of the same two, it is the outline that changed."""

    gathered_as = AlignmentError

    def __init__(self, reason: str, *, path: Path, line: int | None, sections: tuple[str, str]) -> None:
        super().__init__(reason, path=path, line=line)
        self.sections = sections


class UnknownSection(AlignmentError):
    """A pin of a section the outline does not have: ``section``. When several transcripts pin the same one,
    it is the outline that lost it."""

    gathered_as = AlignmentError

    def __init__(self, reason: str, *, path: Path, line: int | None, section: str) -> None:
        super().__init__(reason, path=path, line=line)
        self.section = section


def _in_order(found: list[list[int]]) -> list[list[int]] | None:
    """For each pin (in the outline's order, with the places its quote was found), the places where its
    section can start with every pin in order; None if the pins cannot all be in order.

    In a long lecture a phrase comes back ("Let's see why."): a pin found several times is still one place
    when the pins around it leave it one. The earliest place each pin can take (each after the earliest of
    the one before) and the latest (each before the latest of the one after) bound the places it can take.
    """
    earliest: list[int] = []
    for places in found:
        after = [place for place in places if not earliest or place > earliest[-1]]
        if not after:
            return None
        earliest.append(after[0])
    latest: list[int] = []
    for places in reversed(found):
        before = [place for place in places if not latest or place < latest[-1]]
        if not before:
            return None
        latest.append(before[-1])
    latest.reverse()
    return [
        [place for place in places if low <= place <= high]
        for places, low, high in zip(found, earliest, latest, strict=True)
    ]


def _mapping(path: Path) -> yaml.MappingNode | None:
    node = read_yaml(path, AlignmentError, "section marks", nodes=True)
    if node is None:
        return None
    if not isinstance(node, yaml.MappingNode):
        raise AlignmentError("expected a mapping of section id to its first words", path=path, line=1)
    return node


def unmarked_lesson(lesson: Lesson, transcripts: Iterable[Path]) -> str | None:
    """Why a lesson has no page yet: of several sections, none marked in any of its ``transcripts`` (a new
    lesson's first transcript), so that nothing anchors the others; None when one is marked (or a marks
    file does not read: where it is read, its error is told). An empty file, or one of comments only,
    marks nothing."""
    paths = [marks_path(transcript, lesson.id) for transcript in transcripts]
    if len(lesson.sections) < 2 or any(_marks_something(path) for path in paths):
        return None
    folders = ", ".join(sorted({str(path.parent) for path in paths}))
    return (
        f"lesson '{lesson.id}' has no page yet: no transcript marks where its sections start; write "
        f"{lesson.id}{MARKS_SUFFIX} next to one of its transcripts ({folders})"
    )


def _marks_something(path: Path) -> bool:
    if not path.is_file():
        return False
    try:
        node = _mapping(path)
    except AlignmentError:
        return True
    return node is not None and bool(node.value)


def load_marks(path: Path, transcript: Transcript, lesson: Lesson) -> SectionMarks:
    """Read ``path`` and find each quote in ``transcript``'s normalized text.

    Every problem (unknown section, quote missing or ambiguous, sections out of lesson order) is an
    ``AlignmentError`` naming the file and the line of the offending entry; all of a file's problems are
    raised together (see :func:`coursegen.errors.gather`), so that a translator whose pins the outline's
    reordering broke hears of each at once, not of one per run.
    """
    node = _mapping(path)
    if node is None:
        return SectionMarks(path)
    order = {section_id: index for index, section_id in enumerate(lesson.section_ids)}
    pins: list[tuple[Mark, list[int]]] = []
    problems: list[AlignmentError] = []
    for key, value in node.value:
        try:
            pins.append(_mark(path, key, value, transcript, lesson, marked={pin.section for pin, _ in pins}))
        except AlignmentError as exc:
            problems.append(exc)
    pins.sort(key=lambda pin: order[pin[0].section])
    found = [places for _, places in pins]
    possible = _in_order(found) or found
    marks: list[Mark] = []
    for (pin, places), left in zip(pins, possible, strict=True):
        if len(left) == 1:
            marks.append(replace(pin, offset=left[0]))
        else:
            shown = shortened(pin.quote, SHOWN_QUOTE_CHARS)
            reason = f"quote found {len(places)} times in the transcript, quote more words: '{shown}'"
            problems.append(AlignmentError(reason, path=path, line=pin.line))
    for before, after in itertools.pairwise(marks):
        if after.offset <= before.offset:
            reason = f"section '{after.section}' starts before section '{before.section}' in the transcript"
            problems.append(
                OutOfOrder(reason, path=path, line=after.line, sections=(after.section, before.section))
            )
    if problems:
        raise gather(sorted(problems, key=lambda problem: problem.line or 0))
    log.info("%s: %d section marks", path, len(marks))
    return SectionMarks(path, tuple(marks))


def _mark(
    path: Path, key: yaml.Node, value: yaml.Node, transcript: Transcript, lesson: Lesson, marked: set[str]
) -> tuple[Mark, list[int]]:
    """One entry of a marks file, and the places of the transcript where its quote is (the mark at the
    first)."""
    section = key.value if isinstance(key, yaml.ScalarNode) else None
    line = key.start_mark.line + 1
    if section not in lesson.section_ids:
        known = ", ".join(lesson.section_ids)
        raise UnknownSection(
            f"lesson '{lesson.id}' has no section '{section}' (known: {known})",
            path=path,
            line=line,
            section=str(section),
        )
    if section in marked:
        raise AlignmentError(f"section '{section}' is marked twice", path=path, line=line)
    if not isinstance(value, yaml.ScalarNode) or not str(value.value).strip():
        raise AlignmentError(
            f"section '{section}' needs the first words of the section", path=path, line=line
        )
    quote = str(value.value).strip()
    if len(quote) > MAX_QUOTE_CHARS:
        raise AlignmentError(
            f"the quote of section '{section}' is {len(quote):,} characters long: the first words of the "
            f"section are enough ({MAX_QUOTE_CHARS:,} characters at most)",
            path=path,
            line=line,
        )
    places = find_quotes(transcript.text, quote, path=path, line=line)
    return Mark(section, places[0], quote, line), places
