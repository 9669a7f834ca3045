"""Transcript file formats: recognise one and strip its syntax, keeping content lines and their timings.

Each format reduces to the same thing, a sequence of ``Line`` s of content in source order, so that joining
lines and cutting sentences (in ``transcripts`` and ``sentences``) never know where the text came from.
Cue numbers and timestamps leave the text and become ``Line.time``; markup leaves the text and only its
content stays. LaTeX is kept as its source without the ``$`` delimiters (``$W^{[1]}$`` gives ``W^{[1]}``):
it is what the speaker said in symbols, and a reader of the aligned page can still read it.
"""

from __future__ import annotations

import html
import html.entities
import logging
import re
import secrets
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from coursegen.errors import TranscriptError
from coursegen.yamlfiles import Loader

log = logging.getLogger(__name__)

FORMATS = ("txt", "srt", "vtt", "md")

#: The file extensions of the formats (any case), and the format each one names.
EXTENSIONS = {".srt": "srt", ".vtt": "vtt", ".md": "md", ".markdown": "md", ".txt": "txt"}

_CLOCK = r"(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
# A cue's timing; its arrow typed with one dash ("00:00:01,000 -> 00:00:02,000") is a timing too, as players
# read it (it reached the page as text, cue number and all).
_TIMING = re.compile(rf"^\s*({_CLOCK})\s*--?>\s*({_CLOCK})(?:\s.*)?$")
# A timing anywhere, for telling cues from prose.
_ANY_TIMING = re.compile(rf"-->|{_CLOCK}\s*->\s*{_CLOCK}")
_SRT_CUE = re.compile(rf"^\s*\d+\s*\n\s*{_CLOCK}\s*--?>", re.MULTILINE)
# A timestamp opening a line, bracketed and optionally bold: "**[0:15]**", "[01:02:03]", "(0:15)".
# Also a range, as Whisper prints ("[00:00.000 --> 00:05.000]"), and a link to that moment of the video, as
# transcript tools write ("[0:15](https://youtu.be/...?t=15)").
_TIME_TEXT = r"(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d+)?"
_LEADING_TIME = re.compile(
    rf"^\s*(?:\*\*|__)?\s*[\[(]\s*({_TIME_TEXT})(?:\s*-->\s*{_TIME_TEXT})?\s*[\])](?:\([^()\s]*\))?"
    r"\s*(?:\*\*|__)?\s*"
)
# A line that is only a time or a time range: YouTube's transcript copied from the page ("0:03" above each
# line), SubViewer's "0:00:01.000,0:00:04.000", SubRip cues without their numbers.
_TIME_LINE = re.compile(
    rf"^\s*(?:\*\*|__)?[\[(]?\s*({_TIME_TEXT})(?:\s*(?:-->|,|-|–)\s*{_TIME_TEXT})?\s*[\])]?(?:\*\*|__)?\s*$"
)
# The same without brackets or bold: a time only where several lines are so ("4:30" alone on a line of an
# untimed text is the text's own, a time of day or a ratio).
_BARE_TIME_LINE = re.compile(rf"^\s*{_TIME_TEXT}(?:\s*(?:-->|,|-|–)\s*{_TIME_TEXT})?\s*$")
# A time opening a line without brackets ("00:00:06 Lorsque..."): a time only where several lines open so.
_BARE_TIME = re.compile(rf"^\s*({_TIME_TEXT})\s+(?=\S)")
_BARE_TIMES_NEEDED = 3
_BOLD_TIME = re.compile(rf"^\s*(?:\*\*|__)({_TIME_TEXT})(?:\*\*|__)\s*")
_BRACKETED_LINE = re.compile(r"^\s*(\([^()]*\)|\[[^\[\]]*\])\s*$")


@dataclass(frozen=True)
class Line:
    """One line of content, syntax removed.

    ``time`` is the start time (seconds) of the cue or timestamp that opens at this line;
    ``paragraph_break`` says a paragraph ends before it; ``sentence_break`` that no sentence runs across
    the line's start (after a heading, cue-less note or title line, for instance).
    """

    text: str
    number: int
    time: float | None = None
    paragraph_break: bool = False
    sentence_break: bool = False


@dataclass(frozen=True)
class Parsed:
    """A file's content lines, the format they were read as, and a title if the file names one."""

    format: str
    lines: tuple[Line, ...]
    title: str | None = None


def seconds(clock: str) -> float:
    """Seconds of a ``[h:]m:s[.fff]`` clock, with a comma or point before the fraction.

    >>> seconds("01:02:03,500")
    3723.5
    >>> seconds("0:15")
    15.0
    """
    parts = clock.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


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
    if _BOLD_TIME.match(head) or re.search(r"^\*\*\[\d", head, re.MULTILINE):
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
    if _front_matter_end(head.split("\n")) is not None:
        return True
    return any(_BOLD_TIME.match(line) for line in head.split("\n"))


# Spaces that only spacing habits put there, collapsed to one; no-break spaces are text, and stay: the one a
# French translator puts before "?" or inside "10 000" keeps the mark on its line and the number whole.
_LOOSE_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f\u3000]+")


def single_line(text: str) -> str:
    r"""``text`` on one line: runs of spaces, tabs and line breaks made one space, none at the ends; the
    pages write translated headings and guide paragraphs so too.

    >>> single_line(" La solution\u00a0:\n  de petits poids\u202f!  ")
    'La solution\xa0: de petits poids\u202f!'
    """
    return _LOOSE_SPACE.sub(" ", text).strip(" ")


