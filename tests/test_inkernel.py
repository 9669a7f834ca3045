"""The kernel-side runtime, exercised in this process (no kernel) for its scheduling rules."""

import ast
import builtins
import copy
import io
import json
import logging
import os
import re
import sys
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from coursegen import inkernel
from coursegen.driver import RANDOM_SEED
from coursegen.inkernel import state
from coursegen.inkernel.figures import _apply_layout
from coursegen.inkernel.runtime import CellFailed, Runtime
from coursegen.inkernel.state import _copy, _state
from coursegen.inkernel.translations import English, number_formatter, translator


def runtime(tmp_path, *codes):
    locales = [
        {
            "code": c,
            "messages": {"hi": f"hi-{c}"},
            "decimal": "," if c == "a" else ".",
            "fonts": ["DejaVu Sans"],
        }
        for c in codes
    ]
    config = {
        "path": "examples.py",
        "out": str(tmp_path),
        "locales": locales,
        "svg_fonttype": "path",
        "random_seed": RANDOM_SEED,
    }
    return Runtime(json.dumps(config))


def test_the_kernel_runs_every_module_after_those_it_imports_and_imports_nothing_else_of_coursegen():
    """The kernel makes the package's modules from their text in the order of MODULES (see
    driver.driver_notebook): a module left out, or listed before one it imports, stops every build's kernel at
    its first cell; an import of coursegen outside the package finds nothing there."""
    package = Path(inkernel.__file__).parent
    modules = sorted(path.stem for path in package.glob("*.py") if path.stem != "__init__")
    assert sorted(inkernel.MODULES) == modules
    for position, name in enumerate(inkernel.MODULES):
        tree = ast.parse((package / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                assert node.module in inkernel.MODULES[:position], f"{name} runs before {node.module}"
            elif isinstance(node, ast.ImportFrom):
                assert node.level == 0 and not (node.module or "").startswith("coursegen"), name
            elif isinstance(node, ast.Import):
                assert not any(alias.name.startswith("coursegen") for alias in node.names), name


def stdout(rt, code, index):
    return next(c["stdout"] for c in rt.cells[code] if c["index"] == index)


def test_translator_and_formatter():
    assert translator({"a": "x $y$"})("a") == "x $y$"
    assert translator({})("b") == "b"
    assert number_formatter(",")(1234.5, ",.2f") == "1\u202f234,50"
    assert number_formatter(".")(0.5) == "0.5"


def test_a_message_shown_in_english_stays_marked_through_format_copies_and_fingerprints():
    _ = translator({"a": "x", "b": "b {n}", "c": "c"}, english=["b"])
    assert not isinstance(_("a"), English)
    assert (
        isinstance(_("b"), English)
        and isinstance(_("b").format(n=1), English)
        and _("b").format(n=1) == "b 1"
    )
    assert isinstance(_("unknown"), English)  # a message the host did not send is English too
    assert isinstance(copy.deepcopy({"k": _("b")})["k"], English) and isinstance(_copy(_("b"), {}), English)
    # Two locales showing the same English give equal values where the runtime compares them (not tainted).
    assert _state(English("c")) == _state(translator({}, english=["c"])("c"))
    assert isinstance(_state(English("c")), str)


def test_a_figure_labelled_in_english_is_recorded_so(tmp_path):
    rt = runtime(tmp_path, "a")
    rt.locales[0]["english"] = ["untranslated {n}"]
    code = (
        "import matplotlib.pyplot as plt\n"
        "fig, ax = plt.subplots()\nax.plot([1, 2])\nfig.set_label(_('untranslated {n}').format(n=2))\n"
        "fig, ax = plt.subplots()\nax.plot([1, 2])\nfig.set_label(_('hi'))\n"
        "fig = plt.figure(label=_('untranslated {n}'))\nfig.add_subplot().plot([1])\n"
    )
    rt.run_cell(0, "x", 1, code)
    assert [(f["alt"], f["english"]) for f in rt.cells["a"][0]["figures"]] == [
        ("untranslated 2", True),
        ("hi-a", False),
        ("untranslated {n}", True),
    ]


def test_what_a_cell_prints_is_english_when_every_text_it_translated_is(tmp_path):
    rt = runtime(tmp_path, "a", "b")
    rt.locales[0]["english"] = ["hi"]  # "a" does not translate it yet; "b" does
    rt.run_cell(0, "x", 1, "print(_('hi'))")
    rt.run_cell(1, "x", 2, "print(_('hi'), _('unknown'))")  # "b": translated and English, mixed
    rt.run_cell(2, "x", 3, "print(42)")  # translates nothing: no language to tell
    english = {code: [cell["english"] for cell in rt.cells[code]] for code in "ab"}
    assert english == {"a": [True, True, False], "b": [False, False, False]}


def test_display_imported_from_ipython_shows_its_values(tmp_path):
    """``from IPython.display import display``, in every notebook-style file: what it showed never reached the
    page (IPython's own display published it to the kernel's output, which the page does not read)."""
    rt = runtime(tmp_path, "a")
    rt.run_cell(0, "x", 1, "from IPython.display import display\nimport IPython.display\n")
    rt.run_cell(1, "x", 3, "display({'k': 1}, 'text')\nIPython.display.display(3.5)")
    assert stdout(rt, "a", 1) == "{'k': 1}\n'text'\n3.5\n"


def test_a_display_to_update_keeps_its_handle_and_a_picture_is_not_named(tmp_path):
    """display(..., display_id=True) returned nothing once IPython's display was the runtime's: the
    progress idiom handle.update(...) stopped the build; and display(Image(...)) showed the object's name."""
    rt = runtime(tmp_path, "a")
    image = tmp_path / "dot.png"
    image.write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360000002000100e527de000000000049454e44ae426082"
        )
    )
    code = (
        "from IPython.display import Image, display, update_display\n"
        "handle = display('first', display_id=True)\nhandle.update('second')\n"
        f"display(Image(filename={str(image)!r}))\nprint('after')"
    )
    rt.run_cell(0, "x", 1, code)
    assert stdout(rt, "a", 0) == "'first'\nafter\n"


def test_a_display_handle_kept_by_the_examples_lets_the_locales_run_together(tmp_path):
    """A handle from display(..., display_id=True) held in a name could not be copied: from the next
    translated cell on, every locale ran the whole examples on its own."""
    rt = runtime(tmp_path, "a", "b")
    rt.run_cell(0, "x", 1, "from IPython.display import display\nhandle = display(1, display_id=True)")
    rt.run_cell(1, "x", 3, "handle.update(2)\nprint(_('hi'))")
    rt.run_cell(2, "x", 5, "handle.display(3)")
    assert rt.separate is None and rt.separate_since is None
    assert [stdout(rt, code, 1) + stdout(rt, code, 2) for code in "ab"] == ["hi-a\n3\n", "hi-b\n3\n"]


def test_a_script_s_main_guard_that_exits_says_why(tmp_path):
    """argparse under a main guard, which runs as in a notebook: the build said only "SystemExit: 2", and
    what argparse printed was thrown away."""
    rt = runtime(tmp_path, "a")
    code = (
        "import argparse\nif __name__ == '__main__':\n"
        "    argparse.ArgumentParser().parse_args(['--epochs', '3'])\n"
    )
    with pytest.raises(CellFailed) as caught:
        rt.run_cell(0, "x", 1, code)
    assert "SystemExit: 2" in str(caught.value)
    assert "unrecognized arguments: --epochs 3" in str(caught.value)
    assert "main module" in str(caught.value)


def test_printed_output_reads_as_a_notebook_shows_it_and_the_same_every_build(tmp_path):
    """Carriage returns overwrite the line (a progress count ran on for the whole loop); colours are left out
    (their codes showed as boxes); a printed memory address, and the builder's path in a printed
    traceback, changed the page with every build and machine."""
    rt = runtime(tmp_path, "a")
    rt.path = str(tmp_path / "examples.py")  # as the build gives it: absolute
    code = (
        "for i in range(3):\n    print(f'\\rprogress {i * 50}%', end='')\n"
        "print()\nprint('\\rlong line\\rshort')\n"
        "print('\\x1b[31mred\\x1b[0m plain')\nprint(object())\n"
        "def f():\n    pass\nprint(f, (x for x in ()))\n"
        "import traceback\ntry:\n    1 / 0\nexcept ZeroDivisionError:\n    traceback.print_exc()\n"
    )
    rt.run_cell(0, "x", 1, code)
    lines = stdout(rt, "a", 0).splitlines()
    assert lines[:5] == [
        "progress 100%",
        "shortline",
        "red plain",
        "<object object at 0x…>",
        "<function f at 0x…> <generator object <genexpr> at 0x…>",
    ]
    assert all(str(tmp_path) not in line for line in lines) and 'File "examples.py", line 12' in lines[6]
    rt.run_cell(
        1,
        "x",
        20,
        "import traceback, numpy\ntry:\n    numpy.linalg.inv(numpy.zeros((2, 2)))\n"
        "except Exception:\n    traceback.print_exc()",
    )
    assert sys.prefix not in stdout(rt, "a", 1) and "site-packages/numpy" in stdout(rt, "a", 1)


def test_the_examples_run_as_the_notebook_s_main_module(tmp_path):
    """In a notebook the examples are ``__main__``: on the page a main guard's whole output was missing, and
    the examples' classes were named after the build's own module."""
    rt = runtime(tmp_path, "a", "b")
    rt.run_cell(0, "x", 1, "from dataclasses import dataclass\n\n@dataclass\nclass Box:\n    size: int = 1\n")
    rt.run_cell(
        1, "x", 6, "box = Box()\nif __name__ == '__main__':\n    print(_('hi'), type(box).__qualname__, box)"
    )
    rt.run_cell(2, "x", 8, "box.size += 1\nprint(type(box), box)")
    assert stdout(rt, "a", 1) == "hi-a Box Box(size=1)\n" and stdout(rt, "b", 1) == "hi-b Box Box(size=1)\n"
    assert stdout(rt, "a", 2) == "<class '__main__.Box'> Box(size=2)\n"


def test_a_file_not_found_says_where_examples_run(tmp_path):
    """A data file beside the lesson's folder (../shared/data.csv) was "not found", though it is there: the
    examples run in a copy of their own folder, which the error did not say."""
    rt = runtime(tmp_path, "a")
    with pytest.raises(CellFailed, match="a copy of their lesson's folder"):
        rt.run_cell(0, "x", 1, "open('../shared/data.csv')")


