"""Search indexes per locale: settings chosen from what Material ships, words of every script, locations."""

from __future__ import annotations

import functools
import json
import re
from html import escape
from pathlib import Path

import icu
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from support import LESSON, LOCALES, BuiltSite

from coursegen import search
from coursegen.search import (
    INDEX_PATH,
    LUNR_DIR,
    WORD_BREAK,
    LocaleIndexes,
    han_variants,
    mark_words,
    neutral_settings,
    page_entries,
    separator,
    settings_for,
)

PAGE = (
    '<h1 id="title">Title</h1><p>Intro 對稱性的問題</p>'
    '<h2 id="one">One</h2><p>l\'initialisation «симетричні»</p>'
    '<h2 id="two">Two</h2><p>대칭에 NumPy를</p>'
)


def words(text: str) -> list[str]:
    return [word for word in re.split(separator(), mark_words(text)) if word]


def test_settings_follow_the_lunr_languages_shipped(tmp_path: Path) -> None:
    (tmp_path / "lunr.fr.min.js").write_text("", encoding="utf-8")
    assert settings_for("fr", tmp_path).lang == ("fr",)
    assert settings_for("fr_CA", tmp_path).lang == ("fr",)
    assert settings_for("fr", tmp_path).pipeline == ("stopWordFilter",)
    assert settings_for("ko", tmp_path) == neutral_settings(), "not shipped here: neutral"
    assert settings_for("en", tmp_path).lang == ("en",)


def test_english_locales_keep_lunr_s_stop_words_though_material_ships_no_english_script() -> None:
    """English is built into lunr, so Material ships no lunr.en.min.js: taken for a language without support,
    an English locale lost lunr's stop-word filter, and "the", "of" and "a" were indexed as words that match
    nearly every section."""
    assert not (LUNR_DIR / "lunr.en.min.js").exists()
    for code in ("en", "en_GB", "en-AU"):
        assert settings_for(code) == settings_for("en")
        assert settings_for(code).lang == ("en",) and settings_for(code).pipeline == ("stopWordFilter",)


def test_no_stemmer_and_no_trimmer_ever() -> None:
    """Queries end in a wildcard that skips the pipeline, so index-side stemming would hide inflected words,
    and lunr's trimmers erase words outside their alphabet."""
    for code in (*LOCALES, "ja", "th", "ru", "en"):
        assert set(settings_for(code).pipeline) <= {"stopWordFilter"}, code


def test_neutral_settings_load_nothing_and_change_nothing() -> None:
    assert neutral_settings().lang == ("en",)
    assert neutral_settings().pipeline == ()


def test_words_of_every_script() -> None:
    assert words("對稱性的問題") == ["對稱", "性的", "問題"]
    assert words("l'initialisation «симетричні», 대칭에 NumPy를") == [
        "l",
        "initialisation",
        "симетричні",
        "대칭에",
        "NumPy",
        "를",
    ]
    assert words("np.random_init(3.5)") == ["np", "random_init", "3.5"]
    assert words("0,01. Et 0.01, 10") == ["0,01", "Et", "0.01", "10"]


def test_entities_of_the_indexed_html_are_no_words() -> None:
    """The index holds text as HTML (``<`` as ``&lt;``): a word cut inside an entity was marked there, and the
    result showed ``&amp;amp;`` or ``&lt;code>`` for any query starting like amp, lt or gt."""
    text = escape("<code> R&D &amp; x>0", quote=False)
    assert words(text) == ["code", "R", "D", "amp", "x", "0"]
    cuts = [match.span() for match in re.finditer(separator(), text)]
    entities = [match.span() for match in re.finditer("&(?:amp|lt|gt);", text)]
    assert all(any(a <= start and end <= b for a, b in cuts) for start, end in entities)


def test_decimal_and_group_marks_of_every_locale_stay_in_numbers() -> None:
    """Arabic writes 0.01 as ٠٫٠١ and 1,000 as ١٬٠٠٠: cut at the mark, a query searched each ٠ of the page."""
    assert words("٠٫٠١ و١٬٠٠٠، ٠٫") == ["٠٫٠١", "و١٬٠٠٠", "٠"]
    assert words("0٫5 ۰٫۵ ०.५") == ["0٫5", "۰٫۵", "०.५"]
    # The marks locales write numbers with (apart from spaces, and apostrophes, which have their own rule).
    symbols = icu.DecimalFormatSymbols
    marks = {
        symbols(icu.Locale(code + numbers)).getSymbol(kind)
        for code in icu.Locale.getAvailableLocales()
        for numbers in ("", "@numbers=native", "@numbers=arab", "@numbers=arabext")
        for kind in (symbols.kDecimalSeparatorSymbol, symbols.kGroupingSeparatorSymbol)
    }
    marks = {mark for mark in marks if not mark.isspace() and mark not in "'\u2019$"}
    assert {".", ",", "\u066b", "\u066c"} <= marks
    assert [mark for mark in marks if words(f"1{mark}5") != [f"1{mark}5"]] == []


