"""Where a cell's printed output goes: ``sys.stdout`` and ``sys.stderr`` into the cell's buffer, and what
reaches the process's own file descriptors (a subprocess, ``os.system``, a C library) in the order a
notebook shows it."""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from typing import Any


class _ProcessOutput:
    """What the process's own output and error streams (file descriptors 1 and 2) receive while a cell runs,
    for what the cell shows: a subprocess's, ``os.system``'s, a C library's. Jupyter shows it under the cell;
    here it missed the page and went to the build's terminal, once per language, with no file or line.

    It reaches the cell's output when the cell ends; once the cell starts a process, before each line it
    prints too, in the order a notebook shows them. Not before every line from the start: a loop printing
    100,000 lines ran six times slower looking each time."""

    def __init__(self, shown: io.StringIO, sink: Any) -> None:
        self.shown, self.sink = shown, sink
        self.interleaved = _Interleaved(self)
        self._taken = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def take(self, *, final: bool = False) -> None:
        # The end of what the streams wrote (they write there anyway: moving to it moves nothing).
        size = os.lseek(self.sink.fileno(), 0, os.SEEK_END)
        data = os.pread(self.sink.fileno(), size - self._taken, self._taken) if size > self._taken else b""
        self._taken = size
        text = self._decoder.decode(data, final=final)  # a character cut at the end, shown as "\ufffd"
        if text:
            self.shown.write(text)

    def watch(self) -> None:
        """From now on, what the process's streams received goes before each text the cell prints (to the
        page: not what the examples catch themselves, redirect_stdout(io.StringIO()), a tee)."""
        self.point(self.shown, self.interleaved)

    def point(self, old: Any, new: Any) -> None:
        """The page's streams that write to ``old`` write to ``new`` from now on."""
        for stream in (_STDOUT, _STDERR):
            if stream.target is old:
                stream.target = new


class _Interleaved(io.TextIOBase):
    """The cell's printed output once it started a process (see :class:`_ProcessOutput`)."""

    def __init__(self, output: _ProcessOutput) -> None:
        self.output = output

    def write(self, text: str) -> int:
        self.output.take()
        return self.output.shown.write(text)

    def writable(self) -> bool:
        return True


class _CellStream(io.TextIOBase):
    """``sys.stdout`` or ``sys.stderr`` while the examples run: one object for the kernel's life, writing to
    the output of the cell running now, as ipykernel's streams do. A fresh stream per cell left what a
    logging handler (or a name) holding an earlier cell's wrote since in that cell: missing from the pages."""

    def __init__(self, name: str, fd: int) -> None:
        self.name, self.fd = name, fd
        self.target: Any = io.StringIO()
        self.shut = False

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    @property
    def closed(self) -> bool:  # type: ignore[override]
        return self.shut

    def close(self) -> None:
        """Closed for the rest of the cell (the next write fails, as in Jupyter), open again for the next
        cell and the next locale's run: closed for good, it failed every later cell far from the cause."""
        self.shut = True

    def fileno(self) -> int:
        """The process's own stream, which the cell's output takes while it runs (``_ProcessOutput``):
        ``subprocess.run(..., stdout=sys.stdout)`` and ``faulthandler.enable()`` need one, as ipykernel's
        streams give."""
        return self.fd

    def write(self, text: str) -> int:
        if self.shut:
            raise ValueError("I/O operation on closed file.")
        return self.target.write(text)

    def flush(self) -> None:
        if self.shut:
            raise ValueError("I/O operation on closed file.")

    def writable(self) -> bool:
        return True

    def __copy__(self) -> _CellStream:
        return self  # one for the kernel's life: a snapshot's copy wrote to the cell that took the snapshot

    def __deepcopy__(self, _memo: dict[int, Any]) -> _CellStream:
        return self


_STDOUT, _STDERR = _CellStream("<stdout>", 1), _CellStream("<stderr>", 2)


@contextlib.contextmanager
def _cell_streams(buffer: io.StringIO) -> Iterator[None]:
    """``sys.stdout`` and ``sys.stderr`` write to ``buffer`` (the cell's output) while the block runs."""
    before = [(stream.target, stream.shut) for stream in (_STDOUT, _STDERR)]
    for stream in (_STDOUT, _STDERR):
        stream.target, stream.shut = buffer, False
    try:
        with contextlib.redirect_stdout(_STDOUT), contextlib.redirect_stderr(_STDERR):
            yield
    finally:
        for stream, (target, shut) in zip((_STDOUT, _STDERR), before, strict=True):
            stream.target, stream.shut = target, shut


# The running cell's process output, while there is one; an audit hook tells it when a process starts.
_process_output_now: list[_ProcessOutput] = []
_PROCESS_EVENTS = frozenset(
    {"os.system", "subprocess.Popen", "os.posix_spawn", "os.spawn", "os.exec", "os.fork"}
)


def _take_process_output() -> None:
    """What the running cell's processes wrote so far, into its output (before what comes next)."""
    if _process_output_now:
        _process_output_now[-1].take()


def _on_audit(event: str, _args: tuple[Any, ...]) -> None:
    if _process_output_now and event in _PROCESS_EVENTS:
        _process_output_now[-1].take()
        _process_output_now[-1].watch()


def _flush_process_streams() -> None:
    """What Python wrote to the process's own streams (sys.__stdout__), out to their file descriptors."""
    for stream in (sys.__stdout__, sys.__stderr__):
        with contextlib.suppress(Exception):
            stream.flush()  # type: ignore[union-attr]


@contextlib.contextmanager
def _process_output(shown: io.StringIO) -> Iterator[None]:
    """The process's own output and error streams go to ``shown`` while the block runs (see
    :class:`_ProcessOutput`)."""
    with tempfile.TemporaryFile() as sink:
        _flush_process_streams()
        try:
            kept = [os.dup(1), os.dup(2)]
        except OSError:  # no such streams: nothing to take
            yield
            return
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        output = _ProcessOutput(shown, sink)
        _process_output_now.append(output)
        try:
            yield
        finally:
            output.point(output.interleaved, shown)
            _process_output_now.pop()
            _flush_process_streams()
            for fd, saved in zip((1, 2), kept, strict=True):
                os.dup2(saved, fd)
                os.close(saved)
            output.take(final=True)


sys.addaudithook(_on_audit)  # once, as this module is loaded: a hook cannot be removed
