"""Bytes to text: find a transcript file's character encoding and decode it.

Volunteers save transcripts with whatever their editor defaults to: UTF-8 with or without a byte-order
mark, UTF-16 from Windows tools, or a legacy code page of their region (cp1251, Big5, EUC-KR, cp1254,
cp1252, Latin-1). Byte-order marks and strict UTF-8 are certain and checked first; everything else is
a guess by charset-normalizer. Short legacy files are where that guess is weak: several single-byte code
pages decode the same bytes without error. The transcript's language settles it, using only the data
charset-normalizer ships (which languages each match looks like, which languages a multi-byte code
page serves), so no table of "this language uses that code page" lives here.

What the bytes do not settle is not to be recorded for the file's later versions (``Decoded.settled``),
and an encoding given for a file is weighed against its language too: read as given, with a doubt for
check and the build to warn of when another code page reads it as the language far better.
"""

from __future__ import annotations

import codecs
import functools
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import icu
from babel import Locale
from charset_normalizer import from_bytes
from charset_normalizer.cd import mb_encoding_languages
from charset_normalizer.constant import IANA_SUPPORTED

from coursegen.errors import TranscriptError, shortened
from coursegen.files import CUT_SHORT, ends_mid_character
from coursegen.locales import icu_knows, likely_script
from coursegen.textcodecs import text_codec

log = logging.getLogger(__name__)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Share of C0 control characters (other than tab, line feed, carriage return, form feed) above which a
# decoded file is taken for binary data rather than text.
_MAX_CONTROL_SHARE = 0.01


@dataclass(frozen=True)
class Decoded:
    """Text decoded from a file, with the codec name (Python's canonical spelling) that decoded it.

    ``settled``: whether the bytes tell the encoding, so that it may be recorded for later versions of the
    file (see :func:`decode`). ``doubt``: why a given encoding seems not to be the file's, or "".
    """

    text: str
    encoding: str
    settled: bool = True
    doubt: str = ""


def _line_of(data: bytes, offset: int) -> int:
    """1-based line number of a byte offset, for error messages.

    >>> _line_of(b"a\\nb\\nc", 4)
    3
    """
    return data.count(b"\n", 0, offset) + 1


def _canonical(name: str, path: Path) -> str:
    codec = text_codec(name)
    if codec is None:
        raise TranscriptError(f"unknown encoding {name!r}: give one such as utf-8, cp1251 or big5", path=path)
    return codec


