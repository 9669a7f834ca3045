import os
import subprocess
import sys
from pathlib import Path

import pytest

from coursegen.errors import ExampleError
from coursegen.fonts import (
    GENERIC_FALLBACK,
    choose_fonts,
    font_files,
    font_problem,
    installed_fonts,
    needed_characters,
    region_hints,
    sample_text,
)

FAMILIES = {font.family for font in installed_fonts()}
needs_cjk = pytest.mark.skipif("Noto Sans CJK TC" not in FAMILIES, reason="Noto Sans CJK is not installed")


def test_latin_and_cyrillic_keep_the_default_font():
    assert choose_fonts("en", ["Cost"]) == ["DejaVu Sans", GENERIC_FALLBACK]
    assert choose_fonts("ru", ["Стоимость"]) == ["DejaVu Sans", GENERIC_FALLBACK]


def test_region_hints_come_from_cldr():
    # The build names locales in BCP 47 (zh-Hant), catalogs and folders in gettext form (zh_Hant).
    assert region_hints("zh_Hant") == region_hints("zh-Hant") == ("TW", "TC")
    assert region_hints("zh_Hans")[:2] == ("CN", "SC")
    assert "JP" in region_hints("ja")
    assert region_hints("not a locale") == ()


@needs_cjk
@pytest.mark.parametrize(
    ("code", "text", "family"),
    [
        ("zh_Hant", "權重初始化", "Noto Sans CJK TC"),
        ("zh-Hant", "權重初始化", "Noto Sans CJK TC"),
        ("zh_Hans", "权重初始化", "Noto Sans CJK SC"),
        ("ja", "重みの初期化", "Noto Sans CJK JP"),
        ("ko", "가중치 초기화", "Noto Sans CJK KR"),
    ],
)
def test_cjk_locales_get_their_regional_variant_first(code, text, family):
    fonts = choose_fonts(code, [text])
    assert fonts[0] == family
    assert fonts[-1] == GENERIC_FALLBACK and "DejaVu Sans" in fonts


def test_uncovered_characters_name_locale_and_code_points():
    with pytest.raises(ExampleError) as error:
        choose_fonts("en", ["\U0001e290"])  # Toto (Unicode 14): newer than every packaged Noto font
    message = str(error.value)
    assert "'en'" in message and "U+1E290" in message and "apt-get install" in message


def test_font_files_are_every_face_of_a_family_and_of_the_family_a_generic_name_stands_for() -> None:
    dejavu = font_files(["DejaVu Sans"])
    names = {Path(path).name for path in dejavu}
    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"} <= names, "bold text is drawn from another file"
    assert font_files(["dejavu sans", "sans-serif"]) == dejavu, "matplotlib's default sans-serif family"
    assert font_files(["No Such Family"]) == []


def test_font_problem_names_what_no_font_draws() -> None:
    assert font_problem("fr", ["unité cachée"]) is None
    problem = font_problem("fr", ["\U0001e290"])
    assert problem is not None and "no installed font has glyphs for" in problem and "U+1E290" in problem


def test_the_last_resort_font_does_not_count_as_coverage():
    assert not any(family.startswith("Last Resort") for family in FAMILIES)


def test_sample_text_is_in_the_language_whatever_the_code_spelling():
    assert sample_text("zh-Hant") == sample_text("zh_Hant") != ""
    assert "星期" in sample_text("zh-Hant")


def test_whitespace_and_controls_need_no_glyph():
    assert needed_characters(["a b\n\u200b"]) == {"a", "b"}


def _font_with(char: str, family: str, path: Path) -> None:
    """A one-glyph TrueType font (a square) for ``char``: a font no one has installed yet."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    square = TTGlyphPen(None)
    square.moveTo((100, 0))
    square.lineTo((100, 700))
    square.lineTo((600, 700))
    square.lineTo((600, 0))
    square.closePath()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "square"])
    builder.setupCharacterMap({ord(char): "square"})
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "square": square.glyph()})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "square": (700, 100)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))


def test_a_font_installed_after_matplotlib_listed_the_fonts_is_found(tmp_path: Path) -> None:
    """matplotlib lists the installed fonts once and keeps the list in its cache folder: a font installed
    afterwards, as the error about a missing glyph says to do, stayed unknown and the error stayed."""
    env = {**os.environ, "MPLCONFIGDIR": str(tmp_path / "mpl"), "XDG_DATA_HOME": str(tmp_path / "data")}
    ask = (
        "from coursegen.fonts import choose_fonts, font_problem\n"
        "problem = font_problem('fr', ['\\U0001e290'])\n"
        "print(choose_fonts('fr', ['\\U0001e290'])[0] if problem is None else 'missing')\n"
    )

    def first_family() -> str:
        run = subprocess.run([sys.executable, "-c", ask], env=env, capture_output=True, text=True, check=True)
        return run.stdout.strip()

    assert first_family() == "missing"  # matplotlib's font list is made now, without the new font
    (tmp_path / "data" / "fonts").mkdir(parents=True)
    _font_with("\U0001e290", "Coursegen Toto Test", tmp_path / "data" / "fonts" / "toto.ttf")
    assert first_family() == "Coursegen Toto Test"
    assert first_family() == "Coursegen Toto Test"  # from matplotlib's updated list
