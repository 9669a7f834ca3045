"""Gettext catalog files: ``.po`` and ``.pot`` read strictly, with every error at its file and line, and
written in the one layout coursegen keeps, which GNU gettext's tools (msgfmt, msgmerge) read as their own.

Babel parses and writes the entries; what it gets wrong for translators' tools is done here: the syntax it
lets through (duplicates, entries out of order, another charset), header fields named at their own line,
the previous English of fuzzy entries (``#|``) and the obsolete entries (``#~``) written as msgmerge writes
them. This is a leaf module: it knows nothing of translating, lessons or pages.
"""

from __future__ import annotations

import codecs
import io
import itertools
import re
import secrets
from pathlib import Path
from textwrap import TextWrapper

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, escape, read_po, unescape, write_po

from coursegen.errors import CatalogError, shortened
from coursegen.files import refuse_merge_conflict

DOMAIN = "messages"
LINE_WIDTH = 76


def read_catalog(path: Path, locale: Locale | str | None = None) -> Catalog:
    """Parse a ``.po``/``.pot`` file strictly; a syntax error becomes ``CatalogError`` at its line."""
    try:
        # Windows editors may save UTF-8 with a byte-order mark; it is no part of the first line.
        raw = path.read_bytes()
        data = raw.removeprefix(codecs.BOM_UTF8)
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
    refuse_merge_conflict(text, path, CatalogError)
    _check_syntax(text, path)
    _check_charset(text, path)
    _check_duplicates(text, path)
    data = _babel_escapes(text, path).encode("utf-8")
    # Babel cannot read msgmerge's "#~|" (the previous text of an obsolete fuzzy entry); as "#|" it can.
    data = _OBSOLETE_PREVIOUS.sub(b"#|", data)
    # Each "#|" line numbered: Babel keeps one of repeated comment lines, and a previous text with two blank
    # lines came back with one.
    numbers = itertools.count()
    data = _PREVIOUS_LINE.sub(lambda _match: b"#|%08d" % next(numbers), data)
    too_many = _plural_count_problem(text)
    if too_many is not None:  # before Babel, which makes a list of that many forms for each plural entry
        raise CatalogError(too_many[1], path=path, line=too_many[0])
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
        if reason.startswith("msg has more translations than num_plurals"):
            # Babel's words, for a header whose nplurals was lowered (Arabic's six forms "simplified" to two).
            header = next(
                (f"line {n}: {v}" for n, name, v in header_fields(text) if name == "plural-forms"), ""
            )
            reason = (
                "an entry with more plural forms than the Plural-Forms header gives"
                + (f" ({header})" if header else " (none: two)")
                + ": mend the header, or drop the extra msgstr[n] lines"
            )
        raise CatalogError(reason, path=path, line=_content_line(data, exc.lineno)) from None
    for message in [*catalog, *catalog.obsolete.values()]:
        _take_previous(message)
    catalog.coursegen_tool_headers = _tool_headers(text)  # type: ignore[attr-defined]
    # Read here, refused by GNU gettext's tools: check says so.
    catalog.coursegen_byte_order_mark = raw.startswith(codecs.BOM_UTF8)  # type: ignore[attr-defined]
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


def singular(message: Message) -> str:
    """A message's text: its singular form, for a plural entry."""
    return message.id[0] if isinstance(message.id, tuple | list) else message.id


def strings(message: Message) -> tuple[str, ...]:
    """A message's translations: one, or one per plural form."""
    return tuple(message.string) if isinstance(message.string, tuple | list) else (message.string,)


def line_break_mismatches(catalog: Catalog) -> list[tuple[int, str, str]]:
    """``(line, msgid, reason)`` for every translation that begins or ends with a line break where its
    English does not, or the other way round: GNU gettext's msgfmt refuses the whole catalog for one (and
    Poedit and Weblate, which compile with it, with it), though Babel reads it.

    >>> catalog = Catalog(locale="fr")
    >>> _ = catalog.add("Hello", "Bonjour\\n", lineno=4)
    >>> line_break_mismatches(catalog)
    [(4, 'Hello', 'the translation ends with a line break its English lacks')]
    """
    problems = []
    for message in catalog:
        if not message.id:
            continue
        english = singular(message)
        # One finding per entry is enough to send the translator there.
        found = (_line_break_mismatch(english, string) for string in strings(message) if string)
        reason = next(filter(None, found), None)
        if reason:
            problems.append((message.lineno or 0, english, reason))
    return problems


