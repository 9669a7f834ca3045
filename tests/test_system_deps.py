"""scripts/system-deps.sh: what is installed is found, every time, without installing anything again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support import REPO


def test_installed_fonts_and_browser_are_found_every_time(tmp_path: Path) -> None:
    """``fc-list | grep -q`` under pipefail: grep quits at the first match, fc-list dies of SIGPIPE, and
    the fonts were "missing" about nineteen times in twenty (make stopped; as root, apt ran each time)."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "id").write_text("#!/bin/sh\necho 1000\n")  # a user who cannot install: missing is an error
    (fake / "id").chmod(0o755)
    env = {"PATH": f"{fake}:/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path)}
    for _ in range(20):
        done = subprocess.run(
            [str(REPO / "scripts" / "system-deps.sh"), "fonts", "browser", "gettext"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert (done.returncode, done.stderr) == (0, "")


def test_a_python_that_cannot_make_the_venv_or_build_pyicu_is_named_with_its_packages(tmp_path: Path) -> None:
    """Debian's own python3 makes no venv without python3-venv and builds no PyICU without python3-dev: the
    venv step failed half-way and every later `make` stopped at pip."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "id").write_text("#!/bin/sh\necho 1000\n")
    (fake / "python3").write_text("#!/bin/sh\nexit 1\n")  # no ensurepip, no Python.h
    for tool in (fake / "id", fake / "python3"):
        tool.chmod(0o755)
    project = tmp_path / "fresh-clone"  # no .venv yet
    project.mkdir()
    done = subprocess.run(
        [str(REPO / "scripts" / "system-deps.sh"), "fonts", "browser", "gettext"],
        cwd=project,
        env={
            "PATH": f"{fake}:/usr/local/bin:/usr/bin:/bin",
            "HOME": str(tmp_path),
            "PYTHON": "python3",
            "CHROMIUM": str(tmp_path / "no-chromium"),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    missing = done.stderr.splitlines()[0].removeprefix("missing system packages: ").split()
    assert {"python3-venv", "python3-dev", "chromium"} <= set(missing)


def test_a_python_that_is_not_there_is_named_before_any_package_is_installed(tmp_path: Path) -> None:
    """`make build PYTHON=python3.99` (a typo) took the missing interpreter for a missing python3-venv: as
    root, apt-get installed python3-venv and python3-dev for python3, then the venv step failed."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "apt-get").write_text(f"#!/bin/sh\ntouch {tmp_path / 'apt-ran'}\n")
    (fake / "apt-get").chmod(0o755)
    project = tmp_path / "fresh-clone"
    project.mkdir()
    done = subprocess.run(
        [str(REPO / "scripts" / "system-deps.sh"), "fonts"],
        cwd=project,
        env={"PATH": f"{fake}:/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path), "PYTHON": "python3.99"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("error: python3.99: no such Python")
    assert not (tmp_path / "apt-ran").exists()


def _run_fonts_step(project: Path, fake: Path, python: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(REPO / "scripts" / "system-deps.sh"), "fonts"],
        cwd=project,
        env={"PATH": f"{fake}:/usr/local/bin:/usr/bin:/bin", "HOME": str(project), "PYTHON": python},
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_python_older_than_3_11_is_named_before_anything_is_made(tmp_path: Path) -> None:
    """Ubuntu 22.04's python3 is 3.10: pip said only "No matching distribution found for backrefs==8.3",
    and the .venv it made stayed when the reader then gave PYTHON=python3.11."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python3").write_text("#!/bin/sh\necho 3.10.13\n")  # what it answers to the version asked
    (fake / "python3").chmod(0o755)
    project = tmp_path / "fresh-clone"
    project.mkdir()
    done = _run_fonts_step(project, fake, "python3")
    assert done.returncode == 1
    assert done.stderr.startswith(
        "error: python3 is Python 3.10.13; coursegen needs 3.11 or newer: give PYTHON="
    )
    venv = project / ".venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "python").symlink_to(fake / "python3")
    (venv / "pip").write_text("#!/bin/sh\n")
    (venv / "pip").chmod(0o755)
    done = _run_fonts_step(project, fake, sys.executable)
    assert done.returncode == 1
    assert done.stderr.startswith(
        "error: .venv was made by Python 3.10.13; coursegen needs 3.11 or newer: remove"
    )


def test_fonts_for_scripts_the_project_has_not_are_only_warned_of(tmp_path: Path) -> None:
    """A user who cannot install (no root, another system) could run no `make` target without Noto's fonts
    for Devanagari and the other scripts no locale of the project uses: the build needs none of them, and
    names a locale's missing font itself."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "id").write_text("#!/bin/sh\necho 1000\n")
    (fake / "fc-list").write_text("#!/bin/sh\necho 'Noto Sans CJK JP'\n")
    for tool in (fake / "id", fake / "fc-list"):
        tool.chmod(0o755)
    done = subprocess.run(
        [str(REPO / "scripts" / "system-deps.sh"), "fonts"],
        cwd=REPO,
        env={"PATH": f"{fake}:/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(
        "warning: no fonts for the scripts of locales the project does not have yet"
    )
    assert "fonts-noto-core fonts-dejavu-core" in done.stderr
