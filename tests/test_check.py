"""coursegen check: counts, placeholder problems with file:line, stale catalogs, syntax errors."""

from __future__ import annotations

import codecs
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from support import LESSON, copy_project

from coursegen.check import ERROR, WARNING, check_locales, format_report
from coursegen.cli import main
from coursegen.extract import update_messages

FIXTURES = Path(__file__).parent / "fixtures" / "catalogs"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = Path(shutil.copytree(FIXTURES / "project", tmp_path / "project"))
    update_messages(root, root / "locales")
    return root


def _check(project: Path, root: Path | None = None):
    return check_locales(project / "locales", project / "docs" / "lessons", root=root)


def _po(project: Path) -> Path:
    return project / "locales" / "fr" / "LC_MESSAGES" / "messages.po"


def _fuzzy_translation(project: Path, translation: str) -> Path:
    """The French catalog with "hidden unit {k}" marked fuzzy and translated ``translation`` (as written in
    the file); its path."""
    po = _po(project)
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgid "hidden unit {k}"', '#, fuzzy\nmsgid "hidden unit {k}"')
    po.write_text(text.replace('msgstr "unité cachée {k}"', f'msgstr "{translation}"'), encoding="utf-8")
    return po


def test_counts_and_untranslated_are_warnings(project: Path) -> None:
    report = _check(project, root=project)
    (fr,) = report.locales
    assert (fr.stats.translated, fr.stats.fuzzy, fr.stats.untranslated) == (10, 1, 2)
    assert {f.severity for f in fr.findings} == {WARNING}
    assert report.exit_status == 0
    lines = format_report(report)
    assert lines[0] == (
        "fr: 10 translated, 1 fuzzy (used once a translator has checked it and removed the fuzzy mark), "
        "2 untranslated (0 obsolete)"
    )
    # Said once for the locale, not on each fuzzy entry's line (190 times after a new lesson was extracted).
    assert sum("removed the fuzzy mark" in line for line in lines) == 1
    assert any(line.endswith(": warning: fuzzy: 'Download the notebook'") for line in lines), lines


