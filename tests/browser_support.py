"""What the browser tests share: the built site served over HTTP, one Chromium, and a watch on page errors.

The site is served by Python's own HTTP server, as any static host would serve it (directory URLs, real 404s
that show the site's ``404.html``), so the tests see what readers see. One browser runs for the whole session;
each test opens its own context, which is cheap and keeps storage (the remembered language) from leaking
between tests.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from support import BuiltSite

log = logging.getLogger(__name__)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    not_found = "404.html"

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing address gets the site's ``404.html`` with status 404, as static hosts serve it."""
        page = Path(self.directory) / self.not_found
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A browser that leaves a page (the chooser's redirect) hangs up mid-response: not worth a traceback.
        log.debug("connection from %s ended early", client_address, exc_info=True)


@dataclass
class SiteServer:
    """A static server of one folder on a free port of 127.0.0.1; ``not_found``, the page it answers a missing
    address with (a site published under a sub-path has it there)."""

    root: Path
    not_found: str = "404.html"
    _server: _Server | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> SiteServer:
        handler = functools.partial(
            type("Handler", (_QuietHandler,), {"not_found": self.not_found}), directory=str(self.root)
        )
        self._server = _Server(("127.0.0.1", 0), handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def browser_unavailable(reason: str) -> None:
    """Skip when pytest is run by hand on a machine without Chromium; under ``make test`` (which installs
    it) and in CI a missing browser is a failure: a CI run that does not set CI skipped every browser test
    and passed."""
    required = os.environ.get("COURSEGEN_BROWSER_TESTS") == "required"
    if required or os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"browser tests cannot run: {reason}")
    pytest.skip(reason)


@dataclass
class PageWatch:
    """Console errors and uncaught exceptions of one page, with where they came from."""

    errors: list[str] = field(default_factory=list)

    def attach(self, page) -> PageWatch:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("requestfailed", self._on_failed_request)
        return self

    def _on_failed_request(self, request) -> None:
        # Requests cut short by leaving the page (the chooser's redirect) are not failures.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.errors.append(f"request failed: {request.url} ({request.failure})")

    def _on_console(self, message) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.errors.append(f"console error: {message.text} ({where})")


Opener = Callable[..., tuple[Any, PageWatch]]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        browser_unavailable("Playwright for Python is not installed")
    if not Path(CHROMIUM).is_file():
        browser_unavailable(f"no Chromium at {CHROMIUM} (set CHROMIUM to its path)")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        except Error as exc:
            browser_unavailable(f"Chromium did not start: {exc}")
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site(built_site: BuiltSite) -> Iterator[str]:
    server = SiteServer(built_site.root).start()
    yield server.url
    server.stop()


@pytest.fixture
def open_page(chromium: Any, site: str) -> Iterator[Opener]:
    """Open a site URI in a fresh browser context (its own storage); context options pass through."""
    contexts = []

    def opener(uri: str, **options: Any) -> tuple[Any, PageWatch]:
        context = chromium.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        watch = PageWatch().attach(page)
        page.goto(site + uri, wait_until="load")
        return page, watch

    yield opener
    for context in contexts:
        context.close()
