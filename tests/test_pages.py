"""Page rendering: every character of the text kept, volunteer text never interpreted, code fenced safely."""

from __future__ import annotations

import dataclasses
import functools
import html
import json

import yaml
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from support import MARKDOWN_OWN, markdown_html

from coursegen.catalogs import Translator
from coursegen.comments import find_comments
from coursegen.locales import locale_info
from coursegen.pages import (
    FOLD_LINES,
    CellView,
    FigureView,
    LessonLink,
    LessonView,
    ParallelColumn,
    SectionView,
    column_script,
    highlight_python,
    not_found_notice,
    paragraphs_from_sentences,
    render_home,
    render_lesson,
    render_not_found,
    render_parallel,
    set_aside_raw_html,
    untranslated_code,
)

FRENCH = locale_info("fr")


def html_of(page_markdown: str) -> BeautifulSoup:
    return BeautifulSoup(markdown_html(page_markdown.split("---\n", 2)[2]), "html.parser")


def view(heading: str = "Heading", paragraphs: tuple[str, ...] = ("Text.",), cells=()) -> LessonView:
    return LessonView(
        id="lesson",
        title="Title",
        course="Course",
        summary="Summary",
        sections=(SectionView("intro", heading, paragraphs, tuple(cells)),),
        notebook_href="lesson.ipynb",
        parallel_href="parallel/",
    )


@given(st.lists(st.text(min_size=1), min_size=1, max_size=12), st.integers(min_value=1, max_value=200))
def test_paragraphs_keep_every_character(pieces: list[str], limit: int) -> None:
    paragraphs = paragraphs_from_sentences(pieces, limit)
    assert "".join("".join(paragraphs).split()) == "".join("".join(pieces).split())


def test_paragraphs_break_at_blank_lines_and_at_the_size_limit() -> None:
    assert paragraphs_from_sentences(["a. ", "b.\n\nc. ", "d."], limit=100) == ("a. b.", "c. d.")
    assert len(paragraphs_from_sentences(["x" * 60 + ". "] * 4, limit=130)) == 2


def test_hostile_heading_and_transcript_stay_text() -> None:
    hostile = '<img src=x onerror="alert(1)"> **bold** [a](javascript:alert(1))'
    page = html_of(render_lesson(view(hostile, (hostile,)), FRENCH, "fr", str))
    assert page.find("img") is None and page.find("strong") is None
    assert not [a for a in page.find_all("a") if "javascript" in a.get("href", "")]
    assert page.find(id="intro").get_text() == hostile
    assert page.select_one("p.coursegen-transcript").get_text() == hostile


def test_front_matter_title_is_escaped_for_the_theme() -> None:
    page_markdown = render_lesson(
        LessonView("l", "</title><script>x</script>", "", "", (), "l.ipynb", "parallel/"), FRENCH, "fr", str
    )
    assert "<script>" not in page_markdown.split("---\n", 2)[1]


def test_front_matter_texts_the_theme_prints_are_escaped() -> None:
    """The theme prints the description (a translated summary) unescaped in the page's head: it ran."""
    hostile = "\"'><script>alert(1)</script>"
    page = render_lesson(LessonView("l", "T", "", hostile, (), None, None), FRENCH, "fr", str)
    meta = page.split("---\n")[1]
    assert "<script>" not in meta and '\\"' not in meta and "&quot;" in meta
    assert html.unescape(yaml.safe_load(meta)["description"]) == hostile


def test_code_with_backtick_fences_stays_one_block() -> None:
    code = 'text = """\n```\nnot the end\n```\n"""'
    page = html_of(render_lesson(view(cells=[CellView(code)]), FRENCH, "fr", str))
    assert len(page.find_all("pre")) == 1
    assert "not the end" in page.find("pre").get_text()


def test_long_code_is_folded_and_output_escaped() -> None:
    long_code = "\n".join(f"x{i} = {i}" for i in range(FOLD_LINES + 5))
    cells = [CellView(long_code, stdout="<b>done</b>\n\n# not a heading")]
    page = html_of(render_lesson(view(cells=cells), FRENCH, "fr", lambda s: s))
    details = page.find("details")
    assert details is not None and f"{FOLD_LINES + 5}" in details.find("summary").get_text()
    output = page.select_one("pre.coursegen-output")
    assert output.find("b") is None and "<b>done</b>" in output.get_text()
    assert page.find("h1", string="not a heading") is None


