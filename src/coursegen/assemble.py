"""Assembly: from a course on disk to a site plan, running each engine step once, in the order data flows.

read transcripts -> align with the outline -> (examples computing in the background) -> views -> plan.
The examples start as soon as the course is known, because they are the slow part; everything else is done
while they compute, and the plan waits for them only at the end.
"""

from __future__ import annotations

import json
import logging
import time
import weakref
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from coursegen.buildcache import BuildCache, input_key
from coursegen.catalogs import English, Translator, is_english, isolate_fields, load_translator
from coursegen.comments import translations
from coursegen.driver import LocaleStrings
from coursegen.errors import (
    AlignmentError,
    CatalogError,
    CoursegenError,
    ExampleError,
    MissingGlyphs,
    one_line,
)
from coursegen.exampleinputs import FontChoice, cached_examples, cached_fonts
from coursegen.examples import (
    ExampleSource,
    check_blocks,
    code_comments,
    message_lines,
    messages,
    plurals,
)
from coursegen.execution import (
    BlockResult,
    CellResult,
    ExampleResults,
    LessonExamples,
    data_files,
    start_lessons,
)
from coursegen.files import read_bytes, transcript_bytes, versioned
from coursegen.guides import guide_blocks, guide_warnings, read_guide, translate_markdown
from coursegen.interface import SOURCE_LANGUAGE, page_strings
from coursegen.lessons import OUTLINE_FILE, Lesson
from coursegen.locales import theme_language
from coursegen.marks import MARKS_SUFFIX, marks_path, unmarked_lesson
from coursegen.notebooks import PREAMBLE_COMMENTS, PREAMBLE_MESSAGES
from coursegen.pages import CellView, FigureView, front_matter
from coursegen.pofiles import read_catalog
from coursegen.site import Course, LocaleLesson, LocaleText, SitePlan, StaticFile, plan_site, section_pieces
from coursegen.sources import (
    TranscriptSource,
    find_transcripts,
    no_transcript_advice,
    read_sources,
    unclaimed_lessons,
)

if TYPE_CHECKING:
    from coursegen.align import Alignment

log = logging.getLogger(__name__)

# Under mkdocs serve, the longest a build waits for examples before it shows their lessons without them.
SERVE_PATIENCE_SECONDS = 5.0

#: A locale's text of one lesson: each section's sentence pieces, by section id.
Sections = Mapping[str, tuple[str, ...]]


# The example runs that a build showed as still running, for as long as they exist (see Assembly._results).
_SHOWN_PENDING: weakref.WeakSet[Future[ExampleResults]] = weakref.WeakSet()


