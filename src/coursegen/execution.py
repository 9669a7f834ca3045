"""Running a lesson's examples for every locale of the site, once, with a cache.

One build input (example source + engine + library versions) is executed once for all the locales that miss
the cache: the driver notebook (:mod:`coursegen.driver`) sends each source cell once; the kernel-side runtime
(:mod:`coursegen.inkernel`) runs its language-independent part once and its translated part per
locale (see there). Drawing the figures is most of the work and is per locale, so when several locales miss
the cache they are split over ``COURSEGEN_KERNELS`` kernels (default: two, or one on a one-core machine)
that run at the same time (:mod:`coursegen.kernels`), each doing the shared part and then its own locales; a
locale's results are the same whichever kernel runs it. When several lessons miss the cache, each gets one
kernel instead and they run side by side (:func:`start_lessons`): a lesson's shared part is then computed
once.

The kernels are separate processes, so :func:`start_examples` runs the whole thing in a background thread
and the caller (the MkDocs plugin) builds pages meanwhile, then joins the future.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import logging
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coursegen import example_cache
from coursegen.comments import without_comments
from coursegen.driver import LocaleStrings, driver_notebook, engine_code, kernel_locales
from coursegen.errors import ExampleError
from coursegen.examples import ExampleSource
from coursegen.files import files_under, is_editor_leftover
from coursegen.kernels import (
    CANCEL_POLL_SECONDS,
    ExampleCodeError,
    ExamplesCancelled,
    ExampleTimeout,
    run_kernels,
    run_sync,
)
from coursegen.lessons import OUTLINE_FILE, Lesson

try:
    import fcntl  # the lock a lesson's run takes across processes (see _lesson_lock)
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

KERNELS_ENV = "COURSEGEN_KERNELS"
MAX_DEFAULT_KERNELS = 2


@dataclass(frozen=True)
class Figure:
    """A saved figure; ``width``/``height`` in CSS pixels, for the ``<img>`` that shows it."""

    path: Path
    alt: str
    width: float
    height: float
    #: The alt text is English, the locale not translating it yet.
    english: bool = False
    #: How many characters of the cell's output come before it (None: all of them).
    at: int | None = None


@dataclass(frozen=True)
class CellResult:
    source: str
    stdout: str
    figures: tuple[Figure, ...]
    #: Every text its run translated is shown in English (the locale does not translate them yet).
    english: bool = False


@dataclass(frozen=True)
class BlockResult:
    cells: tuple[CellResult, ...]


@dataclass(frozen=True)
class ExampleResults:
    """``blocks[locale_code][block_name]``; ``rendered`` lists the locales executed by this call (empty when
    everything came from the cache)."""

    lesson: str
    blocks: Mapping[str, Mapping[str, BlockResult]]
    rendered: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)


def run_examples(
    lesson: Lesson,
    source: ExampleSource,
    locales: Sequence[LocaleStrings],
    cache_dir: Path,
    output_dir: Path | None = None,
    kernels: int | None = None,
    cancel: threading.Event | None = None,
    entries: CacheEntries | None = None,
    only_cached: bool = False,
) -> ExampleResults:
    """Results of every block for every locale, executing only the locales the cache lacks (none with
    ``only_cached``: :class:`_CacheMiss` then).

    Figure paths point into the cache entry, or into ``output_dir/<locale>/`` when it is given (copied).
    ``kernels`` caps the kernels run at once (default: :func:`kernel_count`). Setting ``cancel`` stops the
    run, kernels and all, with :class:`ExamplesCancelled`. ``entries``: each locale's cache entry, when the
    caller has found them already (:func:`cache_entries`).
    """
    cancel = cancel or threading.Event()
    wanted = kernel_locales(source, locales)
    entries = entries if entries is not None else _entries(lesson, source, wanted, cache_dir)
    stored = {code: example_cache.read_entry(entry) for code, entry in entries.items()}
    missing = [code for code, data in stored.items() if data is None]
    warnings: list[str] = []
    if missing and only_cached:
        raise _CacheMiss
    if missing:
        count = kernel_count(len(missing), kernels)
        with (
            _lesson_lock(cache_dir, lesson.id, cancel),
            _slots.take(count, max(count, kernel_count(sys.maxsize)), cancel),
        ):
            # Kernels of a build that stopped meanwhile (``mkdocs serve``: a broken file saved with the
            # examples) may have finished these while this one waited for its turn: run only the rest.
            stored.update({code: example_cache.read_entry(entries[code]) for code in missing})
            missing = [code for code in missing if stored[code] is None]
            if missing:
                log.info("%s: executing examples for %s", lesson.id, ", ".join(missing))
                groups = split_locales(missing, kernel_count(len(missing), kernels))
                fresh = _execute(
                    lesson,
                    source,
                    [[wanted[code] for code in group] for group in groups],
                    cache_dir,
                    entries,
                    cancel,
                )
            else:
                fresh = {}
        for code, data in fresh.items():
            stored[code] = data
            warnings.extend(data.get("warnings", ()))
    elif not only_cached:  # (those are counted together: start_lessons)
        log.info("%s: examples of every locale from the cache", lesson.id)
    example_cache.evict(cache_dir, lesson.id, entries.values())
    blocks = {
        code: _blocks(source, data, entries[code], output_dir / code if output_dir else None)
        for code, data in stored.items()
        if data is not None
    }
    return ExampleResults(lesson.id, blocks, tuple(missing), tuple(dict.fromkeys(warnings)))


class CacheEntries(dict[str, Path]):
    """Each locale's cache entry of a lesson's results, with the bytes of the data files their keys were
    computed from. The kernels are given those bytes, not the files as they are when a kernel starts: a file
    saved meanwhile (a lesson waiting for a kernel, seconds later) gave the new data's results under the old
    data's key, and they were served again once the file was changed back."""

    def __init__(self, entries: Mapping[str, Path], data: Mapping[str, bytes]) -> None:
        super().__init__(entries)
        self.data = dict(data)