def test_output_printed_in_english_is_marked_so_under_a_label_in_the_page_language() -> None:
    cells = [CellView("print(_('Hi'))", stdout="Hi\n", english_output=True), CellView("x", stdout="Salut\n")]
    page = html_of(render_lesson(view(cells=cells), FRENCH, "fr", lambda s: "Sortie" if s == "Output" else s))
    english, french = page.select("pre.coursegen-output")
    assert english["aria-label"] == "Sortie" and not english.has_attr("lang")
    assert english.code["lang"] == "en" and english.code["dir"] == "ltr"
    assert not french.code.has_attr("lang")


def test_a_home_without_lessons_says_so() -> None:
    """A locale whose catalog came before any transcript (or whose lesson was removed) was published as a
    heading "Lessons" over nothing, listed in every language menu."""
    home = html_of(render_home(FRENCH, "fr", lambda m: f"<{m}>", [], "translate/"))
    assert not home.select("ul.coursegen-lessons")
    (said,) = home.select("p.coursegen-missing")
    assert said.get_text() == "<No lesson has been translated into this language yet.>"


def pages_of(text: str, cells: list[CellView]) -> list[str]:
    """A lesson page, a side-by-side page and a home page, each with ``text`` wherever volunteers write."""
    lesson = render_lesson(view(text, (text, text + " 2"), cells), FRENCH, "fr", lambda m: text + m)
    column = ParallelColumn(FRENCH, {"intro": (text, "x")})
    parallel = render_parallel([("intro", text)], text, FRENCH, "fr", str, [column, column], "fr")
    home = render_home(FRENCH, "fr", str, [LessonLink(text, text, "lesson/")], "translate/")
    return [page.split("---\n", 2)[2] for page in (lesson, parallel, home)]


# Raw HTML set aside keeps as written the characters Markdown changes (see MARKDOWN_OWN); every other
# character is compared.
@given(st.text(MARKDOWN_OWN, max_size=80), st.text(MARKDOWN_OWN, max_size=80))
def test_setting_raw_html_aside_changes_no_byte_of_the_page(text: str, code: str) -> None:
    for body in pages_of(text, [CellView(code or "x = 1", stdout=text)]):
        page = set_aside_raw_html(body)
        assert page.blocks  # the paragraphs, outputs and lists really waited outside Markdown
        assert page.restore(markdown_html(page.markdown)) == markdown_html(body)


def test_text_that_looks_like_a_placeholder_stays_text() -> None:
    body = pages_of("coursegen-raw-0123456789abcdef-0", [])[0]
    page = set_aside_raw_html(body)
    restored = page.restore(markdown_html(page.markdown))
    assert restored == markdown_html(body) and "coursegen-raw-0123456789abcdef-0 2</p>" in restored


@functools.cache
def _example_cells():
    from support import REPO

    from coursegen.examples import load_examples

    return load_examples(REPO / "docs" / "lessons" / "random-initialization" / "examples.py").cells


@settings(deadline=None, max_examples=60)
@given(st.text(min_size=1))
def test_translated_comments_are_spliced_into_the_highlighted_code_as_text(translation: str) -> None:
    """The page highlights the English code once, then puts each locale's comments in: what it shows must
    be what the translated code reads (the notebook's), with the translation as text, never markup."""
    from coursegen.comments import translate_comments, translations

    for cell in _example_cells():
        translated = translations(cell.comments, lambda _text: translation)
        html, lines = highlight_python(cell.source, translated)
        expected = translate_comments(cell.source, lambda _text: translation, cell.comments).strip("\n")
        shown = BeautifulSoup(html.replace("&#10;", "\n"), "html.parser")
        assert shown.get_text() == expected
        assert lines == expected.count("\n") + 1
        assert shown.find_all(lambda tag: tag.name not in ("div", "pre", "span", "code")) == []


