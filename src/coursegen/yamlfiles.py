"""Reading the course's small YAML files (lesson outlines, transcript metadata, section marks).

They are written by hand, so a mistake in one must come back as one line naming the file and the 1-based line
of the problem, raised as the error type of the module that reads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from coursegen.errors import CoursegenError
from coursegen.files import read_text


def read_yaml(path: Path, error: type[CoursegenError], what: str, *, nodes: bool = False) -> Any:
    """The data of ``path`` (or its node tree, which keeps line numbers, when ``nodes``); ``what`` names the
    file in messages.

    >>> from coursegen.errors import LessonError
    >>> read_yaml(Path("missing.yml"), LessonError, "lesson outline")
    Traceback (most recent call last):
    ...
    coursegen.errors.LessonError: missing.yml: lesson outline not found
    """
    text = read_text(path, error, what)
    try:
        return yaml.compose(text) if nodes else yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise error(f"invalid YAML in {what}: {problem}", path=path, line=line) from None
