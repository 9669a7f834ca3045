"""Rendering: the Markdown of every generated page, from views that already hold translated text.

Views are plain data built by the plugin from the alignment, the example results and the catalogs; this module
only turns them into Markdown for MkDocs. Every piece of volunteer text goes through ``coursegen.markup``, so
a transcript or a catalog can never inject markup. Headings stay Markdown so that MkDocs builds the table of
contents from them; paragraphs, outputs and figures are raw HTML blocks, which Markdown leaves untouched.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

import pygments
import yaml
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from coursegen.catalogs import is_english
from coursegen.comments import Comment, rewritten, source_lines
from coursegen.locales import LocaleInfo
from coursegen.markup import (
    BLANK_LINE,
    ENGLISH_ATTRIBUTES,
    LAYOUT_SPACE,
    attr,
    columns,
    escape_inline,
    html_text,
    monospaced_html,
    visible,
)

Gettext = Callable[[str], str]

# Transcripts without blank lines get paragraphs of consecutive sentences up to about this size.
PARAGRAPH_CHARS = 700
# Code cells longer than this are folded: the transcript stays readable, the code is one click away.
FOLD_LINES = 30
# Syntax-highlighting spans that the theme does not colour differently from plain code (whitespace, names,
# punctuation, operators): dropping them halves the weight of a page full of code and changes nothing visible
# beyond punctuation in the body colour.
_PLAIN_TOKENS = re.compile(r'<span class="(?:w|n|p|o)">([^<]*)</span>')
# A raw HTML block as this module writes it: one line, from the opening tag of a block-level element (which
# Markdown keeps as it is, unless asked to read Markdown inside it) to its closing tag.
_ONE_LINE_BLOCK = re.compile(
    r"<(?P<tag>p|div|nav|details|pre|figure|section|aside|ul|ol|table)(?:\s(?![^>]*markdown=)[^>]*)?>"
    r"[^\n]*</(?P=tag)>"
)


@dataclass(frozen=True)
class FigureView:
    src: str
    alt: str
    width: int
    height: int
    #: The alt text is English, the page's locale not translating it yet.
    english: bool = False
    #: How many characters of the cell's output come before it (None: all of them).
    at: int | None = None


@dataclass(frozen=True)
class CellView:
    """An example cell as a page shows it: its code, with ``comments`` the translations of its comments
    (see :mod:`coursegen.comments`), its output and its figures."""

    source: str
    stdout: str = ""
    figures: tuple[FigureView, ...] = ()
    comments: tuple[tuple[Comment, str], ...] = ()
    #: What it printed is English: every text it translated is, the locale not translating them yet.
    english_output: bool = False
    #: Its comments the locale does not translate yet, shown in English.
    english_comments: tuple[Comment, ...] = ()


@dataclass(frozen=True)
class SectionView:
    id: str
    heading: str
    paragraphs: tuple[str, ...]
    cells: tuple[CellView, ...] = ()


@dataclass(frozen=True)
class LessonView:
    id: str
    title: str
    course: str
    summary: str
    sections: tuple[SectionView, ...]
    notebook_href: str | None
    parallel_href: str | None
    notebook_archive: bool = False  # the notebook comes zipped with the data files its examples read
    examples_pending: bool = False  # shown while its examples still run (mkdocs serve)
    examples_error: str = ""  # shown when its examples could not run (mkdocs serve)
    # Why some of its inputs could not be read, each shown: the page holds what was last read (mkdocs serve).
    unread: tuple[str, ...] = ()


@dataclass(frozen=True)
class LessonLink:
    title: str
    summary: str
    href: str


_SENTENCE_END = re.compile(r"[.!?…。！？।؟][\"'”’»)\]]*\s*$")


def paragraphs_from_sentences(pieces: Sequence[str], limit: int = PARAGRAPH_CHARS) -> tuple[str, ...]:
    """Group consecutive pieces of a text into readable paragraphs, keeping every character between them.

    Pieces are contiguous slices of one text, so they are joined as they are (no separator is invented, which
    matters for scripts written without spaces); blank lines inside a piece are paragraph breaks. A run of
    text longer than ``limit`` is cut into paragraphs of about equal length (no one-line orphan at its end),
    after a piece that ends a sentence: pieces may be clauses of a long sentence, and a paragraph opening
    mid-sentence reads as a mistake. Text without sentence punctuation is cut between any two pieces.

    >>> paragraphs_from_sentences(["One. ", "Two. ", "Three."], limit=10)
    ('One. Two.', 'Three.')
    >>> paragraphs_from_sentences(["A long one, ", "with a clause. ", "Short."], limit=20)
    ('A long one, with a clause.', 'Short.')
    >>> paragraphs_from_sentences(["甲乙。", "丙丁。"])
    ('甲乙。丙丁。',)

    Only the spaces and line breaks around a paragraph go: an ideographic space opening a Chinese one is
    text (as in the notebook).

    >>> paragraphs_from_sentences(["甲乙。\\n\\n", "\\u3000丙丁。"])
    ('甲乙。', '\\u3000丙丁。')
    """
    runs: list[list[str]] = [[]]
    for piece in pieces:
        for index, part in enumerate(BLANK_LINE.split(piece)):
            if index > 0:
                runs.append([])
            runs[-1].append(part)
    paragraphs: list[str] = []
    for run in runs:
        for start, end in _balanced_cuts(run, limit):
            text = "".join(run[start:end]).strip(LAYOUT_SPACE)
            if text:
                paragraphs.append(text)
    return tuple(paragraphs)


def _balanced_cuts(parts: Sequence[str], limit: int) -> list[tuple[int, int]]:
    """Index ranges of ``parts`` cut into as few paragraphs as ``limit`` allows, each close to an equal share,
    preferring cuts after a sentence end."""
    lengths = [len(part.strip()) for part in parts]
    total = sum(lengths)
    count = -(-total // limit) if limit > 0 else 1
    if count <= 1 or len(parts) < 2:
        return [(0, len(parts))]
    reached = list(itertools.accumulate(lengths))
    cuts: list[int] = []
    for k in range(1, count):
        target = total * k / count
        gap = {i: abs(reached[i - 1] - target) for i in range(cuts[-1] + 1 if cuts else 1, len(parts))}
        if not gap:
            break
        ends = [i for i in gap if _SENTENCE_END.search(parts[i - 1])]
        best = min(ends, key=gap.__getitem__) if ends else None
        if best is None or gap[best] > limit / 2:  # no sentence ends near: any piece boundary
            best = min(gap, key=gap.__getitem__)
        cuts.append(best)
    return list(itertools.pairwise([0, *cuts, len(parts)]))


def front_matter(title: str, locale: LocaleInfo | None, theme_language: str, **extra: object) -> str:
    """YAML front matter; the title and every other text are HTML-escaped because the theme prints them
    unescaped (a translated summary, the page's description, ran as script in the page's head)."""
    meta: dict[str, object] = {"title": attr(title), "theme_language": theme_language}
    if is_english(title):
        # Shown in English in the navigation of every page of the locale: the pages mark it (coursegen.js).
        meta["title_english"] = True
    if locale is not None:
        meta["lang"] = locale.code
        meta["dir"] = locale.direction
    # Escaped to plain strings (YAML's safe dumper refuses the marked English ones, catalogs.English).
    meta.update({name: attr(value) if isinstance(value, str) else value for name, value in extra.items()})
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n\n"


def highlight_python(
    code: str, comments: Sequence[tuple[Comment, str]] = (), english: Sequence[Comment] = ()
) -> tuple[str, int]:
    """Highlighted HTML of an example's code, in the theme's markup, as one raw HTML line, and its number of
    lines; ``comments`` are translations of its comments (see :mod:`coursegen.comments`), ``english`` those
    shown in English on another language's page, marked so (a screen reader read them with its voice).

    Every locale's page shows the same code, so it is highlighted once per build rather than once per page,
    and each page's translated comments replace the English ones in that HTML. Newlines become character
    references so that blank lines in the code cannot end the raw HTML block.
    """
    lines = list(_highlighted_lines(code.strip("\n")))
    source = source_lines(code)
    lead = len(code) - len(code.lstrip("\n"))
    comment_span = '<span class="c1">'
    for comment in english:
        for at in range(comment.first - 1 - lead, comment.last - lead):
            head, found, tail = lines[at].rpartition(comment_span)
            if found:
                lines[at] = f'{head}<span class="c1" {ENGLISH_ATTRIBUTES}>{tail}'
    for comment, translation in reversed(comments):
        new = [f"{comment_span}{html_text(part)}</span>" for part in rewritten(comment, translation)]
        at = comment.first - 1 - lead
        if comment.inline:
            head, found, _ = lines[at].rpartition(comment_span)
            lines[at] = head + new[0] if found else lines[at]
        else:
            indent = source[comment.first - 1][: comment.column]
            lines[at : comment.last - lead] = [indent + line for line in new]
    body = "&#10;".join(lines)
    code_html = f"<pre><span></span><code {NO_TRANSLATION}>{body}</code></pre>"
    return f'<div class="language-python highlight">{code_html}</div>', len(lines)


@functools.cache
def _highlighted_lines(code: str) -> tuple[str, ...]:
    """Pygments' lines of ``code`` (it closes and reopens a token's span where a line ends)."""
    tokens = pygments.highlight(code, PythonLexer(), HtmlFormatter(nowrap=True))
    return tuple(compact_highlighting(tokens).rstrip("\n").split("\n"))


def _failure(notice: str, error: str) -> str:
    """A notice of what went wrong, and the error, as text."""
    return (
        f'<div class="admonition failure" role="alert">{_raw("p", notice)}'
        f"<p><code>{html_text(error)}</code></p></div>"
    )


def _raw(tag: str, text: str, cls: str | None = None, **attrs: str) -> str:
    parts = [f'class="{cls}"'] if cls else []
    parts += [f'{name.rstrip("_").replace("_", "-")}="{attr(value)}"' for name, value in attrs.items()]
    opening = " ".join([tag, *parts])
    return f"<{opening}{_english(text)}>{html_text(text)}</{tag}>"


def _english(text: str) -> str:
    """The attributes that mark ``text`` as English when its translation is missing (see
    :class:`coursegen.catalogs.English`), for an HTML element's opening tag; else nothing."""
    return f" {ENGLISH_ATTRIBUTES}" if is_english(text) else ""


