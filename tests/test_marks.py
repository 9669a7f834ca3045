"""Section marks files: quotes found whitespace-insensitively, every mistake reported with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursegen.errors import AlignmentError
from coursegen.lessons import Lesson, Section
from coursegen.marks import find_quotes, load_marks, marks_path
from coursegen.transcripts import Sentence, Transcript

TEXT = "Premier point. Deuxième point, avec une\u00a0suite. Troisième point d’arrivée. Encore un point."
LESSON = Lesson("demo", "Demo", Path("demo"), tuple(Section(i, i.title()) for i in ("one", "two", "three")))


def _transcript() -> Transcript:
    return Transcript(Path("demo.txt"), "fr", "txt", "utf-8", TEXT, (Sentence(TEXT, 0, len(TEXT)),))


def _load(tmp_path: Path, body: str):
    path = tmp_path / "demo.sections.yml"
    path.write_text(body, encoding="utf-8")
    return load_marks(path, _transcript(), LESSON)


def test_quotes_are_found_across_spacing_and_apostrophes(tmp_path: Path) -> None:
    marks = _load(tmp_path, "# comment\ntwo: Deuxième point,\nthree: Troisième  point d'arrivée\n")
    assert marks.offsets == {"two": TEXT.index("Deuxième"), "three": TEXT.index("Troisième")}
    assert [m.line for m in marks.marks] == [2, 3]
    assert find_quotes(TEXT, "avec une suite", path=Path("x"), line=1) == [TEXT.index("avec")]


def test_a_chinese_quote_copied_from_the_page_is_found_across_a_line_break_of_the_transcript() -> None:
    """The page joins the transcript's lines of Chinese without a space; the pin copied from it has none."""
    text = "所以如果權重全都一樣，那麼這個啟動跟\n這個啟動會一樣。然後呢？"
    assert find_quotes(text, "這個啟動跟這個啟動會一樣", path=Path("x"), line=1) == [text.index("這個")]
    with pytest.raises(AlignmentError, match="not found"):
        find_quotes("Premier\npoint.", "Premierpoint", path=Path("x"), line=1)  # Latin words keep their space


def test_a_quote_typed_in_full_width_or_half_width_is_found() -> None:
    """An input method left in its full-width mode types ｔａｎｈ for tanh, and ｶﾀｶﾅ in half width: the quote
    was "not found" and the whole build stopped. A character matches its other width, both ways."""
    text = "因為如果您使用 tanh 或 sigmoid 函數，然後對於 b, 實際上 b 可以是 0。ニューラルネットワーク"
    for quote, start in (
        ("因為如果您使用 ｔａｎｈ 或", "因為"),
        ("然後對於 ｂ， 實際上", "然後"),
        ("ｂ 可以是 ０。", "b 可以"),
    ):
        assert find_quotes(text, quote, path=Path("x"), line=1) == [text.index(start)]
    assert find_quotes(text, "ﾆｭｰﾗﾙﾈｯﾄﾜｰｸ", path=Path("x"), line=1) == [text.index("ニ")]
    # A kana and its voicing mark are two characters in half width; a quote may start inside a run.
    for transcript, quote in (
        ("このデータセットを使う。", "ﾃﾞｰﾀｾｯﾄ"),
        ("このﾃﾞｰﾀｾｯﾄを使う。", "データセット"),
        ("このパラメータ", "ﾊﾟﾗﾒｰﾀ"),
        ("このカナ", "ｶﾅ"),
        ("これ「データ」です。", "｢ﾃﾞｰﾀ｣です"),  # half-width brackets
        ("これ｢ﾃﾞｰﾀ｣です。", "｢ﾃﾞｰﾀ｣です"),
    ):
        assert find_quotes(transcript, quote, path=Path("x"), line=1) == [2], quote
    # A half-width Hangul letter is the letter Korean text writes alone (ㅋ), not a conjoining jamo.
    assert find_quotes("네 ㅋㅋ 재밌네요", "ﾻﾻ 재밌네요", path=Path("x"), line=1) == [2]
    assert find_quotes("네 ﾻﾻ 재밌네요", "ㅋㅋ 재밌네요", path=Path("x"), line=1) == [2]
    wide = "使用 ｔａｎｈ 或"
    assert find_quotes(wide, "使用 tanh", path=Path("x"), line=1) == [0]
    with pytest.raises(AlignmentError, match="not found"):
        find_quotes(text, "使用 ｔａｎ 或", path=Path("x"), line=1)


