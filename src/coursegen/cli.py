"""The ``coursegen`` command line: read, align and check transcripts, add a language, refresh catalogs.

The library only raises; this module alone prints. Every ``CoursegenError`` becomes one line
``error: FILE:LINE: reason`` on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import re
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from coursegen import __version__
from coursegen.errors import CoursegenError, PrintableLog, one_line, printable
from coursegen.formats import FORMATS
from coursegen.mplconfig import use_build_folder_if_home_is_read_only
from coursegen.project import CONFIG_FILE, DEFAULT, Project, read_project
from coursegen.transcripts import read_transcript

DESCRIPTION = "Build multilingual course sites from lecture transcripts: the commands a translator uses."

log = logging.getLogger(__name__)

EXIT_ERROR = 2
#: The status of a writer whose reader closed the pipe, as a process ended by SIGPIPE reports it.
EXIT_READER_LEFT = 128 + 13


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursegen", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"coursegen {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what is being done")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in _REGISTRARS:
        register(sub)
    # After the command too ("coursegen check -v" was "unrecognized arguments"); suppressed when absent, or
    # the command's default would undo a -v given before it.
    for command in sub.choices.values():
        command.add_argument(
            "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="log what is being done"
        )
    return parser


def _segment(args: argparse.Namespace) -> int:
    """Print a transcript's sentences, one a line, or the whole reading as JSON."""
    transcript = read_transcript(args.file, args.lang, args.format, args.encoding)
    if transcript.encoding_doubt:  # on stderr: the sentences on stdout stay as they are read
        print(f"warning: {args.file}: {transcript.encoding_doubt}", file=sys.stderr)
    if args.json:
        payload = {
            "lang": transcript.lang,
            "format": transcript.format,
            "encoding": transcript.encoding,
            "title": transcript.title,
            "text": transcript.text,
            "sentences": [sentence.text for sentence in transcript.sentences],
            "paragraphs": [sentence.paragraph for sentence in transcript.sentences],
            "times": [sentence.time for sentence in transcript.sentences],
        }
        sys.stdout.write(_json(payload) + "\n")
    else:
        sys.stdout.writelines(printable(sentence.text) + "\n" for sentence in transcript.sentences)
    return 0


def _json(data: object) -> str:
    r"""``data`` as JSON, the transcripts' text as it is but for the control characters JSON lets through
    (DEL and C1, such as the terminal's CSI, U+009B), written as escapes: the output is read in terminals.

    >>> print(_json({"text": "a\x1b[2J\x9b2J é"}))
    {
      "text": "a\u001b[2J\u009b2J é"
    }
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _LOOSE_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_LOOSE_CONTROLS = re.compile("[\x7f-\x9f]")


def _add_segment(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("segment", help="read a transcript and print its sentences")
    parser.add_argument("file", type=Path, help="transcript file (plain text, SRT, WebVTT or Markdown)")
    parser.add_argument("--lang", required=True, help="language code, BCP 47 or gettext (zh-Hant, zh_Hant)")
    parser.add_argument("--format", default="auto", choices=("auto", *FORMATS), help="default: detect")
    parser.add_argument("--encoding", help="character encoding (default: detect)")
    parser.add_argument("--json", action="store_true", help="print a JSON object instead of lines")
    parser.set_defaults(func=_segment)


def _messages(args: argparse.Namespace) -> int:
    """Extract the template and bring every locale's catalog in step with it."""
    from coursegen.extract import update_messages
    from coursegen.lessons import discover_lessons

    # Beside the configuration given, as the folders it names are.
    mapping = args.mapping or (args.config_file.parent if args.config_file else Path(".")) / "babel.cfg"
    project = _project(args)
    lessons = discover_lessons(project.lessons_dir, warn=False) if project.lessons_dir.is_dir() else []
    result = update_messages(mapping.parent, project.locales_dir, mapping, lessons, project.allow_links_out)
    print(f"{result.template}: {'updated' if result.template_changed else 'unchanged'}")
    for path, status in result.catalogs:
        print(f"{path}: {status}")
    return 0