def _clean(line: str) -> str:
    """``line`` with its runs of spaces, tabs and the like made one space, and none at its ends.

    >>> _clean("  Pourquoi\u202f?\t 10\u00a0000  ")
    'Pourquoi\u202f? 10\u00a0000'
    """
    return single_line(line) if not line.isspace() else ""


# A character reference with its semicolon, as WebVTT and CommonMark read one: "&notation" and "R&D" are text.
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")


def _unescape(text: str) -> str:
    """Character references decoded: numeric ones, and HTML's names (WebVTT's ``&lrm;`` among them).

    Not ``html.unescape``, which also decodes HTML's legacy names without their semicolon: "&notation" was
    "¬ation".

    >>> _unescape("R&D, &notation, &amp; &lrm;&#233;&eacute &unknown;")
    'R&D, &notation, & \u200eé&eacute &unknown;'
    """

    def decode(match: re.Match[str]) -> str:
        reference = match.group(0)
        known = reference[1] == "#" or reference[1:] in html.entities.html5
        return html.unescape(reference) if known else reference

    return _REFERENCE.sub(decode, text)


def _is_bracketed(line: str) -> bool:
    """Whether a whole line is one parenthesised or bracketed group: a title, a note, "[music]".

    >>> _is_bracketed("(Bir Gizli Katmanlı Neural Ağ - Rastgele Başlatma)")
    True
    >>> _is_bracketed("(2,2) then more")
    False
    """
    return _BRACKETED_LINE.match(line) is not None


def _time_line_reader(raw_lines: Sequence[str]) -> Callable[[str], re.Match[str] | None]:
    """What matches a line that is only a time: bracketed or bold always; bare only in a file with several
    such lines (timed line by line), or "The lecture starts at / 4:30 / ..." lost its "4:30".

    >>> [bool(_time_line_reader(["a", "4:30", "b"])(line)) for line in ("4:30", "[4:30]", "**4:30**")]
    [False, True, True]
    >>> bool(_time_line_reader(["0:01", "a", "0:05", "b", "0:09", "c"])("0:05"))
    True
    """
    bare = sum(1 for raw in raw_lines if _BARE_TIME_LINE.match(raw)) >= _BARE_TIMES_NEEDED
    # A time opening the file is one whatever follows: no text starts with its own "0:00".
    opening = next((raw.strip() for raw in raw_lines if raw.strip()), "")

    def match(line: str) -> re.Match[str] | None:
        found = _TIME_LINE.match(line)
        return (
            found if found and (bare or line.strip() == opening or not _BARE_TIME_LINE.match(line)) else None
        )

    return match


# A speaker's name, as tools write it: one to four words, the first a letter's ("Andrew Ng", "Speaker 1").
_NAME = r"[^\W\d_][\w.'’-]*(?:[ \u00a0][\w.'’-]+){0,3}"
# A speaker's name and the time they start at, on a line above what they say, as transcription services
# export it: "Andrew Ng  0:00" (Otter), "Andrew Ng (00:23):", "Speaker 1: (00:00)" (Rev).
_SPEAKER_TIME = re.compile(
    rf"^\s*(?P<name>{_NAME})[ \u00a0]*:?[ \u00a0]*"
    rf"(?:\(({_TIME_TEXT})\)|(?<=\s)({_TIME_TEXT}))\s*:?\s*$"
)


def _speakers(raw_lines: Sequence[str]) -> set[str]:
    """The names of the speaker-and-time lines that are speakers': names that head two turns or more, where
    they head three lines and half of those of that shape. A chapter list copied from a video's description
    ("Introduction 0:00", "Gradient descent 3:15") has the shape, but names each line once: its titles are
    text, and were lost.

    >>> sorted(_speakers(["Ana  0:00", "x", "Ben  0:05", "y", "Ana  0:09", "z", "Ana (0:12):"]))
    ['Ana']
    >>> _speakers(["Introduction 0:00", "x", "Gradient descent 3:15", "y", "Choosing a value 7:40", "z"])
    set()
    """
    names = Counter(" ".join(m.group("name").split()) for raw in raw_lines if (m := _SPEAKER_TIME.match(raw)))
    recurring = {name for name, count in names.items() if count >= 2}
    covered = sum(names[name] for name in recurring)
    return recurring if covered >= _BARE_TIMES_NEEDED and covered * 2 >= sum(names.values()) else set()


def _opens_lowercase(line: str) -> bool:
    """Whether the first letter of ``line`` is a small one: a caption's second line ("it converges"), not a
    title."""
    letter = next((ch for ch in line if ch.isalpha()), "")
    return letter.islower()


def _chapter_titles(raw_lines: Sequence[str], time_line: Callable[[str], re.Match[str] | None]) -> set[int]:
    """The numbers of the lines that are chapter titles in captions copied with a time above each line
    (YouTube's transcript panel): a line of text right above a time, under a caption's one line of its own.
    Glued to the captions around them, they ended the section before. Only in a file whose captions are
    one line each, two in three at least, and none longer: there a second line under a time is no caption's.
    """
    runs: list[list[int]] = []  # the text lines under each time
    for number, raw in enumerate(raw_lines, start=1):
        if time_line(raw):
            runs.append([])
        elif raw.strip() and runs:
            runs[-1].append(number)
    if not runs or any(len(run) > 2 for run in runs) or sum(len(run) == 2 for run in runs) * 3 > len(runs):
        return set()
    titles = {run[-1] for run in runs if len(run) == 2 and not _opens_lowercase(raw_lines[run[-1] - 1])}
    said = [number for number, raw in enumerate(raw_lines, start=1) if raw.strip()]
    first, second = (raw_lines[said[n] - 1] for n in (0, 1)) if len(said) > 1 else ("", "")
    if first and not time_line(first) and time_line(second) and not _opens_lowercase(first):
        titles.add(said[0])  # the title above the first time
    return titles


