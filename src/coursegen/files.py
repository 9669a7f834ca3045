"""Reading the course's hand-written text files, and writing files so that no reader ever sees half of one.

A file a person wrote (lesson outline, example source, guide page) that is missing or not UTF-8 comes back
as one line naming it, raised as the error type of the module that reads it. Catalogs, the build cache and
anything else coursegen rewrites in place go through :func:`write_atomic`: the bytes go to a temporary file
next to the target, which is then renamed over it in one step.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from coursegen.errors import CoursegenError, TranscriptError


def content_version(data: bytes) -> str:
    """A short digest of a file the site publishes, for its address (``?v=...``): browsers keep what a page
    loaded for minutes or hours, and after a new build the new page ran with the old script, stylesheet and
    plot. A changed file is a new address; an unchanged one stays in the browser's cache."""
    return hashlib.sha256(data).hexdigest()[:10]


def versioned(address: str, data: bytes) -> str:
    """``address`` (a file's, without a query) with the :func:`content_version` of ``data``."""
    return f"{address}?v={content_version(data)}"


def read_bytes(path: Path, error: type[CoursegenError], what: str) -> bytes:
    """The bytes of ``path``, or ``error`` naming it: a missing or unreadable file (no permission, a folder in
    its place) is the project's error, told in one line, not a traceback."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise error(f"{what} not found", path=path) from None
    except OSError as exc:
        raise error(f"{what} cannot be read: {exc.strerror or exc}", path=path) from None


#: The largest transcript read: some seventy hours of speech. Aligning takes seconds per megabyte.
MAX_TRANSCRIPT_BYTES = 4 * 2**20


def transcript_bytes(path: Path) -> bytes:
    """A transcript's bytes, at most :data:`MAX_TRANSCRIPT_BYTES` of them: a device (``/dev/zero``) was read
    for good, and a file of many megabytes aligned for minutes (and was read whole before that, for the
    cache's key). A caller that needs the bytes twice keeps them (a pipe gives them only once)."""
    if path.is_dir():
        raise TranscriptError("is a directory, not a transcript file", path=path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_TRANSCRIPT_BYTES + 1)
    except FileNotFoundError:
        raise TranscriptError("no such file", path=path) from None
    except OSError as exc:
        raise TranscriptError(f"cannot be read: {exc.strerror or exc}", path=path) from None
    if len(data) > MAX_TRANSCRIPT_BYTES:
        raise TranscriptError(
            f"over {MAX_TRANSCRIPT_BYTES // 2**20} MB, not a lesson's transcript (an hour of speech is about "
            "60 KB): split the lesson, or check the file",
            path=path,
        )
    if not data.strip():
        raise TranscriptError("empty file", path=path)
    return data


def read_text(path: Path, error: type[CoursegenError], what: str) -> str:
    """The UTF-8 text of ``path``, without the byte order mark Windows editors put first (a guide's title
    became a paragraph, an example "invalid Python"); ``what`` names the file in messages.

    >>> from coursegen.errors import LessonError
    >>> read_text(Path("missing.yml"), LessonError, "lesson outline")
    Traceback (most recent call last):
    ...
    coursegen.errors.LessonError: missing.yml: lesson outline not found
    """
    data = read_bytes(path, error, what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Where the first character another encoding wrote is: what the editor must be told to save as UTF-8.
        line = data.count(b"\n", 0, exc.start) + 1
        reason = f"{what}: not UTF-8 (byte 0x{data[exc.start]:02x}): save the file as UTF-8"
        if ends_mid_character(exc):
            reason = f"{what}: {CUT_SHORT}"
        raise error(reason, path=path, line=line) from None


#: Said of a file that holds an unresolved merge conflict (see :func:`merge_conflict`).
MERGE_CONFLICT = "an unresolved merge conflict (<<<<<<<, =======, >>>>>>>): keep one side, remove the markers"


def merge_conflict(text: str) -> int | None:
    """The line (1-based) where an unresolved merge conflict opens in ``text``, if one does: its
    ``<<<<<<<`` line, followed by a ``=======`` line and then a ``>>>>>>>`` line, as git leaves both
    sides of a conflicting change until someone chooses. Translators merge each other's work: a
    transcript published both of its versions and the markers between them, and ``check`` saw nothing.

    >>> merge_conflict("a\\n<<<<<<< HEAD\\nb\\n=======\\nc\\n>>>>>>> theirs\\n")
    2
    >>> merge_conflict("Title\\n=======\\n") is None  # a heading underlined, no conflict
    True
    """
    if "<<<<<<<" not in text:  # every file read, every build: most have none
        return None
    opened = separated = None
    for number, line in enumerate(text.splitlines(), start=1):
        marker = line[:7]
        if marker == "<<<<<<<" and line[7:8] in ("", " "):
            opened, separated = number, None
        elif opened is not None and marker == "=======" and not line[7:].strip():
            separated = number
        elif separated is not None and marker == ">>>>>>>" and line[7:8] in ("", " "):
            return opened
    return None


def refuse_merge_conflict(
    text: str, path: Path, error: type[CoursegenError], what: str | None = None
) -> None:
    """Raise ``error`` at the line where a merge conflict opens in ``text``, the file ``path``'s (``what``
    names the file in the message), if one does (see :func:`merge_conflict`)."""
    line = merge_conflict(text)
    if line is not None:
        raise error(f"{what}: {MERGE_CONFLICT}" if what else MERGE_CONFLICT, path=path, line=line)


#: Said of a file whose last character is cut short, as an editor's save caught half-way leaves one.
CUT_SHORT = "the file ends in the middle of a character (a save caught half-way?): save it again"


def ends_mid_character(error: UnicodeDecodeError) -> bool:
    """Whether the only bytes that do not decode are the start of a character at the very end of the text:
    a file read while an editor wrote it, not one in another encoding (which was what the message said)."""
    return error.reason == "unexpected end of data" and error.end == len(error.object)


# What editors leave beside the file being edited: backups (name~, .bak, .orig), Emacs autosaves (#name#),
# Vim swap files, nano's emergency saves, JetBrains' safe-write copies.
_LEFTOVER_STARTS = (".", "#")
_LEFTOVER_ENDS = ("~", "#", ".bak", ".orig", ".swp", ".swo", ".swx", ".save", "___jb_tmp___", "___jb_old___")


def is_editor_leftover(name: str) -> bool:
    """Whether the file ``name`` (a path's last part) is an editor's copy of another file, or hidden.

    >>> [is_editor_leftover(n) for n in ("#examples.py#", "x.csv~", ".x.csv.swp", "x.csv", "a#b.csv")]
    [True, True, True, False, False]
    """
    return name.startswith(_LEFTOVER_STARTS) or name.endswith(_LEFTOVER_ENDS)


def files_under(folder: Path, enter: Callable[[Path], bool] | None = None) -> Iterator[Path]:
    """Every file under ``folder``, in order of name folder by folder, through symbolic links to folders
    too, as the build and Python read them (a lesson or data folder linked in was skipped); a link to a
    folder that holds it (``up -> ..``) is not followed, as it would loop; ``enter`` says which subfolders to
    walk into."""
    # The real folders each walked folder is in, itself included: a link to one of them loops.
    top = Path(os.path.realpath(folder))
    within = {str(folder): {str(top), *map(str, top.parents)}}
    for current, folders, files in os.walk(folder, followlinks=True):
        kept = []
        for name in sorted(folders):
            child = os.path.join(current, name)
            real = os.path.realpath(child)
            if real not in within[current] and (enter is None or enter(Path(child))):
                within[child] = within[current] | {real}
                kept.append(name)
        folders[:] = kept
        yield from (Path(current, name) for name in sorted(files))


def leads_outside(path: Path, root: Path) -> bool:
    """Whether ``path``, its symbolic links followed, is a file outside ``root`` (whose own links are
    followed too)."""
    return not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def links_out(folder: Path, root: Path) -> dict[Path, str]:
    """The files under ``folder`` that lead outside ``root``, each named by the first link on its way that
    leads out (a linked folder once, not each of its files; the file itself when no step is a link, as
    through a Windows junction), with where it leads: the folder it links, or the file's own target."""
    found: dict[Path, str] = {}
    for path in files_under(folder):
        way_out = link_out(path, root)
        if way_out is not None:
            found.setdefault(*way_out)
    return found


def link_out(path: Path, root: Path) -> tuple[Path, str] | None:
    """The first link on the way from ``root`` to ``path`` (a file or folder under it, there or to be made)
    that leads outside ``root``, with where it leads (``path`` itself when no step is a link); None when
    ``path`` stays inside."""
    if not leads_outside(path, root):
        return None
    relative = path.relative_to(root)
    steps = [root / part for part in (*reversed(relative.parents), relative)]
    link = next((step for step in steps if step.is_symlink() and leads_outside(step, root)), path)
    return link, os.path.realpath(link)


def writable(path: Path) -> bool:
    """Whether :func:`write_atomic` can replace ``path``: its folder takes a new file (through a link, the
    folder of the file it names), and the file itself is not read-only (locked after review: renaming over
    it would have replaced it all the same)."""
    path = path.resolve() if path.is_symlink() else path
    if path.is_file() and not os.access(path, os.W_OK):
        return False
    folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), path.parent)
    return os.access(folder, os.W_OK | os.X_OK)