@dataclass
class Assembly:
    """A build in progress: the course, each locale's translator, and the examples computing meanwhile."""

    course: Course
    locales: tuple[LocaleText, ...]
    translators: Mapping[str, Translator]
    sources: Mapping[str, ExampleSource]
    strings: Mapping[str, tuple[LocaleStrings, ...]]
    running: dict[str, Future[ExampleResults]] = field(default_factory=dict)
    cache: BuildCache = field(default_factory=lambda: BuildCache(None))
    embeddings: bool = False  # align with sentence embeddings too (the optional extra)
    # Seconds a build waits for its lessons' examples before it shows the lessons without them (under mkdocs
    # serve: prose edits are never held up by examples); None: as long as they run.
    patience: float | None = None
    # Under mkdocs serve, examples that fail are told on their lesson's pages, which show without them, and
    # the rest of the site is built: the author's broken example held up every translator's preview.
    serving: bool = False
    _deadline: float | None = field(default=None, init=False, repr=False)
    # The lessons this build showed without their examples, which were still running.
    pending: list[str] = field(default_factory=list)
    # The lessons this build showed without their examples, which failed (serving only), with the error.
    failed: dict[str, str] = field(default_factory=dict)
    # The same, for one locale of a lesson only (a label of its catalog that no installed font draws).
    failed_locales: dict[tuple[str, str], str] = field(default_factory=dict)
    # Under mkdocs serve, why a locale's catalog could not be read (by code): its translations are as last
    # read.
    unread_catalogs: dict[str, str] = field(default_factory=dict)
    _interface: dict[str, Mapping[str, str]] = field(default_factory=dict, init=False, repr=False)

    def gettext(self, code: str) -> Callable[[str], str] | None:
        """The translation function of a locale of this build (None for a code it does not have)."""
        translator = self.translators.get(code)
        return translator.gettext if translator is not None else None

    def interface(self, code: str) -> Mapping[str, str]:
        """The theme's interface strings as a locale's catalog has them (see :mod:`coursegen.interface`)."""
        if code not in self._interface:
            locale = next(item for item in self.locales if item.info.code == code)
            translator = self.translators[code]
            # The theme falls back to English for a language it lacks.
            theme_has = (
                locale.theme != SOURCE_LANGUAGE or locale.info.code.partition("-")[0] == SOURCE_LANGUAGE
            )
            self._interface[code] = page_strings(translator.has, translator.gettext, theme_has=theme_has)
        return self._interface[code]

    @property
    def _lesson_ids(self) -> set[str]:
        return {lesson.id for lesson in self.course.lessons}

    def plan(self, chooser_title: str) -> SitePlan:
        content: dict[tuple[str, str], LocaleLesson] = {}
        for lesson in self.course.lessons:
            aligned, broken = self._sections(lesson)
            results = self._results(lesson.id)
            # Looked up once per lesson: every locale's notebook is offered with the same files.
            data = data_files(self.sources[lesson.id]) if results is not None else {}
            for code, sections in aligned.items():
                if code in self.translators:
                    own = self._locale_lesson(lesson, code, sections, results, data)
                    found = (self.course.unread.get(lesson.id), self.unread_catalogs.get(code), broken)
                    unread = tuple(error for error in found if error)
                    content[(code, lesson.id)] = replace(own, unread=unread) if unread else own
        return plan_site(
            self.course,
            self.locales,
            content,
            chooser_title=chooser_title,
            guides=self._guides(),
            cache=self.cache,
        )

    def _sections(self, lesson: Lesson) -> tuple[dict[str, Sections], str]:
        """The lesson's sections in every locale, and "" or, under mkdocs serve, why its transcripts could
        not be read: then the sections are the latest that could be. A translator's typo in a quoted mark
        stopped the whole preview of every language (the server appeared stuck) until it was fixed."""
        try:
            return lesson_sections(
                lesson, self.course.locales_dir, self.cache, self.embeddings, self._lesson_ids
            ), ""
        except CoursegenError as exc:
            latest = _sections_as_last_read(self.cache, lesson.id) if self.serving else None
            if latest is None:
                raise
            log.error("%s", one_line(exc))
            return latest, str(one_line(exc))

    def _results(self, lesson_id: str) -> ExampleResults | None:
        """The lesson's example results, once they are computed; None for a lesson without examples, or
        (with ``patience``) one whose examples are still running: it is then listed in ``pending``."""
        future = self.running.get(lesson_id)
        if future is None:
            return None
        timeout = None
        if self.patience is not None:
            # One wait for the whole build, not one per lesson (six lessons running waited half a minute).
            if self._deadline is None:
                self._deadline = time.monotonic() + self.patience
            timeout = max(0.0, self._deadline - time.monotonic())
            # A run an earlier build already showed as still running is not waited for again: each save of a
            # transcript waited its 5 s anew while it ran. Its end builds the site again.
            if future in _SHOWN_PENDING:
                timeout = 0.0
        try:
            results = future.result(timeout=timeout)
        except TimeoutError:
            self.pending.append(lesson_id)
            _SHOWN_PENDING.add(future)
            return None
        except ExampleError as exc:
            if not self.serving:
                raise
            self.failed[lesson_id] = one_line(exc)
            return None
        _warn_of_heavy_outputs(self.sources[lesson_id], results)
        return results

    def _locale_lesson(
        self,
        lesson: Lesson,
        code: str,
        sections: Sections,
        results: ExampleResults | None,
        data: Mapping[str, Path],
    ) -> LocaleLesson:
        own_error = self.failed_locales.get((lesson.id, code), "")
        if results is None or lesson.id not in self.sources or own_error:
            return LocaleLesson(
                sections=sections,
                examples_pending=lesson.id in self.pending and not own_error,
                examples_error=self.failed.get(lesson.id, "") or own_error,
            )
        gettext = self.translators[code].gettext
        comments = {text: gettext(text) for _line, text in code_comments(self.sources[lesson.id])}
        cells, files = _example_views(code, lesson, self.sources[lesson.id], results, comments)
        return LocaleLesson(
            sections=sections,
            cells=cells,
            files=tuple(files),
            notebook=self._notebook(
                lesson,
                code,
                sections,
                {**comments, **{text: gettext(text) for text in (*PREAMBLE_COMMENTS, *PREAMBLE_MESSAGES)}},
            ),
            notebook_data=data,
        )

    def _notebook(self, lesson: Lesson, code: str, sections: Sections, comments: Mapping[str, str]) -> bytes:
        """The learner's notebook, rebuilt only when its lesson, text, translations or examples changed."""
        gettext = self.translators[code].gettext
        title = gettext(lesson.title)
        course = gettext(lesson.course) if lesson.course else ""
        texts = [(s.id, gettext(s.heading), "".join(sections.get(s.id, ()))) for s in lesson.sections]
        source = self.sources[lesson.id]
        strings = _strings_of(self.strings[lesson.id], code)
        key = input_key(
            repr(lesson), title, course, json.dumps(texts), source.text, repr(strings), json.dumps(comments)
        )

        def build() -> str:
            # Imported here: a rebuild in which nothing changed takes the stored notebook, without nbformat.
            import nbformat

            from coursegen.notebooks import build_notebook

            return nbformat.writes(build_notebook(lesson, title, texts, source, strings, comments, course))

        text = self.cache.get_or_compute(f"notebook-{lesson.id}-{code}", key, build, str)
        return text.encode()

    def _guides(self) -> dict[str, dict[str, str]]:
        """Each guide page in every locale, titled by its translated first heading."""
        guides: dict[str, dict[str, str]] = {}
        folder = self.course.guides_dir
        for where, what in guide_warnings(folder):
            log.warning("%s: %s", where, what)
        for path in sorted(folder.glob("*.md")) if folder.is_dir() else ():
            source = read_guide(path)
            heading = next((block.message for block in guide_blocks(source) if block.message), path.stem)
            guides[path.stem] = {
                text.info.code: front_matter(text.gettext(heading), text.info, text.theme)
                + translate_markdown(source, self.translators[text.info.code])
                for text in self.locales
            }
        return guides