def _strict(data: bytes, encoding: str, path: Path, given: bool = False, locale: Locale | None = None) -> str:
    """``data`` decoded; ``given`` says the encoding was given for the file, which the message then names
    as what to correct (a file re-saved in another encoding was converted back, the stale `encoding:` of
    its .yml left as it was), with the code page that reads it as ``locale``'s language, if one does."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if ends_mid_character(exc):
            raise TranscriptError(CUT_SHORT, path=path, line=_line_of(data, exc.start)) from None
        fix = ""
        if given:
            reader = _reader_of(data, locale)
            fix = (
                f": the file is saved in another encoding{f' ({reader})' if reader else ''}; give that one, "
                "or none to have it detected (`encoding:` in the transcript's .yml, or add-locale's "
                "--encoding)"
            )
        raise TranscriptError(
            f"cannot be decoded as {encoding}: byte 0x{data[exc.start]:02x} is invalid{fix}",
            path=path,
            line=_line_of(data, exc.start),
        ) from None


def _reader_of(data: bytes, locale: Locale | None) -> str:
    """Which code page reads ``data`` ("cp949 reads it as Korean"), for a given encoding that cannot: most
    often a narrower one of the same script (euc_kr for Windows' cp949, big5 for big5hkscs). "" when none
    reads it as the language, or the file is UTF-8 but for a few bytes (read so, the rest is mojibake)."""
    try:
        _check_mostly_utf8(data, 0, Path(), locale)
        guess = _guess_legacy(data, locale)
        if guess is None:
            return ""
        codec = text_codec(guess[0]) or guess[0]
        text = data.decode(codec)
    except (TranscriptError, UnicodeDecodeError, LookupError):
        return ""
    if locale is None:
        return f"{codec} reads it"
    letters = _exemplars(locale)
    if letters is None:
        return f"{codec} reads it"
    if _scarce(text, letters):
        return ""
    return f"{codec} reads it as {locale.get_language_name('en')}"


def _bom(data: bytes) -> tuple[str, int] | None:
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return encoding, len(mark)
    return None


def _certain_unicode(data: bytes, bom: tuple[str, int] | None) -> str | None:
    """The Unicode encoding ``data`` is certainly in, from a byte-order mark or as non-ASCII strict UTF-8.

    Real text in a legacy code page is almost never valid UTF-8 beyond a few letters: its letters would
    have to fall into UTF-8's lead and continuation byte ranges in exactly the right order, every time.

    >>> _certain_unicode("Коли".encode(), None), _certain_unicode("Коли".encode("cp1251"), None)
    ('utf-8', None)
    >>> _certain_unicode(b"plain ASCII", None) is None
    True
    """
    if bom is not None:
        return bom[0]
    if data.isascii():
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "utf-8"


def _family(codec: str) -> str:
    """The Unicode encoding form a codec reads (``utf-8``, ``utf-16``, ``utf-32``), or the codec itself.

    >>> _family("utf-16-le"), _family("utf-8-sig"), _family("cp1251")
    ('utf-16', 'utf-8', 'cp1251')
    """
    for form in ("utf-8", "utf-16", "utf-32"):
        if codec.startswith(form):
            return form
    return codec


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``data`` reads as text in it with no byte-order mark: the start of
    the file decodes to characters that are all assigned, none of them a control character, with spaces or
    line breaks among them (in the wrong byte order, a space is U+2000 and a line break unassigned).

    >>> _utf16_without_bom("Коли ти\\n".encode("utf-16-be")), _utf16_without_bom(b"PK\\x03\\x04\\x00\\x00ab")
    ('utf-16-be', None)
    """
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = codecs.getincrementaldecoder(codec)().decode(data[:8192], final=False)
        except UnicodeDecodeError:
            continue
        breaks = sum(1 for ch in text if ch in " \n")
        odd = any(
            (ch < " " and ch not in "\t\n\r\f") or unicodedata.category(ch) in ("Cn", "Co", "Cs")
            for ch in text
        )
        if text and not odd and breaks >= 0.01 * len(text):
            return codec
    return None


def _check_mostly_utf8(data: bytes, error_at: int, path: Path, locale: Locale | None = None) -> None:
    """Refuse a UTF-8 file with a few stray bytes of a legacy code page (a word pasted from an older
    program): read in the code page that fits the stray bytes, every other letter of the file would be
    mojibake. Text in a legacy code page forms a valid UTF-8 sequence only by accident, now and then;
    here valid sequences outnumber the invalid bytes four to one.
    """
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    beyond = [ch for ch in text if ord(ch) > 0x7F and ch != "\ufffd"]
    # A file of few characters beyond ASCII (English, Swahili) has few to outnumber its stray bytes: there
    # they need only be as many, and all such as a text of the language holds (its letters, Latin ones,
    # typographic punctuation): a code page's bytes that make a UTF-8 sequence by chance make a letter of
    # another script ("Gauß’s" in cp1252 holds U+07D2, an N'Ko letter) or a control character.
    letters = _exemplars(locale) if locale is not None else None
    if len(beyond) >= 4 * invalid or (len(beyond) >= invalid and all(_typed(ch, letters) for ch in beyond)):
        reason = (
            f"not UTF-8 at byte 0x{data[error_at]:02x}, unlike the rest of the file: correct the character "
            "there, or give the file's encoding"
        )
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if ends_mid_character(exc):
                reason = CUT_SHORT
        raise TranscriptError(reason, path=path, line=_line_of(data, error_at))


def _typed(char: str, letters: icu.UnicodeSet | None) -> bool:
    """Whether ``char`` is one a text beyond ASCII most often holds: a Latin letter or symbol (up to Latin
    Extended-B), typographic punctuation (quotation marks, dashes, the ellipsis), a currency sign, or a
    letter of the text's language."""
    code = ord(char)
    if 0xA0 <= code <= 0x24F or 0x2000 <= code <= 0x206F or 0x20A0 <= code <= 0x20CF:
        return unicodedata.category(char)[0] in "LPSZN"
    return letters is not None and _is_letter(char, letters)


def _check_binary(data: bytes, path: Path) -> None:
    nul = data.find(b"\x00")
    if nul < 0:
        return
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        reason = (
            f"no byte-order mark, but this looks like {utf16} text: give that encoding "
            "(`encoding:` in the transcript's .yml, or add-locale's --encoding)"
        )
        raise TranscriptError(reason, path=path)
    reason = (
        "binary file (NUL byte), not a transcript: save it as plain text (.txt) or subtitles (.srt, .vtt)"
    )
    raise TranscriptError(reason, path=path, line=_line_of(data, nul))


def _check_text(text: str, path: Path) -> None:
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f")
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise TranscriptError("binary file (control characters), not a transcript", path=path)


def _exemplars(locale: Locale) -> icu.UnicodeSet | None:
    """The letters CLDR lists as used by the locale's language, standard and auxiliary. Where ICU has no
    data for the language (it would give the letters of the machine's locale: see ``icu_knows``), the Latin
    letters most languages share for a language written in Latin letters, else None.

    >>> [len(_exemplars(Locale(code)) or ()) > 26 for code in ("fr", "co")], _exemplars(Locale("dv"))
    ([True, True], None)
    """
    code = str(locale)
    if not icu_knows(code):
        if (locale.script or likely_script(locale.language)) != "Latn":
            return None
        code = "en"  # its letters and auxiliary ones: those of the Latin alphabet most languages share
    data = icu.LocaleData(code)
    letters = icu.UnicodeSet(data.getExemplarSet(0, icu.ULocaleDataExemplarSetType.ES_STANDARD))
    letters.addAll(data.getExemplarSet(0, icu.ULocaleDataExemplarSetType.ES_AUXILIARY))
    return letters


# Punctuation by category that is a symbol by use (¶ § † • ※): shared by all scripts, no part of a word
# (Word_Break Other, unlike an apostrophe or the Catalan middle dot) and with no place at a word's edge
# (it breaks lines like a letter, unlike quotes, brackets, stops, dashes or the ellipsis).
_SYMBOL_PUNCTUATION = icu.UnicodeSet(r"[[:P:]&[:sc=Common:]&[:WB=Other:]&[[:lb=AL:][:lb=AI:]]-[:ASCII:]]")


def _glued_symbols(locale: Locale) -> icu.UnicodeSet:
    """The symbol-like punctuation that, touching a letter of the locale's language, is a wrongly read
    letter: all of it but what CLDR lists as the language's own punctuation (Georgian's ჻)."""
    symbols = icu.UnicodeSet(_SYMBOL_PUNCTUATION)
    if not icu_knows(str(locale)):
        return symbols
    data = icu.LocaleData(str(locale))
    symbols.removeAll(data.getExemplarSet(0, icu.ULocaleDataExemplarSetType.ES_PUNCTUATION))
    return symbols


def _is_letter(ch: str, letters: icu.UnicodeSet) -> bool:
    return letters.contains(ch.lower()) or letters.contains(ch)


def _fit(text: str, letters: icu.UnicodeSet, symbols: icu.UnicodeSet) -> float:
    """Share of the non-ASCII characters of ``text`` that are the language's letters or punctuation.

    A wrong legacy code page turns the language's own letters into foreign letters or symbols, which
    lowers this share; 1.0 when there is nothing but ASCII. It can also turn them into punctuation, which
    would count as the language's: ISO-8859-7's "Άρα" read as cp1253 is "¶ρα". So a symbol-like mark of
    ``symbols`` counts against where it touches a letter of the language, as no text writes it there.
    """
    counts = {ch: n for ch, n in Counter(text).items() if ord(ch) > 0x7F}
    if not counts:
        return 1.0
    known = sum(
        n for ch, n in counts.items() if unicodedata.category(ch)[0] in "PZ" or _is_letter(ch, letters)
    )
    for ch in counts:
        if symbols.contains(ch):
            known -= sum(
                1
                for at in (m.start() for m in re.finditer(re.escape(ch), text))
                if any(0 <= i < len(text) and _is_letter(text[i], letters) for i in (at - 1, at + 1))
            )
    return known / sum(counts.values())


# Foreign letters and symbols per letter of the language above which a code page's reading is not the
# language: a transcript has words between its formulas, while a code page Python has no codec for
# (ARMSCII-8) leaves none of the language's letters at all.
_MAX_FOREIGN_PER_LETTER = 4


def _scarce(text: str, letters: icu.UnicodeSet) -> bool:
    """Whether ``text`` reads almost none of the language's letters: weighed against them, the letters and
    symbols beyond ASCII that are not the language's, which is what a wrong code page makes of its letters.
    ASCII letters count only where they are the language's, so English, whose letters no code page
    changes, always passes: there it cannot be told.
    """
    ours = foreign = 0
    for ch, n in Counter(unicodedata.normalize("NFC", text)).items():
        if _is_letter(ch, letters):
            ours += n
        elif ord(ch) > 0x7F and unicodedata.category(ch)[0] in "LS":
            foreign += n
    return foreign > _MAX_FOREIGN_PER_LETTER * ours


def _check_language(text: str, locale: Locale, path: Path) -> None:
    """Refuse a guessed code page that reads almost none of the language's letters: the file is in one
    Python cannot decode, and the page would show mojibake (ARMSCII-8 Armenian read as Mac Roman held no
    Armenian letter)."""
    letters = _exemplars(locale)
    if letters is not None and _scarce(text, letters):
        reason = (
            f"no encoding reads this as {locale.get_language_name('en')}: give the file's encoding "
            "(add-locale's --encoding, or `encoding:` in the transcript's .yml)"
        )
        raise TranscriptError(reason, path=path)


_WORD = re.compile(r"[^\W\d_]{2,}")


def _usual_case(word: str) -> bool:
    return word.islower() or word.isupper() or word.istitle() or word.lower() == word.upper()


def _casing(text: str) -> float:
    """Share of the words of ``text`` written in lower case, upper case or capitalized.

    Code pages of one alphabet often differ in which byte is the capital: KOI8-R reads cp1251's "Вес" as
    "чЕУ", all letters of the language, so only the case of the letters inside a word tells them apart.
    1.0 when no word has cased letters (scripts without case).
    """
    words = _WORD.findall(text)
    if not words:
        return 1.0
    return sum(1 for w in words if _usual_case(w)) / len(words)


def _misfits(text: str, letters: icu.UnicodeSet) -> int:
    """How many letters of ``text`` are not the language's, symbols inside words, and words beyond ASCII cased
    as no word is ("йНКХ"): what a reader would take for mojibake. Not symbols between words: a transcript in
    its own code page writes "2 × 2" and "20 €", and was doubted for them, with advice that garbled it. ASCII
    words are left out, as every code page reads them alike, whatever their case ("NumPy").

    >>> letters = _exemplars(Locale("fr"))
    >>> _misfits("les poids à zéro", letters), _misfits("les poids ŕ zéro", letters)
    (0, 1)
    >>> _misfits("une matrice 2 × 2 pour 20 €", letters)
    0
    """
    foreign = glued = 0
    for at, ch in enumerate(text):
        if ord(ch) <= 0x7F:
            continue
        kind = unicodedata.category(ch)[0]
        if kind == "L" and not _is_letter(ch, letters):
            foreign += 1
        elif kind == "S" and any(text[i : i + 1].isalpha() for i in (at - 1, at + 1) if i >= 0):
            glued += 1  # "РПЕМС╨РЕ", "©ФЮЙ": no text writes a symbol inside a word
    odd = sum(1 for w in _WORD.findall(text) if not w.isascii() and not _usual_case(w))
    return foreign + glued + odd


# How much of a misread text a message quotes.
_SHOWN = 40


def _first_misfit(text: str, letters: icu.UnicodeSet) -> str:
    """The first word of ``text`` that is a misfit (see :func:`_misfits`), with a word before it and two
    after, to show the translator what the page would show.

    >>> fr = Locale("fr")
    >>> _first_misfit("On met les poids ŕ zéro, puis b.", _exemplars(fr))
    'poids ŕ zéro, puis'
    """
    words = text.split()
    for n, word in enumerate(words):
        if _misfits(word, letters):
            shown = " ".join(words[max(n - 1, 0) : n + 3])
            return shortened(shown, _SHOWN)
    return ""


@functools.cache
def _reads_ascii(codec: str) -> bool:
    """Whether ``codec`` reads printable ASCII as ASCII, as every code page a text editor saves in does
    (EBCDIC, UTF-7 and HZ do not: a file of them would read as other letters, not as the same words)."""
    try:
        return _PRINTABLE_ASCII.decode(codec) == _PRINTABLE_ASCII.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"
# The code pages Windows editors save in: of two code pages that read a file equally well, these are
# the likelier (Notepad's cp1251 rather than PTCP154, which reads Ukrainian letters the same).
_WINDOWS = re.compile(r"cp(125\d|874|93[26]|949|950)")


def _readings(data: bytes) -> dict[str, str]:
    """The text, as the reader sees it (NFC), of ``data`` in every code page that decodes it and reads
    ASCII as ASCII."""
    readings = {}
    for codec in dict.fromkeys(IANA_SUPPORTED):
        if not _reads_ascii(codec):
            continue
        try:
            readings[codec] = unicodedata.normalize("NFC", data.decode(codec))
        except UnicodeDecodeError:
            continue
    return readings


def _writes(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


@functools.cache
def _repertoire(codec: str) -> int:
    """How many characters of the Basic Multilingual Plane, control characters aside, ``codec`` writes."""
    chars = "".join(chr(c) for c in range(0x20, 0x10000) if not 0xD800 <= c < 0xE000 and not 0x7F <= c < 0xA0)
    return len(chars.encode(codec, errors="ignore").decode(codec, errors="ignore"))


def _widest(codecs: list[str], letters: icu.UnicodeSet) -> str:
    """Of ``codecs``, which read a file alike, the one that writes the most of the language's letters,
    small and capital, then the most characters, then a Windows code page, then the first: the one a later
    version of the file, with more of the language in it, is likeliest to be in (cp1252 rather than cp1250
    for French, which Notepad saved; cp949 rather than EUC-KR, gb18030 rather than GB2312).

    >>> _widest(["cp1250", "cp1252", "latin-1"], _exemplars(Locale("fr")))
    'cp1252'
    """

    def width(codec: str) -> tuple[int, int, bool]:
        written = sum(_writes(s, codec) + _writes(s.upper(), codec) for s in letters)
        return written, _repertoire(codec), _WINDOWS.fullmatch(codec) is not None

    return max(codecs, key=width)


def _guess_legacy(data: bytes, locale: Locale | None) -> tuple[str, bool] | None:
    """Best legacy codec for ``data``, the transcript's ``locale`` breaking the detector's ties, and
    whether the bytes settle it (no other code page reads them as the same text).

    Candidates are the detector's matches plus every code page that decodes the bytes: on a short file
    the detector offers only a few multi-byte code pages ("Привіт" in cp1251 read as Big5, "Élément" in
    cp1252 as Big5 too), having too little text to measure. They are ranked by how many of the decoded
    letters belong to the language (CLDR exemplar characters, from ICU), then by how natural the case of
    the letters inside words is, then by whether the detector recognised the language (or the code page
    serves it), then Windows code pages first, then the detector's own coherence and chaos measures.
    Of the code pages that read the bytes as the best-ranked text, the widest is named (:func:`_widest`).
    """
    matches = list(from_bytes(data))
    letters = _exemplars(locale) if locale is not None else None
    if locale is None or letters is None:
        return (matches[0].encoding, False) if matches else None
    language = locale.get_language_name("en")
    symbols = _glued_symbols(locale)
    candidates: dict[str, tuple[float, float, bool, bool, float]] = {}
    texts: dict[str, str] = {}

    def rank(codec: str, text: str, recognised: bool, measure: float) -> None:
        windows = _WINDOWS.fullmatch(codec) is not None
        # As the reader will see it: windows-1258 writes Vietnamese tones as combining marks, no letters.
        texts[codec] = text = unicodedata.normalize("NFC", text)
        candidates[codec] = (_fit(text, letters, symbols), _casing(text), recognised, windows, measure)

    for number, match in enumerate(matches):
        rank(
            match.encoding,
            str(match),
            language in match.languages,
            match.coherence - match.chaos - number * 1e-6,
        )
    for codec, text in _readings(data).items():
        if codec not in candidates:
            rank(codec, text, language in mb_encoding_languages(codec), -1.0)
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda codec: candidates[codec], reverse=True)
    alike = [codec for codec in ranked if texts[codec] == texts[ranked[0]]]
    return _widest(alike, letters), len(alike) == 1


# A given encoding is doubted when its reading of the file has at least this many misfits (see
# ``_misfits``) and another code page's has at most 1/_MISREAD_RATIO of them: a transcript in its own code
# page has none but its few symbols and foreign names, a wrong one makes one of every accented letter.
_MIN_MISFITS = 3
_MISREAD_RATIO = 4
_GIVE_IT = (
    "give the one the file was saved in (`encoding:` in the transcript's .yml, or add-locale's --encoding)"
)


def _given_doubt(data: bytes, text: str, codec: str, locale: Locale) -> str:
    """Why ``codec``, given for the file, seems not to be its encoding ("" when it seems to be): another
    code page reads the file as the language with a quarter of the misfits or fewer, or none reads it as
    the language at all.

    A doubt, for check and the build to warn of, never a refusal: the translator gave this encoding, and
    there is no way to insist on it. The test is still sure enough to say: another code page would have to
    turn most of a correct file's symbols and foreign letters into letters of its language, and none of
    its letters into anything else. Unicode forms are not doubted: a file that decodes in one is in it.
    """
    if _family(codec) in ("utf-8", "utf-16", "utf-32"):
        return ""
    language = locale.get_language_name("en")
    letters = _exemplars(locale)
    if letters is None:  # nothing to weigh the readings by
        return ""
    text = unicodedata.normalize("NFC", text)
    misfits = _misfits(text, letters)
    if misfits >= _MIN_MISFITS:
        others = {other: reading for other, reading in _readings(data).items() if reading != text}
        counts = {other: _misfits(reading, letters) for other, reading in others.items()}
        fewest = min(counts.values(), default=misfits)
        if fewest * _MISREAD_RATIO <= misfits:
            better = _widest([other for other, n in counts.items() if n == fewest], letters)
            shown = _first_misfit(text, letters)
            return (
                f"read as {codec}, the encoding given for it, this is not {language} ({shown!r}); "
                f"{text_codec(better) or better} reads it as {language}: {_GIVE_IT}"
            )
    if _scarce(text, letters):
        return (
            f"read as {codec}, the encoding given for it, this holds almost no {language} letter: {_GIVE_IT}"
        )
    return ""


def decode(data: bytes, path: Path, encoding: str | None = None, locale: Locale | None = None) -> Decoded:
    """Decode a transcript file's bytes; ``encoding`` forces a codec, ``locale`` helps the guess.

    Raises ``TranscriptError`` naming the file (and line, where one is known) for binary or
    undecodable data, for a forced codec that a byte-order mark or valid UTF-8 contradicts, and when the
    best guess reads almost none of the language's letters. A forced codec whose reading does not look
    like the language is read all the same, with a ``doubt`` (see :func:`_given_doubt`).

    A guess is ``settled`` only when the bytes tell it: a byte-order mark, UTF-8 beyond ASCII, or a code
    page no other one reads alike. Otherwise it must not be recorded for the file (add-locale writes it
    into the transcript's .yml): a short first draft's "Ça y est, entraînez" reads alike in cp1250 and in
    cp1252, and the full transcript that replaced it, pinned to cp1250, showed "les poids ŕ zéro" without
    an error. Recording the widest of the code pages that read it alike would not do either: ISO-8859-2
    and cp1250 both write all of Polish, and a draft without "ś" cannot tell them apart. Guessed again
    each time it is read, the file is guessed from all of its bytes; an ASCII-only file likewise.

    >>> decode("café".encode("cp1252"), Path("t.txt"), encoding="cp1252")
    Decoded(text='café', encoding='cp1252', settled=True, doubt='')
    >>> decode(codecs.BOM_UTF8 + "é".encode(), Path("t.txt")).encoding
    'utf-8-sig'
    >>> decode("Ça y est".encode("cp1252"), Path("t.txt"), locale=Locale("fr"))
    Decoded(text='Ça y est', encoding='cp1252', settled=False, doubt='')
    """
    bom = _bom(data)
    if encoding is not None:
        codec = _canonical(encoding, path)
        certain = _certain_unicode(data, bom)
        if certain is not None and _family(certain) != _family(codec):
            # A translator re-saved the file (most editors write UTF-8 today) and the recorded encoding
            # went stale: decoding with it would turn every letter into mojibake without an error.
            raise TranscriptError(
                f"the file is {certain}, not {codec} as given: correct the encoding given for it "
                "(`encoding:` in the transcript's .yml, or add-locale's --encoding)",
                path=path,
            )
        if _family(codec) not in ("utf-16", "utf-32"):
            # NUL bytes are part of UTF-16 and UTF-32 text, with or without a byte-order mark.
            _check_binary(data, path)
        text = _strict(data, codec, path, given=True, locale=locale).removeprefix("\ufeff")
        _check_text(text, path)
        return Decoded(text, codec, doubt=_given_doubt(data, text, codec, locale) if locale else "")
    if bom is not None:
        codec, skip = bom
        text = _strict(data[skip:], codec, path)
        _check_text(text, path)
        return Decoded(text, codec)
    _check_binary(data, path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        _check_mostly_utf8(data, exc.start, path, locale)
    else:
        _check_text(text, path)
        return Decoded(text, "utf-8", settled=not data.isascii())
    guess = _guess_legacy(data, locale)
    if guess is None:
        raise TranscriptError("cannot detect the encoding; give it with --encoding", path=path)
    codec = _canonical(guess[0], path)
    log.info("%s: detected encoding %s", path, codec)
    text = _strict(data, codec, path)
    _check_text(text, path)
    if locale is not None:
        _check_language(text, locale, path)
    return Decoded(text, codec, settled=guess[1])
