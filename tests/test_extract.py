"""Extracting the template and updating catalogs from a small fixture project."""

from __future__ import annotations

import ast
import difflib
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from support import copy_project

from coursegen import interface
from coursegen.catalogs import catalog_stats
from coursegen.errors import CatalogError, CoursegenError, ExampleError, one_line
from coursegen.extract import (
    extract_examples,
    extract_guide,
    extract_lesson,
    extract_site,
    extract_template,
    unextracted,
    update_catalog,
    update_messages,
)
from coursegen.lessons import load_lesson
from coursegen.pofiles import missing_plural_forms, read_catalog, render_catalog

PROJECT = Path(__file__).parent / "fixtures" / "catalogs" / "project"
REPO = Path(__file__).parent.parent
LESSON = "random-initialization"

EXPECTED = {
    "Lessons",
    "Download the notebook",
    "{n} lesson",
    "Translate this demo",
    "Start with one transcript. The command copies it as is.",
    "Run `coursegen add-locale CODE`.",
    "Edit the catalog.",
    "hidden unit {k}",
    "Demo Lesson",
    "Demo course, week 1",
    "A lesson that exists to test extraction.",
    "Why it matters",
    "Weights: small and random",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return Path(shutil.copytree(PROJECT, tmp_path / "project"))


def _ids(catalog) -> set[str]:
    return {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog if m.id}


def test_template_holds_exactly_the_marked_strings() -> None:
    template = extract_template(PROJECT)
    assert _ids(template) == EXPECTED


def test_plural_and_translator_comment_are_kept() -> None:
    template = extract_template(PROJECT)
    assert template.get("{n} lesson").id == ("{n} lesson", "{n} lessons")
    assert "the button that opens the notebook." in template.get("Download the notebook").auto_comments


def test_locations_are_relative_with_lines() -> None:
    template = extract_template(PROJECT)
    assert template.get("Weights: small and random").locations == [("docs/lessons/demo/lesson.yml", 12)]
    assert template.get("Edit the catalog.").locations == [("docs/guides/guide.md", 7)]


def test_lesson_extractor_matches_lesson_messages() -> None:
    lesson = load_lesson(PROJECT / "docs" / "lessons" / "demo")
    with (lesson.root / "lesson.yml").open("rb") as handle:
        found = [message for _, _, message, _ in extract_lesson(handle, [], [], {})]
    assert tuple(found) == lesson.messages


def test_guide_extractor_skips_code_and_comments() -> None:
    source = b"# Title\n\n```sh\ncoursegen check\n```\n\n<!-- note -->\n\n- one\n  two\n"
    found = [(line, message) for line, _, message, _ in extract_guide(io.BytesIO(source), [], [], {})]
    assert found == [(1, "Title"), (9, "one two")]


SITE_CONFIG = """\
site_name: Demo site
site_description: !ENV [DESCRIPTION, A demo]
theme:
  name: material
  palette:
    - scheme: default
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - scheme: slate
      toggle: {icon: material/weather-sunny, name: Switch to light mode}
markdown_extensions:
  - attr_list
  - toc:
      permalink: true
"""


def _site_messages(config: str) -> list[tuple[int, str]]:
    found = extract_site(io.BytesIO(config.encode()), [], [], {})
    return [(line, message) for line, _, message, _ in found]


def test_site_extractor_takes_what_every_page_shows() -> None:
    theme = [(4, text) for text in interface.english().values()]
    assert _site_messages(SITE_CONFIG) == [
        (1, "Demo site"),
        (9, "Switch to dark mode"),
        (11, "Switch to light mode"),
        *theme,
        (15, "Permanent link"),
    ]
    assert (4, "Table of contents") in theme and (4, "Copy to clipboard") in theme


def test_site_extractor_takes_the_interface_only_of_the_theme_it_knows() -> None:
    assert _site_messages("theme:\n  name: mkdocs\n") == []


@pytest.mark.parametrize(
    ("toc", "expected"),
    [
        ("  - toc:\n      permalink: true\n      permalink_title: Link here\n", [(5, "Link here")]),
        ("  - toc:\n      permalink: false\n", []),
        ("  - toc:\n      toc_depth: 2\n", []),
        ("  - toc\n", []),
        ("  toc: {permalink: '#'}\n", [(3, "Permanent link")]),
    ],
)
def test_site_extractor_takes_the_permalink_title_only_when_headings_have_permalinks(
    toc: str, expected: list[tuple[int, str]]
) -> None:
    assert _site_messages("site_name: ''\nmarkdown_extensions:\n" + toc) == expected


def test_messages_creates_template_and_updates_catalog(project: Path) -> None:
    result = update_messages(project, project / "locales")
    assert result.template_changed
    assert _ids(read_catalog(project / "locales" / "messages.pot")) == EXPECTED
    fr = read_catalog(project / "locales" / "fr" / "LC_MESSAGES" / "messages.po")
    # The new string is there, untranslated; nothing that was translated is lost.
    assert fr.get("Edit the catalog.").string == ""
    assert fr.get("Lessons").string == "Leçons"
    assert fr.get("{n} lesson").string == ("{n} leçon", "{n} leçons")
    assert fr.get("Download the notebook").fuzzy


def test_a_locale_folder_not_spelled_as_gettext_is_to_be_renamed_and_nothing_is_made(project: Path) -> None:
    """`coursegen messages` made an empty zh_Hant/ beside the translator's zh-Hant/, whose catalog was never
    read."""
    from coursegen.errors import LocaleError

    (project / "locales" / "zh-Hant" / "LC_MESSAGES").mkdir(parents=True)
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    with pytest.raises(LocaleError, match="rename it 'zh_Hant'"):
        update_messages(project, project / "locales")
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_changed_and_removed_strings_become_fuzzy_and_obsolete(project: Path) -> None:
    update_messages(project, project / "locales")
    outline = project / "docs" / "lessons" / "demo" / "lesson.yml"
    text = outline.read_text(encoding="utf-8")
    text = text.replace("Why it matters", "Why it really matters").replace(
        'course: "Demo course, week 1"\n', ""
    )
    weights = '  - id: weights\n    heading: "Weights: small and random"\n    example: plot\n'
    outline.write_text(text.replace(weights, ""), encoding="utf-8")
    update_messages(project, project / "locales")
    fr = read_catalog(project / "locales" / "fr" / "LC_MESSAGES" / "messages.po")
    changed = fr.get("Why it really matters")
    assert changed.fuzzy and changed.string == "Pourquoi c'est important"
    assert "Why it matters" not in fr
    # A removed translation is kept as obsolete; a removed string nobody translated is dropped.
    assert fr.obsolete["Weights: small and random"].string == "Poids : petits et aléatoires"
    assert "Demo course, week 1" not in fr.obsolete and "Demo course, week 1" not in fr


def test_a_locale_of_the_source_language_has_nothing_to_translate(project: Path) -> None:
    (project / "locales" / "en_GB").mkdir()
    update_messages(project, project / "locales")
    po = project / "locales" / "en_GB" / "LC_MESSAGES" / "messages.po"
    gb = read_catalog(po)
    assert catalog_stats(po).untranslated == catalog_stats(po).fuzzy == 0
    assert gb.get("Edit the catalog.").string == "Edit the catalog."
    assert gb.get("{n} lesson").string == ("{n} lesson", "{n} lessons")
    # A regional spelling is the translator's to keep; a changed source text replaces the old one.
    gb.get("Lessons").string = "Lessons (British)"
    po.write_bytes(render_catalog(gb))
    outline = project / "docs" / "lessons" / "demo" / "lesson.yml"
    outline.write_text(
        outline.read_text(encoding="utf-8").replace("Why it matters", "Why it really matters"),
        encoding="utf-8",
    )
    update_messages(project, project / "locales")
    gb = read_catalog(po)
    assert gb.get("Lessons").string == "Lessons (British)"
    assert gb.get("Why it really matters").string == "Why it really matters"
    assert not gb.get("Why it really matters").fuzzy


def test_second_run_changes_nothing(project: Path) -> None:
    update_messages(project, project / "locales")
    files = sorted((project / "locales").rglob("*.po*"))
    before = {p: p.read_bytes() for p in files}
    result = update_messages(project, project / "locales")
    assert not result.template_changed
    assert {status for _, status in result.catalogs} == {"unchanged"}
    assert {p: p.read_bytes() for p in files} == before


def _edit_mapping(project: Path, old: str, new: str) -> None:
    mapping = project / "babel.cfg"
    text = mapping.read_text(encoding="utf-8")
    assert old in text
    mapping.write_text(text.replace(old, new, 1), encoding="utf-8")


def _retitle(project: Path, old: str, new: str) -> None:
    outline = project / "docs" / "lessons" / "demo" / "lesson.yml"
    text = outline.read_text(encoding="utf-8")
    assert old in text
    outline.write_text(text.replace(old, new), encoding="utf-8")


FR_PO = ("locales", "fr", "LC_MESSAGES", "messages.po")


def test_the_english_a_fuzzy_translation_was_made_from_stays_until_it_is_reviewed(project: Path) -> None:
    """Poedit and Weblate show a fuzzy entry as a diff against its previous text (#|): the next refresh,
    for any reason, dropped it from every catalog; and a second change of the English put the in-between
    text there, which nobody translated."""
    update_messages(project, project / "locales")
    _retitle(project, "Why it matters", "Why it really matters")
    update_messages(project, project / "locales")
    po = project.joinpath(*FR_PO)
    written = po.read_bytes()
    assert read_catalog(po).get("Why it really matters").previous_id == ["Why it matters"]
    result = update_messages(project, project / "locales")
    assert {status for _, status in result.catalogs} == {"unchanged"} and po.read_bytes() == written
    _retitle(project, "Why it really matters", "Why it truly matters")
    update_messages(project, project / "locales")
    message = read_catalog(po).get("Why it truly matters")
    assert message.fuzzy and message.previous_id == ["Why it matters"]
    assert message.string == "Pourquoi c'est important"


def test_a_fuzzy_translation_that_went_obsolete_comes_back_fuzzy(project: Path) -> None:
    """Obsolete, its fuzzy mark was dropped; back in the template, the unreviewed translation was published
    as reviewed in every language."""
    update_messages(project, project / "locales")
    _retitle(project, "Why it matters", "Why it really matters")
    update_messages(project, project / "locales")
    _retitle(project, "Why it really matters", "Something else entirely, about weights")
    update_messages(project, project / "locales")
    po = project.joinpath(*FR_PO)
    obsolete = read_catalog(po).obsolete["Why it really matters"]
    assert obsolete.fuzzy and obsolete.previous_id == ["Why it matters"]
    _retitle(project, "Something else entirely, about weights", "Why it really matters")
    update_messages(project, project / "locales")
    back = read_catalog(po).get("Why it really matters")
    assert back.fuzzy and back.string == "Pourquoi c'est important" and back.previous_id == ["Why it matters"]


def test_fuzzy_entries_of_one_text_in_two_contexts_keep_each_its_own_previous_text(tmp_path: Path) -> None:
    template = Catalog(locale=None)
    for context in ("menu", "door"):
        template.add("Save a file", context=context, locations=[("x.py", 1)])
    po = tmp_path / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    catalog = Catalog(locale="fr")
    catalog.add("Save a file", "Enregistrer", context="menu", flags=["fuzzy"], previous_id="Save the file")
    catalog.add("Save a file", "Garder", context="door", flags=["fuzzy"], previous_id="Keep a copy")
    po.write_bytes(render_catalog(catalog))
    updated = update_catalog(po, template)
    assert updated.get("Save a file", context="menu").previous_id == ["Save the file"]
    assert updated.get("Save a file", context="door").previous_id == ["Keep a copy"]


def _entries(po: Path) -> list[tuple[object, ...]]:
    catalog = read_catalog(po)
    live = [(m.id, m.context, m.string, m.fuzzy, tuple(m.previous_id)) for m in catalog if m.id]
    return [*live, *sorted(map(str, catalog.obsolete))]


def _edit_and_revert(project: Path, old: str, new: str) -> dict[str, bool]:
    """Whether each catalog holds the entries it held before the outline is edited (``old`` replaced by
    ``new``), the catalogs refreshed, the edit reverted and the catalogs refreshed again."""
    outline = project / "docs" / "lessons" / "random-initialization" / "lesson.yml"
    text = outline.read_text(encoding="utf-8")
    catalogs = sorted((project / "locales").glob("*/LC_MESSAGES/messages.po"))
    update_messages(project, project / "locales")
    before = {po: _entries(po) for po in catalogs}
    outline.write_text(text.replace(old, new, 1), encoding="utf-8")
    update_messages(project, project / "locales")
    outline.write_text(text, encoding="utf-8")
    update_messages(project, project / "locales")
    return {po.parent.parent.name: _entries(po) == entries for po, entries in before.items()}


def test_a_section_removed_and_put_back_gets_its_translations_back(tmp_path: Path) -> None:
    """Babel guessed a translation for the string coming back from another (Korean "Why initialization
    matters" got the lesson title's), and the translation kept as obsolete was deleted in every catalog."""
    project = copy_project(tmp_path / "project", sources=True)
    ko = project / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    kept = read_catalog(ko).get("Why initialization matters").string
    same = _edit_and_revert(project, "  - id: intro\n    heading: Why initialization matters\n", "")
    back = read_catalog(ko).get("Why initialization matters")
    assert back.string == kept and not back.fuzzy
    assert same == dict.fromkeys(same, True)  # every catalog as it was


def test_an_edit_reverted_before_review_leaves_the_translation_as_reviewed(tmp_path: Path) -> None:
    """The translation came back fuzzy, its previous English the same as its English: nothing to review, and
    every page showed the heading in English."""
    project = copy_project(tmp_path / "project", sources=True)
    same = _edit_and_revert(project, "Biases can start at zero", "Biases may start at zero")
    assert same == dict.fromkeys(same, True)


def _updated(po: Path, *ids: str | tuple[str, str]) -> Catalog:
    """The catalog at ``po`` updated to a template of ``ids`` (a pair: text and context), written back."""
    template = Catalog(locale=None)
    for given in ids:
        text, context = given if isinstance(given, tuple) else (given, None)
        template.add(text, context=context, locations=[("x.py", 1)])
    po.write_bytes(render_catalog(update_catalog(po, template)))
    return read_catalog(po)


def _french(tmp_path: Path, *entries: tuple[str, str, bool]) -> Path:
    po = tmp_path / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    catalog = Catalog(locale="fr")
    for text, translation, fuzzy in entries:
        catalog.add(text, translation, locations=[("x.py", 1)], flags=["fuzzy"] if fuzzy else [])
    po.write_bytes(render_catalog(catalog))
    return po


def test_a_translator_s_draft_edited_and_reverted_stays_a_draft(tmp_path: Path) -> None:
    """Marked fuzzy by its translator, it came back reviewed after an edit of its English was reverted."""
    po = _french(tmp_path, ("Biases can start at zero", "BROUILLON", True))
    assert _updated(po, "Biases may start at zero").get("Biases may start at zero").fuzzy
    back = _updated(po, "Biases can start at zero").get("Biases can start at zero")
    assert back.fuzzy and back.string == "BROUILLON"


def test_a_reviewed_translation_whose_english_was_edited_is_kept_as_obsolete(
    tmp_path: Path,
) -> None:
    """Babel dropped the translation its guess was made from: a revert found nothing to restore."""
    po = _french(tmp_path, ("Biases can start at zero", "Les biais peuvent partir de zéro", False))
    edited = _updated(po, "Biases may start at zero")
    assert edited.get("Biases may start at zero").fuzzy
    assert edited.obsolete["Biases can start at zero"].string == "Les biais peuvent partir de zéro"
    done = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    back = _updated(po, "Biases can start at zero")
    assert not back.get("Biases can start at zero").fuzzy and not back.obsolete


def test_another_context_s_translation_stays_fuzzy(tmp_path: Path) -> None:
    po = tmp_path / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    catalog = Catalog(locale="fr")
    catalog.add("Open the file", "Fichier ouvert", context="menu", locations=[("x.py", 1)])
    po.write_bytes(render_catalog(catalog))
    moved = _updated(po, ("Open the file", "verb")).get("Open the file", context="verb")
    assert moved.fuzzy and moved.string == "Fichier ouvert"


def test_a_translated_plural_string_that_comes_back_gets_its_translation_back(tmp_path: Path) -> None:
    """Its obsolete translation stayed beside a new empty entry of the same text: msgfmt refused the catalog
    ("duplicate message definition") and the translation was lost to the page.

    German, whose two plural forms CLDR has kept (Babel 2.19 gives French a third)."""
    po = tmp_path / "locales" / "de" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    catalog = Catalog(locale="de")
    catalog.add(("{n} sample", "{n} samples"), ("{n} Beispiel", "{n} Beispiele"), locations=[("x.py", 1)])
    po.write_bytes(render_catalog(catalog))
    po.write_bytes(render_catalog(update_catalog(po, Catalog(locale=None))))
    assert "{n} sample" in read_catalog(po).obsolete
    template = Catalog(locale=None)
    template.add(("{n} sample", "{n} samples"), locations=[("x.py", 1)])
    po.write_bytes(render_catalog(update_catalog(po, template)))
    back = read_catalog(po)
    assert back.get("{n} sample").string == ("{n} Beispiel", "{n} Beispiele") and not back.obsolete
    done = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_catalog_laid_out_by_another_tool_is_left_as_it_is_when_nothing_changed(project: Path) -> None:
    """msgcat, msgmerge and Poedit wrap at 79 columns, coursegen (Babel) at 76: every refresh rewrote some
    three hundred lines of a catalog a translator's tool had saved, and the tool's next save rewrote them
    back."""
    update_messages(project, project / "locales")
    po = project.joinpath(*FR_PO)
    catalog = read_catalog(po)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, sort_by_file=False, sort_output=False, include_previous=True)
    unwrapped = buffer.getvalue().replace(b"charset=utf-8", b"charset=UTF-8")
    assert unwrapped != po.read_bytes()
    po.write_bytes(unwrapped)
    result = update_messages(project, project / "locales")
    assert dict(result.catalogs)[po] == "unchanged" and po.read_bytes() == unwrapped
    _retitle(
        project, "Why it matters", "Why it really matters"
    )  # a real change: written in coursegen's layout
    update_messages(project, project / "locales")
    assert read_catalog(po).get("Why it really matters").fuzzy


