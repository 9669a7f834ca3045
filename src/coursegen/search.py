"""Search indexes per locale, in the format of Material's search, that find words in every script.

Material's search plugin writes one index with one language's settings for the whole site, so a reader of the
Korean pages would get French results and a Chinese query would find nothing: lunr cuts text at the index's
``separator`` only, and Chinese is written without spaces. So each locale gets its own index in
``<code>/search/search_index.json``, and its pages point the search at it (``coursegen.html`` sets the
``base`` of Material's configuration to the locale's folder).

How words are found, and why it works in every language without a table per language:

- Scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar...) are cut into words at build time
  by ICU's dictionary-based word breaker, which marks each cut with U+200B (zero width, so the result previews
  look unchanged); the separator splits at U+200B. The query is cut by the browser's own ICU word breaker
  (``assets/coursegen.js``), with the same dictionary, so ``梯度下降`` searches ``梯度`` and ``下降`` and a
  query that runs across scripts without a space (``S型``, ``隠れユニット``) finds its words (a lone
  letter of a script with case excepted: ``S*`` matched every word in s); Material's own
  cut of Han runs never tries the word that ends the run, so the worker keeps a word the index holds whole
  (``對稱`` is not searched as ``對``).
- The separator also splits at every Unicode punctuation mark, so ``l'initialisation`` and ``«симетричні»``
  index their words, not the marks around them (lunr's English trimmer would erase whole Cyrillic words),
  except an apostrophe inside a Cyrillic word (``пов'язана``) and the marks Unicode counts as letters of a
  word (Armenian ``ինչո՞ւ``, which the worker reads as ``ինչու``);
  but not at a decimal or group mark before a digit, so ``0.01`` (and Arabic ``٠٫٠١``) is searched as one
  word, not as every ``0`` of the site and ``01``. An entity of the indexed HTML (``&lt;``) is one cut.
- Material adds a trailing wildcard to every query term and then skips lunr's pipeline for it, so a stemmer
  in the index would make inflected words unfindable (``symétriques*`` never matches the stem ``symétr``).
  Instead no stemmer runs, and the prefix match does the stemming's work for suffixing languages: ``대칭``
  finds ``대칭에``, ``simetri`` finds ``simetrik``. A form longer than the text's (``симетрія`` where the text
  says ``симетрію``, ``가중치의``, ``initialisés``), which no word of the index starts with, is searched by
  the worker without its last letters, down to the longest start a word of the index has (three fifths of
  it at least).
- Words are lowercased by the rules of the page's language, in the index and in the query alike: the pages run
  Material's worker inside ``assets/coursegen-search-worker.js``, which gives lunr the browser's
  ``toLocaleLowerCase`` (Turkish ``SIFIR`` is ``sıfır``, ``İşte`` is ``işte``), then Latin letters lose
  their accents and ``ı`` is read as ``i`` (``sifir`` finds ``sıfır``, as typed on any keyboard), and so do
  the letters of other scripts with case, save where the language makes a letter of its own with the mark
  (Greek ``αρχικοποιηση`` finds ``αρχικοποίηση``; Ukrainian ``й`` stays).
- A locale uses the lunr language Material ships for it (for its stop words) when there is one; otherwise
  ``en`` with an empty pipeline, which loads nothing and changes no token (an unknown language would make the
  search worker fail to load its script, and an empty ``lang`` would keep lunr's English pipeline). The
  worker takes those stop words out of the query too (``l'initialisation``, ``descente de gradient``):
  Material makes every query word a prefix, and ``l*`` or ``de*`` matched half the site.
- A result's link asks its page to highlight the words the result marks, as the text writes them
  (``sigmoïde`` for the query ``sigmoide``), beside the query's own (``assets/coursegen.js``).
- Han characters are read in their Simplified form on both sides, so that a reader who types Simplified
  characters (most Chinese keyboards) finds the words of a Traditional Chinese page, and back: ``权重`` finds
  ``權重``. The browser has no table of the two forms; each index carries the pairs its own characters need
  (``config.variants``, from ICU's Hant-Hans and Hans-Hant transliterators), a few kilobytes.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import astuple, dataclass, field, replace
from functools import cache
from pathlib import Path

import icu
import material
from material.plugins.search.plugin import Parser, SearchIndex

from coursegen.buildcache import BuildCache, input_key
from coursegen.sentences import BIDI_RANGES

log = logging.getLogger(__name__)

LUNR_DIR = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr" / "min"
INDEX_PATH = "search/search_index.json"
WORD_BREAK = "\u200b"
#: The build cache's slot for the sections of every page indexed by the latest build.
CACHE_SLOT = "search-entries"
#: Material's own default boosts: a match in a title outranks many in the text.
FIELDS: Mapping[str, Mapping[str, float]] = {
    "title": {"boost": 1e3},
    "text": {"boost": 1e0},
    "tags": {"boost": 1e6},
}
# What JavaScript's \s matches (the separator runs in the browser's regex engine, without the ``u`` flag).
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(
    map(chr, range(0x2000, 0x200B))
)
# Punctuation that separates words; connectors (``_``) stay inside identifiers such as ``random_init``.
_SEPARATING = {"Pd", "Ps", "Pe", "Pi", "Pf", "Po"}
# Operators the examples' code writes between names (``answer=yes_no``, ``a<b``, ``x|y``): the index held
# ``answer=yes_no`` as one word, and ``yes_no`` found one of the six sections using it. Not those lunr reads
# in a query (``+``, ``-``, ``*``, ``~``, ``^``, ``:``).
_OPERATORS = "=<>|"
# The decimal and group marks numbers are written with in CLDR's locales (spaces and apostrophes aside, which
# have rules of their own): they separate words, except before a digit.
_DECIMAL_MARKS = ".,\u066b\u066c\u2e41"
# The entities Material's parser writes text with: the index holds HTML, and a word cut inside one was marked
# there (``&<mark>amp</mark>;``), so results showed ``&amp;amp;`` for a query starting like amp, lt or gt.
_ENTITIES = "&(?:amp|lt|gt);"
# U+2018 too, as some Ukrainian keyboards and autocorrections write the apostrophe (U+02BC is a letter).
_APOSTROPHES = "'\u2019\u2018"
_CYRILLIC = "\\u0400-\\u052f\\u1c80-\\u1c8f\\u2de0-\\u2dff\\ua640-\\ua69f"
_HEBREW = "\\u05d0-\\u05ea\\u05f0-\\u05f2"
# Marks Hebrew writes inside a word before its next letter: gershayim and geresh of acronyms and foreign
# sounds (ע״י, צה"ל, ג׳ירפה), typed as such or as the keyboard's quotation mark and apostrophe.
_HEBREW_INNER = '"\u05f3\u05f4'


@dataclass(frozen=True)
class SearchSettings:
    """The ``config`` of one index, as Material's search worker reads it."""

    lang: tuple[str, ...]
    pipeline: tuple[str, ...]
    separator: str

    def as_json(self, fields: Mapping[str, Mapping[str, float]] = FIELDS) -> dict[str, object]:
        return {
            "lang": list(self.lang),
            "separator": self.separator,
            "pipeline": list(self.pipeline),
            "fields": {name: dict(spec) for name, spec in fields.items()},
        }


