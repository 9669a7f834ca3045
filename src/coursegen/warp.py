"""Warps: how a position in one transcript maps to a position in another.

Every transcript is put on a relative axis, 0 at its first character and 1 at its last, measured in non-space
characters; this divides out each language's length ratio, estimated from the transcripts themselves. Between
two transcripts, anchors of the same type are paired into the heaviest chain that keeps both orders (a lecture
is told in one order in every language), and positions between anchors are interpolated, which is length-based
alignment in the sense of Gale and Church with the anchors as fixed points.
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass

import numpy as np

from coursegen.anchors import Anchor
from coursegen.transcripts import Transcript
from coursegen.units import Unit

log = logging.getLogger(__name__)

# How far (on the relative axis) two occurrences of a token may be and still be paired, first without any
# warp (rare tokens only), then around the coarse warp the rare tokens give.
COARSE_WINDOW = 0.5
FINE_WINDOW = 0.08
# A token seen at most this many times in both transcripts is rare enough for the coarse pass.
RARE = 3
# Slack around a window's edges in the search for partners, far above the rounding of a position.
_MARGIN = 1e-9


@dataclass(frozen=True)
class Profile:
    """One transcript as the aligner sees it: its units and anchors on the relative axis."""

    locale: str
    transcript: Transcript
    units: tuple[Unit, ...]
    axis: np.ndarray  # relative position of each character offset, len(text) + 1 entries
    starts: np.ndarray  # relative position of each unit start, then 1.0
    tokens: tuple[str, ...]
    positions: np.ndarray  # relative position of each anchor occurrence
    words: bool = False  # units are words (an unpunctuated transcript), not sentences and clauses


def make_profile(
    locale: str, transcript: Transcript, units: tuple[Unit, ...], anchors: list[Anchor], words: bool = False
) -> Profile:
    text = transcript.text
    solid = np.fromiter((not c.isspace() for c in text), dtype=np.float64, count=len(text))
    cumulative = np.concatenate(([0.0], np.cumsum(solid)))
    axis = cumulative / max(1.0, cumulative[-1])
    starts = np.array([axis[u.start] for u in units] + [1.0])
    positions = np.array([axis[a.offset] for a in anchors], dtype=np.float64)
    tokens = tuple(a.token for a in anchors)
    return Profile(locale, transcript, units, axis, starts, tokens, positions, words)


@dataclass(frozen=True)
class Warp:
    """A monotone map from the positions of ``source`` to those of ``target`` and how well anchors support it.

    ``knots_source``/``knots_target`` are the paired anchors; ``coverage`` is the share of the source's anchor
    weight that found a partner, out of ``source_anchors`` anchors (too few of them, and it says nothing).
    """

    source: str
    target: str
    knots_source: np.ndarray
    knots_target: np.ndarray
    slope: float
    coverage: float
    source_anchors: int = 0

    def __call__(self, position: float, clamp: bool = True) -> float:
        """Where ``position`` of the source falls in the target (clamped to the target's text unless told not
        to: a position past the target's end says the target lacks that part)."""
        xs, ys = self.knots_source, self.knots_target
        if position <= xs[0]:
            value = ys[0] - (xs[0] - position) * self.slope
        elif position >= xs[-1]:
            value = ys[-1] + (position - xs[-1]) * self.slope
        else:
            value = float(np.interp(position, xs, ys))
        return min(1.0, max(0.0, value)) if clamp else float(value)

    def support(self, position: float) -> float:
        """How closely anchors surround ``position``: 1 between near anchors, towards 0 far from any."""
        xs = self.knots_source
        right = int(np.searchsorted(xs, position))
        left_gap = position - xs[right - 1] if right > 0 else position + 1.0
        right_gap = xs[right] - position if right < len(xs) else 2.0 - position
        return float(np.exp(-(left_gap + right_gap) / 0.25))


def _chain(
    source: Profile,
    target: Profile,
    weights: dict[str, float],
    center: Warp | None,
    window: float,
    rare: bool,
) -> tuple[np.ndarray, np.ndarray, float]:
    """The heaviest chain of same-token pairs increasing in both transcripts; returns its knots and weight."""
    # Where each anchor token is in the target, in text order.
    places: dict[str, list[float]] = {}
    for token, position in zip(target.tokens, target.positions, strict=True):
        if token in weights:
            places.setdefault(token, []).append(float(position))
    counts: dict[str, int] = {}
    for token in source.tokens:
        counts[token] = counts.get(token, 0) + 1
    pairs: list[tuple[float, float, float, float]] = []
    for index, token in enumerate(source.tokens):
        ys = places.get(token)
        if not ys or (rare and (counts[token] > RARE or len(ys) > RARE)):
            continue
        x = float(source.positions[index])
        expected = center(x) if center is not None else x
        # Partners come in text order: only those about a window's width away are looked at (the margin
        # leaves the test below to decide at the window's very edge).
        low = bisect.bisect_left(ys, expected - window - _MARGIN)
        high = bisect.bisect_right(ys, expected + window + _MARGIN)
        for y in ys[low:high]:
            distance = abs(y - expected)
            if distance <= window:
                pairs.append((x, y, weights[token] * (1.0 - 0.5 * distance / window), weights[token]))
    if not pairs:
        return np.zeros(0), np.zeros(0), 0.0
    pairs.sort()
    chosen = _heaviest_increasing([p[0] for p in pairs], [p[1] for p in pairs], [p[2] for p in pairs])
    xs = np.array([p[0] for p in pairs])
    ys = np.array([p[1] for p in pairs])
    raw = float(sum(pairs[i][3] for i in chosen))
    return xs[chosen], ys[chosen], raw


def _heaviest_increasing(xs: list[float], ys: list[float], gain: list[float]) -> list[int]:
    """Indices of the heaviest chain of points increasing strictly in both ``xs`` (sorted) and ``ys``.

    Each point extends the heaviest chain ending below and left of it, the first such by index on a tie; that
    chain is found in a Fenwick tree over the ranks of ``ys`` holding (weight, index) maxima, in logarithmic
    time, where comparing with every earlier point took time in the square of the number of pairs, and pairs
    grow faster than the lecture.
    """
    rank = {y: r for r, y in enumerate(sorted(set(ys)), start=1)}
    size = len(rank)
    tree_best = [-1.0] * (size + 1)
    tree_index = [-1] * (size + 1)
    best = list(gain)
    back = [-1] * len(xs)
    group = 0
    while group < len(xs):
        end = group
        while end < len(xs) and xs[end] == xs[group]:
            end += 1
        for m in range(group, end):  # points at the same x do not precede one another: all ask first
            r = rank[ys[m]] - 1
            value, index = -1.0, -1
            while r > 0:
                v, i = tree_best[r], tree_index[r]
                if v > value or (v == value and i < index):
                    value, index = v, i
                r &= r - 1
            if index >= 0:
                best[m] += value
                back[m] = index
        for m in range(group, end):
            r = rank[ys[m]]
            while r <= size:
                if best[m] > tree_best[r]:  # on a tie the earlier point, already there, stays
                    tree_best[r], tree_index[r] = best[m], m
                r += r & -r
        group = end
    m = int(np.argmax(best))
    chosen: list[int] = []
    while m >= 0:
        chosen.append(m)
        m = back[m]
    chosen.reverse()
    return chosen


def _slope(xs: np.ndarray, ys: np.ndarray) -> float:
    if len(xs) >= 2 and xs[-1] - xs[0] > 0.2:
        return float((ys[-1] - ys[0]) / (xs[-1] - xs[0]))
    return 1.0


def _ends(xs: np.ndarray, ys: np.ndarray, slope: float) -> tuple[np.ndarray, np.ndarray]:
    """Add the ends of both texts as knots unless the anchors say the target lacks its start or end."""
    if len(xs) == 0:
        return np.array([0.0, 1.0]), np.array([0.0, 1.0])
    head_x, head_y = [0.0], [0.0]
    if ys[0] < 0.5 * slope * xs[0] and xs[0] > 0.1:  # the target starts late in the lecture
        head_x, head_y = [], []
    tail_x, tail_y = [1.0], [1.0]
    if (1.0 - ys[-1]) < 0.5 * slope * (1.0 - xs[-1]) and xs[-1] < 0.9:  # the target stops early
        tail_x, tail_y = [], []
    return np.concatenate((head_x, xs, tail_x)), np.concatenate((head_y, ys, tail_y))


def _mass(profile: Profile, weights: dict[str, float], other: Profile) -> tuple[float, int]:
    """The anchor weight of ``profile`` and how many anchors carry it."""
    mine: dict[str, int] = {}
    for token in profile.tokens:
        if token in weights:
            mine[token] = mine.get(token, 0) + 1
    return sum(weights[token] * count for token, count in mine.items()), sum(mine.values())


def warp(source: Profile, target: Profile, weights: dict[str, float]) -> Warp:
    """The warp from ``source`` to ``target``: a coarse pass on rare anchors, then all anchors around it."""
    xs, ys, _ = _chain(source, target, weights, None, COARSE_WINDOW, rare=True)
    slope = _slope(xs, ys)
    kx, ky = _ends(xs, ys, slope)
    coarse = Warp(source.locale, target.locale, kx, ky, slope, 0.0)
    xs, ys, raw = _chain(source, target, weights, coarse, FINE_WINDOW, rare=False)
    slope = _slope(xs, ys)
    kx, ky = _ends(xs, ys, slope)
    mass, anchors = _mass(source, weights, target)
    coverage = raw / mass if mass > 0 else 0.0
    log.debug("warp %s -> %s: %d knots, coverage %.2f", source.locale, target.locale, len(xs), coverage)
    return Warp(source.locale, target.locale, kx, ky, slope, min(1.0, coverage), anchors)