def umask() -> int:
    """The process's umask, read without changing it where the system tells it (Linux): setting it to read it
    would let a file another thread creates meanwhile be made without it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The permissions a file made by ``open`` gets (``rw-r--r--`` under the usual umask 022)."""
    return 0o666 & ~umask()


def new_folder_mode() -> int:
    """The permissions a folder made by ``mkdir`` gets (``rwxr-xr-x`` under the usual umask 022)."""
    return 0o777 & ~umask()


def write_new(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``, whole, unless it exists: FileExistsError then, and nothing written.

    Two commands writing the same new file at once (two add-locale runs of one transcript) each checked
    that it was not there, and the second replaced the first's. The bytes go to a temporary file first and
    are linked under the name in one step, which fails if the name is taken; where the file system has no
    hard links, the file is created exclusively and written in place.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _staged(path, data, new_file_mode(), durable=True)
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:
            with open(path, "xb") as handle:
                handle.write(data)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _staged(path: Path, data: bytes, mode: int, *, durable: bool) -> str:
    """A temporary file beside ``path`` holding ``data`` with permissions ``mode``, to be moved or linked into
    its place (see :func:`write_atomic`, :func:`write_new`); the caller removes what is left of it."""
    with failing_as(path):
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


@contextlib.contextmanager
def failing_as(path: Path) -> Iterator[None]:
    """An OSError inside named for ``path``: making the temporary file or folder that stands in for it fails
    under the temporary one's name, which the user never asked for and cannot find."""
    try:
        yield
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` so that readers never see half a file.

    The file keeps its permissions (a new one gets those ``open`` gives, ``rw-r--r--`` under the usual umask):
    the temporary file is private to its owner, and a translator's catalog must stay readable by whoever
    builds the site. ``durable`` waits until
    the bytes are on disk before the rename, so that a crash cannot leave an empty catalog; a cache, which
    can always be computed again, skips that wait (it can stall a build for as long as the disk is busy).
    """
    # A symbolic link (a catalog kept in a translators' repository) is written through, not replaced.
    path = path.resolve() if path.is_symlink() else path
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.is_file() else new_file_mode()
    tmp = _staged(path, data, mode, durable=durable)
    try:
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