@dataclass(frozen=True)
class SearchEntry:
    location: str
    title: str
    text: str
    #: The language and direction of the title where it names its own (an English heading on a page not
    #: fully translated): the search worker marks it so in the results.
    title_lang: str = ""
    title_dir: str = ""


@dataclass
class LocaleIndexes:
    """Sections of every indexed page, per locale (``None`` for pages of no locale, such as the chooser)."""

    lunr_dir: Path = LUNR_DIR
    fields: Mapping[str, Mapping[str, float]] = field(default_factory=lambda: FIELDS)
    entries: dict[str | None, list[SearchEntry]] = field(default_factory=dict)
    #: Where the sections of each page are kept between builds, keyed by a hash of the page.
    cache: BuildCache = field(default_factory=lambda: BuildCache(None))
    _known: dict[str, list[list[str]]] | None = field(default=None, repr=False)
    _used: dict[str, list[list[str]]] = field(default_factory=dict, repr=False)

    def add_page(self, locale: str | None, url: str, title: str, html: str) -> None:
        """Index a rendered page (its content HTML); ``url`` is the page's URL relative to the site root.

        Cutting a page into sections and marking its words is the costly part, and depends only on the
        page's URL, title and HTML: a page unchanged since the previous build reuses its sections.
        """
        if self._known is None:
            stored = self.cache.load(CACHE_SLOT, input_key())
            self._known = stored if isinstance(stored, dict) else {}
        key = input_key(url, title, html)
        found = self._known.get(key)
        if found is None:
            found = [list(astuple(entry)) for entry in page_entries(url, title, html)]
        self._used[key] = found
        self.entries.setdefault(locale, []).extend(SearchEntry(*entry) for entry in found)

    def write(self, site_dir: Path) -> list[Path]:
        """Write each locale's index in its folder, and one of every page at the site's root.

        The root index replaces Material's own: the chooser page has no language yet, so it searches every
        locale, with the settings that suit every script.
        """
        written = []
        for locale, entries in self.entries.items():
            if locale is None:
                continue
            prefix = locale + "/"
            local = [_relative(entry, prefix) for entry in entries]
            written.append(
                _write(
                    site_dir / locale / INDEX_PATH, settings_for(locale, self.lunr_dir), local, self.fields
                )
            )
        everything = [entry for entries in self.entries.values() for entry in entries]
        written.append(_write(site_dir / INDEX_PATH, neutral_settings(), everything, self.fields))
        log.debug("Wrote %d search indexes", len(written))
        self.cache.store(CACHE_SLOT, input_key(), self._used)
        return written


