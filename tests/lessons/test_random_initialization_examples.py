"""Checks of the "Random Initialization" example code: the claims the lesson prints must hold in general,
not only for the seeds the page happens to use, and the file must follow the page builder's conventions."""

from __future__ import annotations

import ast
import contextlib
import io
import itertools
import re
import runpy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jupytext
import matplotlib
import numpy as np
import pytest
from babel.messages.catalog import PYTHON_FORMAT
from hypothesis import given, settings
from hypothesis import strategies as st

matplotlib.use("Agg")
import matplotlib.pyplot as plt

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "lessons" / "random-initialization" / "examples.py"
BLOCKS = [
    "network",
    "zero-activations",
    "zero-gradients",
    "zero-training",
    "zero-bigger",
    "random-training",
    "scales",
    "scales-training",
    "deep",
]
PARAM_NAMES = ("W1", "b1", "W2", "b2")
FAST = settings(max_examples=25, deadline=None)


def plain_globals() -> dict[str, Any]:
    """What the page builder injects, in its simplest (English, dot separator) form."""
    return {"_": lambda message: message, "fmt": lambda value, spec="g": format(value, spec)}


@pytest.fixture(scope="module")
def ex() -> Iterator[dict[str, Any]]:
    """Run the example file once, as a plain script, and keep its namespace and its figures' labels."""
    plt.close("all")
    namespace = runpy.run_path(str(EXAMPLES), init_globals=plain_globals())
    namespace["figure_labels"] = [plt.figure(number).get_label() for number in plt.get_fignums()]
    yield namespace
    plt.close("all")


