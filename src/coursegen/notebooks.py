"""The learner's notebook of a lesson, in the page's language.

It must run top to bottom in a plain Jupyter with numpy and matplotlib only, so its first code cell
defines ``_`` and ``fmt`` itself: the translations travel as one JSON string literal decoded with
``json.loads`` (translator text is data, never code), and the fonts chosen for the locale are set with a
generic fallback, so the notebook still runs where those fonts are not installed.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence

import nbformat

from coursegen.examples import ExampleSource, messages
from coursegen.execution import LocaleStrings
from coursegen.lessons import Lesson

log = logging.getLogger(__name__)

# Characters that Markdown, HTML or Jupyter's MathJax could read as markup inside running text.
_INLINE = re.compile(r"([\\`*_{}\[\]()#+!|~$])")
_LINE_START = re.compile(r"^(\s*)([-=]|\d+\.)", re.MULTILINE)
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}

_PREAMBLE = '''\
import json

import matplotlib.pyplot as plt

# Translations of this page's language.
_MESSAGES = json.loads({messages})


def _(message):
    return _MESSAGES.get(message, message)


def fmt(value, spec="g"):
    """A number written with this page's decimal separator."""
    return format(value, spec).translate(str.maketrans({table}))


# Fonts that cover this language; matplotlib falls back to the generic family where they are missing.
plt.rcParams["font.family"] = {fonts}
# Labels are plain text: a "$" in a translation is a dollar sign, never the start of math.
plt.rcParams["text.parse_math"] = False
'''


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown: markup, HTML and math in a transcript are shown, not interpreted."""
    text = _INLINE.sub(r"\\\1", text)
    text = "".join(_HTML.get(char, char) for char in text)
    text = _LINE_START.sub(_escape_line_start, text)
    return "\n".join(line.strip() for line in text.splitlines())


def escape_heading(text: str) -> str:
    """``text`` as the literal text of an ATX heading: one line, since a line break would end the heading
    and hand the rest of a translation to Markdown as blocks of its own.

    >>> escape_heading("one\\n\\n# two")
    'one \\\\# two'
    """
    return escape_markdown(" ".join(text.split()))


def _escape_line_start(match: re.Match[str]) -> str:
    """``- x``, ``= x`` and ``1. x`` at the start of a line would make lists or headings."""
    indent, mark = match.groups()
    return f"{indent}{mark[:-1]}\\." if mark.endswith(".") else f"{indent}\\{mark}"


def preamble(source: ExampleSource, locale: LocaleStrings) -> str:
    """The first code cell: ``_``, ``fmt`` and fonts for ``locale``, every string a literal."""
    translations = {msgid: locale.messages.get(msgid, msgid) for msgid in messages(source)}
    group = "\u202f" if locale.decimal == "," else ","
    fonts = list(dict.fromkeys([*locale.font_family, "sans-serif"]))
    return _PREAMBLE.format(
        messages=repr(json.dumps(translations, ensure_ascii=False, indent=1)),
        table=repr({".": locale.decimal, ",": group}),
        fonts=repr(fonts),
    )


def build_notebook(
    lesson: Lesson,
    title: str,
    sections: Sequence[tuple[str, str, str]],
    source: ExampleSource,
    locale: LocaleStrings,
) -> nbformat.NotebookNode:
    """Title, then per section its heading and transcript text, each named example's code after it.

    ``sections`` are ``(section_id, translated heading, transcript text)`` in page order.
    """
    cells = [nbformat.v4.new_markdown_cell(f"# {escape_heading(title)}")]
    cells.append(nbformat.v4.new_code_cell(preamble(source, locale)))
    cells.extend(nbformat.v4.new_code_cell(cell.source) for cell in source.setup)
    pending = list(source.block_names)
    for section_id, heading, text in sections:
        markdown = f"## {escape_heading(heading)}"
        if text.strip():
            paragraphs = [escape_markdown(p) for p in re.split(r"\n\s*\n", text.strip())]
            markdown += "\n\n" + "\n\n".join(paragraphs)
        cells.append(nbformat.v4.new_markdown_cell(markdown))
        example = lesson.section(section_id).example
        if example is not None:
            cells.extend(_code_cells(source, pending, until=example))
    cells.extend(_code_cells(source, pending, until=None))
    for number, cell in enumerate(cells):
        cell["id"] = f"cell-{number}"  # nbformat draws random ids: the same lesson gives the same file
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    notebook.metadata["coursegen"] = {"lesson": lesson.id, "locale": locale.code}
    log.debug("notebook %s/%s: %d cells", lesson.id, locale.code, len(cells))
    return notebook


def _code_cells(source: ExampleSource, pending: list[str], until: str | None) -> list[nbformat.NotebookNode]:
    """The cells of the blocks not yet shown, in source order, up to ``until`` (all when None).

    A notebook runs top to bottom, so a block no section names (helpers, data) still comes before the
    blocks that follow it in the source.
    """
    if until is not None and until not in pending:
        source.block(until)  # unknown names fail with a clear error; already shown ones are not repeated
        return []
    count = len(pending) if until is None else pending.index(until) + 1
    names, pending[:] = pending[:count], pending[count:]
    return [nbformat.v4.new_code_cell(cell.source) for name in names for cell in source.block(name).cells]