class UnusedSearchIndex(SearchIndex):
    """Material's search index, left empty: the locale indexes replace the one it writes.

    Material's search plugin would otherwise cut every page into sections a second time, for an index that
    is overwritten once the build ends. It still runs the rest of its page hook as usual.
    """

    def add_entry_from_context(self, page: object) -> None:
        return None


def leave_material_index_empty(search: object) -> None:
    """Give Material's search plugin (when it is the site's) an index that ignores pages; see above."""
    index = getattr(search, "search_index", None)
    if isinstance(index, SearchIndex) and not isinstance(index, UnusedSearchIndex):
        search.search_index = UnusedSearchIndex(**index.config)  # type: ignore[attr-defined]


def settings_for(code: str, lunr_dir: Path = LUNR_DIR) -> SearchSettings:
    """Settings for a locale: its language's lunr support if Material ships it, else neutral ones.

    >>> settings_for("zh-Hant").lang, settings_for("uk").lang, settings_for("uk").pipeline
    (('zh',), ('en',), ())
    """
    language = code.replace("_", "-").split("-")[0].lower()
    if language == "en" or (lunr_dir / f"lunr.{language}.min.js").is_file():
        return SearchSettings((language,), ("stopWordFilter",), separator())
    return neutral_settings()


def neutral_settings() -> SearchSettings:
    """Settings that load no language script and leave every token as the separator cut it."""
    return SearchSettings(("en",), (), separator())


