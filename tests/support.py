"""What the tests share: the repository's paths, the seed locales, a real build of the site, and the
aligner's measurement script."""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import markdown
import psutil
from hypothesis import strategies as st

from coursegen.lessons import Lesson, find_lesson
from coursegen.marks import SectionMarks
from coursegen.transcripts import Transcript

REPO = Path(__file__).resolve().parent.parent
LOCALES = ("uk", "zh-Hant", "tr", "ko", "fr")
LESSON = "random-initialization"
HAND_MARKS = REPO / "tests" / "fixtures" / "align" / "marks"
#: The Markdown extensions that decide how the pages' raw HTML and escaped text come out.
MARKDOWN_EXTENSIONS = ["attr_list", "md_in_html", "toc", "pymdownx.escapeall", "pymdownx.superfences"]
# Before it reads a page, Markdown deletes STX and ETX (its placeholder markers), expands tabs and turns CR
# into LF, raw HTML included: text made of other characters must come out as it went in.
MARKDOWN_OWN = st.characters(blacklist_characters="\x02\x03\t\r")


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    cache: Path
    seconds: float
    log: str

    def page(self, uri: str) -> Path:
        return self.root / uri


def build_site(
    site_dir: Path, cache_dir: Path, config: Path = REPO / "mkdocs.yml", *, dirty: bool = False
) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` as a user would, with its own site and cache folders; ``dirty``: ``mkdocs
    build --dirty`` (not strict: MkDocs warns of it)."""
    env = {**os.environ, "COURSEGEN_CACHE_DIR": str(cache_dir)}
    options = ["--dirty"] if dirty else ["--strict"]
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *options, "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@functools.cache
def eval_script() -> ModuleType:
    """``scripts/eval_align.py`` as a module: the tests measure the aligner the way the script reports it."""
    spec = importlib.util.spec_from_file_location("eval_align", REPO / "scripts" / "eval_align.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


#: The catalogs fixture's French catalog.
FIXTURE_FR_CATALOG = Path(__file__).parent / "fixtures" / "catalogs" / "project" / "locales" / "fr"


def fr_catalog_with(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the fixture's French catalog, its first ``old`` replaced by ``new``."""
    text = (FIXTURE_FR_CATALOG / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "messages.po"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def copy_project(target: Path, *, sources: bool = False) -> Path:
    """The parts of the repository a build and ``make messages`` read, copied so that a test can change them
    freely; with ``sources``, the engine's own code too (its interface strings are extracted from it)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "babel.cfg"):
        shutil.copy2(REPO / name, target / name)
    for folder in ("docs", "locales", *(["src"] if sources else [])):
        shutil.copytree(REPO / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def seed_lesson() -> Lesson:
    """The project's lesson, the one the seed transcripts are of."""
    return find_lesson(REPO / "docs" / "lessons", LESSON)


def seeds_with_marks(lesson: Lesson) -> tuple[dict[str, Transcript], dict[str, SectionMarks]]:
    """The seed transcripts and their hand-checked section marks, as ``scripts/eval_align.py`` reads them."""
    return eval_script().load_seeds(REPO / "locales", HAND_MARKS, lesson)


def markdown_html(source: str) -> str:
    """``source`` converted by Markdown with the site's extensions (see ``mkdocs.yml``) that matter here."""
    return markdown.markdown(
        source,
        extensions=MARKDOWN_EXTENSIONS,
        extension_configs={"pymdownx.escapeall": {"hardbreak": False, "nbsp": False}},
    )


def kernels_under(parent: psutil.Process) -> list[psutil.Process]:
    """The Jupyter kernels among ``parent``'s descendants; a process that ends while they are looked at is
    none (psutil raises for it: the test erred on a loaded machine)."""
    found = []
    for child in parent.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            if "ipykernel" in child.name() or "ipykernel" in " ".join(child.cmdline()):
                found.append(child)
    return found


def still_running(processes: Iterable[psutil.Process]) -> list[psutil.Process]:
    """Those of ``processes`` still running (a zombie, or one gone while asked, is not)."""
    running = []
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                running.append(process)
    return running


def read_only_home(cache: Path) -> dict[str, str]:
    """The environment of a build or command whose home folder cannot be written (under /proc: no one can
    write there, root included), with ``cache`` as its cache."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("MPLCONFIGDIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME")
    }
    return {**env, "HOME": "/proc/no-home", "COURSEGEN_CACHE_DIR": str(cache)}
