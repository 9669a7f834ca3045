"""Cut every locale's transcript of a lesson into the lesson's sections.

Where a person marked a section start (``<lesson>.sections.yml``), that is where it starts. Every other start
is found from all the locales that mark it at once: each one's mark is carried into the transcript being cut
by an anchor warp (see ``warp``), the carried positions are averaged with weights for how well anchors support
them, and the result is snapped to a nearby sentence start, keeping the sections in order; which one is
decided with a local sentence alignment against each voting locale (see ``beads``). A second round
lets the locales cut automatically vote too, so the consensus is built from every transcript, not one
favourite.

Every character of a transcript belongs to exactly one section; each boundary carries a confidence in [0, 1]
that a check can hold against a threshold: a calibrated chance that the start is right, from how much a
runner-up cut would cost and how far apart the votes fall.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from coursegen.anchors import anchor_weights, latin_share, tokens
from coursegen.beads import cut_costs
from coursegen.errors import AlignmentError
from coursegen.lessons import OUTLINE_FILE, Lesson
from coursegen.marks import MARKS_SUFFIX, SectionMarks
from coursegen.transcripts import Transcript
from coursegen.units import is_unpunctuated, split_units
from coursegen.warp import Profile, Warp, make_profile, warp

if TYPE_CHECKING:
    from coursegen.similarity import Similarity

log = logging.getLogger(__name__)

# Below this share of a reference's anchors found again, a transcript is probably not the same lecture.
POOR_COVERAGE = 0.3
# A transcript whose own anchors are found this many times more often in the others than theirs in it, along
# a chain of at least PART_MIN_ANCHORS of them, holds a part of the lecture.
PART_RATIO = 2.0
PART_MIN_ANCHORS = 6
# How much an automatically cut locale's vote counts against a marked one's in the second round.
AUTO_VOTE = 0.5
_CANDIDATES = 6
# Costs of a cut, in units of a mean unit's share of the text: at a clause rather than a sentence start, and
# per anchor put on the other side of the boundary than the voting locales have it.
CLAUSE_COST = 1.5
# More at a clause after a comma: a missing full stop can hide a section start, a comma hardly ever does.
# Measured: no seed's hand mark moves, 4 more exact starts with a single reference (192/220), and Hindi and
# Arabic transcripts no longer open "bigger networks" in the middle of a sentence; counted in scripts without
# spaces too (a long sentence's pieces cut at "，" were sentence starts), 193/220, 219 within one (217).
COMMA_COST = 10.0
CROSSING_COST = 0.5
_EMPTY_COST = 1.0
# Weight of the distance to the warped estimate, and of the local sentence alignment's cost (see ``beads``) in
# mean units per unit of cost; a candidate the local alignment did not reach costs LOCAL_FAR.
DISTANCE_COST = 1.0
LOCAL_COST = 1.0
LOCAL_FAR = 12.0
# A short sentence ("So, finally.") more often opens a section than closes one: a cut before a sentence
# shorter than SHORT times the median unit gets OPENING_BONUS mean units off its cost.
SHORT = 0.5
OPENING_BONUS = 0.5
# Intercept and weights of margin, spread and support in ``calibrated``.
CALIBRATION = (-0.74, 0.89, -2.03, 0.0)


@dataclass(frozen=True)
class SectionText:
    """One section of one transcript: ``text == transcript.text[start:end]``."""

    section: str
    start: int
    end: int
    text: str
    confidence: float


@dataclass(frozen=True)
class LocaleAlignment:
    """One locale's transcript cut into every section of the lesson, in lesson order."""

    locale: str
    transcript: Transcript
    sections: tuple[SectionText, ...]
    # Why the whole transcript may not fit the lesson ("it seems to stop before the end of the lecture").
    doubts: tuple[str, ...] = ()
    # Marked sections that the other transcripts have two sections or more away: (marked, theirs).
    misplaced: tuple[tuple[str, str], ...] = ()

    def section(self, section_id: str) -> SectionText:
        for section in self.sections:
            if section.section == section_id:
                return section
        raise KeyError(section_id)


