"""``coursegen add-locale``: a new language from one transcript, all or nothing; or another lesson's
transcript for a language the course has.

The new ``locales/<gettext-name>/`` folder is built completely in a hidden temporary folder beside it and
then renamed into place, so an interrupted or failed run leaves nothing behind. An existing locale gets only
the new lesson's transcript and its metadata, each written beside its name and renamed into place; its
catalog and its other transcripts are never touched. The transcript is copied byte for byte (it is the
translator's source material and must stay exactly what they gave us); what was detected about it goes into
``<lesson>.yml`` next to it.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from coursegen.align import align
from coursegen.catalogs import TEMPLATE_NAME, catalog_path, catalog_stats, stats_of
from coursegen.errors import CatalogError, CoursegenError, LocaleError
from coursegen.examples import load_examples, messages, plurals
from coursegen.extract import init_catalog
from coursegen.files import failing_as, new_folder_mode, transcript_bytes, write_atomic, write_new
from coursegen.fonts import font_problem
from coursegen.formats import EXTENSIONS
from coursegen.lessons import Lesson, find_lesson
from coursegen.locales import LocaleInfo, locale_folders, locale_info
from coursegen.marks import MARKS_SUFFIX, unmarked_lesson
from coursegen.pofiles import DOMAIN, read_catalog, render_catalog, singular
from coursegen.sources import TRANSCRIPTS, read_each_source, refuse_writing_out, transcript_files
from coursegen.transcripts import Transcript, read_transcript

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NewLocale:
    """What ``add_locale`` created, and how much is left to translate."""

    info: LocaleInfo
    folder: Path
    transcript: Path
    catalog: Path
    untranslated: int
    total: int
    reading: str = ""  # how the transcript was read: "srt, cp1252, 112 sentences"
    font_problem: str = ""  # why the installed fonts cannot draw the locale's plots, if they cannot
    doubts: tuple[str, ...] = ()  # why the transcript may not fit the lesson (see ``align``)
    existing: bool = False  # the locale was there: only the lesson's transcript was added
    # The lesson's strings the template lacks (a new lesson before 'coursegen messages'): not in the counts.
    not_in_template: int = 0


def _existing_folder(locales_dir: Path, info: LocaleInfo) -> Path | None:
    """The locale's folder if the course has it (under any case of its name, which a case-insensitive file
    system would take for it)."""
    existing = {p.name.casefold(): p for p in locales_dir.iterdir()} if locales_dir.is_dir() else {}
    return existing.get(info.folder.casefold())


def _refuse_existing(locales_dir: Path, info: LocaleInfo) -> None:
    clash = _existing_folder(locales_dir, info)
    if clash is not None:
        raise LocaleError(f"locale '{info.code}' already exists; nothing was changed", path=clash)


def _refuse_second_transcript(folder: Path, info: LocaleInfo, lesson_id: str) -> None:
    if folder.name != info.folder:
        raise LocaleError(
            f"the folder of locale '{info.code}' is named {info.folder}; rename it, nothing was changed",
            path=folder,
        )
    present = transcript_files(folder, lesson_id)
    if present:
        raise LocaleError(
            f"locale '{info.code}' already has a transcript of '{lesson_id}' ({present[0].name}): edit or "
            "replace that file; nothing was changed",
            path=present[0],
        )


def metadata(lesson_id: str, info: LocaleInfo, transcript: Transcript) -> str:
    """The ``<lesson>.yml`` that records what was detected about a transcript, headed by a comment that tells
    the translator who opens the folder what the file is and where section boundaries are pinned.

    An encoding the bytes do not settle is not recorded (see ``charsets.decode``): pinned, a guess made on
    a first draft read the full transcript that replaced it in the wrong code page, without an error."""
    data = {"lesson": lesson_id, "language": info.folder, "format": transcript.format}
    header = (
        "# What the transcript next to this file is; its bytes are kept as the translator gave them.\n"
        f"# A section that starts in the wrong place is pinned in {lesson_id}.sections.yml.\n"
    )
    if transcript.encoding_settled:
        data["encoding"] = transcript.encoding
    else:
        header += (
            f"# No encoding: other encodings read these bytes as {transcript.encoding} does, so it is "
            "detected each time the transcript is read.\n"
        )
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _transcript_name(lesson_id: str, source: Path, transcript: Transcript) -> str:
    # The name the build looks for: a transcript saved as .yml or .text gets its format's extension.
    suffix = source.suffix if source.suffix.lower() in EXTENSIONS else f".{transcript.format}"
    return f"{lesson_id}{suffix}"


def _build(
    staging: Path,
    lesson_id: str,
    info: LocaleInfo,
    source: Path,
    transcript: Transcript,
    data: bytes,
    template: Path,
) -> tuple[Path, Path, int, int]:
    """Write the whole locale folder under ``staging``; returns (transcript, catalog, untranslated, total)."""
    transcripts = staging / TRANSCRIPTS
    transcripts.mkdir(parents=True)
    copy = transcripts / _transcript_name(lesson_id, source, transcript)
    copy.write_bytes(data)
    (transcripts / f"{lesson_id}.yml").write_text(metadata(lesson_id, info, transcript), encoding="utf-8")
    catalog = init_catalog(template, info.folder)
    catalog_file = staging / "LC_MESSAGES" / f"{DOMAIN}.po"
    catalog_file.parent.mkdir()
    catalog_file.write_bytes(render_catalog(catalog))
    stats = stats_of(catalog)
    return copy, catalog_file, stats.untranslated + stats.fuzzy, stats.total


def add_locale(
    code: str,
    lesson_id: str,
    transcript_path: Path,
    *,
    fmt: str = "auto",
    encoding: str | None = None,
    locales_dir: Path = Path("locales"),
    lessons_dir: Path = Path("docs/lessons"),
    embeddings: bool = False,
    allow_links_out: bool = False,
) -> NewLocale:
    """Create ``locales_dir/<gettext-name>/`` for ``code`` from one lesson's transcript, or, when the locale
    exists without a transcript of that lesson, add it there.

    Everything is checked before anything is written: the code (Babel must know it), that the locale is
    new or lacks that lesson, that the lesson exists, that the template exists, and that the transcript
    reads cleanly. ``embeddings`` is the site's setting: the new transcript is looked over as the pages
    will cut it; so is ``allow_links_out``: without it, an existing locale whose folder, transcripts or
    catalog lead out of the locales folder through a link is not written into.
    """
    info = locale_info(code)
    if locales_dir.is_dir():
        # A folder another command refuses (zh_TW renamed from zh_Hant): a second, empty one was made beside.
        locale_folders(locales_dir)
    existing = _existing_folder(locales_dir, info)
    if existing is not None:
        _refuse_second_transcript(existing, info, lesson_id)
    lesson = find_lesson(lessons_dir, lesson_id)
    if existing is not None:
        if not allow_links_out:
            ours = [existing / TRANSCRIPTS / f"{lesson_id}.yml", catalog_path(locales_dir, info.folder)]
            refuse_writing_out(ours, locales_dir, "coursegen add-locale", LocaleError)
        return _add_transcript(
            existing, info, lesson, transcript_path, fmt, encoding, locales_dir, embeddings
        )
    template = locales_dir / TEMPLATE_NAME
    if not template.is_file():
        raise CatalogError("template not found; run 'coursegen messages' first", path=template)
    # Read once: a pipe (<(iconv ...)) gave its bytes to the reading and none to the copy.
    data = transcript_bytes(transcript_path)
    transcript = read_transcript(transcript_path, info.folder, fmt, encoding, data)
    with failing_as(locales_dir):
        staging = Path(tempfile.mkdtemp(prefix=f".{info.folder}.", suffix=".new", dir=locales_dir))
    try:
        copy, catalog, untranslated, total = _build(
            staging, lesson_id, info, transcript_path, transcript, data, template
        )
        staging.chmod(new_folder_mode())  # as mkdir makes one: the temporary folder is private
        _refuse_existing(locales_dir, info)  # someone may have created it meanwhile
        target = locales_dir / info.folder
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    log.info("created %s", target)
    return NewLocale(
        info=info,
        folder=target,
        transcript=target / copy.relative_to(staging),
        catalog=target / catalog.relative_to(staging),
        untranslated=untranslated,
        total=total,
        reading=_reading(transcript),
        **_looked_over(locales_dir, lesson, info.code, transcript, embeddings),
    )


def _add_transcript(
    folder: Path,
    info: LocaleInfo,
    lesson: Lesson,
    source: Path,
    fmt: str,
    encoding: str | None,
    locales_dir: Path,
    embeddings: bool = False,
) -> NewLocale:
    """Put ``lesson``'s transcript (and its metadata) into the existing locale ``folder``; the transcript
    first, so that an interrupted run leaves at most a transcript whose format is detected again."""
    data = transcript_bytes(source)
    transcript = read_transcript(source, info.folder, fmt, encoding, data)
    transcripts = folder / TRANSCRIPTS
    transcripts.mkdir(exist_ok=True)
    copy = transcripts / _transcript_name(lesson.id, source, transcript)
    meta = transcripts / f"{lesson.id}.yml"
    if meta.exists():
        raise LocaleError(f"'{meta.name}' is in the way: remove it; nothing was changed", path=meta)
    # Another add-locale of this lesson may be writing its transcript at the same time: the file is created
    # only if it is not there, and given up if another of the lesson's appeared meanwhile (both runs said
    # they had added theirs, and the locale held two transcripts of one lesson).
    try:
        write_new(copy, data)
    except FileExistsError:
        _refuse_second_transcript(folder, info, lesson.id)
        raise LocaleError(f"'{copy.name}' was written meanwhile; nothing was changed", path=copy) from None
    others = [path for path in transcript_files(folder, lesson.id) if path != copy]
    if others:
        copy.unlink(missing_ok=True)
        raise LocaleError(
            f"another transcript of '{lesson.id}' was added to locale '{info.code}' at the same time "
            f"({others[0].name}); nothing was changed",
            path=others[0],
        )
    write_atomic(meta, metadata(lesson.id, info, transcript).encode())
    log.info("added %s", copy)
    catalog = catalog_path(locales_dir, info.folder)
    template = locales_dir / TEMPLATE_NAME
    if not catalog.exists() and template.is_file():
        # A folder the translator made for their transcript has no catalog yet: the one a new locale gets
        # (it was told to translate a file that did not exist, "0 of 0 strings").
        write_atomic(catalog, render_catalog(init_catalog(template, info.folder)))
    stats = catalog_stats(catalog) if catalog.is_file() else None
    return NewLocale(
        info=info,
        folder=folder,
        transcript=copy,
        catalog=catalog,
        untranslated=stats.untranslated + stats.fuzzy if stats else 0,
        total=stats.total if stats else 0,
        reading=_reading(transcript),
        **_looked_over(locales_dir, lesson, info.code, transcript, embeddings),
        existing=True,
    )


def _looked_over(
    locales_dir: Path, lesson: Lesson, code: str, transcript: Transcript, embeddings: bool = False
) -> dict[str, Any]:
    """What the fonts, the alignment and the template say of the locale now in place (most of the command's
    time): Ctrl-C here said "interrupted" of a locale created all the same, which a second run then refused.
    First among the doubts, the transcript's own: an encoding given for it that seems wrong."""
    read = (transcript.encoding_doubt,) if transcript.encoding_doubt else ()
    try:
        return {
            "font_problem": font_problem(code) or "",
            "doubts": read + _doubts(locales_dir, lesson, code, embeddings),
            "not_in_template": _not_in_template(locales_dir, lesson),
        }
    except KeyboardInterrupt:
        told = "interrupted before it was checked against the other transcripts: run 'coursegen check'"
        return {"font_problem": "", "doubts": (*read, told), "not_in_template": 0}