def _named(text: str, label_id: str) -> tuple[str, str]:
    """The attribute that names an element ``text``, and the hidden element that holds the name when it is
    English on another language's page (``aria-label`` has no language: a screen reader read "Output" with
    the page's voice), under ``label_id``; else nothing."""
    if not is_english(text):
        return f'aria-label="{attr(text)}"', ""
    return (
        f'aria-labelledby="{label_id}"',
        f'<span id="{label_id}" hidden {ENGLISH_ATTRIBUTES}>{html_text(text)}</span>',
    )


def _heading(level: int, text: str, section_id: str | None = None) -> str:
    """A Markdown heading of ``text``, with its id and, for English shown on another language's page, its
    language."""
    attributes = ([f"#{section_id}"] if section_id else []) + (
        [ENGLISH_ATTRIBUTES] if is_english(text) else []
    )
    return f"{'#' * level} {escape_inline(text)}" + (f" {{{' '.join(attributes)}}}" if attributes else "")


def _title_id(wanted: str, section_ids: Iterable[str]) -> str | None:
    """A page title's id, the same in every language, as its sections' are: MkDocs slugs a title written in
    Hangul, Cyrillic or Han to "_1", and each language's title to another id. None (MkDocs' slug) where a
    section already has ``wanted``."""
    return None if wanted in set(section_ids) else wanted


