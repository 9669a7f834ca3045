"""Gettext catalogs in: read a locale's ``messages.po`` and translate with English as the fallback.

Catalogs are "compiled" in memory at build time: the ``.po`` file is parsed with Babel and its translated,
non-fuzzy entries become a plain dictionary. No ``.mo`` file is written, so there is no cache to invalidate,
no generated file to forget, and ``make serve`` picks up a translator's edit on the next rebuild. The catalogs
are a few hundred strings, so parsing them per build costs milliseconds.

A missing, empty or fuzzy translation never breaks a page: the English source is shown instead, and the
translator is told once (one warning per message per loaded translator) which string still needs work.

This is a leaf module: it knows nothing about lessons, transcripts or pages.
"""

from __future__ import annotations

import codecs
import gettext as _gettext
import io
import itertools
import logging
import re
import secrets
import string
import unicodedata
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from textwrap import TextWrapper

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, escape, read_po, unescape, write_po

from coursegen import interface
from coursegen.errors import CatalogError
from coursegen.locales import parse_locale

log = logging.getLogger(__name__)

DOMAIN = "messages"
TEMPLATE_NAME = f"{DOMAIN}.pot"
LINE_WIDTH = 76


def gettext_name(code: str) -> str:
    """The folder name of a locale under ``locales/``: Babel's gettext spelling.

    >>> gettext_name("zh-Hant"), gettext_name("pt-br")
    ('zh_Hant', 'pt_BR')
    """
    return str(parse_locale(code))