@cache
def separator() -> str:
    """A pattern (for JavaScript and Python regexes alike) of spaces, U+200B and punctuation, except a decimal
    or group mark before a digit: ``0.01``, ``0,01`` and ``٠٫٠١`` are one word, searched as the text has them.

    >>> import re
    >>> [w for w in re.split(separator(), "l'initialisation «симетричні» 對稱\u200b性，np.random_init") if w]
    ['l', 'initialisation', 'симетричні', '對稱', '性', 'np', 'random_init']
    >>> [w for w in re.split(separator(), "0.01, 0,01. 1. ٠٫٠١ ١٬٠٠٠") if w]
    ['0.01', '0,01', '1', '٠٫٠١', '١٬٠٠٠']
    >>> [w for w in re.split(separator(), "f(answer=yes_no, keepdims=True) a<=b|c") if w]
    ['f', 'answer', 'yes_no', 'keepdims', 'True', 'a', 'b', 'c']

    The text is HTML, as Material's parser writes it: an entity is one cut, never words (``amp``, ``lt``).

    >>> [w for w in re.split(separator(), "&lt;code&gt; R&amp;D") if w]
    ['code', 'R', 'D']

    An apostrophe before a Cyrillic letter is part of the word: Ukrainian and Belarusian write it inside words
    (``пов'язана``, ``з'являється``), and cut there, ``з'являється`` searched every word in ``з`` and lit up
    every ``з`` of the page. Before a Latin letter it cuts, for the elisions of French or Italian.

    >>> [w for w in re.split(separator(), "пов'язана з’являється 'лапки' l’initialisation") if w]
    ["пов'язана", 'з’являється', 'лапки', 'l', 'initialisation']

    So are Hebrew's gershayim and geresh before a Hebrew letter, in whichever form they are typed; a
    direction mark (U+200F) is not part of the word it precedes.

    >>> text = "ע״י צה\\"ל \\"שלום\\" וכו׳ ג'ירפה \\u200fהכול"
    >>> [w for w in re.split(separator(), text) if w]
    ['ע״י', 'צה"ל', 'שלום', 'וכו', "ג'ירפה", 'הכול']
    >>> [w for w in re.split(separator(), '"שלום" אמר, \\'лапки\\'') if w]
    ['שלום', 'אמר', 'лапки']

    Punctuation that Unicode's word boundaries count as letters is part of the word: Armenian's question,
    exclamation and emphasis marks, written on its stressed vowel. Its comma and full stop cut.

    >>> [w for w in re.split(separator(), "Ինչո՞ւ, ա՜խ։ մի՛") if w]
    ['Ինչո՞ւ', 'ա՜խ', 'մի՛']
    """
    punctuation = {c for c in range(0x10000) if unicodedata.category(chr(c)) in _SEPARATING}
    # Invisible direction marks (right-to-left subtitles start their lines with one) part words too.
    bidi = {c for a, b in BIDI_RANGES for c in range(a, b + 1)}
    codes = (
        ({ord(c) for c in _JS_SPACE + WORD_BREAK + _OPERATORS} | punctuation | bidi)
        - _inside_words(punctuation)
        - {ord(c) for c in _DECIMAL_MARKS + _APOSTROPHES + _HEBREW_INNER}
    )
    digits = {c for c in range(0x10000) if unicodedata.category(chr(c)) == "Nd"}
    marks = "".join(f"\\u{ord(c):04x}" for c in _DECIMAL_MARKS)
    apostrophes = "".join(f"\\u{ord(c):04x}" for c in _APOSTROPHES)
    hebrew = "".join(f"\\u{ord(c):04x}" for c in _HEBREW_INNER)
    # Lookaheads only: JavaScript engines that predate lookbehind would reject the whole pattern.
    # An apostrophe or quotation mark after a space or a mark opens a quotation: it cuts ('лапки', "שלום").
    cuts = _char_class(codes)
    # One opening the text, before any other cut, is a quotation mark too ("שלום" at a section's start).
    return (
        f"(?:{_ENTITIES}|^[{apostrophes}{hebrew}]+|[{cuts}][{apostrophes}{hebrew}]*"
        f"|[{marks}](?![{_char_class(digits)}])"
        f"|[{apostrophes}](?![{_CYRILLIC}{_HEBREW}])|[{hebrew}](?![{_HEBREW}]))+"
    )


def _inside_words(punctuation: set[int]) -> set[int]:
    """Punctuation marks written inside a word, which Unicode's word boundaries (UAX #29) count as letters:
    Armenian puts its question, exclamation and emphasis marks on the stressed vowel (``ինչո՞ւ``), and cut
    there, the word was searched as ``ինչո`` and ``ւ``. The search worker reads them away in index and query.
    """
    letter = icu.Char.getPropertyValueEnum(icu.UProperty.WORD_BREAK, "ALetter")
    return {
        code
        for code in punctuation
        if unicodedata.category(chr(code)) == "Po"
        and icu.Char.getIntPropertyValue(code, icu.UProperty.WORD_BREAK) == letter
    }


