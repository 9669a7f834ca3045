"""Anchors: the bits of a lecture that survive translation unchanged.

Numbers, formulas and code (``0.01``, ``n0=2``, ``np.random.randn``) and the English terms translators keep in
Latin script inside a non-Latin transcript (``tanh``, ``sigmoid``) read the same in every language. They are
found with rules over Unicode scripts and character classes only, never with word lists, so that a language or
a lecture nobody has seen gets its anchors the same way.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

log = logging.getLogger(__name__)

# Latin script as Unicode blocks: Basic Latin letters, Latin-1 Supplement, Extended-A/B, Extended Additional.
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_RUN = re.compile(rf"[{_LATIN}0-9_.\[\]=+*/:\-]+")
_PIECE = re.compile(r"[^=+*/:\-]+")
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")
_EDGE = "._"
_ARABIC_DECIMAL = "\u066b"


@dataclass(frozen=True)
class Anchor:
    """One occurrence of an anchor token: its canonical form and where it starts in the text."""

    token: str
    offset: int


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """The compatibility form of one character when it is one character (``₁`` -> ``1``, ``Ｗ`` -> ``W``), a
    digit of any script as its ASCII digit (Arabic ``٢`` and Persian ``۲`` -> ``2``), and the Arabic decimal
    separator as a point (``٠٫٠١`` -> ``0.01``).

    Only length-preserving foldings are used so that offsets in the folded text are offsets in the original.
    """
    if char == _ARABIC_DECIMAL:
        return "."
    if unicodedata.category(char) == "Nd":
        return str(unicodedata.decimal(char))
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


def fold(text: str) -> str:
    """``text`` with subscripts, full-width forms and decimal commas folded, same length as ``text``."""
    folded = "".join(_fold_char(c) for c in text)
    return _DECIMAL_COMMA.sub(".", folded)


def _canonical(piece: str) -> str:
    return piece.replace("[", "").replace("]", "").strip(_EDGE).casefold()


def tokens(text: str) -> list[Anchor]:
    """Latin-script words, numbers and code tokens of ``text`` in order, in canonical form.

    Formulas are cut at operators, so ``n[0]=2`` and ``n0 = 2`` both give ``n0`` and ``2``, and brackets are
    dropped because translators index layers both ways (``w[1]``, ``w1``).
    """
    found: list[Anchor] = []
    for run in _RUN.finditer(fold(text)):
        for part in _PIECE.finditer(run.group()):
            canonical = _canonical(part.group())
            if canonical and any(c.isalnum() for c in canonical):
                found.append(Anchor(canonical, run.start() + part.start()))
    return found


def is_code(token: str) -> bool:
    """Numbers and identifiers with digits or dots read the same in any language."""
    return any(c.isdigit() or c in "._" for c in token)


def latin_share(text: str) -> float:
    """The share of the letters of ``text`` that are Latin script."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    return latin / len(letters)


def anchor_weights(
    token_lists: Mapping[str, Iterable[Anchor]], latin: Mapping[str, bool]
) -> dict[str, float]:
    """How much each anchor type is worth, from every transcript being aligned.

    A code token is an anchor wherever it occurs; a plain Latin word is one only when some non-Latin
    transcript keeps it, since in a Latin-script transcript every word is Latin. Types shared by more
    transcripts and occurring fewer times weigh more: a token seen once everywhere pins a position, one seen
    thirty times barely does.
    """
    counts = {locale: Counter(a.token for a in anchors) for locale, anchors in token_lists.items()}
    foreign: set[str] = set()
    for locale, counter in counts.items():
        if not latin[locale]:
            foreign.update(counter)
    total = len(counts)
    weights: dict[str, float] = {}
    for token in set().union(*counts.values()) if counts else set():
        if not (is_code(token) or token in foreign):
            continue
        present = [c[token] for c in counts.values() if c[token]]
        if len(present) < 2:
            continue
        mean = sum(present) / len(present)
        spread = min(present) / max(present)
        weights[token] = (len(present) / total) * (0.5 + 0.5 * spread) / mean**0.5
    log.debug("%d anchor types", len(weights))
    return weights