def catalog_path(locales_dir: Path, code: str) -> Path:
    """Where the catalog of locale ``code`` lives."""
    return locales_dir / gettext_name(code) / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path, locale: Locale | str | None = None) -> Catalog:
    """Parse a ``.po``/``.pot`` file strictly; a syntax error becomes ``CatalogError`` at its line."""
    try:
        # Windows editors may save UTF-8 with a byte-order mark; it is no part of the first line.
        data = path.read_bytes().removeprefix(codecs.BOM_UTF8)
    except FileNotFoundError:
        raise CatalogError("catalog not found", path=path) from None
    except OSError as exc:
        raise CatalogError(f"cannot read catalog: {exc.strerror}", path=path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CatalogError(
            f"not UTF-8 (byte 0x{data[exc.start]:02x}): save the catalog as UTF-8", path=path, line=line
        ) from None
    if "\r" in text and "\n" not in text:
        raise CatalogError(
            "line endings are carriage returns only (old Mac): save the catalog with LF or CRLF line endings",
            path=path,
        )
    _check_syntax(text, path)
    _check_charset(text, path)
    _check_duplicates(text, path)
    # Babel cannot read msgmerge's "#~|" (the previous text of an obsolete fuzzy entry); as "#|" it can.
    data = _OBSOLETE_PREVIOUS.sub(b"#|", data)
    # Each "#|" line numbered: Babel keeps one of repeated comment lines, and a previous text with two blank
    # lines came back with one.
    numbers = itertools.count()
    data = _PREVIOUS_LINE.sub(lambda _match: b"#|%08d" % next(numbers), data)
    try:
        catalog = read_po(io.BytesIO(data), locale=locale, domain=DOMAIN, abort_invalid=True)
    except (PoFileError, ValueError) as exc:
        # Babel reads the header fields as it reads the entry after them, and names that entry's line.
        problem = _header_problem(text)
        if problem is not None:
            raise CatalogError(problem[1], path=path, line=problem[0]) from None
        if not isinstance(exc, PoFileError):
            raise CatalogError(f"invalid catalog: {exc}", path=path) from None
        reason = str(exc).removesuffix(f" on {exc.lineno}")
        raise CatalogError(reason, path=path, line=_content_line(data, exc.lineno)) from None
    for message in [*catalog, *catalog.obsolete.values()]:
        _take_previous(message)
    catalog.coursegen_tool_headers = _tool_headers(text)  # type: ignore[attr-defined]
    return catalog


# The header fields Babel writes itself; the others (X-Generator, X-Poedit-Basepath...) it drops on reading.
_BABEL_HEADERS = frozenset(
    {
        "project-id-version",
        "report-msgid-bugs-to",
        "pot-creation-date",
        "po-revision-date",
        "last-translator",
        "language",
        "language-team",
        "plural-forms",
        "mime-version",
        "content-type",
        "content-transfer-encoding",
        "generated-by",
    }
)
_HEADER_ENTRY = re.compile(r'^msgid ""\r?\nmsgstr ""\r?\n((?:"(?:[^"\\]|\\.)*"\r?\n)*)', re.MULTILINE)


def _tool_headers(text: str) -> tuple[tuple[str, str], ...]:
    """The header fields of the translators' tools, which :func:`render_catalog` writes back: Poedit reads
    its X-Poedit-Basepath and X-Poedit-SearchPath-0 to update a catalog from the code."""
    found = _HEADER_ENTRY.search(text)
    if found is None:
        return ()
    value = "".join(unescape(line.strip()) for line in found.group(1).splitlines() if line.strip())
    fields = []
    for line in value.split("\n"):
        name, colon, field = line.partition(":")
        if colon and name.strip() and name.strip().lower() not in _BABEL_HEADERS:
            fields.append((name.strip(), field.strip()))
    return tuple(fields)


def header_fields(text: str) -> list[tuple[int, str, str]]:
    """The header entry's fields as ``(line, lowercased name, value)``, each at the line that holds it.

    >>> header_fields('msgid ""\\nmsgstr ""\\n"Language: fr\\\\n"\\n"Plural-Forms: nplurals=2;\\\\n"\\n')
    [(3, 'language', 'fr'), (4, 'plural-forms', 'nplurals=2;')]
    """
    lines = text.splitlines()
    for start, line in enumerate(lines):
        if line.strip() == 'msgid ""' and start + 1 < len(lines) and lines[start + 1].startswith('msgstr ""'):
            break
    else:
        return []
    fields = []
    for number in range(start + 2, len(lines)):
        line = lines[number].strip()
        if not line.startswith('"'):
            break
        name, colon, value = unescape(line).partition(":")
        if colon:
            fields.append((number + 1, name.strip().lower(), value.strip()))
    return fields


def _header_problem(text: str) -> tuple[int, str] | None:
    """A header field Babel cannot read, at its line, in a translator's words."""
    for line, name, value in header_fields(text):
        if name == "language" and value:
            try:
                Locale.parse(value.replace("-", "_"))
            except (ValueError, TypeError, UnknownLocaleError):
                return line, f"Language '{value}' is no locale code: write one as fr, pt_BR or zh_Hant"
        if name == "plural-forms":
            parts = dict(part.strip().partition("=")[::2] for part in value.split(";") if "=" in part)
            count = parts.get("nplurals", "").strip()
            if not count.isdigit():
                return line, f"Plural-Forms: nplurals must be a number, not '{count}'"
    return None


def plural_problem(catalog: Catalog) -> str | None:
    """Why the catalog's plural rule cannot be used (its plurals are then shown by English rules), if so."""
    try:
        _gettext.c2py(catalog.plural_expr)
    except (ValueError, SyntaxError):
        return f"unusable Plural-Forms rule {catalog.plural_expr!r}: plurals are shown by English rules"
    return None


_OBSOLETE_PREVIOUS = re.compile(rb"^#~\|", re.MULTILINE)
_PREVIOUS_LINE = re.compile(rb"^#\|", re.MULTILINE)
_PREVIOUS_NUMBER = re.compile(r"^\|\d{8}")


def _take_previous(message: Message) -> None:
    """Move the ``#| msgid "..."`` lines (the English text a fuzzy entry was translated from, which Poedit
    and Weblate show as a diff) from where Babel reads them, the translator's comments, to ``previous_id``,
    where it writes them back."""
    previous: list[list[str]] = []
    kept = []
    for comment in message.user_comments:
        if not comment.startswith("|"):
            kept.append(comment)
            continue
        line = _PREVIOUS_NUMBER.sub("", comment).removeprefix("|").strip()
        keyword, _, rest = line.partition(" ") if not line.startswith('"') else ("", "", line)
        if keyword in ("msgid", "msgid_plural"):
            previous.append([])
        elif keyword:  # msgctxt: not kept
            continue
        if previous and rest.strip().startswith('"'):
            previous[-1].append(unescape(rest.strip()))
    if previous or len(kept) != len(message.user_comments):
        message.user_comments = kept
        message.previous_id = ["".join(parts) for parts in previous]


_PO_STRING = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(rf"^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?{_PO_STRING}$")
_PO_KEYWORD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\b")
_ENTRY_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr\[\d+\]|msgstr)(?=\s)")


