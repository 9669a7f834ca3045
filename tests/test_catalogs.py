"""Reading catalogs, translating with an English fallback, counting and checking placeholders."""

from __future__ import annotations

import codecs
import logging
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from coursegen import interface
from coursegen.catalogs import (
    Stats,
    catalog_stats,
    load_translator,
    placeholder_mismatches,
    placeholders,
    read_catalog,
    render_catalog,
    translator_from_catalog,
)
from coursegen.errors import CatalogError, LocaleError

FIXTURES = Path(__file__).parent / "fixtures" / "catalogs"
PROJECT = FIXTURES / "project"

BAD_PO = {
    "unterminated-string.po": (6, "unterminated string"),
    "misspelled-keyword.po": (6, "unrecognized line"),
    "stray-text.po": (7, "unrecognized line"),
    "too-many-plural-forms.po": (6, "more translations than num_plurals"),
    "duplicate-message.po": (12, "message 'Lessons' defined twice (first at line 5)"),
    "charset-not-utf8.po": (6, "declares charset ISO-8859-1; catalogs are UTF-8"),
    "latin1-bytes.po": (7, "not UTF-8 (byte 0xe7)"),
}


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    shutil.copytree(PROJECT / "locales", tmp_path / "locales")
    return tmp_path / "locales"


@pytest.mark.parametrize("name", sorted(BAD_PO), ids=sorted(BAD_PO))
def test_syntax_errors_name_file_and_line(name: str) -> None:
    line, reason = BAD_PO[name]
    with pytest.raises(CatalogError) as caught:
        read_catalog(FIXTURES / "bad-po" / name)
    assert caught.value.line == line
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{FIXTURES / 'bad-po' / name}:{line}: ")


def test_a_catalog_saved_with_a_byte_order_mark_reads_as_without(tmp_path: Path) -> None:
    po = PROJECT / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    with_bom = tmp_path / "messages.po"
    with_bom.write_bytes(codecs.BOM_UTF8 + po.read_bytes())
    assert read_catalog(with_bom)["Lessons"].string == "Leçons"
    assert [m.id for m in read_catalog(with_bom)] == [m.id for m in read_catalog(po)]


def test_translated_message(locales: Path) -> None:
    translator = load_translator(locales, "fr")
    assert translator.gettext("Lessons") == "Leçons"
    assert translator.gettext("Weights: small and random") == "Poids : petits et aléatoires"


def test_a_catalog_saved_decomposed_gives_composed_translations(locales: Path) -> None:
    po = locales / "fr" / "LC_MESSAGES" / "messages.po"
    decomposed = unicodedata.normalize("NFD", po.read_text(encoding="utf-8"))
    assert "Lec\u0327ons" in decomposed
    po.write_text(decomposed, encoding="utf-8")
    translator = load_translator(locales, "fr")
    assert translator.gettext("Lessons") == "Leçons"  # one character, as the transcripts' text
    assert translator.gettext("Weights: small and random") == "Poids : petits et aléatoires"


def test_plural_forms_follow_the_locale(locales: Path) -> None:
    translator = load_translator(locales, "fr")
    # French uses the singular for 0 and 1.
    assert translator.ngettext("{n} lesson", "{n} lessons", 0) == "{n} leçon"
    assert translator.ngettext("{n} lesson", "{n} lessons", 1) == "{n} leçon"
    assert translator.ngettext("{n} lesson", "{n} lessons", 2) == "{n} leçons"


def test_strings_shown_in_english_are_one_warning_naming_the_catalog(
    locales: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Each string shown in English was a warning of its own: some 150 lines for a new locale, on every
    rebuild under mkdocs serve, and another translator's one-line error scrolled away among them."""
    translator = load_translator(locales, "fr")
    with caplog.at_level(logging.DEBUG, logger="coursegen.catalogs"):
        for message in ["Download the notebook", "Demo course, week 1", "Never extracted"] * 2:
            assert translator.gettext(message) == message
        named = [r.getMessage() for r in caplog.records]
        caplog.clear()
        translator.report()
    assert len(named) == 3 and all(r.startswith("fr: ") for r in named)  # once each, in the debug log
    assert "'Download the notebook' is marked fuzzy" in named[0] and "'Never extracted'" in named[2]
    catalog = locales / "fr" / "LC_MESSAGES" / "messages.po"
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        (
            "WARNING",
            f"{catalog}: strings shown in English: 2 not translated, 1 marked fuzzy (used once a translator "
            "has checked it and removed the fuzzy mark) (`coursegen messages` adds new strings to the "
            "catalogs, `coursegen check` lists those left to translate)",
        )
    ]