def _line_break_mismatch(english: str, translation: str) -> str | None:
    for end, test in (("begins", str.startswith), ("ends", str.endswith)):
        if test(english, "\n") and not test(translation, "\n"):
            return f"the translation lacks the line break its English {end} with"
        if test(translation, "\n") and not test(english, "\n"):
            return f"the translation {end} with a line break its English lacks"
    return None


# The escapes GNU gettext's msgfmt reads in a string (octal digits and \x too); another is refused.
# Not \' nor \?, which C reads ("L\'initialisation", typed from habit): msgfmt refuses them.
_KNOWN_ESCAPES = frozenset('\\"abfnrtvx01234567')
_STRING_LINE = re.compile(r'^\s*(?:#~\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"(.*)"\s*$')


def unknown_escapes(text: str) -> list[tuple[int, str]]:
    r"""``(line, escape)`` for every backslash in the catalog's strings that msgfmt does not read: Babel keeps
    ``\eta`` typed by hand in a plot's math, GNU gettext's msgfmt (and Poedit and Weblate with it) refuses the
    catalog ("invalid control sequence").

    >>> unknown_escapes('msgid "a"\nmsgstr "$\\eta$ \\n \\\\eta"\n')
    [(2, '\\e')]
    """
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _STRING_LINE.match(line)
        if match is None:
            continue
        body, index = match.group(1), 0
        while (index := body.find("\\", index)) >= 0 and index + 1 < len(body):
            if body[index + 1] not in _KNOWN_ESCAPES:
                found.append((number, body[index : index + 2]))
            index += 2
    return found


# Babel reads only these escapes (\\, \", \n, \t, \r); msgfmt reads the others below too.
_BABEL_READS = frozenset('\\"ntr')
#: The control character msgfmt reads a letter's escape as ("\a" is a bell), by letter.
LETTER_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "v": "\v"}
# A quote, a backslash or a line break made by a byte's escape stays an escape, for Babel to read.
_BABEL_ESCAPED = {0x22: b'\\"', 0x5C: b"\\\\", 0x0A: b"\\n", 0x09: b"\\t", 0x0D: b"\\r"}
_BYTE_ESCAPE = re.compile(r"\\([0-7]{1,3}|x[0-9A-Fa-f]+)")


def _babel_escapes(text: str, path: Path) -> str:
    r"""``text`` with the escapes of its strings that GNU gettext's msgfmt reads and Babel does not (``\a``,
    ``\v``, octal and ``\x`` bytes) written as what they stand for, so that Babel reads every string as
    msgfmt, Poedit and Weblate do: "\x41" was shown as typed, where they show "A". An escape msgfmt refuses
    (``\e``, ``\'``) is kept as typed, for check to name.
    """
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if "\\" not in line or (match := _STRING_LINE.match(line)) is None:
            continue
        body = match.group(1)
        decoded = _decoded_body(body, path, number + 1)
        if decoded != body:
            lines[number] = line[: match.start(1)] + decoded + line[match.end(1) :]
    return "\n".join(lines)


def _decoded_body(body: str, path: Path, line: int) -> str:
    """The body of one quoted string with msgfmt's other escapes decoded, Babel's kept (see above)."""
    out = bytearray()
    index = 0
    while index < len(body):
        char = body[index]
        following = body[index + 1 : index + 2]
        if char != "\\" or not following:
            out += char.encode()
            index += 1
            continue
        if following in _BABEL_READS:
            out += (char + following).encode()
            index += 2
            continue
        if following in LETTER_ESCAPES:
            out += LETTER_ESCAPES[following].encode()
            index += 2
            continue
        match = _BYTE_ESCAPE.match(body, index)
        if match is None:  # no escape at all: kept as typed
            out += body[index : index + 2].encode()
            index += 2
            continue
        digits = match.group(1)
        value = (int(digits[1:], 16) if digits.startswith("x") else int(digits, 8)) & 0xFF
        out += _BABEL_ESCAPED.get(value, bytes([value]))
        index = match.end()
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError as exc:
        escapes = ", ".join(f"'{m.group()}'" for m in _BYTE_ESCAPE.finditer(body))
        raise CatalogError(
            f"the escapes {escapes} make no UTF-8 text (byte 0x{out[exc.start]:02x}): write the characters "
            "themselves",
            path=path,
            line=line,
        ) from None


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


#: The plural forms a catalog may have: no language has more than CLDR's six categories. More is a slip of
#: the keyboard (nplurals=22), and each plural entry would be written with that many msgstr lines: with
#: nplurals=1000000000, `coursegen check`, `messages` and the build never ended.
MAX_PLURAL_FORMS = 6