def test_check_reports_the_locales_asked_for(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A translator of one language of a large course read every language's report to find theirs."""
    shutil.copytree(project / "locales" / "fr", project / "locales" / "zh_Hant")
    arguments = [
        "check",
        "--locales-dir",
        str(project / "locales"),
        "--lessons-dir",
        str(project / "docs" / "lessons"),
    ]
    assert main([*arguments, "--locale", "zh-Hant"]) == 0
    said = capsys.readouterr().out
    assert said.startswith("zh_Hant: ") and "\nfr: " not in said, said
    assert main([*arguments, "--locale", "fr", "--locale", "zh_Hant"]) == 0
    assert [line.split(":")[0] for line in capsys.readouterr().out.splitlines() if not line.startswith(" ")][
        :2
    ] == ["fr", "zh_Hant"]
    assert main([*arguments, "--locale", "es"]) == 2
    assert "no locale 'es' here (there are: fr, zh-Hant)" in capsys.readouterr().err


def test_placeholder_mismatch_is_a_problem_at_its_line(project: Path) -> None:
    po = _po(project)
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "unité cachée {k}"', 'msgstr "unité cachée {K}"'), encoding="utf-8")
    line = po.read_text(encoding="utf-8").splitlines().index('msgid "hidden unit {k}"') + 1
    report = _check(project)
    problems = report.problems
    assert [str(p) for p in problems] == [
        f"{po}:{line}: error: placeholders differ in 'hidden unit {{k}}': missing {{k}}; unexpected {{K}}"
    ]
    assert report.exit_status == 1


def test_a_fuzzy_entry_whose_placeholders_differ_is_a_warning(project: Path) -> None:
    """Babel's guesses for new strings (fuzzy, often with another string's placeholders) were errors in every
    locale nobody had touched; unused until reviewed, they are for the translator to mend then."""
    _fuzzy_translation(project, "unité cachée {n}")
    report = _check(project)
    assert report.problems == [] and report.exit_status == 0
    (fr,) = report.locales
    assert any(
        "placeholders differ in 'hidden unit {k}'" in f.message for f in fr.findings if f.severity == WARNING
    )


def _msgfmt(po: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["msgfmt", "-o", os.devnull, str(po)], capture_output=True, text=True)


def test_a_line_break_msgfmt_refuses_is_a_problem_at_its_line(project: Path) -> None:
    """GNU gettext's msgfmt (and Poedit and Weblate with it) refuse a whole catalog for one translation ending
    with a line break its English lacks; check said nothing of it."""
    po = _po(project)
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "unité cachée {k}"', 'msgstr "unité cachée {k}\\n"'), encoding="utf-8")
    assert _msgfmt(po).returncode != 0
    line = po.read_text(encoding="utf-8").splitlines().index('msgid "hidden unit {k}"') + 1
    report = _check(project)
    assert [(p.where, p.severity) for p in report.problems] == [(f"{po}:{line}", ERROR)]
    assert "ends with a line break its English lacks" in report.problems[0].message
    assert report.exit_status == 1
    po.write_text(text.replace('msgstr "unité cachée {k}"', 'msgstr "\\nunité cachée {k}"'), encoding="utf-8")
    assert "begins with a line break its English lacks" in _check(project).problems[0].message


def test_a_fuzzy_entry_with_such_a_line_break_is_a_warning(project: Path) -> None:
    """msgfmt skips a fuzzy entry: it is for the translator to mend when reviewing it."""
    po = _fuzzy_translation(project, "unité cachée {k}\\n")
    assert _msgfmt(po).returncode == 0
    report = _check(project)
    assert report.problems == []
    (fr,) = report.locales
    assert any("line break" in f.message and f.severity == WARNING for f in fr.findings)


def test_a_byte_order_mark_is_a_problem(project: Path) -> None:
    """coursegen reads a catalog saved with a byte-order mark; msgfmt (Poedit, Weblate) does not."""
    po = _po(project)
    po.write_bytes(codecs.BOM_UTF8 + po.read_bytes())
    assert _msgfmt(po).returncode != 0
    report = _check(project)
    assert [(f.where, f.severity) for f in report.problems] == [(f"{po}:1", ERROR)]
    assert "byte-order mark" in report.problems[0].message


# TOTO LETTER PA and VITHKUQI CAPITAL LETTER A: scripts of Unicode 14 that no font here draws.
UNDRAWN = "\U0001e290\U00010570"


def test_plot_text_in_a_script_no_font_draws_is_a_problem(project: Path) -> None:
    from coursegen.fonts import coverage, installed_fonts

    drawn = set().union(*(coverage(font.path, font.index) for font in installed_fonts()))
    assert not {ord(char) for char in UNDRAWN} & drawn
    po = _po(project)
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "unité cachée {k}"', f'msgstr "{UNDRAWN} {{k}}"'), encoding="utf-8")
    problems = [str(p) for p in _check(project).problems]
    assert len(problems) == 1
    assert problems[0].startswith(f"{po}: error: the plots cannot be drawn: locale 'fr': no installed font")
    assert "(U+10570, U+1E290)" in problems[0] and "install a font" in problems[0]


def test_text_outside_the_plots_needs_no_font_of_the_build(project: Path) -> None:
    """Page text is drawn by the reader's browser, not by matplotlib at build time."""
    po = _po(project)
    text = po.read_text(encoding="utf-8")
    assert 'msgid "Lessons"\nmsgstr "Leçons"' in text
    po.write_text(text.replace('msgstr "Leçons"', f'msgstr "{UNDRAWN}"'), encoding="utf-8")
    assert _check(project).problems == []


def test_catalog_out_of_step_with_template(project: Path) -> None:
    # The fixture catalog as committed lacks one msgid of the template.
    shutil.copy(FIXTURES / "project" / "locales" / "fr" / "LC_MESSAGES" / "messages.po", _po(project))
    report = _check(project)
    assert [(p.severity, p.where) for p in report.problems] == [(ERROR, str(_po(project)))]
    assert "not in step with the template" in report.problems[0].message
    assert "'Edit the catalog.'" in report.problems[0].message


def test_an_edited_msgid_is_named_at_its_line(project: Path) -> None:
    po = _po(project)
    text = po.read_text(encoding="utf-8")
    assert 'msgid "Lessons"\n' in text
    po.write_text(text.replace('msgid "Lessons"\n', 'msgid "Lesons"\n'), encoding="utf-8")
    line = po.read_text(encoding="utf-8").splitlines().index('msgid "Lesons"') + 1
    problems = [(p.where, p.message) for p in _check(project).problems]
    assert (
        f"{po}:{line}",
        "msgid not in the template: 'Lesons' (the English text is not to be edited); "
        "run 'coursegen messages'",
    ) in problems
    assert [m for w, m in problems if w == str(po) and "'Lessons'" in m]


def test_template_out_of_date_with_sources(project: Path) -> None:
    guide = project / "docs" / "guides" / "guide.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    report = _check(project, root=project)
    assert [p.where for p in report.problems] == [str(project / "locales" / "messages.pot")]
    assert "1 new" in report.problems[0].message


def test_a_lesson_file_the_mapping_does_not_extract_is_a_problem_and_messages_is_not_advised(
    project: Path,
) -> None:
    """ "out of date; run 'coursegen messages'" was said of a renamed examples file, and that command made the
    translations of its strings obsolete; check then said "no problems"."""
    (folder,) = (project / "docs" / "lessons").iterdir()
    (folder / "examples.py").rename(folder / "demo.py")
    outline = folder / "lesson.yml"
    outline.write_text(
        outline.read_text(encoding="utf-8").replace("examples.py", "demo.py"), encoding="utf-8"
    )
    report = _check(project, root=project)
    assert [p.where for p in report.problems] == [str(project / "babel.cfg")]
    assert "demo.py, which no section extracts" in report.problems[0].message
    assert "run 'coursegen messages'" not in report.problems[0].message


def test_a_renamed_lesson_whose_transcripts_kept_the_old_name_is_a_problem(tmp_path: Path) -> None:
    """Every page of the lesson vanished, and check said "no problems" (the strays were warnings)."""
    copy = copy_project(tmp_path / "project")
    folder = copy / "docs" / "lessons" / LESSON
    outline = folder / "lesson.yml"
    outline.write_text(outline.read_text(encoding="utf-8").replace(f"id: {LESSON}", "id: weight-init"))
    folder.rename(folder.parent / "weight-init")
    report = check_locales(copy / "locales", copy / "docs" / "lessons")
    (problem,) = report.problems
    assert problem.where == str(folder.parent / "weight-init" / "lesson.yml") and report.exit_status == 1
    assert f"transcripts of lesson '{LESSON}', which does not exist" in problem.message


def test_missing_catalog_is_a_problem(project: Path) -> None:
    (project / "locales" / "ko").mkdir()
    report = _check(project)
    assert [p.message for p in report.problems] == ["catalog not found; run 'coursegen messages'"]


def test_a_lesson_no_transcript_marks_yet_is_work_in_progress_as_the_build_sees_it(project: Path) -> None:
    """Its only transcript without section marks: the build leaves the lesson out with a warning, and check
    said the same as an error, which every translator of every other lesson then saw fail."""
    marks = project / "locales" / "fr" / "transcripts" / "demo.sections.yml"
    for content in (None, "# only a comment\n"):
        if content is None:
            marks.unlink()
        else:
            marks.write_text(content, encoding="utf-8")  # an empty file marks nothing either
        report = _check(project)
        outline = project / "docs" / "lessons" / "demo" / "lesson.yml"
        assert [str(f) for f in report.findings] == [
            f"{outline}: warning: lesson 'demo' has no page yet: no transcript marks where its sections "
            f"start; write demo.sections.yml next to one of its transcripts ({marks.parent})"
        ]
        assert not report.problems


def test_a_lesson_no_transcript_marks_yet_still_has_its_transcripts_read(project: Path) -> None:
    """Work in progress is no reason to keep quiet about a transcript that cannot be read, or that its given
    encoding misreads: check returned at "no page yet", and the translator learned of either only after
    pinning the sections, from a page of mojibake."""
    folder = project / "locales" / "fr" / "transcripts"
    (folder / "demo.sections.yml").unlink()
    transcript = folder / "demo.txt"
    transcript.write_bytes(transcript.read_text(encoding="utf-8").encode("cp1252"))
    meta = folder / "demo.yml"
    meta.write_text("format: txt\nencoding: utf-8\n", encoding="utf-8")
    report = _check(project)
    (problem,) = report.problems
    assert problem.where.startswith(str(transcript)) and "utf-8" in problem.message
    assert any("has no page yet" in f.message and f.severity == WARNING for f in report.findings)
    meta.write_text("format: txt\nencoding: cp1250\n", encoding="utf-8")
    transcript.write_bytes(
        (
            "Ça y est. Lorsque vous entraînez votre réseau, c’est très important de bien initialiser les "
            "poids à zéro ou à des valeurs aléatoires, voilà.\n" * 3
        ).encode("cp1252")
    )
    report = _check(project)
    assert not report.problems
    (fr,) = report.locales
    (doubt,) = [f for f in fr.findings if "the encoding given for it" in f.message]
    assert (doubt.severity, doubt.where) == (WARNING, str(transcript))


@pytest.mark.parametrize(
    ("name", "line"),
    [("unterminated-string.po", 6), ("misspelled-keyword.po", 6), ("too-many-plural-forms.po", 6)],
    ids=["unterminated-string", "misspelled-keyword", "too-many-plural-forms"],
)
def test_syntax_error_exits_2_with_file_and_line(
    project: Path, name: str, line: int, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(FIXTURES / "bad-po" / name, _po(project))
    lessons = project / "docs" / "lessons"
    status = main(["check", "--locales-dir", str(project / "locales"), "--lessons-dir", str(lessons)])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(f"error: {_po(project)}:{line}: ")
    assert "Traceback" not in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("field", "broken", "reason"),
    [
        (
            "Plural-Forms",
            "nplurals=two; plural=(n > 1);",
            "Plural-Forms: nplurals must be a number, not 'two'",
        ),
        ("Language", "xx-@@", "Language 'xx-@@' is no locale code: write one as fr, pt_BR or zh_Hant"),
    ],
)
def test_a_header_field_babel_cannot_read_is_named_at_its_line(
    project: Path, field: str, broken: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Babel reads the header as it reads the first entry: the error named that entry's line, in Python's
    words ("invalid literal for int() with base 10")."""
    po = _po(project)
    lines = po.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if text.startswith(f'"{field}:'))
    lines[line - 1] = f'"{field}: {broken}\\n"'
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    lessons = project / "docs" / "lessons"
    status = main(["check", "--locales-dir", str(project / "locales"), "--lessons-dir", str(lessons)])
    assert status == 2
    assert capsys.readouterr().err == f"error: {po}:{line}: {reason}\n"


def test_a_plural_rule_the_build_cannot_use_is_a_problem_at_its_line(project: Path) -> None:
    """The build warned and showed English plurals; check said the locale had no problem."""
    po = _po(project)
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace("plural=(n > 1);", "plural=(n >>> 1);"), encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if t.startswith('"Plural-Forms:'))
    report = _check(project)
    assert [str(p) for p in report.problems] == [
        f"{po}:{line}: error: unusable Plural-Forms rule '(n >>> 1)': plurals are shown in English"
    ]
    assert report.exit_status == 1


def test_cli_exit_status_follows_problems(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["check", "--locales-dir", str(project / "locales"), "--lessons-dir", str(project / "docs")]
    assert main(args) == 0
    assert "fr: 10 translated" in capsys.readouterr().out
    (project / "locales" / "ko").mkdir()
    assert main(args) == 1
    assert "1 problem(s)" in capsys.readouterr().out


def test_every_locale_whose_files_are_broken_is_reported_and_the_others_still_checked(tmp_path: Path) -> None:
    """Two translators' mistakes at once: both are reported (with file and line), and the other locales are
    aligned without them, instead of the report stopping at the first broken file of the lesson."""
    project = copy_project(tmp_path / "project")
    transcripts = project / "locales"
    uk_marks = transcripts / "uk" / "transcripts" / f"{LESSON}.sections.yml"
    uk_marks.write_text(
        uk_marks.read_text(encoding="utf-8").replace("zero-bias: А тепер b.", "zero-bias: [А")
    )
    ko_marks = transcripts / "ko" / "transcripts" / f"{LESSON}.sections.yml"
    ko_marks.write_text(
        ko_marks.read_text(encoding="utf-8").replace("여기 초기화의 문제는", "어디에도 없는 문장"),
        encoding="utf-8",
    )
    report = check_locales(transcripts, project / "docs" / "lessons")
    by_folder = {
        locale.folder: [str(f) for f in locale.findings if f.severity == ERROR] for locale in report.locales
    }
    assert [f.split(": error:")[0] for f in by_folder["uk"]] == [f"{uk_marks}:9"]
    assert len(by_folder["ko"]) == 1 and by_folder["ko"][0].startswith(f"{ko_marks}:4: error:")
    assert "어디에도 없는 문장" in by_folder["ko"][0]
    # The others were aligned (with their own marks) and are fine; nothing blames the lesson as a whole.
    assert by_folder["fr"] == by_folder["tr"] == by_folder["zh_Hant"] == []
    assert report.findings == ()
    assert report.exit_status == 1


def test_a_pin_inside_a_sentence_is_warned_of_at_its_line(tmp_path: Path) -> None:
    """The guide asks for the first words of a sentence; a quote from its middle cuts the sentence in two.
    The seeds' own pins, some of which start after a missing full stop with a capital, are not warned of."""
    project = copy_project(tmp_path / "project")
    marks = project / "locales" / "fr" / "transcripts" / f"{LESSON}.sections.yml"
    text = marks.read_text(encoding="utf-8")
    assert "zero-bias: Et puis b, il s’avère" in text
    report = check_locales(project / "locales", project / "docs" / "lessons")
    found = [f for locale in report.locales for f in locale.findings]
    assert not [f for f in found if "middle of a sentence" in f.message]
    marks.write_text(text.replace("zero-bias: Et puis b,", "zero-bias: puis b,"), encoding="utf-8")
    line = text.splitlines().index(next(x for x in text.splitlines() if x.startswith("zero-bias:"))) + 1
    report = check_locales(project / "locales", project / "docs" / "lessons")
    (fr,) = [locale for locale in report.locales if locale.folder == "fr"]
    (finding,) = [f for f in fr.findings if "middle of a sentence" in f.message]
    assert finding.severity == WARNING and finding.where == f"{marks}:{line}"
    assert "'Et puis b, il s’avère que …'" in finding.message


def test_a_section_no_locale_pins_is_in_the_report_at_its_outline_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An outline's new section no marks file pins was said as a log line on stderr, out of the report
    (`coursegen check > report.txt` lost it)."""
    project = copy_project(tmp_path / "project", sources=True)
    outline = project / "docs" / "lessons" / LESSON / "lesson.yml"
    text = outline.read_text(encoding="utf-8")
    added = "  - id: tanh-vs-sigmoid\n    heading: Tanh or sigmoid\n"
    outline.write_text(
        text.replace("  - id: deeper-networks\n", added + "  - id: deeper-networks\n"), "utf-8"
    )
    line = outline.read_text(encoding="utf-8").splitlines().index("  - id: tanh-vs-sigmoid") + 1
    monkeypatch.chdir(project)
    main(["check"])
    out, err = capsys.readouterr()
    assert "no locale marks where section 'tanh-vs-sigmoid' starts" not in err
    assert (
        f"docs/lessons/{LESSON}/lesson.yml:{line}: warning: no locale marks where section 'tanh-vs-sigmoid' "
        "starts, so it is placed by length alone"
    ) in out


def test_a_recorded_encoding_that_misreads_the_transcript_is_warned_of(tmp_path: Path) -> None:
    """The .yml recorded cp1250 for a cp1252 transcript (a guess pinned from a short first draft): the page
    showed "les poids ŕ zéro", and check said nothing. A warning, not a problem: the encoding was given."""
    project = copy_project(tmp_path / "project")
    folder = project / "locales" / "fr" / "transcripts"
    transcript = folder / f"{LESSON}.txt"
    transcript.write_bytes(transcript.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    meta = folder / f"{LESSON}.yml"
    text = meta.read_text(encoding="utf-8")
    assert "\nencoding: utf-8\n" in text
    meta.write_text(text.replace("\nencoding: utf-8\n", "\nencoding: cp1250\n"), encoding="utf-8")
    report = check_locales(project / "locales", project / "docs" / "lessons")
    (fr,) = [locale for locale in report.locales if locale.folder == "fr"]
    (finding,) = [f for f in fr.findings if "the encoding given for it" in f.message]
    assert (finding.severity, finding.where) == (WARNING, str(transcript))
    assert finding.message.startswith("read as cp1250, the encoding given for it, this is not French ('")
    assert "cp1252 reads it as French" in finding.message


def test_an_empty_section_is_called_empty(tmp_path: Path) -> None:
    """A transcript of the first fifth of the lecture leaves the last sections empty: 'starts at ' …'' said
    nothing a translator could act on."""
    project = copy_project(tmp_path / "project")
    seed = project / "locales" / "ko" / "transcripts" / f"{LESSON}.txt"
    lines = seed.read_text(encoding="utf-8").splitlines()
    seed.write_text("\n".join(lines[: len(lines) // 5]) + "\n", encoding="utf-8")
    (seed.parent / f"{LESSON}.sections.yml").unlink()
    report = format_report(check_locales(project / "locales", project / "docs" / "lessons"))
    assert any("section 'wrap-up'" in line and "is empty: no sentence" in line for line in report), report
    assert not any("starts at ' …'" in line for line in report)


def test_a_transcript_that_stops_before_the_end_of_the_lecture_is_a_problem(tmp_path: Path) -> None:
    """Half a transcript publishes a page whose last sections are empty or wrong: the doubt is a problem named
    at the transcript itself, not a warning among the counts that a translator may leave for later."""
    project = copy_project(tmp_path / "project")
    seed = project / "locales" / "ko" / "transcripts" / f"{LESSON}.txt"
    lines = seed.read_text(encoding="utf-8").splitlines()
    seed.write_text("\n".join(lines[: len(lines) // 2]) + "\n", encoding="utf-8")
    (seed.parent / f"{LESSON}.sections.yml").unlink()
    report = check_locales(project / "locales", project / "docs" / "lessons")
    said = [line.strip() for line in format_report(report)]
    assert f"{seed}: error: it seems to stop before the end of the lecture" in said
    assert report.exit_status == 1


def test_a_locale_whose_folder_is_named_otherwise_than_its_code_is_not_asked_for_its_transcript(
    tmp_path: Path,
) -> None:
    """The folder zh_Hant (gettext's name) holds the transcript of the locale zh-Hant (its code): compared by
    the folder's name, check told its translator to add the transcript they had, with add-locale."""
    project = copy_project(tmp_path / "project")
    assert (project / "locales" / "zh_Hant" / "transcripts" / f"{LESSON}.txt").is_file()
    report = check_locales(project / "locales", project / "docs" / "lessons")
    assert "zh_Hant" in [locale.folder for locale in report.locales]
    found = [str(f) for locale in report.locales for f in locale.findings]
    assert [finding for finding in found if "no transcript" in finding] == []


def test_a_lesson_a_locale_has_no_transcript_of_is_named_with_how_to_add_it(project: Path) -> None:
    """A second lesson without a transcript in a language is absent from that language's site, and check
    said nothing about it."""
    folder = project / "docs" / "lessons" / "second"
    folder.mkdir()
    (folder / "lesson.yml").write_text(
        "id: second\ntitle: Second\nsections:\n  - id: intro\n    heading: Intro\n", encoding="utf-8"
    )
    report = _check(project)
    (fr,) = report.locales
    missing = [f for f in fr.findings if "second" in f.message]
    assert [f.severity for f in missing] == [WARNING] and report.exit_status == 0
    assert "no transcript of lesson 'second'" in missing[0].message
    assert "coursegen add-locale fr --lesson second --transcript FILE" in missing[0].message
    assert not [f for f in fr.findings if "no transcript of lesson 'demo'" in f.message]


def test_an_entry_with_a_context_is_named_at_its_line(project: Path) -> None:
    """An extra msgctxt copy of a message passed check, counted as translated."""
    update_messages(project, project / "locales")
    po = _po(project)
    po.write_text(
        po.read_text(encoding="utf-8") + '\nmsgctxt "button"\nmsgid "Lessons"\nmsgstr "MAUVAIS"\n',
        encoding="utf-8",
    )
    report = _check(project)
    (fr,) = report.locales
    (finding,) = [f for f in fr.findings if "msgctxt" in f.message]
    assert finding.severity == ERROR and finding.where.startswith(f"{po}:") and report.exit_status == 1


def test_a_catalog_that_does_not_parse_leaves_the_others_reported(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One translator's unterminated string stopped check at that line: no other locale was reported."""
    (project / "locales" / "uk" / "transcripts").mkdir(parents=True)
    update_messages(project, project / "locales")
    shutil.copy(FIXTURES / "bad-po" / "unterminated-string.po", _po(project))
    lessons = project / "docs" / "lessons"
    status = main(["check", "--locales-dir", str(project / "locales"), "--lessons-dir", str(lessons)])
    out, err = capsys.readouterr()
    assert status == 2 and err.startswith(f"error: {_po(project)}:6: unterminated string")
    assert "fr: catalog not read" in out and re.search(r"^uk: \d+ translated", out, re.MULTILINE)


def test_every_broken_pin_of_a_file_is_its_own_finding(tmp_path: Path) -> None:
    """check named only the first broken pin of a sections.yml: a translator fixed it, ran check, found the
    next, and so on."""
    project = copy_project(tmp_path / "project")
    marks = project / "locales" / "fr" / "transcripts" / f"{LESSON}.sections.yml"
    text = marks.read_text(encoding="utf-8")
    broken = text.replace("Le problème avec cette forme", "Le souci avec cette forme").replace(
        "zero-bias:", "zero-biases:"
    )
    marks.write_text(broken, encoding="utf-8")
    lines = broken.splitlines()
    at = [
        lines.index(next(x for x in lines if x.startswith(key))) + 1 for key in ("identical-", "zero-biases:")
    ]
    report = check_locales(project / "locales", project / "docs" / "lessons")
    (fr,) = [locale for locale in report.locales if locale.folder == "fr"]
    errors = [f for f in fr.findings if f.severity == ERROR]
    assert [f.where for f in errors] == [f"{marks}:{at[0]}", f"{marks}:{at[1]}"]
    assert "quote not found" in errors[0].message and "no section 'zero-biases'" in errors[1].message
    assert " more: " not in errors[0].message


def test_a_transcript_of_no_lesson_is_warned_of(tmp_path: Path) -> None:
    """A lesson renamed (or a file misnamed by hand) left its transcript to be read by nothing, in silence;
    check asked for the transcript that sat there under its old name."""
    project = copy_project(tmp_path / "project")
    transcripts = project / "locales" / "tr" / "transcripts"
    stray = transcripts / "step_size.txt"
    stray.write_text("Merhaba.\n", encoding="utf-8")
    old = transcripts / f"{LESSON}.old.txt"  # the build reads only "<lesson>.<txt|srt|vtt|md>"
    old.write_text("Merhaba.\n", encoding="utf-8")
    (transcripts / ".step_size.txt.swp").write_bytes(b"\0")
    report = check_locales(project / "locales", project / "docs" / "lessons")
    (tr,) = [locale for locale in report.locales if locale.folder == "tr"]
    found = [f for f in tr.findings if "belongs to no lesson" in f.message]
    assert [(f.severity, f.where) for f in found] == [(WARNING, str(old)), (WARNING, str(stray))]
    assert f"(known: {LESSON})" in found[0].message


def test_an_example_no_section_shows_is_reported(tmp_path: Path) -> None:
    """The build warned of an example block no section shows; check, which an author runs to know what is
    left to do, said nothing."""
    project = copy_project(tmp_path / "project")
    examples = project / "docs" / "lessons" / LESSON / "examples.py"
    examples.write_text(
        examples.read_text(encoding="utf-8") + '\n# %% example="outlook"\nprint(1)\n', encoding="utf-8"
    )
    report = check_locales(project / "locales", project / "docs" / "lessons")
    assert [(f.severity, f.where, f.message) for f in report.findings] == [
        (WARNING, str(examples), "example 'outlook' is not shown by any section of lesson.yml")
    ]


def test_a_lesson_named_as_a_guide_is_a_problem_for_check_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The build refused a lesson with a guide's name; check, which says what is left to fix, passed."""
    project = copy_project(tmp_path / "project")
    folder = project / "docs" / "lessons" / "translate"
    folder.mkdir()
    (folder / "lesson.yml").write_text("id: translate\ntitle: T\nsections:\n  - id: i\n    heading: I\n")
    arguments = ["check", "--locales-dir", str(project / "locales"), "--lessons-dir", str(folder.parent)]
    assert main(arguments) == 1
    said = f"{folder / 'lesson.yml'}: error: lesson 'translate' has the name of the guide"
    assert said in capsys.readouterr().out
    report = check_locales(project / "locales", folder.parent, guides_dir=project / "docs" / "guides")
    clash = [f for f in report.findings if "name of the guide" in f.message]
    assert [(f.severity, f.where) for f in clash] == [(ERROR, str(folder / "lesson.yml"))]


def test_links_out_of_the_locales_folder_are_named_once_each_and_still_read(
    project: Path, tmp_path: Path
) -> None:
    """A catalog from a translators' repository is read through its link; check names each link leading out
    of the locales folder (what it leads to is published), a linked folder once, not each of its files."""
    po = _po(project)
    elsewhere = tmp_path / "translators" / "fr.po"
    elsewhere.parent.mkdir()
    po.rename(elsewhere)
    po.symlink_to(elsewhere)
    (project / "locales" / "ko").mkdir()
    shutil.copytree(po.parent, project / "locales" / "ko" / "LC_MESSAGES", symlinks=False)
    shutil.move(project / "locales" / "ko", tmp_path / "translators" / "ko")
    (project / "locales" / "ko").symlink_to(tmp_path / "translators" / "ko")
    report = _check(project)
    links = {
        locale.folder: [str(f) for f in locale.findings if "outside the locales folder" in f.message]
        for locale in report.locales
    }
    assert links["fr"] == [
        f"{po}: error: a link to {elsewhere}, outside the locales folder: the site would publish what it "
        "leads to; put the file itself here, or, for a translators' repository linked in on purpose, set "
        "allow_links_out: true under the coursegen plugin in mkdocs.yml"
    ]
    assert len(links["ko"]) == 1 and links["ko"][0].startswith(f"{project / 'locales' / 'ko'}: error: a link")
    assert all(locale.stats is not None for locale in report.locales)  # both catalogs read
    assert report.exit_status == 1  # the build stops on them


def test_a_template_linked_from_outside_is_named_as_the_build_names_it(project: Path, tmp_path: Path) -> None:
    """The build stops on a messages.pot linked from outside the locales folder; check said "no problems"."""
    template = project / "locales" / "messages.pot"
    elsewhere = tmp_path / "elsewhere.pot"
    template.rename(elsewhere)
    template.symlink_to(elsewhere)
    report = _check(project)
    assert [str(f) for f in report.findings if "outside the locales folder" in f.message] == [
        f"{template}: error: a link to {elsewhere}, outside the locales folder: the site would publish what "
        "it leads to; put the file itself here, or, for a translators' repository linked in on purpose, set "
        "allow_links_out: true under the coursegen plugin in mkdocs.yml"
    ]
    assert report.exit_status == 1
    allowed = check_locales(project / "locales", project / "docs" / "lessons", allow_links_out=True)
    assert not [f for f in allowed.findings if "outside the locales folder" in f.message]


def test_a_missing_lessons_folder_is_an_error_not_a_pass(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Run from elsewhere, or with a mistyped --lessons-dir, every transcript "belonged to no lesson" (a
    warning): check said "no problems" having checked nothing."""
    assert (
        main(
            [
                "check",
                "--locales-dir",
                str(project / "locales"),
                "--lessons-dir",
                str(project / "docs/lesson"),
            ]
        )
        == 2
    )
    assert (
        capsys.readouterr().err.strip()
        == f"error: {project / 'docs/lesson'}: lessons folder not found (--lessons-dir)"
    )


@pytest.mark.parametrize("broken", ["invalid metadata", "transcript renamed", "two transcripts"])
def test_one_locale_whose_transcript_cannot_be_found_is_its_own_finding(tmp_path: Path, broken: str) -> None:
    """A translator's broken .yml, a transcript renamed or doubled stopped the whole report (exit 2, nothing
    else said) instead of being that locale's error."""
    project = copy_project(tmp_path / "project")
    folder = project / "locales" / "ko" / "transcripts"
    transcript = folder / f"{LESSON}.txt"
    if broken == "invalid metadata":
        (folder / f"{LESSON}.yml").write_text("format: [\n", encoding="utf-8")
    elif broken == "transcript renamed":
        transcript.rename(folder / f"{LESSON}.text")
    else:
        shutil.copy(transcript, folder / f"{LESSON}.srt")
    report = check_locales(project / "locales", project / "docs" / "lessons")
    by_folder = {
        locale.folder: [f for f in locale.findings if f.severity == ERROR] for locale in report.locales
    }
    assert len(by_folder["ko"]) == 1 and str(folder) in by_folder["ko"][0].where
    assert by_folder["fr"] == by_folder["uk"] == []
    assert report.exit_status == 1


def test_check_names_what_a_guide_s_translations_cannot_show(tmp_path: Path) -> None:
    """An owner's About guide with an image beside it and a link: check said "no problems"."""
    project = copy_project(tmp_path / "project")
    guides = project / "docs" / "guides"
    (guides / "about.md").write_text("# About\n\nRead the [guide](translate.md).\n", encoding="utf-8")
    (guides / "team.png").write_bytes(b"\x89PNG")
    report = check_locales(project / "locales", project / "docs" / "lessons", guides_dir=guides)
    found = {(f.severity, f.where) for f in report.findings if "guide" in f.message}
    assert (WARNING, f"{guides / 'about.md'}:3") in found and (WARNING, str(guides / "team.png")) in found


@pytest.mark.parametrize(
    ("rule", "why"),
    [
        ("(n==1 ? 0 : n%0)", ""),  # compiles, fails on a count
        ("n", " (it picks a form beyond nplurals=2)"),  # a form the entries do not have
    ],
)
def test_a_plural_rule_that_fails_on_a_count_is_a_problem_at_its_line(
    project: Path, rule: str, why: str
) -> None:
    """A rule that compiles but divides by zero passed check and then stopped the build at the examples'
    line; one picking a form beyond nplurals showed English without a word."""
    po = _po(project)
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace("plural=(n > 1);", f"plural={rule};"), encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if t.startswith('"Plural-Forms:'))
    assert [str(p) for p in _check(project).problems] == [
        f"{po}:{line}: error: unusable Plural-Forms rule {rule!r}: plurals are shown in English{why}"
    ]


def test_babel_s_arabic_plural_rule_is_a_warning_at_its_line(project: Path) -> None:
    """Babel writes an Arabic rule that orders "many" and "other" unlike GNU gettext and CLDR: forms written
    in the usual order were shown for the wrong counts, and nothing said so."""
    from babel.messages.plurals import get_plural

    po = _po(project)
    arabic = project / "locales" / "ar" / "LC_MESSAGES" / "messages.po"
    arabic.parent.mkdir(parents=True)
    text = po.read_text(encoding="utf-8").replace("Language: fr", "Language: ar")
    babel_rule = get_plural("ar")
    arabic.write_text(
        text.replace("nplurals=2; plural=(n > 1);", f"nplurals=6; plural={babel_rule.plural_expr};"),
        encoding="utf-8",
    )
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if t.startswith('"Plural-Forms:'))
    found = [str(f) for locale in _check(project).locales for f in locale.findings if str(arabic) in str(f)]
    assert any(p.startswith(f"{arabic}:{line}: warning: Plural-Forms is Babel's rule") for p in found), found


def test_a_plural_entry_with_a_form_left_empty_names_the_form(project: Path) -> None:
    """An Arabic entry with one of its six forms empty was "untranslated", and the translator looked for an
    entry with nothing in it."""
    po = _po(project)
    text = po.read_text(encoding="utf-8")
    start = text.index('msgid "{n} lesson"')
    entry = text[start : text.index("\n\n", start)]
    po.write_text(
        text.replace(entry, entry.replace('msgstr[1] "{n} leçons"', 'msgstr[1] ""')), encoding="utf-8"
    )
    line = text[:start].count("\n") + 1
    found = [
        str(f) for locale in _check(project).locales for f in locale.findings if f"{po}:{line}:" in str(f)
    ]
    assert found == [f"{po}:{line}: warning: untranslated (msgstr[1] empty): '{{n}} lesson'"]


def test_what_gnu_msgfmt_refuses_in_a_catalog_is_an_error_at_its_line(project: Path) -> None:
    """A hand-typed "\\eta" in a plot's math, and plural entries without a Plural-Forms header: Babel reads
    them and check was silent, but GNU gettext's msgfmt, and Poedit and Weblate with it, refuse the file."""
    po = _po(project)
    text = po.read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line.startswith('"Plural-Forms:'))
    text = text.replace(header + "\n", "").replace('msgstr "Leçons"', 'msgstr "Leçons $\\\\eta$ $\\eta$"')
    po.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if "Leçons $" in t)
    refused = "GNU gettext's msgfmt (and Poedit and Weblate with it) refuses the catalog"
    problems = [str(p) for p in _check(project).problems]
    assert f"{po}:{line}: error: '\\e' is no escape: {refused}; write '\\\\e' for a backslash" in problems
    assert any(
        p.startswith(f"{po}:1: error: no Plural-Forms header for its plural entries") for p in problems
    )
    assert sum("is no escape" in p for p in problems) == 1  # the escaped backslash is one