#: The id of the hidden name of printed output, on a page whose locale does not translate it yet.
OUTPUT_LABEL_ID = "coursegen-output-label"


def _render_cell(cell: CellView, gettext: Gettext) -> list[str]:
    code, lines = highlight_python(cell.source, cell.comments, cell.english_comments)
    if lines > FOLD_LINES:
        summary = gettext("Show the code ({count} lines)").format(count=lines)
        code = (
            f'<details class="coursegen-code"><summary{_english(summary)}>{html_text(summary)}</summary>'
            f"{code}</details>"
        )
    blocks = [code]

    def output(text: str) -> None:
        if text.strip():
            label, _ = _named(gettext("Output"), OUTPUT_LABEL_ID)  # (the name is on the page once)
            # A group, as a pre's own role (generic) may not be named: the label was never read out.
            # The label is the page's language; what was printed, English, when all it translated is.
            english = f" {ENGLISH_ATTRIBUTES}" if cell.english_output else ""
            # Its widest line, for the paper (coursegen.css).
            width = f' style="--coursegen-columns:{columns(text.rstrip())}"'
            blocks.append(
                f'<pre class="coursegen-output" role="group" {label}>'
                f"<code{english}{width}>{monospaced_html(text.rstrip())}</code></pre>"
            )

    # What the cell printed and drew, in the order it did: a plt.show() between two prints, between them.
    printed = 0
    for figure in cell.figures:
        at = len(cell.stdout) if figure.at is None else max(printed, min(figure.at, len(cell.stdout)))
        output(cell.stdout[printed:at])
        printed = at
        english = f" {ENGLISH_ATTRIBUTES}" if figure.english else ""
        # The plot links to itself: on a phone its labels are a few pixels high until opened alone and zoomed.
        blocks.append(
            f'<figure class="coursegen-figure"><a href="{attr(figure.src)}">'
            f'<img src="{attr(figure.src)}" alt="{attr(figure.alt)}"{english} '
            f'width="{figure.width}" height="{figure.height}" loading="lazy"></a></figure>'
        )
    output(cell.stdout[printed:])
    return blocks


