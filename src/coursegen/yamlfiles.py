"""Reading the course's small YAML files (lesson outlines, transcript metadata, section marks).

They are written by hand, so a mistake in one must come back as one line naming the file and the 1-based line
of the problem, raised as the error type of the module that reads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from coursegen.errors import CoursegenError
from coursegen.files import read_text, refuse_merge_conflict


class Loader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases (``*name``), which these files have no use for: ten lines of
    aliases to aliases make a value of a billion items, and printing or hashing it took minutes and gigabytes.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            problem = "an alias (*name) of another value: write the value itself"
            raise yaml.composer.ComposerError(None, None, problem, self.peek_event().start_mark)
        return super().compose_node(parent, index)


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
    refuse_merge_conflict(text, path, error, what)  # YAML reads the markers as text, naming another line
    try:
        if not nodes:
            return yaml.load(text, Loader=Loader)
        node = yaml.compose(text, Loader=Loader)
        if node is not None:
            # Built once here, where an error names its line: a value such as "!Important ..." (a tag no safe
            # loader builds) failed later, with a traceback.
            yaml.SafeLoader("").construct_document(node)
        return node
    except yaml.YAMLError as exc:
        line, reason = _where_and_why(exc, text.splitlines())
        raise error(f"invalid YAML in {what}: {reason}", path=path, line=line) from None


def mapping_with_lines(node: yaml.MappingNode) -> tuple[dict[str, Any], dict[str, int]]:
    """The data of a mapping read with ``nodes``, and the 1-based line of each of its keys (for messages).

    >>> mapping_with_lines(yaml.compose("a: 1\\nb: two\\n"))
    ({'a': 1, 'b': 'two'}, {'a': 1, 'b': 2})
    """
    data = yaml.SafeLoader("").construct_document(node)
    lines = {key.value: key.start_mark.line + 1 for key, _ in node.value if isinstance(key, yaml.ScalarNode)}
    return data, lines


# Constructs that YAML notices are unfinished only further on (an unclosed quote at the end of the file): the
# mistake is on the line where they open. PyYAML's name for each, and a hand-editor's.
_OPENED = {
    "while scanning a quoted scalar": "the quoted text",
    "while parsing a flow sequence": "the [ ] list",
    "while parsing a flow mapping": "the { } mapping",
    "while scanning a simple key": "the key",
}


def _where_and_why(exc: yaml.YAMLError, lines: list[str]) -> tuple[int | None, str]:
    """The 1-based line of the mistake and what it is, in a hand-editor's terms where PyYAML's are obscure."""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    opened = _OPENED.get(getattr(exc, "context", None) or "")
    context_mark = getattr(exc, "context_mark", None)
    if opened and context_mark is not None:
        mark = context_mark
        if problem == "found unexpected end of stream" and opened == "the quoted text":
            problem = "a quote opened on this line is never closed"
        else:
            problem = f"{problem}, in {opened} that starts on this line"
    elif problem == "mapping values are not allowed here" and mark is not None and mark.line < len(lines):
        text = lines[mark.line]
        # A second ": " comes first: a heading nested in an outline is indented as it should be.
        if text.count(": ") > 1:
            problem = 'a second ": " on one line; put a text that holds ": " in quotes'
        elif text[:1].isspace():
            problem = "this line is indented: start it at the first column, as the lines above"
    return (mark.line + 1 if mark is not None else None), problem
