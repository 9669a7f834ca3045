"""Comments of the example code: found as messages, put back translated, never anything but comments."""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from coursegen.comments import balanced, display_width, find_comments, translate_comments, wrap
from coursegen.examples import code_comments, parse_examples

CODE = """\
# %% example="demo"
# The first line of a block
# and its second line.
x = 1  # an inline note
# type: ignore
def f(y):  # noqa: E501
    # Indented, alone.
    return y  # back
#
"""


def test_blocks_inline_comments_and_what_is_not_text() -> None:
    found = [(c.first, c.last, c.column, c.inline, c.text) for c in find_comments(CODE)]
    assert found == [
        (2, 3, 0, False, "The first line of a block and its second line."),
        (4, 4, 7, True, "an inline note"),
        (7, 7, 4, False, "Indented, alone."),
        (8, 8, 14, True, "back"),
    ]
    # A lesson's messages: each comment once, at the line of the file where it first appears.
    source = parse_examples(CODE + "\n# %%\n# back\n", Path("examples.py"))
    assert code_comments(source) == [(line, text) for line, _last, _column, _inline, text in found]


def test_code_that_does_not_tokenize_has_no_comments() -> None:
    assert find_comments("x = (1,\n# never closed\n") == []


def test_untranslated_comments_leave_the_code_as_it_is() -> None:
    assert translate_comments(CODE, {}.get) == CODE
    assert translate_comments(CODE, lambda text: text) == CODE


def test_a_block_is_rewrapped_at_its_indentation_and_an_inline_note_stays_on_its_line() -> None:
    table = {
        "Indented, alone.": "Indenté, seul, avec une traduction bien plus longue que le texte anglais "
        "qui tenait sur une ligne",
        "an inline note": "une note\nsur la ligne",
    }
    lines = translate_comments(CODE, table.get).splitlines()
    assert lines[3] == "x = 1  # une note sur la ligne"
    block = [line for line in lines if line.startswith("    #")]
    assert len(block) == 3 and all(display_width(line) <= 4 + 2 + 40 for line in block)
    assert " ".join(line[6:] for line in block) == " ".join(table["Indented, alone."].split())


def test_wrap_breaks_between_wide_characters_and_keeps_closing_punctuation() -> None:
    lines = wrap("各列在精確算術下相等；以不同順序加總某些列的函式庫。", 12)
    assert "".join(lines) == "各列在精確算術下相等；以不同順序加總某些列的函式庫。"
    assert all(display_width(line) <= 12 for line in lines[:-1])
    assert not any(line.startswith(("；", "。")) for line in lines)
    assert wrap("a-very-long-word-that-cannot-break here", 10) == [
        "a-very-long-word-that-cannot-break",
        "here",
    ]


@given(
    st.lists(
        st.sampled_from(
            [
                "データ",
                "パラメーター",
                "フォント",
                "（",
                "）",
                "「",
                "」",
                "を",
                "々",
                "ッ",
                "tanh",
                "1",
                "。",
            ]
        )
    ),
    st.integers(min_value=2, max_value=24),
)
def test_japanese_lines_follow_its_line_breaking_rules(pieces: list[str], width: int) -> None:
    """A wrapped Japanese comment started a line with a small kana or the long vowel mark ("フ" / "ォント",
    "パラメー" / "ター"), or ended one with an opening bracket ("1（" / "シグモイド）"): Japanese never breaks
    there (kinsoku), nor Chinese before its opening brackets' contents."""
    text = "".join(pieces)
    lines = wrap(text, width)
    assert "".join(lines) == text
    for number, line in enumerate(lines):
        assert number == 0 or line[0] not in "ーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎ々）」。", lines
        assert number == len(lines) - 1 or line[-1] not in "（「", lines


@given(
    st.lists(st.sampled_from(["départ", "le", "taux", ":", ";", "?", "!", "«", "»", "a", "apprentissage"])),
    st.integers(min_value=4, max_value=40),
)
def test_punctuation_set_apart_by_a_space_never_starts_or_ends_a_line_alone(
    words: list[str], width: int
) -> None:
    """French puts a space before ":" ";" "?" "!" and inside « »: wrapped there, a translated comment read
    "# : leurs chemins" on its second line."""
    text = " ".join(words)
    lines = wrap(text, width)
    assert " ".join(lines) == text
    for number, line in enumerate(lines):
        assert number == 0 or line.split(" ")[0] not in (":", ";", "?", "!", "»"), lines
        assert number == len(lines) - 1 or line.split(" ")[-1] != "«", lines


