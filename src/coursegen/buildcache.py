"""An on-disk cache of what a build derives from its inputs, so that a rebuild redoes only what changed.

Reading and aligning transcripts, writing notebooks and indexing pages for search take most of a rebuild in
which nothing changed (``mkdocs serve`` rebuilds everything after each edit). Their results are stored here,
each under a key that hashes every byte they were computed from together with the engine's own code: an
edited transcript, catalog or example, a new coursegen version or an edited module of coursegen all make a
new key, so a stale result is never served.

Entries live in *slots*: a slot (one lesson's alignment, one notebook) holds the result of its latest inputs
only, so the cache does not grow with every edit. Writes are atomic (a temporary file renamed over the slot):
an interrupted build, or two builds sharing the cache, leave either the old entry or the new one. Anything
unreadable counts as a miss. Warnings logged while computing a result are stored with it and logged again
when it is reused, so a warm build says what the cold one said.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from coursegen.files import write_atomic

log = logging.getLogger(__name__)

#: Below the example cache's folder; hidden, so it can never be taken for a lesson's folder.
FOLDER = ".build"
#: Changes when the layout of the entries changes.
FORMAT = 1
_PACKAGE_DIR = Path(__file__).parent
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")

T = TypeVar("T")
Gettext = Callable[[str], str]


def _answer(text: str) -> list[str | bool]:
    """A translation as a page depends on it: its text, and whether it is marked as other text (English shown
    for a missing one is a ``str`` of its own type, which the page marks as English; a translation that
    happens to read the same is a plain ``str``). The cache need not know the translators' types."""
    return [str(text), type(text) is not str]


@cache
def engine_fingerprint() -> str:
    """A hash of coursegen's modules and of the installed packages: results depend on the code that made them.

    The packages are known by the names of their metadata folders (``numpy-2.4.6.dist-info``), which carry
    their versions: installing or upgrading any of them starts a new cache, for the price of one listing of
    each folder on ``sys.path``.
    """
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    for path in sorted(_PACKAGE_DIR.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for name in installed_distributions():
        digest.update(name.encode() + b"\0")
    return digest.hexdigest()


def installed_distributions() -> list[str]:
    """The metadata folders of the installed packages (name and version), sorted."""
    found: set[str] = set()
    for folder in sys.path:
        with contextlib.suppress(OSError):
            found.update(
                e.name for e in os.scandir(folder or ".") if e.name.endswith((".dist-info", ".egg-info"))
            )
    return sorted(found)


def input_key(*parts: str | bytes) -> str:
    """A hash of ``parts`` and of the engine; each part is length-prefixed, so no two lists collide."""
    digest = hashlib.sha256(engine_fingerprint().encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


@dataclass(frozen=True)
class BuildCache:
    """Slots of JSON results under ``folder`` (None: a cache that stores nothing, for tests and one-offs)."""

    folder: Path | None
    # The slots this build read or wrote: the others are of lessons, locales or pages it no longer has.
    used: set[str] = field(default_factory=set, compare=False, repr=False)

    @classmethod
    def under(cls, cache_dir: Path) -> BuildCache:
        return cls(cache_dir / FOLDER)

    def sweep(self, older_than: float) -> list[Path]:
        """Remove the slots this build did not use and no build used in the last ``older_than`` seconds, once
        it is complete: a renamed or removed lesson or locale left its alignment, notebooks and pages in the
        cache for good (another configuration sharing the folder keeps its own by using them). Returns what
        was removed."""
        if self.folder is None or not self.folder.is_dir():
            return []
        removed = []
        old = time.time() - older_than
        for path in self.folder.glob("*.json"):
            with contextlib.suppress(OSError):
                if path.name not in self.used and path.stat().st_mtime < old:
                    path.unlink()
                    removed.append(path)
        return removed

    def load(self, slot: str, key: str) -> Any | None:
        """The value stored in ``slot`` for ``key``; None when absent, stale or unreadable."""
        entry = self._entry(slot)
        if entry is None or entry.get("key") != key:
            return None
        with contextlib.suppress(OSError):  # its last use, for sweeping (a read-only cache is still read)
            os.utime(entry["path"])
        for name, level, message in entry.get("warnings", ()):
            logging.getLogger(name).log(level, "%s", message)
        return entry.get("value")

    def load_latest(self, slot: str) -> Any | None:
        """The value ``slot`` holds, whatever inputs it was computed from (None when absent or unreadable):
        the latest that could be computed, for ``mkdocs serve`` to show while its inputs are broken."""
        entry = self._entry(slot)
        return None if entry is None else entry.get("value")

    def _entry(self, slot: str) -> dict[str, Any] | None:
        """What ``slot`` holds, with its file's ``path``; None when it is absent or unreadable."""
        path = self._path(slot)
        if path is None:
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return {**entry, "path": path} if isinstance(entry, dict) else None

    def store(self, slot: str, key: str, value: Any, warnings: Sequence[tuple[str, int, str]] = ()) -> None:
        """Put ``value`` (JSON-serialisable) in ``slot``; failing to write only costs the next build time."""
        path = self._path(slot)
        if path is None:
            return
        entry = {"key": key, "value": value, "warnings": list(warnings)}
        try:
            write_atomic(
                path, json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode(), durable=False
            )
        except OSError as exc:
            log.debug("build cache: could not write %s: %s", path, exc)

    def get_or_compute(
        self, slot: str, key: str, compute: Callable[[], T], encode: Callable[[T], Any]
    ) -> Any:
        """The stored value for ``key``, or ``encode(compute())`` stored for the next build.

        Returns the encoded form in both cases, so that callers build their result from the same data
        whether or not it came from the cache.
        """
        found = self.load(slot, key)
        if found is not None:
            return found
        with captured_warnings() as warnings:
            value = encode(compute())
        self.store(slot, key, value, warnings)
        return value

    def get_or_render(self, slot: str, key: str, render: Callable[[Gettext], str], gettext: Gettext) -> str:
        """``render(gettext)``, or the text it gave for ``key`` when ``gettext`` still answers the same.

        A page's text depends on its content (in ``key``) and on the translations it asked for, which are
        only known once it has been rendered: they are stored with it, and asked again before it is reused.
        Asking again also logs any warning about a missing translation, as rendering would have.
        """
        found = self.load(slot, key)
        asked_before = found.get("asked") if isinstance(found, dict) else None
        if isinstance(asked_before, dict) and all(_answer(gettext(m)) == a for m, a in asked_before.items()):
            return str(found["text"])
        asked: dict[str, list[str | bool]] = {}

        def recording(message: str) -> str:
            answer = gettext(message)
            asked[message] = _answer(answer)
            return answer

        text = render(recording)
        self.store(slot, key, {"asked": asked, "text": text})
        return text

    def _path(self, slot: str) -> Path | None:
        if self.folder is None:
            return None
        name = _UNSAFE.sub("_", slot) + ".json"
        self.used.add(name)
        return self.folder / name


@contextlib.contextmanager
def captured_warnings() -> Iterator[list[tuple[str, int, str]]]:
    """The warnings coursegen logs in this thread inside the block, as (logger, level, message), still logged
    as usual. Other threads (the examples compute in the background) keep theirs."""
    records: list[tuple[str, int, str]] = []
    thread = threading.get_ident()

    class _Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.thread == thread:
                records.append((record.name, record.levelno, record.getMessage()))

    handler = _Keep(logging.WARNING)
    root = logging.getLogger("coursegen")
    root.addHandler(handler)
    try:
        yield records
    finally:
        root.removeHandler(handler)
