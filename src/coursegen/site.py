"""The site plan: which pages and files a build publishes, assembled from the engine's results.

The plugin asks ``assemble`` for a plan and hands it to MkDocs. ``assemble`` runs the engine (reading and
aligning transcripts, running the examples) and gives this module each locale's aligned text and example
results; here they become pages, in the order data flows: translated views, rendered Markdown, static files.
Nothing here touches MkDocs, so the whole site can be planned and inspected in tests without a build.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from coursegen.buildcache import BuildCache, input_key
from coursegen.errors import LessonError, gather
from coursegen.files import versioned
from coursegen.interface import theme_languages
from coursegen.lessons import OUTLINE_FILE, Lesson, discover_lessons_as_last_read
from coursegen.locales import LocaleInfo, discover_locales
from coursegen.notebooks import notebook_archive
from coursegen.pages import (
    CellView,
    LessonLink,
    LessonView,
    NotFoundNotice,
    ParallelColumn,
    SectionView,
    column_script,
    not_found_notice,
    paragraphs_from_sentences,
    render_chooser,
    render_home,
    render_lesson,
    render_parallel,
)

log = logging.getLogger(__name__)

Gettext = Callable[[str], str]


@dataclass(frozen=True)
class GeneratedPage:
    """A Markdown page the build renders; ``locale`` is None for the language chooser."""

    src_uri: str
    markdown: str
    locale: str | None
    kind: str
    lesson: str | None = None


@dataclass(frozen=True)
class StaticFile:
    """A file copied into the site as it is: a notebook, a plot, a stylesheet."""

    dest_uri: str
    source: Path | None = None
    content: bytes | None = None


@dataclass(frozen=True)
class Course:
    """What a course is made of, discovered from its folders."""

    locales_dir: Path
    lessons_dir: Path
    guides_dir: Path
    lessons: tuple[Lesson, ...]
    locales: tuple[LocaleInfo, ...]
    #: Under mkdocs serve, why a lesson's outline could not be read (by lesson id): it is shown as last read.
    unread: Mapping[str, str] = field(default_factory=dict)


@dataclass
class SitePlan:
    pages: list[GeneratedPage] = field(default_factory=list)
    files: list[StaticFile] = field(default_factory=list)
    #: For each page, the same page in every locale: ``src_uri -> [(locale, src_uri)]``.
    alternates: dict[str, list[tuple[LocaleInfo, str]]] = field(default_factory=dict)
    #: What the site's "not found" page says in each locale.
    not_found: tuple[NotFoundNotice, ...] = ()


def load_course(
    locales_dir: Path, lessons_dir: Path, guides_dir: Path, previous: Course | None = None
) -> Course:
    """The course's lessons and locales; a lesson and a guide of one name would share the address of their
    pages (one overwrote the other in every language, in silence), so that is an error.

    ``previous``: under mkdocs serve, the course of the build before, whose lessons stand in for those whose
    outline cannot be read now (see :func:`discover_lessons_as_last_read`): a lesson.yml saved half-written
    stopped the preview of every page of every language."""
    found, unread = discover_lessons_as_last_read(lessons_dir, previous.lessons if previous else ())
    lessons = tuple(found)
    for error in unread.values():
        log.error("%s", error)
    clashes = guide_clashes(lessons, guides_dir)
    if clashes:
        raise gather(clashes)
    return Course(
        locales_dir=locales_dir,
        lessons_dir=lessons_dir,
        guides_dir=guides_dir,
        lessons=lessons,
        locales=tuple(discover_locales(locales_dir)),
        unread=unread,
    )


def guide_clashes(lessons: Sequence[Lesson], guides_dir: Path) -> list[LessonError]:
    """Lessons named as a guide: the two pages would have one address in every language."""
    return [
        LessonError(
            f"lesson '{lesson.id}' has the name of the guide {guide}: their pages would have one address in "
            "every language; rename one",
            path=lesson.root / OUTLINE_FILE,
        )
        for lesson in lessons
        if (guide := guides_dir / f"{lesson.id}.md").is_file()
    ]


def lesson_uri(locale: LocaleInfo, lesson: Lesson) -> str:
    return f"{locale.code}/{lesson.id}/index.md"


def parallel_uri(locale: LocaleInfo, lesson: Lesson) -> str:
    return f"{locale.code}/{lesson.id}/parallel.md"


def columns_uri(code: str, lesson: Lesson) -> str:
    """Where a language's columns of a lesson's side-by-side view are (see ``pages.column_script``)."""
    return f"{code}/{lesson.id}/parallel/columns.js"


def home_uri(locale: LocaleInfo) -> str:
    return f"{locale.code}/index.md"


def guide_uri(locale: LocaleInfo, guide: str) -> str:
    return f"{locale.code}/{guide}.md"


def notebook_name(lesson: Lesson, locale: LocaleInfo, *, archive: bool = False) -> str:
    """The notebook's file name, which a reader's downloads folder keeps: the locale in it, so that the
    notebooks of two languages do not overwrite each other (or become "lesson (1).ipynb"). With ``archive``,
    the name of the zip that holds it with its data files."""
    return f"{lesson.id}.{locale.code}.{'zip' if archive else 'ipynb'}"


def section_pieces(text: str, offset: int, boundaries: Sequence[int]) -> list[str]:
    """Cut a section's text (which starts at ``offset`` in the transcript) at the sentence starts inside it.

    Every character of ``text`` is in exactly one piece, so nothing of the transcript can be lost on the way
    to the page, whatever the segmenter and the aligner decided.

    >>> section_pieces("One. Two. Three.", 10, [5, 10, 15, 20, 30])
    ['One. ', 'Two. ', 'Three.']
    """
    cuts = sorted({b - offset for b in boundaries if offset < b < offset + len(text)})
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return [piece for piece in pieces if piece]


def chooser_hrefs(locales: Sequence[LocaleInfo]) -> dict[str, str]:
    """Where the language chooser (the site's root) sends each locale's readers: its home, from there."""
    return {info.code: f"{info.code}/" for info in locales}


def chooser_page(course: Course, title: str) -> GeneratedPage:
    hrefs = chooser_hrefs(course.locales)
    return GeneratedPage("index.md", render_chooser(title, course.locales, hrefs), None, "chooser")


def home_page(
    course: Course, locale: LocaleInfo, theme: str, gettext: Gettext, lessons: Sequence[Lesson]
) -> GeneratedPage:
    links = [
        LessonLink(gettext(lesson.title), gettext(lesson.summary), f"{lesson.id}/") for lesson in lessons
    ]
    markdown = render_home(locale, theme, gettext, links, guide_href="translate/")
    return GeneratedPage(home_uri(locale), markdown, locale.code, "home")


def lesson_view(
    lesson: Lesson,
    locale: LocaleInfo,
    gettext: Gettext,
    sections: Mapping[str, tuple[str, ...]],
    cells: Mapping[str, tuple[CellView, ...]],
    *,
    notebook: bool = True,
    notebook_data: bool = False,
    parallel: bool = True,
    examples_pending: bool = False,
    examples_error: str = "",
    unread: tuple[str, ...] = (),
) -> LessonView:
    """The lesson page's content for one locale: translated headings, paragraphs, and example cells; links to
    its ``notebook`` (zipped with its data files with ``notebook_data``) and its ``parallel`` (side-by-side)
    view where the lesson has them."""
    views = tuple(
        SectionView(
            id=section.id,
            heading=gettext(section.heading),
            paragraphs=paragraphs_from_sentences(sections.get(section.id, ())),
            cells=cells.get(section.example, ()) if section.example else (),
        )
        for section in lesson.sections
    )
    return LessonView(
        id=lesson.id,
        title=gettext(lesson.title),
        course=gettext(lesson.course) if lesson.course else "",
        summary=gettext(lesson.summary) if lesson.summary else "",
        sections=views,
        notebook_href=notebook_name(lesson, locale, archive=notebook_data) if notebook else None,
        notebook_archive=notebook_data,
        examples_pending=examples_pending,
        examples_error=examples_error,
        unread=unread,
        parallel_href="parallel/" if parallel else None,
    )


def available_theme_languages(theme_dirs: Sequence[str]) -> set[str]:
    """The interface languages the theme ships, over all its template folders."""
    found: set[str] = set()
    for directory in theme_dirs:
        found |= theme_languages(Path(directory))
    return found or {"en"}


@dataclass(frozen=True)
class LocaleLesson:
    """What one locale has of one lesson, ready to render: its transcript cut into the lesson's sections
    (each a list of sentence pieces that together hold every character of the section), the example cells of
    each example block with their localized outputs, the files those outputs need, and its notebook with the
    data files its examples read (by their names relative to the examples), which the learner needs too."""

    sections: Mapping[str, tuple[str, ...]]
    cells: Mapping[str, tuple[CellView, ...]] = field(default_factory=dict)
    files: tuple[StaticFile, ...] = ()
    notebook: bytes | None = None
    notebook_data: Mapping[str, Path] = field(default_factory=dict)
    examples_pending: bool = False  # its examples are still running (mkdocs serve shows the page meanwhile)
    examples_error: str = ""  # why its examples could not run (mkdocs serve shows the page without them)
    # Why some of what it is made of (transcripts, outline, catalog) could not be read: mkdocs serve then
    # shows what was last read.
    unread: tuple[str, ...] = ()


@dataclass(frozen=True)
class LocaleText:
    """Everything locale-specific a page needs besides its content."""

    info: LocaleInfo
    theme: str
    gettext: Gettext


def plan_site(
    course: Course,
    locales: Sequence[LocaleText],
    content: Mapping[tuple[str, str], LocaleLesson],
    *,
    chooser_title: str,
    guides: Mapping[str, Mapping[str, str]] | None = None,
    cache: BuildCache | None = None,
) -> SitePlan:
    """Every page and file of the site. ``content`` is keyed by (locale code, lesson id); ``guides`` maps a
    guide's name to its Markdown per locale code. Lesson pages (their examples' code is highlighted) are
    reused from ``cache`` when their content and translations did not change."""
    cache = cache or BuildCache(None)
    plan = SitePlan()
    # (lesson id, locale code) -> its columns' script, and its address from any side-by-side view of the
    # lesson (each in a folder {code}/{lesson}/parallel/), versioned by content: made once, not per view.
    scripts: dict[tuple[str, str], tuple[bytes, str]] = {}
    plan.pages.append(chooser_page(course, chooser_title))
    for text in locales:
        info = text.info
        lessons = [lesson for lesson in course.lessons if (info.code, lesson.id) in content]
        plan.pages.append(home_page(course, info, text.theme, text.gettext, lessons))
        for lesson in lessons:
            own = content[(info.code, lesson.id)]
            columns = [
                ParallelColumn(other.info, content[(other.info.code, lesson.id)].sections)
                for other in locales
                if (other.info.code, lesson.id) in content
            ]
            notebook = _notebook_file(lesson, info, own) if own.notebook is not None else None
            # No notebook for a lesson without examples; no side-by-side view of one language.
            view = lesson_view(
                lesson,
                info,
                text.gettext,
                own.sections,
                own.cells,
                notebook=own.notebook is not None,
                notebook_data=bool(own.notebook_data),
                parallel=len(columns) > 1,
                examples_pending=own.examples_pending,
                examples_error=own.examples_error,
                unread=own.unread,
            )
            if notebook is not None and view.notebook_href is not None:
                view = replace(view, notebook_href=versioned(view.notebook_href, notebook.content or b""))
            markdown = cache.get_or_render(
                f"lesson-{info.code}-{lesson.id}",
                input_key(repr(view), repr(info), text.theme),
                functools.partial(render_lesson, view, info, text.theme),
                text.gettext,
            )
            plan.pages.append(
                GeneratedPage(
                    lesson_uri(info, lesson),
                    markdown,
                    info.code,
                    "lesson",
                    lesson.id,
                )
            )
            if len(columns) > 1:
                for column in columns:
                    key = (lesson.id, column.locale.code)
                    if key not in scripts:
                        script = column_script(column, lesson.section_ids)
                        address = versioned("../../../" + columns_uri(column.locale.code, lesson), script)
                        scripts[key] = (script, address)
                own_script, _address = scripts[(lesson.id, info.code)]
                plan.files.append(StaticFile(columns_uri(info.code, lesson), content=own_script))
                hrefs = {code: scripts[(lesson.id, code)][1] for code in (c.locale.code for c in columns)}
                plan.pages.append(
                    GeneratedPage(
                        parallel_uri(info, lesson),
                        render_parallel(
                            lesson_headings(lesson, text.gettext),
                            view.title,
                            info,
                            text.theme,
                            text.gettext,
                            columns,
                            default=info.code,
                            scripts=hrefs,
                        ),
                        info.code,
                        "parallel",
                        lesson.id,
                    )
                )
            plan.files.extend(own.files)
            if notebook is not None:
                plan.files.append(notebook)
        for name, markdown in (guides or {}).items():
            if info.code in markdown:
                plan.pages.append(
                    GeneratedPage(guide_uri(info, name), markdown[info.code], info.code, "guide")
                )
    plan.not_found = tuple(not_found_notice(text.info, text.gettext) for text in locales)
    _link_alternates(plan, {text.info.code: text.info for text in locales})
    return plan


def _notebook_file(lesson: Lesson, info: LocaleInfo, own: LocaleLesson) -> StaticFile:
    """The notebook as the page offers it: alone, or zipped with the data files its examples read."""
    assert own.notebook is not None
    folder = f"{info.code}/{lesson.id}"
    if not own.notebook_data:
        return StaticFile(f"{folder}/{notebook_name(lesson, info)}", content=own.notebook)
    archive = notebook_archive(notebook_name(lesson, info), own.notebook, own.notebook_data)
    return StaticFile(f"{folder}/{notebook_name(lesson, info, archive=True)}", content=archive)


def lesson_headings(lesson: Lesson, gettext: Gettext) -> list[tuple[str, str]]:
    return [(section.id, gettext(section.heading)) for section in lesson.sections]


def _link_alternates(plan: SitePlan, infos: Mapping[str, LocaleInfo]) -> None:
    """Pages are the same page in another language when they differ only by their locale prefix."""
    by_path: dict[str, list[GeneratedPage]] = {}
    for page in plan.pages:
        if page.locale is not None:
            by_path.setdefault(page.src_uri.split("/", 1)[1], []).append(page)
    for pages in by_path.values():
        versions = [(infos[page.locale], page.src_uri) for page in pages if page.locale in infos]
        for page in pages:
            plan.alternates[page.src_uri] = versions
