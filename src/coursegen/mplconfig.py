"""Where matplotlib keeps its settings and font list when the home folder cannot hold them.

matplotlib writes its font list under ``~/.cache/matplotlib``. In a container that runs as a user whose home
folder is not writable, it made a temporary folder in every process instead, warned of it in two lines on
every build, and listed the installed fonts again each time: a warm build took twice as long, the examples'
font choice never found its font list again. The build then gives matplotlib a folder in its own cache, and
fontconfig too (matplotlib lists the fonts with ``fc-list``, which said "Fontconfig error: No writable cache
directories" on the first build).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: The folder under the build's cache that stands in for matplotlib's own; hidden, so it can never be taken
#: for a lesson's folder of the examples' cache.
FOLDER = ".matplotlib"


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return folder.is_dir() and os.access(folder, os.W_OK)


def _home_folder(variable: str, default: str) -> Path | None:
    """matplotlib's own choice on Linux: ``$XDG_..._HOME/matplotlib``, or under the home folder."""
    base = os.environ.get(variable)
    if base:
        return Path(base, "matplotlib")
    try:
        return Path.home() / default / "matplotlib"
    except RuntimeError:  # no home folder at all
        return None


def use_build_folder_if_home_is_read_only(cache_dir: Path) -> Path | None:
    """Set ``MPLCONFIGDIR`` to a folder of ``cache_dir`` when matplotlib's own folders cannot be written (and
    it is not set already); the folder, or None when matplotlib's own serve. For this process, before it
    imports matplotlib, and for the examples' kernels, which inherit it."""
    # matplotlib's rule for Linux and BSD (XDG folders) is the one taken here; elsewhere it has others.
    if os.environ.get("MPLCONFIGDIR") or not sys.platform.startswith(("linux", "freebsd")):
        return None
    folders = [_home_folder("XDG_CONFIG_HOME", ".config"), _home_folder("XDG_CACHE_HOME", ".cache")]
    if all(folder is not None and _writable(folder) for folder in folders):
        return None
    own = (cache_dir / FOLDER).absolute()
    if not _writable(own):
        return None  # matplotlib's own warning then says what to do
    os.environ["MPLCONFIGDIR"] = str(own)
    cache = folders[1].parent if folders[1] is not None else None
    if not os.environ.get("XDG_CACHE_HOME") and (cache is None or not _writable(cache / "fontconfig")):
        os.environ["XDG_CACHE_HOME"] = str(own / "cache")  # fontconfig's, under matplotlib's stand-in
    return own
