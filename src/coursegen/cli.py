"""The ``coursegen`` command line: segment, align, add-locale, check.

The library only raises; this module alone prints. Every ``CoursegenError`` becomes one line
``error: FILE:LINE: reason`` on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from coursegen import __version__
from coursegen.errors import CoursegenError

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


# Each command module-level function ``_add_<name>(sub)`` adds its subparser and sets ``func``.
_REGISTRARS: list[Callable[[argparse._SubParsersAction], None]] = []


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