def _add_messages(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("messages", help="extract locales/messages.pot and update every catalog")
    _add_config_options(parser)
    parser.add_argument("--mapping", type=Path, help="default: babel.cfg beside the configuration")
    parser.set_defaults(func=_messages)


def _project(args: argparse.Namespace) -> Project:
    """The course a command works on: as ``mkdocs.yml`` (or ``--config-file``) sets up its plugin, so that
    check and align cut sections as the site does; the folders given on the command line take precedence.
    Folders given without a configuration are another course's: the one here says nothing of it.

    Before anything imports matplotlib, it gives matplotlib a folder in the course's cache when the home
    folder cannot be written (see ``mplconfig``), as the build does."""
    given = args.config_file
    lessons_dir = getattr(args, "lessons_dir", None)  # messages takes the lessons from babel.cfg
    if given is None and (args.locales_dir or lessons_dir or not CONFIG_FILE.is_file()):
        project = DEFAULT
        if args.locales_dir:  # another course's folders: its cache is beside them
            project = dataclasses.replace(
                project, cache_dir=args.locales_dir.resolve().parent / DEFAULT.cache_dir
            )
        if not (
            args.locales_dir or lessons_dir or DEFAULT.locales_dir.is_dir() or DEFAULT.lessons_dir.is_dir()
        ):
            # Run from a folder of the course (cd locales): "locales folder not found" named no cause.
            raise CoursegenError(
                f"no {CONFIG_FILE} here, nor a course's folders: run coursegen in the course's "
                f"folder (beside its {CONFIG_FILE}), or give --config-file",
                path=Path.cwd(),
            )
    else:
        project = read_project(given or CONFIG_FILE)
    use_build_folder_if_home_is_read_only(project.cache_dir)  # check and add-locale choose fonts
    return dataclasses.replace(
        project,
        locales_dir=args.locales_dir or project.locales_dir,
        lessons_dir=lessons_dir or project.lessons_dir,
        guides_dir=lessons_dir.parent / "guides" if lessons_dir else project.guides_dir,
    )


def _add_config_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-f", "--config-file", type=Path, help="the site's MkDocs configuration (default: mkdocs.yml, if any)"
    )
    parser.add_argument("--locales-dir", type=Path, help="default: the configuration's, or locales")


def _add_project_options(parser: argparse.ArgumentParser) -> None:
    _add_config_options(parser)
    parser.add_argument("--lessons-dir", type=Path, help="default: the configuration's, or docs/lessons")


def _add_locale(args: argparse.Namespace) -> int:
    """Create a new locale from one transcript and say what is left to do."""
    from coursegen.newlocale import add_locale

    project = _project(args)
    new = add_locale(
        args.code,
        args.lesson,
        args.transcript,
        fmt=args.format,
        encoding=args.encoding,
        locales_dir=project.locales_dir,
        lessons_dir=project.lessons_dir,
        embeddings=project.embeddings,
        allow_links_out=project.allow_links_out,
    )
    direction = ", right-to-left" if new.info.is_rtl else ""
    if new.existing:
        print(f"added the transcript of '{args.lesson}' to {new.folder} ({new.info.english_name}{direction})")
    else:
        print(f"created {new.folder} ({new.info.english_name}{direction})")
    print(f"  transcript: {new.transcript} (read as {new.reading})")
    print(f"  catalog:    {new.catalog} ({new.untranslated} of {new.total} strings to translate)")
    if new.font_problem:
        print(f"warning: the plots cannot be drawn until a font is installed: {new.font_problem}")
    for doubt in new.doubts:
        print(f"warning: {new.transcript}: {doubt}")
    # As given, quoted for the shell: check run from elsewhere found no lesson, and passed having checked
    # nothing.
    given = [("--config-file", args.config_file), ("--locales-dir", args.locales_dir)]
    config = "".join(f" {option} {shlex.quote(str(value))}" for option, value in given if value)
    where = config + (f" --lessons-dir {shlex.quote(str(args.lessons_dir))}" if args.lessons_dir else "")
    # Folders given without a configuration: the course is the one that holds the locales folder.
    course = args.locales_dir.resolve().parent if args.locales_dir and not args.config_file else None
    if course is not None and (course / "babel.cfg").is_file():
        config += f" --mapping {shlex.quote(str(course / 'babel.cfg'))}"
    steps = [f"translate {shlex.quote(str(new.catalog))} in Poedit, Weblate or Lokalize"]
    if new.not_in_template:
        print(
            f"warning: {new.not_in_template} strings of lesson '{args.lesson}' are in no catalog yet (not "
            "counted above): 'coursegen messages' adds them to every catalog"
        )
        steps.insert(0, f"coursegen messages{config}")
    site = args.config_file or (course / CONFIG_FILE if course is not None else None)
    if site is not None and site.is_file():
        serve = f"mkdocs serve -f {shlex.quote(str(site))}"
    else:  # the course here: its Makefile sets everything up, if it has one
        serve = "make serve" if Path("Makefile").is_file() else "mkdocs serve"
    steps += [f"coursegen check{where}", serve]
    print("next:")
    for number, step in enumerate(steps, start=1):
        print(f"  {number}. {step}")
    return 0