def align_lesson(lesson: Lesson, locales_dir: Path, embeddings: bool = False) -> Alignment:
    """Every locale's transcript of ``lesson``, read with its section marks and aligned with the others
    (``embeddings``: with sentence embeddings too, see ``similarity``).

    The aligner (and its numeric modules) is imported here: a rebuild takes the aligned text from the build
    cache, and only an edited transcript needs it.
    """
    from coursegen.align import align, low_confidence, unpinned_reason
    from coursegen.similarity import similarity_for

    transcripts, marks = read_sources(locales_dir, lesson)
    alignment = align(lesson, transcripts, marks, similarity=similarity_for(embeddings))
    for section in alignment.unpinned:
        log.warning("%s: %s", lesson.root / OUTLINE_FILE, unpinned_reason(lesson, section))
    for located in alignment.locales.values():
        for doubt in located.doubts:
            log.warning("%s: %s: %s", located.transcript.path, located.locale, doubt)
    # Said where translators look while they work (mkdocs serve), not only by check: a start one sentence
    # off puts the section's example between that sentence and the rest of its section. A warning, as
    # MkDocs shows coursegen's (they do not fail --strict: work in progress, not a broken site).
    weak = low_confidence(alignment)
    if weak:
        log.warning(
            "%s: %d section start(s) the aligner is unsure of (%s): `coursegen check` names them, and a pin "
            "in the transcript's %s settles each",
            lesson.root / OUTLINE_FILE,
            len(weak),
            ", ".join(sorted({w.locale for w in weak})),
            f"{lesson.id}{MARKS_SUFFIX}",
        )
    return alignment


