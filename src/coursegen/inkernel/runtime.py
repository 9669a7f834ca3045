"""The runtime the driver notebook calls: it runs each cell of the examples once for all locales where it
can and per locale where it must (see :mod:`coursegen.inkernel`), saves each locale's figures, and writes the
results the build reads."""

from __future__ import annotations

import ast
import builtins
import faulthandler
import gc
import io
import json
import os
import random
import sys
import time
import traceback
import types
import warnings
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .display import (
    MISSING_GLYPH,
    SHOW,
    _as_shown,
    _display,
    _show,
    _show_last_value,
    _shown_warning,
    _unshown,
)
from .figures import (
    CREATED_AT,
    CSS_PX_PER_INCH,
    ENGLISH_LABEL,
    _apply_layout,
    _drawing,
    _draws_something,
    _figures_in,
    _note_english_labels,
    _note_where_figures_are_made,
    _open_figures,
    _svg_size,
    _text_overflows,
)
from .helpers import Modules, _drop_own_modules, _helpers_state, _module_globals, _own_modules
from .origins import MAIN, MODULE_NAME, _helper_modules, _set_examples_file
from .settings import Settings, _drop_handlers_of, _handlers_noted, _restore_settings, _settings_state
from .state import (
    _UNBOUND,
    KernelOwn,
    _code_names,
    _copy,
    _describe,
    _frozen,
    _shared_objects,
    _state,
    _uncopied,
    _views_kept,
)
from .streams import _cell_streams, _process_output, _take_process_output
from .translations import (
    _LOCALIZED,
    LocaleDependent,
    _printed_in,
    _tripwire,
    number_formatter,
    plural_translator,
    translator,
)

# Drawing a figure allocates tens of thousands of short-lived objects; at the default threshold (700) the
# cyclic collector ran about 800 times per lesson and took 8% of the kernel's time.
GC_YOUNG_THRESHOLD = 50_000
# What a cell may print: a page shows it all, in every language (50 MB printed by a loop took 260 s and 4.4 GB
# to build, 52 MB pages); past 50,000 characters the build already says "print less".
MAX_PRINTED_CHARS = 2_000_000
# Where the kernel writes its stack shortly before a cell reaches the host's time limit.
STACK_FILE = "stack.txt"
LESSON_RC = "matplotlibrc"
# The names the runtime binds in the examples' namespace: not theirs to compare between locales.
_RUNTIME_NAMES = frozenset({"__builtins__", *_LOCALIZED, "input", "display", SHOW})


class NotShareable(BaseException):
    """A locale's run changed an object that every locale's copy of the state shares (a closure's counter, a
    class attribute, a generator): the next locale would have started from it."""


class CellFailed(BaseException):
    """Stops the driver notebook after a failure has been written to ``error.json`` (a BaseException, as
    :class:`LocaleDependent`: raised inside the examples' code, by ``plt.show()``, their ``except Exception``
    took it, and the build passed without the figure)."""


Snapshot = tuple[dict[str, Any], Any, Any, Settings, Modules]