def make_data(ex: dict[str, Any], seed: int, n: int, n_x: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """XOR data from the examples, with extra noise features when n_x > 2."""
    rng = np.random.default_rng(seed)
    X, Y = ex["make_xor_blobs"](n, 0.4, rng)
    if n_x > 2:
        X = np.vstack([X, rng.standard_normal((n_x - 2, n))])
    return X[:n_x], Y


def assert_rows_identical(matrix: np.ndarray) -> None:
    assert np.array_equal(matrix, np.broadcast_to(matrix[:1], matrix.shape)), matrix


# --- symmetry under zero initialization -------------------------------------------------------------------


@FAST
@given(
    seed=st.integers(0, 2**32 - 1),
    n_x=st.integers(1, 4),
    n_h=st.integers(2, 24),
    n=st.integers(2, 80),
    learning_rate=st.floats(0.01, 5.0),
)
def test_zero_init_symmetry_holds_exactly_at_every_iteration(
    ex: dict[str, Any], seed: int, n_x: int, n_h: int, n: int, learning_rate: float
) -> None:
    X, Y = make_data(ex, seed, n, n_x)
    iterations = 30
    run = ex["train"](
        ex["init_params"](n_x, n_h, method="zeros"),
        X,
        Y,
        learning_rate,
        iterations,
        keep=range(iterations + 1),
        track=ex["w1_rows_equal"],
    )
    assert sorted(run.snapshots) == list(range(iterations + 1))
    assert run.tracked == [True] * (iterations + 1)
    for params in run.snapshots.values():
        cache = ex["forward"](params, X)
        grads = ex["backward"](params, cache, X, Y)
        assert_rows_identical(params["W1"])
        assert_rows_identical(params["b1"])
        assert_rows_identical(params["W2"].T)
        assert_rows_identical(cache["A1"])
        assert_rows_identical(grads["dZ1"])
        assert_rows_identical(grads["dW1"])


def test_zero_init_symmetry_in_the_lesson_run(ex: dict[str, Any]) -> None:
    """The page's own runs: both hidden units stay one unit; the 50-unit network too."""
    for run in (ex["zero_run"], ex["same_run"], ex["big_zero"]):
        assert len(run.tracked) == ex["ITERATIONS"] + 1
        assert all(run.tracked)
    assert np.unique(ex["big_zero"].params["W1"], axis=0).shape[0] == 1


@FAST
@given(
    seed=st.integers(0, 2**32 - 1),
    n_h=st.integers(2, 24),
    value=st.floats(-1.0, 1.0).filter(lambda v: abs(v) > 1e-3),
    learning_rate=st.floats(0.01, 3.0),
)
def test_constant_init_symmetry_holds_up_to_rounding(
    ex: dict[str, Any], seed: int, n_h: int, value: float, learning_rate: float
) -> None:
    """Any identical start stays identical; only rounding (matrix products may sum rows in different orders)
    can separate the rows, by a few units in the last place."""
    X, Y = make_data(ex, seed, 60)
    run = ex["train"](
        ex["init_params"](2, n_h, method="constant", scale=value), X, Y, learning_rate, 40, keep=range(41)
    )
    for params in run.snapshots.values():
        W1 = params["W1"]
        np.testing.assert_allclose(W1, np.broadcast_to(W1[:1], W1.shape), rtol=1e-10, atol=1e-12)


# --- backpropagation --------------------------------------------------------------------------------------


def numerical_gradient(
    ex: dict[str, Any], params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray, eps: float = 1e-6
) -> np.ndarray:
    """Centered finite differences of the cost, parameter by parameter, flattened in PARAM_NAMES order."""

    def cost(p: dict[str, np.ndarray]) -> float:
        return ex["compute_cost"](ex["forward"](p, X)["Z2"], Y)

    parts = []
    for name in PARAM_NAMES:
        grad = np.zeros_like(params[name])
        for index in np.ndindex(params[name].shape):
            plus = {key: value.copy() for key, value in params.items()}
            minus = {key: value.copy() for key, value in params.items()}
            plus[name][index] += eps
            minus[name][index] -= eps
            grad[index] = (cost(plus) - cost(minus)) / (2 * eps)
        parts.append(grad.ravel())
    return np.concatenate(parts)


@FAST
@given(
    seed=st.integers(0, 2**32 - 1),
    n_x=st.integers(1, 3),
    n_h=st.integers(1, 5),
    n=st.integers(3, 40),
    scale=st.sampled_from([0.01, 0.1, 1.0]),
)
def test_backprop_matches_finite_differences(
    ex: dict[str, Any], seed: int, n_x: int, n_h: int, n: int, scale: float
) -> None:
    X, Y = make_data(ex, seed, n, n_x)
    rng = np.random.default_rng(seed + 1)
    params = ex["init_params"](n_x, n_h, scale=scale, rng=rng)
    # Non-zero biases too, so that their gradients are checked away from the symmetric point.
    params["b1"] = rng.standard_normal(params["b1"].shape) * scale
    params["b2"] = rng.standard_normal(params["b2"].shape) * scale
    assert all(value.dtype == np.float64 for value in params.values())
    grads = ex["backward"](params, ex["forward"](params, X), X, Y)
    analytic = np.concatenate([grads["d" + name].ravel() for name in PARAM_NAMES])
    numeric = numerical_gradient(ex, params, X, Y)
    relative = np.linalg.norm(analytic - numeric) / (np.linalg.norm(analytic) + np.linalg.norm(numeric))
    assert relative < 1e-6


def test_update_is_a_plain_gradient_step(ex: dict[str, Any]) -> None:
    X, Y = make_data(ex, 7, 20)
    params = ex["init_params"](2, 3, rng=np.random.default_rng(0))
    before = {key: value.copy() for key, value in params.items()}
    grads = ex["backward"](params, ex["forward"](params, X), X, Y)
    new = ex["update"](params, grads, 0.5)
    for name in PARAM_NAMES:
        np.testing.assert_array_equal(params[name], before[name])  # the old parameters are left alone
        np.testing.assert_allclose(new[name], before[name] - 0.5 * grads["d" + name])


def test_cost_stays_finite_when_the_output_saturates(ex: dict[str, Any]) -> None:
    Z2 = np.array([[-1000.0, 1000.0, 0.0]])
    Y = np.array([[1.0, 0.0, 1.0]])
    assert ex["compute_cost"](Z2, Y) == pytest.approx((1000 + 1000 + np.log(2)) / 3)
    assert np.all(np.isfinite(ex["sigmoid"](np.array([-1e6, 1e6]))))


# --- random initialization breaks the symmetry ------------------------------------------------------------


@FAST
@given(seed=st.integers(0, 2**32 - 1), n_h=st.integers(2, 24), n=st.integers(5, 80))
def test_random_init_breaks_symmetry(ex: dict[str, Any], seed: int, n_h: int, n: int) -> None:
    X, Y = make_data(ex, seed, n)
    params = ex["init_params"](2, n_h, scale=0.01, rng=np.random.default_rng(seed))
    assert not np.any(params["b1"]) and not np.any(params["b2"])  # the biases may start at zero
    run = ex["train"](params, X, Y, 1.0, 20, keep=range(21))
    for snapshot in run.snapshots.values():
        assert np.unique(snapshot["W1"], axis=0).shape[0] == n_h
        assert np.unique(ex["forward"](snapshot, X)["A1"], axis=0).shape[0] == n_h


def test_random_init_fits_where_zero_init_cannot(ex: dict[str, Any]) -> None:
    X, Y = ex["X"], ex["Y"]
    assert ex["accuracy"](ex["random_run"].params, X, Y) > 0.9
    assert ex["accuracy"](ex["zero_run"].params, X, Y) < 0.6
    assert ex["accuracy"](ex["same_run"].params, X, Y) < 0.8  # one unit, twice: a straight boundary
    assert ex["random_run"].costs[-1] < 0.5 * ex["zero_run"].costs[-1]
    assert np.unique(ex["big_random"].params["W1"], axis=0).shape[0] == 50


# --- why small --------------------------------------------------------------------------------------------


@FAST
@given(seed=st.integers(0, 2**32 - 1))
def test_saturated_fraction_of_z1_rises_with_scale(ex: dict[str, Any], seed: int) -> None:
    X, _Y = make_data(ex, seed, 100)
    fractions = []
    for scale in (0.01, 1.0, 10.0, 100.0, 1000.0):
        params = ex["init_params"](2, 4, scale=scale, rng=np.random.default_rng(seed))
        fractions.append(ex["saturated_fraction"](ex["forward"](params, X)["Z1"], ex["TANH_FLAT"]))
    assert fractions == sorted(fractions)
    assert fractions[0] == 0.0
    assert fractions[-1] > 0.9


def test_lesson_table_saturation_and_slope(ex: dict[str, Any]) -> None:
    """The page's table: more of z on the flat parts, a smaller slope and smaller relative steps as the
    scale grows."""
    z1_flat, z2_flat, slopes, steps = [], [], [], []
    for scale in ex["scales"]:
        params = ex["starts"][scale]
        cache = ex["forward"](params, ex["X"])
        grads = ex["backward"](params, cache, ex["X"], ex["Y"])
        z1_flat.append(ex["saturated_fraction"](cache["Z1"], ex["TANH_FLAT"]))
        z2_flat.append(ex["saturated_fraction"](cache["Z2"], ex["SIGMOID_FLAT"]))
        slopes.append(float(np.mean(1 - cache["A1"] ** 2)))
        steps.append(float(np.linalg.norm(grads["dW1"]) / np.linalg.norm(params["W1"])))
    assert ex["scales"] == [0.01, 1.0, 10.0, 100.0, 1000.0]
    assert z1_flat == sorted(z1_flat) and z2_flat == sorted(z2_flat)
    assert z1_flat[0] == z2_flat[0] == 0.0 and min(z1_flat[-1], z2_flat[-1]) > 0.95
    assert slopes == sorted(slopes, reverse=True) and slopes[-1] < 1e-3 < 0.99 < slopes[0]
    assert steps == sorted(steps, reverse=True) and steps[-1] < 1e-3 * steps[0]


def test_large_scale_cost_stays_above_small_scale_cost(ex: dict[str, Any]) -> None:
    runs = ex["runs"]
    small = runs[0.01].costs[-1]
    for scale in (10.0, 100.0, 1000.0):
        assert runs[scale].costs[-1] > 2 * small
    assert runs[10.0].costs[-1] < runs[100.0].costs[-1] < runs[1000.0].costs[-1]


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_large_scale_learns_slower_on_other_draws(ex: dict[str, Any], seed: int) -> None:
    X, Y = make_data(ex, seed, 200)
    final = {}
    for scale in (0.01, 100.0):
        params = ex["init_params"](2, 2, scale=scale, rng=np.random.default_rng(seed))
        final[scale] = ex["train"](params, X, Y, 1.0, 500).costs[-1]
    assert final[100.0] > final[0.01]


# --- deep networks ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1])
def test_deep_spread_collapses_with_constant_and_stays_with_width_scaling(
    ex: dict[str, Any], seed: int
) -> None:
    X = np.random.default_rng(seed).standard_normal((150, 300))
    tiny = ex["layer_stds"](X, 10, 150, lambda n: 0.01, np.random.default_rng(seed + 10))
    xavier = ex["layer_stds"](X, 10, 150, lambda n: 1.0 / np.sqrt(n), np.random.default_rng(seed + 10))
    assert len(tiny) == len(xavier) == 10
    assert all(later < 0.3 * earlier for earlier, later in itertools.pairwise(tiny))
    assert tiny[-1] < 1e-6
    assert min(xavier) > 0.15 and xavier[-1] > 0.25 * xavier[0]


def test_lesson_deep_table(ex: dict[str, Any]) -> None:
    tiny, xavier = ex["spreads"]["0.01"], ex["spreads"]["1/sqrt(n)"]
    assert tiny[-1] < 1e-6 and xavier[-1] > 0.15


# --- conventions of the page builder ----------------------------------------------------------------------


def test_example_blocks_in_lesson_order() -> None:
    notebook = jupytext.reads(EXAMPLES.read_text(encoding="utf-8"), fmt="py:percent")
    named = [cell.metadata["example"] for cell in notebook.cells if "example" in cell.metadata]
    assert named == BLOCKS
    assert notebook.cells[0].metadata.get("example") == "network"


def test_no_cell_ends_with_a_value() -> None:
    """In Jupyter, a cell ending with an expression that has a value rebinds `_` to that value, which would
    replace the translation function; only calls known to return None may end a cell."""
    notebook = jupytext.reads(EXAMPLES.read_text(encoding="utf-8"), fmt="py:percent")
    returns_none = {"print", "print_table", "localize_ticks", "set_label"}
    for cell in notebook.cells:
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        last = ast.parse(cell.source).body[-1]
        if isinstance(last, ast.Expr):
            assert isinstance(last.value, ast.Call), cell.source
            func = last.value.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            assert name in returns_none, cell.source


def test_figures_have_alt_text(ex: dict[str, Any]) -> None:
    labels = ex["figure_labels"]
    assert len(labels) >= 5
    assert all(label and label.endswith(".") for label in labels)


def translation_calls(tree: ast.AST) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
    ]


