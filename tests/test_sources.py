"""Where a lesson's transcripts are: the folder is the locale, the metadata must agree with it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import LESSON, REPO

from coursegen.errors import TranscriptError
from coursegen.sources import find_transcripts

FRENCH = REPO / "locales" / "fr" / "transcripts"


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    root = tmp_path / "locales"
    shutil.copytree(FRENCH, root / "fr" / "transcripts")
    return root


@pytest.mark.parametrize("backup", [".txt~", ".txt.bak", ".txt.orig", ".txt.swp", ".sections.yml~", ".yml~"])
def test_an_editor_s_backup_beside_the_transcript_is_not_a_second_transcript(
    locales: Path, backup: str
) -> None:
    folder = locales / "fr" / "transcripts"
    (folder / f"{LESSON}{backup}").write_bytes((folder / f"{LESSON}.txt").read_bytes())
    found = find_transcripts(locales, LESSON)
    assert list(found) == ["fr"] and found["fr"].path == folder / f"{LESSON}.txt"


def test_two_transcripts_of_one_lesson_are_still_refused(locales: Path) -> None:
    folder = locales / "fr" / "transcripts"
    shutil.copy(folder / f"{LESSON}.txt", folder / f"{LESSON}.srt")
    with pytest.raises(TranscriptError, match="several transcripts"):
        find_transcripts(locales, LESSON)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            "lesson: gradient-descent",
            f"lesson 'gradient-descent' is not the lesson this file is named for: write '{LESSON}'",
        ),
        ("language: uk", "language 'uk' is not this folder's locale: write 'fr', or delete the line"),
    ],
)
def test_metadata_that_disagrees_with_its_place_is_reported_at_its_line(
    locales: Path, line: str, reason: str
) -> None:
    meta = locales / "fr" / "transcripts" / f"{LESSON}.yml"
    lines = meta.read_text(encoding="utf-8").splitlines()
    key = line.split(":")[0]
    number = next(n for n, text in enumerate(lines, 1) if text.startswith(f"{key}:"))
    lines[number - 1] = line
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = find_transcripts(locales, LESSON)
    assert list(found) == ["fr"], "the folder names the locale"
    error = found["fr"].error
    assert error is not None and str(error) == f"{meta}:{number}: {reason}"


def test_every_locale_whose_marks_fail_is_named_at_once(tmp_path: Path) -> None:
    """Sections reordered in lesson.yml made every locale's marks wrong; the build named one file per save."""
    from coursegen.errors import AlignmentError
    from coursegen.lessons import find_lesson
    from coursegen.sources import read_sources

    root = tmp_path / "locales"
    for code in ("fr", "ko", "tr"):
        shutil.copytree(REPO / "locales" / code / "transcripts", root / code / "transcripts")
        (root / code / "transcripts" / f"{LESSON}.sections.yml").write_text(f"no-such-section-{code}: x\n")
    lesson = find_lesson(REPO / "docs" / "lessons", LESSON)
    with pytest.raises(AlignmentError) as raised:
        read_sources(root, lesson)
    marks = [root / code / "transcripts" / f"{LESSON}.sections.yml" for code in ("fr", "ko", "tr")]
    assert raised.value.path == marks[0] and raised.value.line == 1
    assert str(raised.value).endswith(f" (and 2 more: {marks[1]}:1, {marks[2]}:1)")


def test_sections_swapped_in_the_outline_are_told_of_the_outline(tmp_path: Path) -> None:
    """Two sections swapped in lesson.yml were told as an error in each translator's marks file."""
    from coursegen.errors import AlignmentError
    from coursegen.lessons import load_lesson
    from coursegen.sources import read_sources

    root = tmp_path / "locales"
    for code in ("fr", "ko", "tr"):
        shutil.copytree(REPO / "locales" / code / "transcripts", root / code / "transcripts")
    folder = shutil.copytree(REPO / "docs" / "lessons" / LESSON, tmp_path / "lessons" / LESSON)
    outline = folder / "lesson.yml"
    lines = outline.read_text(encoding="utf-8").split("\n")
    starts = [n for n, line in enumerate(lines) if line.startswith("  - id: ")]
    ids = [lines[n].split(": ")[1] for n in starts]
    first, second = starts[ids.index("induction")], starts[ids.index("bigger-networks")]
    end = starts[ids.index("bigger-networks") + 1]
    lines[first:end] = lines[second:end] + lines[first:second]
    outline.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(AlignmentError) as raised:
        read_sources(root, load_lesson(folder))
    assert raised.value.path == outline and "(3 locales)" in str(raised.value)
    assert "'induction' before 'bigger-networks'" in str(raised.value)


def test_sections_gone_from_the_outline_are_told_of_the_outline(tmp_path: Path) -> None:
    """A lesson.yml saved half-written (its last sections gone) was told as one 3.5 KB line naming every
    locale's marks file, and never lesson.yml."""
    from coursegen.errors import AlignmentError
    from coursegen.lessons import load_lesson
    from coursegen.sources import read_sources

    root = tmp_path / "locales"
    for code in ("fr", "ko", "tr"):
        shutil.copytree(REPO / "locales" / code / "transcripts", root / code / "transcripts")
    folder = shutil.copytree(REPO / "docs" / "lessons" / LESSON, tmp_path / "lessons" / LESSON)
    outline = folder / "lesson.yml"
    text = outline.read_text(encoding="utf-8")
    outline.write_text(text[: text.index("  - id: bigger-networks")], encoding="utf-8")
    with pytest.raises(AlignmentError) as raised:
        read_sources(root, load_lesson(folder))
    message = str(raised.value)
    assert raised.value.path == outline and "the marks of 3 locales start them" in message
    assert "'bigger-networks'" in message and "'wrap-up'" in message and len(message) < 600


def test_links_in_and_out_of_the_locales_folder_are_followed(locales: Path, tmp_path: Path) -> None:
    """A transcript kept in a translators' repository and linked in, or a whole linked locales folder, is
    read (``check`` names a link that leads outside, as what it leads to is published)."""
    folder = locales / "fr" / "transcripts"
    elsewhere = tmp_path / "translators" / "fr.txt"
    elsewhere.parent.mkdir()
    (folder / f"{LESSON}.txt").rename(elsewhere)
    (folder / f"{LESSON}.txt").symlink_to(elsewhere)
    assert find_transcripts(locales, LESSON)["fr"].path == folder / f"{LESSON}.txt"
    linked = tmp_path / "linked-locales"
    linked.symlink_to(locales)
    assert list(find_transcripts(linked, LESSON)) == ["fr"]


def test_a_misspelt_metadata_key_is_warned_of_at_its_line_and_notes_are_not(
    locales: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """ "encodng: cp1251" was ignored in silence: the encoding was detected instead, perhaps wrongly."""
    meta = locales / "fr" / "transcripts" / f"{LESSON}.yml"
    text = meta.read_text(encoding="utf-8")
    number = text.count("\n") + 1
    meta.write_text(text + "encodng: utf-8\ntranslator: Jeanne\n", encoding="utf-8")
    with caplog.at_level("WARNING", logger="coursegen.sources"):
        find_transcripts(locales, LESSON)
    assert [r.getMessage() for r in caplog.records] == [
        f"{meta}:{number}: unknown key 'encodng', not read (did you mean 'encoding'?)"
    ]
