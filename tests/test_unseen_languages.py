"""The aligner on transcripts in languages, scripts and formats none of the seeds has.

Each transcript of ``fixtures/align/unseen`` is the same lecture as the seeds: an English auto-caption WebVTT
without any punctuation or capitals, a German plain text in paragraphs, a Russian timestamped Markdown with
superscript layer indices, Japanese subtitle cues cut inside words, a Hindi plain text whose full stops are
typed as vertical bars, Hebrew subtitles whose every line opens with a right-to-left mark, and three
languages with full stops of their own script: an Armenian plain text (։), an Amharic timestamped Markdown in
UTF-16 (።) and a Burmese plain text (။) with spaces between phrases only. Each is added
to the five seeds with all their reference marks, as ``add-locale`` adds a new locale; its own hand marks are
only the truth it is scored against.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import eval_script

from coursegen.align import align
from coursegen.lessons import Lesson
from coursegen.marks import SectionMarks
from coursegen.transcripts import Transcript
from coursegen.units import is_unpunctuated, is_unspaced

FIXTURES = Path(__file__).parent / "fixtures" / "align"

# Per language: format as read, share of section starts exactly right, share within one unit, most words a
# start may be off. Amharic's timestamps fall inside sentences, and Burmese spaces only part phrases: a start
# there may land on a paragraph break or a phrase instead of the sentence.
EXPECTED = {
    "en": ("vtt", 0.0, 0.95, 10),
    "de": ("txt", 0.9, 0.95, 2),
    "ru": ("md", 0.9, 0.95, 3),
    "ja": ("srt", 0.7, 0.95, 3),
    "hi": ("txt", 0.9, 0.95, 2),
    "he": ("srt", 0.9, 0.95, 2),
    "hy": ("txt", 0.9, 0.95, 2),
    "am": ("md", 0.8, 0.9, 15),
    "my": ("txt", 0.9, 0.95, 3),
}


@pytest.fixture(scope="module")
def unseen(lesson: Lesson) -> dict[str, tuple[Transcript, SectionMarks]]:
    return eval_script().load_unseen(lesson, FIXTURES / "unseen")


@pytest.fixture(scope="module")
def pool(
    seeds: tuple[dict[str, Transcript], dict[str, SectionMarks]],
    unseen: dict[str, tuple[Transcript, SectionMarks]],
) -> dict[str, Transcript]:
    """The seeds' transcripts and every unseen one, as a course with all of them added."""
    return {**seeds[0], **{code: transcript for code, (transcript, _) in unseen.items()}}


def test_unseen_fixtures_are_what_they_claim(
    lesson: Lesson, unseen: dict[str, tuple[Transcript, SectionMarks]]
) -> None:
    assert set(unseen) == set(EXPECTED)
    for code, (transcript, truth) in unseen.items():
        assert transcript.format == EXPECTED[code][0], code
        assert len(truth.marks) == len(lesson.sections) - 1, code
    english = unseen["en"][0].text
    assert is_unpunctuated(unseen["en"][0])
    assert re.search(r"[?!,;]|\.(?!\d)", english) is None  # no punctuation but decimal points
    assert english == english.lower()
    assert is_unspaced(unseen["ja"][0].text)
    # Hindi typed with the keyboard's vertical bar for the danda; Hebrew subtitles with a right-to-left mark
    # opening every line.
    assert "|" in unseen["hi"][0].text and "।" not in unseen["hi"][0].text
    assert unseen["he"][0].text.count("\u200f") > 100
    # Full stops of their own script, and no Latin one.
    for code, stop in (("hy", "\u0589"), ("am", "\u1362"), ("my", "\u104b")):
        assert unseen[code][0].text.count(stop) > 30 and ". " not in unseen[code][0].text, code
    assert not any(is_unpunctuated(t) for code, (t, _) in unseen.items() if code != "en")


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_unseen_language_lands_in_the_right_sections(
    lesson: Lesson,
    seeds: tuple[dict[str, Transcript], dict[str, SectionMarks]],
    unseen: dict[str, tuple[Transcript, SectionMarks]],
    code: str,
) -> None:
    transcripts, marks = seeds
    transcript, truth = unseen[code]
    script = eval_script()
    alignment = align(lesson, {**transcripts, code: transcript}, marks)
    result = script.score(alignment, code, truth)
    right, count = script.section_share(alignment, code, truth)
    _, exact, near, words = EXPECTED[code]
    assert result.total == 11
    assert result.near >= near * result.total, result
    assert result.exact >= exact * result.total, result
    assert result.words <= words, result
    assert right >= 0.95 * count, (right, count)


def test_several_unseen_languages_at_once(
    lesson: Lesson,
    seeds: tuple[dict[str, Transcript], dict[str, SectionMarks]],
    unseen: dict[str, tuple[Transcript, SectionMarks]],
    pool: dict[str, Transcript],
) -> None:
    """New locales added together vote for each other too: none of them may pull another off."""
    _, marks = seeds
    script = eval_script()
    alignment = align(lesson, pool, marks)
    for code, (_, truth) in unseen.items():
        right, count = script.section_share(alignment, code, truth)
        assert right >= 0.95 * count, code
        assert script.score(alignment, code, truth).near >= 10, code
    for code, truth in marks.items():
        assert all(alignment.locales[code].section(m.section).start == m.offset for m in truth.marks)


def test_unseen_languages_do_not_disturb_the_seeds_leave_one_out(
    lesson: Lesson,
    seeds: tuple[dict[str, Transcript], dict[str, SectionMarks]],
    pool: dict[str, Transcript],
) -> None:
    """With the unseen transcripts in the pool, a hidden seed is still cut as well as without them."""
    _, marks = seeds
    scores = eval_script().leave_one_out(lesson, pool, marks)
    assert sum(s.near for s in scores.values()) == 55
    assert sum(s.exact for s in scores.values()) >= 0.9 * 55