def test_a_translation_with_placeholders_that_differ_is_not_counted_as_not_translated(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The build named the entry at its line ("placeholders differ"), then counted it among the strings "not
    translated": the translator, who had translated it, looked for one more string to translate."""
    catalog = Catalog(locale="fr")
    catalog.add("hidden unit {k}", "unité cachée {K}")
    catalog.add("Lessons", "")
    translator = translator_from_catalog(catalog, "fr", Path("fr.po"))
    with caplog.at_level(logging.WARNING, logger="coursegen.catalogs"):
        assert translator.gettext("hidden unit {k}") == "hidden unit {k}"
        assert translator.gettext("Lessons") == "Lessons"
        translator.report()
    assert (
        caplog.records[-1]
        .getMessage()
        .startswith(
            "fr.po: strings shown in English: 1 not translated, 1 whose placeholders differ (named above) ("
        )
    )


def test_a_direction_override_left_open_in_a_translation_is_closed() -> None:
    """An unclosed right-to-left override in a translated title reversed the site's name after it in the
    window's title (Material writes "{title} - {site}")."""
    catalog = Catalog(locale="fr")
    catalog.add("Random Initialization", "Initialisation \u202eouvert")
    catalog.add("{n} lesson", ("{n} leçon \u2067x", "{n} leçons \u2067x"))
    translator = translator_from_catalog(catalog, "fr")
    title = translator.gettext("Random Initialization") + " - Deep Learning"
    assert title == "Initialisation \u202eouvert\u202c - Deep Learning"
    assert translator.ngettext("{n} lesson", "{n} lessons", 2) == "{n} leçons \u2067x\u2069"
    # A closing isolate mark with no isolate to close closes nothing: the override stayed open.
    catalog.add("Lessons", "Leçons \u202eouvert\u2069")
    assert translator_from_catalog(catalog, "fr").gettext("Lessons") == "Leçons \u202eouvert\u2069\u202c"


def test_untranslated_plural_falls_back_to_english_forms(caplog: pytest.LogCaptureFixture) -> None:
    translator = load_translator(PROJECT / "locales", "fr")
    assert translator.ngettext("{n} file", "{n} files", 1) == "{n} file"
    assert translator.ngettext("{n} file", "{n} files", 5) == "{n} files"


def test_bcp47_and_gettext_codes_find_the_same_catalog(locales: Path) -> None:
    (locales / "fr").rename(locales / "zh_Hant")
    assert load_translator(locales, "zh-Hant").gettext("Lessons") == "Leçons"
    assert load_translator(locales, "zh_Hant").gettext("Lessons") == "Leçons"


def test_locale_without_catalog_is_all_english(locales: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="coursegen.catalogs"):
        translator = load_translator(locales, "ko")
    assert translator.gettext("Lessons") == "Lessons"
    assert translator.ngettext("{n} unit", "{n} units", 2) == "{n} units"
    # One warning says it all: not one more per string (a build logged some 130 of them).
    catalog = locales / "ko" / "LC_MESSAGES" / "messages.po"
    assert [r.getMessage() for r in caplog.records] == [
        f"ko: no catalog at {catalog}, every string will be shown in English"
    ]


def test_unknown_locale_code_is_refused(locales: Path) -> None:
    with pytest.raises(LocaleError):
        load_translator(locales, "xx-nope")


def test_broken_catalog_is_an_error_not_english(locales: Path) -> None:
    shutil.copy(
        FIXTURES / "bad-po" / "unterminated-string.po", locales / "fr" / "LC_MESSAGES" / "messages.po"
    )
    with pytest.raises(CatalogError, match=r"messages\.po:6: unterminated string"):
        load_translator(locales, "fr")


def test_stats_count_every_state() -> None:
    stats = catalog_stats(PROJECT / "locales" / "fr" / "LC_MESSAGES" / "messages.po")
    assert stats == Stats(translated=10, fuzzy=1, untranslated=1, obsolete=0)
    assert stats.total == 12


def test_placeholder_mismatches_give_lines_and_reasons() -> None:
    catalog = read_catalog(FIXTURES / "placeholders.po")
    found = {(line, msgid): reason for line, msgid, reason in placeholder_mismatches(catalog)}
    assert found == {
        (7, "hidden unit {k}"): "missing {k}; unexpected {K}",
        (10, "Run `coursegen check`."): "missing `coursegen check`",
        (16, "{n} lesson"): "msgstr[1]: unexpected {extra}",
    }


@pytest.mark.parametrize(
    ("translation", "reason"),
    [
        ("unité cachée {k}}", "a '{' or '}' without its pair"),
        ("unité cachée {{k}", "a '{' or '}' without its pair"),
        ("unité { cachée {k}", "a '{' or '}' without its pair"),
        ("unité cachée {{k}}", "missing {k}"),
        ("unité cachée {k!r}", "missing {k}; unexpected {k!r}"),
    ],
)
def test_a_brace_without_its_pair_is_named_as_such(translation: str, reason: str) -> None:
    """The translation "{k}}" holds the placeholder: "missing {k}" would send one looking for it."""
    catalog = Catalog(locale="fr")
    catalog.add("hidden unit {k}", translation)
    assert [found for _line, _id, found in placeholder_mismatches(catalog)] == [
        reason if reason.startswith("missing") else f"{reason} (write a literal brace as '{{{{' or '}}}}')"
    ]


@pytest.mark.parametrize(
    ("msgid", "translation", "reason"),
    [
        ("between 5 and 10 dollars", "entre 5 $ et 10 $", "unexpected $ et 10 $"),
        ("cost $J(w)$", "coût J(w)", "missing $J(w)$"),
        ("cost $J(w)$", "coût $J(w)$ $", "missing $J(w)$"),
        ("cost $J(w)$", "coût $J(w)$", None),
        ("price in dollars", "prix en $", None),
        ("price in dollars", "prix 5 \\$ ou 6 $", None),
        (
            "`echo $PATH` or `echo $HOME`",
            "`echo $PATH` ou `echo $HOME`",
            "missing $PATH` or `echo $; unexpected $PATH` ou `echo $",
        ),
    ],
    ids=["brings-math", "drops-math", "breaks-math", "keeps-math", "one-dollar", "escaped-dollar", "code"],
)
def test_a_translation_must_keep_the_math_of_its_source_and_bring_none(
    msgid: str, translation: str, reason: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    """Plots read the text between two "$" as math, as in any notebook (a log axis's ticks are math): a
    translation of a label with two prices ("entre 5 $ et 10 $") would be drawn as math, or stop the build."""
    catalog = Catalog(locale="fr")
    catalog.add(msgid, translation)
    found = [found for _line, _id, found in placeholder_mismatches(catalog, drawn={msgid})]
    translator = translator_from_catalog(catalog, "fr", Path("fr.po"), drawn={msgid})
    if reason is None:
        assert found == [] and translator.gettext(msgid) == translation
    else:
        assert found == [
            f"{reason} (a plot reads the text between two '$' as math: write '\\$' for a dollar sign)"
        ]
        assert translator.gettext(msgid) == msgid
    # On a page or in a guide, "$" is a character: no text of them is refused for it.
    assert placeholder_mismatches(catalog) == []
    assert translator_from_catalog(catalog, "fr").gettext(msgid) == translation


def test_the_theme_s_number_sign_must_stay_in_its_strings() -> None:
    """The theme writes the count where "#" is; elsewhere "#" is just a character."""
    catalog = Catalog(locale="fr")
    catalog.add(
        "# matching documents", "documents trouvés", auto_comments=[interface.comment("search.result.other")]
    )
    catalog.add(
        "# more on this page", "# de plus", auto_comments=[interface.comment("search.result.more.other")]
    )
    catalog.add("Use # for comments", "Utilisez le dièse")
    assert [(msgid, reason) for _line, msgid, reason in placeholder_mismatches(catalog)] == [
        ("# matching documents", "missing # (the theme writes the number there)")
    ]


def test_consistent_catalog_has_no_mismatches() -> None:
    assert (
        placeholder_mismatches(read_catalog(PROJECT / "locales" / "fr" / "LC_MESSAGES" / "messages.po")) == []
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain text, 100 % sure", set()),
        ("{{literal}} braces", set()),
        ("{value:.2f} and {0}", {"{value:.2f}", "{0}"}),
        ("%s and %(name)s and %%", {"%s", "%(name)s"}),
        ("`a {b}` code", {"`a {b}`"}),
    ],
    ids=["none", "escaped-braces", "format-spec", "percent", "code-span"],
)
def test_placeholders(text: str, expected: set[str]) -> None:
    assert placeholders(text) == expected


REPO_CATALOGS = sorted((Path(__file__).parent.parent / "locales").glob("*/LC_MESSAGES/messages.po"))


@pytest.mark.parametrize("path", REPO_CATALOGS, ids=[path.parts[-3] for path in REPO_CATALOGS])
def test_the_course_s_own_locales_are_fully_translated(path: Path) -> None:
    """A message the extractor loses for a moment (a gettext call moved inside an f-string, which Babel
    does not read) comes back as a fuzzy guess from a neighbour ("Read side by side" as "{title} : côte
    à côte"); a page would show it. Every string of the five seed locales is translated and checked."""
    stats = catalog_stats(path)
    assert stats.fuzzy == 0 and stats.untranslated == 0, stats


def _fr_with(tmp_path: Path, old: str, new: str) -> Path:
    text = (PROJECT / "locales" / "fr" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "messages.po"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_msgmerge_s_previous_texts_are_read_as_such(tmp_path: Path) -> None:
    """msgmerge --previous writes "#|" before a fuzzy entry and "#~|" before an obsolete one: the second
    stopped check, messages and the build ("Unknown or misformatted keyword"), the first became a
    translator's comment "# | msgid ..." once coursegen rewrote the catalog."""
    path = _fr_with(
        tmp_path,
        'msgid "Lessons"\n',
        '#, fuzzy\n#| msgid "Lesson list"\nmsgid "Lessons"\n',
    )
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n#, fuzzy\n#~| msgid "Hello wrld"\n#~ msgid "Hello world"\n#~ msgstr "Bonjour le monde"\n',
        encoding="utf-8",
    )
    catalog = read_catalog(path)
    message = catalog["Lessons"]
    assert message.fuzzy and message.previous_id == ["Lesson list"] and message.user_comments == []
    assert catalog.obsolete["Hello world"].string == "Bonjour le monde"
    written = render_catalog(catalog).decode()
    assert '#| msgid "Lesson list"\nmsgid "Lessons"' in written and "# |" not in written


def test_long_previous_texts_and_obsolete_fuzzy_entries_are_written_as_gettext_reads_them(
    tmp_path: Path,
) -> None:
    """A previous text (#|) of 69 characters or more was wrapped inside its quotes (msgfmt, msgmerge and
    msgcat refused every catalog), and an obsolete entry lost its fuzzy mark and its previous text: back in
    the template, an unreviewed translation came back as reviewed."""
    long = "Why a neural network must not start with all its weights at zero, and why " * 2
    path = _fr_with(tmp_path, 'msgid "Lessons"\n', f'#, fuzzy\n#| msgid "{long}"\nmsgid "Lessons"\n')
    obsolete = (
        f'\n# kept\n#, fuzzy, python-format\n#~| msgid "Hello wrld {long}"\n#~ msgid "Hello world"\n'
        '#~ msgstr "Salut"\n'
    )
    path.write_text(path.read_text(encoding="utf-8") + obsolete, encoding="utf-8")
    written = render_catalog(read_catalog(path)).decode()
    for line in written.splitlines():
        if line.startswith(("#|", "#~")):
            assert re.fullmatch(r'#~?\|? ?(?:msgid |msgstr )?"(?:[^"\\]|\\.)*"', line), line
    assert '#~ msgid "Hello world"' in written
    path.write_text(written, encoding="utf-8")
    again = read_catalog(path)
    assert again["Lessons"].previous_id == [long]
    kept = again.obsolete["Hello world"]
    assert kept.fuzzy and kept.previous_id == [f"Hello wrld {long}"] and kept.user_comments == ["kept"]
    assert "python-format" not in written
    assert render_catalog(again).decode() == written
    # GNU gettext's own reader agrees.
    done = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_previous_text_keeps_its_repeated_lines(tmp_path: Path) -> None:
    """Babel reads each "#|" line as a translator's comment, and drops a comment repeated: a previous text
    with two blank lines came back with one, and was written so at the next refresh."""
    previous = '#| msgid ""\n#| "One.\\n"\n#| "\\n"\n#| "\\n"\n#| "Two."\n'
    path = _fr_with(tmp_path, 'msgid "Lessons"\n', f'#, fuzzy\n{previous}msgid "Lessons"\n')
    assert read_catalog(path)["Lessons"].previous_id == ["One.\n\n\nTwo."]


def test_a_fuzzy_entry_without_a_translation_counts_as_untranslated(tmp_path: Path) -> None:
    """Lokalize's "needs work" on an empty entry: check counted it fuzzy, "used once a translator removes
    the mark", the build and msgfmt untranslated."""
    path = _fr_with(tmp_path, 'msgid "Lessons"\nmsgstr "Leçons"\n', '#, fuzzy\nmsgid "Lessons"\nmsgstr ""\n')
    before = catalog_stats(PROJECT / "locales" / "fr" / "LC_MESSAGES" / "messages.po")
    after = catalog_stats(path)
    assert (after.fuzzy, after.untranslated) == (before.fuzzy, before.untranslated + 1)


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u0085", "\x0b", "\x0c"])
def test_a_line_separator_inside_a_translation_is_text(tmp_path: Path, char: str) -> None:
    """Text pasted from a word processor: PO files break lines at line feeds only, but the checks split at
    every Unicode line break and called the string unterminated."""
    path = _fr_with(tmp_path, 'msgstr "Leçons"', f'msgstr "Leçons{char}(suite)"')
    assert read_catalog(path)["Lessons"].string == f"Leçons{char}(suite)"


def test_a_catalog_with_old_mac_line_endings_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    """Read as one comment, it had "153 msgids missing; run 'coursegen messages'", which then wrote the old
    text as a header comment over empty entries."""
    source = (PROJECT / "locales" / "fr" / "LC_MESSAGES" / "messages.po").read_bytes()
    path = tmp_path / "messages.po"
    path.write_bytes(source.replace(b"\n", b"\r"))
    with pytest.raises(CatalogError, match="line endings"):
        read_catalog(path)


def test_an_entry_with_a_context_the_template_lacks_is_not_a_translation(tmp_path: Path) -> None:
    """An extra msgctxt entry replaced the real translation on every page."""
    path = _fr_with(
        tmp_path,
        'msgstr "Leçons"\n',
        'msgstr "Leçons"\n\nmsgctxt "button"\nmsgid "Lessons"\nmsgstr "MAUVAIS"\n',
    )
    translator = translator_from_catalog(read_catalog(path), "fr", path)
    assert translator.gettext("Lessons") == "Leçons"


def test_no_message_is_flagged_as_a_percent_format(tmp_path: Path) -> None:
    """Babel flags any text with "7% o" as python-format; msgfmt, Poedit and Weblate then rejected correct
    translations of a code comment that is never %-formatted."""
    path = _fr_with(
        tmp_path, 'msgid "Lessons"\nmsgstr "Leçons"', 'msgid "below 7% of its peak"\nmsgstr "sous 7 % du pic"'
    )
    assert "python-format" not in render_catalog(read_catalog(path)).decode()


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ('msgstr "Leçons"\n', 'msgstr "Leçons"\nmsgstr "Cours"\n', "a second msgstr"),
        ('msgstr "Leçons"\n', 'msgstr[0] "Leçons"\n', "msgstr[0] belongs to plural entries"),
        (
            'msgid "Lessons"\nmsgstr "Leçons"\n',
            'msgid "Lessons"\nmsgstr "Leçons"\nmsgid_plural "Lessons"\n',
            "msgid_plural",
        ),
        ('msgstr "Leçons"\n', "", "has no msgstr"),
    ],
    ids=["second-msgstr", "plural-form-on-singular", "plural-after-msgstr", "no-msgstr"],
)
def test_an_entry_out_of_order_is_an_error_at_its_line(
    tmp_path: Path, old: str, new: str, reason: str
) -> None:
    """msgfmt refuses these; Babel kept one msgstr and dropped the other, or lost the translation, in silence
    (and messages deleted the dropped text from the file)."""
    path = _fr_with(tmp_path, old, new)
    with pytest.raises(CatalogError) as caught:
        read_catalog(path)
    assert reason in caught.value.reason and caught.value.line is not None
