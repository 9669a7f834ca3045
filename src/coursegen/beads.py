"""Local sentence alignment around a section start: which cut in one transcript matches a cut in another.

The warp (see ``warp``) says roughly where a reference locale's section start falls in the transcript being
cut, but a position interpolated between anchors lands a sentence early or late wherever one translation
says a little more than the other (a short "So, finally." of its own, a sentence split in two). Around the
reference's start, its units and the target's are aligned as Gale and Church align sentences: into beads of
one to three units on each side whose lengths, on the relative axis that divides out each language's length
ratio, should agree, and whose anchors (numbers, formulas, kept terms) should be the same. The alignment is
forced through the reference's start and each candidate cut in turn; the cost of the best such alignment
says how well that candidate matches. Only the ends of the window rely on the warp, and loosely.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import numpy as np

from coursegen.warp import Profile, Warp

log = logging.getLogger(__name__)

# Span of the reference around its section start, each side, on the relative axis, and at least this many
# units each side.
SPAN = 0.015
MIN_UNITS = 1
# SPAN and END_SIGMA are shares of a transcript of at most this many units (about 10 minutes; the seeds have
# 86 to 177): in a longer one they keep the size in units they have there. As shares of the whole lecture they
# grew with it, to ±23 units each side at 80 minutes and the alignment's time with the square of that, while
# how far a section start falls from the warp's estimate does not grow: at most 6 units on the seeds, 2 on an
# 80-minute lecture.
SCALE_UNITS = 200
# Variance of a bead's length difference per unit of length (relative axis, times the reference's length in
# characters): Gale and Church's s^2, larger because spoken transcripts are translated loosely.
VARIANCE = 12.0
# Cost of a bead by its shape, on top of its length cost: one unit to one is the norm.
SHAPES: dict[tuple[int, int], float] = {
    (1, 1): 0.0,
    (1, 2): 1.5,
    (2, 1): 1.5,
    (2, 2): 3.0,
    (1, 3): 3.0,
    (3, 1): 3.0,
    (1, 0): 4.5,
    (0, 1): 4.5,
}
# Cost per unit of anchor weight found on one side of a bead and not on the other.
ANCHOR = 6.0
# How loosely the window's ends are tied to the warp, on the relative axis.
END_SIGMA = 0.005


@dataclass(frozen=True)
class _Side:
    """Units of one transcript in a window as running sums: relative length, and weighted anchor counts."""

    lengths: np.ndarray  # len(units) + 1 running sums
    anchors: np.ndarray  # (len(units) + 1, anchor types) running sums of weighted counts

    def reversed(self) -> _Side:
        return _Side(self.lengths[-1] - self.lengths[::-1], self.anchors[-1] - self.anchors[::-1])


def _anchors_between(profile: Profile, low: float, high: float) -> range:
    """Indices of the anchors at ``low <= position < high`` (anchors come in text order), found without a
    scan of the whole transcript, which each of a long lecture's many windows would pay."""
    positions = profile.positions
    return range(
        int(np.searchsorted(positions, low, side="left")), int(np.searchsorted(positions, high, side="left"))
    )


def _side(
    profile: Profile, first: int, last: int, columns: dict[str, int], weights: dict[str, float]
) -> _Side:
    starts = profile.starts
    counts = np.zeros((last - first + 1, len(columns)))
    for anchor in _anchors_between(profile, starts[first], starts[last]):
        token = profile.tokens[anchor]
        if token in columns:
            index = int(np.searchsorted(starts, profile.positions[anchor], side="right")) - first
            if 1 <= index <= last - first:
                counts[index, columns[token]] += weights[token]
    return _Side(starts[first : last + 1] - starts[first], np.cumsum(counts, axis=0))