def test_messages_are_literal_and_named() -> None:
    tree = ast.parse(EXAMPLES.read_text(encoding="utf-8"))
    calls = translation_calls(tree)
    messages = set()
    for call in calls:
        assert len(call.args) == 1 and not call.keywords
        argument = call.args[0]
        assert isinstance(argument, ast.Constant) and isinstance(argument.value, str), ast.unparse(call)
        messages.add(argument.value)
    assert 30 <= len(messages) <= 70
    for message in messages:
        assert "$" not in message
        # A "%" that reads as a printf conversion ("7% of") marks the message python-format, which would
        # make catalog checks demand the same conversion in every translation.
        assert not PYTHON_FORMAT.search(message), message
        for field in re.findall(r"\{([^}]*)\}", message):
            assert field.isidentifier(), message


def test_source_leaves_injected_names_and_output_to_the_builder() -> None:
    source = EXAMPLES.read_text(encoding="utf-8")
    tree = ast.parse(source)
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            bound.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
    assert not {"_", "fmt"} & bound
    forbidden_texts = ("plt.show", "savefig", "matplotlib.use", "rcParams", "np.random.seed", "/home/")
    for forbidden in forbidden_texts:
        assert forbidden not in source


def test_runs_with_a_translation_and_a_comma_separator() -> None:
    """A page in another language: translated messages keep their placeholders, numbers use a comma."""

    def fmt(value: float, spec: str = "g") -> str:
        return format(value, spec).replace(".", ",")

    plt.close("all")
    try:
        translated = {"_": lambda message: "~" + message, "fmt": fmt}
        namespace = runpy.run_path(str(EXAMPLES), init_globals=translated)
        figure = plt.figure(plt.get_fignums()[-1])
        figure.canvas.draw()
        ticks = [label.get_text() for ax in figure.axes for label in ax.get_yticklabels()]
    finally:
        plt.close("all")
    assert namespace["ITERATIONS"] > 0
    assert any("," in tick for tick in ticks) and not any("." in tick for tick in ticks)


