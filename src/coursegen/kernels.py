"""Running driver notebooks (see :mod:`coursegen.driver`) in Jupyter kernels of this interpreter, several
at once, each in a private folder with a copy of its lesson's files; and turning what stops one (the
examples' own error, a cell past its time limit, a kernel that died) into an error at the examples' line.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Coroutine, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursegen import driver
from coursegen.errors import ExampleError
from coursegen.examples import ExampleSource

if TYPE_CHECKING:
    import nbformat
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

log = logging.getLogger(__name__)
# nbclient's own log says, in its words, what the errors of this module say with file and line ("Kernel died
# while waiting for execute reply." even for a kernel stopped on purpose): kept out of the build's log.
_NBCLIENT_LOG = logging.getLogger(f"{__name__}.nbclient")
_NBCLIENT_LOG.setLevel(logging.CRITICAL + 1)
_NBCLIENT_LOG.propagate = False

KERNEL_NAME = "python3"
# The file the kernel writes its stack into shortly before a cell's time limit (inkernel.runtime.STACK_FILE).
KERNEL_STACK = "stack.txt"
# How often a run looks whether it was cancelled.
CANCEL_POLL_SECONDS = 0.2
# How long nbclient takes to see that a kernel was killed (it looks every second).
KILLED_KERNEL_SECONDS = 10
_IMPORT_FAILED = re.compile(r"(?:^|: )(?:ModuleNotFoundError|ImportError): ")


class ExampleCodeError(ExampleError):
    """The examples' own code raised: the same code raises again (unless it failed to import something)."""

    @property
    def lasting(self) -> bool:
        """Whether running the same code again would fail again: not if it lacked a module, which the author
        may have installed or written meanwhile."""
        return _IMPORT_FAILED.search(self.reason) is None


class ExampleTimeout(ExampleError):
    """A cell ran past the time limit: the same code, run again, would hold two cores as long again (under
    mkdocs serve, every translator's save started a loop left in the examples for another ten minutes)."""


class ExamplesCancelled(ExampleError):
    """A run stopped before its end: a newer build wants other results, or ``mkdocs serve`` is stopping."""

    def __init__(self) -> None:
        super().__init__("examples stopped before their end")


async def run_kernels(
    jobs: list[tuple[nbformat.NotebookNode, Path]],
    source: ExampleSource,
    data: Mapping[str, bytes],
    done: Callable[[int], None],
    cancel: threading.Event,
) -> None:
    """Run the notebooks concurrently and call ``done(number)`` as each one finishes; the first failure is
    raised after the kernels still running have been stopped."""
    managers: list[AsyncKernelManager] = []
    tasks = {
        asyncio.ensure_future(_run_notebook(notebook, folder, source, data, managers)): number
        for number, (notebook, folder) in enumerate(jobs)
    }
    pending = set(tasks)
    written: set[str] = set()  # by every kernel, each with the lesson's folder to itself: told once
    try:
        while pending:
            finished, pending = await asyncio.wait(
                pending, timeout=CANCEL_POLL_SECONDS, return_when=asyncio.FIRST_COMPLETED
            )
            for task in sorted(finished, key=tasks.__getitem__):
                written.update(task.result())
                done(tasks[task])
            if cancel.is_set():
                raise ExamplesCancelled()
        if written:
            names = sorted(written)
            log.info(
                "%s: the examples wrote %s, which is not kept: they run in a copy of their lesson's folder "
                "(a figure reaches the page when it is shown, not saved)",
                source.path,
                ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else ""),
            )
    finally:
        if pending:
            # Killed, their kernels end nbclient's runs as a dead kernel does, its own watchers included:
            # a run cancelled half-way left a watcher that failed once the kernel was gone, printing a
            # traceback into the log of mkdocs serve.
            for manager in managers:
                if manager.has_kernel:
                    with contextlib.suppress(Exception):
                        await manager.shutdown_kernel(now=True)
            finished, pending = await asyncio.wait(pending, timeout=KILLED_KERNEL_SECONDS)
            for task in finished:
                task.exception()  # a killed kernel's error, expected: retrieved, so that asyncio keeps quiet
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)


