"""Lesson outlines: every mistake an author can make in lesson.yml is reported at its line."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from coursegen.errors import LessonError, one_line
from coursegen.examples import check_blocks, parse_examples
from coursegen.lessons import discover_lessons, find_lesson, load_lesson

GOOD = """\
id: demo
title: Demo
examples: examples.py
sections:
  - id: intro
    heading: Intro
  - id: plot
    heading: The plot
    example: curves
"""


def _write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "demo"
    folder.mkdir()
    (folder / "lesson.yml").write_text(text, encoding="utf-8")
    (folder / "examples.py").write_text('# %% example="curves"\nx = 1\n', encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("old", "new", "line", "reason"),
    [
        ("id: demo\n", "id: Demo\n", 1, "lesson id 'Demo' must be lowercase ASCII words"),
        ("id: demo\n", "id: other\n", 1, "lesson id 'other' differs from its folder name 'demo'"),
        ("title: Demo\n", "title: [Demo]\n", 2, "'title' must be a string"),
        ("examples: examples.py\n", "examples: missing.py\n", 3, "examples file 'missing.py' not found"),
        (
            "examples: examples.py\n",
            "examples: ../outside.py\n",
            3,
            "examples file '../outside.py' is outside",
        ),
        (
            "examples: examples.py\n",
            "examples: sub/../../outside.py\n",
            3,
            "examples file 'sub/../../outside.py' is outside",
        ),
        (
            "examples: examples.py\n",
            "examples: /etc/hostname\n",
            3,
            "examples file '/etc/hostname' is outside",
        ),
        ("    heading: The plot\n", "", 7, "'heading' is required"),
        ("  - id: plot\n", "  - id: intro\n", 7, "section id 'intro' is used twice"),
        ("  - id: plot\n", "  - id: Plot\n", 7, "section id 'Plot' must be lowercase"),
        ("    example: curves\n", "    example: 3\n", 9, "'example' must be a string"),
        ("  - id: intro\n    heading: Intro\n", "  - intro\n", 5, "section 1 must be a mapping"),
        ("title: Demo\n", "title: Demo\norder: third\n", 3, "'order' must be a whole number"),
        ("title: Demo\n", "title: Demo\norder: 2.5\n", 3, "'order' must be a whole number"),
        ("examples: examples.py\n", "", 6, "section 'plot' shows example 'curves', but the lesson names no"),
        (
            "title: Demo\n",
            "title: Demo\nsumary: A demo\n",
            3,
            "unknown key 'sumary': the keys of a lesson are id, title, course, summary, examples, order",
        ),
        ("title: Demo\n", "title: Demo\ntitle: Other\n", 3, "'title' is given twice: keep one"),
        ("title: Demo\n", "title: Demo\n3: c\n", 3, "unknown key '3': the keys of a lesson are"),
        (
            "    example: curves\n",
            "    exemple: curves\n",
            9,
            "unknown key 'exemple': the keys of a section are id, heading, example",
        ),
        ("    heading: The plot\n", "    heading: The plot\n    id: again\n", 9, "'id' is given twice"),
    ],
)
def test_a_mistake_in_the_outline_is_reported_at_its_line(
    tmp_path: Path, old: str, new: str, line: int, reason: str
) -> None:
    assert old in GOOD
    folder = _write(tmp_path, GOOD.replace(old, new, 1))
    # The file an outside path names exists: the error is where it is, not that it is missing.
    (tmp_path / "outside.py").write_text('# %% example="curves"\nx = 1\n', encoding="utf-8")
    with pytest.raises(LessonError) as caught:
        load_lesson(folder)
    assert one_line(caught.value).startswith(f"{folder / 'lesson.yml'}:{line}: {reason}")


def test_a_section_naming_an_example_the_source_lacks_is_reported_at_the_section(tmp_path: Path) -> None:
    folder = _write(tmp_path, GOOD.replace("example: curves", "example: scales"))
    lesson = load_lesson(folder)
    source = parse_examples((folder / "examples.py").read_text(encoding="utf-8"), folder / "examples.py")
    with pytest.raises(LessonError) as caught:
        check_blocks(lesson, source)
    assert one_line(caught.value).startswith(
        f"{folder / 'lesson.yml'}:7: section 'plot' names example 'scales'"
    )


def test_a_good_outline_loads_with_where_each_section_is_written(tmp_path: Path) -> None:
    lesson = load_lesson(_write(tmp_path, GOOD))
    assert lesson.section_ids == ("intro", "plot")
    assert [section.line for section in lesson.sections] == [5, 7]
    assert lesson.section("plot").example == "curves"


def test_lessons_follow_their_order_then_their_ids(tmp_path: Path) -> None:
    """Lessons came in the order of their folder names: week 4's "learning-rate" before week 3's
    "random-initialization", with nothing an author could do but rename folders (and their URLs)."""
    for lesson_id, order in (("zeta", "order: 1\n"), ("alpha", "order: 2\n"), ("beta", ""), ("aleph", "")):
        folder = tmp_path / lesson_id
        folder.mkdir()
        text = f"id: {lesson_id}\ntitle: T\n{order}sections:\n  - id: intro\n    heading: Intro\n"
        (folder / "lesson.yml").write_text(text, encoding="utf-8")
    assert [lesson.id for lesson in discover_lessons(tmp_path)] == ["zeta", "alpha", "aleph", "beta"]


def test_lessons_without_an_order_follow_their_ids_numbers_read_as_numbers(tmp_path: Path) -> None:
    """Sorted as text, a course of twelve weeks ran week 1, 10, 11, 12, 2, 3... (the ninth week's "Next" led
    to a guide), and nothing said so."""
    for number in range(1, 13):
        folder = tmp_path / f"week-{number}"
        folder.mkdir()
        text = f"id: week-{number}\ntitle: T\nsections:\n  - id: intro\n    heading: Intro\n"
        (folder / "lesson.yml").write_text(text, encoding="utf-8")
    assert [lesson.id for lesson in discover_lessons(tmp_path)] == [f"week-{n}" for n in range(1, 13)]


def test_a_course_mixing_lessons_with_and_without_order_is_warned_of(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A maintainer gave only the new lessons an order: the first lesson went to the end of every language's
    navigation, without a word; two lessons given one place were ordered by id, silently too."""
    for lesson_id, order in (
        ("zeta", "order: 1\n"),
        ("alpha", "order: 1\n"),
        ("beta", ""),
        ("gamma", "order: 2\n"),
    ):
        folder = tmp_path / lesson_id
        folder.mkdir()
        text = f"id: {lesson_id}\ntitle: T\n{order}sections:\n  - id: intro\n    heading: Intro\n"
        (folder / "lesson.yml").write_text(text, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="coursegen.lessons"):
        assert [lesson.id for lesson in discover_lessons(tmp_path)] == ["alpha", "zeta", "gamma", "beta"]
    assert [r.getMessage() for r in caplog.records] == [
        f"{tmp_path / 'zeta' / 'lesson.yml'}: order 1 is also the order of lesson 'alpha': the two follow "
        "each other by id",
        f"{tmp_path / 'beta' / 'lesson.yml'}: no 'order', so this lesson comes after those that have one: "
        "give it an 'order' too, to place it among them",
    ]
    caplog.clear()
    for folder in ("alpha", "gamma"):
        path = tmp_path / folder / "lesson.yml"
        path.write_text(path.read_text(encoding="utf-8").replace("order: 1\n", "").replace("order: 2\n", ""))
    (tmp_path / "zeta" / "lesson.yml").write_text(
        "id: zeta\ntitle: T\nsections:\n  - id: i\n    heading: I\n"
    )
    with caplog.at_level(logging.WARNING, logger="coursegen.lessons"):
        discover_lessons(tmp_path)
    assert caplog.records == []  # none has an order: by id, as documented


