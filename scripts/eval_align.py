"""Measure the aligner on the seed transcripts against hand-marked section starts.

Leave-one-out: each hand-marked locale in turn is hidden (its marks are not used) and cut from the marks of
the others; a section start is *exact* when it falls on the hand-marked offset and *near* when at most one
unit (sentence or clause) away. Then the same with the marks of one reference locale only, every other locale
cut automatically; how well a confidence threshold of 0.5 flags the wrong starts; the same leave-one-out on
transcripts changed the way unseen ones differ (no sentence punctuation, subtitle cues, a pseudo-language
whose words are scrambled but whose numbers and formulas are kept); and the time to align seven transcripts
(two of them copies under other codes).

Last, transcripts in languages and formats none of the seeds has (``tests/fixtures/align/unseen``: an
unpunctuated auto-caption WebVTT, a paragraphed plain text, timestamped Markdown, subtitle cues in a script
no seed uses, Hindi with its full stops typed as vertical bars, right-to-left subtitles), each added to the
five seeds with all their marks and cut as a new locale would be; its own marks there are test truth only.

Usage: python scripts/eval_align.py [--marks tests/fixtures/align/marks] [--locales-dir locales]
"""

from __future__ import annotations

import argparse
import bisect
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from coursegen.align import Alignment, align
from coursegen.anchors import is_code
from coursegen.lessons import Lesson, find_lesson
from coursegen.marks import MARKS_SUFFIX, Mark, SectionMarks, load_marks
from coursegen.sources import find_transcripts
from coursegen.transcripts import Transcript, read_transcript
from coursegen.units import is_unpunctuated, split_units

ROOT = Path(__file__).resolve().parent.parent
LESSON = "random-initialization"

# What cuts a lesson's transcripts: ``align`` here, a variant of it where another measurement compares one.
Aligner = Callable[[Lesson, Mapping[str, Transcript], Mapping[str, SectionMarks]], Alignment]


@dataclass(frozen=True)
class Score:
    exact: int
    near: int
    total: int
    words: int = 0  # the most words between a start and its hand-marked place

    def __add__(self, other: Score) -> Score:
        return Score(
            self.exact + other.exact,
            self.near + other.near,
            self.total + other.total,
            max(self.words, other.words),
        )

    def __str__(self) -> str:
        if not self.total:
            return "no section starts"
        return (
            f"{self.exact}/{self.total} exact ({100 * self.exact / self.total:.1f}%), "
            f"{self.near}/{self.total} within one ({100 * self.near / self.total:.1f}%), "
            f"at most {self.words} words off"
        )


def load_seeds(
    locales_dir: Path, marks_dir: Path, lesson: Lesson
) -> tuple[dict[str, Transcript], dict[str, SectionMarks]]:
    """The seed transcripts and their hand marks (``<folder>.sections.yml`` in ``marks_dir``) by code."""
    transcripts: dict[str, Transcript] = {}
    marks: dict[str, SectionMarks] = {}
    for code, source in find_transcripts(locales_dir, lesson.id).items():
        transcripts[code] = read_transcript(source.path, code, source.fmt, source.encoding)
        hand = marks_dir / f"{source.path.parent.parent.name}{MARKS_SUFFIX}"
        if hand.is_file():
            marks[code] = load_marks(hand, transcripts[code], lesson)
    return transcripts, marks


def steps(transcript: Transcript) -> list[int]:
    """Where the places a section may start begin: the aligner's units, or the sentences as read when
    the transcript has no sentence punctuation (there every word is a unit, and one word off is not
    one sentence off)."""
    if is_unpunctuated(transcript):
        return [s.start for s in transcript.sentences]
    return [u.start for u in split_units(transcript)]


def score(alignment: Alignment, code: str, truth: SectionMarks) -> Score:
    """How many of ``truth``'s section starts ``alignment`` puts exactly right, and within one step."""
    located = alignment.locales[code]
    text = located.transcript.text
    unit_starts = steps(located.transcript)
    exact = near = total = words = 0
    for mark in truth.marks:
        if mark.section == alignment.sections[0]:
            continue
        got = located.section(mark.section).start
        low, high = sorted((got, mark.offset))
        between = bisect.bisect_right(unit_starts, high) - bisect.bisect_right(unit_starts, low)
        total += 1
        exact += got == mark.offset
        near += between <= 1
        words = max(words, len(text[low:high].split()))
    return Score(exact, near, total, words)


