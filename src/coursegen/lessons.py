"""Lessons as data: the language-neutral outline a course author writes under ``docs/lessons/<id>/``.

A lesson folder holds ``lesson.yml`` (title, ordered sections with stable ASCII ids, English headings that are
gettext msgids, and the example shown after each section) and, optionally, the example source it names. The
engine never knows a lesson by name: everything it needs about one comes from here.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coursegen.errors import LessonError, one_line
from coursegen.yamlfiles import mapping_with_lines, read_yaml

log = logging.getLogger(__name__)

OUTLINE_FILE = "lesson.yml"
LESSON_KEYS = ("id", "title", "course", "summary", "examples", "order", "sections")
SECTION_KEYS = ("id", "heading", "example")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Section:
    """One step of a lecture: the unit every locale's transcript is cut into; ``line`` is where ``lesson.yml``
    writes it (for messages; 0 when it was not read from a file)."""

    id: str
    heading: str
    example: str | None = None
    line: int = field(default=0, compare=False, repr=False)


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
    order: int | None = None  # the lesson's place in the course; lessons without one come after, by id

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
    """Read and check ``folder/lesson.yml``; a mistake is reported at its line."""
    path = folder / OUTLINE_FILE
    node = read_yaml(path, LessonError, "lesson outline", nodes=True)
    if not isinstance(node, yaml.MappingNode):
        raise LessonError("expected a mapping with 'id', 'title' and 'sections'", path=path)
    return _lesson_from_node(node, folder, path)


@dataclass(frozen=True)
class _Mapping:
    """A mapping of ``lesson.yml`` with where it and each of its keys are written, for messages."""

    data: dict[str, Any]
    line: int
    lines: dict[str, int]
    path: Path

    @classmethod
    def of(cls, node: yaml.MappingNode, path: Path, keys: tuple[str, ...], what: str) -> _Mapping:
        """The mapping, checked to hold only ``keys``, each once (the keys of ``what``): YAML keeps the last
        of two and ignores a misspelled one, so a "sumary:" was a summary left out in silence."""
        seen: set[str] = set()
        for key, _value in node.value:
            name, line = str(key.value), key.start_mark.line + 1  # a key that is a list failed in read_yaml
            if name not in keys:
                reason = f"unknown key '{name}': the keys of {what} are {', '.join(keys)}"
                raise LessonError(reason, path=path, line=line)
            if name in seen:
                raise LessonError(f"'{name}' is given twice: keep one", path=path, line=line)
            seen.add(name)
        data, lines = mapping_with_lines(node)
        return cls(data, node.start_mark.line + 1, lines, path)

    def error(self, reason: str, key: str | None = None) -> LessonError:
        return LessonError(reason, path=self.path, line=self.lines.get(key, self.line) if key else self.line)

    def required(self, key: str) -> str:
        value = self.optional(key)
        if not value:
            raise self.error(f"'{key}' is required", key if key in self.lines else None)
        return value

    def optional(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.error(f"'{key}' must be a string", key)
        return value.strip()


def _lesson_from_node(node: yaml.MappingNode, folder: Path, path: Path) -> Lesson:
    top = _Mapping.of(node, path, LESSON_KEYS, "a lesson")
    lesson_id = top.required("id")
    if not _ID.match(lesson_id):
        raise top.error(f"lesson id '{lesson_id}' must be lowercase ASCII words joined by '-'", "id")
    if lesson_id != folder.name:
        raise top.error(f"lesson id '{lesson_id}' differs from its folder name '{folder.name}'", "id")
    raw_sections = next((v for k, v in node.value if getattr(k, "value", None) == "sections"), None)
    if not isinstance(raw_sections, yaml.SequenceNode) or not raw_sections.value:
        raise top.error("'sections' must be a non-empty list", "sections")
    sections: list[Section] = []
    for index, raw in enumerate(raw_sections.value, start=1):
        if not isinstance(raw, yaml.MappingNode):
            raise LessonError(
                f"section {index} must be a mapping with 'id' and 'heading'",
                path=path,
                line=raw.start_mark.line + 1,
            )
        item = _Mapping.of(raw, path, SECTION_KEYS, "a section")
        section = Section(
            id=item.required("id"),
            heading=item.required("heading"),
            example=item.optional("example"),
            line=item.line,
        )
        if not _ID.match(section.id):
            raise item.error(f"section id '{section.id}' must be lowercase ASCII words joined by '-'", "id")
        if any(s.id == section.id for s in sections):
            raise item.error(f"section id '{section.id}' is used twice", "id")
        sections.append(section)
    order = top.data.get("order")
    if order is not None and (not isinstance(order, int) or isinstance(order, bool)):
        raise top.error("'order' must be a whole number (the lesson's place in the course)", "order")
    examples = top.optional("examples")
    examples_path = folder / examples if examples else None
    # The files beside the examples go into each page's notebook download: an examples file named by an
    # absolute or ../ path published the whole folder it is in.
    if examples and not Path(os.path.abspath(examples_path)).is_relative_to(os.path.abspath(folder)):
        reason = f"examples file '{examples}' is outside the lesson's folder: put it beside lesson.yml"
        raise top.error(reason, "examples")
    if examples_path is not None and not examples_path.is_file():
        raise top.error(f"examples file '{examples}' not found", "examples")
    # Without the key, the sections' examples were left out of every page in silence.
    shown = next((section for section in sections if section.example), None)
    if examples_path is None and shown is not None:
        raise LessonError(
            f"section '{shown.id}' shows example '{shown.example}', but the lesson names no examples file: "
            "add 'examples: examples.py' (the file beside lesson.yml)",
            path=path,
            line=shown.line,
        )
    return Lesson(
        id=lesson_id,
        title=top.required("title"),
        root=folder,
        sections=tuple(sections),
        course=top.optional("course") or "",
        summary=top.optional("summary") or "",
        examples=examples_path,
        order=order,
    )


def discover_lessons(lessons_dir: Path, *, warn: bool = True) -> list[Lesson]:
    """Every lesson under ``lessons_dir``, in the course's order: by ``order`` where the outline gives one,
    then by id (so that builds are deterministic); ``warn``: of an order that is unclear."""
    lessons, _unread = _read_lessons(lessons_dir, ())
    if warn:
        _warn_of_unclear_order(lessons)
    return lessons


def discover_lessons_as_last_read(
    lessons_dir: Path, previous: Sequence[Lesson]
) -> tuple[list[Lesson], dict[str, str]]:
    """As :func:`discover_lessons`, for mkdocs serve: a lesson whose outline cannot be read now (saved
    half-written) is the one ``previous`` read from the same folder, and its error is returned by lesson id.
    A lesson read in no build before has nothing to stand in for it: its error stops the build."""
    lessons, unread = _read_lessons(lessons_dir, previous)
    _warn_of_unclear_order(lessons)
    return lessons, unread


def _read_lessons(lessons_dir: Path, previous: Sequence[Lesson]) -> tuple[list[Lesson], dict[str, str]]:
    if not lessons_dir.is_dir():
        return [], {}
    for folder in sorted(p for p in lessons_dir.iterdir() if p.is_dir() and _ID.match(p.name)):
        # Its outline renamed or deleted, a lesson would vanish from every language in silence.
        if not (folder / OUTLINE_FILE).is_file() and _left_of_a_lesson(folder):
            raise LessonError(
                f"a lesson folder without its {OUTLINE_FILE}: put the outline back, or remove the folder",
                path=folder,
            )
    known = {lesson.root: lesson for lesson in previous}
    lessons: list[Lesson] = []
    unread: dict[str, str] = {}
    for folder in sorted(p.parent for p in lessons_dir.glob(f"*/{OUTLINE_FILE}")):
        try:
            lessons.append(load_lesson(folder))
        except LessonError as exc:
            if folder not in known:
                raise
            lessons.append(known[folder])
            unread[known[folder].id] = one_line(exc)
    lessons.sort(key=lambda lesson: (lesson.order is None, lesson.order or 0, id_order(lesson.id)))
    return lessons, unread


def id_order(lesson_id: str) -> tuple[tuple[int, int | str], ...]:
    """The place of a lesson without an ``order`` by its id, its numbers read as numbers: ``week-2`` before
    ``week-10`` (sorted as text, a course of twenty lessons ran 1, 10, 11... 19, 2, 20, 3, and the ninth
    lesson's "Next" led to a guide).

    >>> sorted(["week-10", "week-2", "week-1", "intro", "week-02b"], key=id_order)
    ['intro', 'week-1', 'week-2', 'week-02b', 'week-10']
    """
    return tuple(
        (0, int(part)) if part.isdecimal() else (1, part) for part in re.split(r"(\d+)", lesson_id) if part
    )


def _warn_of_unclear_order(lessons: list[Lesson]) -> None:
    """An order given to some lessons only, or one place given to two, is legal but rarely meant: a maintainer
    who numbered only the new lessons sent the first one to the end of every language's navigation."""
    for before, after in itertools.pairwise(lesson for lesson in lessons if lesson.order is not None):
        if before.order == after.order:
            log.warning(
                "%s: order %d is also the order of lesson '%s': the two follow each other by id",
                after.root / OUTLINE_FILE,
                after.order,
                before.id,
            )
    if any(lesson.order is not None for lesson in lessons):
        for lesson in lessons:
            if lesson.order is None:
                log.warning(
                    "%s: no 'order', so this lesson comes after those that have one: give it an 'order' too, "
                    "to place it among them",
                    lesson.root / OUTLINE_FILE,
                )


def _left_of_a_lesson(folder: Path) -> bool:
    """Whether ``folder`` holds what a lesson leaves without its outline: examples, or the outline renamed."""
    return any(p.is_file() and (p.suffix == ".py" or p.name.startswith("lesson.")) for p in folder.iterdir())


def find_lesson(lessons_dir: Path, lesson_id: str) -> Lesson:
    """The lesson called ``lesson_id``, or a clear error listing the ones that exist."""
    folder = lessons_dir / lesson_id
    if not lessons_dir.is_dir():  # run from another folder: "unknown lesson (known: none)" misled
        raise LessonError("lessons folder not found (--lessons-dir)", path=lessons_dir)
    if not _ID.match(lesson_id) or not (folder / OUTLINE_FILE).is_file():
        # Only the ids, for the one-line error: not the warnings of a whole course.
        known = ", ".join(lesson.id for lesson in discover_lessons(lessons_dir, warn=False)) or "none"
        raise LessonError(f"unknown lesson '{lesson_id}' (known: {known})", path=lessons_dir)
    return load_lesson(folder)
