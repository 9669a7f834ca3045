"""Volunteer text shown as text: whatever it contains, Markdown and HTML never interpret it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import MARKDOWN_OWN, markdown_html

from coursegen.markup import escape_inline, html_text, monospaced_html, visible

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "**bold** _em_ `code` # not a heading",
    "{#fake-id} {: .class}",
    "&amp; &lt; &#60;",
    "a | b | c",
    "\\ backslash \\\\ twice",
    ":smile: ~~strike~~ ==mark== ^^ins^^",
]


def text_of(html: str) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser").get_text()


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_heading_shows_hostile_text_verbatim(hostile: str) -> None:
    html = markdown_html(f"## {escape_inline(hostile)} {{#safe}}")
    assert text_of(html).strip() == " ".join(hostile.split())
    assert "<script" not in html and "<img" not in html and "href" not in html
    assert 'id="safe"' in html


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_raw_paragraph_shows_hostile_text_verbatim(hostile: str) -> None:
    html = markdown_html(f"<p>{html_text(hostile)}</p>")
    assert text_of(html) == hostile
    assert "<script" not in html and "<img" not in html


def test_blank_lines_cannot_end_a_raw_block() -> None:
    """A blank line inside a paragraph would hand the rest of it back to Markdown."""
    body = html_text("first\n\n# not a heading\n\n**not bold**")
    html = markdown_html(f"<p>{body}</p>")
    assert "<h1" not in html and "<strong>" not in html
    assert "# not a heading" in text_of(html)


def test_a_heading_keeps_its_no_break_and_ideographic_spaces() -> None:
    """The no-break space a French translator puts before ":" and "!" became a plain one: the mark could
    wrap onto a line of its own. Layout spaces (line breaks, runs of spaces) still make one."""
    heading = "La solution\u00a0:\n  de petits  poids\u202f! 權重\u3000初始化"
    html = markdown_html(f"## {escape_inline(heading)} {{#x}}")
    assert text_of(html).strip() == "La solution\u00a0: de petits poids\u202f! 權重\u3000初始化"


@given(st.text().filter(lambda t: t.strip()))
def test_any_text_survives_a_heading(text: str) -> None:
    """Headings are never empty (untranslated ones fall back to English), whatever else they hold."""
    html = markdown_html(f"## {escape_inline(text)} {{#x}}")
    assert "".join(text_of(html).split()) == "".join(visible(text).split())


@given(st.text())
def test_any_text_survives_a_raw_paragraph(text: str) -> None:
    html = markdown_html(f"<p>{html_text(text)}</p>")
    assert "".join(text_of(html).split()) == "".join(visible(text).split())


@pytest.mark.parametrize("hostile", [*HOSTILE, "<b>층</b>", "平均 </span><script>x</script>"])
def test_printed_output_shows_hostile_text_verbatim(hostile: str) -> None:
    html = markdown_html(f"<pre><code>{monospaced_html(hostile)}</code></pre>")
    assert text_of(html) == hostile
    assert "<script" not in html and "<img" not in html and "<b>" not in html


@given(st.text(MARKDOWN_OWN))
def test_any_text_survives_printed_output(text: str) -> None:
    html = markdown_html(f"<pre><code>{monospaced_html(text)}</code></pre>")
    assert text_of(html) == visible(text)


def test_wide_characters_are_boxed_two_columns_each() -> None:
    from bs4 import BeautifulSoup

    text = "스케일  0.01\n平均 ＡＢ x 가\u0301나 e\u0301"
    soup = BeautifulSoup(monospaced_html(text), "html.parser")
    boxes = [(span.get_text(), span["style"]) for span in soup.select("span.coursegen-wide")]
    # An accent stays with the character it is drawn on and takes no column of its own.
    assert boxes == [
        ("스케일", "width:6ch"),
        ("平均", "width:4ch"),
        ("ＡＢ", "width:4ch"),
        ("가\u0301나", "width:4ch"),
    ]
    assert soup.get_text() == text
