"""The closest translated texts to a new one, as Babel's catalog update picks them, in a fraction of its time.

When an English text changes, ``coursegen messages`` (Babel's ``Catalog.update``) offers each catalog's
translation of the closest old text as a fuzzy draft. Babel compares the new text with every translated text
of the catalog by difflib's ratio, one pair after another: an author who renamed a term in 500 paragraphs of
a course waited 158 s (five locales, 660 translated texts each), and a new guide of 3,000 paragraphs 142 s;
the time grows with new texts times translated ones.

difflib's ratio counts the characters of the blocks two texts share in order, so it is never above the share
of their longest common subsequence (the Indel similarity), which rapidfuzz computes in C for every candidate
at once. Candidates are taken in the order of that bound, and difflib's ratio is computed only while the bound
can still beat the best found: the same matches as Babel's, ties included, most of them after a few ratios.
"""

from __future__ import annotations

import contextlib
import heapq
from collections.abc import Iterable, Iterator
from difflib import SequenceMatcher

import babel.messages.catalog
from rapidfuzz import process
from rapidfuzz.distance import Indel

#: Float noise between two ways of computing the same share: a bound that low under the best still counts.
_SLACK = 1e-9


def close_matches(word: str, possibilities: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """The ``n`` possibilities closest to ``word`` with a difflib ratio of ``cutoff`` at least, best first,
    ties by the larger text: what ``babel.messages.catalog.get_close_matches`` returns.

    >>> close_matches("appel", ["ape", "apple", "peach", "puppy"])
    ['apple', 'ape']
    """
    choices = list(possibilities)
    if n <= 0 or not choices:
        return []
    # Every choice with its bound, highest first (rapidfuzz's own score_cutoff drops a choice whose share is
    # the cutoff exactly: 0.6 by 1 - 0.4 is under 0.6).
    bounded = process.extract(word, choices, scorer=Indel.normalized_similarity, limit=None)
    matcher = SequenceMatcher(autojunk=False)  # as Babel: difflib's autojunk skews ratios of long texts
    matcher.set_seq2(word)
    best: list[tuple[float, str]] = []  # the n best (ratio, text) so far, the least first
    for choice, bound, _index in bounded:
        if bound + _SLACK < cutoff or (len(best) == n and bound + _SLACK < best[0][0]):
            break
        matcher.set_seq1(choice)
        ratio = matcher.ratio()
        if ratio >= cutoff:
            if len(best) < n:
                heapq.heappush(best, (ratio, choice))
            elif (ratio, choice) > best[0]:
                heapq.heapreplace(best, (ratio, choice))
    return [choice for _ratio, choice in sorted(best, reverse=True)]


@contextlib.contextmanager
def babel_matches_faster() -> Iterator[None]:
    """Within: Babel's catalog update finds its fuzzy matches with :func:`close_matches`. Babel calls the
    function by its module's name; a Babel that no longer does matches as before, slowly."""
    original = babel.messages.catalog.get_close_matches
    babel.messages.catalog.get_close_matches = close_matches
    try:
        yield
    finally:
        babel.messages.catalog.get_close_matches = original
