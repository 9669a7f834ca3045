"""``coursegen check``: is every locale ready to publish? One report for translators, one exit status for CI.

Per locale it counts translated, fuzzy and untranslated strings, and lists as problems what would show a
wrong page: a translation whose placeholders (``{name}``, ``%s``, inline code) differ from the source, or
whose line breaks at its ends differ (GNU gettext's tools refuse the catalog then), a catalog out of step
with the template, alignment boundaries the aligner is unsure of, and plot texts in a script that no
installed font draws. Untranslated and fuzzy strings are only warnings: they fall back to English, and a
new locale starts with all of them. So is an encoding given for a transcript whose reading does not look
like the language: it was given on purpose, and may be right.

Exit status: 0 when nothing is wrong, 1 when problems were found, 2 when a catalog does not parse: the CLI
says where (``messages.po:LINE: reason``), after the report of every other locale.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from coursegen.align import align, low_confidence, unpinned_reason
from coursegen.catalogs import (
    FUZZY_HINT,
    TEMPLATE_NAME,
    Stats,
    catalog_path,
    placeholder_mismatches,
    plural_doubt,
    plural_problem,
    stats_of,
    untranslated_messages,
)
from coursegen.errors import CatalogError, CoursegenError, TranscriptError, printable, shortened
from coursegen.examples import check_blocks, load_examples, messages, plurals
from coursegen.extract import MAPPING_FILE, extract_template, unextracted, unextracted_reason
from coursegen.files import is_editor_leftover, link_out, links_out
from coursegen.lessons import OUTLINE_FILE, Lesson, discover_lessons
from coursegen.locales import locale_folders, parse_locale
from coursegen.marks import SHOWN_QUOTE_CHARS, SectionMarks, marks_path, unmarked_lesson
from coursegen.pofiles import (
    header_fields,
    line_break_mismatches,
    missing_plural_forms,
    read_catalog,
    singular,
    unknown_escapes,
)
from coursegen.sources import (
    ALLOW_LINKS,
    OUTSIDE_LINK,
    TRANSCRIPTS,
    LessonSources,
    bcp47,
    find_transcripts,
    no_transcript_advice,
    outline_error,
    read_each_source,
    transcript_files,
    unclaimed_lessons,
)
from coursegen.transcripts import Transcript
from coursegen.units import is_unpunctuated

log = logging.getLogger(__name__)

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One line of the report: where (``file:line`` when known), how bad, and what."""

    severity: str
    where: str
    message: str

    def __str__(self) -> str:
        """One line, whatever a translator's file put into the message (a quote with a line break, or
        with control characters that would clear the terminal)."""
        text = (
            f"{self.where}: {self.severity}: {self.message}"
            if self.where
            else f"{self.severity}: {self.message}"
        )
        return printable(" ".join(text.split()))


@dataclass(frozen=True)
class LocaleReport:
    """The state of one locale; ``stats`` is None when its catalog is missing or does not parse."""

    folder: str
    stats: Stats | None
    findings: tuple[Finding, ...]
    state: str = "no catalog"


@dataclass(frozen=True)
class Report:
    """The state of all locales, plus problems that concern them all (the template), and the catalogs that
    do not parse (each one's locale is reported as not read, the others in full)."""

    findings: tuple[Finding, ...]
    locales: tuple[LocaleReport, ...]
    unreadable: tuple[CatalogError, ...] = ()

    @property
    def problems(self) -> list[Finding]:
        every = [*self.findings, *(f for report in self.locales for f in report.findings)]
        return [f for f in every if f.severity == ERROR]

    @property
    def exit_status(self) -> int:
        return 2 if self.unreadable else 1 if self.problems else 0


def _ids(catalog: Catalog) -> set[str]:
    return {singular(m) for m in catalog if m.id}


def _short(text: str, width: int = 60) -> str:
    return repr(shortened(" ".join(text.split()), width))