def test_punctuation_written_inside_a_word_does_not_cut_it() -> None:
    """Armenian writes its question, exclamation and emphasis marks on the word's stressed vowel (ինչո՞ւ,
    որտեղի՞ց): cut there, the query searched ինչո and ւ. Its comma, full stop and others still cut."""
    assert words("Ինչո՞ւ որտեղի՞ց, ա՜խ, մի՛ թող Ս՚։ Այո՝ բայց") == [
        "Ինչո՞ւ",
        "որտեղի՞ց",
        "ա՜խ",
        "մի՛",
        "թող",
        "Ս՚",
        "Այո",
        "բայց",
    ]


def test_marks_are_invisible_and_only_between_touching_words() -> None:
    text = "Les poids — symétriques. 權重對稱"
    marked = mark_words(text)
    assert marked.replace(WORD_BREAK, "") == text
    assert WORD_BREAK not in mark_words("plain, spaced text: nothing to mark")
    assert marked.count(WORD_BREAK) >= 1


def test_a_zero_width_space_the_text_holds_is_no_cut_between_words() -> None:
    """Text copied from web pages carries U+200B inside words, which the index reads as its own cut between
    two words: "logis\u200btique" was indexed as "logis" and "tique", and "logistique" found nothing. The
    index cuts where ICU's word breaker does, whatever the text held (Thai and Han too)."""
    assert words("une fonction logis\u200btique et gaus\u200bsienne") == [
        "une",
        "fonction",
        "logistique",
        "et",
        "gaussienne",
    ]
    assert words("對稱\u200b性的問題") == ["對稱", "性的", "問題"]


def test_characters_beyond_the_basic_plane_are_kept_in_place() -> None:
    """ICU counts a character beyond U+FFFF (an emoji, a rare Han character such as 𠀀) as two UTF-16 units:
    read as one, its cuts fell past the end of the text, and one such character on a page stopped the build
    with an IndexError."""
    assert mark_words("𠀀對稱性的問題") == "𠀀\u200b對稱\u200b性的\u200b問題"
    assert words("權重 😀 對稱性的問題")[-3:] == ["對稱", "性的", "問題"]
    assert mark_words("𩸽是一種魚，對稱性的問題").endswith("對稱\u200b性的\u200b問題")


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=30))
def test_marks_change_no_character_of_any_text(text: str) -> None:
    assert mark_words(text).replace(WORD_BREAK, "") == text.replace(WORD_BREAK, "")


@functools.cache
def _never_cut_letters() -> list[str]:
    """The word characters mark_words leaves to no breaker (see search._NEVER_CUT)."""
    return [
        chr(point)
        for point in range(0x110000)
        if not 0xD800 <= point < 0xE000
        and search._NEVER_CUT.fullmatch(chr(point))
        and search._is_word_char(chr(point))
    ]


def test_icu_cuts_between_none_of_the_letters_left_to_no_breaker() -> None:
    """Text whose words are all Latin, Greek or Cyrillic is not given to ICU's breaker (most of the time
    indexing a page took): ICU itself, asked of those letters side by side in every order, cuts nowhere."""
    letters = _never_cut_letters()
    assert len(letters) > 900
    for order in (letters, letters[::-1], letters[::2] + letters[1::2], letters[::7] + letters[3::5]):
        text = "".join(order)
        assert search._cut_by_icu(text) == text
        spaced = f"({text}) {text[:40]}-{text[-40:]}"
        assert search._cut_by_icu(spaced) == spaced


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        st.one_of(
            st.sampled_from(_never_cut_letters()),
            st.sampled_from(" -'.,«»\u0301\u0483²½ⅷ٣א日本語のテキスト한국어ไทย\u200b"),
            st.characters(exclude_categories=("Cs",)),
        ),
        max_size=40,
    )
)
def test_text_left_to_no_breaker_is_marked_as_icu_marks_it(text: str) -> None:
    assert mark_words(text) == (text if text.isascii() else search._cut_by_icu(text.replace(WORD_BREAK, "")))


@pytest.mark.parametrize("other", [*"\u0301\u0483²½ⅷ٣אب日のテ한ไ\u00adー々", "\U00020000"])
def test_any_other_word_character_takes_text_to_icu(other: str) -> None:
    text = f"poids {other}é{other} ваги{other}{other} x{other}"
    assert mark_words(text) == search._cut_by_icu(text)