def parse_txt(text: str, path: Path) -> Parsed:
    """Plain text: blank lines separate paragraphs; a bracketed line stands alone; ``[0:15]`` is a time.

    A first line that is wholly bracketed is taken for the title (and stays in the text). A line that is
    only a time gives its time to the next line; in a text timed so line by line (captions saved as text),
    blank lines end captions, not paragraphs.
    """
    raw_lines = text.split("\n")
    bare = sum(1 for raw in raw_lines if _BARE_TIME.match(raw)) >= _BARE_TIMES_NEEDED
    timed = sum(1 for raw in raw_lines if _TIME_LINE.match(raw)) >= _BARE_TIMES_NEEDED
    speakers = _speakers(raw_lines)
    time_line = _time_line_reader(raw_lines)
    chapters = _chapter_titles(raw_lines, time_line) if timed else set()
    lines: list[Line] = []
    pending_break = False
    title: str | None = None
    after_standalone = False
    time: float | None = None
    for number, raw in enumerate(raw_lines, start=1):
        header = _SPEAKER_TIME.match(raw) if speakers else None
        named = False
        if header:  # a speaker's turn: a paragraph of its own, from its time on
            time = seconds(header.group(2) or header.group(3))
            pending_break = bool(lines)
            after_standalone = True
            if " ".join(header.group("name").split()) in speakers:
                continue
            raw, named = header.group("name"), True  # one turn only: a name, or a title, kept as a line
        match = time_line(raw) or _LEADING_TIME.match(raw) or (_BARE_TIME.match(raw) if bare else None)
        if match:
            time = seconds(match.group(1))
            raw = raw[match.end() :]
        content = _clean(raw)
        if not content:
            pending_break = pending_break or (bool(lines) and not timed and not match)
            continue
        standalone = _is_bracketed(content) or number in chapters or named
        pending_break = pending_break or (number in chapters and bool(lines))
        if standalone and not lines:
            title = content[1:-1].strip()
        lines.append(Line(content, number, time, pending_break, standalone or after_standalone))
        pending_break = False
        after_standalone = standalone
        time = None
    return Parsed("txt", tuple(lines), title)


# An HTML tag as CommonMark reads one (<i>, </font>, <span class="x">, <br/>): a tag name, then attributes,
# each a name and an optional value, or a WebVTT timestamp (<00:01.500>); comments go first (see
# ``_without_html_comments``). "z < 0 and z > 1" and
# "0<x et x+1>2" are text, kept whole: "x+1" is no attribute name.
_ATTRIBUTE = r"""[ \t]+[A-Za-z_:][\w.:-]*(?:[ \t]*=[ \t]*(?:[^\s"'=<>`]+|'[^'\n]*'|"[^"\n]*"))?"""
_TAG = re.compile(
    rf"<[A-Za-z][A-Za-z0-9-]*(?:{_ATTRIBUTE})*[ \t]*/?>|</[A-Za-z][A-Za-z0-9-]*[ \t]*>"
    r"|<(?:\d+:)?\d{2}:\d{2}[.,]\d{3}>",
    re.ASCII,
)
# SubRip's presentation tags, as players read them (in any case): bold, italic, underline, and font with its
# attributes, and the span some exporters write. Any other "<word ...>" in a cue was said: "<s>",
# "<<Bonjour>>", "a<b ou c>d".
_SRT_TAG = re.compile(r"</?[biu]\s*>|</?(?:font|span)(?:\s[^<>\n]*)?>", re.IGNORECASE)
# A line break some exporters write inside a cue line (<br>, <br/>): a space between the words it parts.
_CUE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
# WebVTT's tags: c, i, b, u, ruby and rt with their classes only ("<b ou c>" is not bold), v and lang with a
# voice or a language, and timestamps.
_VTT_TAG = re.compile(
    r"</?(?:c|i|b|u|ruby|rt)(?:\.[^\s.<>]+)*[ \t]*>"
    r"|</?(?:v|lang)(?:\.[^\s.<>]+)*(?:[ \t][^<>\n]*)?>"
    r"|<(?:\d+:)?\d{2}:\d{2}[.,]\d{3}>",
    re.IGNORECASE,
)
# A ruby annotation (the reading of the word before it) is not said a second time.
_RUBY_TEXT = re.compile(r"<rt(?:\.[^\s.<>]*)*[ \t]*>.*?(?:</rt>|(?=</ruby>)|$)", re.IGNORECASE)
# One ASS override tag of a shape players honour in SubRip: "\an8", "\i1", "\c&H00FF00&", "\pos(10,20)",
# "\fnArial", "\r" or "\rDefault" (styles are named with a capital). Names alone are not enough:
# "\partial", "\alpha", "\rho" are LaTeX.
_ASS_TAG = (
    r"\\(?:(?:an|a|b|be|blur|bord|xbord|ybord|shad|xshad|yshad|fs|fscx|fscy|fsp|frx|fry|frz|fr|fax|fay|fe"
    r"|i|u|s|k|K|kf|ko|q|p|pbo)-?\d+(?:\.\d+)?"
    r"|[1-4]?c&H[0-9A-Fa-f]+&?|(?:[1-4]a|alpha)&H[0-9A-Fa-f]+&?"
    r"|(?:pos|move|org|fad|fade|clip|iclip|t)\((?:[^(){}]|\([^(){}]*\))*\)"
    r"|fn[^\\{}]+|r(?:[A-Z][^\\{}]*)?(?=[\\}\s]))"
)
# An override block: braces around override tags only. "{\partial L}" and "x^{\alpha}" were said.
_ASS_OVERRIDE = re.compile(rf"\{{(?:[ \t]*{_ASS_TAG})+[ \t]*\}}")
# Aegisub's hard line break and hard space, kept by its SubRip export. In a file with override blocks (made
# in Aegisub) they are codes wherever they are ("tout\Nle"). Elsewhere the line break is a code but in a path
# ("C:\Nouveau", "C:\Users\Nicolas": a drive, or another backslash in the word) or before a brace (Python's
# "\N{DEGREE SIGN}"), and the hard space only where no letter follows ("\hat{y}" was said).
_ASS_BREAK = re.compile(r"\\[Nh]")
# (A word is tried from its start only: tried from each of its characters, a long one took seconds.)
_ASS_BREAK_ALONE = re.compile(r"(?<!\S)\S*\\N\S*|\\h(?![^\W\d_])")