class _DisplayHandle(KernelOwn):
    """What ``display(..., display_id=True)`` returns on the page: updates keep what was first shown."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def display(self, *values: Any, **_options: Any) -> None:
        self.runtime._display(*values)

    def update(self, *_values: Any, **_options: Any) -> None:
        return None


class Runtime(KernelOwn):
    """Runs the cells sent by the driver notebook and writes ``results.json`` into the output folder."""

    def __init__(self, config_json: str) -> None:
        config = json.loads(config_json)
        self.config = config
        self.path: str = config["path"]
        self.out: str = config["out"]
        # The examples' folder, where the kernel runs (a copy of their lesson's, see coursegen.execution).
        beside = os.path.join(self.out, ".lesson")
        self.folder: str | None = beside if os.path.isdir(beside) else None
        os.makedirs(self.out, exist_ok=True)
        self.locales: list[dict[str, Any]] = config["locales"]
        self.timeout: float | None = config.get("cell_timeout")
        self.slow_seconds: float = config.get("slow_seconds", float("inf"))
        self.name_locale: bool = config.get("name_locale", False)
        self.module = types.ModuleType(MODULE_NAME)
        sys.modules[MODULE_NAME] = self.module
        self.ns: dict[str, Any] = self.module.__dict__
        self.ns["__name__"] = MAIN
        self.ns["__builtins__"] = builtins
        # No one answers at build time: input() waited, silent, for the cell timeout.
        self.ns["input"] = _no_input
        self.ns["display"] = self._display
        self.ns[SHOW] = self._show

        # As Jupyter's inline backend does: plt.show() puts the open figures below the cell and closes them
        # (with the "agg" backend it did nothing: two plots separated by plt.show() became one figure).
        def show(*_args: Any, **_kwargs: Any) -> None:
            self._show_now(_open_figures())

        # matplotlib's own defaults, not the builder's matplotlibrc (a grid, larger fonts on every plot, kept
        # by the cache for every later build); then the lesson's own, beside its examples, as a notebook run
        # there reads it.
        matplotlib.rcdefaults()
        if os.path.isfile(LESSON_RC):
            matplotlib.rc_file(LESSON_RC)
        plt.switch_backend("agg")  # now: choosing it later sets attributes on pyplot's show, which is this
        show._coursegen_runtime = True  # type: ignore[attr-defined]  # the runtime's own (see _route_display)
        plt.show = self.show = show
        self._route_display()
        _set_examples_file(self.path)
        _note_where_figures_are_made()
        _note_english_labels()
        # The locale running now, with its cell (None while shared code runs), and the figures it showed.
        self._current: tuple[int, str, int, dict[str, Any]] | None = None
        self._shown: list[dict[str, Any]] = []
        self._printed = io.StringIO()
        self._cleared = False  # whether the cell's run cleared its output (see _clear_output)
        self._filters: list[tuple[Any, ...]] = []  # the examples' warning filters, newest first
        self._warned: set[tuple[Any, ...]] = set()
        self._said = [0, 0]  # what the running locale's _ returned: English, translated
        self._translations: list[str] = []  # the translations it returned
        np.random.seed(config["random_seed"])
        random.seed(config["random_seed"])
        # The cells run so far, and, once sharing went wrong, one runtime per locale (see _run_separately).
        self.history: list[tuple[int, str, int, str]] = []
        self.separate: list[Runtime] | None = None
        self.separate_since: dict[str, Any] | None = None
        self.tainted: set[str] = set()
        self.local_values: dict[str, dict[str, Any]] = {}
        self.cells: dict[str, list[dict[str, Any]]] = {locale["code"]: [] for locale in self.locales}
        self.warnings: dict[str, list[str]] = {locale["code"]: [] for locale in self.locales}
        self.stats = {"shared_statements": 0, "localized_statements": 0, "fallbacks": 0}
        # Cells whose statements run per locale take long each time: what the author may move up, to run once.
        self.slow: list[dict[str, Any]] = []
        # What the cells showed that a page cannot (see _note_unshown).
        self.unshown: list[dict[str, Any]] = []
        # The kernel, numpy and matplotlib live as long as the kernel: the collector need not scan them again.
        gc.freeze()
        gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
        # Math stays on, as in any notebook: a log axis labels its ticks 10⁻³ in math (mathtext switched off,
        # every such tick showed "$\mathdefault{10^{-3}}$").
        plt.rcParams.update({"svg.fonttype": config["svg_fonttype"], "svg.hashsalt": "coursegen"})
        self._settings = self._initial_settings = _settings_state()
        self._modules: dict[str, types.ModuleType] = {}

    # -- running one cell ---------------------------------------------------------------------------------
    def run_cell(self, index: int, block: str, line: int, code: str) -> None:
        # Where the kernel is, for the host to name if the cell never ends or the kernel dies in it.
        with open(os.path.join(self.out, "running.json"), "w", encoding="utf-8") as handle:
            json.dump({"block": block, "line": line}, handle)
        # And, shortly before the host's time limit, the statement it is in (the endless loop, not the cell's
        # first line): the stack, written by faulthandler's watchdog thread, whatever the cell is doing.
        stack = os.open(os.path.join(self.out, STACK_FILE), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        if self.timeout:
            faulthandler.dump_traceback_later(self.timeout - min(1.0, self.timeout / 4), file=stack)
        try:
            if self.separate is None:
                try:
                    self._run_cell(index, block, line, code)
                except NotShareable as reason:
                    self._go_separate(block, line, str(reason))
                    self._run_separately(index, block, line, code)
            else:
                self._run_separately(index, block, line, code)
        finally:
            self.history.append((index, block, line, code))
            for at, what in _unshown:
                told = {"block": block, "line": at or line, "what": what}
                if told not in self.unshown:
                    self.unshown.append(told)
            _unshown.clear()
            faulthandler.cancel_dump_traceback_later()
            os.close(stack)

    def _run_cell(self, index: int, block: str, line: int, code: str) -> None:
        tree = ast.parse("\n" * (line - 1) + code, filename=self.path)
        _show_last_value(tree, code)
        if len(self.locales) > 1:
            cut = next((i for i, node in enumerate(tree.body) if self._localized(node)), len(tree.body))
        else:
            # One locale has nothing to share; and a prefix that fell back would run twice without a
            # snapshot to undo it (drawing other random numbers than the same locale run with others).
            cut = 0
        prefix, suffix = tree.body[:cut], tree.body[cut:]
        before = self._snapshot() if prefix else None
        shared_out = ""
        if prefix:
            self._bind(None)
            # A shared statement that changes a value each locale has its own of (log("x") appending to a
            # per-locale list) would change only the copy in the namespace: it runs per locale instead.
            local_states = {name: _state(_frozen(self.ns.get(name, _UNBOUND))) for name in self.tainted}
            try:
                shared_out = self._exec(prefix, index, block, line, None)
                if plt.get_fignums():
                    raise LocaleDependent
                if any(_state(self.ns.get(name, _UNBOUND)) != was for name, was in local_states.items()):
                    raise LocaleDependent
            except LocaleDependent:
                plt.close("all")
                self.stats["fallbacks"] += 1
                if before is not None:
                    self._restore(before, copy_it=False)
                prefix, suffix, shared_out = [], tree.body, ""
        self.stats["shared_statements"] += len(prefix)
        self.stats["localized_statements"] += len(suffix)
        outputs = self._run_per_locale(suffix, index, block, line) if suffix else {}
        for locale in self.locales:
            stdout, figures, english, cleared = outputs.get(locale["code"], ("", [], False, False))
            # What the part run once printed, unless the locale's part cleared the output (clear_output).
            before = "" if cleared else shared_out
            for figure in figures:  # after what the shared statements printed, too
                figure["at"] += len(before)
            # Read whole, as a notebook shows it (a carriage return in the part run once goes back over what
            # the locale's part prints), each stretch between figures apart: the figures keep their place.
            printed, at, parts = before + stdout, 0, []
            if len(printed) > MAX_PRINTED_CHARS:
                self._fail(
                    block,
                    line,
                    f"the cell prints {len(printed):,} characters, more than a page can show "
                    f"({MAX_PRINTED_CHARS:,} at most, on every language's page): print less",
                )
            for figure in figures:
                parts.append(_as_shown(printed[at : figure["at"]], self.path))
                at, figure["at"] = figure["at"], sum(map(len, parts))
            parts.append(_as_shown(printed[at:], self.path))
            self.cells[locale["code"]].append(
                {"index": index, "stdout": "".join(parts), "figures": figures, "english": english}
            )

    def _localized(self, node: ast.AST, bound: frozenset[str] = frozenset()) -> bool:
        """Whether ``node`` names ``_``, ``fmt`` or a tainted name, other than a comprehension's own variable.

        ``{name: f(rule) for name, rule in rules.items()}`` after a cell that left ``name`` different per
        locale reads no locale's ``name``: its loop variable lives in the comprehension. Counted as tainted,
        it made a lesson's costliest computation run once per locale.
        """
        if isinstance(node, ast.Name):
            if node.id in bound:
                return False
            return node.id in _LOCALIZED or node.id in self.tainted or self._calls_localized(node.id)
        if isinstance(node, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            generators = node.generators
            # The first iterable is evaluated outside the comprehension; everything else inside it.
            if self._localized(generators[0].iter, bound):
                return True
            targets = [n for g in generators for n in ast.walk(g.target) if isinstance(n, ast.Name)]
            inner = bound | {n.id for n in targets}
            parts: list[ast.AST] = [g.iter for g in generators[1:]] + [c for g in generators for c in g.ifs]
            parts += [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
            return any(self._localized(part, inner) for part in parts)
        return any(self._localized(child, bound) for child in ast.iter_child_nodes(node))

    # -- locales apart ------------------------------------------------------------------------------------
    def _go_separate(self, block: str, line: int, reason: str) -> None:
        """From now on, each locale runs in a runtime of its own, as its notebook runs: the cells so far run
        again for each locale alone (their outputs replace those computed together), then every cell runs
        once per runtime. Slower, and only for examples whose state the locales cannot share."""
        plt.close("all")
        self.separate_since = {"block": block, "line": line, "reason": reason}
        # The cells so far run again within this cell's time: the host says so if the time runs out.
        with open(os.path.join(self.out, "running.json"), "w", encoding="utf-8") as handle:
            json.dump({**self.separate_since, "apart": True}, handle)
        self.separate = []
        for locale in self.locales:
            # As its notebook starts: not with the last one's settings or helper modules.
            _restore_settings(self._initial_settings)
            _drop_own_modules(self.folder)
            alone = Runtime(json.dumps({**self.config, "locales": [locale]}))
            for cell in self.history:
                alone._run_cell(*cell)
            alone._pause()
            self.separate.append(alone)
        _unshown.clear()  # told when those cells first ran, at their own example

    def _run_separately(self, index: int, block: str, line: int, code: str) -> None:
        for alone in self.separate or ():
            alone._resume()
            try:
                alone._run_cell(index, block, line, code)
            finally:
                alone._pause()

    def _pause(self) -> None:
        self._random_states = (np.random.get_state(), random.getstate())
        self._settings = _settings_state()
        # Its own helper modules, kept aside while the other locales' runtimes run.
        self._modules = _drop_own_modules(self.folder)

    def _route_display(self) -> None:
        """IPython's ``display`` is this runtime's: imported from IPython.display, as notebook-style files do,
        it published its values to the kernel's output, which no page reads."""
        try:
            import IPython.core.display_functions as functions
            import IPython.display
        except ImportError:
            return

        def display(*values: Any, **options: Any) -> Any:
            # A display to update later (a progress line): the page keeps what it first showed (the notebook
            # shows the updates), and the examples get a handle to update.
            if options.get("update"):
                return None
            self._display(*values)
            return _DisplayHandle(self) if options.get("display_id") is not None else None

        def clear_output(wait: bool = False) -> None:
            # A progress line redrawn (clear_output(wait=True), then print): the page showed every step.
            self._clear_output()

        # The runtime's own: its state (the runtime it reports to) changes as every locale runs, and taken
        # for the examples' shared state, a `from IPython.display import display` made every locale run the
        # whole lesson on its own.
        display._coursegen_runtime = clear_output._coursegen_runtime = True  # type: ignore[attr-defined]
        IPython.display.display = functions.display = display
        IPython.display.clear_output = functions.clear_output = clear_output

    def _clear_output(self) -> None:
        """What the cell showed so far is gone, as in Jupyter: its printed text and figures, the part run once
        for every locale's included."""
        _take_process_output()
        self._printed.seek(0)
        self._printed.truncate()
        self._shown = []
        self._cleared = True

    def _resume(self) -> None:
        """Make this runtime the one running: its module, its plt.show, its random generators' states."""
        sys.modules[MODULE_NAME] = self.module
        plt.show = self.show
        self._route_display()
        np.random.set_state(self._random_states[0])
        random.setstate(self._random_states[1])
        _restore_settings(self._settings)
        _drop_own_modules(self.folder)
        sys.modules.update(self._modules)

    def _calls_localized(self, name: str) -> bool:
        """Whether ``name`` holds code (a function, a class, an instance of one of the examples' classes) that
        reads ``_``, ``fmt`` or a tainted name, itself or through the code it names.

        ``word = label(v)``, where ``label`` calls ``_``, ran once for all locales until the tripwire, then
        again per locale: what it had consumed (a generator's next value) was gone. And a function reading a
        tainted name gave every locale the value of the locale that ran last.
        """
        wanted = set(_LOCALIZED) | self.tainted
        seen: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            try:
                names = _code_names(self.ns.get(current))
            except Exception:  # an object whose attributes raise when read holds no code we can see
                names = frozenset()
            if names & wanted:
                return True
            todo.extend(n for n in names if n in self.ns and n not in seen)
        return False

    def _run_per_locale(self, nodes: list[ast.stmt], index: int, block: str, line: int) -> dict[str, Any]:
        _uncopied.clear()
        base = self._snapshot() if len(self.locales) > 1 else None
        # What every locale's copy of the state shares (functions, the examples' classes, generators, what
        # cannot be copied): a locale's run must leave it as it found it.
        helpers = _own_modules(self.folder)
        _helper_modules.update(helpers)
        helper_values = [value for module in helpers.values() for value in _module_globals(module).values()]
        shared = (
            [*_shared_objects([*self.ns.values(), *helper_values]), *_uncopied] if base is not None else []
        )
        shared_states = [_state(value) for value in shared]
        # What each locale's run leaves in the helpers (one the run imports included), compared between them.
        helper_states: dict[str, Any] = {}
        # Figures are shared too (snapshots keep artists by reference): one an earlier cell made, drawn on
        # here, held every locale's drawing by the last one's run (1, 2, then 3 lines on the pages).
        common = [value for name, value in self.ns.items() if name not in self.tainted] + helper_values
        outputs: dict[str, Any] = {}
        prints: dict[str, dict[str, Any]] = {}
        captured: dict[str, dict[str, Any]] = {}
        spent = 0.0
        for number, locale in enumerate(self.locales):
            if base is not None and number > 0:
                # Every locale starts from the same state; the last one may consume the snapshot itself.
                self._restore(base, copy_it=number < len(self.locales) - 1)
            # Values that differ between locales live on per locale, across cells.
            self.ns.update(self.local_values.get(locale["code"], {}))
            # Those it may not draw on: the common state's, a helper's, and the other locales' (a dict of each
            # locale's own still holds the one figure) - not those only its own values hold.
            others = [
                v for code, own in self.local_values.items() if code != locale["code"] for v in own.values()
            ]
            held = _figures_in([*common, *others]) if base is not None else []
            drawn = [_drawing(figure) for figure in held]
            self._bind(locale)
            self._current, self._shown = (index, block, line, locale), []
            started = time.perf_counter()
            try:
                stdout = self._exec(nodes, index, block, line, locale, after_others=number > 0)
            finally:
                self._current = None
            spent += time.perf_counter() - started
            # Drawn as the cell ends, within it as Jupyter draws them: what drawing prints is the cell's.
            with _cell_streams(self._printed):
                at_end = self._save_figures(index, block, line, locale, None, len(self._shown) + 1)
            stdout = self._printed.getvalue()  # with the warnings saving its figures raised
            figures = self._shown + at_end
            # Its output is English when it printed no translation (a new locale, a translated legend): a
            # screen reader reads it so, not with the voice of the page's language.
            printed = any(_printed_in(text, stdout) for text in self._translations)
            english = bool(self._said[0]) and not printed
            outputs[locale["code"]] = (stdout, figures, english, self._cleared)
            if base is not None:
                for figure, was in zip(held, drawn, strict=True):
                    if _drawing(figure) != was:
                        label = figure.get_label() or "without alt text"
                        raise NotShareable(f"the figure '{label}' an earlier cell made (drawn on)")
                left = _helpers_state(self.folder)
                first_left = helper_states.setdefault("first", left)
                if left != first_left:
                    # A helper holds a value of this locale's (a label appended to its list): the next cells
                    # would read the last locale's, which only running apart keeps from them.
                    changed = sorted(
                        set(left) ^ set(first_left) | {n for n in left if left[n] != first_left.get(n)}
                    )
                    module, name = changed[0].split(":", 1)
                    raise NotShareable(f"the helper module {module} ({name})")
                for value, was in zip(shared, shared_states, strict=True):
                    if _state(value) != was:
                        names = sorted(name for name, held in self.ns.items() if held is value)
                        raise NotShareable(_describe(value) + (f" ({', '.join(names)})" if names else ""))
                # Every name, not only those the statements mention: a function they call may change a global,
                # or an object another name holds. (Arrays are compared, not hashed: see _state.)
                keys = set(self.ns) - _RUNTIME_NAMES
                # A state equal to the first locale's is that one, not another holding this locale's arrays.
                # Every locale's values are kept whole, though: a locale's values of several names may share
                # objects (a list and its append, an array and its view), which copies made apart would not.
                first = next(iter(prints.values()), None)
                prints[locale["code"]] = states = {}
                for name in keys:
                    state = _state(self.ns.get(name, _UNBOUND))
                    same = first is not None and name in first and first[name] == state
                    states[name] = first[name] if same else state
                captured[locale["code"]] = {name: self.ns[name] for name in keys if name in self.ns}
        if len(self.locales) > 1 and spent / len(self.locales) > self.slow_seconds:
            self.slow.append({"block": block, "line": nodes[0].lineno, "seconds": spent / len(self.locales)})
        if len(prints) > 1:
            for name in set().union(*prints.values()):
                values = {fp.get(name) for fp in prints.values()}
                if len(values) > 1:
                    self.tainted.add(name)
                    for code, values_of in captured.items():
                        own = self.local_values.setdefault(code, {})
                        if name in values_of:
                            own[name] = values_of[name]
                        else:
                            own.pop(name, None)
                else:
                    self.tainted.discard(name)
                    for own in self.local_values.values():
                        own.pop(name, None)
        return outputs

    def _bind(self, locale: dict[str, Any] | None) -> None:
        if locale is None:
            self.ns["_"] = self.ns["ngettext"] = self.ns["fmt"] = _tripwire
            # Not the fonts of whichever locale ran last: that depends on the locales in this kernel.
            plt.rcParams["font.family"] = matplotlib.rcParamsDefault["font.family"]
            return
        self._said, self._translations = [0, 0], []
        self.ns["_"] = translator(
            locale["messages"], locale.get("english", ()), self._said, self._translations
        )
        self.ns["ngettext"] = plural_translator(
            locale.get("plurals", {}),
            locale.get("plural_expr", "(n != 1)"),
            locale.get("english_plurals", ()),
            self._said,
            self._translations,
        )
        self.ns["fmt"] = number_formatter(locale["decimal"])
        plt.rcParams["font.family"] = locale["fonts"]

    def _exec(
        self,
        nodes: list[ast.stmt],
        index: int,
        block: str,
        line: int,
        locale: Any,
        after_others: bool = False,
    ) -> str:
        """Run ``nodes`` for ``locale`` (None: for all), its output; ``after_others`` if other locales ran
        them without error before it."""
        code = compile(ast.Module(body=nodes, type_ignores=[]), self.path, "exec")
        # What the cell prints to either stream, in order, as Jupyter shows it under the cell.
        buffer = self._printed = io.StringIO()
        self._cleared = False
        with warnings.catch_warnings(record=True) as caught, _cell_streams(buffer):
            warnings.simplefilter("always")
            # The examples' own filters (filterwarnings("ignore", ...)) hold in the cells after theirs, as in
            # a notebook: every page showed a warning the author had silenced in an earlier cell.
            for kept in reversed(self._filters):
                warnings.filterwarnings(*kept)
            present = {id(entry) for entry in warnings.filters}
            self._warned = set()

            def show(message: Any, category: Any, filename: str, lineno: int, *rest: Any) -> None:
                """Each warning where it is raised among what the cell prints (it was gathered at the end
                of the cell's output, after what came later)."""
                warning = warnings.WarningMessage(message, category, filename, lineno, *rest)
                caught.append(warning)
                self._print_warning(warning)

            warnings.showwarning = show
            # The main module is the examples' while they run, as in a notebook (dataclasses and pickle
            # look their classes up there); the kernel's own again after.
            kernel_main = sys.modules.get(MAIN)
            sys.modules[MAIN] = self.module
            _drop_handlers_of(nodes)
            try:
                with _process_output(buffer), _handlers_noted():
                    exec(code, self.ns)
            except LocaleDependent:
                raise
            except (Exception, SystemExit, KeyboardInterrupt) as exc:
                # sys.exit() too: in a notebook it ends the cell with an error, never the kernel quietly.
                # A Chinese label that .encode("ascii") refuses, when the French one passed: the author looked
                # for the error in English. Where no locale ran the statements before this one (the lesson's
                # others run in another kernel), the run is named only if it translated something: a
                # NameError named the first locale to run as if it were its fault.
                where = ""
                if after_others:
                    where = f" (for locale '{locale['code']}')"
                elif locale is not None and self.name_locale and self._said[1]:
                    where = f" (in the run for locale '{locale['code']}')"
                if isinstance(exc, SystemExit):
                    # argparse's reason, printed before it exits, and why a script's main guard runs at all.
                    said = [text for text in buffer.getvalue().splitlines() if text.strip()]
                    where += (f": {said[-1].strip()}" if said else "") + (
                        " (the examples run as the main module, as in a notebook: a main guard runs, with "
                        "the kernel's own command line in sys.argv)"
                    )
                if after_others and isinstance(exc, FileNotFoundError | FileExistsError):
                    where += (
                        " (another language's run of this cell made, moved or removed it: files are one for "
                        "every language, do this in a cell that runs once, before the first plot or "
                        "translated text)"
                    )
                elif isinstance(exc, FileNotFoundError):
                    where += (
                        " (the examples run in a copy of their lesson's folder, with its files and "
                        "subfolders only: keep what they read in it)"
                    )
                self._fail(block, _error_line(exc, self.path, line), _last_line(exc) + where)
            finally:
                if kernel_main is not None:
                    sys.modules[MAIN] = kernel_main
                else:
                    del sys.modules[MAIN]
                added = [_filter_args(entry) for entry in warnings.filters if id(entry) not in present]
                self._filters = [*added, *(kept for kept in self._filters if kept not in added)]
        self._check_warnings(caught, block, line, locale)
        return buffer.getvalue()

    def _print_warning(self, warning: Any) -> None:
        """Print ``warning`` among what the cell prints, as a notebook shows it, once per place and text."""
        key = (warning.category, str(warning.message), warning.filename, warning.lineno)
        text = _shown_warning(warning, self.path)
        if text is not None and key not in self._warned:
            self._warned.add(key)
            _take_process_output()  # what a process wrote before it comes before it
            self._printed.write(text)

    def _check_warnings(self, caught: list[Any], block: str, line: int, locale: Any) -> None:
        for warning in caught:
            text = str(warning.message)
            if MISSING_GLYPH in text:
                where = f" for locale '{locale['code']}'" if locale else ""
                self._fail(block, warning.lineno if warning.filename == self.path else line, f"{text}{where}")
            # Per locale, so that a locale's warnings are the same whichever locales share the kernel.
            for code in [locale["code"]] if locale else self.warnings:
                self.warnings[code].append(f"{warning.category.__name__}: {text}")

    # -- figures ------------------------------------------------------------------------------------------
    def _show(self, value: Any) -> None:
        """A cell's last value (see :func:`_show`); a figure, as Jupyter shows one: drawn, even one that an
        earlier cell made (its text was dropped, having a memory address)."""
        if isinstance(value, Figure):
            self._show_now([value])
        else:
            _show(value)

    def _display(self, *values: Any, **options: Any) -> None:
        """``display()`` (see :func:`_display`); a figure is drawn, not named ("<Figure size 400x300>")."""
        for value in values:
            if isinstance(value, Figure):
                self._show_now([value])
            else:
                _display(value, **options)

    def _show_now(self, figures: list[Any]) -> None:
        if not figures:
            return
        if self._current is None:
            raise LocaleDependent  # figures are drawn per locale: the cell runs per locale
        index, block, line, locale = self._current
        self._shown += self._save_figures(index, block, line, locale, figures, len(self._shown) + 1)

    def _save_figures(
        self,
        index: int,
        block: str,
        line: int,
        locale: dict[str, Any],
        figures: list[Any] | None = None,
        first: int = 1,
    ) -> list[dict[str, Any]]:
        """Save ``figures`` (by default the open ones) as the cell's figures numbered from ``first``, shown
        after what the locale's run of the cell printed so far, and close them.

        A warning raised while a figure is laid out or saved is printed before it, as Jupyter shows it: a
        translation too long for its figure ("constrained_layout not applied because axes sizes collapsed
        to zero") was said nowhere, on the page or in the log.
        """
        saved = []
        folder = os.path.join(self.out, locale["code"])
        os.makedirs(folder, exist_ok=True)
        if figures is None:
            figures = _open_figures()
        drawn = []
        for figure in figures:
            if _draws_something(figure):
                drawn.append(figure)
            else:  # a bare plt.figure(), never drawn on: no image (Jupyter shows none), no alt text asked
                plt.close(figure)
        for number, figure in enumerate(drawn, start=first):
            alt = figure.get_label().strip()
            if not alt:
                plt.close("all")
                self._fail(
                    block,
                    getattr(figure, CREATED_AT, None) or line,
                    'figure without alt text: give it one with fig.set_label(_("..."))',
                )
            name = f"{block or 'setup'}-{index}-{number}.svg"
            path = os.path.join(folder, name)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                # Without a layout engine, what Jupyter shows: the figure cropped or widened to what it
                # draws (its inline plots are saved so), or labels past the edge are cut off on the page.
                tight = "tight" if figure.get_layout_engine() is None else None
                engine = _apply_layout(figure)
                # A layout engine fits what fits; a translation longer than the figure is wide was cut off
                # at its edge: then the figure is saved with all it draws, as without one.
                if tight is None and _text_overflows(figure):
                    tight = "tight"
                # Its alt text as its title: a plot opened alone (its link on the page) had no name.
                metadata = {"Date": None, "Title": alt}
                try:
                    figure.savefig(path, format="svg", metadata=metadata, bbox_inches=tight)
                finally:
                    if engine is not None:  # the author's figure keeps it for a later cell, as in Jupyter
                        figure.set_layout_engine(engine)
            self._check_warnings(caught, block, line, locale)
            for warning in caught:
                self._print_warning(warning)
            _take_process_output()  # a figure shown after what a process wrote comes after it
            width, height = _svg_size(path) if tight else figure.get_size_inches() * CSS_PX_PER_INCH
            saved.append(
                {
                    "file": name,
                    "alt": alt,
                    "english": bool(getattr(figure, ENGLISH_LABEL, False)),
                    "width": round(float(width), 1),
                    "height": round(float(height), 1),
                    # Where the figure comes among what the cell prints: plt.show() between two prints shows
                    # it between.
                    "at": len(self._printed.getvalue()),
                }
            )
            plt.close(figure)
        return saved

    # -- state ---------------------------------------------------------------------------------------------
    def _snapshot(self) -> Snapshot:
        memo: dict[int, Any] = {}
        with _views_kept():
            # One memo for the examples and their modules: `from helper import RUNS` is helper.RUNS.
            state = {name: _copy(value, memo) for name, value in self.ns.items()}
            modules = {
                name: (module, {key: _copy(value, memo) for key, value in _module_globals(module).items()})
                for name, module in _own_modules(self.folder).items()
            }
        return state, np.random.get_state(), random.getstate(), _settings_state(), modules

    def _restore(self, snapshot: Snapshot, *, copy_it: bool) -> None:
        state, np_state, py_state, settings, modules = self._snapshot_copy(snapshot) if copy_it else snapshot
        self.ns.clear()
        self.ns.update(state)
        np.random.set_state(np_state)
        random.setstate(py_state)
        _restore_settings(settings)
        for module, values in modules.values():
            globals_ = vars(module)
            for key in set(_module_globals(module)) - set(values):
                del globals_[key]
            globals_.update(values)
        # One imported since is imported afresh, as in the next locale's notebook.
        _drop_own_modules(self.folder, keep=modules)

    def _snapshot_copy(self, snapshot: Snapshot) -> Snapshot:
        state, np_state, py_state, settings, modules = snapshot
        memo: dict[int, Any] = {}
        with _views_kept():
            state = {name: _copy(value, memo) for name, value in state.items()}
            modules = {
                name: (module, {key: _copy(value, memo) for key, value in values.items()})
                for name, (module, values) in modules.items()
            }
        return state, np_state, py_state, settings, modules

    # -- reporting -----------------------------------------------------------------------------------------
    def _fail(self, block: str, line: int, reason: str) -> None:
        with open(os.path.join(self.out, "error.json"), "w", encoding="utf-8") as handle:
            json.dump({"block": block, "line": line, "reason": reason}, handle)
        raise CellFailed(reason)

    def finish(self) -> None:
        for alone in self.separate or ():
            code = alone.locales[0]["code"]
            self.cells[code], self.warnings[code] = alone.cells[code], alone.warnings[code]
        if self.separate:
            # Apart, every statement ran once per locale, those before the parting too.
            self.stats = {**self.separate[0].stats, "fallbacks": self.stats["fallbacks"]}
        results = {
            "cells": self.cells,
            "warnings": self.warnings,
            "stats": self.stats,
            "slow": self.slow,
            "unshown": self.unshown,
            "separate": self.separate_since,
        }
        with open(os.path.join(self.out, "results.json"), "w", encoding="utf-8") as handle:
            json.dump(results, handle, ensure_ascii=False)


def _no_input(*_args: Any, **_kwargs: Any) -> str:
    raise RuntimeError(
        "examples cannot ask for input: nobody answers at build time (set the value in the code)"
    )


def _filter_args(entry: tuple[Any, ...]) -> tuple[Any, ...]:
    """The arguments of ``warnings.filterwarnings`` that make the filter ``entry`` of ``warnings.filters``."""
    action, message, category, module, lineno = entry
    return action, message.pattern if message else "", category, module.pattern if module else "", lineno


def _error_line(exc: BaseException, path: str, default: int) -> int:
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if frame.filename == path]
    if frames and frames[-1].lineno:
        return frames[-1].lineno
    if isinstance(exc, SyntaxError) and exc.lineno:
        return exc.lineno
    return default


def _last_line(exc: BaseException) -> str:
    return traceback.format_exception_only(type(exc), exc)[-1].strip()
