"""The learner's notebook of a lesson, in the page's language.

It must run top to bottom in a plain Jupyter with numpy and matplotlib only, so its first code cell
defines ``_`` and ``fmt`` itself: the translations travel as one JSON string literal decoded with
``json.loads`` (translator text is data, never code).

The fonts that drew the page's plots are those of the machine that built the site ("Noto Sans CJK KR" on
Linux); a learner on Windows or macOS has others ("Malgun Gothic"). Naming a missing family makes
matplotlib warn at every text it draws and show a language's letters as empty boxes, so the first cell keeps
the families that are installed and adds the installed fonts that have glyphs for the translations.
"""

from __future__ import annotations

import io
import json
import logging
import re
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from coursegen.catalogs import is_english
from coursegen.comments import translate_comments
from coursegen.driver import RANDOM_SEED, LocaleStrings
from coursegen.errors import LocaleError
from coursegen.examples import Cell, ExampleSource, messages, plurals
from coursegen.lessons import Lesson
from coursegen.locales import locale_info, region_hints
from coursegen.markup import visible

if TYPE_CHECKING:
    import nbformat

log = logging.getLogger(__name__)

# Characters that Markdown or HTML could read as markup inside running text: each gets a backslash escape, or
# is written as a character reference.
_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+!|~$&<>]")
# "$" and "\" each as a reference in an element of its own: Jupyter's Markdown turns "\$" back into "$"
# before MathJax typesets the rendered page (two prices on a line became math), so no "$" or "\" may be left
# in the source for a math extension to start from, nor side by side in the page for MathJax to pair.
_REFERENCES = {"$": "<span>&#36;</span>", "\\": "<span>&#92;</span>", "&": "&amp;", "<": "&lt;", ">": "&gt;"}
_LINE_START = re.compile(r"^(\s*)([-=]|\d+\.)", re.MULTILINE)
_EDGE_SPACE = re.compile(r"^\s+|\s+$")
# A web address as Jupyter's and VS Code's autolinks read it, less the punctuation that ends a sentence.
_URL = re.compile(r"(?:https?|ftp)://[^\s<>]*[^\s<>.,:;!?'\")\]}*_~]|www\.[^\s<>]*[^\s<>.,:;!?'\")\]}*_~]")