@dataclass(frozen=True)
class Alignment:
    """Every locale of a lesson cut into the same sections."""

    lesson: str
    sections: tuple[str, ...]
    locales: Mapping[str, LocaleAlignment] = field(default_factory=dict)
    #: Sections no locale marks the start of: placed by length alone (the build warns; check lists them).
    unpinned: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """The alignment as plain data (the CLI's ``--json``)."""
        return {
            "lesson": self.lesson,
            "sections": list(self.sections),
            "locales": {
                code: [
                    {"section": s.section, "text": s.text, "confidence": round(s.confidence, 3)}
                    for s in located.sections
                ]
                for code, located in self.locales.items()
            },
        }


@dataclass(frozen=True)
class Weak:
    """A section start whose confidence is below a threshold."""

    locale: str
    section: str
    confidence: float


def calibrated(margin: float, spread: float, support: float) -> float:
    """The chance that an automatic section start is right, from how it was found.

    ``margin``: how much more the best other cut costs (mean units); ``spread``: how far apart the voting
    locales put it (mean units); ``support``: how closely anchors surround it. A logistic model fitted on
    leave-one-out and single-reference runs over hand-marked transcripts, so that 0.5 separates likely right
    from likely wrong starts.
    """
    score = CALIBRATION[0] + CALIBRATION[1] * min(margin, 10.0) + CALIBRATION[2] * min(spread, 10.0)
    score += CALIBRATION[3] * support
    return float(1.0 / (1.0 + math.exp(-score)))


#: Section starts below this confidence are the ones check reports and the build counts.
LOW_CONFIDENCE = 0.5


def low_confidence(alignment: Alignment, threshold: float = LOW_CONFIDENCE) -> list[Weak]:
    """The section starts a person should look at, in locale then lesson order."""
    return [
        Weak(code, section.section, section.confidence)
        for code, located in alignment.locales.items()
        for section in located.sections
        if section.confidence < threshold
    ]


@dataclass
class _Cut:
    """The working state of one locale: fixed and chosen boundaries as unit indices, with confidences."""

    profile: Profile
    fixed: dict[int, int]
    chosen: list[int]
    confidence: list[float]
    quality: float = 1.0
    partial: bool = False  # the transcript lacks the start or the end of the lecture: it does not vote
    doubts: list[str] = field(default_factory=list)
    misplaced: tuple[tuple[str, str], ...] = ()


def _boundary_position(cut: _Cut, k: int) -> float:
    return float(cut.profile.starts[cut.chosen[k]])


def _estimate(
    target: _Cut,
    k: int,
    cuts: Mapping[str, _Cut],
    warps: dict[tuple[str, str], Warp],
    with_auto: bool,
    weights_: dict[str, float],
    similarity: Similarity | None = None,
) -> _Estimate | None:
    """Where section ``k`` starts in ``target`` by the other locales, and the anchors that must flank it."""
    sides: list[tuple[float, np.ndarray, np.ndarray]] = []
    values: list[float] = []
    weights: list[float] = []
    supports: list[float] = []
    coverages: list[float] = []
    local: dict[int, float] = {}
    local_weight = 0.0
    outside: list[float] = []
    for code, other in cuts.items():
        if other is target:
            continue
        if k in other.fixed:
            vote = 1.0
        elif with_auto and other.confidence[k] > 0 and not other.partial:
            vote = AUTO_VOTE * other.confidence[k]
        else:
            continue
        mapping = warps[(code, target.profile.locale)]
        source = _boundary_position(other, k)
        support = mapping.support(source)
        weight = vote * max(mapping.coverage, 1e-3) * (0.2 + support)
        values.append(mapping(source))
        weights.append(weight)
        raw = mapping(source, clamp=False)
        outside.append(max(0.0, raw - 1.0, -raw))
        after = mapping.knots_source >= source
        sides.append((weight, mapping.knots_target[~after], mapping.knots_target[after]))
        supports.append(support)
        coverages.append(mapping.coverage)
        costs = (
            {}
            if other.profile.words or target.profile.words
            else cut_costs(other.profile, other.chosen[k], target.profile, mapping, weights_)
        )
        if similarity is not None:
            costs = similarity.cut_costs(costs, other.profile, other.chosen[k], target.profile)
        if costs:
            for i in set(local) | set(costs):
                local[i] = local.get(i, LOCAL_FAR * local_weight) + weight * costs.get(i, LOCAL_FAR)
            local_weight += weight
    if not values:
        return None
    w = np.array(weights)
    v = np.array(values)
    mean = float(np.dot(w, v) / w.sum())
    spread = float(np.sqrt(np.dot(w, (v - mean) ** 2) / w.sum()))
    total = float(w.sum())
    sides = [(weight / total, before, after) for weight, before, after in sides]
    local = {i: c / local_weight for i, c in local.items()} if local_weight else {}
    return _Estimate(
        mean,
        float(np.dot(w, supports)) / total,
        spread,
        float(np.dot(w, coverages)) / total,
        sides,
        local,
        float(np.dot(w, outside)) / total,
    )