def run_sync(coroutine: Coroutine[Any, Any, None]) -> None:
    """``asyncio.run``, also from a thread that already runs an event loop (then in a thread of its own)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(coroutine)
        return
    failure: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(coroutine)
        except BaseException as exc:  # handed to the calling thread
            failure.append(exc)

    thread = threading.Thread(target=run, name="coursegen-kernels")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


async def _run_notebook(
    notebook: nbformat.NotebookNode,
    workdir: Path,
    source: ExampleSource,
    data: Mapping[str, bytes],
    managers: list[AsyncKernelManager],
) -> list[str]:
    """Execute with the kernel of THIS interpreter: a kernelspec manager that only knows the native
    ipykernel spec, which launches ``sys.executable``, so no user-installed 'python3' spec can swap it.
    Returns the files the examples wrote (see :func:`_written`).

    The kernel talks over Unix sockets in a private temporary folder (not TCP ports open to every local
    user). It is started and stopped here, not by nbclient: nbclient leaves running a kernel it did not
    create, and a run cancelled while nbclient starts one (another kernel failed) left that kernel running
    until the build exited, with an exit hook that printed a traceback. It is killed, not asked to quit:
    everything it computed is on disk by then, and a kernel stopped because another one failed would
    otherwise print its own traceback into the build's log.
    """
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    _sweep_killed_runs()
    with tempfile.TemporaryDirectory(prefix=KERNEL_FOLDER_PREFIX) as sockets:
        manager = AsyncKernelManager(
            kernel_name=KERNEL_NAME,
            kernel_spec_manager=KernelSpecManager(kernel_dirs=[]),
            transport="ipc",
            ip=str(Path(sockets) / "kernel"),
            # Beside its sockets, not as a tmpXXXX.json of its own: a build killed (SIGKILL) left that file,
            # the kernel's key in it, in the temporary folder for good.
            connection_file=str(Path(sockets) / "connection.json"),
        )
        managers.append(manager)
        client = NotebookClient(
            notebook,
            km=manager,
            timeout=driver.CELL_TIMEOUT_SECONDS,
            kernel_name=KERNEL_NAME,
            log=_NBCLIENT_LOG,
        )
        log.debug("kernel: %s", sys.executable)
        # The examples' own folder, copied: they read the files beside them as a notebook run there would.
        beside = workdir / ".lesson"
        for name, content in data.items():
            (beside / name).parent.mkdir(parents=True, exist_ok=True)
            (beside / name).write_bytes(content)
        beside.mkdir(exist_ok=True)
        try:
            await _start_kernel(client, manager, beside, source, Path(sockets))
            await _execute_notebook(client, source, workdir)
            return _written(beside, set(data))
        finally:
            await _stop_kernel(client, manager)


KERNEL_FOLDER_PREFIX = "coursegen-kernel-"
# A kernel's folder lives as long as its run (minutes: a cell may take ten at most); one older than this was
# left by a build that was killed.
KILLED_RUN_SECONDS = 24 * 3600


@functools.cache
def _sweep_killed_runs() -> None:
    """Remove the kernels' folders that builds killed (SIGKILL, a machine switched off) left in the temporary
    folder, once per process: nothing else would ever remove them."""
    folder = Path(tempfile.gettempdir())
    old = time.time() - KILLED_RUN_SECONDS
    with contextlib.suppress(OSError):
        for left in folder.glob(f"{KERNEL_FOLDER_PREFIX}*"):
            with contextlib.suppress(OSError):
                if left.is_dir() and not left.is_symlink() and left.stat().st_mtime < old:
                    shutil.rmtree(left, ignore_errors=True)


def _written(beside: Path, copied: Collection[str]) -> list[str]:
    """The files the examples wrote into their copy of the lesson's folder (hidden ones and caches aside)."""
    found = []
    for path in sorted(beside.rglob("*")):
        name = path.relative_to(beside)
        hidden = any(part.startswith(".") or part == "__pycache__" for part in name.parts)
        if path.is_file() and not hidden and name.as_posix() not in copied:
            found.append(name.as_posix())
    return found


