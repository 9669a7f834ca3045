"""What the tests share: the repository's paths, the seed locales, and a real build of the site."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LOCALES = ("uk", "zh-Hant", "tr", "ko", "fr")
LESSON = "random-initialization"


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    cache: Path
    seconds: float
    log: str

    def page(self, uri: str) -> Path:
        return self.root / uri


def build_site(
    site_dir: Path, cache_dir: Path, config: Path = REPO / "mkdocs.yml"
) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` as a user would, with its own site and cache folders."""
    env = {**os.environ, "COURSEGEN_CACHE_DIR": str(cache_dir)}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
