"""scripts/system-deps.sh: what is installed is found, every time, without installing anything again."""

from __future__ import annotations

import subprocess
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
            [str(REPO / "scripts" / "system-deps.sh"), "fonts", "browser"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert (done.returncode, done.stderr) == (0, "")