def leave_one_out(
    lesson: Lesson,
    transcripts: Mapping[str, Transcript],
    marks: Mapping[str, SectionMarks],
    aligner: Aligner = align,
) -> dict[str, Score]:
    """Each marked locale cut from the marks of all the others."""
    scores = {}
    for hidden in marks:
        others = {code: m for code, m in marks.items() if code != hidden}
        scores[hidden] = score(aligner(lesson, transcripts, others), hidden, marks[hidden])
    return scores


def one_reference(
    lesson: Lesson,
    transcripts: Mapping[str, Transcript],
    marks: Mapping[str, SectionMarks],
    reference: str,
    aligner: Aligner = align,
) -> dict[str, Score]:
    """Every other marked locale cut from the marks of ``reference`` alone."""
    alignment = aligner(lesson, transcripts, {reference: marks[reference]})
    return {code: score(alignment, code, truth) for code, truth in marks.items() if code != reference}


@dataclass(frozen=True)
class Flags:
    """How the section starts below a confidence threshold split into wrong and right ones."""

    wrong_flagged: int
    wrong: int
    right_flagged: int
    right: int

    def __add__(self, other: Flags) -> Flags:
        return Flags(
            self.wrong_flagged + other.wrong_flagged,
            self.wrong + other.wrong,
            self.right_flagged + other.right_flagged,
            self.right + other.right,
        )

    def __str__(self) -> str:
        flagged = self.wrong_flagged + self.right_flagged
        precision = self.wrong_flagged / flagged if flagged else 1.0
        recall = self.wrong_flagged / self.wrong if self.wrong else 1.0
        return (
            f"{self.wrong_flagged}/{self.wrong} wrong starts flagged (recall {recall:.2f}), "
            f"{self.right_flagged}/{self.right} right ones flagged (precision {precision:.2f})"
        )


def flags(alignment: Alignment, code: str, truth: SectionMarks, threshold: float = 0.5) -> Flags:
    """Which of ``code``'s automatic section starts fall below ``threshold``, by whether they are right."""
    located = alignment.locales[code]
    counts = [0, 0, 0, 0]
    for mark in truth.marks:
        section = located.section(mark.section)
        right = section.start == mark.offset
        counts[2 * right] += section.confidence < threshold
        counts[2 * right + 1] += 1
    return Flags(*counts)


def calibration(
    lesson: Lesson, transcripts: Mapping[str, Transcript], marks: Mapping[str, SectionMarks]
) -> tuple[Flags, Flags]:
    """Flags at 0.5 over leave-one-out, then over every single-reference run."""
    loo = Flags(0, 0, 0, 0)
    for hidden in marks:
        others = {code: m for code, m in marks.items() if code != hidden}
        loo += flags(align(lesson, transcripts, others), hidden, marks[hidden])
    single = Flags(0, 0, 0, 0)
    for reference in marks:
        alignment = align(lesson, transcripts, {reference: marks[reference]})
        for code, truth in marks.items():
            if code != reference:
                single += flags(alignment, code, truth)
    return loo, single


def _remap(truth: SectionMarks, where: Callable[[int], int]) -> SectionMarks:
    return SectionMarks(
        truth.path, tuple(Mark(m.section, where(m.offset), m.quote, m.line) for m in truth.marks)
    )


def _reread(text: str, code: str, suffix: str) -> Transcript:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"changed{suffix}"
        path.write_text(text, encoding="utf-8")
        return read_transcript(path, code)


def unpunctuated(transcript: Transcript, truth: SectionMarks) -> tuple[Transcript, SectionMarks]:
    """The transcript with every sentence-ending mark dropped, as in a transcript punctuated by spaces."""
    text = transcript.text
    keep = [
        i
        for i, c in enumerate(text)
        if not (c in ".?!。？！" and (i + 1 == len(text) or text[i + 1].isspace()))
    ]
    changed = "".join(text[i] for i in keep)
    index = {old: new for new, old in enumerate(keep)}
    result = _reread(changed, transcript.lang, ".txt")
    return result, _remap(truth, lambda offset: _moved(result.text, changed, index[offset]))


