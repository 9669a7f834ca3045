"""Transcripts in: a file in any common format and encoding becomes normalized text cut into sentences.

This module holds the domain types shared downstream (align, pages) and the public reader. The steps
live in their own modules and run in one direction: bytes are decoded (``charsets``), the format's
syntax is stripped into content lines (``formats``), lines are joined into normalized text here, and the
text is cut into sentences (``sentences``).

Normalization: Unicode NFC; line ends unified; runs of spaces and tabs collapsed to one space; lines of
a paragraph joined with one space, or with nothing between two characters of scripts written without
any space (Chinese, Japanese), because a line break is not a word break there (Thai, Lao, Khmer and
Myanmar put spaces between phrases, where their lines break: those joins are spaces); paragraphs
separated by one blank line. Nothing else is changed, so every non-whitespace character of a
plain-text source is in the text.
"""

from __future__ import annotations

import bisect
import logging
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from coursegen import charsets, formats
from coursegen.errors import TranscriptError
from coursegen.files import refuse_merge_conflict, transcript_bytes
from coursegen.locales import parse_locale
from coursegen.sentences import runs_on, segment
from coursegen.textlines import Line

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sentence:
    """A sentence (or clause, where a transcript has no sentence punctuation) of a transcript.

    ``text == transcript.text[start:end]``; ``time`` is the start time in seconds when the source had timings.
    """

    text: str
    start: int
    end: int
    paragraph: int = 0
    time: float | None = None


@dataclass(frozen=True)
class Transcript:
    """A transcript after reading and normalization.

    Invariant: the sentences, in order, cover ``text`` exactly up to whitespace between them.
    ``encoding_settled``: whether the bytes tell the encoding, so that it may be recorded (see
    ``charsets.decode``); ``encoding_doubt``: why the encoding given for it seems wrong, or "".
    """

    path: Path
    lang: str
    format: str
    encoding: str
    text: str
    sentences: tuple[Sentence, ...]
    title: str | None = None
    encoding_settled: bool = True
    encoding_doubt: str = ""


@dataclass(frozen=True)
class _Assembled:
    """Joined text with the positions the segmenter and the sentence metadata need."""

    text: str
    paragraph_starts: tuple[int, ...]
    line_starts: tuple[int, ...]
    hard_breaks: tuple[int, ...]
    times: tuple[tuple[int, float], ...]


IDEOGRAPHIC_SPACE = "\u3000"


def _assemble(lines: tuple[Line, ...]) -> _Assembled:
    parts: list[str] = []
    offset = 0
    paragraph_starts = [0]
    line_starts: list[int] = []
    hard_breaks: list[int] = []
    times: list[tuple[int, float]] = []
    previous = ""
    for line in lines:
        line = _unpadded(line, opens_paragraph=not parts or line.paragraph_break)
        if not line.text:
            continue
        if parts:
            if line.paragraph_break:
                separator = "\n\n"
            elif runs_on(previous[-1]) and runs_on(line.text[0]):
                separator = ""
            else:
                separator = " "
            parts.append(separator)
            offset += len(separator)
            if line.paragraph_break:
                paragraph_starts.append(offset)
            else:
                line_starts.append(offset)
            if line.sentence_break:
                hard_breaks.append(offset)
        if line.time is not None:
            times.append((offset, line.time))
        parts.append(line.text)
        offset += len(line.text)
        previous = line.text
    return _Assembled(
        "".join(parts), tuple(paragraph_starts), tuple(line_starts), tuple(hard_breaks), tuple(times)
    )


def _unpadded(line: Line, opens_paragraph: bool) -> Line:
    """``line`` without the ideographic spaces that only lay it out: those at its end, and at its start
    unless it opens a paragraph, where one is the paragraph's indent (text, kept as the notebook keeps it).
    A Chinese text indented on every line, or subtitles padded with them, showed wide gaps mid-paragraph.
    """
    text = line.text.rstrip(IDEOGRAPHIC_SPACE)
    if not opens_paragraph:
        text = text.lstrip(IDEOGRAPHIC_SPACE)
    return line if text == line.text else replace(line, text=text)


def _time_at(times: tuple[tuple[int, float], ...], start: int, end: int) -> float | None:
    """Time of the last timing at or before ``start``, else of the first one inside the sentence."""
    index = bisect.bisect_right(times, start, key=lambda mark: mark[0]) - 1
    if index >= 0:
        return times[index][1]
    if times and times[0][0] < end:
        return times[0][1]
    return None


def read_transcript(
    path: Path, lang: str, fmt: str = "auto", encoding: str | None = None, data: bytes | None = None
) -> Transcript:
    """Read a transcript file into normalized text and sentences.

    ``lang`` is a BCP 47 or gettext code (stored in gettext form, ``zh_Hant``); ``fmt`` is ``auto`` or
    one of ``txt``, ``srt``, ``vtt``, ``md``; ``encoding`` forces a codec instead of detecting one; ``data``
    are the file's bytes when the caller has read them (``files.transcript_bytes``): a pipe reads only once.
    Raises ``LocaleError`` for a code Babel cannot parse and ``TranscriptError`` naming the file (and
    line) for a missing, empty, binary, undecodable or malformed file; a forced codec that seems not to
    be the file's is read all the same, and says why in ``encoding_doubt``.
    """
    path = Path(path)
    locale = parse_locale(lang, path=path)
    if data is None:
        data = transcript_bytes(path)
    decoded = charsets.decode(data, path, encoding, locale)
    text = unicodedata.normalize("NFC", decoded.text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise TranscriptError("empty file", path=path)  # nothing but a byte-order mark and spaces
    refuse_merge_conflict(text, path, TranscriptError)
    parsed = formats.parse(text, path, fmt)
    if not parsed.lines:
        raise TranscriptError(f"no transcript text found (read as {parsed.format})", path=path)
    assembled = _assemble(parsed.lines)
    spans = segment(assembled.text, str(locale), assembled.line_starts, assembled.hard_breaks)
    sentences = tuple(
        Sentence(
            assembled.text[start:end],
            start,
            end,
            bisect.bisect_right(assembled.paragraph_starts, start) - 1,
            _time_at(assembled.times, start, end),
        )
        for start, end in spans
    )
    log.info("%s: %s, %s, %d sentences", path, parsed.format, decoded.encoding, len(sentences))
    return Transcript(
        path,
        str(locale),
        parsed.format,
        decoded.encoding,
        assembled.text,
        sentences,
        parsed.title,
        decoded.settled,
        decoded.doubt,
    )