def _check_syntax(text: str, path: Path) -> None:
    """Reject lines Babel's lenient parser would silently drop or truncate (e.g. a missing closing quote).

    >>> _check_syntax('msgid "a"\\nmsgstr "b"\\n', Path("x.po"))
    >>> _check_syntax('msgid "a"\\nmsgstr "b\\n', Path("x.po"))
    Traceback (most recent call last):
    coursegen.errors.CatalogError: x.po:2: unterminated string
    >>> _check_syntax('msgid "a"\\nmsgstr "La "b""\\n', Path("x.po"))
    Traceback (most recent call last):
    coursegen.errors.CatalogError: x.po:2: a quote inside the text must be written \\" (backslash, quote)
    """
    # Lines end at line feeds only, as in GNU gettext and Babel: a U+2028 or form feed inside a translation
    # (pasted from a word processor) is text, not the end of a line.
    order = _EntryOrder()
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip(" \t\r")
        if not line or line.startswith("#"):
            continue
        if _PO_LINE.match(line):
            keyword = _ENTRY_KEYWORD.match(line)
            if keyword:
                order.step(keyword.group(1), number, path)
            continue
        if _PO_KEYWORD.match(line) or line.startswith('"'):
            body = _PO_KEYWORD.sub("", line, count=1).strip()
            if len(body) > 1 and body.startswith('"') and body.endswith('"'):
                reason = 'a quote inside the text must be written \\" (backslash, quote)'
                raise CatalogError(reason, path=path, line=number)
            raise CatalogError("unterminated string", path=path, line=number)
        raise CatalogError(f"unrecognized line {line[:40]!r}", path=path, line=number)
    order.end(path)


class _EntryOrder:
    """The order of an entry's keywords, as msgfmt requires it: ``[msgctxt] msgid [msgid_plural]``, then one
    ``msgstr``, or ``msgstr[n]`` for a plural entry. Babel reads other orders without a word, keeping one of
    two ``msgstr`` or losing the translation."""

    def __init__(self) -> None:
        self.state = "start"
        self.opened = 0

    def step(self, keyword: str, number: int, path: Path) -> None:
        state, reason = self.state, None
        if keyword in ("msgctxt", "msgid"):
            if state in ("msgctxt", "msgid", "msgid_plural") and not (
                keyword == "msgid" and state == "msgctxt"
            ):
                reason = f"the entry at line {self.opened} has no msgstr"
            if keyword == "msgctxt" or state != "msgctxt":
                self.opened = number
        elif keyword == "msgid_plural":
            if state != "msgid":
                reason = "msgid_plural comes right after its msgid, before the translations"
        elif keyword == "msgstr":
            if state == "msgid_plural":
                reason = "a plural entry is translated with msgstr[0], msgstr[1]..."
            elif state in ("msgstr", "msgstr[]"):
                reason = "a second msgstr for one msgid: keep one"
            elif state != "msgid":
                reason = "msgstr without a msgid above it"
        elif state not in ("msgid_plural", "msgstr[]"):
            reason = f"{keyword} belongs to plural entries (with msgid_plural): write msgstr"
        if reason:
            raise CatalogError(
                reason, path=path, line=number if "has no msgstr" not in reason else self.opened
            )
        self.state = "msgstr[]" if keyword.startswith("msgstr[") else keyword

    def end(self, path: Path) -> None:
        if self.state in ("msgctxt", "msgid", "msgid_plural"):
            raise CatalogError(f"the entry at line {self.opened} has no msgstr", path=path, line=self.opened)


_CHARSET = re.compile(r'^"Content-Type:[^"]*?charset=([^\\";\s]*)', re.IGNORECASE)
_UTF8_NAMES = frozenset({"utf-8", "utf8", "charset"})  # "CHARSET": a template's placeholder, read as UTF-8


def _check_charset(text: str, path: Path) -> None:
    """Refuse a header declaring another charset: Babel would decode the UTF-8 bytes with it, silently.

    >>> _check_charset('msgstr ""\\n"Content-Type: text/plain; charset=UTF-8\\\\n"\\n', Path("x.po"))
    >>> _check_charset('msgstr ""\\n"Content-Type: text/plain; charset=latin-1\\\\n"\\n', Path("x.po"))
    Traceback (most recent call last):
    coursegen.errors.CatalogError: x.po:2: declares charset latin-1; catalogs are UTF-8: declare charset=UTF-8
    """
    entries = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        entries += raw.startswith("msgid ")
        if entries > 1:
            return  # past the header, the first entry
        found = _CHARSET.match(raw.strip())
        if found and found.group(1).lower() not in _UTF8_NAMES:
            raise CatalogError(
                f"declares charset {found.group(1)}; catalogs are UTF-8: declare charset=UTF-8",
                path=path,
                line=number,
            )


