"""A lesson's example source, read into named blocks of code cells.

The source is a jupytext "percent" script. A cell whose header carries ``example="<name>"`` opens a block;
the cells after it, up to the next such header, belong to the same block; ``lesson.yml`` names the block
shown after each section. Code cells before the first named block are *setup*: they run first and appear
at the top of the learner's notebook. Markdown cells are the author's notes and are not shown.

The source never defines ``_`` nor ``fmt``: the engine injects them. The ``_("...")`` literals are the
messages the catalogs translate, so they are found here with :mod:`ast`, in source order.
"""

from __future__ import annotations

import ast
import functools
import logging
import re
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from coursegen.comments import Comment, find_comments
from coursegen.errors import ExampleError, LessonError
from coursegen.files import read_text
from coursegen.lessons import OUTLINE_FILE, Lesson

log = logging.getLogger(__name__)
_DETECTED_AT = re.compile(r"\(detected at line (\d+)\)")

TRANSLATE = "_"
TRANSLATE_PLURAL = "ngettext"
FORMAT_NUMBER = "fmt"


@dataclass(frozen=True)
class Cell:
    """One code cell: ``index`` is its 0-based position among all code cells of the source, ``line`` the
    1-based line of the file where its code starts (so errors can point into the file)."""

    source: str
    index: int
    line: int
    #: Its comments that are text: found once, put back translated in every locale's page and notebook.
    comments: tuple[Comment, ...] = ()


@dataclass(frozen=True)
class Block:
    """A named example: the cells shown together after the section of ``lesson.yml`` that names it."""

    name: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class ExampleSource:
    """A parsed example file; ``text`` is kept because it is what caches and messages are derived from."""

    path: Path
    text: str
    setup: tuple[Cell, ...]
    blocks: tuple[Block, ...]

    @property
    def cells(self) -> tuple[Cell, ...]:
        """Every code cell in source order: setup first, then each block's."""
        return self.setup + tuple(cell for block in self.blocks for cell in block.cells)

    @property
    def block_names(self) -> tuple[str, ...]:
        return tuple(block.name for block in self.blocks)

    def block(self, name: str) -> Block:
        for block in self.blocks:
            if block.name == name:
                return block
        raise ExampleError(f"no example block named '{name}'", path=self.path)


def code_comments(source: ExampleSource) -> list[tuple[int, str]]:
    """``(line, message)`` of each comment of the code cells, each message once (see
    :mod:`coursegen.comments`); the markdown cells are the author's notes and are not shown."""
    found: dict[str, int] = {}
    for cell in source.cells:
        for comment in cell.comments:
            found.setdefault(comment.text, cell.line + comment.first - 1)
    return [(line, text) for text, line in found.items()]


def load_examples(path: Path) -> ExampleSource:
    """Read ``path`` and split it into blocks; every cell must be valid Python."""
    return parse_examples(read_text(path, ExampleError, "example source"), path)


def parse_examples(text: str, path: Path) -> ExampleSource:
    """Parse the percent-format ``text`` of the file at ``path`` (used for error messages)."""
    import jupytext  # imported here: a rebuild reuses parsed sources from the build cache and never needs it

    # Comments stay comments: by default jupytext turns "# %matplotlib inline" (which it writes itself when
    # converting a notebook), "# Why sorted?" or "# !important" into IPython syntax, then invalid Python.
    notebook = jupytext.reads(
        text, fmt={"extension": ".py", "format_name": "percent", "comment_magics": False}
    )
    lines = text.splitlines()
    setup: list[Cell] = []
    blocks: list[tuple[str, list[Cell]]] = []
    seen: dict[str, int] = {}
    search_from = 0
    index = 0
    for nb_cell in notebook.cells:
        if nb_cell.cell_type != "code":
            continue
        line, search_from = _locate(nb_cell.source, lines, search_from)
        cell = Cell(nb_cell.source, index, line, tuple(find_comments(nb_cell.source)))
        _check_syntax(cell, path)
        index += 1
        name = nb_cell.metadata.get("example")
        if name is not None:
            if not isinstance(name, str) or not name.strip():
                raise ExampleError("example name must be a non-empty string", path=path, line=line - 1)
            if name in seen:
                raise ExampleError(
                    f"example '{name}' is defined twice (first at line {seen[name]})",
                    path=path,
                    line=line - 1,
                )
            seen[name] = line - 1
            blocks.append((name, [cell]))
        elif blocks:
            blocks[-1][1].append(cell)
        else:
            setup.append(cell)
    log.debug("%s: %d setup cells, blocks %s", path, len(setup), [name for name, _ in blocks])
    return ExampleSource(
        path=path,
        text=text,
        setup=tuple(setup),
        blocks=tuple(Block(name, tuple(cells)) for name, cells in blocks),
    )