def _out_of_step(path: Path, catalog: Catalog, template: Catalog) -> list[Finding]:
    """A catalog whose msgids are not the template's: those missing in one finding; each msgid the
    template lacks at its own line, since it is most often an English text edited by mistake."""
    known = _ids(template)
    missing = known - _ids(catalog)
    findings = []
    if missing:
        reason = (
            f"not in step with the template: {len(missing)} msgid(s) of the template missing, "
            f"e.g. {_short(min(missing))}; run 'coursegen messages'"
        )
        findings.append(Finding(ERROR, str(path), reason))
    for message in catalog:
        msgid = singular(message)
        if msgid and message.context is not None:
            reason = (
                f"msgctxt {message.context!r} on {_short(msgid)}: the template has no contexts, so this "
                "entry translates nothing; remove it"
            )
            findings.append(Finding(ERROR, f"{path}:{message.lineno}", reason))
        elif msgid and msgid not in known:
            reason = (
                f"msgid not in the template: {_short(msgid)} (the English text is not to be edited); "
                "run 'coursegen messages'"
            )
            findings.append(Finding(ERROR, f"{path}:{message.lineno}", reason))
    return findings


def check_catalog(
    path: Path, template: Catalog | None, plot_messages: Iterable[str] = ()
) -> tuple[Stats, list[Finding]]:
    """Stats and findings of one catalog file; raises ``CatalogError`` if it does not parse.

    ``plot_messages`` are the lessons' plot texts: an installed font must draw their translations, and they
    must keep their source's math (see ``catalogs.math_spans``).
    """
    catalog = read_catalog(path, locale=path.parent.parent.name)
    findings: list[Finding] = []
    for message in untranslated_messages(catalog):
        msgid = singular(message)
        state = "fuzzy" if message.fuzzy else "untranslated"
        forms = message.string if isinstance(message.string, tuple | list) else ()
        empty = [f"msgstr[{index}]" for index, form in enumerate(forms) if not form]
        if not message.fuzzy and forms and len(empty) < len(forms):
            # Part of a plural entry: the build shows all of it in English until every form is there.
            state = f"untranslated ({', '.join(empty)} empty)"
        findings.append(Finding(WARNING, f"{path}:{message.lineno}", f"{state}: {_short(msgid)}"))
    plot_messages = frozenset(plot_messages)
    fuzzy_lines = {message.lineno for message in catalog if message.id and message.fuzzy}
    for line, msgid, reason in placeholder_mismatches(catalog, plot_messages):
        # A fuzzy entry is not used yet (Babel's guesses for new strings often have another's placeholders):
        # for the translator to mend when reviewing it.
        fuzzy = line in fuzzy_lines
        message = f"placeholders differ in {_short(msgid)}: {reason}" + (
            " (fuzzy: mend them when reviewing it)" if fuzzy else ""
        )
        findings.append(Finding(WARNING if fuzzy else ERROR, f"{path}:{line}", message))
    for line, msgid, reason in line_break_mismatches(catalog):
        fuzzy = line in fuzzy_lines
        message = f"{reason} in {_short(msgid)}: " + (
            "mend it when reviewing it (GNU gettext's msgfmt, and Poedit and Weblate with it, refuse it then)"
            if fuzzy
            else "GNU gettext's msgfmt, and Poedit and Weblate with it, refuse the catalog"
        )
        findings.append(Finding(WARNING if fuzzy else ERROR, f"{path}:{line}", message))
    if getattr(catalog, "coursegen_byte_order_mark", False):
        # coursegen reads it; msgfmt, and Poedit and Weblate with it, refuse the catalog.
        findings.append(
            Finding(
                ERROR,
                f"{path}:1",
                "the catalog starts with a byte-order mark, which GNU gettext's msgfmt (and Poedit and "
                "Weblate with it) refuse: save it as UTF-8 without one",
            )
        )
    if template is not None:
        findings.extend(_out_of_step(path, catalog, template))
    findings.extend(_font_findings(path, catalog, plot_messages))
    text = path.read_text(encoding="utf-8-sig")
    plural_line = next((n for n, name, _value in header_fields(text) if name == "plural-forms"), None)
    problem = plural_problem(catalog)
    doubt = plural_doubt(catalog) if problem is None else None
    if problem is not None or doubt is not None:
        where = f"{path}:{plural_line}" if plural_line else str(path)
        findings.append(Finding(ERROR, where, problem) if problem else Finding(WARNING, where, str(doubt)))
    # Read here, refused by GNU gettext's msgfmt, and so by Poedit and Weblate, the translators' tools.
    refused = "GNU gettext's msgfmt (and Poedit and Weblate with it) refuses the catalog"
    if plural_line is None and any(isinstance(message.id, tuple) for message in catalog):
        reason = f"no Plural-Forms header for its plural entries: {refused}; add one"
        reason += f" (the build uses {catalog.plural_forms!r})"
        findings.append(Finding(ERROR, f"{path}:1", reason))
    for line, forms in missing_plural_forms(text, catalog.num_plurals):
        reason = (
            f"{forms} of the {catalog.num_plurals} plural forms the Plural-Forms header gives (no "
            f"msgstr[{forms}] line): {refused}; `coursegen messages` adds the missing lines"
        )
        findings.append(Finding(ERROR, f"{path}:{line}", reason))
    for line, escape in unknown_escapes(text):
        cure = f"write '{escape[1]}' alone" if escape[1] in "'?" else f"write '\\{escape}' for a backslash"
        reason = f"'{escape}' is no escape: {refused}; {cure}"
        findings.append(Finding(ERROR, f"{path}:{line}", reason))
    return stats_of(catalog), findings


