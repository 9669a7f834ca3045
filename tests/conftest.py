"""Shared fixtures: one real build of the whole site per test session."""

from __future__ import annotations

import time

import pytest
from support import BuiltSite, build_site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    base = tmp_path_factory.mktemp("build")
    started = time.perf_counter()
    result = build_site(base / "site", base / "cache")
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        pytest.fail(f"mkdocs build failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return BuiltSite(base / "site", base / "cache", seconds, result.stderr)
