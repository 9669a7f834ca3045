"""End to end: ``mkdocs serve`` while an author breaks the examples and a translator edits a transcript."""

from __future__ import annotations

import contextlib
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
from support import LESSON, BuiltSite, copy_project, kernels_under, still_running

pytestmark = pytest.mark.slow

PENDING = '<div class="admonition info" role="status">'
FAILED = '<div class="admonition failure" role="alert">'


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


class Serving:
    """``mkdocs serve`` of a copy of the project, with the built site's example cache; Ctrl-C at the end."""

    def __init__(self, tmp_path: Path, built_site: BuiltSite) -> None:
        self.project = copy_project(tmp_path / "project")
        cache = self.cache = tmp_path / "cache"
        shutil.copytree(built_site.cache, cache)
        # The free port found can be taken by another process before serve binds it: then another.
        for _attempt in range(3):
            port = _free_port()
            self.server = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                cwd=self.project,
                env={**os.environ, "COURSEGEN_CACHE_DIR": str(cache)},
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            if self._listening(port):
                break
            output, _ = self.server.communicate()
            if "already in use" not in output:
                pytest.fail("mkdocs serve stopped before serving:\n" + output[-3000:])
        else:
            pytest.fail("no free port for mkdocs serve in three tries")
        self.url = f"http://127.0.0.1:{port}/fr/{LESSON}/"
        self.examples = self.project / "docs" / "lessons" / LESSON / "examples.py"
        self.transcript = self.project / "locales" / "fr" / "transcripts" / f"{LESSON}.txt"
        self.output = ""

    def _listening(self, port: int, seconds: float = 180) -> bool:
        """Whether serve listens on ``port`` (after its first build); False once it has stopped."""
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            if self.server.poll() is not None:
                return False
            with contextlib.suppress(psutil.Error):
                sockets = psutil.Process(self.server.pid).net_connections(kind="inet")
                if any(s.status == psutil.CONN_LISTEN and s.laddr.port == port for s in sockets):
                    return True
            time.sleep(0.2)
        return True  # still building: the tests' own waits tell what is wrong

    def stop(self) -> None:
        """Ctrl-C; what serve printed is in ``output``."""
        self.server.send_signal(signal.SIGINT)
        try:
            self.output, _ = self.server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.output, _ = self.server.communicate()
            pytest.fail("mkdocs serve did not stop within 30 s of Ctrl-C:\n" + self.output[-3000:])

    def add_sentence(self, sentence: str) -> None:
        self.transcript.write_text(
            self.transcript.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8"
        )


def test_an_endless_example_holds_up_neither_the_prose_nor_the_fix_nor_ctrl_c(
    tmp_path: Path, built_site: BuiltSite
) -> None:
    """An example that never ends held the whole site for the ten minutes of the cell timeout: the fix and
    a translator's edit were not served, and Ctrl-C printed "Shutting down..." and went on waiting."""
    serving = Serving(tmp_path, built_site)
    url, examples = serving.url, serving.examples
    original = examples.read_text(encoding="utf-8")
    kernels: set[psutil.Process] = set()
    try:
        _wait_for(url, lambda page: "coursegen-figure" in page, 180)
        examples.write_text(original + "\nwhile True:\n    pass\n", encoding="utf-8")
        # Shown without its examples after a few seconds, while the kernels spin.
        assert _wait_for(url, lambda page: PENDING in page and "coursegen-figure" not in page, 60) < 40
        kernels = set(kernels_under(psutil.Process(serving.server.pid)))
        assert kernels
        serving.add_sentence("Une phrase ajoutée.")
        assert _wait_for(url, lambda page: "Une phrase ajoutée." in page, 60) < 40
        # The author's fix: the examples it had before come back, and the endless run is stopped.
        examples.write_text(original, encoding="utf-8")
        _wait_for(url, lambda page: "coursegen-figure" in page and PENDING not in page, 90)
        assert not still_running(kernels)
    finally:
        serving.stop()
    assert "Traceback" not in serving.output, serving.output[-3000:]
    assert "examples still running" in serving.output


def test_a_broken_example_is_told_on_its_page_and_holds_up_no_edit(
    tmp_path: Path, built_site: BuiltSite
) -> None:
    """An author's broken example stopped every build of mkdocs serve: the translator's edits were not
    served; and one that failed after its page said "still running" left that notice there for good."""
    serving = Serving(tmp_path, built_site)
    url, examples = serving.url, serving.examples
    original = examples.read_text(encoding="utf-8")
    try:
        _wait_for(url, lambda page: "coursegen-figure" in page, 180)
        slow_failure = "\nimport time\ntime.sleep(8)\nraise ValueError('broken on purpose')\n"
        examples.write_text(original + slow_failure, encoding="utf-8")
        _wait_for(url, lambda page: PENDING in page, 60)
        told = _wait_for(url, lambda page: FAILED in page and "broken on purpose" in page, 90)
        page = _fetch(url)
        assert PENDING not in page and "coursegen-figure" not in page and "Nous allons voir pourquoi" in page
        serving.add_sentence("Une phrase ajoutée.")
        assert _wait_for(url, lambda page: "Une phrase ajoutée." in page and FAILED in page, 60) < 40
        examples.write_text(original, encoding="utf-8")
        _wait_for(url, lambda page: "coursegen-figure" in page and FAILED not in page, 90)
        # The cache deleted while serving ("clear the cache"): slow examples still reach the page when done
        # (the folder serve watched for that was in the cache, and went with it).
        shutil.rmtree(serving.cache)
        examples.write_text(original + "\nimport time\ntime.sleep(8)\n", encoding="utf-8")
        _wait_for(url, lambda page: PENDING in page, 60)
        _wait_for(url, lambda page: "coursegen-figure" in page and PENDING not in page, 90)
    finally:
        serving.stop()
    assert "Traceback" not in serving.output, serving.output[-3000:]
    assert "ValueError: broken on purpose" in serving.output, serving.output[-3000:]
    assert told < 80


def test_a_catalog_or_outline_saved_half_written_keeps_the_preview_up(
    tmp_path: Path, built_site: BuiltSite
) -> None:
    """A translator's catalog saved with a quote left open, or a lesson.yml saved half-written, stopped every
    build of mkdocs serve until fixed (the server appeared stuck, for every page of every language); now each
    page shows what was last read, says why, and takes the next edits."""
    serving = Serving(tmp_path, built_site)
    url = serving.url
    catalog = serving.project / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    outline = serving.project / "docs" / "lessons" / LESSON / "lesson.yml"
    po, yml = catalog.read_text(encoding="utf-8"), outline.read_text(encoding="utf-8")
    try:
        _wait_for(url, lambda page: "coursegen-figure" in page, 180)
        catalog.write_text(po[: po.index('msgstr "classe {label}"') + len('msgstr "classe')] + "\n", "utf-8")
        _wait_for(url, lambda page: FAILED in page and "messages.po:" in page, 60)
        serving.add_sentence("Une phrase ajoutée.")
        assert _wait_for(url, lambda page: "Une phrase ajoutée." in page, 60) < 40
        page = _fetch(url)
        assert "coursegen-figure" in page and "Initialisation aléatoire" in page
        outline.write_text(yml + '  - id: "unfinished\n', encoding="utf-8")
        _wait_for(url, lambda page: "lesson.yml:" in page and "messages.po:" in page, 60)
        catalog.write_text(po, encoding="utf-8")
        outline.write_text(yml, encoding="utf-8")
        _wait_for(url, lambda page: FAILED not in page and "Une phrase ajoutée." in page, 60)
    finally:
        serving.stop()
    assert "Traceback" not in serving.output, serving.output[-3000:]