def test_a_carriage_return_goes_back_over_what_follows_whoever_shares_the_kernel(tmp_path):
    """A progress line ending in a carriage return, then a translated result: with locales sharing a kernel
    the progress stayed before the result (the part run once was read apart); alone, it was gone."""
    code = "for i in range(3):\n    print(f'step {i}', end='\\r')\nprint(_('hi'))"
    together, alone = runtime(tmp_path / "2", "a", "b"), runtime(tmp_path / "1", "a")
    for rt in (together, alone):
        rt.run_cell(0, "x", 1, code)
    assert stdout(together, "a", 0) == stdout(alone, "a", 0) == "hi-a 2\n"  # as Jupyter overwrites
    assert together.stats["shared_statements"] == 1


def test_shared_prefix_runs_once_and_suffix_per_locale(tmp_path):
    rt = runtime(tmp_path, "a", "b")
    rt.run_cell(0, "x", 1, "calls = []\ncalls.append(1)\nprint(_('hi'), len(calls))")
    assert rt.stats == {"shared_statements": 2, "localized_statements": 1, "fallbacks": 0}
    assert stdout(rt, "a", 0) == "hi-a 1\n" and stdout(rt, "b", 0) == "hi-b 1\n"


def test_accumulating_suffix_gives_every_locale_the_same_state(tmp_path):
    rt = runtime(tmp_path, "a", "b", "c")
    rt.run_cell(0, "x", 1, "rows = []")
    rt.run_cell(1, "x", 2, "rows.append(_('hi'))\nprint(len(rows))")
    assert [stdout(rt, c, 1) for c in "abc"] == ["1\n", "1\n", "1\n"]


def test_hidden_translation_in_shared_code_runs_per_locale(tmp_path):
    """Known from the function's code, before running: run once, then again per locale after the tripwire,
    a statement consumed twice what it read (a generator's next value)."""
    rt = runtime(tmp_path, "a", "b")
    rt.run_cell(0, "x", 1, "def greet():\n    return _('hi')\ndef twice():\n    return greet() * 2")
    rt.run_cell(1, "x", 3, "word = twice()\nprint(word)")
    assert rt.stats["fallbacks"] == 0
    assert stdout(rt, "a", 1) == "hi-ahi-a\n" and stdout(rt, "b", 1) == "hi-bhi-b\n"
    rt.run_cell(2, "x", 5, "print(eval('gre' + 'et()'))")
    assert rt.stats["fallbacks"] == 1  # what the code does not name is still caught when it runs
    assert stdout(rt, "a", 2) == "hi-a\n" and stdout(rt, "b", 2) == "hi-b\n"


def test_locale_dependent_values_taint_later_statements(tmp_path):
    rt = runtime(tmp_path, "a", "b")
    rt.run_cell(0, "x", 1, "label = fmt(0.5)")
    assert "label" in rt.tainted
    rt.run_cell(1, "x", 2, "text = label * 2\nprint(text)")
    assert stdout(rt, "a", 1) == "0,50,5\n" and stdout(rt, "b", 1) == "0.50.5\n"
    assert rt.stats["shared_statements"] == 0


def test_values_equal_in_every_locale_are_not_tainted(tmp_path):
    rt = runtime(tmp_path, "a", "b")
    rt.run_cell(0, "x", 1, "n = len(_('hi'))")
    assert "n" not in rt.tainted


def test_errors_point_at_the_file_line(tmp_path):
    rt = runtime(tmp_path, "a")
    with pytest.raises(CellFailed):
        rt.run_cell(0, "blk", 7, "x = 1\nraise ValueError('bad')")
    error = json.loads((tmp_path / "error.json").read_text())
    assert error == {"block": "blk", "line": 8, "reason": "ValueError: bad"}


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("import sys\nsys.exit('stopping here')", "SystemExit: stopping here"),
        ("raise KeyboardInterrupt", "KeyboardInterrupt"),
        ("x = input('your name? ')", "RuntimeError: examples cannot ask for input"),
    ],
)
def test_exits_and_input_are_errors_at_their_line(tmp_path, code, reason):
    """sys.exit() was "examples could not run:" with the colour codes of the kernel's traceback and no line,
    and input() waited, silent, for the cell timeout (ten minutes), then blamed "a loop that never ends?"."""
    rt = runtime(tmp_path, "a")
    with pytest.raises(CellFailed):
        rt.run_cell(0, "blk", 7, "x = 1\n" + code)
    error = json.loads((tmp_path / "error.json").read_text())
    assert error["line"] == 7 + code.count("\n") + 1 and error["reason"].startswith(reason)


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("x = 2\nx * 3", "6\n"),
        ("class Box:\n    pass\nBox()", ""),  # <Box object at 0x7f...>: another address in every build
        ("import numpy as np\nnp.random.default_rng(0)", ""),  # Generator(PCG64) at 0x7F...: capitals
        ("class Box:\n    pass\ndisplay(Box(), 2)", "2\n"),
        ("mask = 0xBEEF\nf'flag set at 0x{mask:X}'", "'flag set at 0xBEEF'\n"),  # a value, not an address
        ("x = 2\nx * 3;  # a semicolon hides it, as in Jupyter", ""),
        ("values = [1, 2]\nvalues.append(3)", ""),  # None
        ("_('hi')", "'hi-a'\n"),
        ("display(1, [2])\nNone", "1\n[2]\n"),
        ("from IPython.display import Markdown\nMarkdown('**W** is small')", "**W** is small\n"),
        # What Jupyter shows below the cell too: stderr, and each warning once (no file path).
        ("import sys\nprint('a', file=sys.stderr)\nprint('b')", "a\nb\n"),
        ("import gc, os\nopen(os.devnull)\ngc.collect();", ""),  # no ResourceWarning (unclosed file)
        (
            "import numpy as np\nfor _step in range(3):\n    low = np.log(np.array([0.0]))\nprint(low)",
            "RuntimeWarning: divide by zero encountered in log\n[-inf]\n",  # where it was raised
        ),
        (
            "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nfig.set_label('a')\nax.plot([1, 2])",
            "",  # [<matplotlib.lines.Line2D at 0x7f...>]: an address, and the figure is on the page
        ),
    ],
)
def test_a_cell_s_last_value_and_display_are_shown_as_in_jupyter(tmp_path, code, shown):
    """A cell ending in `W1.shape`, or calling display(), showed nothing on the page, without a word."""
    rt = runtime(tmp_path, "a", "b")
    rt.run_cell(0, "x", 1, code)
    assert stdout(rt, "a", 0) == shown


def test_global_random_generators_draw_the_same_numbers_in_every_kernel(tmp_path):
    """Unseeded np.random gave each kernel, so each locale, other numbers (and every build others)."""
    code = "import random\nimport numpy as np\nprint(np.random.rand(), random.random(), _('hi'))"
    printed = []
    for codes in (("a",), ("b", "a")):
        rt = runtime(tmp_path / "".join(codes), *codes)
        rt.run_cell(0, "x", 1, code)
        printed.append([stdout(rt, c, 0).rsplit(" ", 1)[0] for c in codes])
    assert len({line for lines in printed for line in lines}) == 1


def test_a_locale_prints_the_same_alone_and_with_others(tmp_path):
    """A prefix that opens a figure falls back to per-locale: alone, it must not have drawn numbers twice."""
    cells = [
        "import numpy as np\nrng = np.random.default_rng(0)",
        "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nfig.set_label('x')\nprint(rng.normal())",
        "print(rng.normal(), _('hi'))",
    ]
    printed = {}
    for codes in (("a",), ("b", "a")):
        rt = runtime(tmp_path / "".join(codes), *codes)
        for index, code in enumerate(cells):
            rt.run_cell(index, "x", 1 + 10 * index, code)
        printed[codes] = [stdout(rt, "a", index) for index in range(len(cells))]
    assert printed[("a",)] == printed[("b", "a")]
    assert printed[("a",)][1] != "" and printed[("a",)][2].endswith("hi-a\n")


def test_warnings_go_to_the_locales_that_raised_them(tmp_path):
    rt = runtime(tmp_path, "a", "b")
    rt.run_cell(0, "x", 1, "import warnings\nwarnings.warn('everyone')")
    rt.run_cell(1, "x", 3, "if _('hi') == 'hi-a':\n    warnings.warn('only a')")
    assert rt.warnings == {
        "a": ["UserWarning: everyone", "UserWarning: only a"],
        "b": ["UserWarning: everyone"],
    }


def test_an_error_of_every_locale_does_not_name_the_first_to_run(tmp_path):
    """Named whenever the lesson had several locales, a NameError blamed the first locale to run."""
    config = {
        "path": "examples.py",
        "out": str(tmp_path),
        "locales": [{"code": "de", "messages": {"hi": "hallo"}, "decimal": ".", "fonts": ["DejaVu Sans"]}],
        "svg_fonttype": "path",
        "random_seed": RANDOM_SEED,
        "name_locale": True,
    }
    rt = Runtime(json.dumps(config))
    with pytest.raises(CellFailed):
        rt.run_cell(0, "x", 1, "import matplotlib.pyplot as plt\nfig = plt.figure()\nundefined + 1")
    reason = json.loads((tmp_path / "error.json").read_text())["reason"]
    assert reason == "NameError: name 'undefined' is not defined"
    with pytest.raises(CellFailed):
        rt.run_cell(1, "x", 5, "import matplotlib.pyplot as plt\nfig = plt.figure()\n_('hi').encode('x')")
    reason = json.loads((tmp_path / "error.json").read_text())["reason"]
    assert reason.endswith("(in the run for locale 'de')")


def test_a_figure_without_a_layout_engine_is_saved_with_all_it_draws(tmp_path):
    """Jupyter saves inline plots cropped to what they draw; saved at their size, their x labels were cut off
    at the bottom edge, in every language. A figure with a layout engine keeps its size."""
    rt = runtime(tmp_path, "a")
    code = (
        "import matplotlib.pyplot as plt\n"
        "fig, ax = plt.subplots(figsize=(3, 2))\nax.set_xlabel(_('hi'), labelpad=60)\nfig.set_label('x')\n"
        "fig, ax = plt.subplots(figsize=(3, 2), layout='constrained')\n"
        "ax.set_xlabel(_('hi'))\nfig.set_label('y')"
    )
    rt.run_cell(0, "x", 1, code)
    loose, constrained = rt.cells["a"][0]["figures"]
    assert loose["height"] > 2 * 96 + 40 and (constrained["width"], constrained["height"]) == (288, 192)
    svg = (tmp_path / "a" / loose["file"]).read_text()
    assert abs(float(svg.split('height="')[1].split("pt")[0]) * 96 / 72 - loose["height"]) < 0.1