def _check_duplicates(text: str, path: Path) -> None:
    """Refuse a message defined twice (as GNU msgfmt does): Babel would keep the last one without a word.

    Entries are keyed by context and source text as written (escapes and line splits joined), which is
    enough for the copies a hand merge leaves behind. Obsolete (``#~``) entries are not messages.

    >>> _check_duplicates('msgid "a"\\nmsgstr "x"\\nmsgctxt "c"\\nmsgid "a"\\nmsgstr "y"\\n', Path("x.po"))
    >>> _check_duplicates('msgid "ab"\\nmsgstr "x"\\n\\nmsgid ""\\n"a"\\n"b"\\nmsgstr "y"\\n', Path("x.po"))
    Traceback (most recent call last):
    coursegen.errors.CatalogError: x.po:4: message 'ab' defined twice (first at line 1)
    """
    seen: dict[tuple[str | None, str], int] = {}
    context: str | None = None
    pending_context: str | None = None
    key: list[str] | None = None
    start = 0

    def close() -> None:
        if key is None:
            return
        msgid = "".join(key)
        first = seen.setdefault((context, msgid), start)
        if first != start:
            shown = msgid if len(msgid) <= 50 else msgid[:49] + "…"
            raise CatalogError(
                f"message {shown!r} defined twice (first at line {first})", path=path, line=start
            )

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip(" \t\r")
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ") if not line.startswith('"') else ("", "", line)
        if keyword == "msgctxt":
            close()
            key, pending_context, start = None, _quoted(rest), number
        elif keyword == "msgid":
            close()
            if pending_context is None:
                start = number
            context, pending_context, key = pending_context, None, [_quoted(rest)]
        elif keyword:
            close()
            key = None
        elif key is not None:
            key.append(_quoted(line))
        elif pending_context is not None:
            pending_context += _quoted(line)
    close()


def _quoted(token: str) -> str:
    return token.strip()[1:-1]


def _content_line(data: bytes, line: int) -> int | None:
    """Babel sometimes reports the blank line before an entry; point at the entry itself."""
    if line <= 0:
        return None
    lines = data.splitlines()
    while line <= len(lines) and not lines[line - 1].strip():
        line += 1
    return min(line, len(lines)) or None


def render_catalog(catalog: Catalog) -> bytes:
    """The ``.po`` text of ``catalog``, in the one layout coursegen writes: with the previous English text of
    fuzzy entries (``#|``), and without ``python-format``, which Babel gives any text with a "7% o" in it:
    no translation here is ever %-formatted, and msgfmt, Poedit and Weblate would refuse correct ones.

    Babel writes the previous texts and the obsolete entries itself, but not as gettext reads them: a
    previous text of 69 characters or more wrapped inside its quotes (msgfmt refused the catalog), and an
    obsolete entry without its flags and previous text (a fuzzy translation, once back in the template,
    came back reviewed). Those are written here."""
    for message in [*catalog, *catalog.obsolete.values()]:
        message.flags.discard("python-format")
    # Each previous text goes through Babel as a token short enough to stay on one line, then replaced.
    tokens: dict[str, list[str]] = {}
    salt = secrets.token_hex(8)
    for message in catalog:
        if message.previous_id:
            token = f"coursegen-previous-{salt}-{len(tokens)}"
            tokens[token] = list(message.previous_id)
            message.previous_id = [token]
    buffer = io.BytesIO()
    try:
        write_po(
            buffer,
            catalog,
            width=LINE_WIDTH,
            sort_by_file=False,
            sort_output=False,
            include_previous=True,
            ignore_obsolete=True,
        )
    finally:
        for message in catalog:
            if message.previous_id and message.previous_id[0] in tokens:
                message.previous_id = tokens[message.previous_id[0]]
    text = buffer.getvalue().decode("utf-8")
    text = re.sub(
        rf'^#\| msgid "(coursegen-previous-{salt}-\d+)"\n',
        lambda match: _previous_lines(tokens[match.group(1)], "#| "),
        text,
        flags=re.MULTILINE,
    )
    text += "".join(_obsolete_entry(message, catalog.num_plurals) for message in catalog.obsolete.values())
    data = text.encode("utf-8")
    tools = getattr(catalog, "coursegen_tool_headers", ())
    if tools:
        # At the end of the header entry, as the tools write them.
        end = data.index(b"\n\n", data.index(b'msgstr ""\n')) + 1
        lines = "".join(escape(f"{name}: {value}\n") + "\n" for name, value in tools).encode()
        data = data[:end] + lines + data[end:]
    return data


def _previous_lines(previous: list[str], prefix: str) -> str:
    """The ``#|`` lines of a previous text, wrapped as msgmerge wraps them: between strings, never inside."""
    keywords = ("msgid", "msgid_plural")
    return "".join(
        _po_string(keyword, text, prefix) for keyword, text in zip(keywords, previous, strict=False)
    )


