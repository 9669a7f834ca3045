"""Transcript file formats: recognise one, refuse what is none of them, and hand the text to its reader.

Each format reduces to the same thing, a sequence of ``Line`` s of content in source order (see
:mod:`coursegen.textlines`): plain text (:mod:`coursegen.plaintext`), SubRip and WebVTT
(:mod:`coursegen.captions`), Markdown (:mod:`coursegen.markdowntext`). Cue numbers and timestamps leave the
text and become ``Line.time``; markup leaves the text and only its content stays.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from coursegen.captions import parse_srt, parse_vtt
from coursegen.errors import TranscriptError
from coursegen.markdowntext import front_matter_end, parse_md
from coursegen.plaintext import parse_txt
from coursegen.textlines import BOLD_TIME, CLOCK, Parsed

log = logging.getLogger(__name__)

FORMATS = ("txt", "srt", "vtt", "md")

#: The file extensions of the formats (any case), and the format each one names.
EXTENSIONS = {".srt": "srt", ".vtt": "vtt", ".md": "md", ".markdown": "md", ".txt": "txt"}

# A timing anywhere, for telling cues from prose.
_ANY_TIMING = re.compile(rf"-->|{CLOCK}\s*->\s*{CLOCK}")
_SRT_CUE = re.compile(rf"^\s*\d+\s*\n\s*{CLOCK}\s*--?>", re.MULTILINE)


def detect(text: str, path: Path) -> str:
    """The format of a file: cue syntax wins, then the extension unless the text plainly has another format
    (the same test that refuses a format given for a file, so that what is detected is never refused later),
    then Markdown signs, then plain text.

    >>> detect("WEBVTT\\n\\n00:01.000 --> 00:02.000\\nHi", Path("a.txt"))
    'vtt'
    >>> detect("**0:00** Hi.\\n**0:05** Bye.", Path("a.txt")), detect("Plain prose.", Path("a.srt"))
    ('md', 'txt')
    >>> detect("1\\n00:00:01,000 --> 00:00:02,000\\nHi", Path("a"))
    'srt'
    >>> detect("# Title\\n\\nText", Path("notes"))
    'md'
    """
    head = _head(text)
    cues = _cue_syntax(head)
    if cues is not None:
        return cues
    by_extension = EXTENSIONS.get(path.suffix.lower())
    if by_extension is not None:
        return _contradiction(text, by_extension) or by_extension
    if head.startswith("---\n") or re.search(r"^#{1,6}\s+\S", head, re.MULTILINE):
        return "md"
    if BOLD_TIME.match(head) or re.search(r"^\*\*\[\d", head, re.MULTILINE):
        return "md"
    return "txt"


def _head(text: str) -> str:
    """The start of a file, where its format shows: what the signs of a format are looked for in."""
    return text.lstrip()[:4096]


def _cue_syntax(head: str) -> str | None:
    """``vtt`` or ``srt`` when the :func:`_head` of a file is unmistakably subtitles, else None."""
    if head.startswith("WEBVTT"):
        return "vtt"
    if _SRT_CUE.search(head):
        return "srt"
    return None


def _markdown_syntax(head: str) -> bool:
    """Whether the :func:`_head` of a file is unmistakably timestamped Markdown: front matter, or a bold time
    opening a line.

    Read as plain text, the front matter's fields and the ``**0:15**`` times would become words on the page.

    >>> _markdown_syntax("---\\nlecture: 3\\n---\\nText"), _markdown_syntax("Intro\\n**1:05** Then")
    (True, True)
    >>> _markdown_syntax("---\\nPart one: zeros\\n---\\nSay 3 - 1 = 2."), _markdown_syntax("**Note** 1:05")
    (False, False)
    """
    if front_matter_end(head.split("\n")) is not None:
        return True
    return any(BOLD_TIME.match(line) for line in head.split("\n"))


PARSERS: dict[str, Callable[[str, Path], Parsed]] = {
    "txt": parse_txt,
    "srt": parse_srt,
    "vtt": parse_vtt,
    "md": parse_md,
}


def _contradiction(text: str, fmt: str) -> str | None:
    """The format a file plainly has when it is not ``fmt``: subtitles of the other kind or read as prose,
    Markdown read as text, prose read as subtitles (a WebVTT header or SRT cue numbers would be page text).

    >>> _contradiction("WEBVTT\\n\\n00:01.000 --> 00:02.000\\nHi", "srt"), _contradiction("Hi.", "vtt")
    ('vtt', 'txt')
    """
    head = _head(text)
    cues = _cue_syntax(head)
    if cues is not None:
        return cues if cues != fmt else None
    if fmt in ("srt", "vtt") and not _ANY_TIMING.search(text):
        return "md" if _markdown_syntax(head) else "txt"
    if fmt == "txt" and _markdown_syntax(head):
        return "md"
    return None


# Files that hold a transcript inside another format, by their first characters: rich text (what TextEdit
# and WordPad save unless told otherwise, often still named .txt), XML captions (TTML, YouTube's timedtext),
# a saved web page.
_CONTAINERS = re.compile(
    r"\s*(?:(?P<rtf>\{\\rtf)|(?P<xml><\?xml\b|<tt[\s>]|<timedtext\b|<transcript\b)"
    r"|(?P<html><!doctype html|<html\b))",
    re.IGNORECASE,
)
_CONTAINER_HINTS = {
    "rtf": "rich text (RTF) is not read: save the transcript as plain text (TextEdit: Format > Make Plain "
    "Text; WordPad: Save as > Plain text document)",
    "xml": "XML captions (TTML, YouTube's timedtext) are not read: export them as SRT or WebVTT",
    "html": "a web page is not read: save the transcript as plain text, SRT or WebVTT",
}


def parse(text: str, path: Path, fmt: str = "auto") -> Parsed:
    """Parse decoded text as ``fmt`` (one of ``FORMATS``), or as the detected format for ``"auto"``."""
    if re.match(r"\[Script Info\]\s*\n(?:.*\n)*?(?:ScriptType:|\[Events\]|Dialogue:)", _head(text)):
        # Read as text, its styles and every "Dialogue: 0,0:00:01.00,..." line would be words on the page.
        raise TranscriptError(
            "Advanced SubStation subtitles (.ass, .ssa) are not read: export them as SRT or WebVTT "
            "(in Aegisub: File > Export Subtitles)",
            path=path,
            line=text.split("[Script Info]", 1)[0].count("\n") + 1,
        )
    container = _CONTAINERS.match(text)
    if container is not None:
        # Read as text, every control word or tag would be words on the page.
        kind = next(name for name, group in container.groupdict().items() if group is not None)
        raise TranscriptError(_CONTAINER_HINTS[kind], path=path, line=text[: container.end()].count("\n") + 1)
    if fmt == "auto":
        fmt = detect(text, path)
        log.info("%s: detected format %s", path, fmt)
    elif (actual := _contradiction(text, fmt)) is not None:
        # Read as prose, every cue number, timing or front-matter field would become words on the page.
        # The format was most likely recorded for an earlier file that the translator has since replaced.
        raise TranscriptError(
            f"the file is {actual}, not {fmt} as given: correct the format given for it "
            "(`format:` in the transcript's .yml, or add-locale's --format)",
            path=path,
        )
    parser = PARSERS.get(fmt)
    if parser is None:
        raise TranscriptError(
            f"unknown format {fmt!r} (expected auto or one of {', '.join(FORMATS)})", path=path
        )
    return parser(text, path)