LONG = "a translation far longer than its figure is wide, as French or German ones often are"


@pytest.mark.parametrize(
    "draws",
    [
        "ax = fig.add_subplot(projection='3d')\nax.plot([0, 1], [0, 1], [0, 1])\nax.set_zlabel(LONG)",
        "left, right = fig.subfigures(1, 2)\nleft.subplots().plot([1])\nright.subplots().plot([1])\n"
        "right.suptitle(LONG)",
        "ax = fig.add_subplot()\nax.plot(range(10))\nax.annotate(LONG, xy=(8, 1), xytext=(8.5, 0.6))",
    ],
    ids=["3d-z-label", "subfigure-title", "annotation"],
)
def test_any_text_past_the_edge_of_a_laid_out_figure_is_saved_whole(tmp_path, draws):
    """Only titles, axis labels and legends were looked at: a 3D z label, a subfigure's title or an annotation
    were cut off at the figure's edge on the page (whole in the notebook)."""
    rt = runtime(tmp_path, "a")
    code = (
        "import matplotlib.pyplot as plt\n"
        f"LONG = {LONG!r}\n"
        "fig = plt.figure(figsize=(4, 3), layout='constrained')\n"
        f"{draws}\nfig.set_label('x')"
    )
    rt.run_cell(0, "x", 1, code)
    (figure,) = rt.cells["a"][0]["figures"]
    # Saved with all it draws, not at the size the figure was given.
    assert (figure["width"], figure["height"]) != (4 * 96, 3 * 96)


@pytest.mark.parametrize(
    "draws",
    [
        "ax = fig.add_subplot()\nax.hist(np.random.default_rng(0).normal(size=500), bins=30)\n"
        "ax.set_xlabel(_('hi'))\n"
        "ax.annotate('peak', xy=(0, 10), xytext=(1, 20), arrowprops={'arrowstyle': '->'})",
        "ax = fig.add_subplot(projection='polar')\nax.plot([0, 1], [0, 1])",
        "ax = fig.add_subplot(projection='3d')\nax.plot([0, 1], [0, 1], [0, 1])\nax.set_zlabel('z')",
    ],
    ids=["histogram", "polar", "3d"],
)
def test_a_figure_within_its_edges_keeps_its_size(tmp_path, draws):
    """Ticks out of the view keep labels that are not drawn: they are no text past the edge; polar and 3D
    axes place their ticks when drawn (after the layout, they were anywhere, and every such figure was
    cropped)."""
    rt = runtime(tmp_path, "a")
    code = (
        "import matplotlib.pyplot as plt\nimport numpy as np\n"
        f"fig = plt.figure(figsize=(4, 3), layout='constrained')\n{draws}\nfig.set_label('x')"
    )
    rt.run_cell(0, "x", 1, code)
    (figure,) = rt.cells["a"][0]["figures"]
    assert (figure["width"], figure["height"]) == (4 * 96, 3 * 96)


def test_a_warning_raised_while_a_figure_is_laid_out_is_printed_before_it(tmp_path):
    """A translation too long for its figure makes the layout give up: matplotlib's warning was kept from the
    page and the log, the one sign of it (the notebook shows it)."""
    rt = runtime(tmp_path, "a")
    code = (
        "import matplotlib.pyplot as plt\n"
        "print('before')\n"
        "fig, axes = plt.subplots(1, 2, figsize=(2, 1.5), layout='constrained')\n"
        "axes[0].set_ylabel('\\n'.join(['a label of many lines'] * 12))\nfig.set_label('x')\n"
        "plt.show()\nprint('after')"
    )
    rt.run_cell(0, "x", 1, code)
    (cell,) = rt.cells["a"]
    (figure,) = cell["figures"]
    assert "constrained_layout not applied" in cell["stdout"]
    assert cell["stdout"].startswith("before\nUserWarning: constrained_layout not applied")
    assert cell["stdout"][: figure["at"]].endswith("\n") and cell["stdout"][figure["at"] :] == "after\n"


def test_snapshot_copies_data_and_shares_artists_at_any_depth():
    import matplotlib

    matplotlib.use("agg")

    fig, ax = plt.subplots()
    (line,) = ax.plot([1, 2])
    plt.close(fig)
    rows = [[1.0], np.arange(3)]
    memo: dict = {}
    state = {name: _copy(value, memo) for name, value in {"handles": [line], "a": rows, "b": (rows,)}.items()}
    assert state["handles"][0] is line
    assert state["a"] is not rows and state["b"][0] is state["a"]
    assert state["a"][1] is not rows[1] and np.array_equal(state["a"][1], rows[1])
    state["a"][0].append(2.0)
    assert rows[0] == [1.0]


def test_layout_is_applied_once_and_the_figure_drawn_once(monkeypatch):
    import matplotlib

    matplotlib.use("agg")
    from matplotlib.figure import Figure

    fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
    ax.set_ylabel("a label wide enough to move the axes")
    default = ax.get_position().bounds
    _apply_layout(fig)
    laid_out = ax.get_position().bounds
    assert laid_out != default and fig.get_layout_engine() is None
    draws = []
    real = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, renderer: draws.append(1) or real(self, renderer))
    fig.savefig(io.BytesIO(), format="svg")
    plt.close(fig)
    assert len(draws) == 1 and ax.get_position().bounds == laid_out


def test_a_comprehension_variable_named_like_a_tainted_name_is_not_tainted(tmp_path):
    """The lesson's deep-network cell iterates with ``name``, which an earlier cell left translated: the
    comprehension runs once for all locales, while a real read of ``name`` still runs per locale."""
    rt = runtime(tmp_path, "a", "b")
    rt.run_cell(0, "x", 1, "name = _('hi')")
    assert "name" in rt.tainted
    rt.run_cell(
        1, "x", 2, "calls = []\nspreads = {name: calls.append(1) for name in ('p', 'q')}\nprint(len(calls))"
    )
    assert rt.stats["shared_statements"] == 3
    assert stdout(rt, "a", 1) == stdout(rt, "b", 1) == "2\n"
    rt.run_cell(2, "x", 4, "print([name for _n in (1,)], [x for x in name])")
    assert stdout(rt, "a", 2) == "['hi-a'] ['h', 'i', '-', 'a']\n"
    assert stdout(rt, "b", 2) == "['hi-b'] ['h', 'i', '-', 'b']\n"


def test_plt_show_puts_the_open_figures_below_the_cell_as_jupyter_does(tmp_path):
    """Two plots separated by plt.show() became one figure, with the second's title and alt text: the first
    was lost (the notebook, in Jupyter, showed two)."""
    rt = runtime(tmp_path, "a", "b")
    code = (
        "import matplotlib.pyplot as plt\n"
        "plt.plot([1, 2]); plt.gcf().set_label('first'); plt.show()\n"
        "plt.plot([2, 1]); plt.gcf().set_label(_('hi')); plt.show()\n"
        "plt.show()\n"
    )
    rt.run_cell(0, "x", 1, code)
    for code_ in ("a", "b"):
        (cell,) = rt.cells[code_]
        assert [(f["file"], f["alt"]) for f in cell["figures"]] == [
            ("x-0-1.svg", "first"),
            ("x-0-2.svg", f"hi-{code_}"),
        ]


@pytest.mark.parametrize("show", ["fig_a", "display(fig_a)"])
def test_a_figure_of_an_earlier_cell_shown_again_is_drawn_with_its_changes(tmp_path, show):
    """A figure left as a cell's last value vanished from the page, and display(fig) printed
    "<Figure size 640x480 with 1 Axes>"; the notebook showed the figure."""
    rt = runtime(tmp_path, "a", "b")
    rt.run_cell(
        0, "x", 1, "import matplotlib.pyplot as plt\nfig_a, ax_a = plt.subplots()\nfig_a.set_label(_('hi'))"
    )
    rt.run_cell(1, "x", 5, f"ax_a.plot([2, 1])\nax_a.set_xlabel(_('hi'))\n{show}")
    for code in ("a", "b"):
        cell = rt.cells[code][1]
        assert cell["stdout"] == "" and [f["alt"] for f in cell["figures"]] == [f"hi-{code}"]
        svg = (tmp_path / code / cell["figures"][0]["file"]).read_text()
        assert len(re.findall(r'<g id="line2d_\d+">\s*<path d="M', svg)) == 1  # its one line, once per locale


def test_a_translation_wider_than_its_constrained_figure_is_not_cut_off(tmp_path):
    """The seed lesson's figures use layout="constrained"; a French title five times the English one was cut
    at both edges of the figure, and nothing said so. The figure grows to hold it, as one without a layout
    engine does; one whose text fits keeps its size."""
    rt = runtime(tmp_path, "a")
    long = "a title much wider than its figure " * 4
    code = (
        "import matplotlib.pyplot as plt\n"
        f"fig, ax = plt.subplots(figsize=(3, 2), layout='constrained')\nax.set_title({long!r})\n"
        "fig.set_label('x')\n"
        "fig, ax = plt.subplots(figsize=(3, 2), layout='constrained')\n"
        "ax.set_title('fits')\nfig.set_label('y')"
    )
    rt.run_cell(0, "x", 1, code)
    wide, fitting = rt.cells["a"][0]["figures"]
    assert wide["width"] > 3 * 96 * 2 and (fitting["width"], fitting["height"]) == (288, 192)


def test_a_figure_without_alt_text_is_named_at_the_line_that_made_it(tmp_path):
    """In a cell of several figures, the error named the cell's first line: none of them."""
    rt = runtime(tmp_path, "a")
    code = (
        "import matplotlib.pyplot as plt\n"
        "fig, ax = plt.subplots()\nfig.set_label('first')\n"
        "plt.figure()\n"  # draws nothing: no image, nothing asked of it
        "other, ax2 = plt.subplots()\nax2.plot([1, 2])\n"
    )
    with pytest.raises(CellFailed, match="figure without alt text"):
        rt.run_cell(0, "x", 10, code)
    assert json.loads((tmp_path / "error.json").read_text())["line"] == 14
    rt = runtime(tmp_path / "fine", "a")
    rt.run_cell(0, "x", 10, code.replace("ax2.plot", "other.set_label('second')\nax2.plot"))
    assert [f["alt"] for f in rt.cells["a"][0]["figures"]] == ["first", "second"]


def test_the_examples_cannot_catch_the_build_s_own_errors(tmp_path):
    """plt.show() inside 'try: ... except Exception:' took the missing-alt-text error: the build passed and
    the page printed 'CellFailed', without the figure."""
    rt = runtime(tmp_path, "a")
    code = (
        "import matplotlib.pyplot as plt\nplt.plot([1, 2])\n"
        "try:\n    plt.show()\nexcept Exception as exc:\n    print('caught', exc)\n"
    )
    with pytest.raises(CellFailed, match="figure without alt text"):
        rt.run_cell(0, "x", 1, code)
    assert json.loads((tmp_path / "error.json").read_text())["line"] == 2


