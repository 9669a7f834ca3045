"""The on-disk cache of executed examples: one entry per (lesson, locale, build input).

Entries are keyed in two parts so that translations do not invalidate computation they do not affect:

* the *computation key* hashes what every locale shares: the example source bytes, the data files beside
  it, the version of Python and the installed packages with theirs (examples may import scipy or pandas as
  well as numpy and matplotlib: an upgrade of any of them must run them again), and the text of the
  kernel-side runtime and of the driver;
* each *locale key* hashes the computation key with that locale's code, the translations of the source's
  own messages (not the rest of the catalog), its decimal sign, its font list and the digests of the font
  files that list is drawn from.

An entry is a folder ``<cache>/<lesson>/<locale>-<key>`` holding ``result.json`` and the figures. It is
built in a temporary folder next to it and moved into place with one ``os.replace``, so an interrupted
build leaves either a complete entry or none (temporary folders are swept by later builds).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import platform
import re
import shutil
import time
import uuid
from collections.abc import Collection, Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from coursegen.buildcache import installed_distributions
from coursegen.errors import ExampleError

log = logging.getLogger(__name__)

RESULT_FILE = "result.json"
# Each figure's size in bytes, as the entry was published (kept in its result, given back without it).
_SIZES = "figure_sizes"
KEEP_PER_LOCALE = 3
# An entry a build used this recently is not evicted by another, which may not have copied its figures yet
# (four configurations built at once on one cache: one build's copy failed on a figure another had removed).
IN_USE_SECONDS = 15 * 60
TMP_PREFIX = ".tmp-"
STALE_TMP_SECONDS = 3600
_KEY_CHARS = 32
# An entry: a locale code and its key.
_ENTRY = re.compile(rf"[A-Za-z0-9_-]+-[0-9a-f]{{{_KEY_CHARS}}}")
_CODE = re.compile(r"^[A-Za-z0-9_-]+$")


@functools.cache
def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def computation_key(
    source_bytes: bytes, engine_code: Iterable[str], data: Mapping[str, bytes] | None = None
) -> str:
    """What every locale's output depends on, translations aside: also the ``data`` files the examples may
    read, by name."""
    digest = hashlib.sha256()
    digest.update(source_bytes)
    for name, content in sorted((data or {}).items()):
        digest.update(hashlib.sha256(name.encode()).digest() + hashlib.sha256(content).digest())
    versions = [platform.python_version(), _version("coursegen"), *installed_distributions()]
    digest.update(json.dumps(versions).encode())
    for text in engine_code:
        digest.update(hashlib.sha256(text.encode()).digest())
    return digest.hexdigest()


def locale_key(computation: str, locale: Mapping[str, Any]) -> str:
    """``locale`` is the JSON-able description the kernel receives (code, messages, decimal, fonts and the
    digests of their files)."""
    payload = json.dumps([computation, locale], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def valid_code(code: str) -> bool:
    """Locale codes become folder names: keep them to letters, digits, ``_`` and ``-``."""
    return bool(_CODE.match(code))


def entry_dir(cache_dir: Path, lesson_id: str, code: str, key: str) -> Path:
    return cache_dir / lesson_id / f"{code}-{key[:_KEY_CHARS]}"


def read_entry(entry: Path) -> dict[str, Any] | None:
    """The stored result of a complete entry (and mark it used), or None on a miss.

    An entry with a figure gone or not of the size it was published with (a cache pruned by hand, a file cut
    short by a crash of the machine) is a miss: read as a hit, the build would fail copying the figure, or
    publish a broken plot, on every build after. A cache that cannot be written (mounted read-only) is still
    read; only its record of use is lost.
    """
    try:
        data = json.loads((entry / RESULT_FILE).read_text(encoding="utf-8"))
        sizes = data.pop(_SIZES)
        if not all((entry / name).stat().st_size == sizes[name] for name in _figure_files(data)):
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    now = time.time()
    with contextlib.suppress(OSError):
        os.utime(entry, (now, now))
    return data


def _figure_files(result: Mapping[str, Any]) -> list[str]:
    """The names of the figures a result's cells show, in its entry's folder."""
    return [figure["file"] for cell in result["cells"] for figure in cell.get("figures", ())]


def new_tmp_dir(cache_dir: Path, lesson_id: str) -> Path:
    folder = cache_dir / lesson_id / f"{TMP_PREFIX}{uuid.uuid4().hex}"
    try:
        folder.mkdir(parents=True)
    except OSError as exc:
        reason = (
            f"cannot write the examples' cache: {exc.strerror}; make the folder writable, delete it, or set "
            "COURSEGEN_CACHE_DIR to a folder that is (a read-only checkout)"
        )
        raise ExampleError(reason, path=cache_dir) from None
    return folder


def publish(staged: Path, result: Mapping[str, Any], entry: Path) -> None:
    """Write ``result`` into the staged folder, then move it into place in one step.

    If another build published the same entry meanwhile, its copy is as good as ours and is kept; what is
    left of a broken entry (no result, or a figure gone) gives way to ours.
    """
    sizes = {name: (staged / name).stat().st_size for name in _figure_files(result)}
    stored = {**result, _SIZES: sizes}
    (staged / RESULT_FILE).write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    try:
        os.replace(staged, entry)
    except OSError:
        if read_entry(entry) is not None:
            shutil.rmtree(staged, ignore_errors=True)
            return
        shutil.rmtree(entry, ignore_errors=True)
        os.replace(staged, entry)


# How long an entry no build of this course uses is kept: another configuration sharing the cache folder (a
# preview of fewer languages) may still use it; past that, it is of a lesson or a language gone.
FORGET_AFTER_SECONDS = 7 * 24 * 3600


def forget(cache_dir: Path, lesson_ids: Collection[str], codes: Collection[str]) -> list[Path]:
    """Remove the entries of lessons and locales the course no longer has, once no build has read them for
    :data:`FORGET_AFTER_SECONDS` (renamed or removed, they stayed for good: :func:`evict` looks only at the
    lessons built). Only folders made of entries are looked into: anything else in the cache folder is left
    alone. Returns what was removed."""
    removed: list[Path] = []
    if not cache_dir.is_dir():
        return removed
    old = time.time() - FORGET_AFTER_SECONDS
    for folder in cache_dir.iterdir():
        if folder.name.startswith(".") or not folder.is_dir() or folder.is_symlink():
            continue
        try:
            entries = list(folder.iterdir())
        except OSError:  # removed meanwhile, by another build sharing the cache
            continue
        if not entries or not all(_ENTRY.fullmatch(p.name) or p.name.startswith(TMP_PREFIX) for p in entries):
            continue
        kept_lesson = folder.name in lesson_ids
        for path in entries:
            code = path.name[: -_KEY_CHARS - 1] if _ENTRY.fullmatch(path.name) else None
            if (kept_lesson and (code is None or code in codes)) or _modified(
                path, default=time.time()
            ) > old:
                continue
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
        if not kept_lesson:
            with contextlib.suppress(OSError):
                folder.rmdir()  # when nothing is left in it
    return removed


def evict(cache_dir: Path, lesson_id: str, in_use: Iterable[Path]) -> list[Path]:
    """Keep the ``KEEP_PER_LOCALE`` most recently used entries per locale of a lesson, whatever this build
    uses and whatever a build used in the last ``IN_USE_SECONDS``; remove the rest and stale temporary
    folders. Returns what was removed."""
    folder = cache_dir / lesson_id
    if not folder.is_dir():
        return []
    keep = {path.resolve() for path in in_use}
    by_code: dict[str, list[Path]] = {}
    removed: list[Path] = []
    now = time.time()
    for path in folder.iterdir():
        if path.name.startswith(TMP_PREFIX):
            if now - _last_change(path) > STALE_TMP_SECONDS:
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
            continue
        if path.is_dir() and len(path.name) > _KEY_CHARS + 1:
            by_code.setdefault(path.name[: -_KEY_CHARS - 1], []).append(path)
    for entries in by_code.values():
        entries.sort(key=lambda p: _modified(p, default=now), reverse=True)
        for old in entries[KEEP_PER_LOCALE:]:
            if old.resolve() not in keep and now - _modified(old, default=now) > IN_USE_SECONDS:
                shutil.rmtree(old, ignore_errors=True)
                removed.append(old)
    if removed:
        log.debug("evicted %s", [p.name for p in removed])
    return removed


def _last_change(folder: Path) -> float:
    """When a temporary folder or a file in it last changed: a run of examples going on for over an hour
    rewrites its record in place (the folder's own time stays that of its start), and another build took it
    for one left by an interrupted build and removed it."""
    times = [_modified(folder, default=time.time())]
    with contextlib.suppress(OSError):
        times += [child.stat().st_mtime for child in folder.iterdir()]
    return max(times)


def _modified(path: Path, default: float) -> float:
    """When ``path`` last changed; ``default`` (now: not to be removed) if it is gone, published or removed
    meanwhile by another build sharing the cache (which ended this one in a traceback)."""
    try:
        return path.stat().st_mtime
    except OSError:
        return default
