"""Lessons as data: the language-neutral outline a course author writes under ``docs/lessons/<id>/``.

A lesson folder holds ``lesson.yml`` (title, ordered sections with stable ASCII ids, English headings that are
gettext msgids, and the example shown after each section) and, optionally, the example source it names. The
engine never knows a lesson by name: everything it needs about one comes from here.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursegen.errors import LessonError
from coursegen.yamlfiles import read_yaml

log = logging.getLogger(__name__)

OUTLINE_FILE = "lesson.yml"
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Section:
    """One step of a lecture: the unit every locale's transcript is cut into."""

    id: str
    heading: str
    example: str | None = None


@dataclass(frozen=True)
class Lesson:
    """A lesson's outline and where its files are."""

    id: str
    title: str
    root: Path
    sections: tuple[Section, ...]
    course: str = ""
    summary: str = ""
    examples: Path | None = None

    @property
    def section_ids(self) -> tuple[str, ...]:
        return tuple(section.id for section in self.sections)

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise LessonError(f"lesson '{self.id}' has no section '{section_id}'", path=self.root / OUTLINE_FILE)

    @property
    def messages(self) -> tuple[str, ...]:
        """The source strings of this lesson that catalogs translate, in outline order."""
        found = [self.title, self.course, self.summary, *(s.heading for s in self.sections)]
        return tuple(dict.fromkeys(m for m in found if m))


def load_lesson(folder: Path) -> Lesson:
    """Read and check ``folder/lesson.yml``."""
    path = folder / OUTLINE_FILE
    data = read_yaml(path, LessonError, "lesson outline")
    if not isinstance(data, dict):
        raise LessonError("expected a mapping with 'id', 'title' and 'sections'", path=path)
    return _lesson_from_data(data, folder, path)


def _lesson_from_data(data: dict[str, Any], folder: Path, path: Path) -> Lesson:
    lesson_id = _required_str(data, "id", path)
    if not _ID.match(lesson_id):
        raise LessonError(f"lesson id '{lesson_id}' must be lowercase ASCII words joined by '-'", path=path)
    if lesson_id != folder.name:
        raise LessonError(f"lesson id '{lesson_id}' differs from its folder name '{folder.name}'", path=path)
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise LessonError("'sections' must be a non-empty list", path=path)
    sections: list[Section] = []
    for index, raw in enumerate(raw_sections, start=1):
        if not isinstance(raw, dict):
            raise LessonError(f"section {index} must be a mapping with 'id' and 'heading'", path=path)
        section = Section(
            id=_required_str(raw, "id", path),
            heading=_required_str(raw, "heading", path),
            example=_optional_str(raw, "example", path),
        )
        if not _ID.match(section.id):
            raise LessonError(
                f"section id '{section.id}' must be lowercase ASCII words joined by '-'", path=path
            )
        if any(s.id == section.id for s in sections):
            raise LessonError(f"section id '{section.id}' is used twice", path=path)
        sections.append(section)
    examples = _optional_str(data, "examples", path)
    examples_path = folder / examples if examples else None
    if examples_path is not None and not examples_path.is_file():
        raise LessonError(f"examples file '{examples}' not found", path=path)
    return Lesson(
        id=lesson_id,
        title=_required_str(data, "title", path),
        root=folder,
        sections=tuple(sections),
        course=_optional_str(data, "course", path) or "",
        summary=_optional_str(data, "summary", path) or "",
        examples=examples_path,
    )


def _required_str(data: dict[str, Any], key: str, path: Path) -> str:
    value = _optional_str(data, key, path)
    if not value:
        raise LessonError(f"'{key}' is required", path=path)
    return value


def _optional_str(data: dict[str, Any], key: str, path: Path) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise LessonError(f"'{key}' must be a string", path=path)
    return value.strip()


def discover_lessons(lessons_dir: Path) -> list[Lesson]:
    """Every lesson under ``lessons_dir``, sorted by id so that builds are deterministic."""
    if not lessons_dir.is_dir():
        return []
    for folder in sorted(p for p in lessons_dir.iterdir() if p.is_dir() and _ID.match(p.name)):
        # Its outline renamed or deleted, a lesson would vanish from every language in silence.
        if not (folder / OUTLINE_FILE).is_file() and _left_of_a_lesson(folder):
            raise LessonError(
                f"a lesson folder without its {OUTLINE_FILE}: put the outline back, or remove the folder",
                path=folder,
            )
    folders = sorted(p.parent for p in lessons_dir.glob(f"*/{OUTLINE_FILE}"))
    return [load_lesson(folder) for folder in folders]


def _left_of_a_lesson(folder: Path) -> bool:
    """Whether ``folder`` holds what a lesson leaves without its outline: examples, or the outline renamed."""
    return any(p.is_file() and (p.suffix == ".py" or p.name.startswith("lesson.")) for p in folder.iterdir())


def find_lesson(lessons_dir: Path, lesson_id: str) -> Lesson:
    """The lesson called ``lesson_id``, or a clear error listing the ones that exist."""
    folder = lessons_dir / lesson_id
    if not _ID.match(lesson_id) or not (folder / OUTLINE_FILE).is_file():
        known = ", ".join(lesson.id for lesson in discover_lessons(lessons_dir)) or "none"
        raise LessonError(f"unknown lesson '{lesson_id}' (known: {known})", path=lessons_dir)
    return load_lesson(folder)