@dataclass(frozen=True)
class _Estimate:
    """A boundary as the other locales see it: mean position, anchor support, spread of votes, coverage.

    ``outside`` is how far past either end of this transcript the votes fall on average (0 when inside).

    ``sides`` holds, per voting locale, its weight and the anchor positions (in the target) that fall before
    and after the boundary in that locale: a cut between them on the wrong side contradicts the vote.
    """

    position: float
    support: float
    spread: float
    coverage: float
    sides: list[tuple[float, np.ndarray, np.ndarray]]
    local: dict[int, float] = field(default_factory=dict)
    outside: float = 0.0

    def crossings(self, position: float) -> float:
        """Weighted count of anchors a cut at ``position`` puts on the wrong side."""
        return sum(
            weight * (int(np.count_nonzero(before >= position)) + int(np.count_nonzero(after < position)))
            for weight, before, after in self.sides
        )


def _snap(
    cut: _Cut, estimates: dict[int, float], facts: dict[int, _Estimate], sections: int
) -> tuple[list[int], list[float]]:
    """Unit indices for every boundary: fixed ones kept, the others near their estimate, in order.

    A small dynamic programme over a few candidates per boundary; a boundary may equal the previous one
    (an empty section) only at a cost, which pays off when the transcript really lacks that part.
    """
    starts = cut.profile.starts
    units = cut.profile.units
    n = len(units)
    step = 1.0 / max(1, n)
    typical = float(np.median([u.weight for u in units]))
    candidates: list[list[tuple[int, float]]] = [[(0, 0.0)]]
    for k in range(1, sections):
        if k in cut.fixed:
            candidates.append([(cut.fixed[k], 0.0)])
            continue
        e = estimates[k]
        order = np.argsort(np.abs(starts[1:] - e), kind="stable")[:_CANDIDATES] + 1
        before = max((i for j, i in cut.fixed.items() if j < k), default=0)
        after = min((i for j, i in cut.fixed.items() if j > k), default=n)
        options = []
        local = facts[k].local if k in facts else {}
        near = {i for i in local if before < i < after and local[i] < LOCAL_FAR}
        for i in sorted({*(int(x) for x in order), min(before + 1, n), max(after - 1, 1), n, *near}):
            cost = DISTANCE_COST * abs(float(starts[i]) - e)
            if i < n and not units[i].sentence:
                cost += CLAUSE_COST * step
                if units[i].after_comma:
                    cost += COMMA_COST * step
            if k in facts:
                cost += CROSSING_COST * step * facts[k].crossings(float(starts[i]))
            if local:
                cost += LOCAL_COST * step * min(local.get(i, LOCAL_FAR), LOCAL_FAR)
            if i < n and units[i].sentence and units[i].weight < SHORT * typical:
                cost -= OPENING_BONUS * step
            options.append((i, cost))
        candidates.append(options)
    best: list[dict[int, tuple[float, int]]] = [{0: (0.0, -1)}]
    for k in range(1, sections):
        layer: dict[int, tuple[float, int]] = {}
        for i, cost in candidates[k]:
            options = [
                (total + cost + _empty_cost(cut, k - 1) * (j == i), j)
                for j, (total, _) in best[k - 1].items()
                if j <= i and not (j == i and k in cut.fixed)
            ]
            if options:
                layer[i] = min(options)
        best.append(layer)
    end = min(best[-1], key=lambda i: best[-1][i][0])
    path = [end]
    for k in range(sections - 1, 0, -1):
        path.append(best[k][path[-1]][1])
    path.reverse()
    return path, _margins(cut, candidates, best, path, step)


