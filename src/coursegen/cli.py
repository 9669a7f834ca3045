"""The ``coursegen`` command line: segment, align, add-locale, check.

The library only raises; this module alone prints. Every ``CoursegenError`` becomes one line
``error: FILE:LINE: reason`` on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from coursegen import __version__
from coursegen.errors import CoursegenError
from coursegen.formats import FORMATS
from coursegen.transcripts import read_transcript

log = logging.getLogger(__name__)

EXIT_ERROR = 2

Command = Callable[[argparse.Namespace], int]


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursegen", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"coursegen {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what is being done")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in _REGISTRARS:
        register(sub)
    return parser


def _segment(args: argparse.Namespace) -> int:
    """Print a transcript's sentences, one a line, or the whole reading as JSON."""
    transcript = read_transcript(args.file, args.lang, args.format, args.encoding)
    out = sys.stdout
    encoding = (getattr(out, "encoding", None) or "").lower().replace("-", "")
    if encoding != "utf8" and hasattr(out, "reconfigure"):
        out.reconfigure(encoding="utf-8")
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
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        out.writelines(sentence.text + "\n" for sentence in transcript.sentences)
    return 0


def _add_segment(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("segment", help="read a transcript and print its sentences")
    parser.add_argument("file", type=Path, help="transcript file (plain text, SRT, WebVTT or Markdown)")
    parser.add_argument("--lang", required=True, help="language code, BCP 47 or gettext (zh-Hant, zh_Hant)")
    parser.add_argument("--format", default="auto", choices=("auto", *FORMATS), help="default: detect")
    parser.add_argument("--encoding", help="character encoding (default: detect)")
    parser.add_argument("--json", action="store_true", help="print a JSON object instead of lines")
    parser.set_defaults(func=_segment)


# Each command module-level function ``_add_<name>(sub)`` adds its subparser and sets ``func``.
_REGISTRARS: list[Callable[[argparse._SubParsersAction], None]] = []
_REGISTRARS.append(_add_segment)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s: %(message)s"
    )
    try:
        return int(args.func(args))
    except CoursegenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
