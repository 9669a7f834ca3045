"""Measure the aligner on the seed transcripts against hand-marked section starts.

Leave-one-out: each hand-marked locale in turn is hidden (its marks are not used) and cut from the marks of
the others; a section start is *exact* when it falls on the hand-marked offset and *near* when at most one
unit (sentence or clause) away. Then the same with the marks of one reference locale only, every other locale
cut automatically. Also times the alignment of seven transcripts (two of them copies under other codes).

Usage: python scripts/eval_align.py [--marks tests/fixtures/align/marks] [--locales-dir locales]
"""

from __future__ import annotations

import argparse
import bisect
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from coursegen.align import Alignment, align
from coursegen.lessons import Lesson, find_lesson
from coursegen.marks import MARKS_SUFFIX, SectionMarks, load_marks
from coursegen.sources import find_transcripts
from coursegen.transcripts import Transcript, read_transcript
from coursegen.units import split_units

ROOT = Path(__file__).resolve().parent.parent
LESSON = "random-initialization"


@dataclass(frozen=True)
class Score:
    exact: int
    near: int
    total: int

    def __add__(self, other: Score) -> Score:
        return Score(self.exact + other.exact, self.near + other.near, self.total + other.total)

    def __str__(self) -> str:
        if not self.total:
            return "no section starts"
        return (
            f"{self.exact}/{self.total} exact ({100 * self.exact / self.total:.1f}%), "
            f"{self.near}/{self.total} within one ({100 * self.near / self.total:.1f}%)"
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


def score(alignment: Alignment, code: str, truth: SectionMarks) -> Score:
    """How many of ``truth``'s section starts ``alignment`` puts exactly right, and within one unit."""
    located = alignment.locales[code]
    unit_starts = [u.start for u in split_units(located.transcript)]
    exact = near = total = 0
    for mark in truth.marks:
        if mark.section == alignment.sections[0]:
            continue
        got = located.section(mark.section).start
        low, high = sorted((got, mark.offset))
        between = bisect.bisect_right(unit_starts, high) - bisect.bisect_right(unit_starts, low)
        total += 1
        exact += got == mark.offset
        near += between <= 1
    return Score(exact, near, total)


def leave_one_out(
    lesson: Lesson, transcripts: Mapping[str, Transcript], marks: Mapping[str, SectionMarks]
) -> dict[str, Score]:
    """Each marked locale cut from the marks of all the others."""
    scores = {}
    for hidden in marks:
        others = {code: m for code, m in marks.items() if code != hidden}
        scores[hidden] = score(align(lesson, transcripts, others), hidden, marks[hidden])
    return scores


def one_reference(
    lesson: Lesson, transcripts: Mapping[str, Transcript], marks: Mapping[str, SectionMarks], reference: str
) -> dict[str, Score]:
    """Every other marked locale cut from the marks of ``reference`` alone."""
    alignment = align(lesson, transcripts, {reference: marks[reference]})
    return {code: score(alignment, code, truth) for code, truth in marks.items() if code != reference}


def timing(
    lesson: Lesson, transcripts: Mapping[str, Transcript], marks: Mapping[str, SectionMarks], count: int = 7
) -> float:
    """Seconds to align ``count`` transcripts (the seeds, then copies under other codes), best of three."""
    pool = dict(transcripts)
    seeds = list(transcripts.items())
    while len(pool) < count:
        code, transcript = seeds[len(pool) % len(seeds)]
        pool[f"x-copy{len(pool)}-{code}"] = transcript
    references = dict(list(marks.items())[:2])
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        align(lesson, pool, references)
        best = min(best, time.perf_counter() - began)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--marks", type=Path, default=ROOT / "tests/fixtures/align/marks")
    parser.add_argument("--locales-dir", type=Path, default=ROOT / "locales")
    parser.add_argument("--lessons-dir", type=Path, default=ROOT / "docs/lessons")
    args = parser.parse_args(argv)
    lesson = find_lesson(args.lessons_dir, LESSON)
    transcripts, marks = load_seeds(args.locales_dir, args.marks, lesson)
    print(f"lesson {lesson.id}: {len(transcripts)} transcripts, hand marks for {', '.join(sorted(marks))}")
    print("\nleave-one-out (hidden locale cut from the marks of all the others):")
    total = Score(0, 0, 0)
    for code, result in leave_one_out(lesson, transcripts, marks).items():
        print(f"  {code:8} {result}")
        total += result
    print(f"  {'all':8} {total}")
    for reference in sorted(marks):
        total = Score(0, 0, 0)
        for result in one_reference(lesson, transcripts, marks, reference).values():
            total += result
        print(f"\none reference ({reference} marks only, the others automatic): {total}")
    print(f"\nseven transcripts aligned in {timing(lesson, transcripts, marks) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
