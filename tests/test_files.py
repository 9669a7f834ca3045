"""Atomic writes: the old file or the new one, never half of either, and nothing else left behind."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from coursegen.files import write_atomic


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


def test_permissions_are_kept_and_new_files_are_readable(tmp_path: Path) -> None:
    new = tmp_path / "new.po"
    write_atomic(new, b"x")
    assert stat.S_IMODE(new.stat().st_mode) == 0o644
    kept = tmp_path / "kept.po"
    kept.write_bytes(b"x")
    kept.chmod(0o640)
    write_atomic(kept, b"y")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
