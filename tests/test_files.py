"""Atomic writes: the old file or the new one, never half of either, and nothing else left behind; and the
merge conflicts a hand-written file may hold."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursegen.files import merge_conflict, write_atomic, write_new


def test_write_replaces_the_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "fr" / "messages.po"
    write_atomic(path, b"first")
    assert path.read_bytes() == b"first"
    write_atomic(path, "второй".encode())
    assert path.read_text(encoding="utf-8") == "второй"
    assert [p.name for p in path.parent.iterdir()] == ["messages.po"]


def test_failed_write_keeps_the_old_file_and_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "fr" / "lesson.ipynb"
    write_atomic(path, b"old")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", broken)
    with pytest.raises(OSError):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old"  # the old file is intact
    assert [p.name for p in path.parent.iterdir()] == ["lesson.ipynb"]


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077])
def test_permissions_are_kept_and_new_files_get_those_of_the_umask(tmp_path: Path, mask: int) -> None:
    """A new file was made rw-r--r-- whatever the umask (under 077, readable by all)."""
    umask = os.umask(mask)
    try:
        new = tmp_path / "new.po"
        write_atomic(new, b"x")
        fresh = tmp_path / "fresh.po"
        write_new(fresh, b"x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~mask
    kept = tmp_path / "kept.po"
    kept.write_bytes(b"x")
    kept.chmod(0o640)
    write_atomic(kept, b"y")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


def test_a_symlinked_file_is_written_through_its_link(tmp_path: Path) -> None:
    """A catalog kept in a translators' repository, linked into locales/: 'coursegen messages' replaced the
    link with a plain file, and the file it pointed to never got the update."""
    target = tmp_path / "elsewhere" / "fr.po"
    target.parent.mkdir()
    target.write_bytes(b"old")
    link = tmp_path / "messages.po"
    link.symlink_to(target)
    write_atomic(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "messages.po"]


@pytest.mark.parametrize("what", ["guide page", "example source"])
def test_a_byte_order_mark_is_not_text(tmp_path: Path, what: str) -> None:
    """Windows Notepad's byte order mark made a guide's title a paragraph ("\\ufeff# Translate...") in every
    language, and examples.py "invalid Python"; Python and Jupyter read both."""
    from coursegen.errors import CoursegenError
    from coursegen.files import read_text

    path = tmp_path / "file"
    path.write_bytes(b"\xef\xbb\xbf# Title\r\n")
    assert read_text(path, CoursegenError, what) == "# Title\r\n"


def test_files_under_follows_links_to_siblings_and_never_loops(tmp_path: Path) -> None:
    """'data -> raw' beside the examples: raw/ was skipped as already walked, and the example reading
    raw/x.csv failed; 'up -> ..' pulled every other lesson in."""
    from coursegen.files import files_under

    lesson = tmp_path / "lessons" / "one"
    (lesson / "raw").mkdir(parents=True)
    (lesson / "raw" / "x.csv").write_text("1\n")
    (lesson / "data").symlink_to(lesson / "raw", target_is_directory=True)
    (lesson / "up").symlink_to(tmp_path / "lessons", target_is_directory=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "back").symlink_to(lesson, target_is_directory=True)  # a loop through a folder elsewhere
    (lesson / "ext").symlink_to(outside, target_is_directory=True)
    (tmp_path / "lessons" / "two").mkdir()
    (tmp_path / "lessons" / "two" / "y.csv").write_text("2\n")
    found = sorted(path.relative_to(lesson).as_posix() for path in files_under(lesson))
    assert found == ["data/x.csv", "raw/x.csv"]


def test_links_out_are_named_once_each_with_where_they_lead(tmp_path: Path) -> None:
    """A linked folder is named once; a file linked out behind a link that stays inside is named with the
    file it leads to (the inside link's folder was named, and the published file never)."""
    from coursegen.files import links_out

    locales, outside = tmp_path / "locales", tmp_path / "outside"
    (outside / "fr-repo" / "transcripts").mkdir(parents=True)
    (outside / "fr-repo" / "transcripts" / "a.txt").write_text("a")
    (outside / "fr-repo" / "b.po").write_text("b")
    (outside / "secret.txt").write_text("key")
    (locales / ".shared").mkdir(parents=True)
    (locales / "fr").symlink_to(outside / "fr-repo")
    (locales / ".shared" / "uk.txt").symlink_to(outside / "secret.txt")
    (locales / "uk").mkdir()
    (locales / "uk" / "transcripts").symlink_to(locales / ".shared")
    (locales / "uk" / "own.txt").write_text("mine")
    assert links_out(locales, locales) == {
        locales / "fr": str(outside / "fr-repo"),
        locales / ".shared" / "uk.txt": str(outside / "secret.txt"),
        locales / "uk" / "transcripts" / "uk.txt": str(outside / "secret.txt"),
    }
    assert links_out(locales / "uk", locales) == {
        locales / "uk" / "transcripts" / "uk.txt": str(outside / "secret.txt")
    }


def test_a_read_only_file_is_not_writable_though_its_folder_is(tmp_path: Path, monkeypatch) -> None:
    """A catalog locked read-only (after review) was renamed over by 'coursegen messages', which said
    "updated"."""
    import os

    from coursegen.files import writable

    locked = tmp_path / "messages.po"
    locked.write_text("x")
    locked.chmod(0o444)
    real = os.access
    # As root, access() grants everything: the file is answered for as for any other user.
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if Path(p) == locked and mode & os.W_OK else real(p, mode)
    )
    assert not writable(locked)
    assert writable(tmp_path / "new.po")