def test_plots_follow_the_defaults_and_the_lesson_s_matplotlibrc_not_the_builder_s(tmp_path, monkeypatch):
    """A matplotlibrc in the builder's home folder (a grid, bigger fonts) changed every plot of the site, and
    the cache kept them for every later build."""
    import matplotlib

    monkeypatch.chdir(tmp_path)
    with matplotlib.rc_context({"axes.grid": True, "font.size": 16}):
        runtime(tmp_path / "out", "a")
        assert matplotlib.rcParams["axes.grid"] is False and matplotlib.rcParams["font.size"] == 10
        (tmp_path / "matplotlibrc").write_text("lines.linewidth: 3\n")
        runtime(tmp_path / "out2", "a")
        assert matplotlib.rcParams["lines.linewidth"] == 3 and matplotlib.rcParams["axes.grid"] is False


def test_the_author_s_figure_keeps_its_layout_engine_for_later_cells(tmp_path):
    """The runtime froze the layout by taking the figure's engine away for good: a later cell calling
    ``fig.get_layout_engine().set(...)`` stopped the build, and ran in the notebook."""
    rt = runtime(tmp_path, "a", "b")
    rt.run_cell(
        0,
        "x",
        1,
        "import matplotlib.pyplot as plt\nfig, ax = plt.subplots(layout='constrained')\n"
        "ax.plot([1, 2])\nfig.set_label(_('hi'))",
    )
    rt.run_cell(1, "x", 5, "fig.get_layout_engine().set(w_pad=0.2)\nax.set_title(_('hi'))\nfig")
    assert [len(c["figures"]) for c in rt.cells["b"]] == [1, 1]


def test_an_error_in_one_locale_s_run_names_the_locale(tmp_path):
    """``_("hi").encode("ascii")`` fails for one translation only, the locales before it passed: the message
    did not say which one."""
    rt = runtime(tmp_path, "a", "b")
    with pytest.raises(CellFailed):
        rt.run_cell(0, "x", 3, "word = _('hi')\nassert word != 'hi-b', 'not this one'")
    error = json.loads((tmp_path / "error.json").read_text())
    assert error["line"] == 4 and error["reason"] == "AssertionError: not this one (for locale 'b')"


NUMBERS = "def numbers():\n    k = 0\n    while True:\n        k += 1\n        yield k\n"


@pytest.mark.parametrize(
    "cells",
    [
        # A global changed inside a function the cell calls.
        ["history = []\ndef log(message):\n    history.append(message)", "log(_('hi'))", "print(history)"],
        # ... and then changed by a statement of all locales.
        ["history = []\ndef log(m):\n    history.append(m)", "log(_('hi'))", "log('all')", "print(history)"],
        # Translations in defaults and class attributes.
        [
            "from dataclasses import dataclass\ndef describe(x, unit=_('hi')):\n    return f'{x} {unit}'\n"
            "class Plot:\n    title = _('hi')\n@dataclass\nclass Row:\n    label: str = _('hi')",
            "print(describe(1), Plot.title, Row().label)",
        ],
        # State every locale's copy shares: a generator, a closure, a class attribute, a mutable default.
        [NUMBERS + "gen = numbers()", "print(_('hi'), next(gen))", "print(next(gen))"],
        [
            "def counter():\n    count = 0\n    def step():\n        nonlocal count\n        count += 1\n"
            "        return count\n    return step\nstep = counter()",
            "print(_('hi'), step())",
            "print(step())",
        ],
        [
            "class Counter:\n    made = 0\n    def __init__(self):\n        Counter.made += 1",
            "c = Counter()\nprint(_('hi'), Counter.made)",
            "print(Counter.made)",
        ],
        [
            "def remember(x, seen=[]):\n    seen.append(x)\n    return len(seen)",
            "print(_('hi'), remember(_('hi')))",
            "print(remember(0))",
        ],
        [
            NUMBERS + "class Stream:\n    def __init__(self):\n        self.gen, self.seen = numbers(), 0\n"
            "    def take(self):\n        self.seen += 1\n        return next(self.gen)\nstream = Stream()",
            "print(_('hi'), stream.take(), stream.seen)",
            "print(stream.take(), stream.seen)",
        ],
        # Methods kept apart from their objects: what they recorded went into an original no locale saw.
        [
            "class Log:\n    def __init__(self):\n        self.lines = []\n    def add(self, m):\n"
            "        self.lines.append(m)\nlog = Log()\nadd = log.add\ncosts = []\nrecord = costs.append",
            "add(_('hi'))\nrecord(_('hi'))",
            "print(log.lines, costs)",
        ],
        # A cache filled by the first locale, and an array of strings.
        [
            "import functools\n@functools.cache\ndef word(n):\n    return f'{_(\"hi\")} #{n}'",
            "print(word(1))",
        ],
        [
            "import numpy as np\nnames = np.array(['x', 'y'], dtype=object)",
            "names[0] = _('hi')",
            "print(names)",
        ],
        # The global generators, through names imported from their modules.
        [
            "import random\nimport numpy as np\nfrom random import randint\nfrom numpy.random import randn",
            "print(_('hi'), randint(1, 10**6), randn())",
            "np.random.seed(1)\nprint(randint(1, 10**6), random.randint(1, 10**6), randn())",
        ],
        # Code held in data, reading a translated value.
        [
            "import functools\nunit = _('hi')\ndef describe(x):\n    return f'{x} {unit}'\n"
            "formats = {'short': describe}\nlater = functools.partial(describe, 2)",
            "print(formats['short'](1), later())",
        ],
        # An open file and a csv reader: each locale read on from where the one before it stopped.
        [
            "import csv, io\nf = io.StringIO('line one\\nline two\\nline three\\n')\n"
            "rows = csv.reader(io.StringIO('a\\nb\\nc\\n'))",
            "print(_('hi'), f.readline().strip(), next(rows))",
        ],
        # A value set per locale, then reset alike through a function.
        [
            "title = ''\ndef set_title(t):\n    global title\n    title = t",
            "set_title(_('hi'))",
            "set_title('Figure 2')",
            "print(_('hi'), title)",
        ],
        # A view, changed in a translated cell: its array changes too.
        [
            "import numpy as np\na = np.arange(6)\nb = a[::2]",
            "print(_('hi'))\nb[0] = 100\nprint(a)",
            "print(a, b)",
        ],
        [
            "import numpy as np\na = np.asfortranarray(np.arange(12.0).reshape(3, 4))\n"
            "b = a[:, 1]\nc = a[::-1, ::2]",
            "print(_('hi'))\nb[0] = 100\nc[0, 0] = -1",
            "print(a, b, c)",
        ],
        # Views held in an object (the weights of a network as views of one parameter vector).
        [
            "import numpy as np\nclass Net:\n    def __init__(self):\n        self.params = np.zeros(6)\n"
            "        self.W = self.params[:4].reshape(2, 2)\n"
            "        self.T = (np.ones((2, 3)).T * 0.5)[:, 1]\n"
            "    def step(self, lr):\n        self.params -= lr\nnet = Net()",
            "print(_('hi'))\nnet.step(0.5)\nnet.T[0] = 7",
            "print(net.W, net.T)",
        ],
        # A value the same in some locales as in the first, and not in others.
        ["flags = []", "flags.append(_('hi') == 'hi-b')\nprint(_('hi'))", "flags.append(0)\nprint(flags)"],
        # Values of several names that share objects, in a locale equal to the first and one not.
        [
            "import numpy as np\nhist = []\nrec = hist.append\nx = []\nd = {'x': x}\n"
            "a = np.zeros(4)\nv = a[:2]",
            "if _('hi')[-1] == 'c':\n    rec('x')\n    x.append(1)\n    a[0] = 1",
            "rec('y')\nx.append(2)\na[1] = 5\nprint(hist, d, v)",
        ],
        # Views of a Fortran-ordered column, and sliding windows over a series.
        [
            "import numpy as np\nb = np.zeros((4, 1), order='F')\ntop = b[:2]\n"
            "s = np.arange(8.0)\nw = np.lib.stride_tricks.sliding_window_view(s, 3)",
            "print(_('hi'))",
            "top += 1\ns[3] = 100\nprint(b.ravel(), w[2], top.base is b)",
        ],
        # A file read with next() (no position to tell), a per-locale array a shared statement changes in
        # place, and dates with NaT, the same in every locale.
        [
            "import io, numpy as np\nf = io.TextIOWrapper(io.BytesIO(b'h\\n1\\n2\\n3\\n'))\n"
            "header = next(f)\n"
            "days = np.array(['2026-12-06', 'NaT'], dtype='datetime64[D]')\nv = np.zeros(3)",
            "print(_('hi'), next(f).strip())\nv[0] = ord(_('hi')[-1])",
            "v += 1\nprint(v, days)",
        ],
        # Read-only arrays stay read-only.
        [
            "import numpy as np\nrow = np.broadcast_to(np.arange(3), (2, 3))[0]\nfixed = np.arange(3)\n"
            "fixed.setflags(write=False)",
            "print(_('hi'))\ntry:\n    row[0] = 9\nexcept ValueError as e:\n    print(e)\n"
            "try:\n    fixed[0] = 9\nexcept ValueError as e:\n    print(e)",
            "print(row, fixed)",
        ],
        # What holds a list a translated cell changes: a dict, a namespace, a deque, a trainer's callbacks.
        [
            "import collections, types\nseen = []\ndef on_epoch(i):\n    seen.append(f\"{_('hi')} {i}\")\n"
            "class Trainer:\n    def __init__(self, callbacks):\n        self.callbacks = callbacks\n"
            "    def fit(self, n):\n        for i in range(n):\n            for cb in self.callbacks:\n"
            "                cb(i)\ntrainer = Trainer([on_epoch])\nhistory = []\nrun = {'history': history}\n"
            "cfg = types.SimpleNamespace(labels=[])\nlabels = cfg.labels\nrecent = collections.deque()\n"
            "state = {'recent': recent}",
            "trainer.fit(2)\nhistory.append(_('hi'))\ncfg.labels.append(_('hi'))\nrecent.append(_('hi'))",
            "print(seen, run, labels, list(state['recent']))",
        ],
        # Code a library object calls, reading a translated value.
        [
            "import numpy as np\nunit = _('hi')\ndef describe(x):\n    return f'{x} {unit}'\n"
            "vdescribe = np.vectorize(describe)",
            "print(vdescribe([1, 2]))",
        ],
        # A statement that calls translated code, and consumes a generator, runs once per locale.
        [
            NUMBERS + "gen = numbers()\ndef label(v):\n    return _('hi') if v % 2 else 'no'",
            "v = next(gen)\nprint(v, label(v))",
        ],
    ],
)
def test_each_locale_prints_what_it_prints_alone(tmp_path, cells):
    """A page showed another language's text, or other numbers, than its notebook (which runs one locale):
    state kept outside the names a statement mentions went from one locale's run to the next."""

    def printed(codes, folder):
        rt = runtime(tmp_path / folder, *codes)
        for number, cell in enumerate(cells):
            rt.run_cell(number, "x", 1 + 20 * number, cell)
        rt.finish()
        results = json.loads((tmp_path / folder / "results.json").read_text())
        return {code: [c["stdout"] for c in results["cells"][code]] for code in codes}

    alone = {code: printed((code,), f"alone-{code}")[code] for code in "abc"}
    assert printed(("a", "b", "c"), "together") == alone
    assert printed(("c", "a"), "together-2") == {code: alone[code] for code in "ca"}
    assert len({tuple(printed) for printed in alone.values()}) > 1  # the locales print differently