def _char_class(codes: set[int]) -> str:
    """``codes`` as the inside of a character class of ranges of ``\\uXXXX``: the separator runs in JavaScript
    without the ``u`` flag, where Unicode properties cannot be named."""
    ranges: list[tuple[int, int]] = []
    for code in sorted(codes):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


def mark_words(text: str) -> str:
    """Put U+200B between words that touch each other (no space or mark between them), as ICU cuts them.

    Only scripts written without spaces, and changes of script, have such cuts, so other text is unchanged,
    but for the U+200B it held, which ICU's cuts replace. A run of katakana is not cut (by ICU).

    >>> mark_words("對稱性的問題") == "對稱\u200b性的\u200b問題"
    True
    >>> mark_words("NumPy를 symétriques")
    'NumPy\u200b를 symétriques'
    """
    if text.isascii():
        return text
    # One the text holds (copied from a web page, inside a word: "logis\u200btique") would cut there.
    text = text.replace(WORD_BREAK, "")
    if not any(map(_is_word_char, set(_NEVER_CUT.sub("", text)))):
        return text
    return _cut_by_icu(text)


# Letters and digits between which ICU's word breaker never cuts (Latin, Greek, Cyrillic: its rules join any
# two of them), which are all the words of most pages: a text whose word characters are all such needs no
# breaker. Combining marks are not among them: after a space, ICU cuts between one and the letter after it.
_NEVER_CUT = re.compile(
    "[0-9A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af"
    "\u0386\u0388-\u03ff\u0400-\u0481\u048a-\u052f\u1e00-\u1eff]+"
)


def _cut_by_icu(text: str) -> str:
    """``text`` (without U+200B) with U+200B where ICU cuts between two word characters (see
    :func:`mark_words`)."""
    breaker = _word_breaker()
    breaker.setText(text)
    # ICU reports boundaries in UTF-16 code units; map them back to Python's code points.
    point_at = [0]
    for index, char in enumerate(text, 1):
        point_at.extend([index] * (2 if ord(char) > 0xFFFF else 1))
    pieces, start = [], 0
    for unit in breaker:
        end = point_at[unit]
        touching = text[start - 1 : start + 1] if start > 0 else ""
        if touching and all(map(_is_word_char, touching)) and not _katakana(touching):
            pieces.append(WORD_BREAK)
        pieces.append(text[start:end])
        start = end
    return "".join(pieces)


_IMAGE = re.compile(r"""<img\b[^>]*?\balt=(["'])(.*?)\1[^>]*>""", re.DOTALL)


def _with_alt_texts(html: str) -> str:
    """The page with each image's alt text beside it, as text: the plots' descriptions are written in the
    page's language, and none of their words could be searched.

    >>> _with_alt_texts('<p>a</p><img src="f.svg" alt="Nuage de points" width="5"><p>b</p>')
    '<p>a</p><img src="f.svg" alt="Nuage de points" width="5"> Nuage de points <p>b</p>'
    """
    return _IMAGE.sub(lambda image: f"{image.group(0)} {image.group(2)} ", html)


_PRE = re.compile(r"<pre\b.*?</pre>", re.DOTALL)
_SPAN = re.compile(r"<span\b[^>]*>|</span>")
_PLAIN_SPAN = re.compile(r'<span(?: class="[^"<>]*")?>|</span>')


def _without_code_spans(html: str) -> str:
    """``html`` without the spans that colour each word of its code blocks: Material's parser gives a code
    block the same text with or without them (whitespace is kept as written inside <pre>), and they were
    nine tenths of a lesson page's tags, most of the time indexing it took. A block with another span (one
    that search should skip, say) is left as it is.

    >>> _without_code_spans('<p><span class="k">a</span></p><pre><span class="k">def</span> f</pre>')
    '<p><span class="k">a</span></p><pre>def f</pre>'
    """

    def plain(block: re.Match[str]) -> str:
        code = block.group(0)
        spans = _SPAN.findall(code)
        if not spans or not all(_PLAIN_SPAN.fullmatch(span) for span in spans):
            return code
        return _SPAN.sub("", code)

    return _PRE.sub(plain, html)


