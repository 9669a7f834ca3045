"""Warps between transcripts: the heaviest chain of anchor pairs, also on a long lecture."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from coursegen import warp
from coursegen.anchors import tokens
from coursegen.transcripts import read_transcript
from coursegen.units import split_units


def _brute_force(xs: list[float], ys: list[float], gain: list[float]) -> list[int]:
    """The chain as it was first written: every point against every earlier one, the first best on a tie."""
    best = list(gain)
    back = [-1] * len(xs)
    for m in range(len(xs)):
        allowed = [j for j in range(m) if xs[j] < xs[m] and ys[j] < ys[m]]
        if allowed:
            j = max(allowed, key=lambda i: (best[i], -i))
            best[m] += best[j]
            back[m] = j
    m = max(range(len(xs)), key=lambda i: (best[i], -i))
    chosen = []
    while m >= 0:
        chosen.append(m)
        m = back[m]
    return chosen[::-1]


# Few distinct values, so that points share an x or a y and chains tie in weight.
_POINTS = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 6), st.sampled_from([0.5, 1.0, 1.5])), min_size=1, max_size=40
)


@given(_POINTS)
def test_the_chain_is_the_heaviest_and_ties_go_as_before(points: list[tuple[int, int, float]]) -> None:
    points.sort()
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    gain = [p[2] for p in points]
    chosen = warp._heaviest_increasing(xs, ys, gain)
    assert chosen == _brute_force(xs, ys, gain)
    assert all(xs[a] < xs[b] and ys[a] < ys[b] for a, b in itertools.pairwise(chosen))


def _numbers(tmp_path: Path, code: str, seed: int) -> warp.Profile:
    """A transcript of 8,000 numbers out of 100, in sentences of ten: each number about every 100 words."""
    rng = random.Random(seed)
    words = [str(rng.randrange(100)) for _ in range(8000)]
    path = tmp_path / f"{code}.txt"
    path.write_text(". ".join(" ".join(words[i : i + 10]) for i in range(0, len(words), 10)) + ".")
    transcript = read_transcript(path, code, "txt", "utf-8")
    return warp.make_profile(code, transcript, split_units(transcript), tokens(transcript.text))


def test_a_long_lecture_chain_is_long_and_increasing(tmp_path: Path) -> None:
    source, target = _numbers(tmp_path, "de", 1), _numbers(tmp_path, "fr", 2)
    weights = {str(number): 1.0 for number in range(100)}
    xs, ys, raw = warp._chain(source, target, weights, None, warp.FINE_WINDOW, rare=False)
    assert len(xs) > 1000 and raw == len(xs)
    assert all(a < b for a, b in itertools.pairwise(xs)) and all(a < b for a, b in itertools.pairwise(ys))