def _sections_as_last_read(cache: BuildCache, lesson_id: str) -> dict[str, Sections] | None:
    """The lesson's sections in every locale as the latest build that could align them stored them."""
    latest = cache.load_latest(sections_slot(lesson_id))
    if not isinstance(latest, dict):
        return None
    return {code: {s: tuple(pieces) for s, pieces in cut.items()} for code, cut in latest.items()}


def sections_slot(lesson_id: str) -> str:
    return f"sections-{lesson_id}"


def lesson_sections(
    lesson: Lesson,
    locales_dir: Path,
    cache: BuildCache,
    embeddings: bool = False,
    lesson_ids: Collection[str] = (),
) -> dict[str, Sections]:
    """Each locale's transcript of ``lesson`` cut into its sections, each section into sentence pieces.

    Alignment is the slow part of planning a page, and depends only on the transcripts, their metadata and
    section marks, the lesson's outline, and whether embeddings are used: these key the cached result.
    """
    sources = find_transcripts(locales_dir, lesson.id)
    if not sources:
        # A lesson being written, before its first transcript: no page yet, and the rest of the site builds.
        # Or a lesson renamed, its transcripts not: its page vanished, and the warning sent to add-locale.
        log.warning(
            "%s: lesson '%s' has no transcript yet, so no page; %s",
            lesson.root / OUTLINE_FILE,
            lesson.id,
            no_transcript_advice(lesson.id, unclaimed_lessons(locales_dir, {lesson.id, *lesson_ids})),
        )
        return {}
    unmarked = unmarked_lesson(lesson, (source.path for source in sources.values()))
    if unmarked is not None:
        # A new lesson's first transcript, before anyone marked its sections: the whole site stopped building.
        log.warning("%s: %s", lesson.root / OUTLINE_FILE, unmarked)
        return {}
    # The aligner reads the files again: one saved meanwhile (an editor, a `git checkout`) was aligned and
    # stored under the key of what was there before, and shown once the file was changed back. What it
    # aligned is stored only if the files are still what the key was made of.
    for _attempt in range(_ALIGN_ATTEMPTS):
        parts = _source_parts(lesson, sources, embeddings)

        def aligned(parts: list[str | bytes] = parts) -> Alignment:
            alignment = align_lesson(lesson, locales_dir, embeddings)
            if _source_parts(lesson, find_transcripts(locales_dir, lesson.id), embeddings) != parts:
                raise _SavedMeanwhile
            return alignment

        try:
            found = cache.get_or_compute(sections_slot(lesson.id), input_key(*parts), aligned, _sections_of)
            break
        except _SavedMeanwhile:
            sources = find_transcripts(locales_dir, lesson.id)
    else:  # saved again and again (an editor's autosave): shown as read, not stored
        found = _sections_of(align_lesson(lesson, locales_dir, embeddings))
    return {code: {section: tuple(pieces) for section, pieces in cut.items()} for code, cut in found.items()}


_ALIGN_ATTEMPTS = 3


class _SavedMeanwhile(Exception):
    """A transcript or its section marks changed while the lesson was aligned."""