def test_a_prefix_that_advanced_a_generator_before_its_tripwire_makes_the_locales_run_apart(tmp_path):
    """Restoring the state after the tripwire could not rewind the generator: the per-locale run drew the
    next number, the notebook the first. (The per-locale runs, advancing it again, tell.)"""
    cells = [NUMBERS + "gen = numbers()", "print(eval('next(gen)'), eval('_(\"hi\")'))", "print(next(gen))"]
    printed = {}
    for codes in (("a",), ("b",), ("a", "b")):
        rt = runtime(tmp_path / "".join(codes), *codes)
        for number, cell in enumerate(cells):
            rt.run_cell(number, "x", 1 + 20 * number, cell)
        rt.finish()
        results = json.loads((tmp_path / "".join(codes) / "results.json").read_text())
        printed[codes] = {code: [c["stdout"] for c in results["cells"][code]] for code in codes}
    assert printed[("a", "b")] == {**printed[("a",)], **printed[("b",)]}
    assert printed[("a",)]["a"] == ["", "1 hi-a\n", "2\n"]
    assert rt.separate_since is not None and "generator numbers()" in rt.separate_since["reason"]
    assert rt.stats["shared_statements"] == 0 and rt.stats["localized_statements"] == 4  # all, apart


def test_ordinary_classes_and_deep_data_share_their_state_without_alarm(tmp_path):
    """Copying a class's first instance writes __slotnames__ into the class: taken for a change, it made
    every lesson with a class run apart; and a linked list 2000 deep stopped the build (RecursionError)."""
    rt = runtime(tmp_path, "a", "b")
    rt.run_cell(0, "x", 1, "class Point:\n    def __init__(self, x):\n        self.x = x")
    rt.run_cell(1, "x", 5, "label = _('hi')\np = Point(2)\nprint(label, p.x)")
    rt.run_cell(2, "x", 9, "class Node:\n    def __init__(self, nxt):\n        self.nxt = nxt\nhead = None")
    rt.run_cell(3, "x", 13, "for _i in range(2000):\n    head = Node(head)\nprint(_('hi'))")
    assert rt.separate is None and stdout(rt, "b", 3) == "hi-b\n"


def test_a_figure_shown_between_two_prints_is_placed_between_them(tmp_path):
    rt = runtime(tmp_path, "a", "b")
    rt.run_cell(
        0,
        "x",
        1,
        "import matplotlib.pyplot as plt\nprint('shared')\nprint(_('hi'))\nfig, ax = plt.subplots()\n"
        "fig.set_label('one')\nplt.show()\nprint('after')\nfig, ax = plt.subplots()\nfig.set_label('two')",
    )
    cell = rt.cells["b"][0]
    assert cell["stdout"] == "shared\nhi-b\nafter\n"
    assert [figure["at"] for figure in cell["figures"]] == [len("shared\nhi-b\n"), len(cell["stdout"])]


def test_large_arrays_are_compared_after_each_locale_not_hashed(tmp_path, monkeypatch):
    """Every value is compared after every locale's run of a translated cell: hashing a 160 MB array each time
    made 20 small cells take 19 s instead of 4."""

    rt = runtime(tmp_path, "a", "b")
    rt.run_cell(0, "x", 1, "import numpy as np\nbig = np.zeros(1_000_000)")
    hashed = []
    real = state.hashlib.sha256
    monkeypatch.setattr(state.hashlib, "sha256", lambda data=b"": hashed.append(len(data)) or real(data))
    for number in range(1, 4):
        rt.run_cell(number, "x", 10 * number, "print(_('hi'), big.sum())")
    assert sum(hashed) < rt.ns["big"].nbytes
    rt.run_cell(4, "x", 50, "big[0] = ord(_('hi')[-1])")
    assert "big" in rt.tainted  # compared all the same


def test_an_object_that_refuses_to_be_looked_at_is_compared_as_itself(tmp_path):
    """Comparing the locales' state read every object's attributes: one whose dir() raised stopped the build
    with the runtime's own traceback."""
    rt = runtime(tmp_path, "a", "b")
    rt.run_cell(
        0,
        "x",
        1,
        "class Odd:\n    def __dir__(self):\n        raise RuntimeError('no')\n"
        "    def __reduce_ex__(self, protocol):\n        raise TypeError('no')\n"
        "    def __getattr__(self, name):\n        raise RuntimeError(name)\nodd = Odd()",
    )
    rt.run_cell(1, "x", 10, "print(_('hi'), type(odd).__name__)")
    rt.run_cell(2, "x", 20, "print(type(odd).__name__)")
    assert stdout(rt, "b", 1) == "hi-b Odd\n"


def test_a_shared_statement_after_a_plot_of_several_axes_stays_shared(tmp_path):
    """The check that a shared statement leaves per-locale values alone copied the array of axes each locale
    has its own of, and took the copy for a change: every later statement ran per locale."""
    rt = runtime(tmp_path, "a", "b")
    rt.run_cell(
        0,
        "x",
        1,
        "import matplotlib.pyplot as plt\nfig, axes = plt.subplots(1, 2)\nfig.set_label(_('hi'))\nplt.show()",
    )
    assert "axes" in rt.tainted
    before = dict(rt.stats)
    rt.run_cell(1, "x", 10, "x = 2\nprint(x)")
    assert rt.stats["shared_statements"] == before["shared_statements"] + 2
    assert rt.stats["fallbacks"] == before["fallbacks"]


def test_arrays_compare_bit_for_bit_save_nans_written_otherwise():
    """An array computed alike in every locale is one value; one that prints otherwise is not (numpy's
    equality took -0.0 for 0.0, and NaN for unequal to itself)."""
    diverged = np.array([np.nan, 1.0])
    other_nan = diverged.copy()
    other_nan.view(np.uint64)[0] = 0x7FF8000000000001  # a NaN with another payload
    assert _state(diverged) == _state(diverged.copy()) == _state(other_nan)
    assert _state(np.asfortranarray(np.full((2, 2), np.nan))) == _state(np.full((2, 2), np.nan))
    assert _state(np.array([complex(np.nan, -0.0)])) == _state(np.array([complex(np.nan, -0.0)]))
    assert _state(np.array(["NaT"], "datetime64[s]")) == _state(np.array(["NaT"], "datetime64[s]"))
    assert _state(np.array([0.0])) != _state(np.array([-0.0]))
    assert _state(np.array([complex(1, 0.0)])) != _state(np.array([complex(1, -0.0)]))
    assert _state(np.array([np.nan, 1.0])) != _state(np.array([np.nan, 2.0]))
    assert _state(np.array([1.0], np.longdouble)) != _state(np.array([-1.0], np.longdouble))
    assert _state(np.arange(6.0)[::2]) == _state(np.array([0.0, 2.0, 4.0]))


def test_values_pickle_cannot_take_are_compared_by_their_contents():
    """A set or a class's namespace holding what pickle refuses (a lock, which the locales' copies share) is
    compared item by item."""
    import threading

    lock = threading.Lock()

    class Holder:
        def __init__(self, value):
            self.value, self.lock = value, lock

        def __hash__(self):
            return hash(self.value)

        def __eq__(self, other):
            return self.value == other.value

    assert _state({Holder(1)}) == _state({Holder(1)})
    assert _state({Holder(1)}) != _state({Holder(2)})
    assert _state(vars(Holder)) == _state(vars(Holder))


@pytest.mark.parametrize(
    "array", [np.empty((0, 3)), np.empty((0, 3))[:, :2], np.zeros((3, 0), order="F"), np.empty(0, object)]
)
def test_an_empty_array_is_copied_as_such(array):
    copied = _copy({"a": array}, {})["a"]
    assert copied is not array and copied.shape == array.shape and copied.dtype == array.dtype


def test_a_log_axis_and_an_authors_math_are_drawn_as_math(tmp_path):
    """matplotlib labels a log axis's ticks in math (10⁻³): with mathtext switched off, every tick of a log
    axis, page and notebook, showed "$\\mathdefault{10^{-3}}$", as did an author's "$t$"."""
    rt = runtime(tmp_path, "a")
    code = (
        "import matplotlib.pyplot as plt\n"
        "fig, ax = plt.subplots()\nax.semilogy([1e-3, 1, 1e3])\nax.set_xlabel('iteration $t$')\n"
        "fig.set_label(_('hi'))\n"
    )
    rt.run_cell(0, "x", 1, code)
    (figure,) = rt.cells["a"][0]["figures"]
    svg = (tmp_path / "a" / figure["file"]).read_text()
    from matplotlib.font_manager import findfont, get_font

    font = get_font(findfont("DejaVu Sans"))
    glyphs = set(re.findall(r'<path id="(DejaVuSans(?:-Oblique)?-[0-9a-f]+)"', svg))

    def glyph(char, face="DejaVuSans"):
        return f"{face}-{font.get_char_index(ord(char)):x}"

    # The minus of 10⁻³ and the math italic t are drawn; no dollar sign, backslash or brace is.
    assert {glyph("\u2212"), glyph("t", "DejaVuSans-Oblique")} <= glyphs
    assert not {glyph(char) for char in "$\\{}"} & glyphs