def subtitled(transcript: Transcript, truth: SectionMarks, words: int = 7) -> tuple[Transcript, SectionMarks]:
    """The transcript as subtitle cues of a few words each, cut wherever the count falls."""
    text = transcript.text
    spans = [m.span() for m in re.finditer(r"\S+", text)]
    cues: list[str] = []
    for number, first in enumerate(range(0, len(spans), words), start=1):
        chunk = spans[first : first + words]
        minutes, seconds = divmod(2 * number, 60)
        cues.append(
            f"{number}\n00:{minutes:02d}:{seconds:02d},000 --> 00:{minutes:02d}:{seconds:02d},900\n"
            + text[chunk[0][0] : chunk[-1][1]]
        )
    result = _reread("\n\n".join(cues) + "\n", transcript.lang, ".srt")
    return result, _remap(truth, lambda offset: _moved(result.text, text, offset))


def _moved(new_text: str, old_text: str, offset: int) -> int:
    """Where the word at ``offset`` of ``old_text`` is in ``new_text``: the same count of non-space
    characters before it (both texts hold the same non-space characters in the same order)."""
    before = sum(1 for c in old_text[:offset] if not c.isspace())
    seen = 0
    for position, char in enumerate(new_text):
        if not char.isspace():
            if seen == before:
                return position
            seen += 1
    return len(new_text)


def scrambled(transcript: Transcript, truth: SectionMarks, seed: int = 7) -> tuple[Transcript, SectionMarks]:
    """A pseudo-language: letters shuffled inside every word except numbers and code, offsets unchanged."""
    rng = random.Random(seed)

    def shuffle(match: re.Match[str]) -> str:
        word = match.group()
        if is_code(word.casefold()) or len(word) < 3:
            return word
        letters = list(word)
        rng.shuffle(letters)
        return "".join(letters)

    text = re.sub(r"\w+", shuffle, transcript.text)
    sentences = tuple(
        type(s)(text[s.start : s.end], s.start, s.end, s.paragraph, s.time) for s in transcript.sentences
    )
    changed = Transcript(
        transcript.path, transcript.lang, transcript.format, transcript.encoding, text, sentences
    )
    return changed, truth


def section_share(alignment: Alignment, code: str, truth: SectionMarks) -> tuple[int, int]:
    """Non-space characters of ``code`` that land in the section ``truth`` says, and all of them."""
    located = alignment.locales[code]
    text = located.transcript.text
    true_starts = [0] + [m.offset for m in truth.marks]
    got_starts = [s.start for s in located.sections]
    right = count = 0
    for position, char in enumerate(text):
        if char.isspace():
            continue
        count += 1
        right += bisect.bisect_right(true_starts, position) == bisect.bisect_right(got_starts, position)
    return right, count


CHANGES = {"unpunctuated": unpunctuated, "subtitled": subtitled, "scrambled": scrambled}


def robustness(
    lesson: Lesson,
    transcripts: Mapping[str, Transcript],
    marks: Mapping[str, SectionMarks],
    change: str,
    aligner: Aligner = align,
) -> tuple[Score, int, int]:
    """Leave-one-out where the hidden locale's transcript is changed first; also the share of its text
    in the right section."""
    total = Score(0, 0, 0)
    right = count = 0
    for hidden in marks:
        transcript, truth = CHANGES[change](transcripts[hidden], marks[hidden])
        pool = {**transcripts, hidden: transcript}
        others = {code: m for code, m in marks.items() if code != hidden}
        alignment = aligner(lesson, pool, others)
        total += score(alignment, hidden, truth)
        got, of = section_share(alignment, hidden, truth)
        right, count = right + got, count + of
    return total, right, count


UNSEEN = ROOT / "tests/fixtures/align/unseen"


def load_unseen(lesson: Lesson, folder: Path = UNSEEN) -> dict[str, tuple[Transcript, SectionMarks]]:
    """Every ``<code>.<ext>`` transcript of ``folder`` with its ``<code>.sections.yml``, by code."""
    found: dict[str, tuple[Transcript, SectionMarks]] = {}
    for path in sorted(folder.iterdir()):
        if path.name.endswith(MARKS_SUFFIX) or not path.is_file():
            continue
        code = path.name.split(".", 1)[0]
        transcript = read_transcript(path, code)
        found[code] = (transcript, load_marks(folder / f"{code}{MARKS_SUFFIX}", transcript, lesson))
    return found