def test_a_catalog_laid_out_by_another_tool_keeps_its_layout_where_nothing_changed(project: Path) -> None:
    """One changed heading rewrote the whole of a catalog msgmerge (so Weblate, Poedit) had laid out, in
    Babel's width and header order, and the tool's next save rewrote it all back: a thousand lines of diff
    and merge conflicts with the translation platform, where msgmerge itself changes the entry alone."""
    update_messages(project, project / "locales")
    po = project.joinpath(*FR_PO)
    template = project / "locales" / "messages.pot"
    merged = subprocess.run(
        # Narrow, so that the fixture's short strings are laid out otherwise than Babel does.
        ["msgmerge", "--quiet", "--previous", "--width=40", "-o", "-", str(po), str(template)],
        capture_output=True,
        check=True,
    ).stdout
    assert merged != po.read_bytes()
    po.write_bytes(merged)
    _retitle(project, "Why it matters", "Why it really matters")
    update_messages(project, project / "locales")
    after = po.read_text(encoding="utf-8").splitlines()
    changed = [line for line in difflib.ndiff(merged.decode("utf-8").splitlines(), after) if line[:1] in "+-"]
    assert any("Why it really matters" in line for line in changed)
    assert len(changed) < 16, "\n".join(changed)
    assert read_catalog(po).get("Why it really matters").fuzzy
    done = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_plural_entry_without_all_its_forms_gets_them(project: Path) -> None:
    """A header's nplurals raised by hand (Weblate's rule for Turkish) over entries with one msgstr line:
    msgfmt refused the catalog, and the refresh, comparing what Babel reads (the forms padded), left it so."""
    update_messages(project, project / "locales")
    po = project.joinpath(*FR_PO)
    text = po.read_text(encoding="utf-8")
    last = re.search(r'\nmsgstr\[1\] "[^"]*"', text)
    assert last is not None
    po.write_text(text[: last.start()] + text[last.end() :], encoding="utf-8")
    assert len(missing_plural_forms(po.read_text(encoding="utf-8"), 2)) == 1
    result = update_messages(project, project / "locales")
    assert dict(result.catalogs)[po] == "updated"
    assert missing_plural_forms(po.read_text(encoding="utf-8"), 2) == []
    done = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po)], capture_output=True, text=True)
    assert "only one plural form" not in done.stderr  # (the form is left to translate: msgfmt says so too)


