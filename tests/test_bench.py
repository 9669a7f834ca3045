"""The benchmark's synthetic courses are real courses, and a warm rebuild of one executes no example."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bench_course import EXTRA_LOCALES, SEED_LOCALES, lesson_ids, make_course, make_plain_site
from bench_run import build
from support import LESSON, REPO

from coursegen.assemble import align_lesson
from coursegen.example_cache import RESULT_FILE
from coursegen.site import load_course


def _course(root: Path):
    return load_course(root / "locales", root / "docs" / "lessons", root / "docs" / "guides")


def test_generated_course_has_every_lesson_and_locale_aligned(tmp_path: Path) -> None:
    made = make_course(REPO, tmp_path / "course", lessons=2, locales=6, lesson=LESSON)
    course = _course(made.root)
    assert tuple(lesson.id for lesson in course.lessons) == lesson_ids(LESSON, 2)
    expected = {folder.replace("_", "-") for folder in (*SEED_LOCALES, next(iter(EXTRA_LOCALES)))}
    assert {info.code for info in course.locales} == expected
    for lesson in course.lessons:
        alignment = align_lesson(lesson, course.locales_dir)
        assert set(alignment.locales) == expected, lesson.id
        for located in alignment.locales.values():
            assert [part.section for part in located.sections] == list(lesson.section_ids)


def test_generating_twice_replaces_the_previous_course(tmp_path: Path) -> None:
    make_course(REPO, tmp_path / "course", lessons=3, locales=2, lesson=LESSON)
    made = make_course(REPO, tmp_path / "course", lessons=1, locales=1, lesson=LESSON)
    assert sorted(p.name for p in (made.root / "docs" / "lessons").iterdir()) == [LESSON]
    assert sorted(p.name for p in (made.root / "locales").iterdir() if p.is_dir()) == ["fr"]


def test_plain_site_config_executes_with_mkdocs_jupyter(tmp_path: Path) -> None:
    notebook = tmp_path / "lesson.ipynb"
    notebook.write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', encoding="utf-8")
    config = make_plain_site(notebook, tmp_path / "plain", tmp_path / "jupyter cache")
    text = config.read_text(encoding="utf-8")
    assert "mkdocs-jupyter" in text and "execute: true" in text and "jupyter cache" in text
    assert (tmp_path / "plain" / "docs" / "lesson.ipynb").read_bytes() == notebook.read_bytes()


def _cache_entries(cache: Path) -> dict[str, int]:
    """Every published cache entry, by path, with the inode of its result (a new execution makes new ones)."""
    return {str(p.relative_to(cache)): p.stat().st_ino for p in cache.rglob(RESULT_FILE)}


@pytest.mark.slow
def test_synthetic_course_builds_and_its_warm_rebuild_executes_nothing(tmp_path: Path) -> None:
    made = make_course(REPO, tmp_path / "course", lessons=2, locales=1, lesson=LESSON)
    cache, site = tmp_path / "cache", tmp_path / "site"
    env = {"COURSEGEN_CACHE_DIR": str(cache)}

    cold = build(made.config, site, env)
    assert cold.ok, cold.output_tail
    assert cold.kernels >= 1
    for lesson_id in made.lessons:
        assert (site / "fr" / lesson_id / "index.html").is_file()
        assert list((site / "fr" / lesson_id / "figures").glob("*.svg"))
    entries = _cache_entries(cache)
    assert {entry.split("/")[0] for entry in entries} == set(made.lessons)

    warm = build(made.config, site, env)
    assert warm.ok, warm.output_tail
    assert warm.kernels == 0
    assert _cache_entries(cache) == entries


@pytest.mark.slow
def test_the_benchmark_script_runs_end_to_end(tmp_path: Path) -> None:
    """What ``make bench-quick`` does, cut to one build of each kind and one grid point: the script runs,
    compares, and writes its figures (they are reported, not asserted: a timed test is not a benchmark)."""
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "bench.py"),
            "--quick",
            "--grid",
            "1x1",
            "--out",
            str(tmp_path),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    report = json.loads((tmp_path / "bench-quick.json").read_text(encoding="utf-8"))
    series = report["comparison"]["series"]
    assert series["five-locale cold"]["kernels_started"][0] >= 1
    assert series["plain cold"]["kernels_started"][0] == 1
    assert series["five-locale warm"]["kernels_started"] == series["plain warm"]["kernels_started"] == [0]
    assert report["comparison"]["cold_ratio"] > 0 and report["comparison"]["warm_ratio"] > 0
    assert [(point["lessons"], point["locales"]) for point in report["scaling"]["grid"]] == [(1, 1)]
    assert "cold five-locale / cold plain" in done.stdout


@pytest.mark.slow
def test_lessons_that_miss_the_cache_together_get_one_kernel_each(tmp_path: Path) -> None:
    """Three lessons of two locales and two kernels: the first two run side by side with one kernel each
    (a kernel repeats its lesson's shared computation), the third, left alone, gets both."""
    made = make_course(REPO, tmp_path / "course", lessons=3, locales=2, lesson=LESSON)
    env = {"COURSEGEN_CACHE_DIR": str(tmp_path / "cache"), "COURSEGEN_KERNELS": "2"}
    cold = build(made.config, tmp_path / "site", env)
    assert cold.ok, cold.output_tail
    assert cold.kernels == 1 + 1 + 2
    for lesson_id in made.lessons:
        for code in ("fr", "uk"):
            assert list((tmp_path / "site" / code / lesson_id / "figures").glob("*.svg"))
