"""Rendering: the Markdown of every generated page, from views that already hold translated text.

Views are plain data built by the plugin from the alignment, the example results and the catalogs; this module
only turns them into Markdown for MkDocs. Every piece of volunteer text goes through ``coursegen.markup``, so a
transcript or a catalog can never inject markup. Headings stay Markdown so that MkDocs builds the table of
contents from them; paragraphs, outputs and figures are raw HTML blocks, which Markdown leaves untouched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import yaml

from coursegen.locales import LocaleInfo
from coursegen.markup import attr, escape_inline, html_text, split_paragraphs

Gettext = Callable[[str], str]

# Paragraphs of a transcript that has no blank lines are made from consecutive sentences up to about this size.
PARAGRAPH_CHARS = 700


@dataclass(frozen=True)
class FigureView:
    src: str
    alt: str
    width: int
    height: int


@dataclass(frozen=True)
class CellView:
    source: str
    stdout: str = ""
    figures: tuple[FigureView, ...] = ()


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
    notebook_href: str
    parallel_href: str


@dataclass(frozen=True)
class LessonLink:
    title: str
    summary: str
    href: str


def paragraphs_from_sentences(sentences: Sequence[str], limit: int = PARAGRAPH_CHARS) -> tuple[str, ...]:
    """Group consecutive sentences into readable paragraphs, keeping every character.

    Sentences that contain blank lines keep them as paragraph breaks; others are joined with a single space
    (the normalized text had only whitespace between them).

    >>> paragraphs_from_sentences(["One.", "Two.", "Three."], limit=8)
    ('One. Two.', 'Three.')
    """
    paragraphs: list[str] = []
    current = ""
    for sentence in sentences:
        for index, part in enumerate(split_paragraphs(sentence)):
            if index > 0 and current:
                paragraphs.append(current)
                current = ""
            if current and len(current) + 1 + len(part) > limit:
                paragraphs.append(current)
                current = ""
            current = f"{current} {part}" if current else part
    if current:
        paragraphs.append(current)
    return tuple(paragraphs)


def front_matter(title: str, locale: LocaleInfo | None, theme_language: str, **extra: object) -> str:
    """YAML front matter; the title is HTML-escaped because the theme prints titles unescaped."""
    meta: dict[str, object] = {"title": attr(title), "theme_language": theme_language}
    if locale is not None:
        meta["lang"] = locale.code
        meta["dir"] = locale.direction
    meta.update(extra)
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n\n"


def _fence(code: str, info: str = "") -> str:
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{code.rstrip()}\n{fence}"


def _raw(tag: str, text: str, cls: str | None = None, **attrs: str) -> str:
    parts = [f'class="{cls}"'] if cls else []
    parts += [f'{name.rstrip("_").replace("_", "-")}="{attr(value)}"' for name, value in attrs.items()]
    opening = " ".join([tag, *parts])
    return f"<{opening}>{html_text(text)}</{tag}>"


def _render_cell(cell: CellView, gettext: Gettext) -> list[str]:
    blocks = [_fence(cell.source, "python")]
    if cell.stdout.strip():
        label = attr(gettext("Output"))
        blocks.append(
            f'<pre class="coursegen-output" aria-label="{label}"><code>{html_text(cell.stdout.rstrip())}</code></pre>'
        )
    for figure in cell.figures:
        blocks.append(
            f'<figure class="coursegen-figure"><img src="{attr(figure.src)}" alt="{attr(figure.alt)}" '
            f'width="{figure.width}" height="{figure.height}" loading="lazy"></figure>'
        )
    return blocks


def render_lesson(view: LessonView, locale: LocaleInfo, theme_language: str, gettext: Gettext) -> str:
    """The lesson page of one locale: transcript under translated headings, examples after their sections."""
    blocks = [
        front_matter(view.title, locale, theme_language, description=view.summary),
        f"# {escape_inline(view.title)}",
    ]
    if view.course:
        blocks.append(_raw("p", view.course, "coursegen-course"))
    blocks.append(
        '<nav class="coursegen-actions" aria-label="{label}">'
        '<a class="md-button" href="{nb}" download>{download}</a> '
        '<a class="md-button" href="{par}">{parallel}</a></nav>'.format(
            label=attr(gettext("Lesson tools")),
            nb=attr(view.notebook_href),
            download=html_text(gettext("Download the notebook")),
            par=attr(view.parallel_href),
            parallel=html_text(gettext("Read side by side")),
        )
    )
    for section in view.sections:
        blocks.append(f"## {escape_inline(section.heading)} {{#{section.id}}}")
        blocks.extend(_raw("p", paragraph, "coursegen-transcript") for paragraph in section.paragraphs)
        for cell in section.cells:
            blocks.extend(_render_cell(cell, gettext))
    return "\n\n".join(blocks) + "\n"


def render_home(
    locale: LocaleInfo, theme_language: str, gettext: Gettext, lessons: Sequence[LessonLink], guide_href: str
) -> str:
    """A locale's home: its lessons, and how to help translate."""
    title = gettext("Lessons")
    blocks = [front_matter(title, locale, theme_language), f"# {escape_inline(title)}"]
    items = "".join(
        f'<li><a href="{attr(link.href)}">{html_text(link.title)}</a>'
        f"<p>{html_text(link.summary)}</p></li>"
        for link in lessons
    )
    blocks.append(f'<ul class="coursegen-lessons">{items}</ul>')
    blocks.append(
        f'<p class="coursegen-help"><a href="{attr(guide_href)}">{html_text(gettext("Translate this course"))}</a></p>'
    )
    return "\n\n".join(blocks) + "\n"


def render_chooser(title: str, locales: Sequence[LocaleInfo], hrefs: dict[str, str]) -> str:
    """The root page: every locale by its native name (English name beside it), for readers and scripts alike.

    Its script picks the reader's language from the browser's preferences, unless the reader chose one before.
    """
    items = "".join(
        f'<li><a href="{attr(hrefs[info.code])}" hreflang="{info.code}" lang="{info.code}" dir="{info.direction}"'
        f' data-coursegen-locale="{info.code}">{html_text(info.native_name)}</a>'
        f' <span class="coursegen-english-name">{html_text(info.english_name)}</span></li>'
        for info in locales
    )
    return (
        front_matter(title, None, "en", lang="en", dir="ltr", hide=["navigation", "toc"])
        + f"# {escape_inline(title)}\n\n"
        + f'<ul class="coursegen-languages" data-coursegen-chooser>{items}</ul>\n'
    )