def unseen_scores(
    lesson: Lesson,
    transcripts: Mapping[str, Transcript],
    marks: Mapping[str, SectionMarks],
    unseen: Mapping[str, tuple[Transcript, SectionMarks]],
    aligner: Aligner = align,
) -> dict[str, tuple[Score, int, int]]:
    """Each unseen transcript added alone to the marked seeds: its score and text in the right section."""
    results = {}
    for code, (transcript, truth) in unseen.items():
        alignment = aligner(lesson, {**transcripts, code: transcript}, marks)
        right, count = section_share(alignment, code, truth)
        results[code] = (score(alignment, code, truth), right, count)
    return results


def timing(
    lesson: Lesson, transcripts: Mapping[str, Transcript], marks: Mapping[str, SectionMarks], count: int = 7
) -> float:
    """Seconds of processor time to align ``count`` transcripts (the seeds, then copies under other codes),
    best of three: processor time, so that other work on a shared machine is not counted (its wall-clock time
    doubled with four busy processes on two cores)."""
    pool = dict(transcripts)
    seeds = list(transcripts.items())
    while len(pool) < count:
        code, transcript = seeds[len(pool) % len(seeds)]
        pool[f"x-copy{len(pool)}-{code}"] = transcript
    references = dict(list(marks.items())[:2])
    best = float("inf")
    for _ in range(3):
        began = time.process_time()
        align(lesson, pool, references)
        best = min(best, time.process_time() - began)
    return best


def seeds_parser(description: str) -> argparse.ArgumentParser:
    """The options of a measurement on the seeds: where the hand marks, the locales and the lessons are."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--marks", type=Path, default=ROOT / "tests/fixtures/align/marks")
    parser.add_argument("--locales-dir", type=Path, default=ROOT / "locales")
    parser.add_argument("--lessons-dir", type=Path, default=ROOT / "docs/lessons")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = seeds_parser(__doc__.splitlines()[0]).parse_args(argv)
    lesson = find_lesson(args.lessons_dir, LESSON)
    transcripts, marks = load_seeds(args.locales_dir, args.marks, lesson)
    print(f"lesson {lesson.id}: {len(transcripts)} transcripts, hand marks for {', '.join(sorted(marks))}")
    print("\nleave-one-out (hidden locale cut from the marks of all the others):")
    total = Score(0, 0, 0)
    for code, result in leave_one_out(lesson, transcripts, marks).items():
        print(f"  {code:8} {result}")
        total += result
    print(f"  {'all':8} {total}")
    right = count = 0
    for hidden in marks:
        others = {code: m for code, m in marks.items() if code != hidden}
        got, of = section_share(align(lesson, transcripts, others), hidden, marks[hidden])
        right, count = right + got, count + of
    print(f"  text in the right section: {100 * right / count:.1f}%")
    for reference in sorted(marks):
        total = Score(0, 0, 0)
        for result in one_reference(lesson, transcripts, marks, reference).values():
            total += result
        print(f"\none reference ({reference} marks only, the others automatic): {total}")
    loo_flags, single_flags = calibration(lesson, transcripts, marks)
    print(f"\nconfidence below 0.5, leave-one-out: {loo_flags}")
    print(f"confidence below 0.5, single references: {single_flags}")
    print("\nleave-one-out on changed transcripts (the hidden one changed):")
    for change in CHANGES:
        result, right, count = robustness(lesson, transcripts, marks, change)
        print(f"  {change:13} {result}; text in the right section {100 * right / count:.1f}%")
    print("\nunseen languages and formats, each added to the marked seeds:")
    unseen = load_unseen(lesson)
    total = Score(0, 0, 0)
    for code, (result, right, count) in unseen_scores(lesson, transcripts, marks, unseen).items():
        source = unseen[code][0]
        print(f"  {code:3} {source.format:4} {result}; text in the right section {100 * right / count:.1f}%")
        total += result
    print(f"  all      {total}")
    print(f"\nseven transcripts aligned in {timing(lesson, transcripts, marks) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