def _loose_break(match: re.Match[str]) -> str:
    """A word's line-break codes made spaces, but in a path or before a brace; a hard space a space (see
    ``_ASS_BREAK_ALONE``)."""
    word = match.group(0)
    if word == "\\h":
        return " "
    path = re.match(r"[A-Za-z]:\\", word) or re.search(r"\\(?!N)[^\W\d_]", word)
    return re.sub(r"\\N(?!\{)(?![^\W\d_])" if path else r"\\N(?!\{)", " ", word)


# A change of speaker in closed captions: ">>" opening a line.
_CAPTION_SPEAKER = re.compile(r"^\s*>>+\s*")
# A speaker's turn in a cue: a dialogue dash ("- Oui.", "– Non").
_SPEAKER_TURN = re.compile(r"^\s*(?:(?:\{\\[^{}]*\}|<[^<>\n]*>)*(?:[-‐‑–—―]\s|>>))")
# A WebVTT voice tag opening a cue line ("<v Ana>", "<v.loud Ana>"): its speaker's name.
_VOICE = re.compile(r"^\s*<v(?:\.[^\s>]*)?\s+([^>]*)>")


def _speaker_turn(line: str, voice: str | None = None, previous: str | None = None) -> bool:
    """Whether a cue line opens a speaker's turn, where a sentence ends even without punctuation: a dialogue
    dash, closed captions' ">>", or a WebVTT voice (``voice``) other than the one before (``previous``). A
    lecture captioned with its one speaker's voice on every cue runs its sentences across cues, as without
    the tags.

    >>> [_speaker_turn(x) for x in ("- Oui", "<i>– Non</i>", "-1,5 fois", "a - b")]
    [True, True, False, False]
    >>> _speaker_turn("Hé", "Ana", "Ben"), _speaker_turn("Hé", "Ana", "Ana"), _speaker_turn("Hé", "Ana", None)
    (True, False, False)
    """
    return _SPEAKER_TURN.match(line) is not None or (voice is not None and previous not in (None, voice))


def _cue_text(line: str, fmt: str = "srt", aegisub: bool = False) -> str:
    """Cue payload without the markup its format (``srt`` or ``vtt``) defines, speaker chevrons or character
    references; ``aegisub`` says the SubRip file has ASS override blocks, so that its ``\\N`` are codes.

    Only that markup goes: any other tag, brace or backslash is what the translator wrote, and reaches the
    page (a lecture on language models says "<s>", one on gradients "\\hat{y}").

    >>> _cue_text(r"{\\an8}<i>Bonjour</i>\\Ntout le monde"), _cue_text(">> Il a dit <<Bonjour>>, a<b ou c>d")
    ('Bonjour tout le monde', 'Il a dit <<Bonjour>>, a<b ou c>d')
    >>> _cue_text("<ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby>です", "vtt")
    '漢字です'
    >>> _cue_text(r"{\\partial L} de C:\\Nouveau, <s> et &notation &amp; \\hat{y}\\N")
    '{\\\\partial L} de C:\\\\Nouveau, <s> et &notation & \\\\hat{y}'
    """
    if fmt == "srt":
        aegisub = aegisub or _ASS_OVERRIDE.search(line) is not None
        line = _ASS_OVERRIDE.sub("", line)
        line = _ASS_BREAK.sub(" ", line) if aegisub else _ASS_BREAK_ALONE.sub(_loose_break, line)
        line = _SRT_TAG.sub("", _CUE_BREAK.sub(" ", line))
    else:
        line = _VTT_TAG.sub("", _RUBY_TEXT.sub("", _CUE_BREAK.sub(" ", line)))
    return _clean(_unescape(_CAPTION_SPEAKER.sub("", line)))


def _parse_cues(text: str, path: Path, fmt: str) -> Parsed:
    """SRT and WebVTT: blocks separated by blank lines, each an optional id, a timing line and text.

    Blank lines here end cues, not paragraphs, so the whole file is one paragraph.
    """
    raw_lines = text.split("\n")
    cues = _timed_cues(_cue_blocks(raw_lines, _vtt_body(raw_lines, path) if fmt == "vtt" else 0), fmt, path)
    aegisub = fmt == "srt" and _ASS_OVERRIDE.search(text) is not None
    texts = [[_cue_text(line, fmt, aegisub) for _, line in body] for _, body in cues]
    repeats = _rolling_repeats(texts)
    if repeats:
        log.info("%s: rolling captions (each cue repeats the line before it): repeated lines read once", path)
    texts, labels = _speaker_labels(texts)
    named = next((label for label in labels if label), None)
    if named:
        log.info('%s: cues open with their speaker\'s name ("%s: "): names read as speakers', path, named)
    lines: list[Line] = []
    speaker: str | None = None  # the voice of the latest WebVTT cue line that named one
    after_standalone = False
    for (time, body), said, repeated, label in zip(
        cues, texts, repeats or [0] * len(cues), labels, strict=True
    ):
        for (number, line), content in list(zip(body, said, strict=True))[repeated:]:
            voice_tag = _VOICE.match(line)
            voice = " ".join(voice_tag.group(1).split()) if voice_tag else label
            label = None
            if content:
                # A sound described in brackets ("[Musique]") stands alone, as in plain text.
                standalone = _is_bracketed(content)
                turn = _speaker_turn(line, voice, speaker) or standalone or after_standalone
                lines.append(Line(content, number, time, sentence_break=turn))
                time = None
                after_standalone = standalone
            speaker = voice or speaker
    return Parsed(fmt, tuple(lines))


