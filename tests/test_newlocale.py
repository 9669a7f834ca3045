"""add-locale: a complete new locale folder or nothing at all."""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

import pytest
import yaml
from support import LESSON, copy_project

import coursegen.newlocale as newlocale
from coursegen.check import check_locales
from coursegen.cli import main
from coursegen.errors import LessonError, LocaleError, TranscriptError, one_line
from coursegen.extract import update_messages
from coursegen.fonts import font_problem
from coursegen.lessons import find_lesson
from coursegen.newlocale import _not_in_template, add_locale
from coursegen.pofiles import read_catalog
from coursegen.transcripts import read_transcript

FIXTURES = Path(__file__).parent / "fixtures" / "catalogs"
TRANSCRIPTS = FIXTURES / "transcripts"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = Path(shutil.copytree(FIXTURES / "project", tmp_path / "project"))
    update_messages(root, root / "locales")
    return root


def _add(project: Path, code: str, transcript: Path, lesson: str = "demo"):
    return add_locale(
        code,
        lesson,
        transcript,
        locales_dir=project / "locales",
        lessons_dir=project / "docs" / "lessons",
    )


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_folder_made_for_the_transcript_gets_the_catalog_a_new_locale_gets(project: Path) -> None:
    """A translator who first made locales/ar/ to put their transcript in was told to translate a catalog
    that did not exist ("0 of 0 strings")."""
    (project / "locales" / "ar").mkdir()
    new = _add(project, "ar", TRANSCRIPTS / "ar.txt")
    assert new.existing and new.catalog.is_file() and new.total > 0 and new.untranslated == new.total
    assert read_catalog(new.catalog).locale_identifier == "ar"


def test_ctrl_c_while_the_new_locale_is_looked_over_keeps_it_and_says_so(project: Path, monkeypatch) -> None:
    """The locale was in place, yet the command said "interrupted", lost its report, and a second run was
    refused ("already has a transcript")."""
    from coursegen import newlocale

    def interrupted(*_args: object) -> tuple[str, ...]:
        raise KeyboardInterrupt

    # In the alignment, or in the last step, reading the template (an operator's Ctrl-C landed there).
    for step in ("_doubts", "_not_in_template"):
        with monkeypatch.context() as patched:
            patched.setattr(newlocale, step, interrupted)
            new = _add(project, "ar" if step == "_doubts" else "sw", TRANSCRIPTS / "ar.txt")
        assert new.catalog.is_file() and new.transcript.is_file()
        assert new.doubts == (
            "interrupted before it was checked against the other transcripts: run 'coursegen check'",
        )


def test_creates_transcript_metadata_and_catalog(project: Path) -> None:
    new = _add(project, "ar", TRANSCRIPTS / "ar.txt")
    folder = project / "locales" / "ar"
    assert new.folder == folder and new.info.is_rtl
    assert sorted(_tree(folder)) == [
        "LC_MESSAGES/messages.po",
        "transcripts/demo.txt",
        "transcripts/demo.yml",
    ]
    assert (folder / "transcripts" / "demo.txt").read_bytes() == (TRANSCRIPTS / "ar.txt").read_bytes()
    meta_text = (folder / "transcripts" / "demo.yml").read_text(encoding="utf-8")
    meta = yaml.safe_load(meta_text)
    assert meta == {"lesson": "demo", "language": "ar", "format": "txt", "encoding": "utf-8"}
    # The translator who opens the file learns what it is and where boundaries are pinned.
    assert meta_text.startswith("# ") and "demo.sections.yml" in meta_text.split("\nlesson:")[0]
    catalog = read_catalog(folder / "LC_MESSAGES" / "messages.po")
    assert str(catalog.locale) == "ar" and catalog.num_plurals == 6
    assert not catalog.fuzzy
    assert new.untranslated == new.total == 13


def test_original_bytes_are_kept_even_with_bom_and_crlf(project: Path) -> None:
    _add(project, "fr-CA", TRANSCRIPTS / "fr-bom.txt")
    copy = project / "locales" / "fr_CA" / "transcripts" / "demo.txt"
    assert copy.read_bytes() == (TRANSCRIPTS / "fr-bom.txt").read_bytes()