def test_a_thai_quote_is_found_where_it_starts_inside_a_run_of_letters() -> None:
    """Thai spaces phrases, not words: a section may start at a word inside a run ("quote not found")."""
    text = "เราจะได้ผลลัพธ์ที่ไม่ดีมากและแน่นอนว่าเครือข่ายที่ใหญ่กว่า ก็เป็นแบบนี้"
    assert find_quotes(text, "และแน่นอนว่า", path=Path("x"), line=1) == [text.index("และ")]


def test_arabic_and_hebrew_quotes_are_found_with_or_without_their_vowel_signs() -> None:
    """Translators type these scripts without the signs their transcript may carry, or with them."""
    arabic = "مقدمة. إذن في النهاية، يتبيّن أنه من المهم. ثم"
    for quote in ("اذن في النهاية، يتبين أنه", "إذن في النهاية، يتبيّن أنه", "إِذَنْ في النهاية"):
        assert find_quotes(arabic, quote, path=Path("x"), line=1) == [arabic.index("إذن")]
    shalom = "\u05e9\u05c1\u05b8\u05dc\u05d5\u05b9\u05dd"  # with its points
    hebrew = f"מבוא. {shalom} עולם."
    assert find_quotes(hebrew, "שלום עולם", path=Path("x"), line=1) == [hebrew.index(shalom)]
    with pytest.raises(AlignmentError, match="not found"):
        find_quotes(arabic, "اذن في البداية", path=Path("x"), line=1)


def test_a_quote_is_found_across_the_invisible_direction_marks_of_right_to_left_subtitles() -> None:
    """Hebrew and Arabic subtitles often start every line with a right-to-left mark (U+200F): a pin typed as
    the words read on the screen was "not found", and only one with the invisible mark retyped was."""
    rlm = "\u200f"
    text = f"{rlm}שלום לכולם.\n{rlm}אז זה {rlm}הכול לסרטונים\u2066 של\u2069 השבוע."
    for quote in ("אז זה הכול לסרטונים של השבוע", f"{rlm}אז זה {rlm}הכול", "הכול לסרטונים"):
        assert find_quotes(text, quote, path=Path("x"), line=1) == [text.index(quote.lstrip(rlm)[:2])]
    arabic = "\u200fمقدمة.\n\u061cإذن في النهاية"
    assert find_quotes(arabic, "مقدمة. إذن في", path=Path("x"), line=1) == [arabic.index("م")]
    for marks_only in (rlm, f"\u05b0 {rlm}"):
        with pytest.raises(AlignmentError, match="empty quote"):
            find_quotes(text, marks_only, path=Path("x"), line=1)


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        ("two: Deuxième point\nthree: Quatrième\n", 2, "quote not found"),
        ("two: point\n", 1, "found 4 times"),
        ("four: Premier\n", 1, "has no section 'four'"),
        ("two: Troisième\nthree: Deuxième\n", 2, "starts before section"),
        ("two: Deuxième\ntwo: Deuxième\n", 2, "marked twice"),
        ("two:\n", 1, "needs the first words"),
    ],
)
def test_mistakes_name_file_and_line(tmp_path: Path, body: str, line: int, reason: str) -> None:
    with pytest.raises(AlignmentError, match=reason) as caught:
        _load(tmp_path, body)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{tmp_path / 'demo.sections.yml'}:{line}: ")