# A speaker's name opening a cue, as meeting tools write it ("Andrew Ng: ", "Speaker 1 : ", "李老師：").
_LABEL = re.compile(rf"^({_NAME})[ \u00a0]?(?::\s+|：\s*)(?=\S)")
# Cues that must open with a name for the names to be speakers': at least this many, and half of all cues.
_LABELLED_CUES_NEEDED = 5


def _speaker_labels(cues: list[list[str]]) -> tuple[list[list[str]], list[str | None]]:
    """The cues without the speaker's name that opens them, and each cue's speaker (None where none).

    Zoom's and other meeting tools' captions open every cue with "Name: ": read as text, the name came back
    in the middle of every sentence, over a hundred times a lecture, and pins quoting words across two cues
    were not found. Names are speakers' where four cues in five open with one (a student who asks once is
    named too), or else where names that open two cues or more open half of them; and only ever at least
    five cues ("Remember: " opening a cue or two of a lecture, or a short file, is said).

    >>> cues = [["Ana: Bonjour,"], ["Ana: tous."], ["Ben : Pourquoi?"], ["Ana: Remember: x"], ["Ana: Oui."]]
    >>> _speaker_labels(cues)[1], _speaker_labels(cues)[0][3]
    (['Ana', 'Ana', 'Ben', 'Ana', 'Ana'], ['Remember: x'])
    >>> _speaker_labels([["Note: un"], ["deux"], ["trois"]])
    ([['Note: un'], ['deux'], ['trois']], [None, None, None])
    """
    opening: list[tuple[int, re.Match[str]] | None] = []
    for cue in cues:
        first = next((index for index, text in enumerate(cue) if text), None)
        match = _LABEL.match(cue[first]) if first is not None else None
        opening.append((first, match) if first is not None and match else None)
    names = [" ".join(found[1].group(1).split()) if found else None for found in opening]
    counts = Counter(name for name in names if name)
    said = len([cue for cue in cues if any(cue)])
    shaped = sum(counts.values())
    recurring = {name for name, count in counts.items() if count >= 2}
    if shaped >= _LABELLED_CUES_NEEDED and shaped * 5 >= said * 4:
        speakers = set(counts)
    elif (
        covered := sum(counts[name] for name in recurring)
    ) >= _LABELLED_CUES_NEEDED and covered * 2 >= said:
        speakers = recurring
    else:
        return cues, [None] * len(cues)
    stripped: list[list[str]] = []
    labels: list[str | None] = []
    for cue, found, name in zip(cues, opening, names, strict=True):
        if found and name in speakers:
            first, match = found
            cue = [*cue[:first], cue[first][match.end() :], *cue[first + 1 :]]
        labels.append(name if name in speakers else None)
        stripped.append(cue)
    return stripped, labels


def _vtt_body(raw_lines: list[str], path: Path) -> int:
    """The index of the first line after a WebVTT file's header.

    Blank lines before the header are an editor's, as in detection; a cue right under the header's lines
    (no blank line between) is the first cue, not more header.
    """
    index = 0
    while index < len(raw_lines) - 1 and not raw_lines[index].strip():
        index += 1
    if not raw_lines[index].startswith("WEBVTT"):
        raise TranscriptError("a WebVTT file must start with WEBVTT", path=path, line=index + 1)
    index += 1
    while index < len(raw_lines) and raw_lines[index].strip() and not _TIMING.match(raw_lines[index]):
        index += 1  # header metadata
    return index


def _cue_blocks(raw_lines: list[str], index: int) -> list[list[tuple[int, str]]]:
    """The cue blocks from ``index`` on: runs of lines (numbered from 1) between blank lines.

    A line of spaces right under a timing is the cue's first line, not the blank line that ends it
    (YouTube's captions open so): the words below it are still that cue's, at its time.
    """
    blocks: list[list[tuple[int, str]]] = []
    while index < len(raw_lines):
        block: list[tuple[int, str]] = []
        while index < len(raw_lines) and (
            raw_lines[index].strip() or (raw_lines[index] and block and _TIMING.match(block[-1][1]))
        ):
            block.append((index + 1, raw_lines[index]))
            index += 1
        index += 1
        if block:
            blocks.extend(_run_together(block))
    return blocks


def _timed_cues(
    blocks: list[list[tuple[int, str]]], fmt: str, path: Path
) -> list[tuple[float | None, list[tuple[int, str]]]]:
    """Each cue's start time and its text lines; WebVTT's NOTE, STYLE and REGION blocks are no cues."""
    cues: list[tuple[float | None, list[tuple[int, str]]]] = []
    for block in blocks:
        first = block[0][1].strip()
        if fmt == "vtt" and (first.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in first):
            continue
        timing_at = next(
            (i for i, (_, line) in enumerate(block) if "-->" in line or _TIMING.match(line)), None
        )
        time = None
        body = block
        if timing_at is not None and timing_at <= 1:
            number, timing = block[timing_at]
            match = _TIMING.match(timing)
            if match is None:
                raise TranscriptError(f"malformed cue timing {timing.strip()!r}", path=path, line=number)
            time = seconds(match.group(1))
            body = block[timing_at + 1 :]
        cues.append((time, body))
    return cues