def test_an_error_after_only_english_texts_does_not_name_the_locale(tmp_path):
    """The run is named when it translated something: a string the locale does not translate yet (English)
    sent the author to the Korean catalog for a shape error every locale hits."""
    rt = runtime(tmp_path, "ko")
    rt.name_locale = True  # the lesson has other locales, in another kernel
    rt.locales[0]["english"] = ["x"]
    with pytest.raises(CellFailed):
        rt.run_cell(0, "x", 1, "print(_('x'))\nimport numpy as np\nnp.ones((2, 3)) @ np.ones((4, 5))")
    reason = json.loads((tmp_path / "error.json").read_text())["reason"]
    assert reason.startswith("ValueError: matmul") and "locale" not in reason


def test_display_imported_from_ipython_lets_the_locales_share_the_examples(tmp_path):
    """The runtime's own display function, imported into the examples, was taken for their shared state,
    which changed as each locale ran: every locale ran the whole lesson on its own, naming a coursegen
    internal as the cause."""
    rt = runtime(tmp_path, "a", "b")
    rt.run_cell(0, "x", 1, "from IPython.display import display\ndisplay(1)")
    rt.run_cell(1, "x", 3, "total = sum(range(10))\nprint(_('hi'), total)")
    rt.run_cell(2, "x", 5, "display(_('hi'))")
    assert rt.separate is None
    assert stdout(rt, "b", 2) == "'hi-b'\n" and stdout(rt, "a", 1) == "hi-a 45\n"


def test_matplotlib_s_settings_and_colour_maps_start_alike_for_every_locale(tmp_path):
    """A cell run per locale that changed rcParams (a font size grown, plt.style.use) left it to the next
    locale's run of the same cell, and one that registered a colour map stopped the second locale ("already
    registered"): the pages differed with the locale's place in its kernel."""
    rt = runtime(tmp_path, "a", "b", "c")
    code = (
        "import matplotlib\nimport matplotlib.pyplot as plt\n"
        "from matplotlib.colors import LinearSegmentedColormap\n"
        "fig, ax = plt.subplots()\nax.plot([1, 2])\nfig.set_label(_('hi'))\n"
        "plt.rcParams['font.size'] += 4\nprint(plt.rcParams['font.size'])\n"
        "matplotlib.colormaps.register(LinearSegmentedColormap.from_list('lesson', ['white', 'blue']))\n"
        "plt.style.use('dark_background')\n"
    )
    start = plt.rcParams["font.size"]
    try:
        rt.run_cell(0, "x", 1, code)
        assert {stdout(rt, c, 0) for c in "abc"} == {f"{start + 4}\n"}
        # After the cell, what every locale's run left, as after the notebook's.
        assert plt.rcParams["font.size"] == start + 4 and "lesson" in matplotlib.colormaps
        assert plt.rcParams["axes.facecolor"] == "black"
    finally:
        matplotlib.rcdefaults()
        matplotlib.colormaps.unregister("lesson")


def test_what_a_page_cannot_show_is_told_at_its_line_and_markup_is_not_shown_as_text(tmp_path):
    """An animation's HTML player filled every page with 216 KB of JavaScript as text, and a value shown only
    as HTML or an image vanished: nothing said so."""
    rt = runtime(tmp_path, "a")
    code = (
        "from IPython.display import HTML, Markdown, display\n"
        "class Table:\n    def _repr_html_(self):\n        return '<table></table>'\n"
        "display(HTML('<script>player()</script>'))\n"
        "display(Markdown('**bold**'))\n"
        "print('after')\n"
        "Table()\n"
    )
    rt.run_cell(0, "x", 1, code)
    assert stdout(rt, "a", 0) == "**bold**\nafter\n"
    assert rt.unshown == [
        {"block": "x", "line": 5, "what": "HTML(...)"},
        {"block": "x", "line": 8, "what": "a value shown by its _repr_html_()"},
    ]


def test_clear_output_leaves_what_came_after_it_as_in_jupyter(tmp_path):
    """A progress line redrawn with clear_output(wait=True): the page showed every step, Jupyter the last."""
    rt = runtime(tmp_path, "a", "b")
    code = (
        "from IPython.display import clear_output\nprint('before')\n"
        "for step in range(3):\n    clear_output(wait=True)\n    print(_('hi'), step)\n"
    )
    rt.run_cell(0, "x", 1, code)
    assert stdout(rt, "a", 0) == "hi-a 2\n" and stdout(rt, "b", 0) == "hi-b 2\n"
    rt.run_cell(1, "x", 7, "print('kept')\nclear_output()\nprint('only this')")
    assert stdout(rt, "a", 1) == "only this\n"


def test_what_a_subprocess_writes_is_shown_where_it_came(tmp_path, capfd):
    """os.system's output missed the page and went to the build's terminal, once per language."""
    rt = runtime(tmp_path, "a", "b")
    code = "import os, sys\nprint('before')\nos.system('echo from the shell')\nprint(_('hi'))\n"
    rt.run_cell(0, "x", 1, code)
    assert stdout(rt, "a", 0) == "before\nfrom the shell\nhi-a\n"
    assert stdout(rt, "b", 0) == "before\nfrom the shell\nhi-b\n"
    assert "from the shell" not in capfd.readouterr().out


def _beside_the_examples(tmp_path, monkeypatch, module):
    """The examples' folder, where the kernel runs (a copy of the lesson's), holding a helper ``module`` that
    records runs; the kernel's working folder."""
    folder = tmp_path / ".lesson"
    folder.mkdir()
    (folder / f"{module}.py").write_text(
        "RUNS = []\n\ndef record(name):\n    RUNS.append(name)\n    return len(RUNS)\n"
    )
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.chdir(folder)
    return folder


def test_a_helper_module_s_globals_start_alike_for_every_locale(tmp_path, monkeypatch):
    """A helper module beside the examples (a registry of runs) kept what each locale's run had done: the
    pages printed runs 1, 1, 2, 2, 3 by the locales' places in their kernels, and every notebook 1. And a
    helper made every locale run the whole lesson on its own: its __builtins__, copied, held the kernel."""
    _beside_the_examples(tmp_path, monkeypatch, "cg_registry")
    try:
        rt = runtime(tmp_path, "a", "b", "c")
        # Imported by each locale's run: the first locale's import was the next ones' too.
        rt.run_cell(0, "x", 1, "print(_('hi'))\nimport cg_registry\nprint(cg_registry.record('x'))")
        assert {stdout(rt, c, 0).split()[1] for c in "abc"} == {"1"}
        rt.run_cell(1, "x", 4, "from cg_registry import RUNS\nprint(_('hi'), cg_registry.record('y'))")
        assert {stdout(rt, c, 1).split()[1] for c in "abc"} == {"2"}
        # What every locale's run left alike: shared, as after the notebook's.
        assert sys.modules["cg_registry"].RUNS == ["x", "y"] and rt.separate is None
        assert sys.modules["cg_registry"].__builtins__ is vars(builtins)
        # A value of each locale's own kept in the helper: the next cells would read the last locale's (a
        # French page printed the Chinese label), so the locales run apart, each with its own helper.
        rt.run_cell(2, "x", 6, "n = cg_registry.record(_('hi'))\nprint(n, RUNS[-1])")
        rt.run_cell(3, "x", 7, "print(RUNS[-1])")
        assert rt.separate is not None
        alone = dict(zip("abc", rt.separate, strict=True))
        assert [stdout(alone[c], c, 2) + stdout(alone[c], c, 3) for c in "abc"] == [
            f"3 hi-{c}\nhi-{c}\n" for c in "abc"
        ]
    finally:
        sys.modules.pop("cg_registry", None)


def test_numpy_s_print_options_the_environment_and_the_working_folder_start_alike_for_every_locale(
    tmp_path, monkeypatch
):
    """np.set_printoptions at the end of a cell run per locale printed the next locales' arrays with 3 digits,
    and an os.environ or os.chdir change carried on to them too."""
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CG_TRAIL", "")
    rt = runtime(tmp_path, "a", "b", "c")
    code = (
        "import os\nimport numpy as np\n"
        "os.environ['CG_TRAIL'] += 'x'\nprint(_('hi'), np.array([1 / 3]), os.environ['CG_TRAIL'])\n"
        "np.set_printoptions(precision=3)\nos.chdir('sub')\n"
    )
    try:
        rt.run_cell(0, "x", 1, code)
        assert [stdout(rt, c, 0) for c in "abc"] == [f"hi-{c} [0.33333333] x\n" for c in "abc"]
        assert os.getcwd() == str(tmp_path / "sub") and np.get_printoptions()["precision"] == 3
    finally:
        np.set_printoptions(precision=8)


def test_locales_run_apart_each_have_their_own_helper_modules(tmp_path, monkeypatch):
    """Run apart (a generator consumed by every locale), each locale ran the examples again from the start in
    the same process: the helper module came to the second with the first one's runs in it."""
    _beside_the_examples(tmp_path, monkeypatch, "cg_registry2")
    try:
        rt = runtime(tmp_path, "a", "b")
        rt.run_cell(0, "x", 1, "import cg_registry2\ncounter = (i for i in range(100))")
        rt.run_cell(1, "x", 2, "print(_('hi'), next(counter), cg_registry2.record('x'))")
        rt.run_cell(2, "x", 6, "print(cg_registry2.record(_('hi')))")
        assert rt.separate is not None
        assert [stdout(rt.separate[i], c, 1) for i, c in enumerate("ab")] == ["hi-a 0 1\n", "hi-b 0 1\n"]
        assert [stdout(rt.separate[i], c, 2) for i, c in enumerate("ab")] == ["2\n", "2\n"]
    finally:
        sys.modules.pop("cg_registry2", None)


def test_what_a_page_cannot_show_is_told_once_when_the_locales_go_apart(tmp_path):
    """Run again for each locale apart, an earlier cell's HTML(...) was told a second time, at the example
    that made the locales part."""
    rt = runtime(tmp_path, "a", "b")
    rt.run_cell(0, "setup", 1, "counter = (i for i in range(9))")
    rt.run_cell(1, "first", 3, "from IPython.display import HTML, display\ndisplay(HTML('<b>x</b>'))")
    rt.run_cell(2, "second", 6, "print(_('hi'), next(counter))")
    assert rt.separate is not None
    assert rt.unshown == [{"block": "first", "line": 4, "what": "HTML(...)"}]