def _margins(
    cut: _Cut,
    candidates: list[list[tuple[int, float]]],
    best: list[dict[int, tuple[float, int]]],
    path: list[int],
    step: float,
) -> list[float]:
    """Per boundary, how much more (in mean units) the best cut elsewhere costs than the chosen one.

    The cost of the best cut forced through each candidate is the forward cost to it plus the backward cost
    from it; a boundary whose runner-up costs nearly as much is one a person should look at.
    """
    sections = len(candidates)
    after: list[dict[int, float]] = [{} for _ in range(sections)]
    after[-1] = {i: 0.0 for i, _ in candidates[-1]}
    for k in range(sections - 2, -1, -1):
        for i, _ in candidates[k]:
            options = [
                cost + _empty_cost(cut, k) * (j == i) + after[k + 1][j]
                for j, cost in candidates[k + 1]
                if j >= i and not (j == i and k + 1 in cut.fixed) and j in after[k + 1]
            ]
            if options:
                after[k][i] = min(options)
    margins = [math.inf]
    for k in range(1, sections):
        through = {i: best[k][i][0] + after[k][i] for i in best[k] if i in after[k]}
        chosen = through.get(path[k], 0.0)
        others = [total for i, total in through.items() if i != path[k]]
        margins.append((min(others) - chosen) / step if others else math.inf)
    return margins


def _empty_cost(cut: _Cut, k: int) -> float:
    """Leaving section ``k`` empty: costly, and all but impossible when a person marked where it starts."""
    return 100 * _EMPTY_COST if k in cut.fixed else _EMPTY_COST


def _round(
    cuts: Mapping[str, _Cut],
    warps: dict[tuple[str, str], Warp],
    sections: int,
    with_auto: bool,
    weights: dict[str, float],
    similarity: Similarity | None = None,
) -> None:
    results: dict[str, tuple[list[int], list[float]]] = {}
    for cut in cuts.values():
        estimates: dict[int, float] = {}
        facts: dict[int, _Estimate] = {}
        for k in range(1, sections):
            if k in cut.fixed:
                continue
            found = _estimate(cut, k, cuts, warps, with_auto, weights, similarity)
            if found is not None:
                estimates[k] = found.position
                facts[k] = found
        _fill_gaps(estimates, cut, sections)
        chosen, margins = _snap(cut, estimates, facts, sections)
        step = 1.0 / max(1, len(cut.profile.units))
        confidence = [cut.quality]
        for k in range(1, sections):
            if k in cut.fixed:
                confidence.append(1.0)
                continue
            fact = facts.get(k)
            support, spread = (fact.support, fact.spread) if fact else (0.0, 1.0)
            value = cut.quality * calibrated(margins[k], spread / step, support)
            if fact is not None and fact.outside > 0:  # the others put it past this transcript's end
                value *= math.exp(-fact.outside / step)
            confidence.append(value)
        results[cut.profile.locale] = (chosen, confidence)
    for code, (chosen, confidence) in results.items():
        cuts[code].chosen = chosen
        cuts[code].confidence = confidence


def _fill_gaps(estimates: dict[int, float], cut: _Cut, sections: int) -> None:
    """A boundary nobody marked is put between its neighbours; its confidence stays near zero."""
    known = {0: 0.0, sections: 1.0}
    known.update({k: float(cut.profile.starts[i]) for k, i in cut.fixed.items()})
    known.update(estimates)
    for k in range(1, sections):
        if k in known:
            continue
        before = max(j for j in known if j < k)
        after = min(j for j in known if j > k)
        estimates[k] = known[before] + (known[after] - known[before]) * (k - before) / (after - before)
        known[k] = estimates[k]


