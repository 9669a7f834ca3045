"""Catalog files: read strictly with every error at its line, written as GNU gettext's tools read them."""

from __future__ import annotations

import codecs
import gettext
import os
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import fr_catalog_with

from coursegen.errors import CatalogError
from coursegen.pofiles import keep_layout, read_catalog, render_catalog

FIXTURES = Path(__file__).parent / "fixtures" / "catalogs"
PROJECT = FIXTURES / "project"

BAD_PO = {
    "unterminated-string.po": (6, "unterminated string"),
    "misspelled-keyword.po": (6, "unrecognized line"),
    "stray-text.po": (7, "unrecognized line"),
    "too-many-plural-forms.po": (6, "more plural forms than the Plural-Forms header gives"),
    "duplicate-message.po": (12, "message 'Lessons' defined twice (first at line 5)"),
    "charset-not-utf8.po": (6, "declares charset ISO-8859-1; catalogs are UTF-8"),
    "latin1-bytes.po": (7, "not UTF-8 (byte 0xe7)"),
}


@pytest.mark.parametrize("name", sorted(BAD_PO), ids=sorted(BAD_PO))
def test_syntax_errors_name_file_and_line(name: str) -> None:
    line, reason = BAD_PO[name]
    with pytest.raises(CatalogError) as caught:
        read_catalog(FIXTURES / "bad-po" / name)
    assert caught.value.line == line
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{FIXTURES / 'bad-po' / name}:{line}: ")


def test_a_merge_conflict_left_in_a_catalog_is_named_at_its_line(tmp_path: Path) -> None:
    """Two translators' changes to one entry, merged by git: "unrecognized line '<<<<<<< HEAD'" did not say
    what to do."""
    path = tmp_path / "messages.po"
    entry = 'msgid "Lessons"\nmsgstr "{}"\n'
    head = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    conflict = f"<<<<<<< HEAD\n{entry.format('Leçons')}=======\n{entry.format('Cours')}>>>>>>> fr-review\n"
    path.write_text(head + conflict, encoding="utf-8")
    with pytest.raises(CatalogError, match=r"messages\.po:5: an unresolved merge conflict \(<<<<<<<, ="):
        read_catalog(path)


def test_a_catalog_saved_with_a_byte_order_mark_reads_as_without(tmp_path: Path) -> None:
    po = PROJECT / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    with_bom = tmp_path / "messages.po"
    with_bom.write_bytes(codecs.BOM_UTF8 + po.read_bytes())
    assert read_catalog(with_bom)["Lessons"].string == "Leçons"
    assert [m.id for m in read_catalog(with_bom)] == [m.id for m in read_catalog(po)]