def page_entries(url: str, title: str, html: str) -> list[SearchEntry]:
    """Cut a page's content into sections (one per heading with an id), as Material's search does; a
    figure's alt text is part of its section's text."""
    parser = Parser()
    parser.feed(_without_code_spans(_with_alt_texts(html)))
    parser.close()
    languages = _heading_languages(html)
    entries = []
    for section in parser.data:
        if section.is_excluded():
            continue
        location = f"{url}#{section.id}" if section.id else url
        heading = "".join(section.title).strip() or title
        text = mark_words("".join(section.text).strip())
        lang, direction = languages.get(section.id or "", ("", ""))
        entries.append(SearchEntry(location, mark_words(heading), text, lang, direction))
    return entries


_HEADING_TAG = re.compile(r"<h([1-6])\b([^>]*)>")
_ID = re.compile(r"""\bid=["']([^"']*)["']""")
_LANG = re.compile(r"""\blang=["']([^"']*)["']""")
_DIR = re.compile(r"""\bdir=["'](ltr|rtl)["']""")


def _heading_languages(html: str) -> dict[str, tuple[str, str]]:
    """The language and direction of each heading that names its language, by its id; the page's title
    (its h1, the section of no id) by "" too.

    >>> _heading_languages('<h1 id="t" lang="en" dir="ltr">T</h1><h2 id="a">A</h2><h2 id="b" lang="he">')
    {'t': ('en', 'ltr'), '': ('en', 'ltr'), 'b': ('he', '')}
    """
    found: dict[str, tuple[str, str]] = {}
    for tag in _HEADING_TAG.finditer(html):
        attributes = tag.group(2)
        lang = _LANG.search(attributes)
        if lang:
            named, direction = _ID.search(attributes), _DIR.search(attributes)
            language = (lang.group(1), direction.group(1) if direction else "")
            if named:
                found.setdefault(named.group(1), language)
            if tag.group(1) == "1" or not named:
                found.setdefault("", language)
    return found


def _is_word_char(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char).startswith("M")


# Katakana, with its long vowel mark (U+30FC) and its half-width forms, but not its middle dot (U+30FB).
_KATAKANA = re.compile("[\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f]+")


def _katakana(text: str) -> bool:
    """Whether ``text`` is katakana only: a run of it is one word of the index, the loanword Japanese
    writes so, which ICU's dictionary cuts as it happens to know its parts (ニュー|ラ|ル|ネットワーク)."""
    return _KATAKANA.fullmatch(text) is not None


@cache
def _word_breaker() -> icu.BreakIterator:
    return icu.BreakIterator.createWordInstance(icu.Locale.getRoot())


def _relative(entry: SearchEntry, prefix: str) -> SearchEntry:
    location = entry.location.removeprefix(prefix) if entry.location.startswith(prefix) else entry.location
    return replace(entry, location=location)