def render_lesson(view: LessonView, locale: LocaleInfo, theme_language: str, gettext: Gettext) -> str:
    """The lesson page of one locale: transcript under translated headings, examples after their sections."""
    blocks = [
        front_matter(view.title, locale, theme_language, description=view.summary),
        _heading(1, view.title, _title_id(view.id, (section.id for section in view.sections))),
    ]
    if view.course:
        blocks.append(_raw("p", view.course, "coursegen-course"))
    actions = []
    if view.notebook_href is not None:
        if view.notebook_archive:
            download = gettext("Download the notebook with its data (zip)")
        else:
            download = gettext("Download the notebook")
        actions.append(
            f'<a class="md-button" href="{attr(view.notebook_href)}" download{_english(download)}>'
            f"{html_text(download)}</a>"
        )
    if view.parallel_href is not None:
        parallel = gettext("Read side by side")
        actions.append(
            f'<a class="md-button" href="{attr(view.parallel_href)}"{_english(parallel)}>'
            f"{html_text(parallel)}</a>"
        )
    if actions:
        label, name = _named(gettext("Lesson tools"), "coursegen-actions-label")
        blocks.append(f'<nav class="coursegen-actions" {label}>{" ".join(actions)}{name}</nav>')
    for error in view.unread:
        notice = gettext("This page shows the text as it was before this error, until it is corrected:")
        blocks.append(_failure(notice, error))
    if view.examples_pending:
        notice = gettext(
            "The examples of this lesson are still running: the page shows them as soon as they are done."
        )
        blocks.append(f'<div class="admonition info" role="status">{_raw("p", notice)}</div>')
    if view.examples_error:
        blocks.append(_failure(gettext("The examples of this lesson could not run:"), view.examples_error))
    for section in view.sections:
        blocks.append(_heading(2, section.heading, section.id))
        blocks.extend(_raw("p", paragraph, "coursegen-transcript") for paragraph in section.paragraphs)
        if not section.paragraphs:
            # A transcript that stops early (or skips a part): said, not an empty space under the heading.
            blocks.append(_raw("p", gettext("This part is not in the transcript yet."), "coursegen-missing"))
        for cell in section.cells:
            blocks.extend(_render_cell(cell, gettext))
    _, output_name = _named(gettext("Output"), OUTPUT_LABEL_ID)
    if output_name and any(cell.stdout.strip() for section in view.sections for cell in section.cells):
        blocks.append(output_name)
    return "\n\n".join(blocks) + "\n"