def test_hebrew_is_accepted(project: Path) -> None:
    shutil.copy(TRANSCRIPTS / "ar.txt", project / "he.txt")
    new = _add(project, "he", project / "he.txt")
    assert new.info.is_rtl and (project / "locales" / "he" / "LC_MESSAGES" / "messages.po").is_file()


def test_existing_locale_is_refused_and_unchanged(project: Path) -> None:
    before = _tree(project / "locales")
    for code in ("fr", "FR"):
        with pytest.raises(LocaleError, match="already has a transcript of 'demo'"):
            _add(project, code, TRANSCRIPTS / "ar.txt")
    assert _tree(project / "locales") == before


def _second_lesson(project: Path) -> None:
    folder = project / "docs" / "lessons" / "second"
    folder.mkdir()
    (folder / "lesson.yml").write_text(
        "id: second\ntitle: Second\nsections:\n  - id: intro\n    heading: Intro\n", encoding="utf-8"
    )


def test_an_existing_locale_gets_the_transcript_of_another_lesson(project: Path) -> None:
    """A course of several lessons: the locale exists from the first lesson, and add-locale refused the
    second lesson's transcript ("already exists"), leaving the translator to copy files by hand."""
    _second_lesson(project)
    catalog = project / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    before = catalog.read_bytes()
    new = _add(project, "fr", TRANSCRIPTS / "fr-bom.txt", lesson="second")
    folder = project / "locales" / "fr" / "transcripts"
    assert new.transcript == folder / "second.txt" and new.existing
    assert new.transcript.read_bytes() == (TRANSCRIPTS / "fr-bom.txt").read_bytes()
    assert yaml.safe_load((folder / "second.yml").read_text(encoding="utf-8"))["lesson"] == "second"
    assert catalog.read_bytes() == before and (folder / "demo.txt").is_file()
    with pytest.raises(LocaleError, match="already has a transcript of 'second'"):
        _add(project, "fr", TRANSCRIPTS / "ar.txt", lesson="second")


def test_a_locale_folder_linked_from_outside_is_not_written_into_unless_the_site_allows_it(
    project: Path, tmp_path: Path
) -> None:
    """The build refuses a locale linked in from outside the locales folder unless mkdocs.yml allows it;
    add-locale wrote a transcript, its metadata and a catalog into the folder the link led to."""
    outside = tmp_path / "elsewhere" / "ar"
    outside.mkdir(parents=True)
    (project / "locales" / "ar").symlink_to(outside, target_is_directory=True)
    before = _tree(project / "locales")
    with pytest.raises(LocaleError) as caught:
        _add(project, "ar", TRANSCRIPTS / "ar.txt")
    assert one_line(caught.value) == (
        f"{project / 'locales' / 'ar'}: a link to {outside}, outside the locales folder, which coursegen "
        "add-locale would write into; put the file itself here, or, for a translators' repository linked in "
        "on purpose, set allow_links_out: true under the coursegen plugin in mkdocs.yml; nothing was changed"
    )
    assert list(outside.iterdir()) == [] and _tree(project / "locales") == before
    new = add_locale(
        "ar",
        "demo",
        TRANSCRIPTS / "ar.txt",
        locales_dir=project / "locales",
        lessons_dir=project / "docs" / "lessons",
        allow_links_out=True,
    )
    assert new.existing and (outside / "transcripts" / "demo.yml").is_file()