_PREAMBLE = '''\
import json
import random
import warnings

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager

# The same random numbers as on the page.
np.random.seed({seed})
random.seed({seed})

# Translations of this page's language.
_MESSAGES = json.loads({messages})


def _(message):
    """``message`` in this page's language. A cell that takes the name (``x, _ = ...``) has it given back
    after it runs (see ``_keep_translations``)."""
    return _MESSAGES.get(message, message)


def fmt(value, spec="g"):
    """A number written with this page's decimal separator."""
    return format(value, spec).translate(str.maketrans({table})){plural}


def _installed_fonts_for(families, text, regions={regions}):
    """The installed ones of ``families``, then installed fonts for the characters of ``text`` they lack:
    of those drawing as many, one named for this language's region or script ("... SC", "... TC")."""
    files = {{}}
    for entry in font_manager.fontManager.ttflist:
        if not entry.name.startswith("Last Resort"):  # boxes for every character
            files.setdefault(entry.name, entry.fname)
    chosen = [family for family in families if family in files]
    missing = {{ord(char) for char in text if char.isprintable() and not char.isspace()}}

    def covers(family):
        font = font_manager.get_font(files[family])
        return {{code for code in missing if font.get_char_index(code)}}

    for family in chosen:
        missing -= covers(family)
    while missing:
        gains = {{family: covers(family) for family in files if family not in chosen}}
        def rank(f):
            region = f.split()[-1].upper()
            near = regions.index(region) if region in regions else len(regions)
            return (-len(gains[f]), near, "Serif" in f or "Mono" in f, f)

        best = min(gains, key=rank, default=None)
        if best is None or not gains[best]:
            break
        chosen.append(best)
        missing -= gains[best]
    return chosen + ["sans-serif"], missing


# Fonts for this language's labels: those used when the page was built, where they are installed.
_fonts, _undrawn = _installed_fonts_for({fonts}, "".join(_MESSAGES.values()))
if _undrawn:
    # Fonts installed since matplotlib listed them (it keeps its list): listed now.
    _listed = {{entry.fname for entry in font_manager.fontManager.ttflist}}
    for _path in font_manager.findSystemFonts():
        if _path not in _listed:
            try:
                font_manager.fontManager.addfont(_path)
            except (OSError, RuntimeError, ValueError):
                pass
    _fonts, _undrawn = _installed_fonts_for({fonts}, "".join(_MESSAGES.values()))
plt.rcParams["font.family"] = _fonts


def _keep_translations(*_result, translate=_, told=[]):
    """Give ``_`` back to the translations after a cell that took the name (``for _ in ...``): run after
    every cell in Jupyter, registered once however often this cell runs."""
    if globals().get("_") is not translate:
        globals()["_"] = translate
        if not told:
            told.append(True)
            print({kept})


try:
    _events = get_ipython().events
except NameError:
    pass
else:
    for _callback in list(_events.callbacks["post_run_cell"]):
        if getattr(_callback, "__name__", "") == "_keep_translations":
            _events.unregister("post_run_cell", _callback)
    _events.register("post_run_cell", _keep_translations)
if _undrawn:
    warnings.filterwarnings("ignore", message="Glyph .* missing from", category=UserWarning)
    _letters = sorted(map(chr, _undrawn))
    print(
        {advice}.format(
            letters="".join(_letters[:12]) + ("…" if len(_letters) > 12 else ""), fonts={named_fonts}
        )
    )
'''
# ``ngettext``, where the examples use it: the forms of the translations, and the catalog's rule.
_PLURAL = """


import gettext

_PLURALS = json.loads({forms})
_plural_form = gettext.c2py({rule})


def ngettext(singular, plural, n):
    \"\"\"The form of ``singular``'s translation this page's language uses for ``n`` (a NumPy count read as
    the int it is: the rule warns of any other type).\"\"\"
    forms = _PLURALS.get(singular, ())
    if hasattr(n, "__index__"):
        n = n.__index__()
    index = _plural_form(n) if forms else -1
    return forms[index] if 0 <= index < len(forms) else singular if n == 1 else plural
"""
# Only where the labels need it (see SHAPING_ADVICE).
_SHAPING_CHECK = """\
import re

import matplotlib

if tuple(int(part) for part in re.findall(r"\\d+", matplotlib.__version__)[:2]) < (3, 11):
    print({shaping}.format(version=matplotlib.__version__))
"""


def N_(message: str) -> str:
    """``message`` itself, marked for the catalogs (``coursegen messages``); it is translated where used."""
    return message


