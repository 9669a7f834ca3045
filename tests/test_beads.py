"""The local sentence alignment around a section start: its work per start does not grow with the lecture."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from coursegen import beads
from coursegen.anchors import anchor_weights, latin_share, tokens
from coursegen.marks import SectionMarks
from coursegen.transcripts import Transcript, read_transcript
from coursegen.units import split_units
from coursegen.warp import Profile, make_profile, warp

_FORWARD = beads._forward


def _lecture(
    tmp_path: Path, seeds: dict[str, Transcript], times: int
) -> tuple[Profile, Profile, dict[str, float]]:
    """The French and Ukrainian seeds told ``times`` times over, as one lecture each."""
    transcripts = {}
    for code in ("fr", "uk"):
        path = tmp_path / f"{code}-{times}.txt"
        path.write_text("\n\n".join([seeds[code].text] * times), encoding="utf-8")
        transcripts[code] = read_transcript(path, code, "txt", "utf-8")
    found = {code: tokens(t.text) for code, t in transcripts.items()}
    weights = anchor_weights(found, {code: latin_share(t.text) > 0.5 for code, t in transcripts.items()})
    fr, uk = (
        make_profile(code, transcripts[code], split_units(transcripts[code]), found[code])
        for code in ("fr", "uk")
    )
    return fr, uk, weights


def _cells(
    monkeypatch: pytest.MonkeyPatch, ref: Profile, target: Profile, weights: dict[str, float]
) -> tuple[int, int]:
    """Bead costs computed (cells of the alignment tables) for a start at every 8th reference unit, and how
    many starts."""
    counted = [0]

    def counting(*args: object) -> np.ndarray:
        table = _FORWARD(*args)  # type: ignore[arg-type]
        counted[0] += table.size
        return table

    monkeypatch.setattr(beads, "_forward", counting)
    mapping = warp(ref, target, weights)
    starts = range(8, len(ref.units) - 8, 8)
    for boundary in starts:
        beads.cut_costs(ref, boundary, target, mapping, weights)
    return counted[0], len(starts)


def test_work_grows_with_the_lecture_not_with_its_square(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    seeds: tuple[dict[str, Transcript], dict[str, SectionMarks]],
) -> None:
    transcripts, _ = seeds
    # Twice the seed is already longer than SCALE_UNITS: from there on, windows keep their size in units.
    short, short_starts = _cells(monkeypatch, *_lecture(tmp_path, transcripts, 2))
    long, long_starts = _cells(monkeypatch, *_lecture(tmp_path, transcripts, 16))
    assert short > 0
    assert long_starts >= 7 * short_starts
    # 8 times the starts of about the same work each: a window that was a share of the whole lecture made
    # each start 64 times the work.
    assert long <= 10 * short


def test_a_short_lecture_keeps_its_whole_share_as_window() -> None:
    starts = np.linspace(0.0, 1.0, 101)  # 100 units
    first, last = beads._window(starts, 50)
    assert (first, last) == (48, 52)  # ±1.5 % of the lecture
    many = np.linspace(0.0, 1.0, 1001)  # 1000 units: the window a lecture of SCALE_UNITS units would have
    first, last = beads._window(many, 500)
    assert 500 - first == last - 500 == 3