def _nplurals(plural_forms: str) -> str:
    """The nplurals of a Plural-Forms header's value, as written ("" without one)."""
    parts = dict(part.strip().partition("=")[::2] for part in plural_forms.split(";") if "=" in part)
    return parts.get("nplurals", "").strip()


def _plural_count_problem(text: str) -> tuple[int, str] | None:
    """A Plural-Forms header whose nplurals is no language's count of forms, at its line."""
    for line, name, value in header_fields(text):
        if name == "plural-forms":
            count = _nplurals(value)
            if count.isdigit() and not 1 <= int(count) <= MAX_PLURAL_FORMS:
                return line, (
                    f"Plural-Forms: nplurals={int(count)}, where a language has 1 to {MAX_PLURAL_FORMS} "
                    "forms (CLDR's zero, one, two, few, many and other)"
                )
    return None


def _header_problem(text: str) -> tuple[int, str] | None:
    """A header field Babel cannot read, at its line, in a translator's words."""
    for line, name, value in header_fields(text):
        if name == "language" and value:
            try:
                Locale.parse(value.replace("-", "_"))
            except (ValueError, TypeError, UnknownLocaleError):
                return line, f"Language '{value}' is no locale code: write one as fr, pt_BR or zh_Hant"
        if name == "plural-forms":
            count = _nplurals(value)
            if not count.isdigit():
                return line, f"Plural-Forms: nplurals must be a number, not '{count}'"
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
        # Only what was a "#|" line, numbered by read_catalog: a translator's "# |z| stays |z|" is a comment.
        if not _PREVIOUS_NUMBER.match(comment):
            kept.append(comment)
            continue
        line = _PREVIOUS_NUMBER.sub("", comment).strip()
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
# An entry's keywords (msgid_plural before msgid, which begins it).
_KEYWORDS = r"msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?"
_PO_LINE = re.compile(rf"^(?:(?:{_KEYWORDS})\s+)?{_PO_STRING}$")
_PO_KEYWORD = re.compile(rf"^({_KEYWORDS})\b")
_ENTRY_KEYWORD = re.compile(rf"^({_KEYWORDS})(?=\s)")


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
            shown = shortened(msgid, 50)
            reason = f"message {shown!r} defined twice (first at line {first})"
            raise CatalogError(reason, path=path, line=start)

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
    data = _escaped_controls(text).encode("utf-8")
    tools = getattr(catalog, "coursegen_tool_headers", ())
    if tools:
        # At the end of the header entry, as the tools write them.
        end = data.index(b"\n\n", data.index(b'msgstr ""\n')) + 1
        lines = "".join(escape(f"{name}: {value}\n") + "\n" for name, value in tools).encode()
        data = data[:end] + lines + data[end:]
    return data


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_ESCAPES = {char: f"\\{letter}" for letter, char in LETTER_ESCAPES.items()}


def _escaped_controls(text: str) -> str:
    """The control characters of the catalog's strings written as the escapes msgfmt reads: Babel writes
    them as they are, and one read from "\\a" was written back as "\\\\a", a backslash and a letter."""
    if _CONTROL.search(text) is None:
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if _CONTROL.search(line) and _STRING_LINE.match(line):
            lines[number] = _CONTROL.sub(
                lambda match: _CONTROL_ESCAPES.get(match.group(), f"\\{ord(match.group()):03o}"), line
            )
    return "\n".join(lines)


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


# -- keeping another tool's layout --------------------------------------------------------------------------

#: The header fields that tell when a catalog was made and last translated.
DATE_FIELDS = ("POT-Creation-Date", "PO-Revision-Date")
_DATE_FIELD = re.compile(rf'^"(?:{"|".join(DATE_FIELDS)}):')
_ENTRY_LINE = re.compile(rf'^({_KEYWORDS})\s+"(.*)"$')
_MSGSTR_LINE = re.compile(r"^(?:#~ )?msgstr")
EntryKey = tuple[bool, str | None, str]


