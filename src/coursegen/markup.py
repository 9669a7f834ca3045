"""Turning untrusted text (transcripts, catalog strings) into Markdown and HTML that show it as text.

Transcripts and translations come from volunteers: whatever they contain (``<script>``, ``**``, ``[x](y)``,
``{#id}``) must reach the page as visible characters, never as markup. Every piece of generated Markdown that
carries such text goes through one of these functions.
"""

from __future__ import annotations

import html
import re
import unicodedata

from coursegen.textlines import single_line

# Every ASCII punctuation character: with ``pymdownx.escapeall`` any of them may be backslash-escaped, which
# covers the syntax of every Markdown extension the site enables (tables, emoji, critic, attr_list ...).
_PUNCTUATION = re.compile(r"""([!"#$%'()*+,\-./:;=?@\[\\\]^_`{|}~])""")
BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
# Control characters cannot be shown, are invalid in HTML, and Python-Markdown uses two of them (STX, ETX) as
# internal placeholders; they are shown as U+FFFD so that their place stays visible.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
REPLACEMENT = "\ufffd"
#: The attributes of text shown in English on another language's page (a translation still missing).
ENGLISH_ATTRIBUTES = 'lang="en" dir="ltr"'


def visible(text: str) -> str:
    r"""``text`` with control characters (other than tab and line breaks) replaced by U+FFFD.

    >>> visible("a\x03b\tc")
    'a\ufffdb\tc'
    """
    return _CONTROLS.sub(REPLACEMENT, text)


#: What :meth:`str.strip` may take from the ends of a paragraph of text.
LAYOUT_SPACE = " \t\n\r\f\v"


def escape_inline(text: str) -> str:
    r"""Markdown for ``text`` on one line (a heading, a link label), shown verbatim.

    Newlines become spaces: a heading cannot span lines.

    >>> escape_inline("**bold** <script>alert(1)</script> {#x}")
    '\\*\\*bold\\*\\* &lt;script&gt;alert\\(1\\)&lt;\\/script&gt; \\{\\#x\\}'
    """
    escaped = html.escape(single_line(visible(text)), quote=False)
    # Entities produced just above must survive the backslash pass intact.
    parts = re.split(r"(&(?:lt|gt|amp);)", escaped)
    return "".join(
        part if part.startswith("&") and part.endswith(";") else _PUNCTUATION.sub(r"\\\1", part)
        for part in parts
    )


def html_text(text: str) -> str:
    """HTML for ``text`` that a raw HTML block in Markdown passes through unchanged.

    A blank line would end a raw HTML block and hand the rest back to Markdown, so newlines become character
    references: the browser still sees them, Markdown never does.

    >>> html_text('a <b>\\n\\nc "d"')
    'a &lt;b&gt;&#10;&#10;c &quot;d&quot;'
    """
    return _raw_block_text(visible(text))


def _raw_block_text(shown: str) -> str:
    """:func:`html_text` of text already made :func:`visible`."""
    return html.escape(shown, quote=True).replace("\r", "&#13;").replace("\n", "&#10;")


def monospaced_html(text: str) -> str:
    """HTML like :func:`html_text` for printed output, with every wide character kept two columns wide.

    Printed tables count Hangul and CJK characters as two columns, as terminals do; a browser draws them from
    a fallback font, narrower than two columns of the monospaced one, and the columns below drift. Each run of
    wide characters (with the marks that combine with them) is boxed to exactly two columns a character
    (``.coursegen-wide``, sized in ``ch``).

    A line whose text starts right to left (Arabic, Hebrew: its first letter outside isolated cells) is laid
    out right to left (``.coursegen-rtl``), so that its punctuation and numbers fall where its reader expects
    them; the other lines, numbers and tables included, stay left to right.

    >>> monospaced_html("층 <1>")
    '<span class="coursegen-wide" style="width:2ch">층</span> &lt;1&gt;'
    >>> monospaced_html("الدقة: 97%\\n0.01")
    '<span class="coursegen-rtl" dir="rtl">الدقة: 97%</span>&#10;0.01'
    """
    lines = [_monospaced_line(line) for line in visible(text).split("\n")]
    return _raw_block_text("\n").join(lines)


def _monospaced_line(line: str) -> str:
    runs: list[tuple[bool, list[str]]] = []
    for char in line:
        wide = is_wide(char)
        if runs and (wide == runs[-1][0] or _is_mark(char)):
            runs[-1][1].append(char)
        else:
            runs.append((wide, [char]))
    parts = []
    for wide, chars in runs:
        escaped = _raw_block_text("".join(chars))
        if wide:
            columns = 2 * sum(not _is_mark(char) for char in chars)
            escaped = f'<span class="coursegen-wide" style="width:{columns}ch">{escaped}</span>'
        parts.append(escaped)
    html = "".join(parts)
    return f'<span class="coursegen-rtl" dir="rtl">{html}</span>' if _starts_right_to_left(line) else html


def columns(text: str) -> int:
    """The columns of a monospaced font the widest line of ``text`` takes (wide characters two, marks and
    invisible format characters none): on paper, printed output shrinks to fit them.

    >>> columns("scale  0.01\\n층 1")
    11
    """
    return max((sum(map(_columns_of, line)) for line in visible(text).split("\n")), default=0)


def _columns_of(char: str) -> int:
    if _is_mark(char) or unicodedata.category(char) == "Cf":
        return 0
    return 2 if is_wide(char) else 1


def _starts_right_to_left(line: str) -> bool:
    """Whether the first strong letter of ``line`` outside isolates is right to left (Unicode's rule P2)."""
    depth = 0
    for char in line:
        kind = unicodedata.bidirectional(char)
        if kind in ("LRI", "RLI", "FSI"):
            depth += 1
        elif kind == "PDI":
            depth = max(depth - 1, 0)
        elif depth == 0 and kind in ("L", "R", "AL"):
            return kind != "L"
    return False


def is_wide(char: str) -> bool:
    """Whether ``char`` takes two columns of a monospaced font (Hangul, Han, kana, full-width forms)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def _is_mark(char: str) -> bool:
    """A mark drawn on the character before it (an accent, a circle around it): it takes no column."""
    return unicodedata.category(char) in ("Mn", "Me")


def attr(text: str) -> str:
    """An HTML attribute value (quoted by the caller with double quotes)."""
    return html_text(text)