def render_home(
    locale: LocaleInfo, theme_language: str, gettext: Gettext, lessons: Sequence[LessonLink], guide_href: str
) -> str:
    """A locale's home: its lessons, and how to help translate."""
    title = gettext("Lessons")
    blocks = [front_matter(title, locale, theme_language), _heading(1, title, "lessons")]
    items = "".join(
        f'<li><a href="{attr(link.href)}"{_english(link.title)}>{html_text(link.title)}</a>'
        f"{_raw('p', link.summary)}</li>"
        for link in lessons
    )
    if lessons:
        blocks.append(f'<ul class="coursegen-lessons">{items}</ul>')
    else:  # a catalog made before any transcript, or the transcripts of a lesson since removed
        blocks.append(
            _raw("p", gettext("No lesson has been translated into this language yet."), "coursegen-missing")
        )
    help_link = gettext("Translate this course")
    blocks.append(
        f'<p class="coursegen-help"><a href="{attr(guide_href)}"{_english(help_link)}>'
        f"{html_text(help_link)}</a></p>"
    )
    return "\n\n".join(blocks) + "\n"


def render_chooser(title: str, locales: Sequence[LocaleInfo], hrefs: dict[str, str]) -> str:
    """The root page: every locale by its native name (English name beside it), for readers and scripts alike.

    Its script picks the reader's language from the browser's preferences, unless the reader chose one before.
    """
    items = "".join(
        f'<li><a href="{attr(hrefs[info.code])}" hreflang="{info.code}" lang="{info.code}" '
        f'dir="{info.direction}" {NO_TRANSLATION}'
        f' data-coursegen-locale="{info.code}">{html_text(info.native_name)}</a>'
        f' <span class="coursegen-english-name">{html_text(info.english_name)}</span></li>'
        for info in locales
    )
    return (
        front_matter(title, None, "en", lang="en", dir="ltr", hide=["navigation", "toc", "footer"])
        + f"# {escape_inline(title)}\n\n"
        + f'<ul class="coursegen-languages" data-coursegen-chooser>{items}</ul>\n'
    )


@dataclass(frozen=True)
class NotFoundNotice:
    """What the site's one "not found" page says in one locale: ``lang`` is the locale's code, or ``en`` where
    its catalog does not translate these strings yet (the English fallback is then announced as English)."""

    locale: LocaleInfo
    message: str
    link: str
    lang: str


def not_found_notice(locale: LocaleInfo, gettext: Gettext) -> NotFoundNotice:
    message = gettext("Page not found")
    link = gettext("Go to the course's home page")
    translated = not (is_english(message) and is_english(link))
    return NotFoundNotice(locale, message, link, locale.code if translated else "en")


def _english_in(notice: NotFoundNotice, text: str) -> str:
    """English marks for one of a notice's two texts left untranslated when the other is translated."""
    return "" if notice.lang == "en" else _english(text)


