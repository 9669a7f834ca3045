"""Where a course keeps its data and how it is built, as ``mkdocs.yml`` tells the ``coursegen`` plugin.

The command line checks and aligns what the build publishes: a ``coursegen check`` that aligned without
the embeddings the site is built with reported section starts the pages do not show (and missed those they
do), warned of every link out of the locales folder that the site allows, and looked for the lessons in
``docs/lessons`` whatever ``docs_dir`` said. It reads the same file with MkDocs' own loader (``!ENV`` and the
plugin's option checks included) and resolves each folder as the plugin does.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from coursegen.config import unsupported
from coursegen.errors import CoursegenError

log = logging.getLogger(__name__)

#: The file MkDocs reads, in the folder a command runs in.
CONFIG_FILE = Path("mkdocs.yml")
PLUGIN = "coursegen"


@dataclass(frozen=True)
class Project:
    """The folders of a course and the build settings the command line shares with the site."""

    locales_dir: Path
    lessons_dir: Path
    guides_dir: Path
    embeddings: bool = False
    allow_links_out: bool = False
    #: The build's cache (where matplotlib's folder goes when the home folder is read-only).
    cache_dir: Path = Path(".cache/coursegen")


#: A course laid out as the plugin's defaults say, for a folder without ``mkdocs.yml``.
DEFAULT = Project(Path("locales"), Path("docs/lessons"), Path("docs/guides"))


def read_project(config_file: Path) -> Project:
    """The course ``config_file`` builds; its folders relative to where the command runs, as given.

    A configuration MkDocs or the plugin refuses is refused here too, in one line naming the file: the build
    would stop on it as well.
    """
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    if not config_file.is_file():
        raise CoursegenError("MkDocs configuration not found (--config-file)", path=config_file)
    said = _Said()
    mkdocs_log = logging.getLogger("mkdocs")
    # Its errors are the reason for refusing the file; its warnings are said once, naming it.
    mkdocs_log.addHandler(said)
    propagate, mkdocs_log.propagate = mkdocs_log.propagate, False
    try:
        config = load_config(config_file=str(config_file))
    except (MkDocsException, OSError) as exc:
        reason = said.errors[0] if said.errors else str(exc)
        raise CoursegenError(f"cannot be read: {' '.join(reason.split())}", path=config_file) from None
    finally:
        mkdocs_log.removeHandler(said)
        mkdocs_log.propagate = propagate
    for warning in said.warnings:
        log.warning("%s: %s", config_file, " ".join(warning.split()))
    plugin = config.plugins.get(PLUGIN)
    refused = unsupported(config) if plugin is not None else None
    if refused:
        raise CoursegenError(refused, path=config_file)
    if plugin is None:
        reason = (
            f"no '{PLUGIN}' plugin: not a course's configuration; give the course's with --config-file, or "
            "its folders with --locales-dir and --lessons-dir"
        )
        raise CoursegenError(reason, path=config_file)
    options = plugin.config
    root = config_file.parent
    docs = _relative(Path(config.docs_dir), root)
    return Project(
        locales_dir=root / options.locales_dir,
        lessons_dir=docs / options.lessons_dir,
        guides_dir=docs / options.guides_dir,
        embeddings=bool(options.embeddings),
        allow_links_out=bool(options.allow_links_out),
        cache_dir=root / options.cache_dir,
    )


class _Said(logging.Handler):
    """What MkDocs logs while it reads a configuration: its errors say why it was refused; its warnings
    (a misspelt option, ignored by MkDocs and so by the command too) are passed on."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        (self.errors if record.levelno >= logging.ERROR else self.warnings).append(record.getMessage())


def _relative(folder: Path, root: Path) -> Path:
    """``folder`` (MkDocs makes ``docs_dir`` absolute) as it reads from where the command runs, so that
    messages name files as the user typed them."""
    try:
        return root / folder.relative_to(root.resolve())
    except ValueError:
        return folder
