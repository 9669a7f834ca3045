"""Where a lesson's transcripts are: one per locale folder under ``locales/``.

A locale folder (gettext naming, ``zh_Hant``) holds ``transcripts/<lesson>.<ext>`` in any supported format
and, optionally, ``transcripts/<lesson>.yml`` saying what it is (``language``, ``format``, ``encoding``) and
``transcripts/<lesson>.sections.yml`` with section marks.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from coursegen.errors import AlignmentError, CoursegenError, LocaleError, TranscriptError, gather
from coursegen.files import link_out, links_out
from coursegen.formats import EXTENSIONS, FORMATS
from coursegen.lessons import OUTLINE_FILE, Lesson
from coursegen.locales import parse_locale
from coursegen.marks import OutOfOrder, SectionMarks, UnknownSection, load_marks, marks_path
from coursegen.textcodecs import text_codec
from coursegen.yamlfiles import mapping_with_lines, read_yaml

if TYPE_CHECKING:
    from coursegen.transcripts import Transcript

log = logging.getLogger(__name__)
# A file of a locale's folder that is a link leading out of the locales folder (see refuse_links_out).
OUTSIDE_LINK = "a link to {target}, outside the locales folder: the site would publish what it leads to"
ALLOW_LINKS = (
    "put the file itself here, or, for a translators' repository linked in on purpose, set allow_links_out: "
    "true under the coursegen plugin in mkdocs.yml"
)
# The keys of a transcript's metadata that the build reads.
META_KEYS = ("lesson", "language", "format", "encoding")

TRANSCRIPTS = "transcripts"


@dataclass(frozen=True)
class TranscriptSource:
    """A transcript file and what its metadata file says about it (``fmt``/``encoding`` may be unknown)."""

    path: Path
    lang: str
    fmt: str = "auto"
    encoding: str | None = None
    # What is wrong with the metadata's format or encoding: raised when the transcript is read, so that
    # ``check`` still reads the other locales.
    error: TranscriptError | None = None


def bcp47(folder: str) -> str:
    """The BCP 47 tag of a gettext locale folder name: ``zh_Hant`` -> ``zh-Hant``.

    >>> bcp47("zh_Hant"), bcp47("pt_BR"), bcp47("fr")
    ('zh-Hant', 'pt-BR', 'fr')
    """
    return folder.split("@", 1)[0].replace("_", "-")


def _meta(path: Path, code: str, lesson_id: str) -> tuple[dict[str, Any], TranscriptError | None]:
    """The metadata next to a transcript of locale ``code`` and lesson ``lesson_id``, and what is wrong with
    its ``lesson``, ``language``, ``format`` or ``encoding``: a mistake in them is the metadata file's, and is
    reported there, not on the transcript it describes."""
    if not path.is_file():
        return {}, None
    node = read_yaml(path, TranscriptError, "transcript metadata", nodes=True)
    if node is None:
        return {}, None
    if not isinstance(node, yaml.MappingNode):
        raise TranscriptError("transcript metadata must be a mapping", path=path)
    data, lines = mapping_with_lines(node)
    for key in data:
        # Other keys are the translator's notes (source, credits); one that looks like a misspelling is not.
        near = difflib.get_close_matches(str(key), META_KEYS, n=1, cutoff=0.75)
        if near and key not in META_KEYS:
            _warn_once(
                f"{path}:{lines.get(key, '?')}: unknown key {key!r}, not read (did you mean {near[0]!r}?)"
            )
    fmt, encoding, language = data.get("format"), data.get("encoding"), data.get("language")
    detected = "or delete the line to have it detected"
    lesson = data.get("lesson")
    if lesson is not None and str(lesson) != lesson_id:
        reason = f"lesson {lesson!r} is not the lesson this file is named for: write {lesson_id!r}"
        return data, TranscriptError(reason, path=path, line=lines.get("lesson"))
    if language and bcp47(str(language)).casefold() != code.casefold():
        # The folder is the locale: a language copied from another locale's file would put this transcript
        # on that locale's pages, in place of its own.
        reason = f"language {language!r} is not this folder's locale: write {code!r}, or delete the line"
        return data, TranscriptError(reason, path=path, line=lines.get("language"))
    if fmt and fmt != "auto" and fmt not in FORMATS:
        reason = f"unknown format {fmt!r}: write one of {', '.join(FORMATS)}, {detected}"
        return data, TranscriptError(reason, path=path, line=lines.get("format"))
    if encoding and text_codec(str(encoding)) is None:
        reason = f"unknown encoding {encoding!r}: write a name such as utf-8, cp1251 or big5, {detected}"
        return data, TranscriptError(reason, path=path, line=lines.get("encoding"))
    return data, None


_warned: set[str] = set()


def _warn_once(message: str) -> None:
    """A warning about a file, once per process for the same text: a build reads each metadata file several
    times (and mkdocs serve builds many times), and said it three times each."""
    if message not in _warned:
        _warned.add(message)
        log.warning("%s", message)


def refuse_links_out(locales_dir: Path) -> None:
    """Stop at a file of the locales folder that leads out of it: a translator's contribution that links a
    transcript or a catalog to a file of the machine that builds the site (its keys, /proc/self/environ)
    would publish that file on every language's pages, in the notebooks and the search index."""
    found = links_out(locales_dir, locales_dir)
    if found:
        link, target = min(found.items())
        others = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise TranscriptError(f"{OUTSIDE_LINK.format(target=target)}{others}; {ALLOW_LINKS}", path=link)


