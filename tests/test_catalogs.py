"""Reading catalogs, translating with an English fallback, counting and checking placeholders."""

from __future__ import annotations

import logging
import shutil
import unicodedata
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from support import fr_catalog_with

from coursegen import interface
from coursegen.catalogs import (
    Stats,
    catalog_stats,
    load_translator,
    placeholder_mismatches,
    placeholders,
    translator_from_catalog,
)
from coursegen.errors import CatalogError, LocaleError
from coursegen.pofiles import read_catalog

FIXTURES = Path(__file__).parent / "fixtures" / "catalogs"
PROJECT = FIXTURES / "project"


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    shutil.copytree(PROJECT / "locales", tmp_path / "locales")
    return tmp_path / "locales"


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
    # Another locale's warning after it: the hints again only lengthened each line (ten locales, ten times).
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="coursegen.catalogs"):
        assert translator.report(hints=False)
    assert [r.getMessage() for r in caplog.records] == [
        f"{catalog}: strings shown in English: 2 not translated, 1 marked fuzzy"
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
    window's title (Material writes "{title} - {site}").

    German, whose two plural forms CLDR has kept (Babel 2.19 gives French a third).
    """
    catalog = Catalog(locale="de")
    catalog.add("Random Initialization", "Initialisation \u202eouvert")
    catalog.add("{n} lesson", ("{n} leçon \u2067x", "{n} leçons \u2067x"))
    translator = translator_from_catalog(catalog, "de")
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


@pytest.mark.parametrize(
    ("translation", "reason"),
    [
        ("Deux\vclasses", "U+000B (a control character)"),
        ("Deux classes\x1b[0m", "U+001B (a control character)"),
        ("Deux \ue000 classes\x00", "U+0000 (a control character), U+E000 (a private-use character)"),
        ("Deux classes\ufffe", "U+FFFE (not a character)"),
    ],
    ids=["vertical-tab", "escape", "private-use", "noncharacter"],
)
def test_a_translation_a_plot_draws_must_be_text(translation: str, reason: str) -> None:
    """matplotlib has no glyph for a control or private-use character: one pasted into a plot label's
    translation stopped the build of every language, blaming the examples; ``check`` said nothing."""
    msgid = "Two classes"
    catalog = Catalog(locale="fr")
    catalog.add(msgid, translation)
    found = [found for _line, _id, found in placeholder_mismatches(catalog, drawn={msgid})]
    assert found == [f"{reason}, which a plot cannot draw"]
    assert translator_from_catalog(catalog, "fr", Path("fr.po"), drawn={msgid}).gettext(msgid) == msgid
    # A line break is drawn as one; a page shows the text as it is.
    catalog.add("Two\nclasses", "Deux\nclasses\u200b")
    assert placeholder_mismatches(catalog, drawn={msgid, "Two\nclasses"})[1:] == []
    assert placeholder_mismatches(catalog) == []


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


def test_a_fuzzy_entry_without_a_translation_counts_as_untranslated(tmp_path: Path) -> None:
    """Lokalize's "needs work" on an empty entry: check counted it fuzzy, "used once a translator removes
    the mark", the build and msgfmt untranslated."""
    path = fr_catalog_with(
        tmp_path, 'msgid "Lessons"\nmsgstr "Leçons"\n', '#, fuzzy\nmsgid "Lessons"\nmsgstr ""\n'
    )
    before = catalog_stats(PROJECT / "locales" / "fr" / "LC_MESSAGES" / "messages.po")
    after = catalog_stats(path)
    assert (after.fuzzy, after.untranslated) == (before.fuzzy, before.untranslated + 1)


def test_an_entry_with_a_context_the_template_lacks_is_not_a_translation(tmp_path: Path) -> None:
    """An extra msgctxt entry replaced the real translation on every page."""
    path = fr_catalog_with(
        tmp_path,
        'msgstr "Leçons"\n',
        'msgstr "Leçons"\n\nmsgctxt "button"\nmsgid "Lessons"\nmsgstr "MAUVAIS"\n',
    )
    translator = translator_from_catalog(read_catalog(path), "fr", path)
    assert translator.gettext("Lessons") == "Leçons"


def test_plural_entries_under_a_rule_that_cannot_be_used_are_shown_in_english(
    locales: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An unusable Plural-Forms rule was replaced by English's (n != 1) over the translated forms: an
    Arabic page printed the "zero" form for 1, and "one hidden unit" for 5."""
    po = locales / "fr" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8").replace("plural=(n > 1);", "plural=(n >>> 1);"), "utf-8")
    with caplog.at_level(logging.WARNING, logger="coursegen.catalogs"):
        translator = load_translator(locales, "fr")
    assert [translator.ngettext("{n} lesson", "{n} lessons", n) for n in (1, 2)] == [
        "{n} lesson",
        "{n} lessons",
    ]
    assert translator.plural_forms("{n} lesson") is None and translator.plural_expr == "(n != 1)"
    assert f"{po}: unusable Plural-Forms rule" in caplog.text


@pytest.mark.parametrize("form", ["{n} leçons}", "{n} leçons {", "{n:{w}} leçons"])
def test_a_plural_form_str_format_would_refuse_is_left_out(form: str) -> None:
    """A brace typo in one plural form passed every check, then stopped the build: the examples fill a form
    in with str.format (ngettext(...).format(n=n))."""
    catalog = Catalog(locale="fr")
    catalog.add(("{n} lesson", "{n} lessons"), ("{n} leçon", form))
    translator = translator_from_catalog(catalog, "fr")
    assert translator.plural_forms("{n} lesson") is None
    assert translator.ngettext("{n} lesson", "{n} lessons", 2) == "{n} lessons"
    assert placeholder_mismatches(catalog)[0][2].startswith("msgstr[1]: ")


@pytest.mark.parametrize(
    ("locale", "forms", "problem"),
    [
        (
            "uk",
            ("один кластер", "{n} кластери", "{n} кластерів"),
            "msgstr[0]: missing {n} (this form is shown",
        ),
        ("uk", ("{n} кластер", "{n} кластери", "кластерів"), "msgstr[2]: missing {n} (this form is shown"),
        ("fr", ("un groupe", "{n} groupes"), None),
        ("ga", ("braisle amháin", "dhá bhraisle", "{n} bhraisle", "{n} mbraisle", "{n} braisle"), None),
    ],
    ids=["uk-one-is-also-21", "uk-many", "fr-one-is-0-and-1", "ga-few-counts"],
)
def test_a_plural_form_may_leave_the_number_out_only_for_one_count(
    locale: str, forms: tuple[str, ...], problem: str | None
) -> None:
    """Ukrainian's first form is shown for 1, 21, 31...: written "один кластер" ("one cluster"), the page read
    "one cluster" for 21, and GNU gettext's msgfmt (so Poedit and Weblate) refused the catalog. As msgfmt
    judges, a form picked for fewer than five counts of 0..1000 may leave the number out."""
    catalog = Catalog(locale=locale)
    catalog.add(("{n} cluster", "{n} clusters"), forms)
    translator = translator_from_catalog(catalog, locale)
    found = placeholder_mismatches(catalog)
    if problem is None:
        assert found == [] and translator.plural_forms("{n} cluster") == forms
    else:
        assert len(found) == 1 and found[0][2].startswith(problem)
        assert translator.plural_forms("{n} cluster") is None
        assert translator.ngettext("{n} cluster", "{n} clusters", 21) == "{n} clusters"


def test_math_typed_with_one_backslash_is_told_how_to_write_it() -> None:
    """ "$\\alpha$" typed by hand in a catalog is a bell and "lpha" to msgfmt, Poedit and the build alike: the
    reason named U+0007, which no translator recognises as their alpha."""
    msgid = "scale $\\alpha$"
    catalog = Catalog(locale="fr")
    catalog.add(msgid, "échelle $\alpha$")  # as read from msgstr "échelle $\alpha$"
    found = [found for _line, _id, found in placeholder_mismatches(catalog, drawn={msgid})]
    assert (
        "U+0007 (a control character), which a plot cannot draw (in a catalog, \\a is that character: write "
        "\\\\alpha for \\alpha)" in found
    )
