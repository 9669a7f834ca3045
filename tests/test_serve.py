"""End to end: ``mkdocs serve`` while an author breaks the examples and a translator edits a transcript."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest
from support import LESSON, BuiltSite, copy_project

pytestmark = pytest.mark.slow

PENDING = '<div class="admonition info" role="status">'


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait_for(url: str, ready: Callable[[str], bool], seconds: float) -> float:
    """Seconds until the page at ``url`` satisfies ``ready``; fails after ``seconds``."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if ready(_fetch(url)):
            return time.monotonic() - started
        time.sleep(0.3)
    pytest.fail(f"{url} not as expected within {seconds} s")


def test_an_endless_example_holds_up_neither_the_prose_nor_the_fix_nor_ctrl_c(
    tmp_path: Path, built_site: BuiltSite
) -> None:
    """An example that never ends held the whole site for the ten minutes of the cell timeout: the fix and
    a translator's edit were not served, and Ctrl-C printed "Shutting down..." and went on waiting."""
    project = copy_project(tmp_path / "project")
    cache = tmp_path / "cache"
    shutil.copytree(built_site.cache, cache)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "COURSEGEN_CACHE_DIR": str(cache)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/fr/{LESSON}/"
    examples = project / "docs" / "lessons" / LESSON / "examples.py"
    transcript = project / "locales" / "fr" / "transcripts" / f"{LESSON}.txt"
    original = examples.read_text(encoding="utf-8")
    kernels: set[psutil.Process] = set()
    try:
        _wait_for(url, lambda page: "coursegen-figure" in page, 180)
        examples.write_text(original + "\nwhile True:\n    pass\n", encoding="utf-8")
        # Shown without its examples after a few seconds, while the kernels spin.
        assert _wait_for(url, lambda page: PENDING in page and "coursegen-figure" not in page, 60) < 40
        kernels = {p for p in psutil.Process(server.pid).children(recursive=True) if "ipykernel" in p.name()}
        kernels |= {
            p
            for p in psutil.Process(server.pid).children(recursive=True)
            if "ipykernel" in " ".join(p.cmdline())
        }
        assert kernels
        transcript.write_text(
            transcript.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8"
        )
        assert _wait_for(url, lambda page: "Une phrase ajoutée." in page, 60) < 40
        # The author's fix: the examples it had before come back, and the endless run is stopped.
        examples.write_text(original, encoding="utf-8")
        _wait_for(url, lambda page: "coursegen-figure" in page and PENDING not in page, 90)
        assert not [p for p in kernels if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    finally:
        server.send_signal(signal.SIGINT)
        try:
            output, _ = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            output, _ = server.communicate()
            pytest.fail("mkdocs serve did not stop within 30 s of Ctrl-C:\n" + output[-3000:])
    assert "Traceback" not in output, output[-3000:]
    assert "examples still running" in output