def keep_layout(current: str, before: str, after: str) -> str | None:
    """``after`` (a rendered catalog) with each entry that ``before`` (``current`` as coursegen renders it)
    renders alike taken as ``current`` writes it; None when ``current``'s entries cannot be told apart.

    Another tool's layout (msgmerge, Poedit and Weblate wrap at 79 columns, order the header's fields their
    own way) is kept for what did not change: one new string rewrote a thousand lines of the catalogs, and
    the tool's next save rewrapped them back. An entry whose ``msgstr`` lines are not all there (fewer forms
    than the header's ``nplurals``, which GNU gettext's msgfmt refuses) is written anew, with all of them.

    >>> head = 'msgid ""\\nmsgstr "X: 1\\\\n"\\n\\n#: a.py:1\\nmsgid "A long text"\\n'
    >>> current, before = head + 'msgstr ""\\n"Un long texte"\\n', head + 'msgstr "Un long texte"\\n'
    >>> print(keep_layout(current, before, before + '\\n#: a.py:2\\nmsgid "New"\\nmsgstr ""\\n'), end="")
    msgid ""
    msgstr "X: 1\\n"
    <BLANKLINE>
    #: a.py:1
    msgid "A long text"
    msgstr ""
    "Un long texte"
    <BLANKLINE>
    #: a.py:2
    msgid "New"
    msgstr ""
    """
    kept, rendered = _keyed_blocks(current), _keyed_blocks(before)
    if kept is None or rendered is None or kept.keys() != rendered.keys():
        return None
    blocks = []
    for _start, block in _blocks(after):
        key = _entry_key(block)
        own = kept.get(key) if key is not None else None
        # The header's dates aside: they are all that changes in it.
        if key is not None and own is not None and _undated(rendered[key]) == _undated(block):
            blocks.append(own if _msgstr_lines(own) == _msgstr_lines(block) else block)
        else:
            blocks.append(block)
    ending = current[len(current.rstrip("\n")) :] or "\n"  # Babel ends with a blank line, msgmerge without
    return "\n\n".join("\n".join(block) for block in blocks) + ending


def missing_plural_forms(text: str, nplurals: int) -> list[tuple[int, int]]:
    """``(line, forms)`` for every plural entry of the catalog's text with fewer ``msgstr[n]`` lines than the
    header's ``nplurals``, at its ``msgid`` line: GNU gettext's msgfmt (so Poedit and Weblate) refuses the
    catalog, where Babel reads the missing forms as empty.

    >>> missing_plural_forms('msgid "a"\\nmsgid_plural "as"\\nmsgstr[0] "x"\\n', 2)
    [(1, 1)]
    """
    found = []
    for start, block in _blocks(text):
        if any(line.startswith("msgid_plural") for line in block):
            forms = _msgstr_lines(block)
            if forms < nplurals:
                at = next(n for n, line in enumerate(block) if line.startswith("msgid"))
                found.append((start + at, forms))
    return found


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """The text's entries: its runs of lines between blank lines, each with the line it starts at."""
    blocks: list[tuple[int, list[str]]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        if blocks and blocks[-1][0] + len(blocks[-1][1]) == number:
            blocks[-1][1].append(line)
        else:
            blocks.append((number, [line]))
    return blocks


def _keyed_blocks(text: str) -> dict[EntryKey, list[str]] | None:
    """The text's entries by what tells them apart, each with the comments standing apart above it; None if
    one cannot be told (two alike, comments after the last)."""
    keyed: dict[EntryKey, list[str]] = {}
    alone: list[str] = []  # comments standing apart (the translators' credits above the header)
    for _start, block in _blocks(text):
        key = _entry_key(block)
        if key is None and all(line.startswith("#") for line in block):
            alone += [*block, ""]
            continue
        if key is None or key in keyed:
            return None
        keyed[key], alone = alone + block, []
    return keyed if not alone else None


def _entry_key(block: list[str]) -> EntryKey | None:
    """Whether the entry is obsolete, its context and its English, as the file spells them (wrapped anywhere:
    the pieces of a string are joined)."""
    parts: dict[str, list[str]] = {}
    keyword = None
    obsolete = False
    for line in block:
        if line.startswith("#~ "):
            obsolete, line = True, line[3:]
        elif line.startswith("#"):
            continue
        match = _ENTRY_LINE.match(line)
        if match:
            keyword = match.group(1)
            parts.setdefault(keyword, []).append(match.group(2))
        elif keyword is not None and line.startswith('"') and line.rstrip().endswith('"'):
            parts[keyword].append(line.strip()[1:-1])
    if "msgid" not in parts:
        return None
    context = "".join(parts["msgctxt"]) if "msgctxt" in parts else None
    return obsolete, context, "".join(parts["msgid"])


def _undated(block: list[str]) -> list[str]:
    return [line for line in block if not _DATE_FIELD.match(line)]


def _msgstr_lines(block: list[str]) -> int:
    return sum(1 for line in block if _MSGSTR_LINE.match(line))