def _forward(ref: _Side, tgt: _Side, start: np.ndarray, until: int, scale: float) -> np.ndarray:
    """Best cost of aligning reference units ``[0, i)`` with target units up to ``j``, for ``i <= until``.

    ``start[j]`` is the cost of starting the alignment at target unit ``j``.
    """
    m = len(tgt.lengths) - 1
    cost = np.full((until + 1, m + 1), math.inf)
    cost[0] = start
    extra = (tgt.anchors[1:] - tgt.anchors[:-1]).sum(axis=1)
    alone = (
        SHAPES[(0, 1)] + (tgt.lengths[1:] - tgt.lengths[:-1]) * scale / VARIANCE + ANCHOR * extra
    ).tolist()
    for i in range(until + 1):
        row = cost[i]
        for (a, b), shape in SHAPES.items():
            if a > i or b > m or a == 0:
                continue
            x = ref.lengths[i] - ref.lengths[i - a]
            y = tgt.lengths[b:] - tgt.lengths[: m + 1 - b]
            bead = shape + (y - x) ** 2 * scale / (VARIANCE * np.maximum(x + y, 1e-9))
            ref_bag = ref.anchors[i] - ref.anchors[i - a]
            tgt_bag = tgt.anchors[b:] - tgt.anchors[: m + 1 - b]
            bead += ANCHOR * np.abs(tgt_bag - ref_bag).sum(axis=1)
            np.minimum(row[b:], cost[i - a, : m + 1 - b] + bead, out=row[b:])
        # A target unit of its own: sequential along the row, so on Python floats (numpy scalars cost more).
        values = row.tolist()
        for j, bead in enumerate(alone, start=1):
            values[j] = min(values[j], values[j - 1] + bead)
        row[:] = values
    return cost


def _window(starts: np.ndarray, index: int) -> tuple[int, int]:
    n = len(starts) - 1
    here = starts[index]
    span = SPAN * _scale(n)
    first = min(index - MIN_UNITS, int(np.searchsorted(starts, here - span, side="right")) - 1)
    last = max(index + MIN_UNITS, int(np.searchsorted(starts, here + span, side="left")))
    return max(0, first), min(n, last)


def _scale(units: int) -> float:
    """What a share of the transcript is multiplied by so that it spans no more units than in a transcript
    of SCALE_UNITS units."""
    return min(1.0, SCALE_UNITS / max(1, units))


def cut_costs(
    ref: Profile, boundary: int, target: Profile, mapping: Warp, weights: dict[str, float]
) -> dict[int, float]:
    """For target unit starts near where ``ref``'s unit ``boundary`` maps, the cost of cutting there.

    Costs are relative to the best candidate (which costs 0); a candidate absent from the result is far.
    """
    first, last = _window(ref.starts, boundary)
    low = mapping(float(ref.starts[first]))
    high = mapping(float(ref.starts[last]))
    starts = target.starts
    sigma = END_SIGMA * _scale(len(starts) - 1)
    t_first = max(0, int(np.searchsorted(starts, low - 2 * sigma, side="right")) - 1)
    t_last = min(len(starts) - 1, int(np.searchsorted(starts, high + 2 * sigma, side="left")))
    if t_last <= t_first:
        return {}
    present = sorted(
        {ref.tokens[i] for i in _anchors_between(ref, ref.starts[first], ref.starts[last])}
        | {target.tokens[i] for i in _anchors_between(target, starts[t_first], starts[t_last])}
    )
    present = [token for token in present if token in weights]
    columns = {token: index for index, token in enumerate(present)}
    ref_side = _side(ref, first, last, columns, weights)
    tgt_side = _side(target, t_first, t_last, columns, weights)
    scale = float(len(ref.transcript.text))
    positions = starts[t_first : t_last + 1]
    start = (positions - low) ** 2 / (2 * sigma**2)
    end = (positions - high) ** 2 / (2 * sigma**2)
    middle = boundary - first
    ahead = _forward(ref_side, tgt_side, start, middle, scale)[middle]
    behind = _forward(ref_side.reversed(), tgt_side.reversed(), end[::-1], last - boundary, scale)
    total = ahead + behind[last - boundary][::-1]
    if not np.isfinite(total).any():
        return {}
    best = float(np.min(total))
    return {t_first + j: float(c - best) for j, c in enumerate(total) if math.isfinite(c)}