def test_msgmerge_s_previous_texts_are_read_as_such(tmp_path: Path) -> None:
    """msgmerge --previous writes "#|" before a fuzzy entry and "#~|" before an obsolete one: the second
    stopped check, messages and the build ("Unknown or misformatted keyword"), the first became a
    translator's comment "# | msgid ..." once coursegen rewrote the catalog."""
    path = fr_catalog_with(
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
    path = fr_catalog_with(tmp_path, 'msgid "Lessons"\n', f'#, fuzzy\n#| msgid "{long}"\nmsgid "Lessons"\n')
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
    path = fr_catalog_with(tmp_path, 'msgid "Lessons"\n', f'#, fuzzy\n{previous}msgid "Lessons"\n')
    assert read_catalog(path)["Lessons"].previous_id == ["One.\n\n\nTwo."]


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u0085", "\x0b", "\x0c"])
def test_a_line_separator_inside_a_translation_is_text(tmp_path: Path, char: str) -> None:
    """Text pasted from a word processor: PO files break lines at line feeds only, but the checks split at
    every Unicode line break and called the string unterminated."""
    path = fr_catalog_with(tmp_path, 'msgstr "Leçons"', f'msgstr "Leçons{char}(suite)"')
    assert read_catalog(path)["Lessons"].string == f"Leçons{char}(suite)"


def test_a_catalog_with_old_mac_line_endings_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    """Read as one comment, it had "153 msgids missing; run 'coursegen messages'", which then wrote the old
    text as a header comment over empty entries."""
    source = (PROJECT / "locales" / "fr" / "LC_MESSAGES" / "messages.po").read_bytes()
    path = tmp_path / "messages.po"
    path.write_bytes(source.replace(b"\n", b"\r"))
    with pytest.raises(CatalogError, match="line endings"):
        read_catalog(path)


def test_no_message_is_flagged_as_a_percent_format(tmp_path: Path) -> None:
    """Babel flags any text with "7% o" as python-format; msgfmt, Poedit and Weblate then rejected correct
    translations of a code comment that is never %-formatted."""
    path = fr_catalog_with(
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
    path = fr_catalog_with(tmp_path, old, new)
    with pytest.raises(CatalogError) as caught:
        read_catalog(path)
    assert reason in caught.value.reason and caught.value.line is not None


def test_more_plural_forms_than_the_header_gives_names_the_header(tmp_path: Path) -> None:
    """An Arabic header "simplified" to nplurals=2 over entries of six forms: Babel's "msg has more
    translations than num_plurals of catalog" said nothing of the header to mend."""
    po = tmp_path / "messages.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ar\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "{n} step"\nmsgid_plural "{n} steps"\n'
        + "".join(f'msgstr[{i}] "{{n}} خطوة {i}"\n' for i in range(6)),
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as error:
        read_catalog(po)
    assert (
        "more plural forms than the Plural-Forms header gives (line 4: nplurals=2; plural=(n != 1);)"
        in str(error.value)
    )
    assert error.value.path == po and error.value.line is not None


@pytest.mark.parametrize("count", ["0", "7", "1000000000"])
def test_a_count_of_plural_forms_no_language_has_is_refused_at_its_line(tmp_path: Path, count: str) -> None:
    """Babel makes a list of nplurals forms for each plural entry: with nplurals=1000000000, `coursegen
    check`, `coursegen messages` and the build ran until stopped, without a word."""
    po = tmp_path / "messages.po"
    po.write_text(
        f'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Plural-Forms: nplurals={count}; plural=(n > 1);\\n"\n\n'
        'msgid "{n} step"\nmsgid_plural "{n} steps"\nmsgstr[0] "{n} pas"\nmsgstr[1] "{n} pas"\n',
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as error:
        read_catalog(po)
    assert error.value.reason == (
        f"Plural-Forms: nplurals={count}, where a language has 1 to 6 forms "
        "(CLDR's zero, one, two, few, many and other)"
    )
    assert error.value.path == po and error.value.line == 4


def test_a_translators_comment_that_begins_with_a_bar_is_kept(tmp_path: Path) -> None:
    """Only a "#|" line is a previous text: "# |z| stays |z|" (a note about the lecture's math) was taken for
    one, and dropped at the next refresh without a word."""
    note = "# |z| stays |z| here: the lecture writes the absolute value so.\n"
    path = fr_catalog_with(tmp_path, 'msgid "Lessons"\n', f'{note}msgid "Lessons"\n')
    catalog = read_catalog(path)
    assert catalog["Lessons"].user_comments == [note.removeprefix("# ").strip()]
    assert catalog["Lessons"].previous_id == []
    assert note.encode() in render_catalog(catalog)


def test_a_catalog_s_layout_is_kept_below_comments_standing_apart_above_its_header() -> None:
    """Translators' credits above the header, a blank line below them: the whole catalog was rewritten in
    coursegen's layout at the next refresh."""
    head = '# Translators:\n# A B, 2024\n\nmsgid ""\nmsgstr "X: 1\\n"\n\n#: a.py:1\nmsgid "A long text"\n'
    current, before = head + 'msgstr ""\n"Un long texte"\n', head + 'msgstr "Un long texte"\n'
    kept = keep_layout(current, before, before + '\n#: a.py:2\nmsgid "New"\nmsgstr ""\n')
    assert kept == current + '\n#: a.py:2\nmsgid "New"\nmsgstr ""\n'


def _msgfmt_reads(path: Path, tmp_path: Path) -> gettext.GNUTranslations:
    """The catalog as GNU gettext's msgfmt compiles it (and Poedit and Weblate read it)."""
    compiled = tmp_path / "messages.mo"
    done = subprocess.run(["msgfmt", "-o", str(compiled), str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with compiled.open("rb") as handle:
        return gettext.GNUTranslations(handle)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("\\x41\\101", "AA"),
        ("Le\\xc3\\xa7ons", "Leçons"),  # bytes of the file's UTF-8
        ("\\x22\\012\\042\\134", '"\n"\\'),  # what Babel reads as quotes and backslashes stays text
        ("a\\tb\\\\x41", "a\tb\\x41"),  # an escaped backslash before an x is a backslash
        ("cloche\\a", "cloche\a"),
    ],
)
def test_a_translation_reads_as_gnu_gettext_reads_its_escapes(tmp_path: Path, typed: str, meant: str) -> None:
    """Babel reads only \\\\, \\", \\n, \\t and \\r, and kept the other escapes msgfmt reads as typed: "\\x41"
    was shown so on the page, where Poedit and msgfmt show "A"."""
    path = fr_catalog_with(tmp_path, 'msgstr "Leçons"', f'msgstr "{typed}"')
    assert _msgfmt_reads(path, tmp_path).gettext("Lessons") == meant
    assert read_catalog(path)["Lessons"].string == meant


def test_a_control_character_is_written_as_the_escape_gnu_gettext_reads(tmp_path: Path) -> None:
    """Written back (by `coursegen messages`), "\\a" had become "\\\\a", a backslash and a letter; Babel
    writes a control character as it is."""
    path = fr_catalog_with(tmp_path, 'msgstr "Leçons"', 'msgstr "cloche\\a\\v\\f\\b\\033 fin"')
    meant = "cloche\a\v\f\b\x1b fin"
    assert read_catalog(path)["Lessons"].string == meant
    written = render_catalog(read_catalog(path)).decode()
    assert not re.search(r"[\x00-\x08\x0b-\x1f]", written)
    assert "cloche\\a" in written and "\\b\\033 fin" in written
    path.write_text(written, encoding="utf-8")
    assert read_catalog(path)["Lessons"].string == meant
    assert _msgfmt_reads(path, tmp_path).gettext("Lessons") == meant


def test_an_escape_that_makes_no_utf8_is_refused_at_its_line(tmp_path: Path) -> None:
    path = fr_catalog_with(tmp_path, 'msgstr "Leçons"', 'msgstr "Le\\xe7ons"')
    with pytest.raises(CatalogError, match=r"'\\xe7'.*UTF-8") as caught:
        read_catalog(path)
    assert caught.value.line == 15


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(translation=st.text(st.characters(exclude_categories=("Cs",)), max_size=200))
def test_any_translation_written_reads_back_the_same(tmp_path: Path, translation: str) -> None:
    """What `coursegen messages` writes is what the build then reads: a control character, a backslash
    before a letter or a line separator must come back as they were."""
    path = fr_catalog_with(tmp_path, 'msgid "Lessons"\nmsgstr "Leçons"', 'msgid "Lessons"\nmsgstr "x"')
    catalog = read_catalog(path)
    catalog["Lessons"].string = translation
    path.write_bytes(render_catalog(catalog))
    assert read_catalog(path)["Lessons"].string == translation