def _code_only(code: str) -> str:
    return ast.dump(ast.parse(code))


def _comments(code: str) -> list[str]:
    tokens = tokenize.generate_tokens(io.StringIO(code).readline)
    return [token.string for token in tokens if token.type == tokenize.COMMENT]


def _code_lines(code: str) -> list[str]:
    """Lines that hold code, cut before a comment after it (tokenize knows a '#' inside a string)."""
    tokens = tokenize.generate_tokens(io.StringIO(code).readline)
    inline = {token.start[0]: token.start[1] for token in tokens if token.type == tokenize.COMMENT}
    lines = code.splitlines()
    kept = [line[: inline.get(number, len(line))] for number, line in enumerate(lines, start=1)]
    return [line for line in kept if line.strip() and not line.lstrip().startswith("#")]


@given(st.text())
def test_no_translation_changes_the_code(translation: str) -> None:
    """Whatever a catalog holds (line breaks, quotes, code), it comes out as comments and nothing else."""
    translated = translate_comments(CODE, lambda _text: translation)
    assert _code_only(translated) == _code_only(CODE)
    assert _code_lines(translated) == _code_lines(CODE)
    assert {'# %% example="demo"', "# type: ignore", "def f(y):  # noqa: E501"} <= set(
        translated.splitlines()
    )
    assert all(comment.startswith("#") for comment in _comments(translated))


def test_lines_are_counted_as_python_counts_them() -> None:
    """A form feed or a line separator inside a string is not a line break for Python's tokenizer."""
    code = 'x = "a\x0cb\u2028c"\n# note\ny = 2  # inline\n'
    table = {"note": "remarque", "inline": "en ligne"}
    assert translate_comments(code, table.get) == 'x = "a\x0cb\u2028c"\n# remarque\ny = 2  # en ligne\n'


def test_a_translated_block_has_no_orphan_last_line() -> None:
    """Wrapped greedily to the English block's width, a Turkish comment ended on a line of one word:
    "# sıfır."."""
    code = "# Every weight and bias at zero, as on the lecture's slide.\nzero = 0\n"
    text = "Dersteki slaytta olduğu gibi tüm ağırlıklar ve sapmalar sıfır."
    lines = translate_comments(code, {"Every weight and bias at zero, as on the lecture's slide.": text}.get)
    block = [line for line in lines.splitlines() if line.startswith("#")]
    assert len(block) == 2 and min(display_width(line) for line in block) > 20, block


@given(st.text(alphabet="abc déf 權重對稱", min_size=1, max_size=200), st.integers(min_value=8, max_value=80))
def test_balanced_lines_are_as_many_and_as_narrow_as_greedy_ones(text: str, width: int) -> None:
    text = " ".join(text.split()) or "a"
    greedy, even = wrap(text, width), balanced(text, width)
    assert len(even) == len(greedy)
    assert max(display_width(line) for line in even) <= max(display_width(line) for line in greedy)
    assert "".join(even).replace(" ", "") == text.replace(" ", "")


def test_spaces_an_editor_adds_or_takes_away_leave_the_cache_key():
    """Spaces at the end of a line and a blank line at the end of the file (editors add them on save) re-ran
    every language's examples; spaces inside a string are what it holds, and count."""
    from coursegen.comments import without_comments

    code = "# %% example='a'\nLEARNING_RATE = 1.0\nnote = '''a  \nb'''\n"
    assert without_comments(code.replace("1.0\n", "1.0   \n") + "\n\n") == without_comments(code)
    assert without_comments(code.replace("'''a  ", "'''a")) != without_comments(code)


def test_comments_leave_the_cache_key_by_the_tokenizer_s_lines():
    """Lines cut as str.splitlines cuts them (at a form feed too) put comments out of place: they stayed."""
    from coursegen.comments import without_comments

    assert (
        without_comments("x = 1\x0c # c\ny = 2  # d\n# %% example='b'\n")
        == "x = 1\ny = 2\n# %% example='b'\n"
    )