def kernel_environment(private: Path) -> dict[str, str]:
    """The kernel's environment: the build's, less what made one builder's site differ from another's.

    A fixed hash seed, or a printed set came out in another order in every build and in each kernel's
    locales; an IPython folder of its own, empty, or the builder's startup files (``np.set_printoptions``)
    changed the numbers on the pages, and the kernel wrote a profile into the home folder. The builder's
    matplotlibrc is set aside by the runtime itself (:class:`coursegen.inkernel.runtime.Runtime`).
    """
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = str(driver.RANDOM_SEED)
    env["IPYTHONDIR"] = str(private / "ipython")
    env.pop("MATPLOTLIBRC", None)
    return env


async def _start_kernel(
    client: NotebookClient, manager: AsyncKernelManager, workdir: Path, source: ExampleSource, private: Path
) -> None:
    """Start the kernel in ``workdir`` and connect ``client`` to it, as nbclient would (history in memory);
    ``private`` is a folder of the kernel's own, removed after it."""
    import zmq  # jupyter_client's, imported with it

    try:
        await manager.start_kernel(
            cwd=str(workdir),
            env=kernel_environment(private),
            extra_arguments=[f"--HistoryManager.hist_file={client.ipython_hist_file}"],
        )
        client.kc = manager.client()
        client.kc.start_channels()
        await client.kc.wait_for_ready(timeout=client.startup_timeout)
    except (OSError, RuntimeError, zmq.ZMQError) as exc:
        reason = f"the examples' kernel did not start: {exc}"
        if isinstance(exc, zmq.ZMQError) and "too long" in str(exc):
            # Its sockets are files under TMPDIR, and a socket's path has at most 107 bytes.
            reason += " (the temporary folder's path is too long for the kernel's sockets: set TMPDIR=/tmp)"
        raise ExampleError(reason, path=source.path) from None


async def _stop_kernel(client: NotebookClient, manager: AsyncKernelManager) -> None:
    """Kill the kernel if it runs, and remove its connection file and sockets; also after a cancellation
    half-way through starting it."""
    if client.kc is not None:
        client.kc.stop_channels()
        client.kc = None
    if manager.has_kernel:
        await manager.shutdown_kernel(now=True)
    else:
        await manager.cleanup_resources()


async def _execute_notebook(client: NotebookClient, source: ExampleSource, workdir: Path) -> None:
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    try:
        await client.async_execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        error = workdir / "error.json"
        if error.is_file():
            details = json.loads(error.read_text(encoding="utf-8"))
            raise ExampleCodeError(
                f"{_block_name(details)}: {details['reason']}", path=source.path, line=details["line"]
            ) from None
        running = workdir / "running.json"
        if isinstance(exc, CellTimeoutError | DeadKernelError) and running.is_file():
            details = json.loads(running.read_text(encoding="utf-8"))
            where = {"path": source.path, "line": details["line"]}
            if isinstance(exc, CellTimeoutError):
                where["line"] = _statement_running(workdir / KERNEL_STACK, source.path) or details["line"]
                reason = f"did not finish within {client.timeout} s (a loop that never ends?)"
                if details.get("apart"):
                    reason = (
                        f"did not finish within {client.timeout} s: {details['reason']} changed while one "
                        "language ran, and each language was running the examples up to here again on its own"
                    )
                raise ExampleTimeout(f"{_block_name(details)}: {reason}", **where) from None
            reason = "the kernel running it died (out of memory?)"
            raise ExampleError(f"{_block_name(details)}: {reason}", **where) from None
        lines = [line for line in _ANSI.sub("", str(exc)).splitlines() if line.strip(" -")]
        last = lines[-1].strip() if lines else type(exc).__name__
        raise ExampleError(f"examples could not run: {last}", path=source.path) from None


def _statement_running(stack: Path, path: Path) -> int | None:
    """The line of the examples the kernel was running when it wrote ``stack`` (innermost first)."""
    try:
        text = stack.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    # faulthandler writes a file name in ASCII, other letters escaped as in a Python string (\u0418 for И).
    names = {str(path), str(path).encode("ascii", "backslashreplace").decode("ascii")}
    pattern = "|".join(re.escape(name) for name in names)
    found = re.search(rf'File "(?:{pattern})", line (\d+)', text)
    return int(found.group(1)) if found else None


# The colours of IPython's tracebacks, which nbclient's error message keeps.
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _block_name(details: Mapping[str, Any]) -> str:
    return f"example '{details['block']}'" if details["block"] else "setup code"
