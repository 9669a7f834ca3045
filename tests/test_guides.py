"""Guide pages: translated blocks replace the English ones, and translator text stays visible text."""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
import pytest

from coursegen.catalogs import Translator
from coursegen.errors import CoursegenError
from coursegen.guides import guide_blocks, read_guide, translate_markdown

GUIDE = Path(__file__).parent / "fixtures" / "catalogs" / "project" / "docs" / "guides" / "guide.md"
REPO_GUIDE = Path(__file__).parent.parent / "docs" / "guides" / "translate.md"

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "link": "[x](javascript:alert(1))",
    "bold": "**bold** and _it_",
    "heading": "# not a heading",
    "list": "1. not a list",
    "entity": "&lt;b&gt;",
    "html-comment": "<!-- hidden -->",
    "image": "![x](https://example.org/x.png)",
    "attr-list": "text {: onclick=alert(1) }",
    "newline": "line one\n\n# two",
}


def _html(markdown_text: str) -> str:
    return markdown.markdown(markdown_text, extensions=["toc", "attr_list", "md_in_html", "tables"])


def test_translated_guide_replaces_blocks_and_keeps_code() -> None:
    translator = Translator(
        "fr",
        {
            "Translate this demo": "Traduire cette démo",
            "Run `coursegen add-locale CODE`.": "Lancez `coursegen add-locale CODE`.",
        },
    )
    page = translate_markdown(read_guide(GUIDE), translator)
    assert page.startswith("# Traduire cette démo {#translate-this-demo}\n")
    assert "1. Lancez `coursegen add-locale CODE`&#46;" in page
    assert "```sh\ncoursegen check\n```" in page
    # Untranslated blocks stay in English, as written.
    assert "2. Edit the catalog." in page
    assert "Start with one transcript.\nThe command copies it as is." in page


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_translation_stays_visible_text(text: str) -> None:
    source = "# Title\n\nA paragraph with `code`.\n"
    translator = Translator("xx", {"Title": text, "A paragraph with `code`.": text})
    page = _html(translate_markdown(source, translator))
    for tag in ("<script", "<a ", "<strong", "<em", "<img", "<ol", "<h2", "<!--", "onclick="):
        assert tag not in page
    assert page.count("<h1") == 1 and page.count("<p>") == 1
    # The browser shows exactly what the translator typed, whitespace folded.
    heading = page.split(">", 1)[1].split("</h1>")[0]
    paragraph = page.split("<p>")[1].split("</p>")[0]
    assert html.unescape(heading) == html.unescape(paragraph) == " ".join(text.split())


def test_a_translation_keeps_its_no_break_spaces() -> None:
    """French "Attention\u00a0!" and "10\u202f000" became plain spaces: the mark wrapped to a line alone."""
    said = "Attention\u00a0! Il y a 10\u202f000 poids."
    translator = Translator("fr", {"Title": said, "A paragraph.": said})
    page = _html(translate_markdown("# Title\n\nA paragraph.\n", translator))
    heading = page.split(">", 1)[1].split("</h1>")[0]
    paragraph = page.split("<p>")[1].split("</p>")[0]
    assert html.unescape(heading) == html.unescape(paragraph) == said


def test_code_span_not_in_source_is_not_code() -> None:
    translator = Translator("xx", {"Run `coursegen check`.": "Lancez `rm -rf /` puis `coursegen check`."})
    page = _html(translate_markdown("Run `coursegen check`.\n", translator))
    assert "<code>coursegen check</code>" in page
    assert "<code>rm" not in page
    assert "Lancez `rm -rf /` puis" in html.unescape(page)


def test_heading_translation_stays_a_heading() -> None:
    translator = Translator("xx", {"Title": "Заголовок"})
    assert "<h2" in _html(translate_markdown("## Title\n", translator))


def test_blocks_cover_every_line() -> None:
    text = REPO_GUIDE.read_text(encoding="utf-8")
    lines = [line for block in guide_blocks(text) for line in block.lines]
    assert lines == text.splitlines()


def test_missing_guide_is_reported() -> None:
    with pytest.raises(CoursegenError, match="guide page not found"):
        read_guide(GUIDE.with_name("nope.md"))


def test_headings_keep_their_english_ids_in_every_language() -> None:
    source = "# Guide\n\n## 1. Create the locale ##\n\nText.\n\n## Run `check`\n\n## 1. Create the locale\n"
    translations = {"1. Create the locale": "1. Створіть мову", "Run `check`": "Запустіть `check`"}
    ids = []
    for translator in (Translator("uk", translations), Translator("xx", {})):
        page = _html(translate_markdown(source, translator))
        ids.append(re.findall(r'<h[12][^>]* id="([^"]*)"', page))
        assert "{#" not in page and "##</h2>" not in page
    assert ids[0] == ids[1] == ["guide", "1-create-the-locale", "run-check", "1-create-the-locale_1"]
    assert "Створіть мову" in _html(translate_markdown(source, Translator("uk", translations)))


