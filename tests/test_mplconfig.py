"""matplotlib's folder when the home folder cannot hold it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coursegen.mplconfig import use_build_folder_if_home_is_read_only


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for variable in ("MPLCONFIGDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        # Set first, so that the end of the test takes away what the code under test sets (a variable
        # deleted while absent is not restored).
        monkeypatch.setenv(variable, "")
        monkeypatch.delenv(variable)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return monkeypatch


def test_a_writable_home_is_left_to_matplotlib(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert use_build_folder_if_home_is_read_only(tmp_path / "cache") is None
    assert "MPLCONFIGDIR" not in os.environ and not (tmp_path / "cache").exists()


def test_a_home_that_cannot_be_written_gets_a_folder_of_the_cache(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env.setenv("XDG_CACHE_HOME", "/proc/no-cache")  # nobody writes there, root included
    own = use_build_folder_if_home_is_read_only(tmp_path / "cache")
    assert own == tmp_path / "cache" / ".matplotlib" and own.is_dir()
    assert os.environ["MPLCONFIGDIR"] == str(own)


def test_a_folder_given_by_the_operator_is_kept(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env.setenv("MPLCONFIGDIR", "/proc/theirs")
    env.setenv("HOME", "/proc/no-home")
    assert use_build_folder_if_home_is_read_only(tmp_path / "cache") is None
    assert os.environ["MPLCONFIGDIR"] == "/proc/theirs"


def test_the_commands_give_matplotlib_the_build_s_folder_too(tmp_path: Path) -> None:
    """coursegen check (and add-locale) choose fonts with matplotlib: with a home folder that cannot be
    written, each run printed its two warnings and listed the fonts again, though the build did not."""
    import subprocess
    import sys

    from support import REPO, read_only_home

    done = subprocess.run(
        [sys.executable, "-m", "coursegen.cli", "check"],
        cwd=REPO,
        env=read_only_home(tmp_path / "cache"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "matplotlib" not in done.stderr.lower(), done.stderr[-3000:]
    assert (tmp_path / "cache" / ".matplotlib").is_dir()


def test_fontconfig_gets_a_cache_when_the_home_folder_has_none(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """matplotlib lists the fonts with fc-list, which said "Fontconfig error: No writable cache directories"
    on the first build where the home folder cannot be written."""
    env.setenv("HOME", "/proc/no-home")
    own = use_build_folder_if_home_is_read_only(tmp_path / "cache")
    assert own is not None and os.environ["XDG_CACHE_HOME"] == str(own / "cache")
