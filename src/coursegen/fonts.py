"""Which installed font draws a locale's figures, chosen by the characters the figures will contain.

A figure with a glyph missing from its fonts shows empty boxes, and matplotlib only warns about it. So the
family list for a locale is chosen up front from the text it must render (its translated messages, its
decimal sign, and sample text in its own language from CLDR: its name and day names), by reading each
installed font's character map with fontTools.

When several fonts cover the text, the regional variant that matches the locale wins. The preference is
derived from CLDR data rather than a table of languages: font families name their regional variants
either by territory ("JP", "KR", "HK", "TW") or by the initials of script and language in English
("TC" = Traditional Chinese, "SC" = Simplified Chinese). Babel's likely subtags turn ``zh_Hant`` into
``zh_Hant_TW`` and so give both ``TW`` and ``TC``; a family whose name ends in one of those tokens is
preferred, so Traditional Chinese gets "Noto Sans CJK TC" rather than the SC or JP cut of the same font.
"""

from __future__ import annotations

import functools
import logging
import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from fontTools.ttLib import TTCollection, TTFont, TTLibError
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from coursegen.errors import ExampleError, LocaleError, MissingGlyphs
from coursegen.locales import parse_locale, region_hints

log = logging.getLogger(__name__)

GENERIC_FALLBACK = "sans-serif"
# matplotlib ships this font of placeholder boxes for every code point: it covers nothing for real.
LAST_RESORT = "Last Resort"
INSTALL_HINT = "install a font that covers them (e.g. `apt-get install fonts-noto-core fonts-noto-cjk`)"


@dataclass(frozen=True)
class InstalledFont:
    """One face of an installed font file, as matplotlib's font manager lists it."""

    family: str
    path: str
    index: int
    weight: int
    style: str


def installed_fonts() -> tuple[InstalledFont, ...]:
    """Upright faces matplotlib can use, deduplicated by family, regular weight first."""
    best: dict[str, InstalledFont] = {}
    for entry in font_manager.fontManager.ttflist:
        if entry.style != "normal" or not isinstance(entry.weight, int) or entry.name.startswith(LAST_RESORT):
            continue
        font = InstalledFont(
            entry.name, str(entry.fname), int(getattr(entry, "index", 0)), entry.weight, "normal"
        )
        current = best.get(font.family)
        if current is None or abs(font.weight - 400) < abs(current.weight - 400):
            best[font.family] = font
    return tuple(sorted(best.values(), key=lambda f: f.family))


@functools.cache
def coverage(path: str, index: int = 0) -> frozenset[int]:
    """The code points a font face maps to glyphs (empty if the file cannot be read).

    FreeType (through matplotlib, which draws the figures with it anyway) reads a character map in
    milliseconds; fontTools decodes glyph names too and needs about a second for a CJK collection, on
    every build. fontTools stays as the fallback for a matplotlib whose FT2Font cannot open a face by index.
    """
    try:
        return frozenset(FT2Font(path, face_index=index).get_charmap())
    except TypeError:
        pass
    except (OSError, RuntimeError, ValueError) as exc:
        log.debug("FreeType cannot read the character map of %s#%d: %s", path, index, exc)
    try:
        if path.lower().endswith((".ttc", ".otc")):
            face = TTCollection(path, lazy=True).fonts[index]
        else:
            face = TTFont(path, lazy=True, fontNumber=index)
        cmap = face.getBestCmap() or {}
    except (OSError, TTLibError, IndexError, KeyError, AssertionError) as exc:
        log.debug("cannot read the character map of %s#%d: %s", path, index, exc)
        return frozenset()
    return frozenset(cmap)


def sample_text(locale_code: str) -> str:
    """Text in the locale's own language and script from CLDR: its name and the names of the days."""
    try:
        locale = parse_locale(locale_code)
    except LocaleError:
        return ""
    days = locale.days.get("format", {}).get("wide", {})
    return " ".join([locale.display_name or "", *days.values()])


def needed_characters(texts: Iterable[str]) -> frozenset[str]:
    """Characters that need a glyph: whitespace and control/format characters do not."""
    return frozenset(
        char for text in texts for char in text if not char.isspace() and unicodedata.category(char)[0] != "C"
    )