def test_a_warning_filter_holds_in_the_cells_after_it_as_in_a_notebook(tmp_path):
    """Each cell ran with the warnings shown afresh: a RuntimeWarning the author silenced in an earlier cell
    was on every page, and in no notebook."""
    rt = runtime(tmp_path, "a", "b")
    rt.run_cell(0, "x", 1, "import warnings\nimport numpy as np\nprint(np.log(np.array([0.0])))")
    rt.run_cell(1, "x", 4, "warnings.filterwarnings('ignore', category=RuntimeWarning)")
    rt.run_cell(2, "x", 5, "print(_('hi'), np.log(np.array([0.0])))")
    assert "RuntimeWarning" in stdout(rt, "a", 0)
    assert stdout(rt, "a", 2) == "hi-a [-inf]\n" and stdout(rt, "b", 2) == "hi-b [-inf]\n"


def test_a_figure_an_earlier_cell_made_and_every_locale_draws_on_is_drawn_apart(tmp_path):
    """Shared by reference, a figure made once and drawn on by each locale's run held every locale's lines:
    the pages showed 1, 2 and 3 lines, and a Korean legend on the Ukrainian page's figure."""
    rt = runtime(tmp_path, "a", "b", "c")
    rt.run_cell(
        0, "x", 1, "from matplotlib.figure import Figure\nboard = Figure()\nboard_ax = board.subplots()"
    )
    code = (
        "board.set_label(_('hi'))\nboard_ax.plot([0, 1], label=_('hi'))\n"
        "print(len(board_ax.lines))\ndisplay(board)"
    )
    rt.run_cell(1, "x", 4, code)
    assert rt.separate is not None
    assert [stdout(alone, c, 1) for alone, c in zip(rt.separate, "abc", strict=True)] == ["1\n"] * 3


def test_a_helper_s_class_counter_and_a_helper_imported_by_each_locale_keep_the_locales_apart(
    tmp_path, monkeypatch
):
    """A class counting its instances in a helper counted 1, 1, 2, 2, 3 by the locales' places in their
    kernels, and a helper first imported by each locale's run held the last locale's label for the cells
    after it."""
    folder = _beside_the_examples(tmp_path, monkeypatch, "cg_tally")
    (folder / "cg_tally.py").write_text(
        "SEEN = []\n\nclass Tally:\n    made = 0\n\n    def __init__(self):\n        Tally.made += 1\n"
    )
    try:
        rt = runtime(tmp_path, "a", "b")
        rt.run_cell(0, "x", 1, "import cg_tally")
        rt.run_cell(1, "x", 2, "word = _('hi')\ncg_tally.Tally()\nprint(cg_tally.Tally.made)")
        assert rt.separate is not None
        assert [stdout(alone, c, 1) for alone, c in zip(rt.separate, "ab", strict=True)] == ["1\n", "1\n"]
    finally:
        sys.modules.pop("cg_tally", None)
    (folder / "cg_seen.py").write_text("SEEN = []\n")
    try:
        rt = runtime(tmp_path, "a", "b")
        rt.run_cell(0, "x", 1, "import cg_seen\ncg_seen.SEEN.append(_('hi'))")
        rt.run_cell(1, "x", 3, "print(cg_seen.SEEN)")
        assert rt.separate is not None
        alone = dict(zip("ab", rt.separate, strict=True))
        assert [stdout(alone[c], c, 1) for c in "ab"] == ["['hi-a']\n", "['hi-b']\n"]
    finally:
        sys.modules.pop("cg_seen", None)


def test_what_the_examples_catch_themselves_stays_theirs_when_a_process_runs(tmp_path):
    """Once a process ran, the runtime put its own stream in place of the one the examples had set: what
    they caught with redirect_stdout came back empty, and went onto the page instead."""
    rt = runtime(tmp_path, "a")
    code = (
        "import contextlib, io, os, warnings\ncaught = io.StringIO()\n"
        "with contextlib.redirect_stdout(caught):\n    os.system('true')\n    print('kept')\n"
        "os.system('echo A')\nwarnings.warn('B')\nprint(_('hi'), repr(caught.getvalue()))"
    )
    rt.run_cell(0, "x", 1, code)
    assert stdout(rt, "a", 0) == "A\nUserWarning: B\nhi-a 'kept\\n'\n"


def test_a_working_folder_removed_since_does_not_stop_the_next_cell(tmp_path, monkeypatch):
    """A cell that went into a temporary folder, removed when it ended: the next cell stopped inside the
    runtime, with no line."""
    monkeypatch.chdir(tmp_path)
    rt = runtime(tmp_path, "a", "b")
    rt.run_cell(0, "x", 1, "import os, tempfile\nwith tempfile.TemporaryDirectory() as d:\n    os.chdir(d)")
    rt.run_cell(1, "x", 4, "print(_('hi'))")
    assert stdout(rt, "b", 1) == "hi-b\n"