def _guide_findings(guides_dir: Path) -> list[Finding]:
    """What the guides hold that their translations cannot show (see ``guides.guide_warnings``)."""
    from coursegen.guides import guide_warnings

    try:
        return [Finding(WARNING, where, what) for where, what in guide_warnings(guides_dir)]
    except CoursegenError as exc:  # a guide that cannot be read
        return [Finding(ERROR, exc.where, exc.reason)]


def _font_findings(path: Path, catalog: Catalog, plot_messages: Iterable[str]) -> list[Finding]:
    """A script no installed font draws (Devanagari, Arabic... where only Latin and CJK fonts are installed)
    stops the build when it draws the plots: said here, when the translator can still install one."""
    from coursegen.fonts import font_problem

    texts = []
    for message in plot_messages:
        entry = catalog.get(message)
        if entry is not None and entry.string and not entry.fuzzy:
            # A plural entry (ngettext) has every form to draw.
            texts.extend([entry.string] if isinstance(entry.string, str) else [f for f in entry.string if f])
    problem = font_problem(bcp47(path.parent.parent.name), texts)
    return [Finding(ERROR, str(path), f"the plots cannot be drawn: {problem}")] if problem else []


def _reading_findings(
    found: dict[str, list[Finding]], read: LessonSources, folder_of: dict[str, str]
) -> dict[str, list[Finding]]:
    """Add to ``found`` (and return it) the transcripts and marks files that cannot be read, and the
    encodings given that seem to misread a transcript."""
    for code, error in read.errors.items():
        found.setdefault(folder_of[code], []).extend(
            Finding(ERROR, each.where, each.reason) for each in error.each
        )
    for code, (path, doubt) in read.encoding_doubts.items():
        # A warning: the encoding was given on purpose, and a correct one must not fail CI.
        found.setdefault(folder_of[code], []).append(Finding(WARNING, str(path), doubt))
    return found