def test_fuzzy_entries_of_an_existing_catalog_are_counted_as_left_to_translate(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The build does not use a fuzzy translation, yet adding a lesson to an existing locale said "2 of 13
    strings to translate" of a catalog with 2 untranslated entries and 1 fuzzy one (as check counts them)."""
    _second_lesson(project)
    catalog = project / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    (fr,) = check_locales(project / "locales", project / "docs" / "lessons").locales
    assert (fr.stats.untranslated, fr.stats.fuzzy) == (2, 1)
    folders = ["--locales-dir", str(project / "locales"), "--lessons-dir", str(project / "docs" / "lessons")]
    args = ["add-locale", "fr", "--lesson", "second", "--transcript", str(TRANSCRIPTS / "fr-bom.txt")]
    assert main([*args, *folders]) == 0
    assert f"  catalog:    {catalog} (3 of 13 strings to translate)\n" in capsys.readouterr().out


def test_a_metadata_file_left_in_the_way_is_refused_and_nothing_is_changed(project: Path) -> None:
    """A `<lesson>.yml` left in an existing locale (a lesson's transcript removed by hand, its metadata not)
    would be overwritten without a word, whatever the translator had recorded in it."""
    _second_lesson(project)
    leftover = project / "locales" / "fr" / "transcripts" / "second.yml"
    leftover.write_text("lesson: second\nlanguage: fr\nformat: srt\nencoding: cp1252\n", encoding="utf-8")
    before = _tree(project / "locales")
    with pytest.raises(LocaleError, match=r"'second\.yml' is in the way: remove it; nothing was changed"):
        _add(project, "fr", TRANSCRIPTS / "fr-bom.txt", lesson="second")
    assert _tree(project / "locales") == before


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077])
def test_a_new_locale_folder_has_the_permissions_the_umask_gives(project: Path, mask: int) -> None:
    """The folder is made in a private temporary folder (mode 0700) and renamed: kept so, the web server, the
    CI or build user, or a teammate on a shared checkout could not read the new language; then it was made
    0755 whatever the umask: under 002 the group could not add a file to it, under 077 all could list it."""
    umask = os.umask(mask)
    try:
        new = _add(project, "ar", TRANSCRIPTS / "ar.txt")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(new.folder.stat().st_mode) == 0o777 & ~mask
    for path in new.folder.rglob("*"):
        made = 0o777 if path.is_dir() else 0o666
        assert stat.S_IMODE(path.stat().st_mode) == made & ~mask, path


def test_a_locale_folder_other_commands_refuse_is_refused_here_too_and_nothing_is_made(project: Path) -> None:
    """zh_Hant renamed zh_TW: build, check and messages refuse the folder; add-locale zh_TW made a second,
    empty zh_Hant_TW beside it and said all was well."""
    (project / "locales" / "zh_TW" / "LC_MESSAGES").mkdir(parents=True)
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    with pytest.raises(LocaleError, match="rename it 'zh_Hant_TW'"):
        _add(project, "zh_TW", TRANSCRIPTS / "fr-bom.txt")
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_the_first_transcript_of_a_new_lesson_is_told_it_needs_section_marks(project: Path) -> None:
    """add-locale ended with "next: translate, check, make serve", and the build then failed: no transcript
    of the new lesson said where its sections start."""
    folder = project / "docs" / "lessons" / "second"
    folder.mkdir()
    (folder / "lesson.yml").write_text(
        "id: second\ntitle: Second\nsections:\n  - id: intro\n    heading: Intro\n"
        "  - id: more\n    heading: More\n",
        encoding="utf-8",
    )
    new = _add(project, "fr", TRANSCRIPTS / "fr-bom.txt", lesson="second")
    assert len(new.doubts) == 1 and "write second.sections.yml beside it" in new.doubts[0]
    # What to write in it: the guide's section on pins speaks of a start in the wrong place.
    assert "one line per section of the lesson's outline: its id, a colon, its first words" in new.doubts[0]