def refuse_writing_out(
    paths: Iterable[Path], locales_dir: Path, command: str, error: type[CoursegenError]
) -> None:
    """Stop before ``command`` writes through a link out of the locales folder: the build refuses to read
    such a link, and a contribution's link to a catalog elsewhere on the machine (another project's, a
    translators' repository meant to stay as it is) had it rewritten by a routine ``coursegen messages``."""
    for path in paths:
        way_out = link_out(path, locales_dir)
        if way_out is not None:
            link, target = way_out
            raise error(
                f"a link to {target}, outside the locales folder, which {command} would write into; "
                f"{ALLOW_LINKS}; nothing was changed",
                path=link,
            )


def _is_locale_folder(path: Path) -> bool:
    """The test ``discover_locales`` applies (it is the one that warns about the others)."""
    if not path.is_dir() or path.name.startswith("."):
        return False
    try:
        parse_locale(path.name)
    except LocaleError:
        return False
    return True


def transcript_files(folder: Path, lesson_id: str) -> list[Path]:
    """The transcripts of ``lesson_id`` in the locale ``folder``, sorted (more than one is a mistake).

    Only the extensions of transcript formats: an editor's backup ("lesson.txt~", "lesson.txt.bak") or swap
    file beside the transcript is not a second transcript.
    """
    return sorted(
        p
        for p in (folder / TRANSCRIPTS).glob(f"{lesson_id}.*")
        if p.is_file() and p.name[len(lesson_id) :].lower() in EXTENSIONS
    )


def unclaimed_lessons(locales_dir: Path, known: Collection[str]) -> list[str]:
    """The lessons that the locales' transcript files are of (their metadata, ``<lesson>.yml``) and that no
    lesson of ``known`` is: left by a lesson renamed or removed."""
    found = {
        path.stem
        for folder in (locales_dir.iterdir() if locales_dir.is_dir() else ())
        if _is_locale_folder(folder)
        for path in (folder / TRANSCRIPTS).glob("*.yml")
        if path.is_file() and "." not in path.stem
    }
    return sorted(found - set(known))


def no_transcript_advice(lesson_id: str, unclaimed: Sequence[str]) -> str:
    """What to do about a lesson without a transcript: add one, or, where transcripts of a lesson that does
    not exist are there, rename them after it (the lesson was renamed).

    >>> advice = no_transcript_advice("weight-init", ["random-initialization"])
    >>> "if the lesson was renamed, rename them (locales/*/transcripts/random-initialization.*)" in advice
    True
    """
    if unclaimed:
        names = ", ".join(f"'{name}'" for name in unclaimed)
        files = ", ".join(f"locales/*/transcripts/{name}.*" for name in unclaimed)
        return (
            f"transcripts of lesson {names}, which does not exist, are there: if the lesson was renamed, "
            f"rename them ({files}) and their 'lesson:'"
        )
    return f"add one with coursegen add-locale CODE --lesson {lesson_id} --transcript FILE"


def find_transcripts(
    locales_dir: Path, lesson_id: str, errors: dict[str, TranscriptError] | None = None
) -> dict[str, TranscriptSource]:
    """Every locale under ``locales_dir`` with a transcript of ``lesson_id``, by BCP 47 code, sorted.

    Only folders the site treats as locales are read (see ``discover_locales``): a stray folder, or the
    hidden staging folder an interrupted ``add-locale`` may leave, cannot take the build down. A locale whose
    files are in a state no transcript can be found in raises, or, given ``errors``, is put there by its
    folder name and left out (``check`` reports the other locales too).
    """
    found: dict[str, TranscriptSource] = {}
    if not locales_dir.is_dir():
        return found
    for folder in sorted(p for p in locales_dir.iterdir() if _is_locale_folder(p)):
        try:
            source = _transcript_source(folder, lesson_id)
        except TranscriptError as exc:
            if errors is None:
                raise
            errors[folder.name] = exc
            continue
        if source is not None:
            found[source.lang] = source
    return found


def _transcript_source(folder: Path, lesson_id: str) -> TranscriptSource | None:
    candidates = transcript_files(folder, lesson_id)
    meta_path = folder / TRANSCRIPTS / f"{lesson_id}.yml"
    if not candidates:
        for left in (meta_path, marks_path(meta_path, lesson_id)):
            if left.is_file():
                # A transcript renamed or moved away: without this, its page would vanish in silence.
                raise TranscriptError(
                    f"no transcript '{lesson_id}.<txt|srt|vtt|md>' next to this file: put it back under "
                    "that name, or delete this file to drop the lesson from this language",
                    path=left,
                )
        return None
    if len(candidates) > 1:
        names = ", ".join(p.name for p in candidates)
        reason = f"several transcripts of '{lesson_id}': {names}; keep only one of them"
        raise TranscriptError(reason, path=folder / TRANSCRIPTS)
    code = bcp47(folder.name)
    meta, error = _meta(meta_path, code, lesson_id)
    return TranscriptSource(
        candidates[0], code, str(meta.get("format") or "auto"), meta.get("encoding") or None, error
    )