def _add_add_locale(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "add-locale", help="add a language from one lesson's transcript, or another lesson's to a language"
    )
    parser.add_argument("code", help="language code, BCP 47 or gettext (ar, zh-Hant, pt_BR)")
    parser.add_argument("--lesson", required=True, help="id of the lesson the transcript belongs to")
    parser.add_argument("--transcript", required=True, type=Path, help="transcript file, copied as is")
    parser.add_argument("--format", default="auto", choices=("auto", *FORMATS), help="default: detect")
    parser.add_argument("--encoding", help="character encoding (default: detect)")
    _add_project_options(parser)
    parser.set_defaults(func=_add_locale)


def _check(args: argparse.Namespace) -> int:
    """Report each locale's state; 1 when something is wrong."""
    from coursegen.check import check_locales, for_locales, format_report

    project = _project(args)
    # The template is checked against the sources of the project that holds the locales folder.
    report = check_locales(
        project.locales_dir,
        project.lessons_dir,
        root=project.locales_dir.parent,
        guides_dir=project.guides_dir,
        embeddings=project.embeddings,
        allow_links_out=project.allow_links_out,
    )
    if args.locale:
        report = for_locales(report, args.locale)
    for line in format_report(report):
        print(line)
    for error in report.unreadable:
        print(f"error: {one_line(error)}", file=sys.stderr)
    return report.exit_status


def _add_check(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("check", help="check every locale's catalog and alignment (exit 1 on problems)")
    parser.add_argument(
        "--locale", action="append", metavar="CODE", help="report this locale only (repeatable; default: all)"
    )
    _add_project_options(parser)
    parser.set_defaults(func=_check)


def _align(args: argparse.Namespace) -> int:
    """Cut every locale's transcript of a lesson into its sections; a table, or JSON with ``--json``."""
    from coursegen.assemble import align_lesson
    from coursegen.lessons import find_lesson

    project = _project(args)
    lesson = find_lesson(project.lessons_dir, args.lesson)
    alignment = align_lesson(lesson, project.locales_dir, args.embeddings or project.embeddings)
    if args.json:
        print(_json(alignment.to_dict()))
        return 0
    print(f"{'locale':8}  {'section':24}  {'conf':>4}  first words")
    for code, located in alignment.locales.items():
        for section in located.sections:
            words = printable(" ".join(section.text.split())[:60])
            print(f"{code:8}  {section.section:24}  {section.confidence:4.2f}  {words}")
    return 0


def _add_align(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("align", help="cut every locale's transcript of a lesson into its sections")
    parser.add_argument("lesson", help="lesson id (a folder under the lessons directory)")
    parser.add_argument("--json", action="store_true", help="print the alignment as JSON")
    parser.add_argument(
        "--embeddings",
        action="store_true",
        help="use multilingual sentence embeddings too, as 'embeddings: true' in the configuration does "
        "(needs: pip install 'coursegen[embeddings]')",
    )
    _add_project_options(parser)
    parser.set_defaults(func=_align)


# Each command module-level function ``_add_<name>(sub)`` adds its subparser and sets ``func``.
_REGISTRARS: list[Callable[[argparse._SubParsersAction], None]] = []
_REGISTRARS.append(_add_segment)
_REGISTRARS.extend([_add_messages, _add_add_locale, _add_check])
_REGISTRARS.append(_add_align)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s: %(message)s"
    )
    for handler in logging.getLogger().handlers:
        if not any(isinstance(each, PrintableLog) for each in handler.filters):
            handler.addFilter(PrintableLog())
    # Every command prints transcripts' and catalogs' text. A file or a pipe gets it in UTF-8 whatever the
    # locale says (PYTHONIOENCODING=cp1252, as a redirection on Windows, ended align and check in a
    # UnicodeEncodeError traceback); a terminal gets its own encoding, what it cannot show escaped as stderr
    # escapes it (in UTF-8, a Latin-1 terminal showed "entraÃ®nez").
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    if hasattr(sys.stdout, "reconfigure"):
        if sys.stdout.isatty():
            sys.stdout.reconfigure(errors="backslashreplace")
        elif encoding != "utf8":
            sys.stdout.reconfigure(encoding="utf-8")
    try:
        return int(args.func(args))
    except CoursegenError as exc:
        print(f"error: {one_line(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped early (``coursegen check | head``): not an error of ours to report, and the
        # status says so as the shell's own tools do. Python would still try to flush stdout at exit and print
        # a traceback, so stdout goes to /dev/null.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_READER_LEFT
    except OSError as exc:
        # A read-only checkout, a full disk: the file and the system's reason, not a traceback.
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
