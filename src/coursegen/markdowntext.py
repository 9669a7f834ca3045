"""Transcripts written in Markdown: front matter, headings, lists, links and emphasis leave the text and their
content stays; timestamps become times. LaTeX is kept as its source without the ``$`` delimiters
(``$W^{[1]}$`` gives ``W^{[1]}``): it is what the speaker said in symbols, and a reader of the aligned page
can still read it.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import yaml

from coursegen.errors import TranscriptError
from coursegen.textlines import (
    BOLD_TIME,
    LEADING_TIME,
    Line,
    Parsed,
    atx_heading,
    clean,
    seconds,
    time_line_reader,
    unescape,
)
from coursegen.yamlfiles import Loader

# An HTML tag as CommonMark reads one (<i>, </font>, <span class="x">, <br/>): a tag name, then attributes,
# each a name and an optional value, or a WebVTT timestamp (<00:01.500>); comments go first (see
# ``_without_html_comments``). "z < 0 and z > 1" and
# "0<x et x+1>2" are text, kept whole: "x+1" is no attribute name.
_ATTRIBUTE = r"""[ \t]+[A-Za-z_:][\w.:-]*(?:[ \t]*=[ \t]*(?:[^\s"'=<>`]+|'[^'\n]*'|"[^"\n]*"))?"""
TAG = re.compile(
    rf"<[A-Za-z][A-Za-z0-9-]*(?:{_ATTRIBUTE})*[ \t]*/?>|</[A-Za-z][A-Za-z0-9-]*[ \t]*>"
    r"|<(?:\d+:)?\d{2}:\d{2}[.,]\d{3}>",
    re.ASCII,
)
# SubRip's presentation tags, as players read them (in any case): bold, italic, underline, and font with its
# attributes, and the span some exporters write. Any other "<word ...>" in a cue was said: "<s>",
# "<<Bonjour>>", "a<b ou c>d".
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
MAX_EMPHASIS_NESTING = 16
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
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_TABLE_RULE = re.compile(r"^\s*+\|?\s*+:?-+:?\s*+(?:\|\s*+:?-+:?\s*+)+\|?\s*+$")
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
    line = TAG.sub("", _without_html_comments(line))
    for pattern in _EMPHASIS:
        # A pass takes off one level of nesting; past a few, what is left is text ("*" * 20,000 on either
        # side of a word took 20,000 / 3 passes over the line, 22 s).
        for _level in range(MAX_EMPHASIS_NESTING):
            previous, line = line, pattern.sub(r"\2", line)
            if line == previous:
                break
    line = unescape(_ESCAPE.sub(r"\1", line))
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


def front_matter_end(lines: list[str]) -> int | None:
    """The index of the ``---`` or ``...`` line that closes the front matter opening ``lines``, or None.

    Only a block Jekyll, Hugo and Pandoc would take for metadata is: a mapping whose first line, right under
    the ``---`` (Pandoc: not a blank line), is a key, and whose other lines are keys or their values. Being
    valid YAML is not enough: lecture notes that open with a rule, a paragraph and a rule are a YAML string
    (or list), and the paragraph was lost as metadata; prose with " : " was refused as malformed YAML. Lines
    of another shape are the text's, and reach the page.

    >>> front_matter_end(["---", "title: Cours", "tags:", "- poids", "---", "Texte"])
    4
    >>> front_matter_end(["---", "", "Bonjour.", "---"]), front_matter_end(["---", "Bonjour : oui.", "---"])
    (None, None)
    >>> front_matter_end(["---", "Introduction: les poids", "---"])
    >>> front_matter_end(["---", "Title: A", "By: B", "---"]), front_matter_end(["---", "année: 1", "---"])
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
    end = front_matter_end(raw_lines)
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
    time_line = time_line_reader(raw_lines[start:])
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
                lines.append(Line(clean(raw), number, None, pending_break, pending_break))
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
        heading = atx_heading(raw)
        # A time opens the line, or the line's text after its list bullet, quote mark or heading hashes.
        body = heading[1] if heading else _BLOCK_PREFIX.sub("", raw, count=1)
        match = time_line(body) or LEADING_TIME.match(body) or BOLD_TIME.match(body)
        if match:
            time = seconds(match.group(1))
            body = body[match.end() :]
        if heading:
            content = clean(_inline(body, defined))
            title = title or content
        else:
            if body.strip().startswith("|"):
                body = body.replace("|", " ")
            content = clean(_inline(body, defined))
        if not content:
            pending_break = pending_break or (bool(lines) and not match)
            continue
        lines.append(Line(content, number, time, pending_break, pending_break or bool(heading)))
        pending_break = bool(heading)
        time = None
    return Parsed("md", tuple(lines), title)