#: What the first code cell prints where no installed font draws some letters of the labels: the learner saw
#: boxes, and a warning per letter and plot (240 for a lesson), with no word of what to do.
# Translators: printed by the notebook's first cell; keep {letters} (the letters no font draws) and {fonts}
# (the names of the fonts that drew the page's plots)
FONT_ADVICE = N_(
    "Some letters of the plots' labels ({letters}) are in no installed font: install one that has them "
    "(the page's plots use {fonts}; the Noto fonts cover most scripts), then run this cell again."
)
#: Family names that name no font (matplotlib's generic families).
GENERIC_FAMILIES = frozenset({"sans-serif", "serif", "monospace", "cursive", "fantasy", "sans"})
#: What the notebook prints, once, after a learner's cell took the name ``_`` (``for _ in range(3)``,
#: ``_ = plt.hist(...)``): every later example failed with "'int' object is not callable".
# Translators: printed by the notebook after a cell used `_` as a variable; keep `_`
KEPT_NOTE = N_(
    "`_` is this notebook's translation function: it has been given back after this cell (use another name "
    "for a value you do not need)."
)
#: What the first code cell prints where the labels are in a script that matplotlib before 3.11 draws wrong
#: (Colab and most Jupyter installations had 3.10): Arabic letters apart and left to right, Devanagari
#: conjuncts broken, Chinese and Korean in Japanese letter shapes; the notebook said nothing of it.
# Translators: printed by the notebook's first cell; keep {version} (the learner's version of matplotlib)
SHAPING_ADVICE = N_(
    "This matplotlib ({version}) cannot draw the plots' labels in this language as they are written "
    "(letters apart, out of order, or in another language's shapes): install matplotlib 3.11 or newer "
    "(pip install -U matplotlib), restart the kernel and run this cell again."
)
#: The messages of the first code cell other than its comments.
PREAMBLE_MESSAGES = (FONT_ADVICE, KEPT_NOTE, SHAPING_ADVICE)
# Scripts matplotlib draws as written only from 3.11 on: right to left or shaped (Hebrew, Arabic, Syriac,
# Thaana, N'Ko, the scripts of India, Thai, Lao, Tibetan, Myanmar, Khmer, Mongolian and their forms), and Han
# and Hangul (drawn before in Japanese letter shapes, right for Japanese only).
_SHAPED = re.compile(
    "[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u18af\ufb1d-\ufdff\ufe70-\ufeff]"
)
_HAN_HANGUL = re.compile("[\u1100-\u11ff\u2e80-\u2fdf\u3400-\u9fff\uac00-\ud7ff\uf900-\ufaff]")


def needs_matplotlib_3_11(text: str, code: str) -> bool:
    """Whether the labels ``text`` of locale ``code`` are in a script matplotlib draws as written only from
    3.11 on.

    >>> needs_matplotlib_3_11("الوحدة المخفية", "ar"), needs_matplotlib_3_11("權重", "zh-Hant")
    (True, True)
    >>> needs_matplotlib_3_11("poids", "fr"), needs_matplotlib_3_11("重み", "ja")
    (False, False)
    """
    if _SHAPED.search(text):
        return True
    return not code.lower().startswith("ja") and bool(_HAN_HANGUL.search(text))