def _rolling_repeats(cues: list[list[str]]) -> list[int] | None:
    """For captions that roll (YouTube's automatic ones), how many leading lines of each cue to skip.

    A rolling cue shows the line of the cue before it again, above the new words, and a blink-long cue
    between two shows it alone: read as they are, every line came out two or three times. Captions roll
    when at least three cues, and three in four, open with the last line of the cue before; then those
    openings are repeats, and dropping them loses nothing that was said. Elsewhere a cue that happens to
    repeat the line before (an echoed "Non.") is kept: ``None``.
    """
    repeats = [0] * len(cues)
    previous: str | None = None
    pairs = 0
    for number, cue in enumerate(cues):
        said = [index for index, text in enumerate(cue) if text]
        if not said:
            continue
        if previous is not None:
            pairs += 1
            if cue[said[0]] == previous:
                repeats[number] = said[0] + 1
        previous = cue[said[-1]]
    rolled = sum(1 for r in repeats if r)
    return repeats if rolled >= 3 and rolled * 4 >= pairs * 3 else None


def _run_together(block: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """A block of lines cut into cues where a cue starts without the blank line before it (a timing line
    after the block's first cue, with its number or id on the line above): left whole, those numbers and
    timings would be read as the first cue's text."""
    starts = [0]
    for at in range(2, len(block)):
        if _TIMING.match(block[at][1]):
            start = at - 1 if at - 1 > starts[-1] + 1 and block[at - 1][1].strip().isdigit() else at
            if start > starts[-1] + 1:
                starts.append(start)
    return [block[a:b] for a, b in zip(starts, [*starts[1:], len(block)], strict=True)]


def parse_srt(text: str, path: Path) -> Parsed:
    """SubRip: numbered cues with ``00:00:01,000 --> 00:00:04,000`` timings."""
    return _parse_cues(text, path, "srt")


def parse_vtt(text: str, path: Path) -> Parsed:
    """WebVTT: like SubRip with a header, optional cue ids, NOTE/STYLE/REGION blocks and inline tags."""
    return _parse_cues(text, path, "vtt")


# Spans whose content is kept verbatim: inline code and math. Longest delimiters first.
# Each span's text runs to the next delimiter of its kind at most, never past it: an opening "$" or "*" left
# without its closing one made every later one scan to the end of the line, and a paragraph of one line that
# holds many (a Markdown export) took minutes to read.
_PROTECTED = re.compile(
    r"`+([^`]+?)`+|\$\$((?:(?!\$\$).)+?)\$\$|(?<![\\$\w])\$(?=\S)((?:\\.|[^$\\])+?)(?<=\S)\$(?![\w$])"
    r"|\\\(((?:(?!\\[()]).)+?)\\\)"
)
_IMAGE_OR_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Inside a span, its delimiter may stand only where it could neither open nor close one: between spaces
# ("*2 * 3 = 6*"), or inside a word ("*a*b*c*", "_my_var_").
_EMPHASIS = (
    re.compile(r"(\*\*\*|___)(?=\S)((?:(?!\1).|(?<=\s)\1(?=\s))+?)(?<=\S)\1"),
    re.compile(r"(\*\*|__)(?=\S)((?:(?!\1).|(?<=\s)\1(?=\s))+?)(?<=\S)\1"),
    re.compile(r"(?<![\w*])(\*)(?=\S)((?:[^*]|(?<=\s)\*(?=\s)|(?<=[^\s*])\*(?=\w))+?)(?<=\S)\*(?![\w*])"),
    re.compile(r"(?<![\w_])(_)(?=\S)((?:[^_]|(?<=\s)_(?=\s)|(?<=\w)_(?=\w))+?)(?<=\S)_(?![\w_])"),
    re.compile(r"(~~)(?=\S)((?:(?!~~).|(?<=\s)~~(?=\s))+?)(?<=\S)~~"),
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>$])")
# Spaces and tabs, as CommonMark reads block prefixes: an ideographic space opening a paragraph is text.
_BLOCK_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]*)*(?:[-*+][ \t]+|\d{1,3}[.)][ \t]+)?")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")
# A link reference definition on one line, as CommonMark reads one: a label, a colon, a destination (in <>,
# or without spaces, its parentheses balanced), a title in quotes or parentheses if any, and nothing else.
# "[Professeur]: Aujourd'hui, l'initialisation." is a paragraph: its "title" is not quoted.
_LINK_DEFINITION = re.compile(
    r" {0,3}\[(?=\s*[^\s\]])(?:[^\[\]\\]|\\.){1,999}\]:[ \t]*"
    r"(?:<(?:[^<>\n\\]|\\.)*>|(?!<)(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+)"
    r"(?:[ \t]+(?:\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?[ \t]*$"
)