def test_not_found_notices_are_text_and_lead_to_each_home_from_the_root() -> None:
    hostile = '<img src=x onerror="alert(1)"> {{ config }}'
    translated = not_found_notice(FRENCH, lambda message: hostile)
    untranslated = not_found_notice(locale_info("ko"), Translator("ko", {}).gettext)
    arabic = not_found_notice(locale_info("ar"), Translator("ar", {}).gettext)
    page = BeautifulSoup(render_not_found([translated, untranslated, arabic], "/course"), "html.parser")
    items = page.select("li")
    assert page.find("img") is None
    assert [item.strong.get_text() for item in items] == [hostile, "Page not found", "Page not found"]
    assert [item.a["href"] for item in items] == ["/course/fr/", "/course/ko/", "/course/ar/"]
    # English shown in place of a missing translation is announced as English, left to right.
    assert [(item["lang"], item["dir"]) for item in items] == [("fr", "ltr"), ("en", "ltr"), ("en", "ltr")]
    assert [item["data-coursegen-locale"] for item in items] == ["fr", "ko", "ar"]
    # The locale's own direction, for the page's search results in its language (coursegen.js).
    assert [item["data-coursegen-dir"] for item in items] == ["ltr", "ltr", "rtl"]
    # Half translated: the English link is marked as English inside the Hebrew notice.
    hebrew = Translator("he", {"Page not found": "הדף לא נמצא"})
    half = BeautifulSoup(
        render_not_found([not_found_notice(locale_info("he"), hebrew.gettext)], "/"), "html.parser"
    )
    assert (half.li["lang"], half.li["dir"]) == ("he", "rtl") and half.strong.get("lang") is None
    assert (half.a["lang"], half.a["dir"]) == ("en", "ltr")
    # Told from the translator's English marks, not from copies of the English texts: a British catalog's
    # notice, its words the same as the source's, is the locale's own.
    british = {
        "Page not found": "Page not found",
        "Go to the course's home page": "Go to the course's home page",
    }
    notice = not_found_notice(locale_info("en-GB"), Translator("en-GB", british).gettext)
    assert notice.lang == "en-GB"


def test_english_shown_for_a_missing_translation_is_marked_as_english() -> None:
    # "Read side by side" is translated to the same words: text of the page's language, not marked.
    swahili = Translator(
        "sw", {"Lessons": "Masomo", "Intro": "Utangulizi", "Read side by side": "Read side by side"}
    )
    gettext = swahili.gettext
    lesson = LessonView(
        id="lesson",
        title=gettext("Title"),
        course=gettext("Course"),
        summary=gettext("Summary"),
        sections=(
            SectionView(
                "intro",
                gettext("Intro"),
                ("Maandishi.",),
                (
                    CellView(
                        "x = 1",
                        stdout="1",
                        figures=(
                            FigureView("a.svg", "Curves", 10, 10, english=True),
                            FigureView("b.svg", "Mistari", 10, 10),
                        ),
                    ),
                ),
            ),
            SectionView("end", gettext("End"), ("Mwisho.",), ()),
        ),
        notebook_href="lesson.ipynb",
        parallel_href="parallel/",
        examples_pending=True,
    )
    info = locale_info("sw")
    page = html_of(render_lesson(lesson, info, "en", gettext))
    marked = {element.get_text(" ", strip=True) for element in page.select('[lang="en"][dir="ltr"]')}
    assert {"Title", "Course", "End", "Download the notebook"} <= marked
    assert any(text.startswith("The examples of this lesson are still running") for text in marked)
    assert page.find("h2", id="intro").get("lang") is None  # translated
    assert page.find("a", string="Read side by side").get("lang") is None  # translated, the same words
    assert page.find("p", string="Maandishi.").get("lang") is None  # the transcript is the page's language
    output = page.select_one("pre.coursegen-output")
    # A group (a named pre's label is not read); its name, English, from an element that says it is: an
    # aria-label has no language, and a screen reader read "Output" with the page's voice.
    assert output["role"] == "group" and not output.has_attr("aria-label")
    name = page.find(id=output["aria-labelledby"])
    assert (name.get_text(), name.get("lang"), name.has_attr("hidden")) == ("Output", "en", True)
    tools = page.select_one("nav.coursegen-actions")
    name = page.find(id=tools["aria-labelledby"])
    assert (name.get_text(), name.get("lang"), name.has_attr("hidden")) == ("Lesson tools", "en", True)
    # A plot's alt text the examples gave in English (see inkernel.translations.English), and one translated.
    assert [(img["alt"], img.get("lang"), img.get("dir")) for img in page.select("figure img")] == [
        ("Curves", "en", "ltr"),
        ("Mistari", None, None),
    ]

    home = html_of(render_home(info, "en", gettext, [LessonLink(gettext("Title"), "Muhtasari", "l/")], "t/"))
    assert home.find("h1", string="Masomo").get("lang") is None
    assert home.find("a", string="Title")["lang"] == "en"
    assert home.find("p", string="Muhtasari").get("lang") is None
    assert home.find("a", string="Translate this course")["lang"] == "en"

    column = ParallelColumn(info, {"intro": ("Maandishi.",)})
    parallel = html_of(
        render_parallel(
            [("intro", gettext("Intro")), ("end", gettext("End"))],
            gettext("Title"),
            info,
            "en",
            gettext,
            [column, column],
            "sw",
        )
    )
    assert parallel.find("h1")["lang"] == "en"  # "{title}: side by side", both untranslated
    assert (
        parallel.find("h2", id="end")["lang"] == "en" and parallel.find("h2", id="intro").get("lang") is None
    )
    assert [label.get("lang") for label in parallel.find_all("label")] == ["en", "en"]