def _locate(source: str, lines: list[str], start: int) -> tuple[int, int]:
    """The 1-based file line where a cell's code starts, and where to search for the next cell.

    jupytext does not report positions, but cells come in file order: a cell's code starts at the next
    occurrence of its first line. An empty cell (nothing to point at) gets the line after ``start``.
    """
    rows = source.splitlines()
    if not rows:
        return start + 1, start
    for number in range(start, len(lines)):
        if lines[number] == rows[0]:
            return number + 1, number + len(rows)
    return start + 1, start


_INJECTED = {
    TRANSLATE: 'names the translation function (_("Cost"))',
    TRANSLATE_PLURAL: 'names the plural translation function (ngettext("{n} step", "{n} steps", n))',
    FORMAT_NUMBER: "formats numbers for the page's language (fmt(0.01))",
}


def _check_syntax(cell: Cell, path: Path) -> None:
    """Valid Python that leaves ``_`` and ``fmt`` to the build: ``for _ in range(3)`` made the next
    ``_("Cost")`` fail with "'int' object is not callable", far from the cause."""
    caught: list[warnings.WarningMessage] = []
    try:
        tree = _parse(cell.source, str(path), caught)
    except SyntaxError as exc:
        line = cell.line + (exc.lineno or 1) - 1
        # "unterminated string literal (detected at line 3)": a line of the cell, not of the file.
        reason = _DETECTED_AT.sub(lambda m: f"(detected at line {cell.line + int(m[1]) - 1})", exc.msg)
        raise ExampleError(f"invalid Python: {reason}", path=path, line=line) from None
    # "invalid escape sequence '\d'" (a SyntaxWarning from Python 3.12 on): at the file's line, once.
    for caught_warning in caught:
        log.warning("%s:%d: %s", path, cell.line + caught_warning.lineno - 1, caught_warning.message)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            bound = node.id
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound = node.name
        elif isinstance(node, ast.alias):
            bound = node.asname or node.name.partition(".")[0]
        else:
            continue
        if bound in _INJECTED:
            raise ExampleError(
                f"'{bound}' {_INJECTED[bound]} in examples: give what is bound here another name",
                path=path,
                line=cell.line + getattr(node, "lineno", 1) - 1,
            )


# CPython 3.11 (seen on 3.11.7) can fail ast.parse when two threads parse at once ("AST constructor
# recursion depth mismatch"); the examples thread and the page builder both read sources, so they take turns.
_PARSE_LOCK = threading.Lock()


def _parse(
    code: str, filename: str = "<unknown>", caught: list[warnings.WarningMessage] | None = None
) -> ast.Module:
    """The cell's syntax tree; the compiler's warnings go into ``caught`` (or nowhere: the cell was checked
    once, and Python printed them at cell lines, with "<unknown>" for the file)."""
    with _PARSE_LOCK, warnings.catch_warnings(record=True) as recorded:
        warnings.simplefilter("always")
        tree = ast.parse(code, filename=filename)
    if caught is not None:
        caught.extend(recorded)
    return tree


@functools.lru_cache(maxsize=32)
def messages(source: ExampleSource) -> tuple[str, ...]:
    """The ``_("...")`` literals of the source, in source order, each once: what the catalogs translate.

    Kept per source (it is immutable): every locale's notebook and examples ask for them again.
    """
    return tuple(dict.fromkeys(text for _line, text in message_lines(source)))


def message_lines(source: ExampleSource) -> tuple[tuple[int, str], ...]:
    """Every ``_("...")`` literal of the source with its file line, in source order, f-strings included
    (Babel's extractor reads an f-string as one token and missed the calls inside it)."""
    return tuple(
        (cell.line + line - 1, text)
        for cell in source.cells
        for line, text in _cell_messages(cell, source.path)
    )


@functools.lru_cache(maxsize=32)
def plurals(source: ExampleSource) -> tuple[tuple[str, str], ...]:
    """The ``ngettext("...", "...", n)`` literals of the source (singular, plural), in source order, each
    singular once (a catalog keys a plural entry by its singular)."""
    return tuple({singular: (singular, plural) for _line, singular, plural in plural_lines(source)}.values())


def plural_lines(source: ExampleSource) -> tuple[tuple[int, str, str], ...]:
    """Every ``ngettext()`` call's two literals with its file line, in source order."""
    return tuple(
        (cell.line + line - 1, singular, plural)
        for cell in source.cells
        for line, singular, plural in _cell_plurals(cell, source.path)
    )


def _cell_plurals(cell: Cell, path: Path) -> list[tuple[int, str, str]]:
    usage = (
        f"{TRANSLATE_PLURAL}() takes two string literals and a number, e.g. "
        f'{TRANSLATE_PLURAL}("{{n}} step", "{{n}} steps", n), so that each language can give its own forms'
    )
    return [
        (line, one, many) for line, (one, many) in _literal_calls(cell, path, TRANSLATE_PLURAL, 3, 2, usage)
    ]


