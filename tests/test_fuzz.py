"""Fuzzing reading and aligning with random Unicode of random lengths.

Whatever a volunteer's file holds, reading it either works or raises ``CoursegenError`` (never another
exception), and nothing is lost on the way: every non-whitespace character of the text is in exactly one
sentence, and in exactly one section once aligned.
"""

from __future__ import annotations

import functools
import itertools
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import LESSON as LESSON_ID
from support import REPO

from coursegen.align import align
from coursegen.errors import CoursegenError
from coursegen.lessons import Lesson, load_lesson
from coursegen.marks import SectionMarks
from coursegen.sources import read_sources
from coursegen.transcripts import Transcript, read_transcript

# Surrogates cannot be written as UTF-8; everything else, controls and unassigned code points included, can.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=400)
# Text shaped like speech: words of several scripts, punctuation, line and paragraph breaks.
WORDS = st.lists(
    st.one_of(
        st.text(st.characters(categories=("L", "N", "M")), min_size=1, max_size=12),
        st.sampled_from([". ", "? ", "! ", "。", "…", ", ", "\n", "\n\n", " ", "«", "»", "$", "<b>", "{x}"]),
    ),
    min_size=1,
    max_size=120,
).map("".join)
LANGS = st.sampled_from(["fr", "zh-Hant", "ko", "uk", "tr", "ar", "th", "ja"])
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def non_space(text: str) -> str:
    return "".join(char for char in text if not char.isspace())


def read(tmp_path: Path, text: str, lang: str, fmt: str = "txt") -> Transcript | None:
    path = tmp_path / "transcript.txt"
    path.write_bytes(text.encode("utf-8"))
    try:
        return read_transcript(path, lang, fmt, "utf-8")
    except CoursegenError:
        return None


def assert_sentences_cover(transcript: Transcript) -> None:
    covered = [transcript.text[s.start : s.end] for s in transcript.sentences]
    assert all(s.text == piece for s, piece in zip(transcript.sentences, covered, strict=True))
    assert all(a.end <= b.start for a, b in itertools.pairwise(transcript.sentences))
    assert non_space("".join(covered)) == non_space(transcript.text)


@SETTINGS
@given(text=TEXT, lang=LANGS, fmt=st.sampled_from(["auto", "txt", "srt", "vtt", "md"]))
def test_reading_anything_fails_only_with_coursegen_error(
    tmp_path: Path, text: str, lang: str, fmt: str
) -> None:
    transcript = read(tmp_path, text, lang, fmt)
    if transcript is not None:
        assert_sentences_cover(transcript)


@SETTINGS
@given(text=st.one_of(TEXT, WORDS), lang=LANGS)
def test_plain_text_keeps_every_character(tmp_path: Path, text: str, lang: str) -> None:
    transcript = read(tmp_path, text, lang)
    if transcript is None:
        return
    expected = unicodedata.normalize("NFC", text.removeprefix("\ufeff").replace("\r\n", "\n"))
    assert non_space(transcript.text) == non_space(expected)
    assert_sentences_cover(transcript)


@functools.cache
def reference() -> tuple[Lesson, Transcript, SectionMarks]:
    """The course's own lesson, with its French transcript and the section marks a translator wrote."""
    lesson = load_lesson(REPO / "docs" / "lessons" / LESSON_ID)
    transcripts, marks = read_sources(REPO / "locales", lesson)
    return lesson, transcripts["fr"], marks["fr"]


def check_alignment(lesson: Lesson, transcripts: dict[str, Transcript], marks: dict) -> None:
    try:
        alignment = align(lesson, transcripts, marks)
    except CoursegenError as error:
        # The one refusal a marked reference leaves: a transcript of nothing but markup or timestamps.
        blank = [code for code, transcript in transcripts.items() if not transcript.text.strip()]
        assert blank and error.reason == "transcript has no text", error
        return
    for code, located in alignment.locales.items():
        text = transcripts[code].text
        sections = located.sections
        assert [s.section for s in sections] == list(lesson.section_ids)
        assert all(s.text == text[s.start : s.end] for s in sections)
        assert all(a.end <= b.start for a, b in itertools.pairwise(sections))
        assert non_space("".join(s.text for s in sections)) == non_space(text)


@SETTINGS
@given(text=st.one_of(WORDS, TEXT), lang=st.sampled_from(["ko", "zh-Hant", "uk", "ar"]))
def test_aligning_anything_puts_every_character_in_exactly_one_section(
    tmp_path: Path, text: str, lang: str
) -> None:
    lesson, french, marks = reference()
    fuzzed = read(tmp_path, text, lang)
    if fuzzed is not None:
        check_alignment(lesson, {"fr": french, lang: fuzzed}, {"fr": marks})


@pytest.mark.parametrize(
    "text", ["x", "。", "$", "<script>", "a\n\nb"], ids=["letter", "cjk-stop", "dollar", "tag", "blank"]
)
def test_tiny_transcripts_align(tmp_path: Path, text: str) -> None:
    lesson, french, marks = reference()
    fuzzed = read(tmp_path, text, "ko")
    assert fuzzed is not None and fuzzed.text.strip()
    check_alignment(lesson, {"fr": french, "ko": fuzzed}, {"fr": marks})