def test_a_simplified_page_is_found_by_every_traditional_writing() -> None:
    """On a Simplified Chinese page, "啟動", "這裡", "關係", "準確率", "週" (as Taiwan's and Hong Kong's
    keyboards type them) found nothing: of the Traditional characters written for one Simplified, only
    ICU's was read."""
    variants = han_variants(["启动 这里 关系 第3周 回归 准确率"])
    for traditional, simplified in (
        "啟启",
        "啓启",
        "裡里",
        "裏里",
        "係系",
        "週周",
        "迴回",
        "準准",
        "這这",
        "關关",
    ):
        assert variants.get(traditional) == simplified, traditional
    # On a Traditional page, the other forms are other words: 麵 (noodles) did find the 面 of 頁面.
    variants = han_variants(["頁面 發現 表現 輸出", "启动 这里"])
    assert not {"麵", "髮", "錶", "齣"} & set(variants) and variants.get("啟") == "启"


def test_a_full_width_full_stop_ends_a_word_before_a_number() -> None:
    """Japanese and Chinese technical text end sentences with "．", no space after: taken for a decimal mark
    before a digit, "する．2" was one word, and 2 found nothing."""
    assert words("初期化する．2層．")[-3:] == ["する", "2", "層"]


def test_a_run_of_katakana_is_one_word() -> None:
    """ICU's dictionary cuts the loanwords Japanese writes in katakana as it happens to know them,
    differently in each sentence: "ニューラルネットワーク" as ニュー|ラ|ル|ネットワーク,
    "ディープラーニング" letter by letter, and neither "ニューラル" nor "ディープ" found anything."""
    text = "これはニューラルネットワークのディープラーニングです。ﾆｭｰﾗﾙﾈｯﾄﾜｰｸ"
    assert {"ニューラルネットワーク", "ディープラーニング", "ﾆｭｰﾗﾙﾈｯﾄﾜｰｸ"} <= set(words(text))
    assert words("シグモイド・関数") == ["シグモイド", "関数"]
    # A zero-width space inside one is no cut either (each part finds it: coursegen-search-worker.js).
    assert words("ニューラル\u200bネットワーク") == ["ニューラルネットワーク"]


def test_page_is_cut_into_sections_with_locations() -> None:
    entries = page_entries("uk/lesson/", "Fallback", PAGE)
    assert [e.location for e in entries] == ["uk/lesson/", "uk/lesson/#one", "uk/lesson/#two"]
    assert [e.title for e in entries] == ["Title", "One", "Two"]
    assert "對稱" + WORD_BREAK + "性的" in entries[0].text


def test_a_code_block_s_coloured_words_are_indexed_as_material_s_parser_reads_them() -> None:
    """The spans that colour code are dropped before parsing (nine tenths of a lesson page's tags): the
    sections are what Material's parser makes of the page with them; a block with a span that search
    skips keeps it."""
    from material.plugins.search.plugin import Parser

    html = (
        '<h1 id="t">T</h1><p>Avant <span class="x">gardé</span>.</p>'
        '<pre><code><span class="n">w</span> <span class="o">=</span>  <span class="mi">0</span>\n'
        '<span class="c1"># poids   à zéro</span>\n\n<span></span>x &lt; 1</code></pre>'
        '<h2 id="two">Two</h2><pre><code><span class="k">def</span> f<span data-search-exclude>secret'
        "</span>()</code></pre><p>Après.</p>"
    )
    parser = Parser()
    parser.feed(html)
    parser.close()
    expected = [("".join(s.title).strip() or "T", "".join(s.text).strip()) for s in parser.data]
    entries = page_entries("fr/l/", "T", html)
    assert [(entry.title, entry.text) for entry in entries] == expected
    assert "secret" not in entries[1].text
    assert "<pre><code>w =  0\n# poids   à zéro\n\nx &lt; 1</code></pre>" in entries[0].text


def test_a_figure_s_alt_text_is_searched_with_its_section() -> None:
    """The plots' descriptions are in the page's language; none of their words found anything."""
    html = (
        '<h1 id="t">T</h1><h2 id="one">One</h2><p>Avant.</p>'
        '<p><img src="figures/a.svg" alt="Nuage de points des données" width="5"></p>'
        '<h2 id="two">Two</h2><p>Après.</p>'
    )
    entries = {entry.location: entry.text for entry in page_entries("fr/l/", "T", html)}
    assert "Nuage de points des données" in entries["fr/l/#one"]
    assert "Nuage" not in entries["fr/l/#two"]


def test_operators_between_names_cut_words() -> None:
    """The index held ``answer=yes_no`` as one word: ``yes_no`` found one of the six sections using it."""
    assert words("plot(answer=yes_no, keepdims=True)") == ["plot", "answer", "yes_no", "keepdims", "True"]