def render_not_found(notices: Sequence[NotFoundNotice], base_url: str) -> str:
    """The body of the site's ``404.html``: every locale's notice and its home, as HTML.

    Static hosts serve one ``404.html`` for every missing address, whatever its language folder, so the page
    speaks every language; its script puts first the language of the address that failed (or the reader's).
    Links are absolute (``base_url`` is the site's root path), because the page shows at any depth.
    """
    root = base_url if base_url.endswith("/") else base_url + "/"
    items = "".join(
        f'<li lang="{notice.lang}" dir="{"ltr" if notice.lang == "en" else notice.locale.direction}"'
        f' data-coursegen-locale="{notice.locale.code}" data-coursegen-dir="{notice.locale.direction}">'
        f"<strong{_english_in(notice, notice.message)}>{html_text(notice.message)}</strong> "
        f'<a href="{attr(root + notice.locale.code + "/")}" hreflang="{notice.locale.code}"'
        f"{_english_in(notice, notice.link)}>{html_text(notice.link)}</a></li>"
        for notice in notices
    )
    return f'<ul class="coursegen-not-found" data-coursegen-not-found>{items}</ul>'


@dataclass(frozen=True)
class ParallelColumn:
    """One language of the side-by-side view: its sentence pieces per section."""

    locale: LocaleInfo
    sections: Mapping[str, tuple[str, ...]]


def render_parallel(
    headings: Sequence[tuple[str, str]],
    title: str,
    locale: LocaleInfo,
    theme_language: str,
    gettext: Gettext,
    columns: Sequence[ParallelColumn],
    default: str,
    scripts: Mapping[str, str] | None = None,
) -> str:
    """Two or more languages side by side, section by section.

    The page holds two of them, the page's own language and the next one, with the pickers that choose
    them (coursegen.js makes them work, and shows the pair an address asks for). The other languages'
    columns are in ``scripts`` (locale code -> the address of its :func:`column_script`), which coursegen.js
    loads when one is picked: every language's view held every language's columns, a page growing with the
    square of the locales (135 KB at ten). A script, not a fetch: it loads from a site opened from disk too.
    The columns are laid out before the page is first drawn (every row moved when coursegen.js laid them
    out). Without JavaScript the view shows its pair, and no picker.
    """
    scripts = scripts or {}
    page_title = gettext("{title}: side by side").format(title=title)
    blocks = [
        # Every language's transcript again, on one page per language: not for search engines' indexes.
        front_matter(page_title, locale, theme_language, robots="noindex"),
        _heading(1, page_title, _title_id("side-by-side", (section_id for section_id, _ in headings))),
    ]
    codes = [column.locale.code for column in columns]
    first = codes.index(default) if default in codes else 0
    # The page's language and the next (one language: shown once; none: no pair to choose).
    pair = [codes[(first + step) % len(codes)] for step in (0, 1)] if codes else ["", ""]
    shown = [code for code in dict.fromkeys(pair) if code]

    def options(chosen: str) -> str:
        return "".join(
            f'<option value="{code}" lang="{code}" {NO_TRANSLATION}{" selected" if code == chosen else ""}'
            + (
                f' data-coursegen-columns="{attr(scripts[code])}"'
                if code in scripts and code not in shown
                else ""
            )
            + f">{html_text(column.locale.native_name)}</option>"
            for code, column in zip(codes, columns, strict=True)
        )

    pickers = "".join(
        f"<label{_english(label)}>{html_text(label)} "
        f'<select data-coursegen-column="{index}">{options(pair[index])}</select></label> '
        for index, label in enumerate((gettext("First language"), gettext("Second language")))
    )
    form = f'<form class="coursegen-pickers" data-coursegen-pickers data-default="{attr(default)}">'
    # In the page's language, inside the column of another: coursegen.js copies it into a loaded column too.
    note = gettext("This part is not in the transcript yet.")
    language = ENGLISH_ATTRIBUTES if is_english(note) else f'lang="{locale.code}" dir="{locale.direction}"'
    missing = f'<p class="coursegen-missing" {language}>{html_text(note)}</p>'
    blocks.append(
        f"{form}{pickers}<template data-coursegen-missing>{missing}</template></form>"
        f"<noscript><style>{_NO_PICKERS}</style></noscript>"
    )
    by_code = dict(zip(codes, columns, strict=True))
    for section_id, heading in headings:
        blocks.append(_heading(2, heading, section_id))
        cells = []
        for code in shown:
            column = by_code[code]
            pieces = column.sections.get(section_id, ())
            body = "".join(f"<p>{html_text(p)}</p>" for p in paragraphs_from_sentences(pieces)) or missing
            cells.append(
                f'<div class="coursegen-column" lang="{code}" dir="{column.locale.direction}" '
                f'data-coursegen-locale="{code}">'
                f'<p class="coursegen-column-name">{html_text(column.locale.native_name)}</p>{body}</div>'
            )
        blocks.append(
            f'<div class="coursegen-row" data-coursegen-section="{attr(section_id)}">{"".join(cells)}</div>'
        )
    return "\n\n".join(blocks) + "\n"


