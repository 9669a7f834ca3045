"""Transcripts in: a file in any common format and encoding becomes normalized text cut into sentences.

This module holds the domain types shared downstream (align, pages) and the public reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
    """

    path: Path
    lang: str
    format: str
    encoding: str
    text: str
    sentences: tuple[Sentence, ...]