#: The comments of the first code cell, as catalog messages (the text :func:`comments.find_comments` reads
#: in each): a learner reads that cell's code in the page's language too.
PREAMBLE_COMMENTS = (
    # Translators: a comment in the code that sets up the notebook: it seeds the random number generators
    N_("The same random numbers as on the page."),
    # Translators: a comment in the code that sets up the notebook (keep it one sentence)
    N_("Translations of this page's language."),
    # Translators: a comment in the code that sets up the notebook: fonts that show every character as a box
    N_("boxes for every character"),
    # Translators: a comment in the code that sets up the notebook
    N_("Fonts for this language's labels: those used when the page was built, where they are installed."),
    # Translators: a comment in the code that sets up the notebook: matplotlib keeps its list of fonts on disk
    N_("Fonts installed since matplotlib listed them (it keeps its list): listed now."),
)


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown: markup, HTML and math in a transcript are shown, not interpreted, by
    Jupyter (Markdown, then MathJax over the page), VS Code (markdown-it and KaTeX) and nbconvert alike.

    Web addresses stay links: an autolink would take escapes in as part of the address. Only spaces and tabs
    are taken from line ends (they would indent a code block or break a line); another space there (the
    ideographic space opening a Chinese paragraph) is text, written as a reference that no renderer trims.
    """
    text = visible(text)  # as on the page: a control character cannot be shown, its place can
    parts: list[str] = []
    end = 0
    for match in _URL.finditer(text):
        url = match.group()[: _address_length(match.group())]
        after = match.start() + len(url)
        if text[after : after + 1] == ")" and url.count("(") > url.count(")"):
            url += ")"  # the closing parenthesis of an address that opened one (Wikipedia's)
        parts += [_escape_text(text[end : match.start()]), _escape_url(url)]
        end = match.start() + len(url)
    parts.append(_escape_text(text[end:]))
    return "\n".join(_EDGE_SPACE.sub(_reference, line.strip(" \t")) for line in "".join(parts).splitlines())


def _reference(match: re.Match[str]) -> str:
    return "".join(f"&#{ord(char)};" for char in match.group())


def _address_length(url: str) -> int:
    """How much of what ``_URL`` found is the address: it ends before punctuation or a letter of a script
    written without spaces ("见 https://example.org/a。下一句", "「https://x.org/s」"), and without the
    punctuation that ends a sentence.

    >>> _address_length("https://x.org/a。下一句"), _address_length("https://fr.org/Réseau_(x)")
    (15, 24)
    """
    for index, char in enumerate(url):
        if not char.isascii() and (
            unicodedata.category(char)[0] in "PZS" or unicodedata.east_asian_width(char) in "WF"
        ):
            url = url[:index]
            break
    found = _URL.match(url)
    return found.end() if found else 0


def _escape_text(text: str) -> str:
    text = _SPECIAL.sub(lambda m: _REFERENCES.get(m[0], "\\" + m[0]), text)
    return _LINE_START.sub(_escape_line_start, text)


def _escape_url(url: str) -> str:
    """A plain address as an autolink (``<https://...>``: Markdown shows its text as is); any other as
    escaped text kept from being linked by an empty element after its scheme or ``www``."""
    if "://" in url and not any(char in url for char in "$\\<>"):
        return f"<{url}>"
    escaped = _escape_text(url)
    cut = "." if url.startswith("www.") else ":"
    return escaped.replace(cut, f"<span></span>{cut}", 1)


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


def preamble(
    source: ExampleSource,
    locale: LocaleStrings,
    advice: str = FONT_ADVICE,
    kept: str = KEPT_NOTE,
    shaping: str = SHAPING_ADVICE,
) -> str:
    """The first code cell: ``_``, ``fmt`` and fonts for ``locale``, every string a literal; ``advice`` is
    :data:`FONT_ADVICE`, ``kept`` :data:`KEPT_NOTE` and ``shaping`` :data:`SHAPING_ADVICE` in the page's
    language."""
    translations = {msgid: locale.messages.get(msgid, msgid) for msgid in messages(source)}
    group = "\u202f" if locale.decimal == "," else ","
    needs_shaping = needs_matplotlib_3_11("".join(translations.values()), locale.code)
    check = _SHAPING_CHECK.format(shaping=repr(shaping)) if needs_shaping else ""
    forms = {
        one: list(texts)
        for one, _many in plurals(source)
        if (texts := locale.plurals.get(one)) and not is_english(texts[0])
    }
    plural = ""
    if plurals(source):
        dumped = json.dumps(forms, ensure_ascii=False, indent=1)
        plural = _PLURAL.format(forms=repr(dumped), rule=repr(locale.plural_expr)).rstrip("\n")
    cell = _PREAMBLE.format(
        plural=plural,
        seed=RANDOM_SEED,
        messages=repr(json.dumps(translations, ensure_ascii=False, indent=1)),
        table=repr({".": locale.decimal, ",": group}),
        fonts=repr(list(locale.font_family)),
        regions=repr(region_hints(locale.code)),
        named_fonts=repr(", ".join(f for f in locale.font_family if f.lower() not in GENERIC_FAMILIES)),
        advice=repr(advice),
        kept=repr(kept),
    )
    return cell + check


def build_notebook(
    lesson: Lesson,
    title: str,
    sections: Sequence[tuple[str, str, str]],
    source: ExampleSource,
    locale: LocaleStrings,
    comments: Mapping[str, str] | None = None,
    course: str = "",
) -> nbformat.NotebookNode:
    """Title (and ``course``, the line naming the course under it), then per section its heading and
    transcript text, each named example's code after it.

    ``sections`` are ``(section_id, translated heading, transcript text)`` in page order; ``comments``
    translates the comments of the code, the first cell's :data:`PREAMBLE_COMMENTS` included (see
    :mod:`coursegen.comments`), and its :data:`PREAMBLE_MESSAGES`.
    """
    import nbformat

    table = dict(comments or {})
    right_to_left = _right_to_left(locale.code)

    def markdown_cell(markdown: str) -> nbformat.NotebookNode:
        # Jupyter lays out every cell left to right: Arabic or Hebrew text needs its direction said.
        if right_to_left:
            markdown = f'<div dir="rtl">\n\n{markdown}\n\n</div>'
        return nbformat.v4.new_markdown_cell(markdown)

    heading = f"# {escape_heading(title)}"
    cells = [markdown_cell(f"{heading}\n\n{escape_markdown(course)}" if course.strip() else heading)]
    code = preamble(
        source,
        locale,
        table.get(FONT_ADVICE, FONT_ADVICE),
        table.get(KEPT_NOTE, KEPT_NOTE),
        table.get(SHAPING_ADVICE, SHAPING_ADVICE),
    )
    cells.append(nbformat.v4.new_code_cell(translate_comments(code, table.get)))

    def code_cell(cell: Cell) -> nbformat.NotebookNode:
        return nbformat.v4.new_code_cell(translate_comments(cell.source, table.get, cell.comments))

    cells.extend(code_cell(cell) for cell in source.setup)
    pending = list(source.block_names)
    for section_id, heading, text in sections:
        markdown = f"## {escape_heading(heading)}"
        if text.strip():
            # Only the blank lines around them go: an ideographic space opening the first is text.
            paragraphs = [escape_markdown(p) for p in re.split(r"\n\s*\n", text.strip(" \t\r\n"))]
            markdown += "\n\n" + "\n\n".join(paragraphs)
        cells.append(markdown_cell(markdown))
        example = lesson.section(section_id).example
        if example is not None:
            cells.extend(map(code_cell, _code_cells(source, pending, until=example)))
    cells.extend(map(code_cell, _code_cells(source, pending, until=None)))
    for number, cell in enumerate(cells):
        cell["id"] = f"cell-{number}"  # nbformat draws random ids: the same lesson gives the same file
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    notebook.metadata["title"] = title  # nbconvert's page title; the file name otherwise
    notebook.metadata["coursegen"] = {"lesson": lesson.id, "locale": locale.code}
    log.debug("notebook %s/%s: %d cells", lesson.id, locale.code, len(cells))
    return notebook


def _right_to_left(code: str) -> bool:
    try:
        return locale_info(code).is_rtl
    except LocaleError:  # not a language (a test's made-up locale): left to right
        return False


def _code_cells(source: ExampleSource, pending: list[str], until: str | None) -> list[Cell]:
    """The cells of the blocks not yet shown, in source order, up to ``until`` (all when None).

    A notebook runs top to bottom, so a block no section names (helpers, data) still comes before the
    blocks that follow it in the source.
    """
    if until is not None and until not in pending:
        source.block(until)  # unknown names fail with a clear error; already shown ones are not repeated
        return []
    count = len(pending) if until is None else pending.index(until) + 1
    names, pending[:] = pending[:count], pending[count:]
    return [cell for name in names for cell in source.block(name).cells]


def notebook_archive(name: str, notebook: bytes, data: Mapping[str, Path]) -> bytes:
    """A zip of the notebook and the data files its examples read, in one folder named for the notebook,
    laid out as beside the examples: a learner unpacks it, opens the notebook, and
    ``np.loadtxt("data/x.csv")`` finds its file. The same inputs give the same bytes (no dates), so a
    rebuild does not change the site."""
    folder = name.rsplit(".", 1)[0]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        entries = [(name, notebook)] + [
            (relative, path.read_bytes()) for relative, path in sorted(data.items())
        ]
        for relative, content in entries:
            info = zipfile.ZipInfo(f"{folder}/{relative}", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()