def test_a_block_left_in_english_says_so() -> None:
    """A new Arabic locale showed its untranslated blocks as Arabic, right to left: "Create the locale .1",
    and screen readers read the English in an Arabic voice."""
    source = "# Guide\n\nFirst paragraph\non two lines.\n\n1. Create the locale.\n2. Check it.\n\n| a | b |\n"
    translator = Translator("ar", {"Guide": "دليل", "Check it.": "تحقق منه."})
    page = _html(translate_markdown(source, translator))
    english = 'dir="ltr" lang="en"'
    assert '<h1 id="guide">دليل</h1>' in page
    assert f"<p {english}>First paragraph\non two lines.</p>" in page
    assert f"<li {english}>Create the locale.</li>" in page and "<li>تحقق منه&#46;</li>" in page
    assert "<p>| a | b |</p>" in page and "{:" not in page


@pytest.mark.parametrize(
    "source",
    [
        "!!! tip\n\n    Save the catalog before you check it.\n\nAfter.\n",
        "A paragraph a list follows directly:\n- first\n- second\n",
        "Some code:\n\n    make check\n    make serve\n\nAfter.\n",
        "[guide]: https://example.org/guide\n\nAfter.\n",
        "| a | b |\n|---|---|\n| 1 | 2 |\n",
        REPO_GUIDE.read_text(encoding="utf-8"),
    ],
    ids=["admonition", "list-after-paragraph", "indented-code", "reference", "table", "the-guide"],
)
def test_marking_english_blocks_changes_nothing_else(source: str) -> None:
    """The attribute line that says a block is English closed an admonition (its body became code), and
    showed as text after a paragraph a list follows, or inside indented code."""
    extensions = ["toc", "attr_list", "md_in_html", "tables", "admonition"]
    marked = markdown.markdown(translate_markdown(source, Translator("ar", {})), extensions=extensions)
    plain = markdown.markdown(source, extensions=extensions)
    assert "{:" not in marked
    assert re.sub(r' (lang|dir)="[^"]*"', "", marked) == plain


@pytest.mark.parametrize(
    ("markdown_text", "what"),
    [
        ("![Our team](team.png)", "an image"),
        ("Read the [guide](translate.md) first.", "a link"),
        ("Made at **Example University**.", "emphasis"),
        ("| Term | Meaning |", "a table"),
        ('!!! note "Contact"', "an admonition"),
        ("> A quotation.", "a quotation"),
        ("Press <kbd>Ctrl</kbd>.", "HTML"),
        ("Run `coursegen check **now**` and `[x](y)`.", None),
        ("Plain text with a * star and snake_case_words.", None),
        ("One of the *.po files; the build compiles *.mo files.", None),
        ("See the [Material documentation][mat] for themes.", "a link"),
        ("Read `w[0][1]` there.", None),
    ],
    ids=[
        "image",
        "link",
        "bold",
        "table",
        "admonition",
        "quote",
        "html",
        "code",
        "plain",
        "stars",
        "reference",
        "indexes",
    ],
)
def test_markdown_a_translation_cannot_keep_is_named_at_its_line(
    markdown_text: str, what: str | None
) -> None:
    """An owner's About page kept its image, links, bold text, table and note in English only; every other
    language showed them as characters, with no word from the build or check."""
    from coursegen.guides import guide_doubts

    doubts = guide_doubts(Path("about.md"), f"# About\n\n{markdown_text}\n")
    if what is None:
        assert doubts == []
    else:
        (where, reason), *_ = doubts
        assert where == "about.md:3" and reason.startswith(f"{what}: translations of a guide are plain text")


def test_files_beside_the_guides_are_named_as_not_published(tmp_path: Path) -> None:
    """An image beside a guide, or a guide in a subfolder, was left out of the site without a word."""
    from coursegen.guides import guide_warnings

    (tmp_path / "about.md").write_text("# About\n\nSee [the guide][g].\n", encoding="utf-8")
    (tmp_path / "team.png").write_bytes(b"\x89PNG")
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "diagram.png").write_bytes(b"\x89PNG")
    (tmp_path / "extra").mkdir()
    (tmp_path / "extra" / "more.md").write_text("# More\n", encoding="utf-8")
    (tmp_path / "about.md~").write_text("# About\n", encoding="utf-8")  # an editor's backup: no concern
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref\n", encoding="utf-8")
    found = dict(guide_warnings(tmp_path))
    assert found.pop(f"{tmp_path / 'about.md'}:3").startswith(
        "a link: translations of a guide are plain text"
    )
    assert found == {
        str(tmp_path / name): "not published: the guides folder holds guide pages (.md), no folders"
        for name in ("extra/more.md", "img/diagram.png", "team.png")
    }


def test_the_project_s_own_guide_holds_nothing_its_translations_cannot_show() -> None:
    """Its numbered headings ("## 1. Create the locale") were judged as a list: four warnings, every build."""
    from coursegen.guides import guide_warnings

    assert guide_warnings(Path(__file__).parent.parent / "docs" / "guides") == []
