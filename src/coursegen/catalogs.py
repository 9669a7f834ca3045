"""Gettext catalogs in use: a locale's ``messages.po`` (read by :mod:`coursegen.pofiles`) translates, with
English as the fallback; and what a translator is told of it: its counts, placeholders and math it changes.

Catalogs are "compiled" in memory at build time: the ``.po`` file is parsed with Babel and its translated,
non-fuzzy entries become a plain dictionary. No ``.mo`` file is written, so there is no cache to invalidate,
no generated file to forget, and ``make serve`` picks up a translator's edit on the next rebuild. The catalogs
are a few hundred strings, so parsing them per build costs milliseconds.

A missing, empty or fuzzy translation never breaks a page: the English source is shown instead, and the
translator is told once (one warning per message per loaded translator) which string still needs work.

This is a leaf module: it knows nothing about lessons, transcripts or pages.
"""

from __future__ import annotations

import gettext as _gettext
import logging
import re
import string
import unicodedata
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural

from coursegen import interface
from coursegen.errors import CatalogError
from coursegen.locales import parse_locale
from coursegen.pofiles import DOMAIN, LETTER_ESCAPES, read_catalog, singular, strings

log = logging.getLogger(__name__)

TEMPLATE_NAME = f"{DOMAIN}.pot"


def gettext_name(code: str) -> str:
    """The folder name of a locale under ``locales/``: Babel's gettext spelling.

    >>> gettext_name("zh-Hant"), gettext_name("pt-br")
    ('zh_Hant', 'pt_BR')
    """
    return str(parse_locale(code))


def catalog_path(locales_dir: Path, code: str) -> Path:
    """Where the catalog of locale ``code`` lives."""
    return locales_dir / gettext_name(code) / "LC_MESSAGES" / f"{DOMAIN}.po"


# GNU gettext's rule for languages whose rule in Babel's table is not it: Babel gives Arabic's "many" (11 to
# 99) its sixth form and "other" (100 to 102) its fifth, the other way round from CLDR, GNU gettext, Weblate
# and every Arabic translation made elsewhere (python-babel issue 816).
STANDARD_PLURAL_RULES = {
    "ar": (6, "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)"),
}


def standard_plural_rule(locale: Locale | None) -> tuple[int, str] | None:
    """``(nplurals, plural)`` for a catalog of ``locale`` where Babel's own would not be the standard one."""
    return STANDARD_PLURAL_RULES.get(locale.language) if locale is not None else None


def plural_doubt(catalog: Catalog) -> str | None:
    """Why a usable plural rule is still doubtful: the one Babel writes for a language where it is not the
    standard (see :data:`STANDARD_PLURAL_RULES`). Its forms were filled in its order, so it stays in use."""
    standard = standard_plural_rule(catalog.locale)
    if standard is None or catalog.plural_expr.replace(" ", "") == standard[1].replace(" ", ""):
        return None
    if catalog.plural_expr != get_plural(catalog.locale).plural_expr:
        return None  # a rule of the translator's own
    return (
        "Plural-Forms is Babel's rule for this language, whose forms are not in GNU gettext's and CLDR's "
        "order: forms written in that order are shown for the wrong counts; with them, write "
        f"nplurals={standard[0]}; plural={standard[1]};"
    )


# The counts a catalog's plural rule is tried on: every rule of CLDR turns on n's last two or three digits.
PLURAL_COUNTS_TRIED = 1200


# GNU gettext's msgfmt takes a plural form picked for five counts of 0..1000 as one picked for many.
_MANY_COUNTS = 5


def forms_of_many_counts(catalog: Catalog) -> dict[int, tuple[int, ...]]:
    """The plural forms the catalog's rule picks for many counts (as msgfmt judges), each with the first
    counts it picks it for; none when the rule is unusable (its entries are shown in English then).

    >>> forms_of_many_counts(Catalog(locale="uk"))
    {0: (1, 21, 31, 41, 51), 1: (2, 3, 4, 22, 23), 2: (0, 5, 6, 7, 8)}
    """
    if plural_problem(catalog) is not None:
        return {}
    rule = _gettext.c2py(catalog.plural_expr)
    picked: dict[int, list[int]] = {}
    for n in range(1001):
        picked.setdefault(rule(n), []).append(n)
    return {
        form: tuple(counts[:_MANY_COUNTS])
        for form, counts in sorted(picked.items())
        if len(counts) >= _MANY_COUNTS
    }