def _lesson_alignment_findings(
    locales_dir: Path, lesson: Lesson, embeddings: bool = False
) -> dict[str, list[Finding]]:
    # A locale whose files are in a state no transcript can be found in is its own finding; the others go on.
    unfound: dict[str, TranscriptError] = {}
    sources = find_transcripts(locales_dir, lesson.id, unfound)
    found: dict[str, list[Finding]] = {}
    for folder, error in unfound.items():
        found.setdefault(folder, []).append(Finding(ERROR, error.where, error.reason))
    if not sources:
        return found
    folder_of = {code: source.path.parent.parent.name for code, source in sources.items()}
    read = read_each_source(locales_dir, lesson, sources)
    unmarked = unmarked_lesson(lesson, (source.path for source in sources.values()))
    if unmarked is not None:
        # Work in progress, as the build sees it: a warning (every other lesson's translators got an error);
        # its transcripts are read all the same: a wrong encoding showed only once the sections were pinned.
        found.setdefault("", []).append(Finding(WARNING, str(lesson.root / OUTLINE_FILE), unmarked))
        return _reading_findings(found, read, folder_of)
    contradicted = outline_error(read, lesson)
    if contradicted is not None:  # the outline's doing, not the translators'
        return {**found, "": [Finding(ERROR, contradicted.where, contradicted.reason)]}
    _reading_findings(found, read, folder_of)
    # The other locales are aligned without those that cannot be read, unless what anchors them (a marks
    # file) may be among those: then fixing the files named above comes first.
    if not read.transcripts or (read.errors and not read.marks):
        return found
    try:
        from coursegen.similarity import similarity_for

        alignment = align(lesson, read.transcripts, read.marks, similarity=similarity_for(embeddings))
    except CoursegenError as exc:
        named = f"lesson '{lesson.id}'"
        reason = exc.reason if named in exc.reason else f"{named} cannot be aligned: {exc.reason}"
        found.setdefault("", []).append(Finding(ERROR, exc.where, reason))
        return found
    lines = {section.id: section.line for section in lesson.sections}
    for section in alignment.unpinned:
        outline = lesson.root / OUTLINE_FILE
        where = f"{outline}:{lines[section]}" if lines.get(section) else str(outline)
        found.setdefault("", []).append(Finding(WARNING, where, unpinned_reason(lesson, section)))
    for code, marks in read.marks.items():
        found.setdefault(folder_of[code], []).extend(_mid_sentence_marks(read.transcripts[code], marks))
    for code, located in alignment.locales.items():
        for doubt in located.doubts:
            found.setdefault(folder_of[code], []).append(Finding(ERROR, str(sources[code].path), doubt))
        lines = {mark.section: mark.line for mark in read.marks[code].marks} if code in read.marks else {}
        for pinned, theirs in located.misplaced:
            reason = (
                f"section '{pinned}' is pinned where the other transcripts have section '{theirs}', which "
                "leaves the sections between them empty or too long: are these the first words of "
                f"'{pinned}'?"
            )
            where = f"{marks_path(sources[code].path, lesson.id)}:{lines[pinned]}"
            found.setdefault(folder_of[code], []).append(Finding(ERROR, where, reason))
    for weak in low_confidence(alignment):
        where = marks_path(sources[weak.locale].path, lesson.id)
        opening = _opening(alignment.locales[weak.locale].section(weak.section).text)
        at = f"starts at '{opening} …'" if opening else "is empty: no sentence of the transcript falls in it"
        reason = (
            f"low-confidence alignment: section '{weak.section}' of lesson '{lesson.id}' {at} "
            f"(confidence {weak.confidence:.2f}); if that is right, or to move it, pin the "
            f"first words of its first sentence in this file{'' if where.is_file() else ' (create it)'}"
        )
        found.setdefault(folder_of[weak.locale], []).append(Finding(ERROR, str(where), reason))
    return found


# A section's opening, quoted in a finding: its first words, at most this many characters.
_OPENING_WORDS, _OPENING_CHARS = 8, 60


def _opening(text: str) -> str:
    """The first words of ``text``, and no more than a line's worth of them: a Thai transcript, whose
    spaces part clauses, not words, was quoted up to 300 characters a section.

    >>> _opening("Vous avez ici deux propriétés, donc n0 égale 2, et deux unités cachées.")
    'Vous avez ici deux propriétés, donc n0 égale'
    >>> len(_opening("หน่วยซ่อนทั้งหมดของคุณจะสมมาตรกัน" * 5)) <= 60
    True
    """
    opening = " ".join(text.split()[:_OPENING_WORDS])
    if len(opening) <= _OPENING_CHARS:
        return opening
    end = _OPENING_CHARS
    while end < len(opening) and unicodedata.category(opening[end]).startswith("M"):
        end -= 1  # not between a letter and its marks
    return opening[:end].rstrip()