def test_a_file_that_cannot_be_written_is_named_not_its_temporary_copy(tmp_path: Path) -> None:
    """Writing into a missing (or read-only) folder failed naming ".messages.po.x7k2.tmp"."""
    import pytest

    # A name the file system takes, whose temporary copy's longer one it does not (as a read-only folder
    # refuses it for any user but root).
    target = tmp_path / ("m" * 250 + ".po")
    with pytest.raises(OSError) as raised:
        write_atomic(target, b"x")
    assert raised.value.filename == str(target)


# Lines that are no marker of a merge conflict (any text that does not open with seven of <, = or >).
_TEXT_LINES = st.lists(
    st.text(st.characters(exclude_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")).filter(
        lambda line: line[:7] not in ("<<<<<<<", "=======", ">>>>>>>")
    ),
    max_size=6,
)


@given(
    _TEXT_LINES, _TEXT_LINES, _TEXT_LINES, _TEXT_LINES, st.sampled_from(["", " HEAD", " a1b2c3 (fr: typo)"])
)
def test_a_conflict_is_found_at_its_first_marker_and_text_without_one_has_none(
    before: list[str], ours: list[str], theirs: list[str], after: list[str], label: str
) -> None:
    assert merge_conflict("\n".join(before + ours + theirs + after)) is None
    lines = [*before, f"<<<<<<<{label}", *ours, "=======", *theirs, f">>>>>>>{label}", *after]
    assert merge_conflict("\n".join(lines)) == len(before) + 1
    assert merge_conflict("\r\n".join(lines)) == len(before) + 1  # saved on Windows


@pytest.mark.parametrize(
    "text",
    [
        "Title\n=======\nText\n",  # a Markdown heading, underlined
        "<<<<<<< HEAD\nours\n>>>>>>> theirs\n",  # no separator
        "=======\n<<<<<<< HEAD\n>>>>>>> theirs\n",  # the separator before the conflict opens
        "<<<<<<<< eight\nours\n=======\ntheirs\n>>>>>>> theirs\n",  # eight marks are no marker
        "<<<<<<<HEAD\nours\n=======\ntheirs\n>>>>>>> theirs\n",  # git puts a space before the label
    ],
)
def test_what_only_looks_like_a_conflict_is_none(text: str) -> None:
    assert merge_conflict(text) is None


def test_a_three_way_conflict_opens_at_its_first_marker() -> None:
    text = "a\n<<<<<<< ours\nb\n||||||| base\nc\n=======\nd\n>>>>>>> theirs\ne\n"
    assert merge_conflict(text) == 2
