"""Fuzzy matches of a catalog update: Babel's own, found in a fraction of its time."""

from __future__ import annotations

import time
from pathlib import Path

import babel.messages.catalog
from babel.messages.catalog import Catalog
from babel.messages.catalog import get_close_matches as babel_close_matches
from hypothesis import given, settings
from hypothesis import strategies as st

from coursegen.extract import update_catalog
from coursegen.fuzzy import babel_matches_faster, close_matches
from coursegen.pofiles import render_catalog

# Few letters, so that texts share much, and many tie.
TEXTS = st.text(st.sampled_from("ab cé初"), max_size=12)


@settings(max_examples=800, deadline=None)
@given(TEXTS, st.lists(TEXTS, max_size=12, unique=True), st.integers(1, 3), st.sampled_from([0.0, 0.6, 0.9]))
def test_the_matches_are_babel_s(word: str, possibilities: list[str], n: int, cutoff: float) -> None:
    assert close_matches(word, possibilities, n, cutoff) == babel_close_matches(
        word, possibilities, n, cutoff
    )


def test_long_texts_that_differ_by_a_word_match_as_babel_matches_them() -> None:
    old = [
        f"Paragraph number {k} explains one more thing about the catalogs and the lessons." for k in range(60)
    ]
    for k in (0, 7, 59):
        new = old[k].replace("explains", "says")
        assert close_matches(new, old, 1) == babel_close_matches(new, old, 1) == [old[k]]


def test_babel_is_given_back_its_own_function() -> None:
    with babel_matches_faster():
        assert babel.messages.catalog.get_close_matches is close_matches
    assert babel.messages.catalog.get_close_matches is babel_close_matches


def test_a_term_renamed_in_many_translated_texts_updates_in_seconds(tmp_path: Path) -> None:
    """An author renamed a term in 500 paragraphs of a guide: each catalog's update compared each edited
    paragraph with every translated one by difflib, 158 s for five locales; each gets its draft still."""
    texts = [
        f"Paragraph number {k} explains one more thing about the catalogs and the lessons."
        for k in range(400)
    ]
    po = tmp_path / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    catalog = Catalog(locale="fr")
    for k, text in enumerate(texts):
        catalog.add(text, f"Paragraphe {k} : une chose de plus.", locations=[("big.md", k + 1)])
    po.write_bytes(render_catalog(catalog))
    template = Catalog(locale=None)
    for k, text in enumerate(texts):
        template.add(text.replace("explains", "says"), locations=[("big.md", k + 1)])
    started = time.monotonic()
    updated = update_catalog(po, template)
    assert time.monotonic() - started < 10.0  # 40 s by difflib alone
    for k in (0, 123, 399):
        draft = updated.get(texts[k].replace("explains", "says"))
        assert draft.fuzzy and draft.string == f"Paragraphe {k} : une chose de plus."
        assert draft.previous_id == [texts[k]]