def _mid_sentence_marks(transcript: Transcript, marks: SectionMarks) -> list[Finding]:
    """Pins whose words start inside a sentence with a small letter: the section starts there, cutting the
    sentence in two, which is seldom meant. (A capital, or a script without capitals, says nothing: the
    seeds' pins rightly start where a translator left out a full stop; and a transcript without sentence
    punctuation has no sentences to cut.)"""
    if is_unpunctuated(transcript):
        return []
    findings = []
    for mark in marks.marks:
        inside = [s for s in transcript.sentences if s.start < mark.offset < s.end]
        if inside and transcript.text[mark.offset].islower():
            opening = " ".join(inside[0].text.split()[:6])
            quote = shortened(mark.quote, SHOWN_QUOTE_CHARS)
            reason = (
                f"'{quote}' is in the middle of a sentence ('{opening} …'): section '{mark.section}' starts "
                "there, cutting the sentence in two; quote the first words of the sentence if that is not "
                "meant"
            )
            findings.append(Finding(WARNING, f"{marks.path}:{mark.line}", reason))
    return findings


def alignment_findings(
    locales_dir: Path, lessons: Iterable[Lesson], embeddings: bool = False
) -> dict[str, list[Finding]]:
    """Section starts the aligner is unsure of, by locale folder (``""``: problems of no single locale).

    Each is a problem: a page would show a section with the wrong sentences. The fix is a mark in the
    locale's ``<lesson>.sections.yml``, the file each finding names.
    """
    found: dict[str, list[Finding]] = {}
    for lesson in lessons:
        for folder, findings in _lesson_alignment_findings(locales_dir, lesson, embeddings).items():
            found.setdefault(folder, []).extend(findings)
    return found


def _template_findings(
    root: Path | None, template_path: Path, template: Catalog | None, lessons: Iterable[Lesson]
) -> list[Finding]:
    if template is None:
        return [Finding(ERROR, str(template_path), "template not found; run 'coursegen messages'")]
    if root is None or not (root / MAPPING_FILE).is_file():
        return []
    missed = unextracted(root, lessons)
    if missed:  # 'messages', as "out of date" would advise, would make their translations obsolete
        return [Finding(ERROR, str(root / MAPPING_FILE), unextracted_reason(missed, root))]
    fresh = extract_template(root)
    new, gone = _ids(fresh) - _ids(template), _ids(template) - _ids(fresh)
    if not new and not gone:
        return []
    reason = f"out of date ({len(new)} new, {len(gone)} removed msgids); run 'coursegen messages'"
    return [Finding(ERROR, str(template_path), reason)]


def _examples_of(lessons: Iterable[Lesson]) -> tuple[list[str], list[Finding]]:
    """Every text the lessons' examples translate (their plots' titles, labels and legends), and what is
    wrong or doubtful in the examples (a block no section shows was told by the build only)."""
    texts: list[str] = []
    findings: list[Finding] = []
    for lesson in lessons:
        if lesson.examples is None:
            continue
        try:
            source = load_examples(lesson.examples)
            doubts = check_blocks(lesson, source)
        except CoursegenError as exc:
            findings.extend(Finding(ERROR, each.where, each.reason) for each in exc.each)
            continue
        texts.extend(messages(source))
        texts.extend(one for one, _many in plurals(source))
        findings.extend(Finding(WARNING, where, doubt) for where, doubt in doubts)
    return texts, findings