def plural_problem(catalog: Catalog) -> str | None:
    """Why the catalog's plural rule cannot be used (its plural entries are then shown in English), if so."""
    unusable = f"unusable Plural-Forms rule {catalog.plural_expr!r}: plurals are shown in English"
    try:
        rule = _gettext.c2py(catalog.plural_expr)
        # A rule that compiles may still fail on a count (n%0), or pick a form the entries do not have.
        picked = {rule(n) for n in range(PLURAL_COUNTS_TRIED)}
    except (ValueError, SyntaxError, ArithmeticError, RecursionError):
        return unusable
    if not all(isinstance(index, int) and 0 <= index < catalog.num_plurals for index in picked):
        return f"{unusable} (it picks a form beyond nplurals={catalog.num_plurals})"
    return None


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
    # None when the catalog's rule cannot be used: its plural entries are then shown in English (the forms
    # picked by another rule than the translator's were wrong words: Arabic's "zero" form for 1).
    plural: Callable[[int], int] | None = field(default=lambda n: int(n != 1), repr=False, compare=False)
    # The rule ``plural`` was made from (C syntax, as the catalog's Plural-Forms says it): the examples'
    # kernel and the learner's notebook compile it again.
    plural_expr: str = "(n != 1)"
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
        if isinstance(found, tuple) and self.plural is not None:
            index = self.plural(n)
            if 0 <= index < len(found) and found[index]:
                return found[index]
        self._warn_missing(singular)
        return English(singular if n == 1 else plural)

    def plural_forms(self, singular: str) -> tuple[str, ...] | None:
        """Every plural form of ``singular``'s translation, in the order of :attr:`plural_expr`'s indices, or
        None when it has none to use (English then, and one warning)."""
        found = self.messages.get(singular)
        if isinstance(found, tuple) and found and all(found) and self.plural is not None:
            return found
        self._warn_missing(singular)
        return None

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

    def report(self, hints: bool = True) -> bool:
        """One warning for every string shown in English so far, named one by one only in the debug log
        (``mkdocs -v``): a new locale's build printed some 150 lines, on every rebuild under ``mkdocs serve``,
        and another translator's one-line error scrolled away among them. Without ``hints``, without what
        "fuzzy" means and the commands that help (a warning of an earlier locale said them: ten locales
        repeated them ten times). Whether it warned."""
        if not self._shown_in_english:
            return False
        fuzzy = len(self._shown_in_english & self.fuzzy)
        broken = len(self._shown_in_english & self.broken)
        missing = len(self._shown_in_english) - fuzzy - broken
        parts = [f"{missing} not translated"] if missing else []
        if fuzzy:
            parts.append(f"{fuzzy} marked fuzzy" + (f" ({FUZZY_HINT})" if hints else ""))
        if broken:
            parts.append(f"{broken} whose placeholders differ (named above)")
        where = self.path if self.path is not None else self.locale
        help_text = (
            " (`coursegen messages` adds new strings to the catalogs, `coursegen check` lists those left to "
            "translate)"
            if hints
            else ""
        )
        log.warning("%s: strings shown in English: %s%s", where, ", ".join(parts), help_text)
        return True


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
    many = forms_of_many_counts(catalog)
    for message in catalog:
        if not message.id or message.context is not None:
            continue  # the template has no contexts: an entry with one translates nothing on the site
        key = singular(message)
        if message.fuzzy:
            if any(strings(message)):
                fuzzy.add(key)
            continue
        problems = list(_mismatches_of(message, drawn, many))
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
    plural = _plural_function(catalog, path)
    return Translator(
        locale=locale,
        messages=messages,
        plural=plural,
        plural_expr=catalog.plural_expr if plural is not None else "(n != 1)",
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


def _plural_function(catalog: Catalog, path: Path | None = None) -> Callable[[int], int] | None:
    problem = plural_problem(catalog)
    if problem is None:
        return _gettext.c2py(catalog.plural_expr)
    log.warning("%s: %s", path or catalog.locale, problem)
    return None


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
    if _empty(path):
        # An editor that saves in place empties the file first: a build that read it then published the
        # locale all in English, --strict or not (mkdocs serve keeps the catalog as last read instead).
        raise CatalogError(
            "empty (a save caught half-way, or emptied by mistake): every string would be shown in English; "
            "save it again, or restore it (`coursegen messages` fills an empty one anew)",
            path=path,
        )
    return translator_from_catalog(read_catalog(path, locale=locale), str(locale), path, drawn)


def _empty(path: Path) -> bool:
    """Whether the file holds nothing but white space (one that cannot be read is left to the reader)."""
    try:
        return not path.read_bytes().strip()
    except OSError:
        return False


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
    texts = strings(message)
    return bool(texts) and all(texts)


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

# A field, or what only looks like one: escaped braces and percent signs are left as they are.
_FIELD_OR_ESCAPE = re.compile(rf"\{{\{{|\}}\}}|%%|{_BRACE_FIELD.pattern}|{_PERCENT.pattern}")
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def isolate_fields(text: str) -> str:
    """``text`` with each format field (``{scale}``, ``%d``) between direction isolates, unless it holds math.

    In a right-to-left translation, the value filled in took the direction of the letters around it:
    "المقياس {scale}" with "1/sqrt(n)" read "sqrt(n)/1" in the plot's legend and the printed table.
    Isolated, it keeps its own order (matplotlib draws the marks as nothing). Not in a text with math:
    matplotlib lays all of it out as math, which has no glyph for the marks and drew each as a box
    ("¤5¤ خطوات عند η = 0.25").

    >>> isolate_fields("المقياس {scale}: %d, {{not}} 100%%")
    'المقياس \u2068{scale}\u2069: \u2068%d\u2069, {{not}} 100%%'
    >>> isolate_fields("{n} خطوات عند $x = {x}$")
    '{n} خطوات عند $x = {x}$'
    """
    if math_spans(text):
        return text

    def isolate(match: re.Match[str]) -> str:
        field = match.group(0)
        if field in ("{{", "}}", "%%"):
            return field
        return f"{FIRST_STRONG_ISOLATE}{field}{POP_DIRECTIONAL_ISOLATE}"

    return _FIELD_OR_ESCAPE.sub(isolate, text)


def math_spans(text: str) -> tuple[str, ...]:
    """The math matplotlib reads in a label, as it reads it: an even number of unescaped ``$`` makes every
    other stretch between them math (``"cost $J(w)$"``); an odd number, none.

    Plots draw math as the author wrote it (a log axis's 10⁻³, ``$\\alpha$``); the translation of a text a
    plot draws must not bring math its source has not: "entre 5 $ et 10 $" would be drawn as math, or stop
    the build. (Elsewhere, on pages and in printed output, "$" is only a character.)

    >>> math_spans("cost $J(w)$ at {step}"), math_spans(r"5 $ or 6 \\$"), math_spans("from 5 $ to 10 $")
    (('$J(w)$',), (), ('$ to 10 $',))
    """
    return tuple(f"${piece}$" for piece, math in _math_pieces(text) if math)


def _math_pieces(text: str) -> list[tuple[str, bool]]:
    """``text`` cut at its unescaped ``$``, each piece with whether matplotlib reads it as math (see
    :func:`math_spans`)."""
    pieces = _UNESCAPED_DOLLAR.split(text)
    math = len(pieces) >= 3 and len(pieces) % 2 == 1
    return [(piece, math and index % 2 == 1) for index, piece in enumerate(pieces)]


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


_UNDRAWN_KINDS = {"Cc": "a control character", "Co": "a private-use character", "Cn": "not a character"}
_UNDRAWN_KINDS["Cs"] = _UNDRAWN_KINDS["Cn"]


def _undrawable(msgid: str, msgstr: str) -> str | None:
    """Why a plot could not draw the translation of ``msgid``, if one of its characters is no text: a control
    character pasted from a word processor (a vertical tab) or a terminal, a private-use one from a PDF's
    font. matplotlib finds no glyph for it and the build of every language stopped, naming the examples."""
    found = sorted(
        {
            char
            for char in msgstr
            if char != "\n" and char not in msgid and unicodedata.category(char) in _UNDRAWN_KINDS
        }
    )
    if not found:
        return None
    named = ", ".join(f"U+{ord(char):04X} ({_UNDRAWN_KINDS[unicodedata.category(char)]})" for char in found)
    for letter, char in LETTER_ESCAPES.items():
        for match in re.finditer(re.escape(char) + "([A-Za-z]*)", msgstr):
            command = f"\\{letter}{match.group(1)}"
            if command in msgid:  # "$\\alpha$" typed with one backslash: a bell, then "lpha", for msgfmt too
                return (
                    f"{named}, which a plot cannot draw (in a catalog, \\{letter} is that character: write "
                    f"\\{command} for {command})"
                )
    return f"{named}, which a plot cannot draw"


def _mismatches_of(
    message: Message, drawn: Collection[str] = (), many: Mapping[int, tuple[int, ...]] | None = None
) -> Iterator[str]:
    """Why the translation of ``message`` cannot be used; ``drawn``: the examples' messages, which plots may
    draw: their math must stay as it is (see :func:`math_spans`) and their characters be text; ``many``: the
    plural forms its catalog's rule uses for many counts, with the first of them (see
    :func:`forms_of_many_counts`)."""
    ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
    texts = strings(message)
    if ids[0] in drawn:
        for index, string in enumerate(texts):
            source = ids[min(index, len(ids) - 1)]
            for reason in (_math_mismatch(source, string), _undrawable(source, string)) if string else ():
                if reason:
                    yield f"msgstr[{index}]: {reason}" if len(texts) > 1 else reason
    if isinstance(message.id, tuple | list):
        # A form for one count may drop the number ("one file"), a form for many may not (Ukrainian's
        # "один кластер" was shown for 21 too), and none may invent a placeholder.
        expected = frozenset().union(*(placeholders(i) for i in ids))
        present = [placeholders(s) for s in texts if s]
        for index, found in enumerate(present):
            if extra := set(found - expected):
                yield f"msgstr[{index}]: {_describe(set(), extra)}"
            elif many and index in many and (dropped := set(expected - found)):
                counts = ", ".join(map(str, many[index])) + "..."
                yield (
                    f"msgstr[{index}]: {_describe(dropped, set())} (this form is shown for {counts}: only a "
                    "form for one count may leave the number out)"
                )
        if present and (missing := set(expected - frozenset().union(*present))):
            yield _describe(missing, set())
        # As for a singular entry: examples fill a form in with str.format (ngettext(...).format(n=n)).
        fields = set().union(*(_format_fields(i) or set() for i in ids))
        if fields:
            for index, text in enumerate(texts):
                used = _format_fields(text) if text else set()
                if used is None:
                    yield f"msgstr[{index}]: a '{{' or '}}' without its pair {_LITERAL_BRACE}"
                elif not used <= fields and placeholders(text) <= expected:  # (an extra one is said above)
                    yield f"msgstr[{index}]: format fields differ {_LITERAL_BRACE}"
        return
    if texts[0]:
        expected, found = placeholders(ids[0]), placeholders(texts[0])
        fields = _format_fields(ids[0])
        used = _format_fields(texts[0])
        if fields and used is None:
            # Checked first: in "{k}}" the placeholder is there, and "missing {k}" would send the translator
            # looking for it.
            yield f"a '{{' or '}}' without its pair {_LITERAL_BRACE}"
        elif expected != found:
            yield _describe(set(expected - found), set(found - expected))
        elif fields and not used <= fields:
            # str.format would read a field the code does not pass.
            yield f"format fields differ {_LITERAL_BRACE}"
        if "#" in ids[0] and "#" not in texts[0] and _is_interface(message):
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
    many = forms_of_many_counts(catalog)
    for message in catalog:
        if not message.id:
            continue
        msgid = singular(message)
        line = message.lineno or 0
        problems.extend((line, msgid, reason) for reason in _mismatches_of(message, drawn, many))
    return problems
