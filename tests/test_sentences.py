"""Sentence segmentation: ICU plus the lowercase-start rules, and clause cuts for unpunctuated text."""

from __future__ import annotations

import itertools
import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursegen.sentences import _STOP, _extra_ends, _word_before, is_unspaced, segment


def _cut(text: str, locale: str, **options) -> list[str]:
    return [text[start:end] for start, end in segment(text, locale, **options)]


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("fr", "Multipliez par 0,01. Puis 0.01 ok.", ["Multipliez par 0,01.", "Puis 0.01 ok."]),
        (
            "uk",
            "Після 3-ох ітерацій і т.д. - незалежно від НМ. Так.",
            ["Після 3-ох ітерацій і т.д. - незалежно від НМ.", "Так."],
        ),
        (
            "uk",
            "Коригування - w[1]:=w[1]-αdw - то побачимо. Добре.",
            ["Коригування - w[1]:=w[1]-αdw - то побачимо.", "Добре."],
        ),
        (
            "tr",
            "İşte burada yaptıklarınız. w1 = np.random.randn olarak.",
            ["İşte burada yaptıklarınız.", "w1 = np.random.randn olarak."],
        ),
        (
            "ko",
            "초기화해도 됩니다. w가 임의로 초기화된 이상.",
            ["초기화해도 됩니다.", "w가 임의로 초기화된 이상."],
        ),
        ("fr", "Voir p. ex. la figure. Fin.", ["Voir p. ex. la figure.", "Fin."]),
    ],
    ids=["decimals", "abbreviation", "formula", "code-start", "caseless-stop", "short-abbreviation"],
)
def test_sentence_ends(locale, text, expected):
    assert _cut(text, locale) == expected


def test_unpunctuated_cjk_run_is_cut_at_clause_spaces_within_the_budget():
    clause = "當您訓練您的神經網路 怎樣隨機初始這些權重是很重要的 "
    text = clause * 12
    pieces = _cut(text, "zh_Hant")
    assert len(pieces) > 4
    assert all(len(piece) <= 60 for piece in pieces)
    assert all(piece.endswith("的") or piece.endswith("路") for piece in pieces)  # cut at the spaces


def test_a_long_run_is_not_cut_inside_the_brackets_of_a_formula():
    """A long Thai sentence was cut between "randn((2," and "2))": the second half a place a section could
    start."""
    text = "คุณสามารถตั้งค่าน้ำหนักแบบสุ่มได้ดังนี้ " * 2 + "w1 = np.random.randn((2, 2)) ซึ่งสร้างเมทริกซ์" * 3
    pieces = _cut(text, "th")
    assert len(pieces) > 1 and not any(piece.startswith("2))") for piece in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")


def test_line_starts_are_used_when_there_is_no_better_boundary():
    text = "甲" * 50 + "乙" * 50
    assert _cut(text, "zh_Hant", line_starts=[50]) == ["甲" * 50, "乙" * 50]


def test_hard_breaks_and_blank_lines_end_sentences():
    text = "Title line\n\nFirst words here and more words"
    assert _cut(text, "en", hard_breaks=[5]) == ["Title", "line", "First words here and more words"]


def test_offsets_are_python_indices_beyond_the_basic_plane():
    text = "😀 Un. 𠀋 Deux. Trois."
    assert _cut(text, "fr") == ["😀 Un.", "𠀋 Deux.", "Trois."]


def test_unspaced_scripts():
    assert [is_unspaced(ch) for ch in "中か한aЖ。 "] == [True, True, False, False, False, True, False]


@given(st.text(min_size=1, max_size=400), st.sampled_from(["fr", "zh_Hant", "ko", "tr", "uk", "root"]))
def test_spans_cover_every_non_space_character_once_in_order(text, locale):
    spans = segment(text, locale)
    assert all(a < b and text[a:b] == text[a:b].strip() for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(spans))
    joined = "".join(text[a:b] for a, b in spans)
    assert re.sub(r"\s", "", joined) == re.sub(r"\s", "", text)


# The rule as first written, with the word before the stop matched by a lazy pattern in front of it.
_LAZY_STOP = re.compile(r"(?P<word>\S*?)(?P<last>\w)(?P<stop>[.!?…]+)[\"'”’»)\]]*\s+(?=(?P<next>\w))")


@given(
    st.lists(
        st.sampled_from(["a", "B", "ж", "權", "됩", "1", ".", "...", "!", "?", "…", " ", "\n", "»", "’"]),
        max_size=60,
    ).map("".join)
)
def test_the_word_before_a_stop_is_the_one_a_lazy_pattern_in_front_finds(text):
    found = [(m.start("last"), m.group("word")) for m in _LAZY_STOP.finditer(text)]
    assert [(m.start(), _word_before(text, m.start())) for m in _STOP.finditer(text)] == found


@pytest.mark.parametrize("text", ["權重初始化" * 12_000, "x" * 60_000, "a. b" * 15_000])
def test_sentence_ends_in_a_long_run_without_spaces_take_linear_time(text):
    started = time.process_time()
    _extra_ends(text)
    # Linear: a few milliseconds; the lazy pattern took 24 s on 40k characters.
    assert time.process_time() - started < 1.0
