"""Synthetic courses for the build benchmark: the project's own lesson and locales, multiplied.

Build time must grow linearly with lessons and only a little with locales. Measuring that needs courses of
any shape made from real data, so that every step (alignment, example execution, fonts, search) does its
real work: a lesson is copied under other ids, and extra locales reuse a seed locale's transcripts and
catalog under another language code Babel knows (the text stays in the seed's language; the pipeline only
cares that it is a complete, aligned transcript). The generated folder is a stand-alone MkDocs project.

The plain baseline is a one-page MkDocs site rendered by mkdocs-jupyter from the learner notebook the build
itself publishes, so both sides execute the same example code.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coursegen.lessons import OUTLINE_FILE, load_lesson
from coursegen.sources import TRANSCRIPTS

#: The seed locales shipped with the project, by gettext folder name.
SEED_LOCALES = ("fr", "uk", "tr", "ko", "zh_Hant")
#: Synthetic extra locales and the seed each borrows its transcripts and catalog from.
EXTRA_LOCALES = {"de": "fr", "es": "fr", "it": "tr", "pt": "fr", "pl": "uk"}
CATALOG = Path("LC_MESSAGES") / "messages.po"


@dataclass(frozen=True)
class SyntheticCourse:
    """A generated MkDocs project: ``root/mkdocs.yml`` and the lesson ids and locale folders it holds."""

    root: Path
    lessons: tuple[str, ...]
    locales: tuple[str, ...]

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"


def locale_folders(count: int) -> tuple[str, ...]:
    """The first ``count`` locales: the seeds, then the synthetic extras.

    >>> locale_folders(1), locale_folders(7)[5:]
    (('fr',), ('de', 'es'))
    """
    available = (*SEED_LOCALES, *EXTRA_LOCALES)
    if not 1 <= count <= len(available):
        raise ValueError(f"between 1 and {len(available)} locales, not {count}")
    return available[:count]


def lesson_ids(base: str, count: int) -> tuple[str, ...]:
    """The lesson itself, then copies named ``<base>-2``, ``<base>-3``...

    >>> lesson_ids("intro", 3)
    ('intro', 'intro-2', 'intro-3')
    """
    if count < 1:
        raise ValueError(f"at least one lesson, not {count}")
    return (base, *(f"{base}-{n}" for n in range(2, count + 1)))


def make_course(repo: Path, target: Path, lessons: int, locales: int, lesson: str) -> SyntheticCourse:
    """Write a course of ``lessons`` copies of ``lesson`` in ``locales`` locales into ``target`` (emptied)."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copy2(repo / "mkdocs.yml", target / "mkdocs.yml")
    docs = target / "docs"
    shutil.copytree(repo / "docs" / "guides", docs / "guides")
    source = repo / "docs" / "lessons" / lesson
    load_lesson(source)  # fail early, with the project's own message, if the seed lesson is broken
    ids = lesson_ids(lesson, lessons)
    for lesson_id in ids:
        _copy_lesson(source, docs / "lessons" / lesson_id, lesson, lesson_id)
    folders = locale_folders(locales)
    for folder in folders:
        seed = EXTRA_LOCALES.get(folder, folder)
        _copy_locale(repo / "locales" / seed, target / "locales" / folder, folder, lesson, ids)
    shutil.copy2(repo / "locales" / "messages.pot", target / "locales" / "messages.pot")
    return SyntheticCourse(target, ids, folders)


def _copy_lesson(source: Path, target: Path, old_id: str, new_id: str) -> None:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    outline = target / OUTLINE_FILE
    text = outline.read_text(encoding="utf-8")
    outline.write_text(_replace_key(text, "id", old_id, new_id), encoding="utf-8")


def _copy_locale(seed: Path, target: Path, folder: str, lesson: str, ids: Sequence[str]) -> None:
    """The seed's catalog, and its transcript of ``lesson`` under every lesson id, labelled ``folder``."""
    (target / CATALOG).parent.mkdir(parents=True)
    shutil.copy2(seed / CATALOG, target / CATALOG)
    transcripts = target / TRANSCRIPTS
    transcripts.mkdir()
    for path in sorted((seed / TRANSCRIPTS).glob(f"{lesson}.*")):
        suffix = path.name.removeprefix(lesson)
        for lesson_id in ids:
            text = path.read_bytes()
            if suffix == ".yml":
                meta = text.decode("utf-8")
                meta = _replace_key(meta, "lesson", lesson, lesson_id)
                meta = re.sub(r"(?m)^language:.*$", f"language: {folder}", meta)
                text = meta.encode("utf-8")
            (transcripts / f"{lesson_id}{suffix}").write_bytes(text)


def _replace_key(yaml_text: str, key: str, old: str, new: str) -> str:
    """Change one top-level ``key: old`` line, leaving comments and layout as the author wrote them.

    >>> _replace_key("# about\\nid: a\\ntitle: a b\\n", "id", "a", "a-2")
    '# about\\nid: a-2\\ntitle: a b\\n'
    """
    pattern = re.compile(rf"(?m)^{re.escape(key)}:\s*{re.escape(old)}\s*$")
    if not pattern.search(yaml_text):
        raise ValueError(f"no top-level '{key}: {old}' line")
    return pattern.sub(f"{key}: {new}", yaml_text, count=1)


def make_plain_site(notebook: Path, target: Path, cache_dir: Path) -> Path:
    """A one-page MkDocs project (theme material, search, mkdocs-jupyter executing) around ``notebook``.

    mkdocs-jupyter keeps the converted page in ``cache_dir`` (its ``cache`` option, on by default in 0.26),
    keyed by the notebook's bytes and options: its warm build converts nothing and executes nothing.
    """
    if target.exists():
        shutil.rmtree(target)
    (target / "docs").mkdir(parents=True)
    shutil.copy2(notebook, target / "docs" / notebook.name)
    config = target / "mkdocs.yml"
    config.write_text(
        "site_name: plain mkdocs-jupyter\n"
        "theme:\n  name: material\n"
        "plugins:\n"
        "  - search\n"
        "  - mkdocs-jupyter:\n"
        "      execute: true\n"
        "      cache: true\n"
        f"      cache_dir: {cache_dir.as_posix()!r}\n",
        encoding="utf-8",
    )
    return config