def test_an_apostrophe_escaped_from_habit_is_an_error_with_its_cure(project: Path) -> None:
    """C, PHP and the shell escape an apostrophe; msgfmt refuses "\\'", and the page showed the backslash."""
    po = _po(project)
    text = po.read_text(encoding="utf-8").replace('msgstr "Leçons"', 'msgstr "L\\\'initialisation\\?"')
    po.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if "L\\'init" in t)
    refused = "GNU gettext's msgfmt (and Poedit and Weblate with it) refuses the catalog"
    problems = [str(p) for p in _check(project).problems]
    assert f"{po}:{line}: error: '\\'' is no escape: {refused}; write ''' alone" in problems
    assert f"{po}:{line}: error: '\\?' is no escape: {refused}; write '?' alone" in problems


def test_a_plural_entry_with_fewer_forms_than_the_header_gives_is_an_error(project: Path) -> None:
    """A missing msgstr[1] line was called "empty", a warning: msgfmt (Poedit, Weblate) refuses the whole
    catalog for it, and nothing said why."""
    po = _po(project)
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr[1] "{n} leçons"\n', ""), encoding="utf-8")
    line = text[: text.index('msgid "{n} lesson"')].count("\n") + 1
    assert [str(p) for p in _check(project).problems] == [
        f"{po}:{line}: error: 1 of the 2 plural forms the Plural-Forms header gives (no msgstr[1] line): "
        "GNU gettext's msgfmt (and Poedit and Weblate with it) refuses the catalog; `coursegen messages` "
        "adds the missing lines"
    ]