def test_an_empty_language_header_keeps_the_plural_forms_of_the_catalog_s_folder(project: Path) -> None:
    po = project.joinpath(*FR_PO)
    po.write_text(po.read_text(encoding="utf-8").replace('"Language: fr\\n"', '"Language: \\n"'), "utf-8")
    update_messages(project, project / "locales")
    text = po.read_text(encoding="utf-8")
    assert '"Language: fr\\n"' in text and '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"' in text


def test_locale_folder_without_catalog_gets_one(project: Path) -> None:
    (project / "locales" / "uk" / "transcripts").mkdir(parents=True)
    (project / "locales" / "not-a-locale").mkdir()
    result = update_messages(project, project / "locales")
    statuses = {path.parent.parent.name: status for path, status in result.catalogs}
    assert statuses == {"fr": "updated", "uk": "created"}
    uk = read_catalog(project / "locales" / "uk" / "LC_MESSAGES" / "messages.po")
    assert str(uk.locale) == "uk"
    assert uk.num_plurals == 3
    assert catalog_stats(project / "locales" / "uk" / "LC_MESSAGES" / "messages.po").untranslated == 13


def test_broken_catalog_stops_the_update_and_is_left_alone(project: Path) -> None:
    po = project / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    po.write_bytes(po.read_bytes() + b'\nmsgid "oops\n')
    before = po.read_bytes()
    with pytest.raises(CatalogError):
        update_messages(project, project / "locales")
    assert po.read_bytes() == before
    assert not list(po.parent.glob(".*tmp"))


