"""Shared fixtures: one real build of the whole site per test session; the seed lesson and its hand-marked
seed transcripts, read once for the aligner's tests."""

from __future__ import annotations

import signal
import time

import pytest
from browser_support import chromium  # noqa: F401 - the session's one browser, for every module
from hypothesis import settings
from support import BuiltSite, build_site, seed_lesson, seeds_with_marks

from coursegen.lessons import Lesson
from coursegen.marks import SectionMarks
from coursegen.transcripts import Transcript

# No time limit per example: on a machine busy with other work one slow example failed a property test
# as "unreliable timings", with nothing wrong in what it checks.
settings.register_profile("coursegen", deadline=None)
settings.load_profile("coursegen")

# Run as a background job (make test &), the tests inherit Ctrl-C ignored, and so did the builds they start:
# those that check Ctrl-C stops a build or mkdocs serve failed, waiting for a build that could not hear it.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# Inputs of tests, not tests: lesson examples use the _() the build gives them, and cannot be imported.
collect_ignore_glob = ["fixtures/*"]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    base = tmp_path_factory.mktemp("build")
    started = time.perf_counter()
    result = build_site(base / "site", base / "cache")
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        pytest.fail(f"mkdocs build failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return BuiltSite(base / "site", base / "cache", seconds, result.stderr)


@pytest.fixture(scope="session")
def lesson() -> Lesson:
    return seed_lesson()


@pytest.fixture(scope="session")
def seeds(lesson: Lesson) -> tuple[dict[str, Transcript], dict[str, SectionMarks]]:
    """The seed transcripts and their hand-checked section marks (frozen values in dictionaries no test
    changes)."""
    return seeds_with_marks(lesson)