def column_script(column: ParallelColumn, section_ids: Sequence[str]) -> bytes:
    """One language's columns of a lesson's side-by-side view, as a script that hands them to coursegen.js
    (see :func:`render_parallel`): its name, direction, and each section's paragraphs as text, which the
    page shows as text (never as HTML). ASCII only, whatever charset the file is served with."""
    data = {
        "code": column.locale.code,
        "name": column.locale.native_name,
        "dir": column.locale.direction,
        "sections": {
            section_id: [visible(p) for p in paragraphs_from_sentences(column.sections.get(section_id, ()))]
            for section_id in section_ids
        },
    }
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return f"window.coursegenColumns && window.coursegenColumns({text});\n".encode("ascii")


# Without JavaScript, no picker (which could not choose).
_NO_PICKERS = ".md-typeset .coursegen-pickers { display: none; }"


def compact_highlighting(html: str) -> str:
    """Remove highlighting spans that carry no colour of their own.

    >>> compact_highlighting('<span class="n">x</span><span class="o">=</span><span class="mi">1</span>')
    'x=<span class="mi">1</span>'
    """
    return _PLAIN_TOKENS.sub(r"\1", html)


def retitle_permalinks(html: str, title: str, translation: str) -> str:
    """The headings' permalinks titled in the page's language: Python-Markdown gives every page of the site
    the one ``permalink_title`` of its configuration, which readers see as a tooltip.

    >>> retitle_permalinks('<a class="headerlink" href="#a" title="Permanent link">¶</a>', "Permanent link",
    ...                    'Lien "permanent"')
    '<a class="headerlink" href="#a" title="Lien &quot;permanent&quot;">¶</a>'
    """
    if translation == title:
        return html
    pattern = re.compile(r'(<a class="headerlink" href="[^"]*" title=")' + re.escape(attr(title)) + '"')
    replacement = attr(translation)
    return pattern.sub(lambda match: f'{match.group(1)}{replacement}"', html)


_PERMALINK = '<a class="headerlink" href="'
# What a browser's "translate this page" must leave as it is: code (a translated name no longer runs) and the
# languages' own names.
NO_TRANSLATION = 'translate="no"'
# Elements whose "<code>" a browser shows as text.
_TEXT_ONLY = frozenset({"title", "textarea"})