def _not_in_template(locales_dir: Path, lesson: Lesson) -> int:
    """How many of the lesson's strings (outline, examples) the template lacks: a new lesson's, before
    'coursegen messages' ran, were left out of "N of M strings to translate" (0 of 155), in silence."""
    template = locales_dir / TEMPLATE_NAME
    if not template.is_file():
        return 0
    try:
        # A plural entry is known by its singular (as catalogs key it).
        known = {singular(message) for message in read_catalog(template) if message.id}
        wanted = set(lesson.messages)
        if lesson.examples is not None:
            source = load_examples(lesson.examples)
            wanted |= set(messages(source)) | {one for one, _many in plurals(source)}
    except CoursegenError:
        return 0  # check and the build name what cannot be read
    return len(wanted - known)


def _reading(transcript: Transcript) -> str:
    """How the transcript was read, for the translator: "srt, cp1252, 112 sentences"."""
    return f"{transcript.format}, {transcript.encoding}, {len(transcript.sentences)} sentences"


def _doubts(locales_dir: Path, lesson: Lesson, code: str, embeddings: bool = False) -> tuple[str, ...]:
    """What aligning the new transcript (locale ``code``, BCP 47) with the others makes one doubt (only part
    of the lecture, a different lecture...): said now, before the translator spends hours on the catalog.

    The new locale exists by now: a problem of another locale's files stops only these doubts (``check``
    reports it), never the command that created the locale."""
    try:
        read = read_each_source(locales_dir, lesson)
        if code not in read.transcripts:
            return ()
        if unmarked_lesson(lesson, (transcript.path for transcript in read.transcripts.values())):
            # A new lesson: the site cannot cut any of its transcripts before one of them is marked.
            return (
                f"no transcript of '{lesson.id}' marks where its sections start yet, and the lesson has no "
                f"page until one does: write {lesson.id}{MARKS_SUFFIX} beside it, one line per section of "
                "the lesson's outline: its id, a colon, its first words as the transcript has them (the "
                'format is in the translate guide, "Pin where a section starts")',
            )
        if not read.marks:
            return ()
        from coursegen.similarity import similarity_for

        alignment = align(lesson, read.transcripts, read.marks, similarity=similarity_for(embeddings))
    except CoursegenError:
        return ()
    return alignment.locales[code].doubts