def _literal_calls(
    cell: Cell, path: Path, name: str, arity: int, literals: int, usage: str
) -> list[tuple[int, tuple[str, ...]]]:
    """The calls of ``name`` in the cell, in reading order, each with its line in the cell and its first
    ``literals`` arguments, string literals (the catalogs' messages); a call of another shape is ``usage``,
    an error at its line."""
    calls: list[tuple[int, int, tuple[str, ...]]] = []
    for node in _translate_calls(cell, name):
        args = node.args
        if len(args) != arity or node.keywords or not all(_is_str_literal(arg) for arg in args[:literals]):
            raise ExampleError(usage, path=path, line=cell.line + node.lineno - 1)
        texts = tuple(arg.value for arg in args[:literals])  # type: ignore[attr-defined]
        calls.append((node.lineno, node.col_offset, texts))
    return [(line, texts) for line, _, texts in sorted(calls)]


def _translate_calls(cell: Cell, name: str) -> Iterator[ast.Call]:
    """The calls of ``name`` (``_``, ``ngettext``) in a cell's code."""
    for node in ast.walk(_parse(cell.source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name:
            yield node


def _cell_messages(cell: Cell, path: Path) -> list[tuple[int, str]]:
    """The cell's ``_()`` literals with their lines in the cell, in reading order."""
    usage = (
        f'{TRANSLATE}() takes exactly one string literal, e.g. {TRANSLATE}("Cost"), so that it can be '
        "translated"
    )
    return [(line, text) for line, (text,) in _literal_calls(cell, path, TRANSLATE, 1, 1, usage)]


def _is_str_literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def check_blocks(lesson: Lesson, source: ExampleSource) -> list[tuple[str, str]]:
    """Every block that ``lesson.yml`` names must exist in the source; what is only doubtful (a block no
    section shows) is returned as (where, what), which the build logs and ``check`` lists."""
    names = set(source.block_names)
    for section in lesson.sections:
        if section.example is not None and section.example not in names:
            known = ", ".join(source.block_names) or "none"
            raise LessonError(
                f"section '{section.id}' names example '{section.example}', which {source.path.name} does "
                f"not define (defined: {known})",
                path=lesson.root / OUTLINE_FILE,
                line=section.line or None,
            )
    order = {name: number for number, name in enumerate(source.block_names)}
    previous: str | None = None
    for section in lesson.sections:
        if section.example is None:
            continue
        if previous is not None and order[section.example] < order[previous]:
            # The page shows the examples in the outline's order, the notebook in the file's: the page's code
            # used a name before the example defining it, and the notebook put examples under other headings.
            raise LessonError(
                f"section '{section.id}' shows example '{section.example}' after '{previous}', but "
                f"{source.path.name} defines it before: a learner runs the page's code from the top, and the "
                "notebook follows the file; show them in the file's order, or move the blocks",
                path=lesson.root / OUTLINE_FILE,
                line=section.line or None,
            )
        previous = section.example
    shown = {section.example for section in lesson.sections}
    doubts = [
        (str(source.path), f"example '{name}' is not shown by any section of {OUTLINE_FILE}")
        for name in source.block_names
        if name not in shown
    ]
    return doubts + [
        (
            f"{source.path}:{line}",
            f"the alt text {text!r} is not translated: give it as {TRANSLATE}({text!r}), or every page "
            "describes the plot in English",
        )
        for line, text in untranslated_alt_texts(source)
    ]


# pyplot's and Figure's calls that make a figure (the first name a tuple of them binds, for subplots).
_FIGURE_MAKERS = frozenset({"figure", "subplots", "subplot_mosaic", "gcf", "Figure"})


def untranslated_alt_texts(source: ExampleSource) -> list[tuple[int, str]]:
    """``(line, text)`` of every figure's alt text written as a plain string (``fig.set_label("...")``,
    ``plt.figure(label="...")``): the build asks for an alt text, not for its translation, and a French page
    described its plot in English without saying so (not marked as English to screen readers)."""
    trees = [(cell, _parse(cell.source)) for cell in source.cells]
    figures: set[str] = set()
    for _cell, tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and _makes_figure(node.value):
                for target in node.targets:
                    first = target.elts[0] if isinstance(target, ast.Tuple) and target.elts else target
                    if isinstance(first, ast.Name):
                        figures.add(first.id)
    found = []
    for cell, tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            texts = []
            if _makes_figure(node):
                # plt.figure("...") and num="..." name the figure too, as its label.
                texts = [kw.value for kw in node.keywords if kw.arg in ("label", "num")]
                if node.args and _name_of(node) == "figure":
                    texts.append(node.args[0])
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "set_label" and node.args:
                owner = func.value
                if (
                    (isinstance(owner, ast.Name) and owner.id in figures)
                    or (isinstance(owner, ast.Attribute) and owner.attr == "figure")
                    or _makes_figure(owner)
                ):
                    texts.append(node.args[0])
            found += [
                (cell.line + text.lineno - 1, text.value)  # type: ignore[attr-defined]
                for text in texts
                if _is_str_literal(text) and any(char.isalpha() for char in text.value)  # type: ignore[attr-defined]
            ]
    return sorted(found)


def _makes_figure(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and _name_of(node) in _FIGURE_MAKERS


def _name_of(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