def test_a_section_pasted_whole_as_its_quote_is_refused_and_a_long_quote_shown_short(tmp_path: Path) -> None:
    """A quote of 10,000 words took 20 s to look for, and the error that it was not found was 30 KB long."""
    with pytest.raises(AlignmentError) as caught:
        _load(tmp_path, "two: " + "la " * 5000 + "\n")
    assert caught.value.reason == (
        "the quote of section 'two' is 14,999 characters long: the first words of the section are enough "
        "(1,000 characters at most)"
    )
    assert caught.value.line == 1
    with pytest.raises(AlignmentError) as caught:
        _load(tmp_path, "two: Deuxième point " + "et encore " * 40 + "\n")
    assert caught.value.reason.startswith("quote not found in the transcript: 'Deuxième point et encore")
    assert len(str(caught.value)) < len(str(tmp_path)) + 150


def test_a_quote_must_start_at_a_word(tmp_path: Path) -> None:
    with pytest.raises(AlignmentError, match="not found"):
        _load(tmp_path, "two: euxième point\n")


def test_empty_file_marks_nothing_and_bad_yaml_is_reported(tmp_path: Path) -> None:
    assert _load(tmp_path, "").marks == ()
    with pytest.raises(AlignmentError, match="invalid YAML") as caught:
        _load(tmp_path, "two: [unclosed\n")
    assert caught.value.line is not None


def test_marks_live_next_to_the_transcript() -> None:
    assert marks_path(Path("locales/fr/transcripts/demo.txt"), "demo") == Path(
        "locales/fr/transcripts/demo.sections.yml"
    )


def test_every_broken_entry_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    """An outline's sections renamed and reordered broke several pins; the translator heard of one per run."""
    body = "one: Premier point\nfour: Deuxième\ntwo: Encore\nthree: Deuxième point\none: Premier\n"
    with pytest.raises(AlignmentError) as caught:
        _load(tmp_path, body)
    path = tmp_path / "demo.sections.yml"
    assert [(each.path, each.line) for each in caught.value.each] == [(path, 2), (path, 4), (path, 5)]
    reasons = [each.reason for each in caught.value.each]
    assert reasons[0].startswith("lesson 'demo' has no section 'four'")
    assert reasons[1:] == [
        "section 'three' starts before section 'two' in the transcript",
        "section 'one' is marked twice",
    ]
    assert str(caught.value) == f"{path}:2: {reasons[0]} (and 2 more: line 4, line 5)"


def test_a_phrase_that_comes_back_pins_the_section_the_other_pins_leave_it(tmp_path: Path) -> None:
    """A long lecture says "Voyons pourquoi." again and again: a pin on it was refused ("found 4 times")
    though only one of its places lies between the sections pinned around it."""
    text = "Voyons pourquoi. Un. Alors voilà. Deux. Voyons pourquoi. Trois. Alors voilà. Quatre."
    lesson = Lesson("demo", "Demo", Path("demo"), tuple(Section(i, i.title()) for i in ("a", "b", "c", "d")))
    transcript = Transcript(Path("demo.txt"), "fr", "txt", "utf-8", text, (Sentence(text, 0, len(text)),))
    path = tmp_path / "demo.sections.yml"
    path.write_text(
        "a: Voyons pourquoi\nb: Alors voilà\nc: Voyons pourquoi\nd: Alors voilà\n", encoding="utf-8"
    )
    second = text.index("Voyons", 1)
    assert load_marks(path, transcript, lesson).offsets == {
        "a": 0,
        "b": text.index("Alors"),
        "c": second,
        "d": text.index("Alors", second),
    }
    path.write_text("b: Un\nc: Voyons pourquoi\n", encoding="utf-8")
    assert load_marks(path, transcript, lesson).offsets == {"b": text.index("Un"), "c": second}
    path.write_text("b: Voyons pourquoi\nd: Quatre\n", encoding="utf-8")  # both places are before d
    with pytest.raises(AlignmentError, match="found 2 times"):
        load_marks(path, transcript, lesson)