def _obsolete_entry(message: Message, plurals: int) -> str:
    """An obsolete entry (``#~``) as msgmerge writes one: the translator's comments, its flags (a fuzzy
    translation stays one) and its previous text, then the entry itself."""
    prefix = "#~ "
    lines = [f"# {line.strip()}\n" for comment in message.user_comments for line in _COMMENTS.wrap(comment)]
    if message.flags:
        lines.append(f"#{', '.join(['', *sorted(message.flags)])}\n")
    if message.previous_id:
        lines.append(_previous_lines(list(message.previous_id), "#~| "))
    if message.context:
        lines.append(_po_string("msgctxt", message.context, prefix))
    if isinstance(message.id, list | tuple):
        lines.append(_po_string("msgid", message.id[0], prefix))
        lines.append(_po_string("msgid_plural", message.id[1], prefix))
        strings = list(message.string) if isinstance(message.string, list | tuple) else [message.string]
        for index in range(plurals):
            text = strings[index] if index < len(strings) and strings[index] else ""
            lines.append(_po_string(f"msgstr[{index}]", text, prefix))
    else:
        lines.append(_po_string("msgid", message.id, prefix))
        lines.append(_po_string("msgstr", message.string or "", prefix))
    return "".join(lines) + "\n"


_AFTER_LINE_BREAK = re.compile(r"(?<=\\n)(?=.)")
_WORD_AND_SPACES = re.compile(r"[^ ]+ *| +")


def _po_string(keyword: str, text: str, prefix: str = "") -> str:
    r"""``keyword`` and ``text`` as gettext's tools write them, each line ``prefix`` ed and at most
    ``LINE_WIDTH`` wide where its words allow: broken after line breaks and spaces, never inside a string
    or an escape. (Babel's own wrapping, given a prefix, could add a line break to a text ending in a
    space.)

    >>> print(_po_string("msgid", "Short.", "#| "), end="")
    #| msgid "Short."
    >>> print(_po_string("msgid", "One line\nand another", "#~ "), end="")
    #~ msgid ""
    #~ "One line\n"
    #~ "and another"
    """
    quoted = escape(text)[1:-1]
    single = f'{prefix}{keyword} "{quoted}"'
    pieces = _AFTER_LINE_BREAK.split(quoted)
    if len(pieces) == 1 and len(single) <= LINE_WIDTH:
        return single + "\n"
    room = LINE_WIDTH - len(prefix) - 2
    lines = [f'{prefix}{keyword} ""']
    for piece in pieces:
        current = ""
        for word in _WORD_AND_SPACES.findall(piece):
            if current and len(current) + len(word.rstrip(" ")) > room:
                lines.append(f'{prefix}"{current}"')
                current = ""
            current += word
        lines.append(f'{prefix}"{current}"')
    return "\n".join(lines) + "\n"


# Translators' comments wrapped as Babel wraps them, so that an obsolete entry reads as it always did.
_COMMENTS = TextWrapper(width=LINE_WIDTH, break_long_words=False)


# -- translating --------------------------------------------------------------------------------------------

Translation = str | tuple[str, ...]


class English(str):
    """A message shown in English because its locale does not translate it yet.

    Pages mark such text as English (``lang="en"``): on a new locale's pages a screen reader read the
    English headings, buttons and notices with the voice of the page's language. Formatting keeps the mark.
    """

    __slots__ = ()

    def format(self, /, *args: object, **kwargs: object) -> English:
        return English(str.format(self, *args, **kwargs))


def is_english(text: str) -> bool:
    """Whether ``text`` came from a translator as English (see :class:`English`)."""
    return isinstance(text, English)


FUZZY_HINT = "used once a translator has checked it and removed the fuzzy mark"