def test_an_unknown_lesson_is_one_line_without_the_course_s_warnings(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """'add-locale --lesson learning-rat' printed the order warnings of the whole course before its error."""
    for lesson_id, order in (("zeta", "order: 1\n"), ("beta", "")):
        folder = tmp_path / lesson_id
        folder.mkdir()
        text = f"id: {lesson_id}\ntitle: T\n{order}sections:\n  - id: intro\n    heading: Intro\n"
        (folder / "lesson.yml").write_text(text, encoding="utf-8")
    with (
        caplog.at_level(logging.WARNING, logger="coursegen.lessons"),
        pytest.raises(LessonError, match="zeta"),
    ):
        find_lesson(tmp_path, "zet")
    assert caplog.records == []


def test_examples_in_a_subfolder_of_the_lesson_or_through_a_link_in_it_are_the_lesson_s(
    tmp_path: Path,
) -> None:
    folder = _write(tmp_path, GOOD.replace("examples: examples.py", "examples: code/../code/examples.py"))
    (folder / "code").mkdir()
    (folder / "examples.py").rename(folder / "code" / "examples.py")
    assert load_lesson(folder).examples == folder / "code/../code/examples.py"


def test_a_missing_lessons_folder_is_named_as_such(tmp_path: Path) -> None:
    """Run from another folder, align and add-locale said "unknown lesson ... (known: none)"."""
    with pytest.raises(LessonError) as raised:
        find_lesson(tmp_path / "docs" / "lessons", "random-initialization")
    assert (
        one_line(raised.value) == f"{tmp_path / 'docs' / 'lessons'}: lessons folder not found (--lessons-dir)"
    )