def check_locales(
    locales_dir: Path,
    lessons_dir: Path,
    *,
    root: Path | None = None,
    guides_dir: Path | None = None,
    embeddings: bool = False,
    allow_links_out: bool = False,
) -> Report:
    """Check every locale under ``locales_dir``; with ``root``, also that the template matches the sources;
    with ``guides_dir``, that no lesson has a guide's name (the build refuses it). ``embeddings`` and
    ``allow_links_out`` are the site's settings: sections are cut as its pages cut them, and links out of the
    locales folder that it allows are not warned of."""
    if not locales_dir.is_dir():
        raise CoursegenError("locales folder not found", path=locales_dir)
    if not lessons_dir.is_dir():
        # Every transcript "belonged to no lesson", a warning: check passed having checked nothing.
        raise CoursegenError("lessons folder not found (--lessons-dir)", path=lessons_dir)
    template_path = locales_dir / TEMPLATE_NAME
    template = read_catalog(template_path) if template_path.is_file() else None
    lessons = discover_lessons(lessons_dir)
    findings = _template_findings(root, template_path, template, lessons)
    if not allow_links_out:
        findings.extend(_top_links_out(locales_dir))
    aligned = alignment_findings(locales_dir, lessons, embeddings)
    transcribed = {lesson.id: set(find_transcripts(locales_dir, lesson.id, {})) for lesson in lessons}
    unclaimed = unclaimed_lessons(locales_dir, transcribed)
    if unclaimed:  # a lesson renamed, its transcripts not: its pages vanished, and the build passed
        findings.extend(
            Finding(ERROR, str(lesson.root / OUTLINE_FILE), no_transcript_advice(lesson.id, unclaimed))
            for lesson in lessons
            if not transcribed[lesson.id]
        )
    plot_messages, example_findings = _examples_of(lessons)
    findings.extend(example_findings)
    if guides_dir is not None:
        from coursegen.site import guide_clashes

        findings.extend(
            Finding(ERROR, clash.where, clash.reason) for clash in guide_clashes(lessons, guides_dir)
        )
        findings.extend(_guide_findings(guides_dir))
    findings.extend(aligned.get("", []))
    reports = []
    unreadable: list[CatalogError] = []
    for folder in locale_folders(locales_dir):
        path = catalog_path(locales_dir, folder.name)
        if not path.is_file():
            missing = Finding(ERROR, str(path), "catalog not found; run 'coursegen messages'")
            reports.append(LocaleReport(folder.name, None, (missing,)))
            continue
        try:
            stats, locale_findings = check_catalog(path, template, plot_messages)
        except CatalogError as exc:
            # One translator's syntax error must not hide the other locales' reports.
            unreadable.append(exc)
            broken = Finding(ERROR, exc.where, exc.reason)
            reports.append(LocaleReport(folder.name, None, (broken,), state="catalog not read"))
            continue
        locale_findings.extend(_missing_transcripts(folder, lessons, transcribed))
        locale_findings.extend(_stray_transcripts(folder, lessons))
        if not allow_links_out:
            locale_findings.extend(_links_out(folder, locales_dir))
        locale_findings.extend(aligned.get(folder.name, []))
        reports.append(LocaleReport(folder.name, stats, tuple(locale_findings)))
    return Report(tuple(findings), tuple(reports), tuple(unreadable))


def _missing_transcripts(
    folder: Path, lessons: Iterable[Lesson], transcribed: dict[str, set[str]]
) -> list[Finding]:
    """A lesson the locale has no transcript of: its page is not built in that language, which nothing
    else would tell the translator."""
    code = bcp47(folder.name)
    return [
        Finding(
            WARNING,
            str(folder / "transcripts"),
            f"no transcript of lesson '{lesson.id}' yet, so no page of it in this language; add one with "
            f"coursegen add-locale {code} --lesson {lesson.id} --transcript FILE",
        )
        for lesson in lessons
        if code not in transcribed.get(lesson.id, set())
    ]