def han_variants(texts: Iterable[str]) -> dict[str, str]:
    """The Simplified form of each Han character of ``texts`` and of the same character written the other
    way (its Traditional form, for a Simplified one), where it differs: the search worker reads both the
    index and the query so, and the two writings find each other.

    >>> sorted(han_variants(["權重 隨機"]).items())
    [('機', '机'), ('權', '权'), ('隨', '随')]
    >>> sorted(han_variants(["权重"]).items())
    [('權', '权')]
    >>> sorted(han_variants(["启动"]).items())
    [('動', '动'), ('啓', '启'), ('啟', '启')]
    >>> sorted(han_variants(["頁面"]).items())
    [('頁', '页')]
    >>> han_variants(["no Han at all", "漢"]) == {"漢": "汉"}
    True
    """
    # Found by a pattern of the script's ranges: asking ICU of every character took most of the time a warm
    # build spent writing search indexes (0.33 s for ten copies of the site's text, now 0.06 s).
    han = _han_pattern()
    written = [set(han.findall(text)) for text in texts if not text.isascii()]
    chars = set().union(*written)
    if not chars:
        return {}
    to_simplified, to_traditional = _han_transliterators()
    simplified_of = {char: to_simplified.transliterate(char) for char in chars}
    traditional_of = {char: to_traditional.transliterate(char) for char in chars}
    # The characters of texts written in Simplified (more of its own forms than of Traditional ones): each
    # is found by every Traditional form written for it. In a Traditional text, by ICU's only: the others are
    # other words there (麵 noodles is not the 面 of 頁面, nor 錶 a watch the 表 of 表現).
    in_simplified: set[str] = set()
    for text_chars in written:
        own = sum(1 for c in text_chars if traditional_of[c] != c and simplified_of[c] == c)
        if own > sum(1 for c in text_chars if simplified_of[c] != c):
            in_simplified |= text_chars
    traditional = _traditional_forms() if in_simplified else {}  # ~40 ms, of a warm build's ~800
    folded: dict[str, str] = {}
    for char in chars:
        simplified = simplified_of[char]
        if len(simplified) != 1:
            continue
        others = traditional.get(simplified, ()) if char in in_simplified else ()
        for variant in (char, traditional_of[char], to_traditional.transliterate(simplified), *others):
            if (
                len(variant) == 1
                and variant != simplified
                and to_simplified.transliterate(variant) == simplified
                # lunr finds words at their offsets in the text it lowercased: the length must not change
                and (variant > "\uffff") == (simplified > "\uffff")
            ):
                folded[variant] = simplified
    return dict(sorted(folded.items()))


@cache
def _traditional_forms() -> dict[str, tuple[str, ...]]:
    """Each Simplified character (of the BMP), with every character written for it in Traditional script:
    ICU's transliterator writes one of them (启: 啓), and Taiwan and Hong Kong's keyboards type another as
    often (啟), or one of two (里: 裡 inside, 裏): "啟動" found nothing on a Simplified page. Once per build
    that indexes a text in Simplified, ~40 ms."""
    han = _han_letters()
    chars = [chr(code) for code in range(0x3400, 0x10000) if han.contains(chr(code))]
    to_simplified, _ = _han_transliterators()
    forms: dict[str, list[str]] = {}
    simplified_forms = to_simplified.transliterate("\n".join(chars)).split("\n")
    for char, simplified in zip(chars, simplified_forms, strict=True):
        if len(simplified) == 1 and simplified != char:
            forms.setdefault(simplified, []).append(char)
    return {simplified: tuple(written) for simplified, written in forms.items()}


@cache
def _han_letters() -> icu.UnicodeSet:
    return icu.UnicodeSet("[:Han:]")


@cache
def _han_pattern() -> re.Pattern[str]:
    """A character of the Han script, from ICU's ranges."""
    han = _han_letters()
    ranges = (
        f"{re.escape(han.getRangeStart(i))}-{re.escape(han.getRangeEnd(i))}"
        for i in range(han.getRangeCount())
    )
    return re.compile(f"[{''.join(ranges)}]")


@cache
def _han_transliterators() -> tuple[icu.Transliterator, icu.Transliterator]:
    return icu.Transliterator.createInstance("Hant-Hans"), icu.Transliterator.createInstance("Hans-Hant")


def _write(
    path: Path,
    settings: SearchSettings,
    entries: Iterable[SearchEntry],
    fields: Mapping[str, Mapping[str, float]],
) -> Path:
    entries = list(entries)
    docs = [{"location": e.location, "title": e.title, "text": e.text} for e in entries]
    config = settings.as_json(fields)
    variants = han_variants(text for doc in docs for text in (doc["title"], doc["text"]))
    # In the config: Material's page hands its worker the index's config and docs, nothing else, and its
    # worker keeps a document's location, title and text only.
    if variants:
        config["variants"] = variants
    titles = {e.location: [e.title_lang, e.title_dir] for e in entries if e.title_lang}
    if titles:
        config["titleLanguages"] = titles
    data = {"config": config, "docs": docs}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return path