@dataclass(frozen=True)
class LessonSources:
    """What was read of a lesson's transcripts: per locale code, its transcript and section marks, or the
    error that stopped them from being read; and why the encoding given for a transcript seems wrong, kept
    apart, as it is most often why its section marks are not found in it ("paramčtres")."""

    transcripts: dict[str, Transcript]
    marks: dict[str, SectionMarks]
    errors: dict[str, CoursegenError]
    encoding_doubts: dict[str, tuple[Path, str]] = field(default_factory=dict)


def read_each_source(
    locales_dir: Path, lesson: Lesson, sources: dict[str, TranscriptSource] | None = None
) -> LessonSources:
    """Read every transcript of ``lesson`` (``sources``: as :func:`find_transcripts` found them) and the
    section marks next to those that have them; a locale whose files cannot be read is left out, its error
    kept, so that ``check`` reports every locale's problems, not only the first.

    The readers (encoding detection, sentence segmentation) are imported here, not with this module: a
    rebuild finds the transcripts to hash them, and reads them only when one changed.
    """
    from coursegen.transcripts import read_transcript

    read = LessonSources({}, {}, {})
    for code, source in (find_transcripts(locales_dir, lesson.id) if sources is None else sources).items():
        try:
            if source.error is not None:
                raise source.error
            transcript = read_transcript(source.path, code, source.fmt, source.encoding)
            if transcript.encoding_doubt:
                read.encoding_doubts[code] = (source.path, transcript.encoding_doubt)
            path = marks_path(source.path, lesson.id)
            if path.is_file():
                read.marks[code] = load_marks(path, transcript, lesson)
        except CoursegenError as exc:
            read.errors[code] = exc
            continue
        read.transcripts[code] = transcript
    return read


def read_sources(locales_dir: Path, lesson: Lesson) -> tuple[dict[str, Transcript], dict[str, SectionMarks]]:
    """Every transcript of ``lesson`` and the section marks next to those that have them; the first file that
    cannot be read raises its error, naming the others that cannot either (an outline's sections reordered
    made every locale's marks wrong, and the build told of one per save). An encoding given for a
    transcript that seems wrong is warned of first (the build's page would be mojibake)."""
    if not locales_dir.is_dir():
        # A mistyped --locales-dir or locales_dir: "no transcripts to align" named the lesson's outline.
        raise TranscriptError("locales folder not found", path=locales_dir)
    read = read_each_source(locales_dir, lesson)
    for path, doubt in read.encoding_doubts.values():
        log.warning("%s: %s", path, doubt)
    contradicted = outline_error(read, lesson)
    if contradicted is not None:
        raise contradicted
    if read.errors:
        raise gather([each for error in read.errors.values() for each in error.each])
    return read.transcripts, read.marks


def outline_error(read: LessonSources, lesson: Lesson) -> AlignmentError | None:
    """The error to tell of the outline when what several locales' marks contradict alike is lesson.yml:
    its sections reordered, or sections gone from it (removed, renamed, the file cut short). Each
    translator's marks file was named instead, none of which the maintainer had touched (a lesson.yml
    saved half-written was told as one 3.5 KB line naming 42 marks files, and not lesson.yml)."""
    return _reordered(read, lesson) or _vanished(read, lesson)


def _vanished(read: LessonSources, lesson: Lesson) -> AlignmentError | None:
    if len(read.errors) < 2:
        return None
    pinned: list[set[str]] = []
    for error in read.errors.values():
        if not all(isinstance(each, UnknownSection) for each in error.each):
            return None
        pinned.append({each.section for each in error.each if isinstance(each, UnknownSection)})
    if not set.intersection(*pinned):
        return None
    gone = ", ".join(f"'{section}'" for section in sorted(set.union(*pinned)))
    reason = (
        f"section(s) {gone} are not in this outline, but the marks of {len(read.errors)} locales start them: "
        "if they were removed or renamed here, put them back, or correct the marks files too"
    )
    return AlignmentError(reason, path=lesson.root / OUTLINE_FILE)


def _reordered(read: LessonSources, lesson: Lesson) -> AlignmentError | None:
    if len(read.errors) < 2 or read.marks:
        return None
    pairs = set()
    for error in read.errors.values():
        found = {each.sections for each in error.each if isinstance(each, OutOfOrder)}
        if not found or len(found) != len(error.each):
            return None
        pairs.add(frozenset(found))
    if len(pairs) != 1:
        return None
    told = ", ".join(f"'{later}' before '{earlier}'" for later, earlier in sorted(next(iter(pairs))))
    reason = (
        f"the order of the sections contradicts every transcript's marks ({len(read.errors)} locales): "
        f"they all start {told}; if the order here is new, put the sections back in the lecture's order"
    )
    return AlignmentError(reason, path=lesson.root / OUTLINE_FILE)