def _unit_index(profile: Profile, offset: int) -> int:
    for index, unit in enumerate(profile.units):
        if unit.start == offset:
            return index
    raise AssertionError(f"no unit starts at {offset}")  # units are cut at every mark


def unpinned_reason(lesson: Lesson, section: str) -> str:
    """Why a section's start is only a guess (see :attr:`Alignment.unpinned`)."""
    return (
        f"no locale marks where section '{section}' starts, so it is placed by length alone: pin it in one "
        f"locale's {lesson.id}{MARKS_SUFFIX}"
    )


def align(
    lesson: Lesson,
    transcripts: Mapping[str, Transcript],
    marks: Mapping[str, SectionMarks] | None = None,
    *,
    similarity: Similarity | None = None,
) -> Alignment:
    """Cut every transcript into ``lesson``'s sections, keeping the marked starts and finding the others.

    ``similarity`` (the optional extra, see ``similarity``) adds how well sentence embeddings match to the
    cost of each candidate start; without it, length and anchors alone decide.
    """
    marks = marks or {}
    ids = lesson.section_ids
    outline = lesson.root / OUTLINE_FILE
    if not transcripts:
        raise AlignmentError(f"no transcripts to align for lesson '{lesson.id}'", path=outline)
    unknown = sorted(set(marks) - set(transcripts))
    if unknown:
        raise AlignmentError(f"section marks for locales without a transcript: {', '.join(unknown)}")
    if len(ids) > 1 and not any(m.marks for m in marks.values()):
        raise AlignmentError(
            f"no transcript marks where the sections start: write {lesson.id}{MARKS_SUFFIX} next to "
            "one of the lesson's transcripts (locales/<code>/transcripts/)",
            path=outline,
        )
    found = {code: tokens(t.text) for code, t in transcripts.items()}
    latin = {code: latin_share(t.text) > 0.5 for code, t in transcripts.items()}
    weights = anchor_weights(found, latin)
    order = {section_id: k for k, section_id in enumerate(ids)}
    cuts: dict[str, _Cut] = {}
    for code in sorted(transcripts):
        transcript = transcripts[code]
        offsets = marks[code].offsets if code in marks else {}
        units = split_units(transcript, offsets.values())
        if not units:
            raise AlignmentError("transcript has no text", path=transcript.path)
        profile = make_profile(code, transcript, units, found[code], is_unpunctuated(transcript))
        fixed = {order[s]: _unit_index(profile, o) for s, o in offsets.items() if order[s] > 0}
        chosen = [fixed.get(k, 0) for k in range(len(ids))]
        cuts[code] = _Cut(profile, fixed, chosen, [1.0 if k in fixed else 0.0 for k in range(len(ids))])
    unpinned = tuple(ids[k] for k in range(1, len(ids)) if not any(k in cut.fixed for cut in cuts.values()))
    warps = {(a, b): warp(cuts[a].profile, cuts[b].profile, weights) for a in cuts for b in cuts if a != b}
    _assess(cuts, warps)
    _round(cuts, warps, len(ids), False, weights, similarity)
    _round(cuts, warps, len(ids), True, weights, similarity)
    for code, cut in cuts.items():
        cut.misplaced = _misplaced_marks(code, cuts, warps, ids)
    located = {code: _located(cuts[code], ids) for code in sorted(cuts)}
    return Alignment(lesson.id, ids, located, unpinned)