def test_messages_refuses_to_obsolete_the_strings_of_lesson_files_the_mapping_misses(tmp_path: Path) -> None:
    """An examples file renamed in lesson.yml was built as before, but 'messages' no longer extracted it and
    made its 71 translations obsolete in every catalog: every language's plots went back to English."""
    copy = copy_project(tmp_path / "project", sources=True)
    folder = copy / "docs" / "lessons" / LESSON
    (folder / "examples.py").rename(folder / "demo.py")
    outline = folder / "lesson.yml"
    outline.write_text(
        outline.read_text(encoding="utf-8").replace("examples: examples.py", "examples: demo.py")
    )
    lessons = [load_lesson(folder)]
    assert unextracted(copy, lessons) == [folder / "demo.py"]
    catalogs = {path: path.read_bytes() for path in (copy / "locales").rglob("*.po*")}
    with pytest.raises(CatalogError) as caught:
        update_messages(copy, copy / "locales", copy / "babel.cfg", lessons)
    assert (
        "demo.py, which no section extracts" in str(caught.value) and caught.value.path == copy / "babel.cfg"
    )
    assert {path: path.read_bytes() for path in catalogs} == catalogs
    with (copy / "babel.cfg").open("a", encoding="utf-8") as mapping:
        mapping.write("\n[examples: docs/lessons/*/demo.py]\nkeywords = _\n")
    assert unextracted(copy, lessons) == []
    result = update_messages(copy, copy / "locales", copy / "babel.cfg", lessons)
    french = read_catalog(copy / "locales" / "fr" / "LC_MESSAGES" / "messages.po")
    assert not french.obsolete and result.template_changed  # the same strings, found at another place


def test_real_project_catalogs_are_what_messages_writes(tmp_path: Path) -> None:
    # Source references (file:line) go stale when an example moves; `make messages` is how they are kept.
    copy = copy_project(tmp_path / "project", sources=True)
    result = update_messages(copy, copy / "locales", copy / "babel.cfg")
    stale = [path.relative_to(copy) for path, status in result.catalogs if status != "unchanged"]
    if result.template_changed:
        stale.insert(0, result.template.relative_to(copy))
    assert not stale, f"run `make messages`: {', '.join(map(str, stale))} out of date"


def test_real_project_template_covers_its_lessons_and_guide() -> None:
    template = _ids(extract_template(REPO))
    for outline in sorted((REPO / "docs" / "lessons").glob("*/lesson.yml")):
        assert set(load_lesson(outline.parent).messages) <= template
    assert "Translate this course" in template