def test_a_file_another_locale_s_run_moved_is_said_so(tmp_path, monkeypatch):
    """The second locale's run of os.rename found the file gone, and the error sent the author to the lesson's
    folder, where the file was."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data.txt").write_text("x")
    rt = runtime(tmp_path, "a", "b")
    with pytest.raises(CellFailed):
        rt.run_cell(0, "x", 1, "import os\nprint(_('hi'))\nos.rename('data.txt', 'done.txt')")
    reason = json.loads((tmp_path / "error.json").read_text())["reason"]
    assert reason.startswith("FileNotFoundError") and "another language's run of this cell" in reason


def test_a_helper_that_shows_tables_and_plots_lets_the_locales_share(tmp_path, monkeypatch):
    """A helper importing display() or pyplot's show() held the runtime's own functions, whose state changes
    as every locale runs: every locale ran the whole lesson on its own (1.7 times the build's time)."""
    folder = _beside_the_examples(tmp_path, monkeypatch, "cg_shows")
    (folder / "cg_shows.py").write_text(
        "from IPython.display import display\nfrom matplotlib.pyplot import show, subplots\n\n"
        "def table(value):\n    display(value)\n"
    )
    try:
        rt = runtime(tmp_path, "a", "b")
        rt.run_cell(0, "x", 1, "import cg_shows\ncg_shows.table(3)")
        rt.run_cell(1, "x", 3, "print(_('hi'))\ncg_shows.table(4)\ncg_shows.show()")
        rt.run_cell(2, "x", 6, "print(_('hi'))")
        assert rt.separate is None and stdout(rt, "b", 1) == "hi-b\n4\n"
    finally:
        sys.modules.pop("cg_shows", None)


def test_a_figure_a_helper_or_each_locale_s_own_value_holds_is_drawn_apart(tmp_path, monkeypatch):
    """A figure kept by a helper, or reached through a dict of each locale's own (artists are kept by
    reference, so every copy held the one figure), got every locale's drawing: 1, 2, 3 lines on the pages."""
    folder = _beside_the_examples(tmp_path, monkeypatch, "cg_board")
    (folder / "cg_board.py").write_text(
        "from matplotlib.figure import Figure\n\ndef new_board():\n    global FIG, AX\n"
        "    FIG = Figure()\n    AX = FIG.subplots()\n"
    )
    draw = "{0}.set_label(_('hi'))\n{1}.plot([0, 1])\nprint(len({1}.lines))\ndisplay({0})"
    try:
        rt = runtime(tmp_path, "a", "b", "c")
        rt.run_cell(0, "x", 1, "import cg_board\ncg_board.new_board()")
        rt.run_cell(1, "x", 3, draw.format("cg_board.FIG", "cg_board.AX"))
        assert rt.separate is not None
        assert [stdout(alone, c, 1) for alone, c in zip(rt.separate, "abc", strict=True)] == ["1\n"] * 3
    finally:
        sys.modules.pop("cg_board", None)
    rt = runtime(tmp_path, "a", "b", "c")
    rt.run_cell(
        0, "x", 1, "from matplotlib.figure import Figure\nboard = Figure()\nboard_ax = board.subplots()"
    )
    rt.run_cell(1, "x", 4, "panel = {'title': _('hi'), 'ax': board_ax}\ndel board, board_ax")
    rt.run_cell(2, "x", 6, draw.format("panel['ax'].figure", "panel['ax']"))
    assert rt.separate is not None
    assert [stdout(alone, c, 2) for alone, c in zip(rt.separate, "abc", strict=True)] == ["1\n"] * 3


@pytest.mark.parametrize(
    "draw",
    [
        "board.text(0.5, 0.5, _('hi'))",
        "board_ax.legend([_('hi')])",
        "board_ax.inset_axes([0.1, 0.1, 0.3, 0.3]).plot([0, 1])",
        "board_sub.subplots().plot([0, 1])",
        "board_ax.xaxis.set_label_text(_('hi'))\nboard_ax.axhline(1)",
        "board_ax.set_xticks([0, 1], [_('hi'), _('hi')])",
        "board_ax.set_xticks([0.5])\nboard_ax.set_xticklabels([_('hi')])",
        "board_ax.set_title(_('hi'))",
        "board_ax.set_yscale('log')",
        "board_ax.tick_params(labelsize=3)",
    ],
)
def test_what_a_locale_adds_anywhere_in_an_earlier_figure_keeps_the_locales_apart(tmp_path, draw):
    """The check walks a figure's artists but not into its axes' ticks (remade whenever asked for, they were
    most of its cost): text on the figure, a legend, an inset's line and a subfigure's are still seen, and
    so are a locale's tick labels, title, scale and tick settings (the other pages showed the last one's)."""
    rt = runtime(tmp_path, "a", "b")
    setup = "from matplotlib.figure import Figure\nboard = Figure()\nboard_ax = board.subplots()\n"
    rt.run_cell(0, "x", 1, setup + "board_sub = board.subfigures(1, 1)")
    rt.run_cell(1, "x", 5, f"board.set_label(_('hi'))\n{draw}\ndisplay(board)")
    assert rt.separate is not None


def test_a_stream_an_earlier_cell_took_writes_to_the_cell_running_now(tmp_path):
    """A logging handler made in one cell, or sys.stderr kept in a name, held that cell's own stream: what
    they wrote in the later cells stayed there, missing from the pages (a notebook shows it)."""
    rt = runtime(tmp_path, "a", "b")
    setup = (
        "import logging, sys\nlog = logging.getLogger('coursegen_test_stream')\nlog.setLevel(logging.INFO)\n"
        "log.addHandler(logging.StreamHandler(sys.stdout))\nerr = sys.stderr\nlog.info('set')"
    )
    try:
        rt.run_cell(0, "x", 1, setup)
        rt.run_cell(1, "x", 7, "log.info(_('hi'))\nprint('later', file=err)")
        rt.run_cell(2, "x", 9, "print(err is sys.stderr)")
    finally:
        logging.getLogger("coursegen_test_stream").handlers.clear()
    assert stdout(rt, "a", 0) == "set\n"
    assert stdout(rt, "a", 1) == "hi-a\nlater\n" and stdout(rt, "b", 1) == "hi-b\nlater\n"
    assert stdout(rt, "b", 2) == "True\n" and rt.separate is None


LOGGER_SETUP = (
    "import logging, sys\nlog = logging.getLogger('coursegen_test_log')\nlog.setLevel(logging.INFO)\n"
    "log.propagate = False\n"
)


@pytest.fixture
def test_logger():
    yield
    logging.getLogger("coursegen_test_log").handlers.clear()


def test_a_logging_handler_added_by_each_locale_s_run_logs_each_line_once(tmp_path, test_logger):
    """Loggers live in the process, not in a snapshot: every locale's run of addHandler (and every runtime of
    a lesson run apart) added one more, and the pages showed a line 2 or 3 times, by the kernels' split."""
    rt = runtime(tmp_path, "a", "b", "c")
    rt.run_cell(0, "x", 1, LOGGER_SETUP + "print(_('hi'))\nlog.addHandler(logging.StreamHandler(sys.stdout))")
    rt.run_cell(1, "x", 9, "log.info(_('hi'))")
    assert [stdout(rt, c, 1) for c in "abc"] == ["hi-a\n", "hi-b\n", "hi-c\n"]
    logging.getLogger("coursegen_test_log").handlers.clear()
    rt = runtime(tmp_path, "a", "b")
    rt.run_cell(0, "x", 1, LOGGER_SETUP + "log.addHandler(logging.StreamHandler(sys.stdout))")
    rt.run_cell(1, "x", 9, "def gen():\n    yield 1\n    yield 2\ng = gen()")
    rt.run_cell(2, "x", 13, "print(_('hi'), next(g))")
    rt.run_cell(3, "x", 15, "log.info(_('hi'))")
    assert rt.separate is not None
    assert [stdout(alone, c, 3) for alone, c in zip(rt.separate, "ab", strict=True)] == ["hi-a\n", "hi-b\n"]


def test_what_drawing_the_cell_s_figures_prints_is_the_cell_s(tmp_path, test_logger):
    """Figures saved as the cell ends were drawn outside it: what their drawing logged was lost, and the
    stream's state changed, which sent the whole lesson apart."""
    rt = runtime(tmp_path, "a", "b")
    noisy = (
        "import matplotlib.pyplot as plt\nfrom matplotlib.text import Text\n"
        "handler = logging.StreamHandler(sys.stdout)\nlog.addHandler(handler)\n"
        "class Noisy(Text):\n    def draw(self, renderer):\n"
        "        log.info('drawing %s', self.get_text())\n        super().draw(renderer)\n"
    )
    rt.run_cell(0, "x", 1, LOGGER_SETUP + noisy)
    plot = "fig, ax = plt.subplots()\nfig.set_label(_('hi'))\nax.add_artist(Noisy(0.5, 0.5, _('hi')))\n"
    rt.run_cell(1, "x", 20, plot)
    rt.run_cell(2, "x", 30, plot + "plt.show()")
    rt.run_cell(3, "x", 40, "print(handler.stream is sys.stdout)")
    for code in "ab":  # drawn once to lay the figure out, once to save it: as in Jupyter
        assert stdout(rt, code, 1) == stdout(rt, code, 2) == f"drawing hi-{code}\n" * 2
    assert rt.separate is None and stdout(rt, "b", 3) == "True\n"


def test_the_output_streams_close_for_their_cell_and_have_the_process_s_descriptors(tmp_path):
    """A cell that closed sys.stdout (a helper's out.close()) made every later flush fail, in every later
    cell; subprocess.run(stdout=sys.stdout) and faulthandler.enable() failed for want of a descriptor, which
    ipykernel's streams have."""
    rt = runtime(tmp_path, "a")
    code = "import sys\nsys.stdout.close()\ntry:\n    print('lost')\nexcept ValueError as e:\n"
    code += "    sys.stderr.write(str(e))"
    rt.run_cell(0, "x", 1, code)
    assert stdout(rt, "a", 0) == "I/O operation on closed file."
    rt.run_cell(
        1,
        "x",
        7,
        "import faulthandler, subprocess\nfaulthandler.enable()\nfaulthandler.disable()\n"
        "print('next', flush=True)\ndone = subprocess.run(['echo', 'child'], stdout=sys.stdout)",
    )
    assert stdout(rt, "a", 1) == "next\nchild\n"


@pytest.fixture
def matplotlib_log():
    import matplotlib

    matplotlib._ensure_handler.cache_clear()  # its handler, made once per process, holds that stream
    yield
    matplotlib._ensure_handler.cache_clear()
    logger = logging.getLogger("matplotlib")
    logger.handlers.clear()
    logger.setLevel(logging.NOTSET)


def test_a_library_s_handler_added_once_logs_for_every_locale(tmp_path, monkeypatch, matplotlib_log):
    """Handlers set back between locales took away those a library adds once (matplotlib.set_loglevel's,
    behind a cache; one made at import): their lines showed on the first locale's page of each kernel only,
    and on none once the lesson ran apart."""
    rt = runtime(tmp_path, "a", "b", "c")
    rt.run_cell(
        0,
        "x",
        1,
        "import matplotlib, logging\nprint(_('hi'))\nmatplotlib.set_loglevel('info')\n"
        "logging.getLogger('matplotlib').info('one')",
    )
    rt.run_cell(1, "x", 5, "logging.getLogger('matplotlib').info('two')")
    for code in "abc":
        assert stdout(rt, code, 0) == f"hi-{code}\nINFO:matplotlib:one\n"
        assert stdout(rt, code, 1) == "INFO:matplotlib:two\n"
    folder = tmp_path / "apart"
    folder.mkdir()
    (folder / "cg_loud.py").write_text(
        "import logging, sys\nlog = logging.getLogger('cg_loud')\nlog.setLevel(logging.INFO)\n"
        "log.addHandler(logging.StreamHandler(sys.stdout))\nlog.propagate = False\n"
    )
    monkeypatch.syspath_prepend(str(folder))
    try:
        rt = runtime(tmp_path, "a", "b")
        rt.run_cell(0, "x", 1, "import cg_loud")
        rt.run_cell(1, "x", 3, "def gen():\n    yield 1\n    yield 2\ng = gen()")
        rt.run_cell(2, "x", 7, "print(_('hi'), next(g))")
        rt.run_cell(3, "x", 9, "cg_loud.log.info('loud')")
        assert rt.separate is not None
        assert [stdout(alone, c, 3) for alone, c in zip(rt.separate, "ab", strict=True)] == ["loud\n"] * 2
    finally:
        sys.modules.pop("cg_loud", None)
        logging.getLogger("cg_loud").handlers.clear()


def test_a_statement_run_again_replaces_the_handler_it_added(tmp_path, test_logger):
    """A handler kept unless an equal one was there: one formatted in each locale's words, or a file's, was
    added once per locale and logged every later line 2-3 times (in every locale's words); handlers writing
    to no stream (two queues) were taken for one; an object logging accepts as a handler stopped the cell."""
    rt = runtime(tmp_path, "a", "b", "c")
    setup = (
        LOGGER_SETUP + "import queue, logging.handlers\nfirst, second = queue.Queue(), queue.Queue()\n"
        "def worded(word):\n    handler = logging.StreamHandler(sys.stdout)\n"
        "    handler.setFormatter(logging.Formatter(word + ' %(message)s'))\n    return handler\n"
    )
    rt.run_cell(0, "x", 1, setup)
    log_file = tmp_path / "log.txt"
    per_locale = f"log.addHandler(worded(_('hi')))\nlog.addHandler(logging.FileHandler({str(log_file)!r}))\n"
    rt.run_cell(1, "x", 9, per_locale + "log.info('x')")
    assert [stdout(rt, c, 1) for c in "abc"] == ["hi-a x\n", "hi-b x\n", "hi-c x\n"]
    # (pytest adds its own capture to loggers that do not propagate: not counted)
    count = "print(len([h for h in log.handlers if type(h).__module__.startswith('logging')]))"
    rt.run_cell(2, "x", 15, f"log.info('later')\n{count}")
    assert stdout(rt, "a", 2).endswith(" later\n2\n")
    assert log_file.read_text().splitlines() == ["x", "x", "x", "later"]
    queues = (
        "class Printer:\n    level = 0\n    def handle(self, record):\n        print('printed', record.msg)\n"
        "log.addHandler(logging.handlers.QueueHandler(first))\n"
        "log.addHandler(logging.handlers.QueueHandler(second))\n"
        "log.addHandler(Printer())\nlog.info('q')\nprint(first.qsize(), second.qsize())"
    )
    rt.run_cell(3, "x", 17, queues)
    assert rt.separate is None and stdout(rt, "a", 3).endswith("printed q\n1 1\n")


def test_the_handlers_each_run_of_a_statement_adds_are_those_of_its_notebook(tmp_path, test_logger):
    """Keyed by the line inside a helper, a helper called in two cells lost its first handler (one locale);
    keyed to one handler, a loop's first stayed per locale; the earlier locale's handler logged the lines
    before the statement adding it again; basicConfig ran once, in the first locale's format."""
    rt = runtime(tmp_path, "a")
    attach = (
        "def attach(tag):\n    h = logging.StreamHandler(sys.stdout)\n"
        "    h.setFormatter(logging.Formatter(tag + ' %(message)s'))\n    log.addHandler(h)\n"
    )
    rt.run_cell(0, "x", 1, LOGGER_SETUP + attach)
    rt.run_cell(1, "x", 12, "attach('console')\nlog.info('x')")
    rt.run_cell(2, "x", 14, "attach('audit')\nlog.info('y')")
    assert stdout(rt, "a", 2) == "console y\naudit y\n"
    logging.getLogger("coursegen_test_log").handlers.clear()
    rt = runtime(tmp_path, "a", "b", "c")
    rt.run_cell(0, "x", 1, LOGGER_SETUP + attach)
    loop = "log.info('before')\nfor tag in ('one', 'two'):\n    attach(tag + ' ' + _('hi'))\nlog.info('x')"
    rt.run_cell(1, "x", 12, loop)
    assert [stdout(rt, c, 1) for c in "abc"] == [f"one hi-{c} x\ntwo hi-{c} x\n" for c in "abc"]
    root = logging.getLogger()
    kept, root.handlers[:] = root.handlers[:], []  # pytest's own capture, which basicConfig would see
    try:
        rt.run_cell(2, "x", 20, "logging.basicConfig(format=_('hi') + ' %(message)s')\nlogging.warning('w')")
        assert [stdout(rt, c, 2) for c in "abc"] == [f"hi-{c} w\n" for c in "abc"]
    finally:
        root.handlers[:] = kept