def cache_entries(
    lesson: Lesson, source: ExampleSource, locales: Sequence[LocaleStrings], cache_dir: Path
) -> CacheEntries:
    """Each locale's cache entry of the lesson's results. Found once per run: it reads and hashes the data
    files, which the run is then given as they were read."""
    return _entries(lesson, source, kernel_locales(source, locales), cache_dir)


def _entries(
    lesson: Lesson, source: ExampleSource, wanted: Mapping[str, Mapping[str, Any]], cache_dir: Path
) -> CacheEntries:
    data = {name: _read_data(path) for name, path in data_files(source).items()}
    computation = example_cache.computation_key(without_comments(source.text).encode(), engine_code(), data)
    return CacheEntries(
        {
            code: example_cache.entry_dir(
                cache_dir, lesson.id, code, example_cache.locale_key(computation, strings)
            )
            for code, strings in wanted.items()
        },
        data,
    )


def _read_data(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        reason = f"a data file beside the examples cannot be read: {exc.strerror or exc}"
        raise ExampleError(reason, path=path) from None


def data_files(source: ExampleSource) -> dict[str, Path]:
    """The files beside the examples that they may read (``np.loadtxt("data/x.csv")``), by relative name:
    everything in their folder but the source itself, the lesson's outline, hidden files, caches and what
    editors leave beside a file (an Emacs autosave of examples.py re-ran every locale's examples). The
    kernel runs in a copy of them, so that what an example writes never lands in ``docs/`` (where
    ``mkdocs serve`` would rebuild, run it again, and so on)."""
    folder = source.path.parent
    found: dict[str, Path] = {}
    walked = files_under(folder, lambda sub: not sub.name.startswith(".") and sub.name != "__pycache__")
    for path in sorted(walked):
        name = path.relative_to(folder).as_posix()
        parts = name.split("/")
        if (
            not path.is_file()
            or path == source.path
            or name == OUTLINE_FILE
            or any(part.startswith(".") or part == "__pycache__" for part in parts)
            or is_editor_leftover(path.name)
            or name.endswith(".pyc")
        ):
            continue
        found[name] = path
    return found


def kernel_count(missing: int, wanted: int | None = None) -> int:
    """How many kernels run ``missing`` locales: ``wanted``, else ``COURSEGEN_KERNELS``, else one per core up
    to two; never more than the locales. Each kernel repeats the shared computation, so kernels beyond the
    cores only add work."""
    if wanted is None:
        text = os.environ.get(KERNELS_ENV, "").strip()
        if text:
            try:
                wanted = int(text)
            except ValueError:
                raise ExampleError(f"{KERNELS_ENV} must be a whole number, not {text!r}") from None
        else:
            wanted = min(MAX_DEFAULT_KERNELS, _cores())
    if wanted < 1:
        raise ExampleError(f"{KERNELS_ENV} must be at least 1, not {wanted}")
    return max(1, min(wanted, missing))


def _cores() -> int:
    """The cores this process may run on (a container's limit rather than the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def split_locales(codes: Sequence[str], kernels: int) -> list[list[str]]:
    """``codes`` dealt round-robin into ``kernels`` groups (sizes differ by one at most, order kept)."""
    return [list(codes[number::kernels]) for number in range(kernels) if codes[number::kernels]]


#: Under the cache folder: a lock file per lesson, held while its examples run (see :func:`_lesson_lock`).
LOCKS_FOLDER = ".locks"


@contextlib.contextmanager
def _lesson_lock(cache_dir: Path, lesson_id: str, cancel: threading.Event) -> Iterator[None]:
    """Held while a lesson's examples run, by every process that shares the cache: mkdocs serve and a build
    (or two builds) each ran the examples the cache lacked, four kernels on two cores, twice the time. The
    one that waits then reads what the other stored. Taken before the kernels (a run that holds kernels
    holds its lock already, so no two runs wait for each other); without locks (another system, a cache
    that cannot hold one) runs go on as before."""
    if fcntl is None:
        yield
        return
    try:
        (cache_dir / LOCKS_FOLDER).mkdir(parents=True, exist_ok=True)
        handle = open(cache_dir / LOCKS_FOLDER / f"{lesson_id}.lock", "ab")  # noqa: SIM115 (closed below)
    except OSError:
        yield
        return
    with handle:
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if cancel.is_set():
                    raise ExamplesCancelled() from None
                if not told:
                    log.info(
                        "%s: waiting for another run of these examples to end (one a newer save stopped, or "
                        "another build's)",
                        lesson_id,
                    )
                    told = True
                time.sleep(CANCEL_POLL_SECONDS)
            except OSError:  # a file system without locks
                break
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                fcntl.flock(handle, fcntl.LOCK_UN)


class _KernelSlots:
    """The kernels running at once in this process, shared by the lessons computing in the background.

    A lesson waits until all the kernels it wants are free: a lesson of one locale takes one and leaves the
    other core to the next lesson, a lesson of several locales takes both.
    """

    def __init__(self) -> None:
        self._used = 0
        self._changed = threading.Condition()

    @contextlib.contextmanager
    def take(self, count: int, total: int, cancel: threading.Event | None = None) -> Iterator[None]:
        count = min(count, total)
        stop = cancel or threading.Event()
        with self._changed:
            self._changed.wait_for(lambda: self._used + count <= total or stop.is_set())
            if stop.is_set():
                raise ExamplesCancelled()
            self._used += count
        try:
            yield
        finally:
            with self._changed:
                self._used -= count
                self._changed.notify_all()

    def wake(self) -> None:
        """Let the runs waiting for kernels look whether they were cancelled."""
        with self._changed:
            self._changed.notify_all()


class _CacheMiss(Exception):
    """A result :func:`run_examples` was to read from the cache is not there (any longer)."""


@dataclass(frozen=True)
class _Run:
    """A run started in the background: the cache entries it computes, and the event that stops it."""

    entries: frozenset[Path]
    cancel: threading.Event
    future: Future[ExampleResults]


_slots = _KernelSlots()
_executor: ThreadPoolExecutor | None = None
_runs_lock = threading.Lock()
_runs: dict[str, list[_Run]] = {}
# Under ``mkdocs serve``, what the examples' own code raised or a cell that ran past the time limit, by the
# entries the run computed: every rebuild of the same examples (a transcript saved meanwhile) reports it again
# without running it. Dead kernels and missing modules are not kept: the same code may run another time.
_failures: dict[tuple[str, frozenset[Path]], ExampleError] = {}
# Those, told to the next build that asks for the same run and then forgotten: a run shown as still running
# that failed so makes mkdocs serve build again, and that build, starting the run afresh, showed it as still
# running again: a rebuild every few seconds, the error never told.
_untold: dict[tuple[str, frozenset[Path]], ExampleError] = {}


@dataclass(frozen=True)
class LessonExamples:
    """One lesson's examples to compute, for :func:`start_lessons`."""

    lesson: Lesson
    source: ExampleSource
    locales: Sequence[LocaleStrings]


def start_lessons(lessons: Sequence[LessonExamples], cache_dir: Path) -> dict[str, Future[ExampleResults]]:
    """Start computing every lesson's examples in the background, sharing the kernels between them.

    A kernel repeats the lesson's shared computation, so when several lessons miss the cache each runs in
    one kernel and they run side by side, as many at once as there may be kernels; the lessons left over
    for the last round share all the kernels (a lesson that misses alone splits its locales over them).
    Lessons whose results are all cached just read them.
    """
    slots = kernel_count(sys.maxsize)
    entries = {
        item.lesson.id: cache_entries(item.lesson, item.source, item.locales, cache_dir) for item in lessons
    }
    needing = [
        lesson_id
        for lesson_id, found in entries.items()
        if any(example_cache.read_entry(entry) is None for entry in found.values())
    ]
    cached = [lesson_id for lesson_id in entries if lesson_id not in needing]
    if len(cached) == 1:
        log.info("%s: examples of every locale from the cache", cached[0])
    elif cached:  # one line, not one per lesson on every rebuild of mkdocs serve
        log.info("examples of %d lessons, every locale, from the cache", len(cached))
    full_rounds = len(needing) - len(needing) % slots
    kernels = {
        lesson_id: 1 if number < full_rounds else slots // (len(needing) - full_rounds)
        for number, lesson_id in enumerate(needing)
    }
    return {
        item.lesson.id: start_examples(
            item.lesson,
            item.source,
            item.locales,
            cache_dir,
            kernels=kernels.get(item.lesson.id),
            entries=entries[item.lesson.id],
        )
        for item in lessons
    }


def start_examples(
    lesson: Lesson,
    source: ExampleSource,
    locales: Sequence[LocaleStrings],
    cache_dir: Path,
    output_dir: Path | None = None,
    kernels: int | None = None,
    entries: CacheEntries | None = None,
) -> Future[ExampleResults]:
    """:func:`run_examples` in a background thread; the kernels run while the caller works.

    As many lessons run at once as there may be kernels (:func:`kernel_count`), each taking the kernels it
    uses from a shared count, so a build never runs more kernels than that, and a course of one locale still
    keeps both cores busy.
    """
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(
            max_workers=kernel_count(sys.maxsize), thread_name_prefix="coursegen-examples"
        )
    found = entries if entries is not None else cache_entries(lesson, source, locales, cache_dir)
    key = frozenset(found.values())
    with _runs_lock:
        live = [run for run in _runs.get(lesson.id, ()) if not run.cancel.is_set()]
        # The same run, started by an earlier build of mkdocs serve and not done yet: wait for it.
        same = next((run for run in live if run.entries == key), None)
        if same is not None:
            return same.future
        # A run that computes nothing this build wants (its examples were edited meanwhile, or a label of its
        # locale corrected: the other locales' results it shares are cached already) only holds the kernels:
        # stop it, even if it never ends. One some of whose results are still to come and wanted goes on.
        computing = {id(run): _uncached(run.entries) for run in live}
        for run in live:
            if not computing[id(run)] & key:
                run.cancel.set()
        _slots.wake()
        if not _uncached(key):
            # Every result is cached: read now, in the build's thread, not in the queue behind other lessons'
            # kernels (under mkdocs serve a lesson whose run had ended was shown as still running, build after
            # build, while its reading waited its turn).
            cached: Future[ExampleResults] = Future()
            try:
                cached.set_result(
                    run_examples(lesson, source, locales, cache_dir, output_dir, kernels, None, found, True)
                )
            except _CacheMiss:
                pass  # an entry removed meanwhile: run as usual
            except ExampleError as exc:
                cached.set_exception(exc)
            if cached.done():
                return cached
        remembered = _failures.get((lesson.id, key))
        if remembered is not None:
            # Said, as it is not run again: the author who fixed what it needed elsewhere knows what to do.
            failed: ExampleError | None = type(remembered)(
                f"{remembered.reason} (not run again until the examples or their data change)",
                path=remembered.path,
                line=remembered.line,
            )
        else:
            failed = _untold.pop((lesson.id, key), None)
        if failed is not None:
            future: Future[ExampleResults] = Future()
            future.set_exception(failed)
            return future
        cancel = threading.Event()
        # A run still computing some of these entries (a label fixed in one locale): its results are taken
        # from the cache once it is done, rather than computed twice side by side.
        sharing = [run.future for run in live if computing[id(run)] & key]

        def run() -> ExampleResults:
            try:
                concurrent.futures.wait(sharing)
                return run_examples(lesson, source, locales, cache_dir, output_dir, kernels, cancel, found)
            except ExamplesCancelled:
                raise
            except ExampleError as exc:
                with _runs_lock:
                    if (isinstance(exc, ExampleCodeError) and exc.lasting) or isinstance(exc, ExampleTimeout):
                        _failures[(lesson.id, key)] = exc
                    else:
                        _untold[(lesson.id, key)] = exc
                raise

        future = _executor.submit(run)
        started = _Run(key, cancel, future)
        _runs.setdefault(lesson.id, []).append(started)
    future.add_done_callback(lambda _done: _forget(lesson.id, started))
    return future


def _uncached(entries: frozenset[Path]) -> frozenset[Path]:
    """Of a run's cache entries, those it has not stored yet."""
    uncached = set()
    for entry in entries:
        try:
            if not (entry / example_cache.RESULT_FILE).is_file():
                uncached.add(entry)
        except OSError as exc:  # a folder another user made (a build with sudo) that this one cannot enter
            reason = f"cannot read the examples' cache: {exc.strerror}; make it readable, delete it, or set "
            raise ExampleError(reason + "COURSEGEN_CACHE_DIR to another folder", path=entry) from None
    return frozenset(uncached)


def _forget(lesson_id: str, run: _Run) -> None:
    with _runs_lock:
        runs = _runs.get(lesson_id, [])
        if run in runs:
            runs.remove(run)


def cancel_all() -> None:
    """Stop every run in the background, kernels and all (``mkdocs serve`` is stopping: without this,
    Python waited at exit for the kernels to finish, ten minutes for an example that never ends)."""
    with _runs_lock:
        for runs in _runs.values():
            for run in runs:
                run.cancel.set()
    _slots.wake()


_interrupts_stop_runs = False
# How many times Ctrl-C (or SIGTERM) came.
_stops = 0


def stop_runs_when_interrupted() -> None:
    """Ctrl-C (SIGINT) and SIGTERM stop the runs in the background, kernels and all, then do what they did:
    a plain ``mkdocs build`` said "Aborted!" and went on waiting for its kernels at exit, ten minutes for an
    example that never ends. A second one while they stop waits for them (it left a traceback and the kernels'
    files), a third quits at once. (A build that stops on an error still lets its runs finish, so that the
    next build finds them cached.)"""
    global _interrupts_stop_runs
    if _interrupts_stop_runs or threading.current_thread() is not threading.main_thread():
        return
    _interrupts_stop_runs = True
    for number in (signal.SIGINT, signal.SIGTERM):
        previous = signal.getsignal(number)
        if previous in (signal.SIG_IGN, None):
            continue

        def stop(signum: int, frame: Any, previous: Any = previous) -> None:
            global _stops
            _stops += 1
            if _stops == 2:
                # The first one is stopping the kernels and removing their files (a second or two): raised
                # again, it broke into Python's wait for that at exit, with a traceback, and the kernels'
                # connection files (their keys) stayed behind.
                print(
                    "coursegen: stopping the examples' kernels, a moment (once more to quit at once, "
                    "leaving their temporary files)",
                    file=sys.stderr,
                    flush=True,
                )
                return
            if _stops > 2:
                os._exit(128 + signum)
            # In a thread of its own: this one may hold the lock that cancelling takes (a signal lands
            # between any two bytecodes), and would wait for itself for good.
            threading.Thread(target=cancel_all, name="coursegen-cancel", daemon=True).start()
            if callable(previous):
                previous(signum, frame)
            elif signum == signal.SIGINT:
                raise KeyboardInterrupt
            else:
                raise SystemExit(128 + signum)

        signal.signal(number, stop)


def _execute(
    lesson: Lesson,
    source: ExampleSource,
    groups: list[list[dict[str, Any]]],
    cache_dir: Path,
    entries: CacheEntries,
    cancel: threading.Event,
) -> dict[str, dict[str, Any]]:
    """Run each group of locales in its own kernel, all at once; publish a group's entries as soon as its
    kernel is done (each entry is complete on its own), and stop the other kernels if one fails or the run
    is cancelled."""
    # Absolute: the kernels write into these folders from a working directory of their own.
    staged = [example_cache.new_tmp_dir(cache_dir, lesson.id).absolute() for _ in groups]
    fresh: dict[str, dict[str, Any]] = {}
    stats: dict[int, tuple[int, int]] = {}
    slow_told: set[tuple[str, int]] = set()
    unshown_told: set[tuple[str, int, str]] = set()
    apart_told: set[tuple[str, int]] = set()

    def publish(number: int) -> None:
        folder = staged[number]
        raw = json.loads((folder / "results.json").read_text(encoding="utf-8"))
        stats[number] = (raw["stats"]["shared_statements"], raw["stats"]["localized_statements"])
        for slow in raw.get("slow", ()):
            told = (slow["block"], slow["line"])
            if told not in slow_told:
                slow_told.add(told)
                log.info(
                    "%s:%d: example '%s' takes %.1f s per language from this statement on (after a plot or a "
                    "translated text, a cell runs once per language): compute the slow part above it",
                    source.path,
                    slow["line"],
                    slow["block"] or "setup",
                    slow["seconds"],
                )
        for unshown in raw.get("unshown", ()):
            shown = (unshown["block"], unshown["line"], unshown["what"])
            if shown not in unshown_told:
                unshown_told.add(shown)
                log.warning(
                    "%s:%d: example '%s' shows %s, which a page cannot show (it shows what is printed and "
                    "figures): draw it as a figure, or print what it says",
                    source.path,
                    unshown["line"],
                    unshown["block"] or "setup",
                    unshown["what"],
                )
        apart = raw.get("separate")
        if apart and (apart["block"], apart["line"]) not in apart_told:
            apart_told.add((apart["block"], apart["line"]))
            log.info(
                "%s:%d: example '%s': %s changed while one language ran, and the next would have started "
                "from it: from here on each language runs the examples on its own, as its notebook does "
                "(slower)",
                source.path,
                apart["line"],
                apart["block"] or "setup",
                apart["reason"],
            )
        for locale in groups[number]:
            code = locale["code"]
            data = {"cells": raw["cells"][code], "warnings": raw["warnings"][code]}
            (folder / code).mkdir(exist_ok=True)
            example_cache.publish(folder / code, data, entries[code])
            fresh[code] = data

    try:
        jobs = [
            (driver_notebook(source, group, folder, name_locale=len(entries) > 1), folder)
            for group, folder in zip(groups, staged, strict=True)
        ]
        run_sync(run_kernels(jobs, source, entries.data, publish, cancel))
        log.info("%s: examples executed in %d kernel(s): %s", lesson.id, len(groups), _kernel_stats(stats))
        return {locale["code"]: fresh[locale["code"]] for group in groups for locale in group}
    except (OSError, ExampleError) as exc:
        # `make clean` or an `rm -rf` of the cache while the kernels wrote into it: a traceback of a file not
        # found in a folder of the cache, or "examples could not run" naming one.
        if isinstance(exc, ExamplesCancelled) or all(folder.is_dir() for folder in staged):
            raise
        reason = f"the examples' cache ({cache_dir}) was removed while they ran: build again"
        raise ExampleError(reason, path=source.path) from None
    finally:
        for folder in staged:
            shutil.rmtree(folder, ignore_errors=True)


def _kernel_stats(stats: Mapping[int, tuple[int, int]]) -> str:
    """What each kernel ran: its statements run once for all its locales, and those run per locale (each
    kernel computes the shared part for its own locales, so they are not added up).

    >>> _kernel_stats({0: (42, 109), 1: (42, 109)})
    '42 statements run once for all its locales and 109 per locale, in each'
    >>> _kernel_stats({0: (0, 151), 1: (42, 109)})
    '0 statements run once for all its locales and 151 per locale; 42 and 109'
    """
    runs = [stats[number] for number in sorted(stats)]
    first = f"{runs[0][0]} statements run once for all its locales and {runs[0][1]} per locale"
    if len(set(runs)) == 1:
        return first + (", in each" if len(runs) > 1 else "")
    return "; ".join([first, *(f"{shared} and {per}" for shared, per in runs[1:])])


def _blocks(
    source: ExampleSource, data: Mapping[str, Any], entry: Path, output_dir: Path | None
) -> dict[str, BlockResult]:
    by_index = {cell["index"]: cell for cell in data["cells"]}
    if output_dir is not None:
        output_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, BlockResult] = {}
    for block in source.blocks:
        cells = []
        for cell in block.cells:
            stored = by_index[cell.index]
            figures = []
            for figure in stored["figures"]:
                path = entry / figure["file"]
                if output_dir is not None:
                    path = Path(shutil.copy2(path, output_dir / figure["file"]))
                figures.append(
                    Figure(
                        path,
                        figure["alt"],
                        figure["width"],
                        figure["height"],
                        figure.get("english", False),
                        figure.get("at"),
                    )
                )
            cells.append(
                CellResult(cell.source, stored["stdout"], tuple(figures), stored.get("english", False))
            )
        results[block.name] = BlockResult(tuple(cells))
    return results