@dataclass(frozen=True)
class Translator:
    """Translations of one locale, with English as the fallback for anything not (yet) translated.

    >>> t = Translator("fr", {"Weights": "Poids"})
    >>> t.gettext("Weights")
    'Poids'
    >>> t.gettext("Biases")
    'Biases'
    >>> t.ngettext("{n} unit", "{n} units", 3)
    '{n} units'
    """

    locale: str
    messages: Mapping[str, Translation] = field(default_factory=dict)
    plural: Callable[[int], int] = field(default=lambda n: int(n != 1), repr=False, compare=False)
    # Translated but marked fuzzy: not used, and the warning says why.
    fuzzy: frozenset[str] = frozenset()
    # Translated with placeholders that differ from the source's: not used, each warned of at its line.
    broken: frozenset[str] = frozenset()
    # False when one warning already said that every string is English (no catalog at all).
    warns: bool = True
    # The catalog, named in the report of what was shown in English.
    path: Path | None = field(default=None, repr=False, compare=False)
    _shown_in_english: set[str] = field(default_factory=set, init=False, repr=False, compare=False)

    def gettext(self, message: str) -> str:
        """The translation of ``message``, or ``message`` itself (and one warning) when there is none."""
        if not message:
            return message
        found = self.messages.get(message)
        if isinstance(found, str) and found:
            return found
        self._warn_missing(message)
        return English(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The plural form of this locale for ``n``, or the English form when untranslated."""
        found = self.messages.get(singular)
        if isinstance(found, tuple):
            index = self.plural(n)
            if 0 <= index < len(found) and found[index]:
                return found[index]
        self._warn_missing(singular)
        return English(singular if n == 1 else plural)

    def has(self, message: str) -> bool:
        """Whether ``message`` has a usable translation (no warning is logged)."""
        return bool(self.messages.get(message))

    def _warn_missing(self, message: str) -> None:
        if message in self._shown_in_english or not self.warns:
            return
        self._shown_in_english.add(message)
        if message in self.fuzzy:
            log.debug("%s: %r is marked fuzzy, showing the English text", self.locale, message)
        elif message in self.broken:
            log.debug("%s: placeholders differ in %r, showing the English text", self.locale, message)
        else:
            log.debug("%s: no translation for %r, showing the English text", self.locale, message)

    def report(self) -> None:
        """One warning for every string shown in English so far, named one by one only in the debug log
        (``mkdocs -v``): a new locale's build printed some 150 lines, on every rebuild under ``mkdocs serve``,
        and another translator's one-line error scrolled away among them."""
        if not self._shown_in_english:
            return
        fuzzy = len(self._shown_in_english & self.fuzzy)
        broken = len(self._shown_in_english & self.broken)
        missing = len(self._shown_in_english) - fuzzy - broken
        parts = [f"{missing} not translated"] if missing else []
        if fuzzy:
            parts.append(f"{fuzzy} marked fuzzy ({FUZZY_HINT})")
        if broken:
            parts.append(f"{broken} whose placeholders differ (named above)")
        where = self.path if self.path is not None else self.locale
        log.warning(
            "%s: strings shown in English: %s (`coursegen messages` adds new strings to the catalogs, "
            "`coursegen check` lists those left to translate)",
            where,
            ", ".join(parts),
        )


def translator_from_catalog(
    catalog: Catalog, locale: str, path: Path | None = None, drawn: Collection[str] = ()
) -> Translator:
    """A translator holding the translated, non-fuzzy messages of ``catalog``.

    A translation whose placeholders differ from its source is left out (English is shown, with a warning
    naming its line): code calls ``.format()`` on translations, and an unknown ``{name}``, an attribute
    lookup such as ``{n.__class__}`` or a lone brace would crash the build or leak values into the page.
    So is the translation of one of the ``drawn`` messages (the examples', which plots may draw) with other
    math than its source (see :func:`math_spans`). ``coursegen check`` reports the same entries as problems.

    Translations are composed (Unicode NFC), as the transcripts are: a catalog saved decomposed (as editors
    on macOS may) gave headings and labels that a search typed in composed form did not find, beside
    transcript text that it found.
    """
    messages: dict[str, Translation] = {}
    fuzzy: set[str] = set()
    broken: set[str] = set()
    for message in catalog:
        if not message.id or message.context is not None:
            continue  # the template has no contexts: an entry with one translates nothing on the site
        key = message.id[0] if isinstance(message.id, tuple | list) else message.id
        if message.fuzzy:
            if any(message.string if isinstance(message.string, tuple | list) else (message.string,)):
                fuzzy.add(key)
            continue
        problems = list(_mismatches_of(message, drawn))
        if problems:
            where = f"{path}:{message.lineno}: " if path is not None else f"{locale}: "
            log.warning(
                "%splaceholders differ in %r (%s); showing the English text", where, key, "; ".join(problems)
            )
            broken.add(key)
            continue
        if isinstance(message.string, tuple | list):
            forms = tuple(_contained(form) for form in message.string)
            if all(forms):
                messages[key] = forms
        elif message.string:
            messages[key] = _contained(message.string)
    return Translator(
        locale=locale,
        messages=messages,
        plural=_plural_function(catalog),
        fuzzy=frozenset(fuzzy),
        broken=frozenset(broken),
        path=path,
    )


# Explicit direction formatting: embeddings and overrides (closed by PDF), isolates (closed by PDI).
_EMBEDDINGS, _ISOLATES = "\u202a\u202b\u202d\u202e", "\u2066\u2067\u2068"
_PDF, _PDI = "\u202c", "\u2069"


def _contained(translation: str) -> str:
    """A translation composed (NFC), its direction marks closed at its end: a right-to-left override left
    open reversed what the page puts after it on the same line, as the site's name in the window's title.

    >>> _contained("Initialisation \u202eouvert") == "Initialisation \u202eouvert\u202c"
    True
    >>> _contained("\u2067مرحبا\u2069 et \u202bشكرا\u202c") == "\u2067مرحبا\u2069 et \u202bشكرا\u202c"
    True
    >>> _contained("a \u202eouvert\u2069") == "a \u202eouvert\u2069\u202c"
    True
    """
    text = unicodedata.normalize("NFC", translation)
    stack: list[str] = []
    for char in text:
        if char in _EMBEDDINGS or char in _ISOLATES:
            stack.append(_PDF if char in _EMBEDDINGS else _PDI)
        elif char == _PDI and _PDI in stack:
            # A PDI closes its isolate and every embedding opened inside it; one without an isolate to
            # close does nothing (UAX #9), an override before it stays open.
            while stack.pop() != _PDI:
                pass
        elif char == _PDF and stack and stack[-1] == _PDF:
            stack.pop()
    return text + "".join(reversed(stack))


def _plural_function(catalog: Catalog) -> Callable[[int], int]:
    problem = plural_problem(catalog)
    if problem is None:
        return _gettext.c2py(catalog.plural_expr)
    log.warning("%s: %s", catalog.locale, problem)
    return lambda n: int(n != 1)


def load_translator(locales_dir: Path, locale_code: str, drawn: Collection[str] = ()) -> Translator:
    """The translator of a locale given as BCP 47 (``zh-Hant``) or gettext name (``zh_Hant``).

    A locale without a catalog gets an all-English translator and one warning; a catalog with a syntax
    error raises ``CatalogError`` naming its line, because silently showing English would hide the mistake.
    """
    locale = parse_locale(locale_code)
    path = catalog_path(locales_dir, str(locale))
    if not path.is_file():
        log.warning("%s: no catalog at %s, every string will be shown in English", locale_code, path)
        return Translator(locale=str(locale), warns=False)
    return translator_from_catalog(read_catalog(path, locale=locale), str(locale), path, drawn)


# -- inspecting ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    """How far a catalog's translation has come."""

    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated


def _is_translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return bool(strings) and all(strings)


def stats_of(catalog: Catalog) -> Stats:
    """Counts of ``catalog``'s live messages by state, plus its obsolete ones."""
    translated = fuzzy = untranslated = 0
    for message in catalog:
        if not message.id:
            continue
        if not _is_translated(message):
            # A fuzzy mark on an empty entry ("needs work") leaves nothing to review: it is to translate.
            untranslated += 1
        elif message.fuzzy:
            fuzzy += 1
        else:
            translated += 1
    return Stats(translated, fuzzy, untranslated, len(catalog.obsolete))


def catalog_stats(path: Path) -> Stats:
    """``stats_of`` the catalog file at ``path``."""
    return stats_of(read_catalog(path))


def untranslated_messages(catalog: Catalog) -> list[Message]:
    """The live messages still showing English: empty or fuzzy."""
    return [m for m in catalog if m.id and (m.fuzzy or not _is_translated(m))]


# Placeholders a translation must keep: `code spans`, {python} format fields and %-style conversions.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_BRACE_FIELD = re.compile(r"\{([A-Za-z_][\w.\[\]]*|\d*)(![rsa])?(:[^{}]*)?\}")
_PERCENT = re.compile(r"%(?:\([A-Za-z_]\w*\))?[-#0+]?\d*(?:\.\d+)?[sdifrxXeEgGcoa]")


def placeholders(text: str) -> frozenset[str]:
    """The placeholders in ``text`` that a translation must reproduce.

    >>> sorted(placeholders("Run `coursegen check` for {count} files, %(n)d left, 100% done"))
    ['%(n)d', '`coursegen check`', '{count}']
    """
    found: set[str] = set()

    def take_code(match: re.Match[str]) -> str:
        found.add(match.group(0))
        return " "

    rest = _CODE_SPAN.sub(take_code, text)
    rest = rest.replace("{{", "").replace("}}", "").replace("%%", "")
    found.update(m.group(0) for m in _BRACE_FIELD.finditer(rest))
    found.update(m.group(0) for m in _PERCENT.finditer(rest))
    return frozenset(found)


_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")


def math_spans(text: str) -> tuple[str, ...]:
    """The math matplotlib reads in a label, as it reads it: an even number of unescaped ``$`` makes every
    other stretch between them math (``"cost $J(w)$"``); an odd number, none.

    Plots draw math as the author wrote it (a log axis's 10⁻³, ``$\\alpha$``); the translation of a text a
    plot draws must not bring math its source has not: "entre 5 $ et 10 $" would be drawn as math, or stop
    the build. (Elsewhere, on pages and in printed output, "$" is only a character.)

    >>> math_spans("cost $J(w)$ at {step}"), math_spans(r"5 $ or 6 \\$"), math_spans("from 5 $ to 10 $")
    (('$J(w)$',), (), ('$ to 10 $',))
    """
    pieces = _UNESCAPED_DOLLAR.split(text)
    if len(pieces) < 3 or len(pieces) % 2 == 0:
        return ()
    return tuple(f"${piece}$" for piece in pieces[1::2])


def _describe(missing: set[str], extra: set[str]) -> str:
    parts = []
    if missing:
        parts.append("missing " + ", ".join(sorted(missing)))
    if extra:
        parts.append("unexpected " + ", ".join(sorted(extra)))
    return "; ".join(parts)


def _math_mismatch(msgid: str, msgstr: str) -> str | None:
    """Why a plot would draw the translation of ``msgid`` with other math than its source, if it would."""
    expected, found = set(math_spans(msgid)), set(math_spans(msgstr))
    if expected == found:
        return None
    reason = _describe(expected - found, found - expected)
    return f"{reason} (a plot reads the text between two '$' as math: write '\\$' for a dollar sign)"


def _mismatches_of(message: Message, drawn: Collection[str] = ()) -> Iterator[str]:
    """Why the translation of ``message`` cannot be used; ``drawn``: the examples' messages, which plots may
    draw: their math must stay as it is (see :func:`math_spans`)."""
    ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    if ids[0] in drawn:
        for index, string in enumerate(strings):
            source = ids[min(index, len(ids) - 1)]
            if string and (reason := _math_mismatch(source, string)):
                yield f"msgstr[{index}]: {reason}" if len(strings) > 1 else reason
    if isinstance(message.id, tuple | list):
        # Plural forms may drop the count (e.g. "one file"), but never invent a placeholder.
        expected = frozenset().union(*(placeholders(i) for i in ids))
        present = [placeholders(s) for s in strings if s]
        for index, found in enumerate(present):
            if extra := set(found - expected):
                yield f"msgstr[{index}]: {_describe(set(), extra)}"
        if present and (missing := set(expected - frozenset().union(*present))):
            yield _describe(missing, set())
        return
    if strings[0]:
        expected, found = placeholders(ids[0]), placeholders(strings[0])
        fields = _format_fields(ids[0])
        used = _format_fields(strings[0])
        if fields and used is None:
            # Checked first: in "{k}}" the placeholder is there, and "missing {k}" would send the translator
            # looking for it.
            yield f"a '{{' or '}}' without its pair {_LITERAL_BRACE}"
        elif expected != found:
            yield _describe(set(expected - found), set(found - expected))
        elif fields and not used <= fields:
            # str.format would read a field the code does not pass.
            yield f"format fields differ {_LITERAL_BRACE}"
        if "#" in ids[0] and "#" not in strings[0] and _is_interface(message):
            yield "missing # (the theme writes the number there)"


def _is_interface(message: Message) -> bool:
    """Whether ``message`` is one of the theme's strings, whose "#" stands for a number."""
    return any(comment.startswith(interface.COMMENT_PREFIX) for comment in message.auto_comments)


_LITERAL_BRACE = "(write a literal brace as '{{' or '}}')"


def _format_fields(text: str) -> set[tuple[str, str | None, str]] | None:
    """The replacement fields ``str.format`` sees in ``text``; None when it would reject the text.

    Stricter than :func:`placeholders`, which only knows ``{name}``-like fields: ``str.format`` also reads
    ``{% raw %}`` or ``{a[0]}`` as fields, and fails on a lone brace.

    >>> sorted(_format_fields("{n} units, {x!r:>{w}}"))
    [('n', None, ''), ('x', 'r', '>{w}')]
    >>> _format_fields("units"), _format_fields("{n} } units"), _format_fields("{% raw %}")
    (set(), None, {('% raw %', None, '')})
    """
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return None
    return {(name, conv, spec) for _, name, spec, conv in parsed if name is not None}


def placeholder_mismatches(catalog: Catalog, drawn: Collection[str] = ()) -> list[tuple[int, str, str]]:
    """``(line, msgid, reason)`` for every translation whose placeholders differ from its source (and, for
    the ``drawn`` messages, the examples' that plots may draw, its math).

    Fuzzy entries are checked too: they are one click away from being used. Lines are the 1-based line of
    the entry's ``msgid`` in the ``.po`` file Babel read.
    """
    problems: list[tuple[int, str, str]] = []
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
        line = message.lineno or 0
        problems.extend((line, msgid, reason) for reason in _mismatches_of(message, drawn))
    return problems