def _source_parts(
    lesson: Lesson, sources: Mapping[str, TranscriptSource], embeddings: bool
) -> list[str | bytes]:
    """What the alignment of ``lesson`` depends on, for its key: the outline, and every transcript's file,
    settings and section marks."""
    parts: list[str | bytes] = [repr(lesson)] + (["embeddings"] if embeddings else [])
    for code, source in sources.items():
        marks = marks_path(source.path, lesson.id)
        transcript = transcript_bytes(source.path)
        parts += [code, source.path.name, source.fmt, source.encoding or "", transcript]
        parts.append(read_bytes(marks, AlignmentError, "section marks") if marks.is_file() else b"no marks")
    return parts


def _sections_of(alignment: Alignment) -> dict[str, dict[str, list[str]]]:
    """Every locale's sections as sentence pieces, in the JSON shape the build cache stores."""
    result: dict[str, dict[str, list[str]]] = {}
    for code, located in alignment.locales.items():
        starts = [sentence.start for sentence in located.transcript.sentences]
        result[code] = {
            part.section: section_pieces(part.text, part.start, starts) for part in located.sections
        }
    return result


# A cell printing more than this goes whole into every locale's page and search index: the author is told.
LONG_OUTPUT_CHARS = 50_000
# A figure heavier than this, as SVG, outweighs the rest of its page many times over, in every language.
HEAVY_FIGURE_BYTES = 1_000_000


def _warn_of_heavy_outputs(source: ExampleSource, results: ExampleResults) -> None:
    """Warn of each cell whose output is longer than :data:`LONG_OUTPUT_CHARS`, or whose figure is heavier
    than :data:`HEAVY_FIGURE_BYTES`: a 50,000-point scatter was a 7 MB SVG on every language's page, without
    a word. Every locale's results are weighed: one heavy in some languages only is made so by what they
    draw (a translation thousands of characters long), which rasterizing the artists does not mend."""
    for block in source.blocks:
        for index, cell in enumerate(block.cells):
            outputs = {
                code: _cell_result(blocks, block.name, index) for code, blocks in results.blocks.items()
            }
            printed = {code: len(result.stdout) for code, result in outputs.items() if result is not None}
            long = [code for code, size in printed.items() if size > LONG_OUTPUT_CHARS]
            if long:
                result = outputs[long[0]]
                assert result is not None
                log.warning(
                    "%s:%d: example '%s' prints %d lines (%d characters), all of them on %s: print less",
                    source.path,
                    cell.line,
                    block.name,
                    result.stdout.count("\n"),
                    len(result.stdout),
                    _pages_of(long, printed),
                )
            drawn = max((len(result.figures) for result in outputs.values() if result), default=0)
            for number in range(1, drawn + 1):
                sizes = {
                    code: _size(result.figures[number - 1].path)
                    for code, result in outputs.items()
                    if result is not None and len(result.figures) >= number
                }
                heavy = [code for code, size in sizes.items() if size > HEAVY_FIGURE_BYTES]
                if not heavy:
                    continue
                if len(heavy) == len(sizes):
                    advice = (
                        "give its many-point artists rasterized=True (ax.scatter(..., rasterized=True)), "
                        "which draws them as one image inside the SVG"
                    )
                else:
                    light = max(size for size in sizes.values() if size <= HEAVY_FIGURE_BYTES)
                    advice = (
                        f"in the other languages it weighs {light / 1e6:.1f} MB at most: a translation it "
                        "draws is much longer there (its title, a label, a legend)"
                    )
                log.warning(
                    "%s:%d: example '%s' draws a figure of %.1f MB (figure %d of the cell), on %s: %s",
                    source.path,
                    cell.line,
                    block.name,
                    max(sizes[code] for code in heavy) / 1e6,
                    number,
                    _pages_of(heavy, sizes),
                    advice,
                )


def _cell_result(blocks: Mapping[str, BlockResult], name: str, index: int) -> CellResult | None:
    block = blocks.get(name)
    return block.cells[index] if block is not None and index < len(block.cells) else None


def _size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else 0


