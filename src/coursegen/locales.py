"""Locale facts, all taken from CLDR through Babel: codes, native names, direction, decimal separator; and
whether ICU has data of its own for a language.

Nothing here is a hand-written table: a language nobody has configured gets its facts from CLDR through Babel,
so adding a locale is a matter of data only.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import icu
from babel import Locale, UnknownLocaleError, localedata
from babel.core import get_global
from babel.numbers import get_decimal_symbol

from coursegen.errors import LocaleError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LocaleInfo:
    """What the site needs to know about one locale.

    ``code`` is the BCP 47 tag used in URLs and ``lang`` attributes (``zh-Hant``); ``folder`` is the gettext
    name of its folder under ``locales/`` (``zh_Hant``).
    """

    code: str
    folder: str
    native_name: str
    english_name: str
    direction: str
    decimal: str
    script: str | None

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"


def parse_locale(code: str, *, path: Path | None = None) -> Locale:
    """Parse a BCP 47 (``zh-Hant``) or gettext (``zh_Hant``) code, or raise ``LocaleError``.

    >>> str(parse_locale("zh-Hant"))
    'zh_Hant'
    >>> parse_locale("no such")
    Traceback (most recent call last):
    ...
    coursegen.errors.LocaleError: 'no such' is not a language code (such as fr, pt-BR or zh-Hant)
    >>> parse_locale("Spanish")
    Traceback (most recent call last):
    ...
    coursegen.errors.LocaleError: 'Spanish' is not a language code: the code of Spanish is es
    >>> parse_locale("Deutsch")
    Traceback (most recent call last):
    ...
    coursegen.errors.LocaleError: 'Deutsch' is not a language code: the code of Deutsch is de
    >>> parse_locale(" ")
    Traceback (most recent call last):
    ...
    coursegen.errors.LocaleError: ' ' is not a language code (such as fr, pt-BR or zh-Hant)
    >>> parse_locale("iw")
    Traceback (most recent call last):
    ...
    coursegen.errors.LocaleError: 'iw' is an old code: the code of Hebrew is he
    """
    cleaned = code.strip()
    modified = _modified(cleaned)
    if modified is not None:
        raise LocaleError(f"{code!r} is not a language code: {_instead_of_modifier(modified)}", path=path)
    try:
        if not cleaned or any(ch.isspace() for ch in cleaned):
            raise ValueError(code)
        locale = Locale.parse(cleaned.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        named = _code_named(cleaned)
        hint = f": the code of {cleaned} is {named}" if named else " (such as fr, pt-BR or zh-Hant)"
        raise LocaleError(f"{code!r} is not a language code{hint}", path=path) from None
    typed = cleaned.replace("-", "_").split("_", 1)[0].split("@", 1)[0].casefold()
    if locale.language == "root" or typed == "und":
        raise LocaleError(f"{code!r} names no language (such as fr, pt-BR or zh-Hant)", path=path)
    if typed != locale.language:
        # Babel reads a retired code as its successor with a region ("iw" -> he_IL): say which, do not guess.
        name = Locale(locale.language).get_display_name("en")
        reason = f"{code!r} is an old code: the code of {name} is {locale.language}"
        raise LocaleError(reason, path=path)
    return locale


# GNU gettext's modifiers that name a script (sr@latin), and the script's code in a language tag.
_SCRIPT_MODIFIERS = {
    "latin": "Latn",
    "cyrillic": "Cyrl",
    "arabic": "Arab",
    "devanagari": "Deva",
    "ijekavianlatin": "Latn",  # KDE's Serbian: ijekavian, in Latin script
}


def _modified(code: str) -> tuple[str, str | None, str] | None:
    """The language, region and gettext ``@modifier`` of ``code`` (``sr_RS@latin``), if it has a modifier.
    Babel drops a modifier after a region, and takes the region's likely script (sr_RS@latin: Cyrillic)."""
    base, at, modifier = code.strip().replace("-", "_").partition("@")
    if not at or not modifier:
        return None
    try:
        locale = Locale.parse(base)
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    return locale.language, locale.territory if "_" in base else None, modifier


def _instead_of_modifier(modified: tuple[str, str | None, str]) -> str:
    """What to write instead of a gettext ``@modifier``: "leave it out" sent a Serbian-Latin translator to
    ``sr``, which is Serbian in Cyrillic, and a Valencian one to Catalan.

    >>> _instead_of_modifier(("sr", None, "latin")), _instead_of_modifier(("sr", "RS", "latin"))
    ('Serbian in Latin script is sr-Latn', 'Serbian in Latin script is sr-Latn-RS')
    >>> _instead_of_modifier(("ca", None, "valencia"))
    'Catalan (Spain, Valencian) is ca-ES-valencia'
    >>> _instead_of_modifier(("fr", "FR", "euro")), _instead_of_modifier(("be", None, "latin"))
    ("leave out '@euro'", 'Belarusian in Latin script has no locale data here')
    """
    language, _territory, modifier = modified
    tag = _modifier_replaced(modified)
    script = _SCRIPT_MODIFIERS.get(modifier.casefold())
    if script is not None:
        named = f"{Locale(language).get_display_name('en')} in {Locale('en').scripts[script]} script"
        return f"{named} is {tag}" if tag else f"{named} has no locale data here"
    if tag is None:
        return f"leave out '@{modifier}'"
    return f"{Locale.parse(tag, sep='-').get_display_name('en')} is {tag}"