def test_indexes_per_locale_and_at_the_root(tmp_path: Path) -> None:
    indexes = LocaleIndexes()
    indexes.add_page("uk", "uk/lesson/", "T", PAGE)
    indexes.add_page("ko", "ko/", "T", "<h1>홈</h1><p>대칭</p>")
    indexes.add_page(None, "", "Choose", "<h1>Choose</h1>")
    written = indexes.write(tmp_path)
    assert {p.relative_to(tmp_path).as_posix() for p in written} == {
        INDEX_PATH,
        f"ko/{INDEX_PATH}",
        f"uk/{INDEX_PATH}",
    }
    uk = json.loads((tmp_path / "uk" / INDEX_PATH).read_text(encoding="utf-8"))
    assert [d["location"] for d in uk["docs"]] == ["lesson/", "lesson/#one", "lesson/#two"]
    assert set(uk["config"]) == {"lang", "separator", "pipeline", "fields", "variants"}  # its page holds 對稱
    root = json.loads((tmp_path / INDEX_PATH).read_text(encoding="utf-8"))
    assert {d["location"] for d in root["docs"]} >= {"", "ko/", "uk/lesson/#two"}
    assert root["config"]["lang"] == ["en"] and root["config"]["pipeline"] == []


def test_a_heading_in_another_language_than_its_page_s_is_named_in_the_index(tmp_path: Path) -> None:
    """An English heading on a page not fully translated was read with the page's voice in search results."""
    indexes = LocaleIndexes()
    html = '<h1 lang="en" dir="ltr">Title</h1><p>نص</p><h2 id="one">واحد</h2><p>x</p>'
    html += '<h2 id="two" lang="en">Two</h2>'
    indexes.add_page("ar", "ar/lesson/", "Title", html)
    indexes.write(tmp_path)
    config = json.loads((tmp_path / "ar" / INDEX_PATH).read_text(encoding="utf-8"))["config"]
    assert config["titleLanguages"] == {"lesson/": ["en", "ltr"], "lesson/#two": ["en", ""]}


def test_an_index_with_han_characters_carries_their_simplified_forms(tmp_path: Path) -> None:
    """A reader typing Simplified characters (权重) found nothing of the Traditional page's 權重: the worker
    reads both in their Simplified form, from pairs the index carries for its own characters only."""
    indexes = LocaleIndexes()
    indexes.add_page("zh-Hant", "zh-Hant/", "首頁", "<h1>權重</h1><p>隨機初始化，對稱性。</p>")
    indexes.add_page("ko", "ko/", "T", "<h1>홈</h1><p>대칭</p>")
    indexes.write(tmp_path)
    zh = json.loads((tmp_path / "zh-Hant" / INDEX_PATH).read_text(encoding="utf-8"))
    assert zh["config"]["variants"] == {
        "權": "权",
        "隨": "随",
        "對": "对",
        "頁": "页",
        "稱": "称",
        "機": "机",
    }
    assert "variants" not in json.loads((tmp_path / "ko" / INDEX_PATH).read_text(encoding="utf-8"))["config"]
    root = json.loads((tmp_path / INDEX_PATH).read_text(encoding="utf-8"))
    assert root["config"]["variants"] == zh["config"]["variants"]


@pytest.mark.slow
@pytest.mark.parametrize("code", LOCALES)
def test_built_locale_pages_search_their_own_index(built_site: BuiltSite, code: str) -> None:
    index = json.loads(built_site.page(f"{code}/{INDEX_PATH}").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert f"{LESSON}/" in locations and f"{LESSON}/#symmetric-backprop" in locations
    assert not any(loc.startswith(("/", "http")) or "parallel/" in loc for loc in locations)
    for uri, base in ((f"{code}/{LESSON}/index.html", "../"), (f"{code}/index.html", "./")):
        page = BeautifulSoup(built_site.page(uri).read_text(encoding="utf-8"), "html.parser")
        config = json.loads(page.select_one("#__config").string)
        assert config["base"] == base, uri
        dialog = page.select_one(".md-search[role=dialog]")
        assert dialog is not None and dialog.get("aria-label")


@pytest.mark.slow
def test_built_root_searches_every_locale(built_site: BuiltSite) -> None:
    index = json.loads(built_site.page(INDEX_PATH).read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert {f"{code}/{LESSON}/" for code in LOCALES} <= locations
    page = BeautifulSoup(built_site.page("index.html").read_text(encoding="utf-8"), "html.parser")
    assert json.loads(page.select_one("#__config").string)["base"] == "."
    assert page.select('link[rel="alternate"][hreflang]') == [], "no sitemap fetched per language"


def test_the_han_pattern_finds_exactly_icu_s_han_letters() -> None:
    """Han characters are found by a pattern made from ICU's ranges (asking ICU of each character was most of
    a warm build's search time): it must find every one of them, and nothing else."""
    han = search._han_letters()
    every = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
    found = set(search._han_pattern().findall(every))
    assert found == {char for char in every if han.contains(char)}
    assert len(found) > 90_000
