"""Guide pages (``docs/guides/*.md``) in every language: English Markdown cut into translatable blocks.

A guide is written once, in English. Each heading, paragraph and list item is one gettext message (its lines
joined by single spaces); fenced code blocks, HTML comments and front matter are never translated, because
commands must stay runnable. The same cutting serves extraction (``coursegen.extract``) and rendering here, so
a msgid always matches the block it came from.

Translations are untrusted text. A translated block is emitted as escaped text: every character that means
something to Markdown, its extensions or HTML becomes a character reference, so ``<script>``, ``**bold**`` or
``[x](javascript:...)`` in a catalog show up literally on the page. The only markup a translation may carry
is an inline code span that also appears in the English source (a command name, a path), which is kept as
code. A block whose translation is missing is shown as its original English Markdown.

Guides therefore use only the subset of Markdown that survives this: ATX headings, paragraphs, ``-``/``1.``
list items, fenced code, and inline code spans; no links or emphasis in translatable text.

Every heading gets the id of its English text in every language (``#2-translate-the-catalog``), not one made
from its translation (Cyrillic and Han headings would all be ``#_1``, ``#1``...): a link to a section, and the
language menu that keeps the reader's section, then work across languages.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import markdown
from markdown.extensions.toc import slugify

from coursegen.errors import CoursegenError
from coursegen.files import is_editor_leftover, read_text
from coursegen.markup import ENGLISH_ATTRIBUTES
from coursegen.textlines import atx_heading, single_line

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])\s+(\S.*)$")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")

# ASCII punctuation left as is: none of these starts markup in Markdown, its usual extensions or HTML.
_SAFE_PUNCTUATION = frozenset(",;?'\"/%")
_ESCAPED = {ord(c): f"&#{ord(c)};" for c in string.punctuation if c not in _SAFE_PUNCTUATION}


class Gettext(Protocol):
    """Anything with a ``gettext`` method, such as ``coursegen.catalogs.Translator``."""

    def gettext(self, message: str) -> str: ...


@dataclass(frozen=True)
class Block:
    """A run of source lines: translatable (``message`` set) or kept verbatim.

    ``prefix`` is the Markdown that introduces the text (``"## "``, ``"  - "``) and is kept in every language.
    """

    kind: str
    line: int
    lines: tuple[str, ...]
    prefix: str = ""
    message: str | None = None


def _starts_block(line: str) -> bool:
    return bool(_FENCE.match(line) or atx_heading(line, 0) or _LIST_ITEM.match(line)) or not line.strip()


def guide_blocks(text: str) -> Iterator[Block]:
    """Cut guide Markdown into blocks, in order; joining all their ``lines`` gives back ``text``'s lines.

    >>> text = "# Title\\n\\nSome\\ntext.\\n\\n- item\\n```sh\\nls\\n```\\n"
    >>> [(b.kind, b.message) for b in guide_blocks(text)]  # doctest: +NORMALIZE_WHITESPACE
    [('heading', 'Title'), ('blank', None), ('paragraph', 'Some text.'), ('blank', None),
     ('item', 'item'), ('code', None)]
    """
    lines = text.splitlines()
    index = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is not None:
            yield Block("front-matter", 1, tuple(lines[: end + 1]))
            index = end + 1
    while index < len(lines):
        line, start = lines[index], index
        if not line.strip():
            index += 1
            yield Block("blank", start + 1, (line,))
        elif fence := _FENCE.match(line):
            marker = fence.group(2)
            index += 1
            while index < len(lines) and not lines[index].strip().startswith(marker):
                index += 1
            index = min(index + 1, len(lines))
            yield Block("code", start + 1, tuple(lines[start:index]))
        elif line.lstrip().startswith("<!--"):
            while index < len(lines) and "-->" not in lines[index]:
                index += 1
            index = min(index + 1, len(lines))
            yield Block("comment", start + 1, tuple(lines[start:index]))
        elif heading := atx_heading(line, 0):
            index += 1
            yield Block("heading", start + 1, (line,), f"{heading[0]} ", heading[1])
        else:
            item = _LIST_ITEM.match(line)
            index += 1
            while index < len(lines) and not _starts_block(lines[index]):
                index += 1
            chunk = tuple(lines[start:index])
            if item:
                prefix = f"{item.group(1)}{item.group(2)} "
                words = [item.group(3), *chunk[1:]]
                kind = "item"
            else:
                prefix = line[: len(line) - len(line.lstrip())]
                words = list(chunk)
                kind = "paragraph"
            message = " ".join(w.strip() for w in words)
            yield Block(kind, start + 1, chunk, prefix, message)


def escape_text(text: str) -> str:
    """``text`` as literal Markdown: no character of it can start markup or HTML.

    >>> escape_text("<b>1 * 2</b>")
    '&#60;b&#62;1 &#42; 2&#60;/b&#62;'
    """
    return text.translate(_ESCAPED)


def _clean(text: str) -> str:
    """One line of visible text: control characters dropped, runs of spaces and line breaks made single
    spaces (no-break spaces kept)."""
    return single_line("".join(c for c in text if unicodedata.category(c) != "Cc" or c.isspace()))


def escape_translation(translation: str, source: str) -> str:
    """A translated block as safe Markdown: escaped text, except code spans also present in ``source``.

    >>> escape_translation("Lancez `coursegen check` puis `rm -rf /`", "Run `coursegen check`.")
    'Lancez `coursegen check` puis &#96;rm &#45;rf /&#96;'
    """
    allowed = {m.group(0) for m in _CODE_SPAN.finditer(source)}
    text = _clean(translation)
    out: list[str] = []
    position = 0
    for match in _CODE_SPAN.finditer(text):
        if match.group(0) not in allowed:
            continue
        out.append(escape_text(text[position : match.start()]))
        out.append(match.group(0))
        position = match.end()
    out.append(escape_text(text[position:]))
    return "".join(out)


def heading_id(message: str, taken: set[str]) -> str:
    """The id of a heading: its English text as MkDocs would slug it, made unique among ``taken`` (which it
    joins) the way MkDocs does, with ``_1``, ``_2``...

    >>> taken = set()
    >>> heading_id("1. Create the locale", taken), heading_id("Run `coursegen check`", taken)
    ('1-create-the-locale', 'run-coursegen-check')
    >>> heading_id("1. Create the locale", taken), heading_id("Тема", taken)
    ('1-create-the-locale_1', 'section')
    """
    base = slugify(message.replace("`", ""), "-") or "section"
    candidate, number = base, 0
    while candidate in taken:
        number += 1
        candidate = f"{base}_{number}"
    taken.add(candidate)
    return candidate


def translate_markdown(text: str, translator: Gettext) -> str:
    """``text`` with each translatable block replaced by its escaped translation, headings keeping their
    English ids."""
    out: list[str] = []
    ids: set[str] = set()
    blocks = list(guide_blocks(text))
    lists = _list_items(blocks)
    for index, block in enumerate(blocks):
        if block.message is None:
            out.extend(block.lines)
            continue
        translation = translator.gettext(block.message)
        translated = bool(translation.strip()) and translation != block.message
        if block.kind == "heading":
            # The English text without the line's closing hashes, which would come before the id.
            shown = escape_translation(translation, block.message) if translated else block.message
            english = "" if translated else f" {ENGLISH_ATTRIBUTES}"
            out.append(f"{block.prefix}{shown} {{#{heading_id(block.message, ids)}{english}}}")
        elif translated:
            out.append(block.prefix + escape_translation(translation, block.message))
        else:
            # Said to be English (attr_list), as it is: screen readers read it in an English voice, and in a
            # right-to-left page its full stops stay at its end (".lesson titles, buttons...").
            out.extend(block.lines)
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if _takes_attributes(block, following, index in lists):
                out.append(" " * len(block.prefix) + f"{{: {ENGLISH_ATTRIBUTES} }}")
    return "\n".join(out) + "\n"


def _list_items(blocks: list[Block]) -> set[int]:
    """The indexes of the blocks that Markdown reads as list items: a list starts after a blank line or a
    heading; "- x" right under a paragraph continues the paragraph."""
    found: set[int] = set()
    for index, block in enumerate(blocks):
        before = blocks[index - 1] if index else None
        if block.kind == "item" and (
            before is None or before.kind in ("blank", "heading") or (index - 1) in found
        ):
            found.add(index)
    return found


def _takes_attributes(block: Block, following: Block | None, listed: bool) -> bool:
    """Whether an attribute list on the line after ``block`` is taken by attr_list for the block's element:
    a list item (``listed``), or a paragraph of plain text at the left margin, where a blank line (or another
    item) comes next. Elsewhere it is text on the page, or ends what it follows: after "!!! tip" it closed
    the box and its body became code; after a paragraph that a list follows directly, or in indented code,
    it showed."""
    ends = following is None or following.kind == "blank"
    if block.kind == "item":
        return listed and (ends or following.kind == "item")  # type: ignore[union-attr]
    first = block.lines[0]
    plain = first[:1].isalnum() or (first[:1] in "\"'(`*_" and first.strip("*_- ") != "")
    return block.kind == "paragraph" and not block.prefix and plain and ends


# Markdown a translation cannot carry (it is escaped, see above) that Python-Markdown does not render by
# itself: tables, notes and links to a reference defined elsewhere are extensions' or other blocks' doing.
_UNKEPT = (
    (re.compile(r"^\|"), "a table"),
    (re.compile(r"^(!!!|\?\?\?)"), "an admonition"),
    (re.compile(r"(?<!\\)\[[^\]]+\]\s?\[[^\]]*\]"), "a link"),
)
# What the English of a block renders to that a translation cannot: what each element is, told to the author.
_RENDERED = {
    "em": "emphasis",
    "strong": "emphasis",
    "a": "a link",
    "img": "an image",
    "blockquote": "a quotation",
    "table": "a table",
}
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)")
# What a block renders to in any language: the block itself (a heading, a list item) and its code spans.
_KEPT_TAGS = frozenset({"p", "code", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li"})


def _unkept(block: Block) -> str | None:
    """What of ``block``'s English its translation cannot show, as the site renders it: the text is rendered
    as the block it is ("## 1. Create the locale" is a heading, not a numbered list)."""
    assert block.message is not None
    plain = _CODE_SPAN.sub(" ", block.message)
    for pattern, what in _UNKEPT:
        if pattern.search(plain):
            return what
    for tag in _TAG.findall(markdown.markdown(block.prefix.lstrip() + block.message)):
        if tag.lower() not in _KEPT_TAGS:
            return _RENDERED.get(tag.lower(), "HTML")
    return None


def guide_warnings(guides_dir: Path) -> list[tuple[str, str]]:
    """What the guides hold that their translations cannot show, and files beside them that the site leaves
    out, as (where, what), for the build and check alike: an owner's "About" page kept its image, links, bold
    text, table and note in English only, showed them as characters in every other language, and lost the
    image beside it, with no word from either."""
    if not guides_dir.is_dir():
        return []
    found: list[tuple[str, str]] = []
    for path in sorted(p for p in guides_dir.rglob("*") if p.is_file()):
        if path.parent == guides_dir and path.suffix == ".md":
            found += guide_doubts(path, read_guide(path))
        elif not any(part.startswith(".") for part in path.relative_to(guides_dir).parts) and not (
            is_editor_leftover(path.name)
        ):
            found.append((str(path), "not published: the guides folder holds guide pages (.md), no folders"))
    return found


def guide_doubts(path: Path, text: str) -> list[tuple[str, str]]:
    """Where the guide ``text`` (at ``path``) holds Markdown that its translations would show as typed, as
    (where, what)."""
    doubts: list[tuple[str, str]] = []
    for block in guide_blocks(text):
        if block.message and (what := _unkept(block)):
            doubts.append(
                (
                    f"{path}:{block.line}",
                    f"{what}: translations of a guide are plain text and would show it as typed (guides hold "
                    "headings, paragraphs, lists, code blocks and `code`)",
                )
            )
    return doubts


def read_guide(source: Path) -> str:
    """The English Markdown of the guide page at ``source``."""
    return read_text(source, CoursegenError, "guide page")