def _pages_of(codes: Sequence[str], every: Collection[str]) -> str:
    """Where a cell's heavy output shows: every language's page, or those of ``codes``."""
    if len(codes) == len(every):
        return "every language's page"
    return ("the page" if len(codes) == 1 else "the pages") + " of " + ", ".join(sorted(codes))


def _fonts_for(
    code: str, source: ExampleSource, translated: Mapping[str, str], translator: Translator, cache: BuildCache
) -> FontChoice:
    """The fonts for a locale's plot texts; characters no installed font draws are an error at the text that
    holds them: the catalog entry of their translation, or the examples' line of an English one (an emoji
    in a label stopped the build naming only the locale)."""
    try:
        return cached_fonts(code, translated.values(), cache)
    except MissingGlyphs as exc:
        missing = exc
    for msgid, text in translated.items():
        if any(char in text for char in missing.characters):
            if text == msgid or translator.path is None:
                line = next((line for line, found in message_lines(source) if found == msgid), None)
                path = source.path
            else:
                entry = read_catalog(translator.path).get(msgid)
                line, path = (entry.lineno if entry is not None else None), translator.path
            raise MissingGlyphs(missing.reason, characters=missing.characters, path=path, line=line)
    raise missing


def _strings_of(strings: tuple[LocaleStrings, ...], code: str) -> LocaleStrings:
    return next(s for s in strings if s.code == code)


def _example_views(
    code: str, lesson: Lesson, source: ExampleSource, results: ExampleResults, comments: Mapping[str, str]
) -> tuple[dict[str, tuple[CellView, ...]], list[StaticFile]]:
    """The example cells of each block as the page shows them (their comments translated), and the plot
    files they point to."""
    cells: dict[str, tuple[CellView, ...]] = {}
    files: list[StaticFile] = []
    for block_name, block in results.blocks.get(code, {}).items():
        views: list[CellView] = []
        written = source.block(block_name).cells
        for cell_number, (cell, origin) in enumerate(zip(block.cells, written, strict=True), start=1):
            figures: list[FigureView] = []
            for figure_number, figure in enumerate(cell.figures, start=1):
                name = f"{block_name}-{cell_number}-{figure_number}{figure.path.suffix}"
                figures.append(
                    FigureView(
                        versioned(f"figures/{name}", read_bytes(figure.path, ExampleError, "plot")),
                        figure.alt,
                        round(figure.width),
                        round(figure.height),
                        figure.english,
                        figure.at,
                    )
                )
                files.append(StaticFile(f"{code}/{lesson.id}/figures/{name}", source=figure.path))
            translated = translations(origin.comments, comments.get)
            english = tuple(c for c in origin.comments if is_english(comments.get(c.text, "")))
            views.append(
                CellView(cell.source, cell.stdout, tuple(figures), translated, cell.english, english)
            )
        cells[block_name] = tuple(views)
    return cells, files