def _misplaced_marks(
    code: str, cuts: Mapping[str, _Cut], warps: dict[tuple[str, str], Warp], ids: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    """``(pinned section, the section the other transcripts have there)`` for each mark of ``code`` that
    lands two sections or more away from its own, or in the next or previous one by every other
    transcript's vote: a quote from the wrong part of the transcript (the next section's first words, the
    likeliest slip), which leaves the sections between empty or swollen. Each other transcript votes for its
    section whose start is nearest to the mark carried over by the warp; one section away, a single dissent
    (a transcript itself pinned wrong) is doubt enough to stay silent."""
    cut = cuts[code]
    starts_of = {
        other: [_boundary_position(cuts[other], j) if j else 0.0 for j in range(len(ids))]
        for other in cuts
        if other != code and not cuts[other].partial
    }
    found = []
    for k in sorted(cut.fixed):
        position = _boundary_position(cut, k)
        votes: Counter[int] = Counter()
        for other, starts in starts_of.items():
            mapped = warps[(code, other)](position)
            votes[min(range(len(ids)), key=lambda j: abs(starts[j] - mapped))] += 1
        if votes:
            there, count = votes.most_common(1)[0]
            if abs(there - k) >= 2 or (there != k and count == len(starts_of)):
                found.append((ids[k], ids[there]))
    return tuple(found)


def _assess(cuts: Mapping[str, _Cut], warps: dict[tuple[str, str], Warp]) -> None:
    """Each locale's quality: how much of the marked locales' anchors it shares; what to doubt when that is
    little, or when the transcript lacks the start or the end of the lecture (kept in the alignment: the
    build logs it, ``check`` and ``add-locale`` report it)."""
    marked = [code for code, cut in cuts.items() if cut.fixed]
    for code, cut in cuts.items():
        others = [warps[(m, code)] for m in marked if m != code] or [
            warps[(o, code)] for o in cuts if o != code
        ]
        # Transcripts without numbers, formulas or code (a short lesson in words only) share no anchors:
        # their coverage says nothing, and nothing is doubted or lowered on its account.
        if (
            len(cut.fixed) > 0
            or not others
            or np.median([w.source_anchors for w in others]) < PART_MIN_ANCHORS
        ):
            continue
        coverage = float(np.median([w.coverage for w in others]))
        # The other way round: a part of the lecture finds most of its anchors in the whole lecture, along a
        # chain of them, while a different lecture finds few either way.
        own = float(np.median([warps[(code, w.source)].coverage for w in others]))
        chained = float(
            np.median([np.count_nonzero((w.knots_source > 0) & (w.knots_source < 1)) for w in others])
        )
        cut.quality = float(min(1.0, coverage / (2 * POOR_COVERAGE)))
        ends = [float(w.knots_target[-1]) for w in others]
        starts = [float(w.knots_target[0]) for w in others]
        part = (
            coverage < POOR_COVERAGE
            and own >= max(POOR_COVERAGE, PART_RATIO * coverage)
            and chained >= PART_MIN_ANCHORS
        )
        if part:
            cut.doubts.append(
                f"it seems to hold only part of the lecture ({100 * coverage:.0f}% of the other transcripts' "
                f"anchors are found in it, {100 * own:.0f}% of its own in them): is the transcript complete?"
            )
        elif coverage < POOR_COVERAGE:
            cut.doubts.append(
                f"it shares few anchors with the other transcripts ({100 * coverage:.0f}%): "
                "a different lecture?"
            )
        stops_early = not part and min(ends) < 0.999 and np.median(ends) < 0.999
        if stops_early:
            cut.doubts.append("it seems to stop before the end of the lecture")
        starts_late = not part and np.median(starts) > 0.001
        if starts_late:
            cut.doubts.append("it seems to start after the lecture begins")
        cut.partial = part or stops_early or starts_late


def _located(cut: _Cut, ids: tuple[str, ...]) -> LocaleAlignment:
    transcript = cut.profile.transcript
    text = transcript.text
    units = cut.profile.units
    offsets = [0] + [units[i].start if i < len(units) else len(text) for i in cut.chosen[1:]] + [len(text)]
    sections = []
    for k, section_id in enumerate(ids):
        start, end = offsets[k], offsets[k + 1]
        confidence = cut.confidence[k] if text[start:end].strip() else 0.0
        sections.append(SectionText(section_id, start, end, text[start:end], confidence))
    return LocaleAlignment(cut.profile.locale, transcript, tuple(sections), tuple(cut.doubts), cut.misplaced)