def choose_fonts(locale_code: str, texts: Iterable[str]) -> list[str]:
    """A matplotlib ``font.family`` list whose fonts together have a glyph for every character of ``texts``
    and of the locale's sample text, ending with the generic family.

    The default sans-serif font stays first when it covers everything (Latin, Cyrillic, Greek...);
    otherwise the best covering fonts come first (so CJK punctuation and Latin inside CJK text share one
    design) and the default font follows. Raises ``ExampleError`` naming the characters no font covers.
    """
    needed = {ord(char) for char in needed_characters([*texts, sample_text(locale_code)])}
    fonts = installed_fonts()
    default = _default_font(fonts)
    missing = needed - (coverage(default.path, default.index) if default else frozenset())
    if not missing:
        return [default.family, GENERIC_FALLBACK] if default else [GENERIC_FALLBACK]
    hints = region_hints(locale_code)
    chosen: list[InstalledFont] = []
    candidates = [font for font in fonts if font != default]
    while missing:
        scored = [(len(missing & coverage(font.path, font.index)), font) for font in candidates]
        scored = [(count, font) for count, font in scored if count]
        if not scored:
            if _list_new_fonts():
                return choose_fonts(locale_code, texts)
            shown = "".join(chr(code) for code in sorted(missing))
            codes = ", ".join(f"U+{code:04X}" for code in sorted(missing)[:8])
            raise MissingGlyphs(
                f"locale '{locale_code}': no installed font has glyphs for {shown!r} ({codes}); "
                f"{INSTALL_HINT}",
                characters=shown,
            )
        best_count = max(count for count, _ in scored)
        font = min(
            (font for count, font in scored if count == best_count), key=lambda f: _rank(f, needed, hints)
        )
        chosen.append(font)
        candidates.remove(font)
        missing -= coverage(font.path, font.index)
    families = [font.family for font in chosen]
    if default is not None:
        families.append(default.family)
    log.info("locale '%s': fonts %s", locale_code, families)
    return [*families, GENERIC_FALLBACK]


def font_files(families: Iterable[str]) -> list[str]:
    """The files matplotlib may draw ``families`` from: every face (weight, style) of each family, and for
    a generic family, of the first installed family its rcParams list names, as matplotlib resolves it.

    Figures are SVG with the text drawn as paths, so these files' glyph outlines are baked into them: a font
    updated under the same family name must draw the figures again.
    """
    by_name: dict[str, set[str]] = {}
    for entry in font_manager.fontManager.ttflist:
        by_name.setdefault(entry.name.lower(), set()).add(str(entry.fname))
    paths: set[str] = set()
    for family in families:
        name = family.lower()
        if name in font_manager.font_family_aliases:
            generic = "sans-serif" if name in ("sans", "sans serif") else name
            listed = [item.lower() for item in matplotlib.rcParams[f"font.{generic}"]]
            name = next((item for item in listed if item in by_name), name)
        paths |= by_name.get(name, set())
    return sorted(paths)


def font_problem(locale_code: str, texts: Iterable[str] = ()) -> str | None:
    """Why the installed fonts cannot draw a locale's plots (``texts``, and the locale's sample text), or
    None when they can: for ``check`` and ``add-locale``, which report it before a build stops on it."""
    try:
        choose_fonts(locale_code, texts)
    except ExampleError as exc:
        return exc.reason
    return None


def _list_new_fonts() -> bool:
    """Add the fonts installed since matplotlib listed them to its list, in memory and in its cache file
    (which the kernels read); whether there were any.

    matplotlib lists the installed fonts once and then reads its cache file: a font installed afterwards, as
    the error about missing glyphs advises, stayed unknown to it and the error stayed. Looked at only when
    some glyphs are missing, so a build that has its fonts never lists them.
    """
    manager = font_manager.fontManager
    known = {os.path.realpath(entry.fname) for entry in manager.ttflist}
    added = False
    for path in sorted(font_manager.findSystemFonts()):
        if os.path.realpath(path) in known:
            continue
        try:
            manager.addfont(path)
        except (OSError, RuntimeError, ValueError) as exc:  # as matplotlib skips a file it cannot read
            log.debug("cannot add the font %s: %s", path, exc)
            continue
        added = True
    if added:
        font_manager.json_dump(manager, font_list_file())
    return added


def font_list_file() -> Path:
    """The file in which matplotlib keeps its list of the installed fonts."""
    return Path(matplotlib.get_cachedir(), f"fontlist-v{font_manager.FontManager.__version__}.json")


def _default_font(fonts: tuple[InstalledFont, ...]) -> InstalledFont | None:
    """The first family of matplotlib's default sans-serif list that is installed (DejaVu Sans ships
    with matplotlib, so there always is one)."""
    by_family = {font.family: font for font in fonts}
    for family in font_manager.fontManager.defaultFamily.get("ttf", "DejaVu Sans"), "DejaVu Sans":
        if family in by_family:
            return by_family[family]
    return None


def _rank(font: InstalledFont, needed: set[int], hints: tuple[str, ...]) -> tuple[int, int, int, int, str]:
    """Lower is better: regional match, covers the whole text, sans before serif, proportional, name."""
    last = font.family.split()[-1].upper()
    hint = hints.index(last) if last in hints else len(hints)
    covers_all = 0 if needed <= coverage(font.path, font.index) else 1
    words = font.family.lower().split()
    return (hint, covers_all, int("serif" in words), int("mono" in words), font.family)