def test_a_part_the_transcript_does_not_reach_is_said_on_both_pages() -> None:
    """A transcript that stops early left empty space under its last headings, and an empty column."""
    korean = Translator("ko", {"This part is not in the transcript yet.": "이 부분은 아직 대본에 없습니다."})
    lesson = LessonView(
        id="lesson",
        title="Title",
        course="",
        summary="",
        sections=(SectionView("intro", "Intro", ("본문.",), ()), SectionView("end", "End", (), ())),
        notebook_href=None,
        parallel_href=None,
    )
    page = html_of(render_lesson(lesson, locale_info("ko"), "ko", korean.gettext))
    notes = page.select("p.coursegen-missing")
    assert [note.get_text() for note in notes] == ["이 부분은 아직 대본에 없습니다."]
    assert notes[0].find_previous("h2")["id"] == "end"
    columns = [
        ParallelColumn(locale_info("ko"), {"intro": ("본문.",), "end": ("끝.",)}),
        ParallelColumn(FRENCH, {"intro": ("Le texte.",)}),
    ]
    parallel = html_of(
        render_parallel(
            [("intro", "Intro"), ("end", "End")],
            "Title",
            locale_info("ko"),
            "ko",
            korean.gettext,
            columns,
            "ko",
        )
    )
    (note,) = parallel.select("p.coursegen-missing")
    assert note.get_text() == "이 부분은 아직 대본에 없습니다." and (note["lang"], note["dir"]) == (
        "ko",
        "ltr",
    )
    assert note.find_parent("div", class_="coursegen-column")["lang"] == "fr"
    # Untranslated, the note is English inside the French column.
    english = html_of(
        render_parallel([("end", "End")], "Title", FRENCH, "fr", Translator("sw").gettext, columns, "ko")
    )
    assert (
        english.select_one("p.coursegen-missing")["lang"],
        english.select_one("p.coursegen-missing")["dir"],
    ) == (
        "en",
        "ltr",
    )


def test_what_a_cell_prints_and_draws_keeps_its_order() -> None:
    """plt.show() between two prints: Jupyter shows print, plot, print, plot; the page showed both prints,
    then both plots, their captions away from them."""
    figures = (
        FigureView("figures/a.svg", "first", 10, 10, at=len("first plot below\n")),
        FigureView("figures/b.svg", "second", 10, 10),
    )
    cells = [CellView("x = 1", stdout="first plot below\nsecond plot below\n", figures=figures)]
    page = html_of(render_lesson(view(cells=cells), FRENCH, "fr", lambda s: s))
    shown = [
        (element.name, element.get_text().strip() or element.find("img")["alt"])
        for element in page.select("pre.coursegen-output, figure.coursegen-figure")
    ]
    assert shown == [
        ("pre", "first plot below"),
        ("figure", "first"),
        ("pre", "second plot below"),
        ("figure", "second"),
    ]


def test_page_titles_have_the_same_id_in_every_language() -> None:
    """MkDocs slugged a title in Hangul, Cyrillic or Han to "_1", and each language's title to another id: a
    link to a title held in one language only (its permalink) and meant nothing."""
    korean = locale_info("ko")
    for title in ("무작위 초기화", "Initialisation aléatoire", "隨機初始化"):
        lesson = LessonView(
            "random-init", title, "", "", (SectionView("intro", "소개", ("본문.",)),), None, None
        )
        assert html_of(render_lesson(lesson, korean, "ko", str)).find("h1")["id"] == "random-init"
        parallel = render_parallel([("intro", "소개")], title, korean, "ko", str, [], "ko")
        assert html_of(parallel).find("h1")["id"] == "side-by-side"
    assert html_of(render_home(korean, "ko", lambda text: "수업", [], "t/")).find("h1")["id"] == "lessons"
    # A section of that id keeps it: ids are unique on a page.
    clash = LessonView("intro", "소개", "", "", (SectionView("intro", "소개", ("본문.",)),), None, None)
    page = html_of(render_lesson(clash, korean, "ko", str))
    assert [heading["id"] for heading in page.find_all(["h1", "h2"])].count("intro") == 1
    swahili = Translator("sw", {})
    lesson = dataclasses.replace(view(), title=swahili.gettext("Title"))
    untranslated = html_of(render_lesson(lesson, locale_info("sw"), "en", swahili.gettext)).find("h1")
    assert (untranslated["id"], untranslated["lang"]) == ("lesson", "en")