def _inline(line: str, defined: frozenset[str] = frozenset()) -> str:
    """Markdown and HTML inline syntax removed from one line, code and math kept as their source; a link by
    reference to one of the ``defined`` labels shows its text, as a renderer shows it.

    What is syntax is what CommonMark says, as every renderer of the file shows it: "&notation" is text (a
    reference needs its semicolon), and so is "0<x et x+1>2"; but "x<y et z>0" loses "<y et z>", an open tag
    by CommonMark's rule (tag name y, attributes et and z), which a renderer passes to the browser as HTML and
    the browser does not show. Cues differ: SubRip and WebVTT define a few tags, and keep any other.
    """
    kept: list[str] = []

    def protect(match: re.Match[str]) -> str:
        kept.append(next(group for group in match.groups() if group is not None))
        return f"{_SPAN}{len(kept) - 1}{_SPAN_END}"

    line = _PROTECTED.sub(protect, line)
    if defined:
        line = _linked_by_reference(line, defined)
    line = _IMAGE_OR_LINK.sub(r"\1", line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _BREAK_TAG.sub(" ", line)
    line = _TAG.sub("", _without_html_comments(line))
    for pattern in _EMPHASIS:
        previous = None
        while previous != line:
            previous, line = line, pattern.sub(r"\2", line)
    line = _unescape(_ESCAPE.sub(r"\1", line))
    return _SPAN_MARK.sub(lambda m: kept[int(m.group(1))], line)


# What stands for a protected span while the rest of the line is rewritten: private-use characters around a
# token drawn at random for each run, and the span's number. The text cannot write it, whatever it holds or
# its rewriting forms (a fixed mark, NUL then U+E000, was brought back by NUL characters read in UTF-16,
# then by "&#x<b>E000;</b>": the wrong span, or an IndexError).
_SPAN = "\ue000" + secrets.token_hex(8)
_SPAN_END = "\ue001"
_SPAN_MARK = re.compile(re.escape(_SPAN) + r"(\d+)" + re.escape(_SPAN_END))


# A line of front matter: a key and its value, or what continues a value (an indented line, a list item under
# its key) or a comment. "Part one: zeros" and "Bonjour à tous : ..." are prose.
_FRONT_MATTER_KEY = re.compile(r"[\w-]+:(?:[ \t]|$)")

_FRONT_MATTER_MORE = re.compile(r"[ \t]|-(?:[ \t]|$)|#|$")


def _front_matter_end(lines: list[str]) -> int | None:
    """The index of the ``---`` or ``...`` line that closes the front matter opening ``lines``, or None.

    Only a block Jekyll, Hugo and Pandoc would take for metadata is: a mapping whose first line, right under
    the ``---`` (Pandoc: not a blank line), is a key, and whose other lines are keys or their values. Being
    valid YAML is not enough: lecture notes that open with a rule, a paragraph and a rule are a YAML string
    (or list), and the paragraph was lost as metadata; prose with " : " was refused as malformed YAML. Lines
    of another shape are the text's, and reach the page.

    >>> _front_matter_end(["---", "title: Cours", "tags:", "- poids", "---", "Texte"])
    4
    >>> _front_matter_end(["---", "", "Bonjour.", "---"]), _front_matter_end(["---", "Bonjour : oui.", "---"])
    (None, None)
    >>> _front_matter_end(["---", "Introduction: les poids", "---"])
    >>> _front_matter_end(["---", "Title: A", "By: B", "---"]), _front_matter_end(["---", "année: 1", "---"])
    (3, 2)
    """
    if len(lines) < 3 or lines[0].strip() != "---" or not _FRONT_MATTER_KEY.match(lines[1]):
        return None
    keys = [lines[1]]
    for end in range(2, len(lines)):
        if lines[end].strip() in ("---", "..."):
            # One key alone is front matter when it is named as Jekyll, Hugo and Pandoc name theirs (title,
            # publishDate), in small letters: capitalized, it heads the notes ("Introduction: les poids").
            return end if len(keys) > 1 or keys[0][:1].islower() else None
        if _FRONT_MATTER_KEY.match(lines[end]):
            keys.append(lines[end])
        elif not _FRONT_MATTER_MORE.match(lines[end]):
            return None
    return None


def _front_matter(raw_lines: list[str], path: Path) -> tuple[int, str | None]:
    """Lines taken by YAML front matter and its ``title``; the metadata is not transcript content."""
    end = _front_matter_end(raw_lines)
    if end is None:
        return 0, None
    try:
        meta = yaml.load("\n".join(raw_lines[1:end]), Loader=Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or exc.__class__.__name__
        line = mark.line + 2 if mark is not None else 1  # the front matter starts on line 2
        raise TranscriptError(f"malformed front matter: {problem}", path=path, line=line) from None
    title = meta.get("title") if isinstance(meta, dict) else None
    return end + 1, str(title) if title is not None else None


# A link by reference, "[text][label]" or "[label][]". Not "[label]" alone: in a transcript that is a stage
# direction ("[Rires]") far more often than a link, and it made "[Rires]: (applaudissements)" a definition.
_REFERENCE_LINK = re.compile(r"\[((?:[^\[\]\\]|\\.)+)\]\[((?:[^\[\]\\]|\\.)*)\]")
# Where a definition leads when it leads somewhere: an address, a path, an anchor, a file.
_DESTINATION = re.compile(r"<|\w[\w+.-]*://|mailto:|/|#[^\W\d_]|\.\.?/|www\.|\S+\.[A-Za-z0-9]{2,5}(?:\s|$)")


def _normal_label(label: str) -> str:
    """A link label as CommonMark matches labels: case and spacing aside."""
    return " ".join(label.split()).casefold()


def _markup_definition(line: str, used: set[str]) -> bool:
    """Whether a link definition line is markup: a link of the file uses its label, or it leads to an
    address (a scheme, a path, an anchor, a file), used or not. Otherwise it is a speaker's line.

    >>> [_markup_definition(line, {"c"}) for line in ('[v]: https://x.org "V"', "[d]: a.html", "[c]: x")]
    [True, True, True]
    >>> [_markup_definition(line, set()) for line in ("[Étudiant]: Pourquoi?", "[Prof]: Donc:", "[É]: #1")]
    [False, False, False]
    """
    label, _, destination = line.strip()[1:].partition("]:")
    return _normal_label(label) in used or _DESTINATION.match(destination.strip()) is not None


# A link by reference as a renderer reads one once its label is defined: "[text][label]", "[label][]", and
# "[label]" alone (not followed by a destination or another label); its text may hold brackets, balanced.
_ANY_REFERENCE = re.compile(
    r"(!?)\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])+)\](?:\[((?:[^\[\]\\]|\\.)*)\])?(?![\[(]|:\s)"
)


def _linked_by_reference(line: str, defined: frozenset[str]) -> str:
    """``line`` with its links to ``defined`` labels replaced by their text ("[Rires]" stays, undefined).

    >>> _linked_by_reference("Voir [le cours][c], [notes][] et [ici]. [Rires] [x][nowhere]", frozenset(
    ...     {"c", "notes", "ici"}))
    'Voir le cours, notes et ici. [Rires] [x][nowhere]'
    """

    def text(match: re.Match[str]) -> str:
        label = match.group(3) or match.group(2)
        return match.group(2) if _normal_label(label) in defined else match.group(0)

    return _ANY_REFERENCE.sub(text, line)


def _defined_labels(lines: Sequence[str], used: set[str]) -> frozenset[str]:
    """The labels the file's link definitions define (those that are markup: :func:`_markup_definition`)."""
    return frozenset(
        _normal_label(line.strip()[1:].partition("]:")[0])
        for line in lines
        if _LINK_DEFINITION.match(line) and _markup_definition(line, used)
    )


def _used_labels(lines: Sequence[str]) -> set[str]:
    """The labels links of the file refer to.

    >>> sorted(_used_labels(["Voir [le cours][c] et [notes][].", "[Rires] [Étudiant]: Pourquoi?", "[x](y)"]))
    ['c', 'notes']
    """
    used: set[str] = set()
    for line in lines:
        for match in _REFERENCE_LINK.finditer(line):
            label = match.group(2) or match.group(1)
            used.add(_normal_label(label))
    return used


def _without_html_comments(text: str) -> str:
    """``text`` without its HTML comments, each replaced by the line breaks it held, so that line numbers
    stay right. Found with two searches a comment, not a lazy pattern: each "<!--" left open scanned to the
    end of the text, and a long line of them took seconds.

    >>> _without_html_comments("a <!-- b\\nc --> d <!-- e")
    'a \\n d <!-- e'
    """
    kept: list[str] = []
    at = 0
    while (start := text.find("<!--", at)) >= 0 and (end := text.find("-->", start + 4)) >= 0:
        kept += [text[at:start], "\n" * text.count("\n", start, end)]
        at = end + 3
    return "".join(kept) + text[at:]


def parse_md(text: str, path: Path) -> Parsed:
    """Markdown transcripts and lecture notes: front matter, headings, lists, quotes, fences, tables,
    emphasis, links, inline HTML and LaTeX, with optional ``**[0:15]**`` timestamps opening lines.
    """
    raw_lines = _without_html_comments(text).split("\n")
    start, title = _front_matter(raw_lines, path)
    used = _used_labels(raw_lines)
    defined = _defined_labels(raw_lines[start:], used)
    time_line = _time_line_reader(raw_lines[start:])
    lines: list[Line] = []
    pending_break = False
    fence: str | None = None
    in_math = False
    time: float | None = None
    for index in range(start, len(raw_lines)):
        number, raw = index + 1, raw_lines[index]
        fence_match = _FENCE.match(raw)
        if fence_match and (fence is None or fence_match.group(1) == fence):
            fence = fence_match.group(1) if fence is None else None
            pending_break = pending_break or bool(lines)
            continue
        if raw.strip() == "$$":
            in_math = not in_math
            pending_break = pending_break or bool(lines)
            continue
        if fence is not None or in_math:
            if raw.strip():
                lines.append(Line(_clean(raw), number, None, pending_break, pending_break))
                pending_break = False
            continue
        # A link definition cannot interrupt a paragraph (CommonMark): under a line of text, it is text. One
        # that leads nowhere and that no link of the file uses is a speaker's line of its shape ("[Étudiant]:
        # Pourquoi?"), and stays.
        in_paragraph = bool(lines) and lines[-1].number == number - 1 and not pending_break
        definition = _LINK_DEFINITION.match(raw) and not in_paragraph and _markup_definition(raw, used)
        if not raw.strip() or _RULE.match(raw) or _TABLE_RULE.match(raw) or definition:
            pending_break = pending_break or bool(lines)
            continue
        if _SETEXT.match(raw) and lines and lines[-1].number == number - 1:
            lines[-1] = replace(lines[-1], paragraph_break=lines[-1].paragraph_break or len(lines) > 1)
            title = title or lines[-1].text
            pending_break = True
            continue
        heading = _HEADING.match(raw)
        # A time opens the line, or the line's text after its list bullet, quote mark or heading hashes.
        body = heading.group(2) if heading else _BLOCK_PREFIX.sub("", raw, count=1)
        match = time_line(body) or _LEADING_TIME.match(body) or _BOLD_TIME.match(body)
        if match:
            time = seconds(match.group(1))
            body = body[match.end() :]
        if heading:
            content = _clean(_inline(body, defined))
            title = title or content
        else:
            if body.strip().startswith("|"):
                body = body.replace("|", " ")
            content = _clean(_inline(body, defined))
        if not content:
            pending_break = pending_break or (bool(lines) and not match)
            continue
        lines.append(Line(content, number, time, pending_break, pending_break or bool(heading)))
        pending_break = bool(heading)
        time = None
    return Parsed("md", tuple(lines), title)


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
