"""The optional embeddings extra: its arithmetic with a stand-in model, the bundled model itself (tests marked
``embeddings``; the development install includes the extra, so they run wherever the suite runs), and a
clear error where the extra is missing."""

from __future__ import annotations

import functools
import socket
import string
from pathlib import Path

import numpy as np
import pytest
from support import LESSON, REPO, eval_script

import coursegen.similarity as similarity_module
from coursegen.align import align
from coursegen.errors import AlignmentError
from coursegen.lessons import Lesson
from coursegen.marks import SectionMarks
from coursegen.similarity import Similarity, load_similarity
from coursegen.transcripts import Sentence, Transcript
from coursegen.units import split_units


def _letters(texts: list[str]) -> np.ndarray:
    """A stand-in model: how often each letter a-z occurs."""
    return np.array([[t.count(c) for c in string.ascii_lowercase] for t in texts], dtype=float)


def _transcript(sentences: list[str], lang: str = "xx") -> Transcript:
    parts: list[Sentence] = []
    text = ""
    for sentence in sentences:
        start = len(text) + (1 if text else 0)
        text = f"{text} {sentence}" if text else sentence
        parts.append(Sentence(sentence, start, start + len(sentence)))
    return Transcript(Path(f"{lang}.txt"), lang, "txt", "utf-8", text, tuple(parts))


def test_a_cut_matches_itself_best() -> None:
    transcript = _transcript([f"{c * 6} {c * 5} {c * 4}." for c in "abcdefgh"])
    units = split_units(transcript)
    rows = Similarity(_letters).changes(transcript.text, units)
    assert rows.shape == (len(units) + 1, 26)
    for k in range(1, len(units)):
        assert int(np.argmax(rows @ rows[k])) == k


def test_texts_are_embedded_once() -> None:
    seen: list[str] = []

    def embed(texts: list[str]) -> np.ndarray:
        seen.extend(texts)
        return _letters(texts)

    transcript = _transcript([f"{c * 6} {c * 5}." for c in "abcde"])
    similarity = Similarity(embed)
    units = split_units(transcript)
    first = similarity.changes(transcript.text, units)
    again = similarity.with_weight(3.0).changes(transcript.text, units)
    assert again is first
    assert len(seen) == len(set(seen)) == similarity.count


def test_without_the_extra_the_error_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from coursegen.cli import main

    monkeypatch.setattr(similarity_module, "available", lambda: False)
    with pytest.raises(AlignmentError, match=r"pip install 'coursegen\[embeddings\]'"):
        load_similarity()
    argv = ["align", LESSON, "--embeddings", "--locales-dir", str(REPO / "locales")]
    assert main([*argv, "--lessons-dir", str(REPO / "docs" / "lessons")]) == 2
    assert "coursegen[embeddings]" in capsys.readouterr().err


def test_a_stand_in_model_keeps_the_partition_and_the_marks(
    lesson: Lesson, seeds: tuple[dict[str, Transcript], dict[str, SectionMarks]]
) -> None:
    transcripts, marks = seeds
    others = {code: m for code, m in marks.items() if code != "fr"}
    alignment = align(lesson, transcripts, others, similarity=Similarity(_letters))
    for located in alignment.locales.values():
        assert "".join(s.text for s in located.sections) == located.transcript.text
        assert [s.section for s in located.sections] == list(alignment.sections)
    for code, truth in others.items():
        for mark in truth.marks:
            assert alignment.locales[code].section(mark.section).start == mark.offset


@pytest.mark.embeddings
@pytest.mark.slow  # about forty seconds of the model
def test_the_bundled_model_beats_length_and_anchors_offline(
    lesson: Lesson,
    seeds: tuple[dict[str, Transcript], dict[str, SectionMarks]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model reached for the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    similarity = load_similarity()
    script = eval_script()
    transcripts, marks = seeds
    default = script.leave_one_out(lesson, transcripts, marks)

    extra = script.leave_one_out(lesson, transcripts, marks, functools.partial(align, similarity=similarity))
    assert sum(s.exact for s in extra.values()) > sum(s.exact for s in default.values())
    assert sum(s.near for s in extra.values()) == sum(s.total for s in extra.values()) == 55