def test_comments_left_in_english_are_marked_so() -> None:
    """Comments a locale does not translate yet are shown in English: they were read with the page's voice."""
    code = "# Set up.\nx = 1  # one\ny = 2  # two\n"
    comments = find_comments(code)
    html, _ = highlight_python(code, [(comments[1], "un")], english=[comments[0], comments[2]])
    marked = [
        span.get_text() for span in BeautifulSoup(html, "html.parser").select('span.c1[lang="en"][dir="ltr"]')
    ]
    assert marked == ["# Set up.", "# two"]
    assert "# un" in html and html.count('class="c1"') == 3


def test_only_code_elements_are_marked_for_browsers_to_leave_untranslated() -> None:
    """A "<code" in an attribute's value or in a script of a guide's raw HTML was given the attribute too:
    its quotes closed the attribute and broke the script ("Unexpected identifier 'no'")."""
    html = (
        '<p>Run <code>make serve</code></p>\n<div title="wrap names in <code> tags">x</div>\r'
        '<script>\nvar s = "<code>x</code>";\n</script><CODE class="k">y</CODE><code translate="yes">z</code>'
    )
    page = BeautifulSoup(untranslated_code(html), "html.parser")
    assert [code.get("translate") for code in page.find_all("code")] == ["no", "no", "yes"]
    assert page.find("div")["title"] == "wrap names in <code> tags"
    assert page.find("script").string == '\nvar s = "<code>x</code>";\n'
    assert untranslated_code("<p>no code</p>") == "<p>no code</p>"
    # Shown as text, not code; and a declaration the parser stops on leaves the page as it is.
    assert untranslated_code("<textarea><code>x</textarea><code>y</code>") == (
        '<textarea><code>x</textarea><code translate="no">y</code>'
    )
    assert untranslated_code("<![foo[x]]><code>b</code>") == "<![foo[x]]><code>b</code>"


def test_the_side_by_side_page_comes_with_its_pair_shown_and_its_pickers_set() -> None:
    """The page came with every language's column, French first, and its pickers hidden: coursegen.js laid
    it out after it was first drawn, and every row moved (on another page than French's, the page's own
    language moved from the middle to the front). It holds its pair only: the other languages' columns are
    in scripts of their own (every view held every language's columns, pages growing with the square of the
    locales)."""
    columns = [ParallelColumn(locale_info(code), {"intro": (f"{code}.",)}) for code in ("fr", "ko", "tr")]
    scripts = {code: f"../../../{code}/x/parallel/columns.js?v=1" for code in ("fr", "ko", "tr")}
    page = html_of(render_parallel([("intro", "Intro")], "Title", FRENCH, "fr", str, columns, "ko", scripts))
    row = page.select_one(".coursegen-row")
    assert row["data-coursegen-section"] == "intro"
    assert [(c["lang"], c.has_attr("hidden")) for c in row.select(".coursegen-column")] == [
        ("ko", False),
        ("tr", False),
    ]
    form = page.select_one("form[data-coursegen-pickers]")
    assert not form.has_attr("hidden")
    assert [select.select_one("option[selected]")["value"] for select in form.select("select")] == [
        "ko",
        "tr",
    ]
    loaded = {o["value"]: o.get("data-coursegen-columns") for o in form.select("select")[0].select("option")}
    assert loaded == {"fr": scripts["fr"], "ko": None, "tr": None}
    assert "coursegen-pickers { display: none; }" in str(page.select_one("noscript style"))
    assert "[hidden]" not in str(page.select_one("noscript style"))


def test_a_column_script_hands_its_text_as_data() -> None:
    """A language's columns as coursegen.js is handed them: text (the page builds it with textContent), ASCII,
    every section, a section the transcript does not reach with no paragraph."""
    column = ParallelColumn(locale_info("uk"), {"intro": ("Привіт </script><b>x</b>. ", "Ще\x07 одне.")})
    script = column_script(column, ["intro", "later"]).decode("ascii")
    prefix, call = "window.coursegenColumns && window.coursegenColumns(", ");\n"
    assert script.startswith(prefix) and script.endswith(call)
    data = json.loads(script[len(prefix) : -len(call)])
    assert data == {
        "code": "uk",
        "name": "Українська",
        "dir": "ltr",
        "sections": {"intro": ["Привіт </script><b>x</b>. Ще\ufffd одне."], "later": []},
    }