def start_assembly(
    course: Course,
    themes: set[str],
    cache_dir: Path,
    embeddings: bool = False,
    serving: bool = False,
    previous: Assembly | None = None,
) -> Assembly:
    """Load translators and example sources, and start computing the examples of every lesson
    (``embeddings``: lessons will be aligned with sentence embeddings too; ``serving``: for mkdocs serve,
    where examples never hold up the site, see :class:`Assembly`; ``previous``: under mkdocs serve, the
    build before, whose translators stand in for catalogs that cannot be read now)."""
    if embeddings:
        from coursegen.similarity import require

        require()  # before any work: the extra is missing
    cache = BuildCache.under(cache_dir)
    sources: dict[str, ExampleSource] = {}
    failed: dict[str, str] = {}
    for lesson in course.lessons:
        if lesson.examples is None:
            continue
        try:
            sources[lesson.id] = cached_examples(lesson.examples, lesson.id, cache)
            for where, doubt in check_blocks(lesson, sources[lesson.id]):
                log.warning("%s: %s", where, doubt)
        except CoursegenError as exc:
            if not serving:
                raise
            failed[lesson.id] = one_line(exc)
    # What the plots draw: their translations may not bring math of their own (see catalogs.math_spans).
    drawn = frozenset(message for source in sources.values() for message in messages(source)) | frozenset(
        one for source in sources.values() for one, _many in plurals(source)
    )
    translators, unread_catalogs = _translators(course, previous, drawn)
    locales = tuple(
        LocaleText(info, theme_language(info, themes), translators[info.code].gettext)
        for info in course.locales
    )
    strings: dict[str, tuple[LocaleStrings, ...]] = {}
    to_compute: list[LessonExamples] = []
    failed_locales: dict[tuple[str, str], str] = {}
    for lesson in course.lessons:
        if lesson.id not in sources:
            continue
        source = sources[lesson.id]
        wanted = messages(source)
        # Only the locales with a page of this lesson: the others' plots would be drawn for nothing.
        try:
            having: Collection[str] = find_transcripts(course.locales_dir, lesson.id)
        except CoursegenError:
            if not serving:
                raise
            # Told on the lesson's pages, which show its text as last read (see Assembly._sections).
            latest = _sections_as_last_read(cache, lesson.id)
            having = set(latest) if latest is not None else {info.code for info in course.locales}
        per_locale: list[LocaleStrings] = []
        for info in (info for info in course.locales if info.code in having):
            translator = translators[info.code]
            translated = {message: translator.gettext(message) for message in wanted}
            forms = {
                one: translator.plural_forms(one) or (English(one), English(many))
                for one, many in plurals(source)
            }
            drawn_texts = {**translated, **{one: "\n".join(texts) for one, texts in forms.items()}}
            try:
                fonts = _fonts_for(info.code, source, drawn_texts, translator, cache)
            except CoursegenError as exc:
                # A label no installed font draws (an emoji in a translation): under serve, told on that
                # locale's page of the lesson, as a failing example is; it froze every page of every language.
                if not serving:
                    raise
                failed_locales[(lesson.id, info.code)] = one_line(exc)
                continue
            if info.is_rtl:
                translated = {m: t if is_english(t) else isolate_fields(t) for m, t in translated.items()}
                forms = {
                    m: texts if is_english(texts[0]) else tuple(map(isolate_fields, texts))
                    for m, texts in forms.items()
                }
            per_locale.append(
                LocaleStrings(
                    info.code,
                    translated,
                    info.decimal,
                    fonts.families,
                    fonts.digests,
                    forms,
                    translator.plural_expr,
                )
            )
        strings[lesson.id] = tuple(per_locale)
        if per_locale:
            to_compute.append(LessonExamples(lesson, source, strings[lesson.id]))
    running = start_lessons(to_compute, cache_dir)
    return Assembly(
        course,
        locales,
        translators,
        sources,
        strings,
        running,
        cache,
        embeddings,
        patience=SERVE_PATIENCE_SECONDS if serving else None,
        serving=serving,
        failed=failed,
        failed_locales=failed_locales,
        unread_catalogs=unread_catalogs,
    )


def _translators(
    course: Course, previous: Assembly | None, drawn: Collection[str] = ()
) -> tuple[dict[str, Translator], dict[str, str]]:
    """Each locale's translator (``drawn``: the messages plots draw), and, under mkdocs serve (``previous``:
    the build before), why a catalog could not be read now (saved with a quote left open), by locale code:
    the build before's translator then stands in for it. It stopped the preview of every page of every
    language until fixed."""
    translators: dict[str, Translator] = {}
    unread: dict[str, str] = {}
    for info in course.locales:
        try:
            translators[info.code] = load_translator(course.locales_dir, info.code, drawn)
        except CatalogError as exc:
            if previous is None or info.code not in previous.translators:
                raise
            translators[info.code] = previous.translators[info.code]
            unread[info.code] = one_line(exc)
            log.error("%s", unread[info.code])
    return translators, unread