def _modifier_replaced(modified: tuple[str, str | None, str]) -> str | None:
    """The language tag of what a gettext ``@modifier`` names, if it names a script or a variant CLDR has."""
    language, territory, modifier = modified
    script = _SCRIPT_MODIFIERS.get(modifier.casefold())
    if script is not None:
        # Only a script CLDR has the language in (sr-Latn): be-Latn would be read as Belarusian, in Cyrillic.
        found = localedata.exists("_".join(part for part in (language, script, territory) if part))
        return "-".join(part for part in (language, script, territory) if part) if found else None
    likely = get_global("likely_subtags").get(language, "").split("_")
    region = territory or next((part for part in likely[1:] if len(part) == 2 and part.isupper()), None)
    if region and localedata.exists(f"{language}_{region}_{modifier.upper()}"):
        return f"{language}-{region}-{modifier.casefold()}"
    return None


def _code_named(name: str) -> str | None:
    """The code of the language called ``name`` in English or in itself ("spanish", "Deutsch", "Українська"
    -> "es", "de", "uk"), if one is."""
    wanted = name.casefold()
    if not wanted:
        return None  # not a language whose own name Babel lacks (Coptic: "the code of  is cop")
    english = Locale("en").languages
    for language in english:
        try:
            locale = Locale.parse(language)
        except (ValueError, UnknownLocaleError):
            continue
        if wanted in (english[language].casefold(), (locale.get_display_name(locale) or "").casefold()):
            return str(locale).replace("_", "-")
    return None


def locale_info(code: str, *, path: Path | None = None) -> LocaleInfo:
    """All the facts about ``code``.

    >>> info = locale_info("zh_Hant")
    >>> (info.code, info.folder, info.native_name, info.direction)
    ('zh-Hant', 'zh_Hant', '中文 (繁體)', 'ltr')
    >>> locale_info("fr").decimal, locale_info("uk").native_name, locale_info("he").direction
    (',', 'Українська', 'rtl')
    """
    locale = parse_locale(code, path=path)
    folder = str(locale)
    native = locale.get_display_name(locale) or folder
    return LocaleInfo(
        code=folder.replace("_", "-"),
        folder=folder,
        native_name=native[:1].upper() + native[1:],
        english_name=locale.get_display_name("en") or folder,
        direction="rtl" if locale.character_order == "right-to-left" else "ltr",
        decimal=get_decimal_symbol(locale),
        script=locale.script,
    )


def theme_language(info: LocaleInfo, available: Iterable[str]) -> str:
    """The closest interface language the theme ships for this locale, falling back to English.

    >>> theme_language(locale_info("zh_Hant"), ["en", "zh", "zh-Hant", "zh-TW"])
    'zh-Hant'
    >>> theme_language(locale_info("pt_BR"), ["en", "pt", "pt-BR"])
    'pt-BR'
    >>> theme_language(locale_info("sw"), ["en", "fr"])
    'en'

    The bare language is taken only when it is written in the locale's script: Material's ``sr`` is
    Cyrillic, its ``zh`` Simplified, so Serbian in Latin script or Chinese of Hong Kong get English (which
    their catalogs translate) rather than strings their readers would not write.

    >>> [theme_language(locale_info(c), ["en", "sr", "zh"]) for c in ("sr_Latn", "zh_HK", "sr", "zh_Hans")]
    ['en', 'en', 'sr', 'zh']
    """
    names = set(available)
    locale = parse_locale(info.folder)
    script = locale.script or likely_script(f"{locale.language}_{locale.territory}") or ""
    candidates = [info.code]
    if locale.territory:
        candidates.append(f"{locale.language}-{locale.territory}")
    if script:
        candidates.append(f"{locale.language}-{script}")
    if not script or likely_script(locale.language) in (script, None):
        candidates.append(locale.language)
    for candidate in candidates:
        if candidate in names:
            return candidate
    log.info("no interface translation of the theme for %s; using English", info.code)
    return "en"


def icu_knows(code: str) -> bool:
    """Whether ICU has data of its own for the language of ``code`` (``co``, ``zh-Hant``, ``pt_BR``).

    For one it lacks (Corsican, Latin, Chichewa...), ICU falls back to the locale of the machine it runs on
    (``LANG``): its letters were Russian ones on a machine set to Russian, and a Corsican transcript in
    Windows-1252 was read as Mac Cyrillic there, and there only. Callers go without ICU's data instead.

    >>> icu_knows("fr"), icu_knows("zh-Hant"), icu_knows("co")
    (True, True, False)
    """
    return code.replace("-", "_").split("_", 1)[0].lower() in _icu_languages()