def test_real_project_template_has_the_comments_of_the_example_code() -> None:
    template = extract_template(REPO)
    examples = f"docs/lessons/{LESSON}/examples.py"
    lines = (REPO / examples).read_text(encoding="utf-8").splitlines()
    slide = template.get("Every weight and bias at zero, as on the lecture's slide.")
    assert slide is not None and slide.auto_comments[0].startswith("comment in the example code")
    [(path, line)] = slide.locations
    assert (
        path == examples and lines[line - 1] == "# Every weight and bias at zero, as on the lecture's slide."
    )
    # A block of lines is one message; an inline comment is one; cell markers are not text.
    assert template.get("linear between -1 and 1, logarithmic beyond") is not None
    assert not [m for m in template if isinstance(m.id, str) and m.id.startswith(("%%", 'example="'))]


def _with_site_config(project: Path) -> int:
    """Give the project a mkdocs.yml on Material and extract it; returns the number of theme messages."""
    (project / "mkdocs.yml").write_text("site_name: Demo\ntheme:\n  name: material\n", encoding="utf-8")
    mapping = project / "babel.cfg"
    text = mapping.read_text(encoding="utf-8")
    text = text.replace("[extractors]\n", "[extractors]\nsite = coursegen.extract:extract_site\n")
    mapping.write_text(text + "\n[site: mkdocs.yml]\n", encoding="utf-8")
    return len(set(interface.english().values()))


def test_catalogs_start_with_the_theme_translation_of_its_interface(project: Path) -> None:
    theme_messages = _with_site_config(project)
    for code in ("uk", "sw"):
        (project / "locales" / code / "transcripts").mkdir(parents=True)
    update_messages(project, project / "locales")
    catalogs = {
        code: read_catalog(project / "locales" / code / "LC_MESSAGES" / "messages.po")
        for code in ("fr", "uk", "sw")
    }
    # fr is updated, uk created: both have their interface from the theme, nothing of it left to do.
    assert catalogs["fr"].get("Table of contents").string == "Table des matières"
    assert catalogs["uk"].get("Table of contents").string == interface.theme_strings("uk")["toc"]
    assert catalogs["uk"].get("Footer").string == interface.theme_strings("uk")["footer"]
    uk = project / "locales" / "uk" / "LC_MESSAGES" / "messages.po"
    assert catalog_stats(uk).untranslated == 13 + 1  # the lessons' and app's strings, the site name
    # The theme has no Swahili: the translator is told of every interface string.
    sw = project / "locales" / "sw" / "LC_MESSAGES" / "messages.po"
    assert catalogs["sw"].get("Table of contents").string == ""
    assert catalog_stats(sw).untranslated == 13 + 1 + theme_messages
    # The template itself stays without translations.
    assert read_catalog(project / "locales" / "messages.pot").get("Table of contents").string == ""


def test_a_translator_s_interface_text_stays_and_a_fuzzy_guess_gives_way_to_the_theme(project: Path) -> None:
    _with_site_config(project)
    po = project / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    # An old string whose translation Babel offers, fuzzy, for the new "Navigation".
    po.write_bytes(po.read_bytes() + b'\nmsgid "iteration"\nmsgstr "it\xc3\xa9ration"\n')
    update_messages(project, project / "locales")
    fr = read_catalog(po)
    assert fr.get("Navigation").string == interface.theme_strings("fr")["nav"]
    assert not fr.get("Navigation").fuzzy
    fr.get("Table of contents").string = "Sommaire"
    po.write_bytes(render_catalog(fr))
    update_messages(project, project / "locales")
    assert read_catalog(po).get("Table of contents").string == "Sommaire"


def test_filling_one_catalog_does_not_reach_the_others(project: Path) -> None:
    """An English catalog is filled with the source texts; that must not land in the template or in fr."""
    (project / "locales" / "en_GB").mkdir()
    update_messages(project, project / "locales")
    strings = project / "app" / "strings.py"
    strings.write_text(strings.read_text(encoding="utf-8") + '\nQUIZ = N_("Zebra quiz")\n', encoding="utf-8")
    update_messages(project, project / "locales")
    assert (
        read_catalog(project / "locales" / "en_GB" / "LC_MESSAGES" / "messages.po").get("Zebra quiz").string
    )
    assert (
        read_catalog(project / "locales" / "fr" / "LC_MESSAGES" / "messages.po").get("Zebra quiz").string
        == ""
    )
    assert read_catalog(project / "locales" / "messages.pot").get("Zebra quiz").string == ""


@pytest.mark.parametrize(
    ("code", "line", "reason"),
    [("x = (1,\n", 2, "never closed"), ("print(_(f'{x} items'))\n", 2, "_()")],
    ids=["syntax-error", "f-string"],
)
def test_messages_of_broken_example_code_is_a_one_line_error_at_its_line(
    tmp_path: Path, code: str, line: int, reason: str
) -> None:
    """A syntax error in examples.py was a tokenizer traceback naming no file; an f-string given to _() was
    taken in silence, then refused by the build."""
    project = copy_project(tmp_path / "project", sources=True)
    examples = project / "docs" / "lessons" / LESSON / "examples.py"
    examples.write_text('# %% example="a"\n' + code, encoding="utf-8")
    po = project / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    before = po.read_bytes()
    with pytest.raises(ExampleError) as caught:
        update_messages(project, project / "locales", project / "babel.cfg")
    assert caught.value.path == examples and caught.value.line == line and reason in str(caught.value)
    assert po.read_bytes() == before


def test_a_call_of_underscore_inside_an_f_string_is_extracted_at_its_line() -> None:
    """print(f"{_('Mean weight')}: {m}") was translated by the build, which warned of it on every build, but
    Babel's tokenizer reads an f-string as one token: no catalog had the string to translate."""
    code = (
        '# %% example="a"\nm = 1\n'
        "print(f\"{_('Mean weight')}: {m:.3f}\")\n"
        "print(_(\"Plain\"), f\"{_('Plain')} {_('scale'):>10}\")\n"
    )
    handle = io.BytesIO(code.encode())
    found = [(line, message) for line, _, message, _ in extract_examples(handle, ["_"], [], {})]
    # In source order, as the build finds them, whichever Python runs: Babel's tokenizer split f-strings into
    # their parts from Python 3.12 on only, and the catalogs differed with the Python that wrote them.
    assert found == [(3, "Mean weight"), (4, "Plain"), (4, "Plain"), (4, "scale")]