class _CodeTags(HTMLParser):
    """Where the ``<code>`` start tags of an HTML text end their name: not a "<code" inside an attribute's
    value or a script, which a raw HTML block of a guide may hold."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        # Where each line starts: the parser counts lines by "\n" alone.
        self.lines = list(itertools.accumulate((len(line) + 1 for line in html.split("\n")), initial=0))
        self.found: list[int] = []
        self.text_only = 0  # how deep inside _TEXT_ONLY elements

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _TEXT_ONLY:
            self.text_only += 1
        elif tag == "code" and not self.text_only and all(name != "translate" for name, _ in attrs):
            line, column = self.getpos()
            self.found.append(self.lines[line - 1] + column + len("<code"))

    def handle_endtag(self, tag: str) -> None:
        if tag in _TEXT_ONLY and self.text_only:
            self.text_only -= 1


def untranslated_code(html: str) -> str:
    """Code that Markdown wrote (a guide's commands, a name in a sentence) marked for browsers' page
    translation to leave alone: Chrome's rewrote it.

    >>> untranslated_code('<p>Run <code>make serve</code> <i title="<code>">x</i></p>')
    '<p>Run <code translate="no">make serve</code> <i title="<code>">x</i></p>'
    """
    if "<code" not in html.lower():  # a lesson's (its code is set aside): not parsed for nothing
        return html
    tags = _CodeTags(html)
    try:
        tags.feed(html)
        tags.close()
    except AssertionError:  # a declaration the parser does not know (<![foo[...]]>): left as it is
        return html
    parts, at = [], 0
    for end in tags.found:
        parts += [html[at:end], f" {NO_TRANSLATION}"]
        at = end
    return "".join(parts) + html[at:]


def hide_permalinks(html: str) -> str:
    """The headings' "¶" links kept for the mouse only, as GitHub keeps its own: inside the heading, the
    link was read as part of its name ("Why initialization matters, pilcrow") and was one more Tab stop
    after every heading. The table of contents links the same anchors for the keyboard and screen readers.

    >>> hide_permalinks('<h2 id="a">A<a class="headerlink" href="#a">¶</a></h2>')
    '<h2 id="a">A<a class="headerlink" aria-hidden="true" tabindex="-1" href="#a">¶</a></h2>'
    """
    return html.replace(_PERMALINK, '<a class="headerlink" aria-hidden="true" tabindex="-1" href="')


@dataclass(frozen=True)
class SetAside:
    """A page's Markdown with its one-line raw HTML blocks replaced by placeholder paragraphs.

    Markdown leaves such blocks untouched, but only after running an HTML parser over each of them, which is
    most of the time it spends on a lesson page. The placeholders carry a random token drawn for each page, so
    no text of the page can pose as one.
    """

    markdown: str
    token: str
    blocks: tuple[str, ...]

    def restore(self, html: str) -> str:
        """The HTML Markdown made of :attr:`markdown`, with every block back in its placeholder's place."""
        if not self.blocks:
            return html
        pattern = re.compile(rf"<p>{self.token}-(\d+)</p>")
        # Markdown ends a raw block with a line break of its own, and strips the end of the page.
        return pattern.sub(lambda match: self.blocks[int(match.group(1))] + "\n", html).rstrip("\n")


def set_aside_raw_html(markdown: str) -> SetAside:
    """Replace each raw HTML block that stands on one line between blank lines (as this module writes them)
    with a placeholder; anything else, such as HTML over several lines, is left to Markdown.

    >>> page = set_aside_raw_html("# Title\\n\\n<p>One &amp; two</p>\\n\\ntext <b>x</b>\\n")
    >>> page.blocks, page.markdown == f"# Title\\n\\n{page.token}-0\\n\\ntext <b>x</b>\\n"
    (('<p>One &amp; two</p>',), True)
    >>> page.restore(f"<h1>Title</h1>\\n<p>{page.token}-0</p>\\n<p>text <b>x</b></p>")
    '<h1>Title</h1>\\n<p>One &amp; two</p>\\n\\n<p>text <b>x</b></p>'
    """
    token = f"coursegen-raw-{secrets.token_hex(8)}"
    lines = markdown.split("\n")
    blocks: list[str] = []
    for number, line in enumerate(lines):
        alone = (number == 0 or not lines[number - 1].strip()) and (
            number + 1 == len(lines) or not lines[number + 1].strip()
        )
        if alone and _ONE_LINE_BLOCK.fullmatch(line):
            lines[number] = f"{token}-{len(blocks)}"
            blocks.append(line)
    return SetAside("\n".join(lines), token, tuple(blocks))