@functools.cache
def _icu_languages() -> frozenset[str]:
    return frozenset(name.split("_", 1)[0].lower() for name in icu.Locale.getAvailableLocales())


@functools.cache  # asked for every locale on every page: the square of the locales
def open_graph_locale(info: LocaleInfo) -> str:
    """``info``'s locale as Open Graph names one (language_TERRITORY), for the preview of a page's link shared
    in a chat or a social network: the territory CLDR finds likeliest where the locale names none.

    >>> [open_graph_locale(locale_info(c)) for c in ("fr", "zh_Hant", "zh_Hans", "pt_BR", "uk")]
    ['fr_FR', 'zh_TW', 'zh_CN', 'pt_BR', 'uk_UA']
    """
    locale = parse_locale(info.folder)
    territory = locale.territory
    for tag in (f"{locale.language}_{locale.script}", locale.language) if not territory else ():
        likely = get_global("likely_subtags").get(tag)
        if likely:
            territory = likely.split("_")[-1]
            break
    return f"{locale.language}_{territory}" if territory else locale.language


def likely_script(tag: str) -> str | None:
    """The script CLDR says ``tag`` (``sr``, ``zh_HK``) is most likely written in, if it says."""
    likely = get_global("likely_subtags").get(tag)
    parts = likely.split("_") if likely else []
    return parts[1] if len(parts) > 2 else None


def discover_locales(locales_dir: Path) -> list[LocaleInfo]:
    """Every locale folder under ``locales_dir`` (one whose name Babel parses), sorted by code.

    Folders that do not name a locale are reported and skipped rather than failing the build, so that a
    stray folder (``.git``, a translator's backup) cannot take the site down.
    """
    found: list[LocaleInfo] = []
    if not locales_dir.is_dir():
        return found
    for folder in locale_folders(locales_dir):
        found.append(locale_info(folder.name, path=folder))
    return sorted(found, key=lambda info: info.code)


def locale_folders(locales_dir: Path) -> list[Path]:
    """The folders under ``locales_dir`` named like a locale, sorted; anything else is warned of and skipped;
    a locale folder not named as coursegen names its locale's (``zh-Hant`` for ``zh_Hant``, ``zh_TW`` for
    ``zh_Hant_TW``: Babel's spelling, with the script) is an error."""
    folders = []
    for folder in sorted(p for p in locales_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            info = locale_info(folder.name, path=folder)
        except LocaleError as exc:
            if any((folder / part).is_dir() for part in _LOCALE_PARTS):
                # A translator's catalog and transcripts, left out of the site with a warning.
                instead = _folder_instead(folder.name)
                if instead:
                    reason = f"{exc.reason}: rename the folder '{instead}'"
                elif "@" in folder.name:  # the reason says what to leave out
                    reason = exc.reason
                else:
                    reason = f"{exc.reason}: rename the folder"
                raise LocaleError(reason, path=folder) from None
            log.warning("%s: not a locale folder (%s); skipped", folder, exc.reason)
            continue
        if folder.name != info.folder:
            # Its catalog was looked for under the gettext spelling, and `coursegen messages` made a second,
            # empty folder there: the translator's catalog was never read.
            raise LocaleError(
                f"this folder holds {info.english_name} ({info.code}), whose folder coursegen names "
                f"'{info.folder}': rename it '{info.folder}' (its pages are published under {info.code}/)",
                path=folder,
            )
        folders.append(folder)
    return folders


# What a locale's folder holds: its catalog's folder, its transcripts.
_LOCALE_PARTS = ("LC_MESSAGES", "transcripts")


def _folder_instead(name: str) -> str:
    """``sr_Latn`` for a folder named ``sr@latin``: the name of the folder of what it means, if known."""
    modified = _modified(name)
    tag = _modifier_replaced(modified) if modified is not None else None
    return locale_info(tag).folder if tag is not None else ""


def region_hints(locale_code: str) -> tuple[str, ...]:
    """Tokens that name this locale's regional font variant, best first (see ``coursegen.fonts``): the
    fonts' names end with them ("Noto Sans CJK TC", "Noto Sans HK").

    >>> region_hints("zh-Hant"), region_hints("zh_Hant"), region_hints("zh-Hant-HK")
    (('TW', 'TC'), ('TW', 'TC'), ('HK', 'TC'))
    """
    try:
        locale = parse_locale(locale_code)
    except LocaleError:
        return ()
    likely = get_global("likely_subtags")
    full = likely.get(str(locale)) or likely.get(locale.language) or str(locale)
    parts = full.split("_")
    script = locale.script or next((p for p in parts[1:] if len(p) == 4 and p.istitle()), None)
    territory = locale.territory or next((p for p in parts[1:] if len(p) == 2 and p.isupper()), None)
    english = Locale("en")
    hints: list[str] = []
    if territory:
        hints.append(territory)
    if script:
        script_name = english.scripts.get(script, "")
        language_name = english.languages.get(locale.language, "")
        if script_name and language_name:
            hints.append((script_name[0] + language_name[0]).upper())
    return tuple(hints)