def test_no_interface_string_is_translated_inside_an_f_string() -> None:
    """Babel finds gettext() inside an f-string from Python 3.12 on only: "Translate this course" on each
    home was extracted from pages.py on 3.12 and not on 3.11, so the catalogs differed with the Python that
    wrote them, and check failed on the other."""
    found = []
    for path in sorted((REPO / "src" / "coursegen").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                found += [
                    f"{path.name}:{call.lineno}"
                    for call in ast.walk(node)
                    if isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id in ("gettext", "ngettext", "N_")
                ]
    assert found == []


def test_a_translator_s_fuzzy_draft_is_kept(project: Path) -> None:
    """A draft the translator left fuzzy ("Haut de page") was replaced by the theme's text, or in an English
    locale by the source text, and kept nowhere."""
    _with_site_config(project)
    (project / "locales" / "en_GB").mkdir()
    update_messages(project, project / "locales")
    drafts = {"fr": ("Table of contents", "Sommaire (à revoir)"), "en_GB": ("Lessons", "Lessons (colour)")}
    for code, (msgid, draft) in drafts.items():
        po = project / "locales" / code / "LC_MESSAGES" / "messages.po"
        catalog = read_catalog(po)
        catalog.get(msgid).string = draft
        catalog.get(msgid).flags.add("fuzzy")
        po.write_bytes(render_catalog(catalog))
    update_messages(project, project / "locales")
    for code, (msgid, draft) in drafts.items():
        message = read_catalog(project / "locales" / code / "LC_MESSAGES" / "messages.po").get(msgid)
        assert (message.string, message.fuzzy) == (draft, True)


def test_a_string_that_comes_back_gets_its_translation_back(project: Path) -> None:
    """A paragraph removed, then restored (a revert, a branch switch): its translation stayed obsolete
    and the entry untranslated in every locale."""
    update_messages(project, project / "locales")
    outline = project / "docs" / "lessons" / "demo" / "lesson.yml"
    original = outline.read_text(encoding="utf-8")
    weights = '  - id: weights\n    heading: "Weights: small and random"\n    example: plot\n'
    outline.write_text(original.replace(weights, ""), encoding="utf-8")
    update_messages(project, project / "locales")
    po = project / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    assert "Weights: small and random" in read_catalog(po).obsolete
    outline.write_text(original, encoding="utf-8")
    update_messages(project, project / "locales")
    fr = read_catalog(po)
    message = fr.get("Weights: small and random")
    assert (message.string, message.fuzzy) == ("Poids : petits et aléatoires", False)
    assert "Weights: small and random" not in fr.obsolete


def test_the_header_fields_of_a_translator_s_tool_are_kept(project: Path) -> None:
    """Poedit's X-Poedit-Basepath and X-Poedit-SearchPath-0 (what its "Update from code" reads) and the
    tools' X-Generator were dropped by every update."""
    po = project / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    fields = '"X-Generator: Poedit 3.4\\n"\n"X-Poedit-Basepath: ../../..\\n"\n"X-Poedit-SearchPath-0: .\\n"\n'
    start = text.index('msgstr ""\n') + len('msgstr ""\n')
    end = text.index("\n\n", start) + 1
    po.write_text(text[:end] + fields + text[end:], encoding="utf-8")
    update_messages(project, project / "locales")
    after = po.read_text(encoding="utf-8")
    header = after[: after.index("\n\n", after.index('msgstr ""\n'))]
    assert fields.strip() in header
    assert read_catalog(po).get("Lessons").string == "Leçons"


def test_a_translators_note_above_an_example_string_reaches_the_catalog() -> None:
    """Babel's extractor attached "# Translators:" notes to the string below them; the build's own parser,
    which replaced it for examples, dropped them."""
    code = (
        '# %% example="a"\n'
        "# A plain comment, not for translators.\n"
        '# Translators: "loss" as in machine learning,\n'
        "# not a loss of money.\n"
        'print(_("loss"))\n'
        'print(_("gain"))\n'
    )
    handle = io.BytesIO(code.encode())
    found = [
        (line, message, notes)
        for line, _, message, notes in extract_examples(handle, ["_"], ["Translators:"], {})
    ]
    assert found[:2] == [
        (5, "loss", ['Translators: "loss" as in machine learning,', "not a loss of money."]),
        (6, "gain", []),
    ]


def test_a_guide_with_a_byte_order_mark_gives_its_heading_without_it() -> None:
    """The byte order mark became part of the first msgid ("\\ufeff# Translate this course"), and every
    catalog's translation of the title went fuzzy."""
    from coursegen.extract import extract_guide

    handle = io.BytesIO(b"\xef\xbb\xbf# Title\r\n\r\nText.\r\n")
    assert [message for _, _, message, _ in extract_guide(handle, [], [], {})] == ["Title", "Text."]


def test_a_lesson_or_guides_folder_linked_into_the_project_is_extracted(tmp_path: Path) -> None:
    """The build follows symbolic links; extraction did not: check said to run 'coursegen messages', which
    then made 86 of 156 strings of every catalog obsolete, and the lesson showed in English everywhere."""
    copy = copy_project(tmp_path / "project", sources=True)
    before = extract_template(copy)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for folder in (copy / "docs" / "lessons" / LESSON, copy / "docs" / "guides"):
        shutil.move(folder, elsewhere / folder.name)
        folder.symlink_to(elsewhere / folder.name, target_is_directory=True)
    (elsewhere / LESSON / "loop").symlink_to(elsewhere / LESSON, target_is_directory=True)  # walked once
    after = extract_template(copy)
    assert _ids(after) == _ids(before)
    assert [(m.id, m.locations) for m in after] == [(m.id, m.locations) for m in before]


def test_a_catalog_that_cannot_be_written_stops_messages_before_anything_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only locale folder: the template was rewritten first, then a traceback, the other catalogs left
    as they were."""
    import coursegen.extract as extract

    copy = copy_project(tmp_path / "project", sources=True)
    guide = copy / "docs" / "guides" / "translate.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    before = {path: path.read_bytes() for path in (copy / "locales").rglob("*.po*")}
    locked = copy / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    monkeypatch.setattr(extract, "writable", lambda path: path != locked)  # as chmod a-w does, even for root
    with pytest.raises(CatalogError) as caught:
        update_messages(copy, copy / "locales", copy / "babel.cfg")
    assert caught.value.path == locked and "nothing was changed" in caught.value.reason
    assert {path: path.read_bytes() for path in (copy / "locales").rglob("*.po*")} == before


def test_a_catalog_with_windows_line_endings_keeps_them(tmp_path: Path) -> None:
    """'coursegen messages' rewrote a CRLF catalog with LF when nothing else changed: every line of it
    changed in the translators' repository. A real change keeps CRLF too."""
    copy = copy_project(tmp_path / "project", sources=True)
    po = copy / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    crlf = po.read_bytes().replace(b"\n", b"\r\n")
    po.write_bytes(crlf)
    update_messages(copy, copy / "locales", copy / "babel.cfg")
    assert po.read_bytes() == crlf
    guide = copy / "docs" / "guides" / "translate.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    update_messages(copy, copy / "locales", copy / "babel.cfg")
    data = po.read_bytes()
    assert b'msgid "A new paragraph."\r\n' in data and data.count(b"\n") == data.count(b"\r\n")


@pytest.mark.parametrize(
    ("change", "where", "reason"),
    [
        (
            lambda p: (p / "docs" / "guides" / "latin1.md").write_bytes(b"# Titre\n\nCaf\xe9.\n"),
            "docs/guides/latin1.md",
            "not UTF-8 (byte 0xe9): save the file as UTF-8",
        ),
        (
            lambda p: (p / "babel.cfg").write_text((p / "babel.cfg").read_text() + "garbage line\n"),
            "babel.cfg:",
            "malformed extraction mapping: a line that is no 'key = value': 'garbage line'",
        ),
        (
            lambda p: (p / "babel.cfg").write_text("x = 1\n" + (p / "babel.cfg").read_text()),
            "babel.cfg:1",
            "malformed extraction mapping: a line before any [section]: 'x = 1'",
        ),
        (
            lambda p: _edit_mapping(p, "coursegen.extract:extract_lesson", "coursegen.extrct:extract_lesson"),
            "babel.cfg:5",
            "malformed extraction mapping: no module 'coursegen.extrct' (extractors are 'module:function')",
        ),
        (
            lambda p: _edit_mapping(
                p, "lesson = coursegen.extract:extract_lesson", "lesson = extract_lesson"
            ),
            "babel.cfg:5",
            "malformed extraction mapping: unknown extraction method 'extract_lesson' (extractors are "
            "'module:function')",
        ),
        (
            lambda p: _edit_mapping(p, "keywords = _ ngettext:1,2\n", "keywords = _:x\n"),
            "babel.cfg:23",
            "malformed extraction mapping: keywords '_:x': each is a name, or a name and the positions of "
            "its arguments (ngettext:1,2)",
        ),
        (
            lambda p: _edit_mapping(p, "= coursegen.extract:extract_examples", "= coursegen.extract"),
            "babel.cfg:8",
            "malformed extraction mapping: extractor 'coursegen.extract': write it as 'module:function'",
        ),
        (
            lambda p: _edit_mapping(p, "= coursegen.extract:extract_examples", "= coursegen..x:f"),
            "babel.cfg:8",
            "malformed extraction mapping: no module 'coursegen..x' (extractors are 'module:function')",
        ),
        (
            lambda p: _edit_mapping(p, "[guide: docs/guides/*.md]", "[guide]"),
            "babel.cfg:26",
            "malformed extraction mapping: section [guide] names no files: write it as [method: pattern]",
        ),
    ],
    ids=[
        "latin-1 guide",
        "stray line",
        "no section",
        "no such module",
        "no module",
        "bad keywords",
        "no function",
        "module misspelt on another line",
        "section without files",
    ],
)
def test_an_unreadable_source_or_mapping_is_named_and_nothing_is_written(
    tmp_path: Path, change, where: str, reason: str
) -> None:
    """A guide saved in Latin-1 was "cannot extract messages: 'utf-8' codec can't decode..." naming no file; a
    stray line in babel.cfg was a configparser traceback."""
    project = copy_project(tmp_path / "project", sources=True)
    change(project)
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")}
    with pytest.raises(CoursegenError) as caught:
        update_messages(project, project / "locales", project / "babel.cfg")
    assert one_line(caught.value).startswith(str(project / where)) and one_line(caught.value).endswith(reason)
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")} == before


def test_a_folder_where_a_catalog_should_be_stops_messages_before_anything_is_written(project: Path) -> None:
    """Taken for a catalog to create, it failed after the template and the other catalogs were rewritten,
    naming a temporary file."""
    (project / "locales" / "ko" / "LC_MESSAGES" / "messages.po").mkdir(parents=True)
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*") if p.is_file()}
    with pytest.raises(CatalogError) as caught:
        update_messages(project, project / "locales")
    folder = project / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    assert (
        one_line(caught.value)
        == f"{folder}: a folder, not a catalog: remove it, or move the catalog in its place"
    )
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*") if p.is_file()} == before


def test_a_link_in_a_catalogs_place_to_a_missing_file_stops_messages(project: Path, tmp_path: Path) -> None:
    """A catalog linked from a translators' repository that is not checked out: taken for a catalog to
    create, a new catalog was written where the link pointed, outside the project."""
    outside = tmp_path / "elsewhere" / "messages.po"
    link = project / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*") if p.is_file()}
    with pytest.raises(CatalogError) as caught:
        update_messages(project, project / "locales", allow_links_out=True)
    assert one_line(caught.value) == (
        f"{link}: a link to {outside}, which does not exist: restore that file, or remove the link"
    )
    assert not outside.exists() and not outside.parent.exists()
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("linked", ["catalog", "template", "locale"])
def test_messages_writes_nothing_through_a_link_out_of_the_locales_folder(
    project: Path, tmp_path: Path, linked: str
) -> None:
    """The build refuses to read a catalog linked from outside the locales folder unless mkdocs.yml allows
    it; messages rewrote what the link led to (another project's catalog), or filled an empty file there."""
    locales = project / "locales"
    update_messages(project, locales)
    place = {
        "catalog": locales / "fr" / "LC_MESSAGES" / "messages.po",
        "template": locales / "messages.pot",
        "locale": locales / "fr",
    }[linked]
    outside = tmp_path / "elsewhere" / place.name
    outside.parent.mkdir()
    shutil.move(place, outside)
    place.symlink_to(outside, target_is_directory=outside.is_dir())
    with open(outside / "LC_MESSAGES" / "messages.po" if outside.is_dir() else outside, "a") as handle:
        handle.write("\n# a translator's note, which messages would rewrite away\n")
    before = {p: p.read_bytes() for p in (*locales.rglob("*"), *outside.parent.rglob("*")) if p.is_file()}
    with pytest.raises(CatalogError) as caught:
        update_messages(project, locales)
    assert one_line(caught.value).startswith(
        f"{place}: a link to {outside}, outside the locales folder, which coursegen messages would write "
        "into; put the file itself here"
    )
    assert one_line(caught.value).endswith("; nothing was changed")
    after = {p: p.read_bytes() for p in (*locales.rglob("*"), *outside.parent.rglob("*")) if p.is_file()}
    assert after == before
    update_messages(project, locales, allow_links_out=True)  # a translators' repository linked in on purpose
    changed = {
        p
        for p in (*locales.rglob("*"), *outside.parent.rglob("*"))
        if p.is_file() and p.read_bytes() != before.get(p)
    }
    assert changed, "written through the link"


def test_a_course_without_coursegen_s_sources_keeps_its_interface_strings(tmp_path: Path) -> None:
    """A course kept apart from coursegen (installed from PyPI, babel.cfg copied from here) has no
    src/coursegen/: 'coursegen messages' made the engine's interface strings obsolete in every catalog, and
    the pages showed "First language" in English, while check said "no problems"."""
    project = copy_project(tmp_path / "course")  # no sources
    catalog = project / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    before = {m.id for m in read_catalog(catalog) if m.id}
    update_messages(project, project / "locales")
    after = read_catalog(catalog)
    assert not after.obsolete and {m.id for m in after if m.id} == before
    entry = after.get("First language")
    assert entry is not None and entry.string == "Première langue"
    assert all(filename.startswith("coursegen/") for filename, _line in entry.locations)


def test_plural_messages_of_the_examples_are_extracted_with_both_forms() -> None:
    """ngettext() in the examples was left out of the catalogs without a word."""
    from babel.messages.extract import extract

    code = (
        b'# %% example="a"\n# Translators: a count\nprint(ngettext("{n} step", "{n} steps", 3).format(n=3))\n'
    )
    keywords = {"_": None, "ngettext": (1, 2)}
    found = list(extract(extract_examples, io.BytesIO(code), keywords, comment_tags=("Translators:",)))
    assert [(line, ids, notes) for line, ids, notes, _context in found if ids != "a count"][:1] == [
        (3, ("{n} step", "{n} steps"), ["Translators: a count"])
    ]
    with pytest.raises(ExampleError, match=r"write ngettext:1,2 in the keywords") as error:
        list(extract(extract_examples, io.BytesIO(code), {"_": None}))
    assert error.value.line == 3


@pytest.mark.parametrize(
    "keywords",
    [
        "keywords = _ ngettext",
        "keywords = _ ngettext:1",
        "keywords: _ ngettext:2,1",
        "keywords =\n  _\n  ngettext",
    ],
)
def test_ngettext_without_its_two_forms_in_the_mapping_is_refused(project: Path, keywords: str) -> None:
    """ "keywords = _ ngettext" made every plural entry a singular one at the next update: the translators'
    other forms were lost (also written with a colon, or over several lines, as Babel reads the file)."""
    mapping = project / "babel.cfg"
    text = mapping.read_text(encoding="utf-8")
    mapping.write_text(text.replace("keywords = _\n", f"{keywords}\n"), encoding="utf-8")
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")}
    with pytest.raises(CoursegenError, match="ngettext takes two forms, write it ngettext:1,2") as error:
        update_messages(project, project / "locales")
    assert error.value.path == mapping and error.value.line == text.splitlines().index("keywords = _")
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")} == before


def test_the_project_s_mapping_extracts_the_examples_plurals() -> None:
    text = (REPO / "babel.cfg").read_text(encoding="utf-8")
    section = text[text.index("[examples:") :].split("\n\n")[0]
    assert "keywords = _ ngettext:1,2" in section


def test_a_new_arabic_catalog_orders_its_plural_forms_as_gettext_and_cldr_do(tmp_path: Path) -> None:
    """Babel's rule for Arabic gives 11 to 99 ("many") the sixth form and 100 to 102 ("other") the fifth:
    forms translated in the usual order were shown for the wrong counts."""
    import gettext

    from coursegen.extract import init_catalog

    template = tmp_path / "messages.pot"
    template.write_bytes(render_catalog(Catalog()))
    (tmp_path / "ar.po").write_bytes(render_catalog(init_catalog(template, "ar")))
    catalog = read_catalog(tmp_path / "ar.po")
    rule = gettext.c2py(catalog.plural_expr)
    assert catalog.num_plurals == 6
    assert [rule(n) for n in (0, 1, 2, 3, 11, 99, 100, 102, 111)] == [0, 1, 2, 3, 4, 4, 5, 5, 4]


def test_a_catalog_saved_while_messages_merges_it_is_not_overwritten(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A translator's save (Poedit, by rename) in the second or more the catalogs are merged was overwritten,
    and the command said "updated"."""
    from coursegen import extract

    french = project / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    real = extract.update_catalog

    def saved_meanwhile(path: Path, template):  # type: ignore[no-untyped-def]
        merged = real(path, template)
        if path == french:
            french.write_text(french.read_text(encoding="utf-8") + "\n# the translator's save\n", "utf-8")
        return merged

    monkeypatch.setattr(extract, "update_catalog", saved_meanwhile)
    template = project / "locales" / "messages.pot"
    before = template.read_bytes() if template.exists() else None
    with pytest.raises(
        CatalogError, match="saved while `coursegen messages` merged it; nothing was changed"
    ) as err:
        update_messages(project, project / "locales")
    assert err.value.path == french
    assert french.read_text(encoding="utf-8").endswith("# the translator's save\n")
    assert (template.read_bytes() if template.exists() else None) == before