# --- printed tables ---------------------------------------------------------------------------------------

# Cells as the lesson prints them: numbers, Latin, Turkish, Hangul, CJK, full-width and combining letters.
CELL_CHARACTERS = [*"0123456789.,%-|/()abcxyzçğ", *"규모층비용平均斜率ＡＢ", "e\u0301"]
CELL = st.lists(st.sampled_from(CELL_CHARACTERS), min_size=1, max_size=8).map("".join)


def cell_ends(ex: dict[str, Any], line: str) -> list[int]:
    """The display column at which each cell of a printed line ends (cells hold no spaces here)."""
    return [ex["display_width"](line[: match.end()]) for match in re.finditer(r"\S+", line)]


def test_display_width_counts_wide_characters_twice_and_combining_marks_never(ex: dict[str, Any]) -> None:
    assert ex["display_width"]("scale") == 5
    assert ex["display_width"]("규모") == 4
    assert ex["display_width"]("平均斜率 ＡＢ") == 13
    assert ex["display_width"]("e\u0301") == 1
    # The direction isolates around a value filled into a right-to-left translation take no column.
    assert ex["display_width"]("المقياس \u20681/sqrt(n)\u2069") == 17


@FAST
@given(header=st.lists(CELL, min_size=1, max_size=4), data=st.data())
def test_printed_table_columns_line_up_whatever_the_script(
    ex: dict[str, Any], header: list[str], data: st.DataObject
) -> None:
    """Korean and Chinese headers take two columns a character: the cells below must end under them."""
    rows = data.draw(st.lists(st.lists(CELL, min_size=len(header), max_size=len(header)), max_size=4))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        ex["print_table"](header, rows)
    lines = printed.getvalue().splitlines()
    assert [line.split() for line in lines] == [header, *rows]
    assert len({tuple(cell_ends(ex, line)) for line in lines}) == 1


def test_a_table_with_right_to_left_headings_keeps_each_heading_over_its_column(ex: dict[str, Any]) -> None:
    """Arabic headings are isolated (U+2068 ... U+2069, invisible), so a browser lays out the heading line
    left to right like the numbers below; their widths are counted without the isolates."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        ex["print_table"](["المقياس", "الدقة (%)", "cost"], [["0.01", "97", "0.69"], ["10", "83", "2.9"]])
    header, first, _ = out.getvalue().splitlines()
    assert header == "\u2068المقياس\u2069  \u2068الدقة (%)\u2069  cost"
    visible = header.replace("\u2068", "").replace("\u2069", "")
    assert len(visible) == len(first), "the columns line up, isolates taking no column"