def _stray_transcripts(folder: Path, lessons: Iterable[Lesson]) -> list[Finding]:
    """Files of the transcripts folder that belong to no lesson: left by a lesson removed or renamed, or
    misnamed by hand; the build reads no such file, and said nothing (check even asked for the transcript
    that sat there under another name). A lesson's files are those the build looks up: its transcript
    (:func:`coursegen.sources.transcript_files`), its metadata and its section marks."""
    known = sorted(lesson.id for lesson in lessons)
    read: set[Path] = set()
    for lesson_id in known:
        meta = folder / TRANSCRIPTS / f"{lesson_id}.yml"
        read |= {*transcript_files(folder, lesson_id), meta, marks_path(meta, lesson_id)}
    return [
        Finding(
            WARNING,
            str(path),
            f"belongs to no lesson (known: {', '.join(known) or 'none'}): the build reads it nowhere; "
            "rename it after its lesson, or delete it",
        )
        for path in sorted((folder / TRANSCRIPTS).glob("*"))
        if path.is_file() and not is_editor_leftover(path.name) and path not in read
    ]


def _links_out(folder: Path, locales_dir: Path) -> list[Finding]:
    """Links in a locale's folder to files outside the locales folder: what they lead to would be published
    (a contribution linking a transcript to a file of the machine that builds the site, its keys or its
    environment); the build refuses them unless mkdocs.yml allows them (translators' repositories), so they
    are errors here too: a CI job gated on check passed, and the build then stopped."""
    return _outside_findings(sorted(links_out(folder, locales_dir).items()))


def _top_links_out(locales_dir: Path) -> list[Finding]:
    """As :func:`_links_out`, for the files beside the locale folders (the template): the build refuses those
    too, and check passed a ``messages.pot`` linked out."""
    found = (link_out(path, locales_dir) for path in sorted(locales_dir.iterdir()) if not path.is_dir())
    return _outside_findings(filter(None, found))


def _outside_findings(found: Iterable[tuple[Path, str]]) -> list[Finding]:
    """An error for each link out of the locales folder, with where it leads."""
    return [
        Finding(ERROR, str(link), f"{OUTSIDE_LINK.format(target=target)}; {ALLOW_LINKS}")
        for link, target in found
    ]


def for_locales(report: Report, codes: Iterable[str]) -> Report:
    """``report`` for the locales ``codes`` only (BCP 47 or gettext names), with what concerns them all: a
    translator of one language of a large course read every language's report to find theirs. A code of no
    locale here is an error naming those there are."""
    known = {bcp47(locale.folder).lower(): locale.folder for locale in report.locales}
    wanted: set[str] = set()
    for code in codes:
        folder = known.get(bcp47(str(parse_locale(code))).lower())
        if folder is None:
            there = ", ".join(sorted(bcp47(name) for name in known.values())) or "none"
            raise CoursegenError(f"no locale '{code}' here (there are: {there})")
        wanted.add(folder)
    return Report(
        report.findings,
        tuple(locale for locale in report.locales if locale.folder in wanted),
        tuple(error for error in report.unreadable if _locale_of(error) in wanted),
    )


def _locale_of(error: CatalogError) -> str | None:
    """The locale folder of the catalog an error is about (``<locale>/LC_MESSAGES/messages.po``)."""
    return error.path.parent.parent.name if error.path is not None else None


def format_report(report: Report) -> list[str]:
    """The report as lines of text: a summary per locale, then its findings indented."""
    lines = [str(f) for f in report.findings]
    for locale in report.locales:
        if locale.stats is None:
            lines.append(f"{locale.folder}: {locale.state}")
        else:
            s = locale.stats
            # What "fuzzy" means once, not on each of its entries' lines (190 times after a new lesson).
            fuzzy = f"{s.fuzzy} fuzzy ({FUZZY_HINT})" if s.fuzzy else "0 fuzzy"
            lines.append(
                f"{locale.folder}: {s.translated} translated, {fuzzy}, {s.untranslated} untranslated"
                f" ({s.obsolete} obsolete)"
            )
        lines.extend(f"  {finding}" for finding in locale.findings)
    problems = len(report.problems)
    lines.append(f"{problems} problem(s)" if problems else "no problems")
    return lines
