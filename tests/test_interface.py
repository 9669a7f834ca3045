"""The theme's interface strings as catalog messages: read from the theme, pre-filled, handed to pages."""

from __future__ import annotations

import json

import pytest

from coursegen import interface


def test_every_key_has_english_text_and_no_setting_is_taken() -> None:
    english = interface.english()
    assert set(english) == set(interface.KEYS)
    assert english["toc"] == "Table of contents" and english["search.result.other"] == "# matching documents"
    assert not any(key.startswith(("search.config", "blog.", "consent.")) for key in interface.KEYS)
    assert set(interface.KEYS) >= interface.JSON_KEYS


def test_theme_strings_of_a_language_the_theme_ships_and_of_one_it_lacks() -> None:
    assert interface.theme_strings("fr")["toc"] == "Table des matières"
    assert "sw" not in interface.theme_languages()
    assert interface.theme_strings("sw") == {}


def test_prefill_takes_the_theme_s_strings_in_a_language_it_has() -> None:
    msgids = {"Table of contents", "Weights"}
    assert interface.prefill(msgids, "fr") == {"Table of contents": "Table des matières"}
    assert interface.prefill(msgids, "en") == {}
    assert interface.prefill(msgids, "sw") == {}


def test_prefill_gives_a_shared_msgid_the_visible_text() -> None:
    """ "Search" is both the search box's name and its placeholder; the placeholder is what readers see."""
    assert interface.english()["search"] == interface.english()["search.placeholder"] == "Search"
    assert interface.prefill({"Search"}, "fr") == {
        "Search": interface.theme_strings("fr")["search.placeholder"]
    }


HOSTILE = '<b onmouseover="x()">Copier</b> & "co"'


def test_page_strings_escape_html_but_not_what_goes_into_json() -> None:
    translations = {"Table of contents": HOSTILE, "Copy to clipboard": HOSTILE}
    found = interface.page_strings(translations.__contains__, translations.__getitem__, theme_has=True)
    assert set(found) == {"toc", "clipboard.copy"}
    assert "<" not in found["toc"] and '"' not in found["toc"] and "&amp;" in found["toc"]
    # The theme writes clipboard.copy through tojson: escaping here would show "&amp;" to the reader.
    assert found["clipboard.copy"] == HOSTILE
    assert json.loads(json.dumps(found["clipboard.copy"])) == HOSTILE


def test_json_strings_the_theme_s_script_inserts_as_html_are_escaped_too() -> None:
    """The search results put "Missing" and "# more on this page" into the page with innerHTML: a
    translation of them ran as script in the search dialog."""
    inserted_as_html = {"search.result.more.one", "search.result.more.other", "search.result.term.missing"}
    messages = {interface.english()[key]: HOSTILE for key in inserted_as_html}
    found = interface.page_strings(messages.__contains__, messages.__getitem__, theme_has=True)
    assert set(found) == inserted_as_html
    assert all("<" not in text and '"' not in text for text in found.values()), found


@pytest.mark.parametrize("theme_has", [True, False])
def test_page_strings_ask_for_missing_translations_only_when_the_theme_lacks_the_language(
    theme_has: bool,
) -> None:
    asked: list[str] = []

    def gettext(message: str) -> str:
        asked.append(message)
        return message

    found = interface.page_strings(lambda _: False, gettext, theme_has=theme_has)
    if theme_has:
        assert found == {} and asked == []
    else:
        assert found["toc"] == "Table of contents" and "Copy to clipboard" in asked


def test_a_locale_in_another_script_than_the_theme_s_language_is_not_prefilled() -> None:
    """Material's Serbian is Cyrillic: a Serbian-in-Latin catalog left "Претрага" counted as translated."""
    from babel.messages.catalog import Catalog

    from coursegen.extract import _fill_from_theme

    filled = {}
    for code in ("sr", "sr_Latn"):
        catalog = Catalog(locale=code)
        catalog.add("Search", "")
        _fill_from_theme(catalog, code)
        filled[code] = catalog["Search"].string
    assert filled == {"sr": "Претрага", "sr_Latn": ""}
