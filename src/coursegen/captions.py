"""Subtitle files, SubRip (.srt) and WebVTT (.vtt): cue numbers, timings, tags, voices and rolling captions
leave the text; what is said stays, in order, each line with the time its cue starts.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path

from coursegen.errors import TranscriptError
from coursegen.textlines import (
    CLOCK,
    NAME,
    Line,
    Parsed,
    clean,
    is_bracketed,
    seconds,
    unescape,
)

log = logging.getLogger(__name__)

# A cue's timing; its arrow typed with one dash ("00:00:01,000 -> 00:00:02,000") is a timing too, as players
# read it (it reached the page as text, cue number and all).
_TIMING = re.compile(rf"^\s*({CLOCK})\s*--?>\s*({CLOCK})(?:\s.*)?$")
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
    return clean(unescape(_CAPTION_SPEAKER.sub("", line)))


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
                standalone = is_bracketed(content)
                turn = _speaker_turn(line, voice, speaker) or standalone or after_standalone
                lines.append(Line(content, number, time, sentence_break=turn))
                time = None
                after_standalone = standalone
            speaker = voice or speaker
    return Parsed(fmt, tuple(lines))


# A speaker's name opening a cue, as meeting tools write it ("Andrew Ng: ", "Speaker 1 : ", "李老師：").
_LABEL = re.compile(rf"^({NAME})[ \u00a0]?(?::\s+|：\s*)(?=\S)")
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