def test_cli_says_what_it_added_to_an_existing_locale(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _second_lesson(project)
    args = ["add-locale", "fr", "--lesson", "second", "--transcript", str(TRANSCRIPTS / "fr-bom.txt")]
    assert (
        main(
            [
                *args,
                "--locales-dir",
                str(project / "locales"),
                "--lessons-dir",
                str(project / "docs" / "lessons"),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert out.startswith(f"added the transcript of 'second' to {project / 'locales' / 'fr'}")
    assert "strings to translate" in out
    # "Second" and "Intro" are in no catalog before 'coursegen messages': the counts said nothing was left.
    assert (
        "warning: 2 strings of lesson 'second' are in no catalog yet (not counted above): 'coursegen "
        f"messages' adds them to every catalog\nnext:\n  1. coursegen messages --locales-dir "
        f"{project / 'locales'} --mapping {project / 'babel.cfg'}\n  2. translate "
    ) in out
    # Both folders given: without --lessons-dir, check run from elsewhere checked nothing.
    folders = f"--locales-dir {project / 'locales'} --lessons-dir {project / 'docs' / 'lessons'}"
    assert f"  3. coursegen check {folders}\n" in out
    update_messages(project, project / "locales")
    assert _not_in_template(project / "locales", find_lesson(project / "docs" / "lessons", "second")) == 0


@pytest.mark.parametrize(
    ("code", "lesson", "transcript", "error"),
    [
        ("xx-nope", "demo", "ar.txt", LocaleError),
        ("ar", "no-such-lesson", "ar.txt", LessonError),
        ("ar", "demo", "binary.txt", TranscriptError),
        ("ar", "demo", "missing.txt", TranscriptError),
        # Codes Babel reads but the site cannot use, or reads as another: refused before anything is written.
        ("de@euro", "demo", "ar.txt", LocaleError),
        ("root", "demo", "ar.txt", LocaleError),
        ("und", "demo", "ar.txt", LocaleError),
        ("iw", "demo", "ar.txt", LocaleError),
    ],
    ids=[
        "bad-code",
        "unknown-lesson",
        "binary-transcript",
        "missing-transcript",
        "modifier",
        "root",
        "und",
        "iw",
    ],
)
def test_invalid_input_leaves_nothing(project: Path, code: str, lesson: str, transcript: str, error) -> None:
    before = _tree(project / "locales")
    with pytest.raises(error):
        _add(project, code, TRANSCRIPTS / transcript, lesson)
    assert _tree(project / "locales") == before
    assert sorted(p.name for p in (project / "locales").iterdir()) == ["fr", "messages.pot"]


def test_failure_midway_leaves_no_folder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(newlocale, "render_catalog", broken)
    with pytest.raises(OSError, match="disk full"):
        _add(project, "ar", TRANSCRIPTS / "ar.txt")
    assert sorted(p.name for p in (project / "locales").iterdir()) == ["fr", "messages.pot"]


def test_cli_prints_what_remains(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        [
            "add-locale",
            "zh-Hant",
            "--lesson",
            "demo",
            "--transcript",
            str(TRANSCRIPTS / "zh-Hant.txt"),
            "--locales-dir",
            str(project / "locales"),
            "--lessons-dir",
            str(project / "docs" / "lessons"),
        ]
    )
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "13 of 13 strings to translate" in out
    assert "coursegen check" in out and "zh_Hant" in out
    assert re.search(r"\(read as txt, utf-8, \d+ sentences\)", out)


def test_cli_warns_when_no_installed_font_draws_the_language(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hindi's plots need a Devanagari font, which a machine may lack (CI has only Latin and CJK fonts): the
    translator learns it now, not when a build stops. The locale is created either way."""
    transcript = tmp_path / "hi.txt"
    transcript.write_text("यह पहला वाक्य है। यह दूसरा वाक्य है।\n", encoding="utf-8")
    args = ["add-locale", "hi", "--lesson", "demo", "--transcript", str(transcript)]
    status = main(
        [*args, "--locales-dir", str(project / "locales"), "--lessons-dir", str(project / "docs/lessons")]
    )
    out, err = capsys.readouterr()
    assert status == 0, err
    assert (project / "locales" / "hi" / "LC_MESSAGES" / "messages.po").is_file()
    problem = font_problem("hi")
    # (Two sentences are not the lesson's lecture either: that is warned of too.)
    warned = [line for line in out.splitlines() if line.startswith("warning: the plots")]
    if problem is None:
        assert warned == []
    else:
        assert warned == [f"warning: the plots cannot be drawn until a font is installed: {problem}"]
        assert "no installed font has glyphs for" in problem


def test_cli_refusal_is_one_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["add-locale", "fr", "--lesson", "demo", "--transcript", str(TRANSCRIPTS / "ar.txt")]
    status = main([*args, "--locales-dir", str(project / "locales")])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("error: ") and "already has a transcript" in err and "Traceback" not in err
    assert err.count("\n") == 1


def test_a_transcript_no_code_page_reads_in_the_language_is_refused_in_one_line(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ARMSCII-8 Armenian (no Python codec) was added as Mac Roman: a page with no Armenian letter."""
    transcript = tmp_path / "hy.txt"
    words = ["սկզբնավորել", "կշիռները", "զրոյով"] * 5
    transcript.write_bytes(b" ".join(bytes(0xB3 + 2 * (ord(c) - 0x561) for c in word) for word in words))
    before = _tree(project)
    args = ["add-locale", "hy", "--lesson", "demo", "--transcript", str(transcript)]
    status = main(
        [*args, "--locales-dir", str(project / "locales"), "--lessons-dir", str(project / "docs/lessons")]
    )
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(
        f"error: {transcript}: no encoding reads this as Armenian: give the file's encoding"
    )
    assert _tree(project) == before


def test_cli_warns_when_the_transcript_holds_part_of_the_lecture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A translator who gives the first fifth of the lecture hears it at once, not after translating the
    catalog; the whole lecture gets no such warning. (Korean is taken out of the project, then added back.)"""
    project = copy_project(tmp_path / "project")
    seed = project / "locales" / "ko" / "transcripts" / f"{LESSON}.txt"
    lines = seed.read_text(encoding="utf-8").splitlines()
    part, whole = tmp_path / "part.txt", tmp_path / "whole.txt"
    part.write_text("\n".join(lines[: len(lines) // 5]) + "\n", encoding="utf-8")
    whole.write_text("\n".join(lines) + "\n", encoding="utf-8")
    where = ["--locales-dir", str(project / "locales"), "--lessons-dir", str(project / "docs" / "lessons")]
    warned = {}
    for transcript in (part, whole):
        shutil.rmtree(project / "locales" / "ko")
        assert main(["add-locale", "ko", "--lesson", LESSON, "--transcript", str(transcript), *where]) == 0
        out = capsys.readouterr().out
        warned[transcript.stem] = [line for line in out.splitlines() if line.startswith("warning:")]
    (line,) = warned["part"]
    assert line.startswith(f"warning: {seed}: it seems to hold only part of the lecture (")
    assert line.endswith("is the transcript complete?")
    assert warned["whole"] == []


def test_a_locale_with_a_region_hears_the_same_doubts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The doubts were looked up under the folder's name (pt_BR) among codes (pt-BR): never found."""
    project = copy_project(tmp_path / "project")
    seed = project / "locales" / "ko" / "transcripts" / f"{LESSON}.txt"
    lines = seed.read_text(encoding="utf-8").splitlines()
    part = tmp_path / "part.txt"
    part.write_text("\n".join(lines[: len(lines) // 5]) + "\n", encoding="utf-8")
    where = ["--locales-dir", str(project / "locales"), "--lessons-dir", str(project / "docs" / "lessons")]
    assert main(["add-locale", "pt-BR", "--lesson", LESSON, "--transcript", str(part), *where]) == 0
    warnings = [line for line in capsys.readouterr().out.splitlines() if line.startswith("warning:")]
    assert any("only part of the lecture" in line for line in warnings), warnings


def test_another_locale_s_broken_files_do_not_fail_the_new_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The French transcript moved away (its .yml left behind) is French's problem, for check to report:
    add-locale de created the German locale and must say so, not exit 2 with French's error."""
    project = copy_project(tmp_path / "project")
    french = project / "locales" / "fr" / "transcripts" / f"{LESSON}.txt"
    moved = tmp_path / "fr.txt"
    french.rename(moved)
    where = ["--locales-dir", str(project / "locales"), "--lessons-dir", str(project / "docs" / "lessons")]
    assert main(["add-locale", "de", "--lesson", LESSON, "--transcript", str(moved), *where]) == 0
    assert "created" in capsys.readouterr().out
    assert (project / "locales" / "de" / "transcripts" / f"{LESSON}.txt").is_file()


@pytest.mark.parametrize(
    ("name", "content", "recorded"),
    [
        ("timed.txt", "**0:{n:02d}** {line}", "md"),  # Markdown saved as .txt
        ("prose.srt", "{line}", "txt"),  # prose saved as .srt
    ],
)
def test_the_format_recorded_is_one_the_reader_accepts(
    project: Path, name: str, content: str, recorded: str
) -> None:
    """The extension used to decide and the reader then refused it ("the file is md, not txt as given"),
    which stopped check and the build right after add-locale said all was well."""
    lines = (TRANSCRIPTS / "ar.txt").read_text(encoding="utf-8").split("\n")
    path = project / name
    path.write_text(
        "\n".join(content.format(n=n, line=line) for n, line in enumerate(lines)), encoding="utf-8"
    )
    new = _add(project, "de", path)
    meta = yaml.safe_load((new.folder / "transcripts" / "demo.yml").read_text(encoding="utf-8"))
    assert meta["format"] == recorded
    assert read_transcript(new.transcript, "de", meta["format"], meta["encoding"]).text.strip()


def test_an_encoding_the_bytes_do_not_settle_is_not_recorded(project: Path, tmp_path: Path) -> None:
    """A first draft saved by Notepad in cp1252 reads alike in cp1250: it was recorded as cp1250, and the full
    transcript that replaced it, still cp1252, showed "les poids ŕ zéro" without a word from check or the
    build. Not recorded, the encoding is detected again from the full transcript."""
    draft = tmp_path / "draft_fr.txt"
    draft.write_bytes("Ça y est. Lorsque vous entraînez votre réseau, c’est important.\n".encode("cp1252"))
    new = _add(project, "fr-CA", draft)
    meta_text = (new.folder / "transcripts" / "demo.yml").read_text(encoding="utf-8")
    meta = yaml.safe_load(meta_text)
    assert (
        "encoding" not in meta and "\n# No encoding: other encodings read these bytes as cp1252" in meta_text
    )
    assert new.reading.startswith("txt, cp1252, ")
    new.transcript.write_bytes(
        "Ça y est. Mettons les poids à zéro, et les paramètres aussi.\n".encode("cp1252")
    )
    full = read_transcript(new.transcript, "fr_CA", meta["format"], meta.get("encoding"))
    assert full.text == "Ça y est. Mettons les poids à zéro, et les paramètres aussi."


def test_cli_warns_of_a_given_encoding_that_misreads_the_transcript(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--encoding koi8-u` for a cp1251 transcript was taken without a word: the page was all "йНКХ БХ
    РПЕМС╨РЕ". The locale is created as asked (the translator may know better), with a warning."""
    transcript = tmp_path / "uk.txt"
    text = "Коли ви тренуєте нейромережу, важливо ініціалізувати ваги випадково. Ґанок, їжак.\n"
    transcript.write_bytes(text.encode("cp1251"))
    args = ["add-locale", "uk", "--lesson", "demo", "--transcript", str(transcript), "--encoding", "koi8-u"]
    status = main(
        [*args, "--locales-dir", str(project / "locales"), "--lessons-dir", str(project / "docs/lessons")]
    )
    out, err = capsys.readouterr()
    assert status == 0, err
    copy = project / "locales" / "uk" / "transcripts" / "demo.txt"
    warned = [line for line in out.splitlines() if line.startswith(f"warning: {copy}: read as koi8-u")]
    assert warned == [
        f"warning: {copy}: read as koi8-u, the encoding given for it, this is not Ukrainian ('йНКХ БХ "
        "РПЕМС╨РЕ'); cp1251 reads it as Ukrainian: give the one the file was saved in (`encoding:` in the "
        "transcript's .yml, or add-locale's --encoding)"
    ]


def test_segment_warns_of_a_given_encoding_that_misreads_the_transcript(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """add-locale, check and the build warned; segment, where a translator tries an encoding out, did not."""
    transcript = tmp_path / "uk.txt"
    text = "Коли ви тренуєте нейромережу, важливо ініціалізувати ваги випадково. Ґанок, їжак.\n"
    transcript.write_bytes(text.encode("cp1251"))
    assert main(["segment", str(transcript), "--lang", "uk", "--encoding", "koi8-u"]) == 0
    out, err = capsys.readouterr()
    assert "йНКХ" in out and err.startswith(f"warning: {transcript}: read as koi8-u") and "cp1251" in err
    assert main(["segment", str(transcript), "--lang", "uk", "--encoding", "cp1251"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Коли ви тренуєте") and err == ""


def test_a_transcript_saved_as_yml_gets_its_format_s_extension(project: Path, tmp_path: Path) -> None:
    """Copied as demo.yml, it was overwritten by its own metadata file."""
    odd = tmp_path / "transcript.yml"
    odd.write_bytes((TRANSCRIPTS / "ar.txt").read_bytes())
    new = _add(project, "de", odd)
    assert new.transcript.name == "demo.txt"
    assert new.transcript.read_bytes() == odd.read_bytes()
    assert (
        yaml.safe_load((new.folder / "transcripts" / "demo.yml").read_text(encoding="utf-8"))["lesson"]
        == "demo"
    )


def test_a_file_system_error_is_one_line(project: Path, monkeypatch, capsys) -> None:
    """add-locale in a read-only checkout ended in a traceback (PermissionError from tempfile)."""

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied", str(project / "locales" / ".sw.new"))

    monkeypatch.setattr(newlocale.tempfile, "mkdtemp", refuse)
    args = ["add-locale", "sw", "--lesson", "demo", "--transcript", str(TRANSCRIPTS / "ar.txt")]
    dirs = ["--locales-dir", str(project / "locales"), "--lessons-dir", str(project / "docs" / "lessons")]
    assert main([*args, *dirs]) == 2
    # The folder it cannot write in, not the temporary one that was never made.
    assert capsys.readouterr().err == f"error: {project / 'locales'}: Permission denied\n"
    assert not (project / "locales" / "sw").exists()


def _course_run_from_elsewhere(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A course with its mkdocs.yml and a second lesson not in the template yet, the command run from a
    folder beside it."""
    project = Path(shutil.copytree(FIXTURES / "project", folder))
    (project / "mkdocs.yml").write_text(
        "site_name: T\ntheme:\n  name: material\nplugins:\n  - coursegen\n"
        "markdown_extensions:\n  - attr_list\n  - pymdownx.escapeall\n",
        encoding="utf-8",
    )
    update_messages(project, project / "locales")
    _second_lesson(project)
    elsewhere = folder.parent / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return project


def test_the_next_steps_of_add_locale_run_as_printed_from_where_it_ran(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given a configuration in a folder whose name has a space, add-locale printed "coursegen check
    --config-file /path/cours é/mkdocs.yml" unquoted (the shell split it), "coursegen messages" without the
    configuration (run where the user was: "locales folder not found") and "make serve" (only the project's
    folder has the Makefile)."""
    import shlex

    project = _course_run_from_elsewhere(tmp_path / "cours é" / "project", monkeypatch)
    config = str(project / "mkdocs.yml")
    args = ["add-locale", "fr", "--lesson", "second", "--transcript", str(TRANSCRIPTS / "fr-bom.txt")]
    assert main([*args, "--config-file", config]) == 0
    steps = capsys.readouterr().out.split("next:\n", 1)[1].splitlines()
    commands = [shlex.split(step.split(". ", 1)[1]) for step in steps if "coursegen " in step]
    assert [command[:2] for command in commands] == [["coursegen", "messages"], ["coursegen", "check"]]
    for command in commands:
        assert command[2:] == ["--config-file", config]
        assert main(command[1:]) in (0, 1)  # ran: 1 is check's "something to fix"
    assert shlex.split(steps[-1].split(". ", 1)[1]) == ["mkdocs", "serve", "-f", config]


def test_a_command_run_from_a_folder_of_the_course_says_where_to_run_it(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """cd locales && coursegen check: "locales: locales folder not found", to a translator standing in it."""
    monkeypatch.chdir(project / "locales")
    assert main(["check"]) == 2
    error = capsys.readouterr().err
    assert "no mkdocs.yml here" in error and "--config-file" in error and error.count("\n") == 1


def test_a_transcript_given_through_a_pipe_is_copied_whole(project: Path, tmp_path: Path) -> None:
    """add-locale --transcript <(iconv ...): the pipe gave its bytes to the reading ("62 sentences") and none
    to the copy, an empty transcript that check and the build then refused."""
    import os
    import threading

    content = (TRANSCRIPTS / "ar.txt").read_bytes()
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)

    def write() -> None:
        with pipe.open("wb") as handle:
            handle.write(content)

    writer = threading.Thread(target=write)
    writer.start()
    new = _add(project, "ar", pipe)
    writer.join(10)
    assert new.transcript.read_bytes() == content


def test_the_next_steps_run_as_printed_with_the_folders_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --locales-dir and --lessons-dir from outside the course, step 1 ("coursegen messages
    --locales-dir ...") failed, "babel.cfg: extraction mapping not found", and "make serve" found no
    Makefile."""
    import shlex

    project = _course_run_from_elsewhere(tmp_path / "course", monkeypatch)
    folders = ["--locales-dir", "../course/locales", "--lessons-dir", "../course/docs/lessons"]
    args = ["add-locale", "fr", "--lesson", "second", "--transcript", str(TRANSCRIPTS / "fr-bom.txt")]
    assert main([*args, *folders]) == 0
    steps = capsys.readouterr().out.split("next:\n", 1)[1].splitlines()
    commands = [shlex.split(step.split(". ", 1)[1]) for step in steps if "coursegen " in step]
    assert [command[:2] for command in commands] == [["coursegen", "messages"], ["coursegen", "check"]]
    for command in commands:
        assert main(command[1:]) in (0, 1)  # ran: 1 is check's "something to fix"
    served = ["mkdocs", "serve", "-f", str((project / "mkdocs.yml").resolve())]
    assert shlex.split(steps[-1].split(". ", 1)[1]) == served


@pytest.mark.parametrize("other_name", ["second.md", "second.txt"])
def test_two_runs_adding_one_lesson_at_once_leave_one_transcript(
    project: Path, monkeypatch: pytest.MonkeyPatch, other_name: str
) -> None:
    """Two add-locale runs of one lesson at once both passed the check for an existing transcript, both said
    they had added theirs, and the locale held two transcripts of the lesson (the build then stopped)."""
    _second_lesson(project)
    folder = project / "locales" / "fr" / "transcripts"
    theirs = b"Bonjour. C'est l'autre transcription.\n"
    read = newlocale.read_transcript

    def other_run_meanwhile(*args, **kwargs):
        (folder / other_name).write_bytes(theirs)  # the other run writes its transcript while this one reads
        return read(*args, **kwargs)

    monkeypatch.setattr(newlocale, "read_transcript", other_run_meanwhile)
    with pytest.raises(LocaleError, match="nothing was changed"):
        _add(project, "fr", TRANSCRIPTS / "fr-bom.txt", lesson="second")
    assert sorted(p.name for p in folder.glob("second.*")) == [other_name]
    assert (folder / other_name).read_bytes() == theirs


def test_a_lesson_s_plural_strings_count_among_those_no_catalog_has_yet(project: Path) -> None:
    """add-locale counted the examples' _() strings the template lacks, not their ngettext() ones: a lesson
    whose only new strings were plurals said nothing was left."""
    _second_lesson(project)
    update_messages(project, project / "locales")
    lesson_dir = project / "docs" / "lessons" / "second"
    (lesson_dir / "examples.py").write_text(
        '# %% example="a"\nprint(ngettext("{n} run", "{n} runs", 2).format(n=2))\n', encoding="utf-8"
    )
    outline = lesson_dir / "lesson.yml"
    outline.write_text(outline.read_text(encoding="utf-8") + "examples: examples.py\n", encoding="utf-8")
    assert _not_in_template(project / "locales", find_lesson(project / "docs" / "lessons", "second")) == 1
