# %% example="network"
# The lecture's network: 2 inputs, 2 hidden units (tanh), 1 output (sigmoid), in plain NumPy.
# `_` (translation) and `fmt` (numbers with the page's decimal separator) come with the page (in the notebook,
# from its first cell).
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

Params = dict[str, np.ndarray]

LEARNING_RATE = 1.0
ITERATIONS = 500
TANH_FLAT = 2.0  # beyond |z| = 2, tanh'(z) is below 7% of its peak
SIGMOID_FLAT = 4.0  # the same flatness for sigmoid, since tanh(z) = 2 * sigmoid(2z) - 1


def localize_ticks(ax: Axes) -> None:
    """Label the ticks with the page's decimal separator, so that plots read like the text around them."""
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt(v, "g")))
        axis.set_minor_formatter(NullFormatter())


def yes_no(flag: bool) -> str:
    """Answer a check in words, in the page's language, rather than printing True or False."""
    return _("yes") if flag else _("no")


def rows_equal(matrix: np.ndarray) -> bool:
    """True when every row is exactly (bit for bit) the first row: the hidden units are indistinguishable."""
    return bool(np.array_equal(matrix, np.broadcast_to(matrix[:1], matrix.shape)))


def w1_rows_equal(params: Params) -> bool:
    """Equal rows in W[1]: the property the induction carries from one iteration to the next."""
    return rows_equal(params["W1"])


def make_xor_blobs(n: int, spread: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Four clusters around (1, 1), (-1, -1), (1, -1), (-1, 1); the diagonal pairs share a class (XOR).

    No straight line separates the classes, but two hidden units can, once they compute different things.
    Returns X of shape (2, n) and labels Y of shape (1, n), one column per example.
    """
    centers = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    cluster = rng.integers(0, 4, n)
    X = (centers[cluster] + spread * rng.standard_normal((n, 2))).T
    Y = (cluster >= 2).astype(float).reshape(1, n)
    return X, Y


def init_params(
    n_x: int,
    n_h: int,
    n_y: int = 1,
    *,
    method: str = "random",
    scale: float = 0.01,
    rng: np.random.Generator | None = None,
) -> Params:
    """Weights for a network n_x -> n_h (tanh) -> n_y (sigmoid); the biases always start at zero.

    method "zeros": every weight 0; "constant": every weight equals `scale`;
    "random": standard normal weights times `scale`, drawn from `rng`.
    """
    if method == "zeros":
        W1, W2 = np.zeros((n_h, n_x)), np.zeros((n_y, n_h))
    elif method == "constant":
        W1, W2 = np.full((n_h, n_x), scale), np.full((n_y, n_h), scale)
    elif method == "random":
        if rng is None:
            raise ValueError("random initialization needs a numpy Generator")
        W1 = rng.standard_normal((n_h, n_x)) * scale
        W2 = rng.standard_normal((n_y, n_h)) * scale
    else:
        raise ValueError(f"unknown initialization method: {method}")
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Same as 1 / (1 + exp(-z)), written with tanh so that large |z| cannot overflow."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def forward(params: Params, X: np.ndarray) -> dict[str, np.ndarray]:
    """Forward propagation for all examples at once (one column per example)."""
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.tanh(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = sigmoid(Z2)
    return {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def compute_cost(Z2: np.ndarray, Y: np.ndarray) -> float:
    """Binary cross-entropy, computed from z[2] rather than a[2] so that a saturated output gives a large
    finite cost instead of log(0)."""
    return float(np.mean(np.logaddexp(0.0, Z2) - Y * Z2))


def backward(params: Params, cache: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> Params:
    """Backpropagation of the cross-entropy cost; also returns dZ1 and dZ2 so that they can be inspected."""
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = dZ2.sum(axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1.0 - cache["A1"] ** 2)
    dW1 = dZ1 @ X.T / m
    db1 = dZ1.sum(axis=1, keepdims=True) / m
    return {"dZ2": dZ2, "dW2": dW2, "db2": db2, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def update(params: Params, grads: Params, learning_rate: float) -> Params:
    """One gradient descent step, W := W - alpha * dW, returning new arrays (the old ones stay untouched)."""
    return {name: value - learning_rate * grads["d" + name] for name, value in params.items()}


@dataclass
class Run:
    """The outcome of training: final parameters, cost after each number of steps, kept snapshots, and what
    was tracked at every step."""

    params: Params
    costs: list[float]  # costs[k] is the cost after k steps, from 0 to the last
    snapshots: dict[int, Params]  # parameters after k steps, for the k that were asked for
    tracked: list[Any]  # track(parameters after k steps), for every k, when a track function was given


def train(
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
    learning_rate: float = LEARNING_RATE,
    iterations: int = ITERATIONS,
    keep: Iterable[int] = (),
    track: Callable[[Params], Any] | None = None,
) -> Run:
    """Batch gradient descent.

    `keep` names the step counts whose parameters are kept whole; `track` is applied to the parameters after
    every step (0 included), to watch one property over the whole run without keeping every snapshot.
    """
    keep = set(keep)
    costs, snapshots, tracked = [], {}, []
    for step in range(iterations + 1):
        cache = forward(params, X)
        costs.append(compute_cost(cache["Z2"], Y))
        if step in keep:
            snapshots[step] = params
        if track is not None:
            tracked.append(track(params))
        if step < iterations:
            params = update(params, backward(params, cache, X, Y), learning_rate)
    return Run(params, costs, snapshots, tracked)


def accuracy(params: Params, X: np.ndarray, Y: np.ndarray) -> float:
    """Fraction of examples on the right side of a[2] = 0.5."""
    return float(np.mean((forward(params, X)["A2"] > 0.5) == (Y > 0.5)))


def saturated_fraction(Z: np.ndarray, threshold: float) -> float:
    """Fraction of the values of z on a flat part of the activation, where the slope is almost zero."""
    return float(np.mean(np.abs(Z) > threshold))


def plot_data(ax: Axes, X: np.ndarray, Y: np.ndarray) -> None:
    """Scatter the two classes with a legend."""
    for label, color in ((0, "tab:blue"), (1, "tab:orange")):
        mask = Y[0] == label
        ax.scatter(X[0, mask], X[1, mask], s=8, color=color, edgecolor="none",
                   label=_("class {label}").format(label=label))
    ax.set_xlabel(_("input x1"))
    ax.set_ylabel(_("input x2"))
    localize_ticks(ax)


def plot_decision_boundary(ax: Axes, params: Params, X: np.ndarray, Y: np.ndarray, title: str) -> None:
    """Shade the predicted probability a[2] over the plane, draw the 0.5 line, and the data on top."""
    xs = np.linspace(X[0].min() - 0.5, X[0].max() + 0.5, 120)
    ys = np.linspace(X[1].min() - 0.5, X[1].max() + 0.5, 120)
    gx, gy = np.meshgrid(xs, ys)
    proba = forward(params, np.vstack([gx.ravel(), gy.ravel()]))["A2"].reshape(gx.shape)
    ax.contourf(gx, gy, proba, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.35, rasterized=True)
    if proba.min() < 0.5 < proba.max():
        ax.contour(gx, gy, proba, levels=[0.5], colors="black", linewidths=1)
    plot_data(ax, X, Y)
    ax.set_title(title)


def display_width(text: str) -> int:
    """Columns the text takes in a monospaced font: Hangul and CJK ideographs take two, combining marks none.

    Counting characters (len) would put the columns of a Korean or Chinese header out of line.
    """
    width = 0
    for char in text:
        if unicodedata.category(char) in ("Mn", "Me"):  # an accent drawn on the character before it
            continue
        if unicodedata.category(char) == "Cf":  # an invisible mark (the direction isolates around a value)
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def isolated(cell: str) -> str:
    """A cell of right-to-left text (Arabic, Hebrew) set apart from its neighbours, invisibly (between a first
    strong isolate and a pop directional isolate, U+2068 and U+2069).

    Without it, a line of Arabic headings and the spaces between them is laid out as one right-to-left run:
    the headings come out in reverse order, each over another column than its numbers.
    """
    if any(unicodedata.bidirectional(char) in ("R", "AL") for char in cell):
        return "\u2068" + cell + "\u2069"
    return cell


def print_table(header: list[str], rows: list[list[str]]) -> None:
    """Print columns aligned to the right; the cells are already formatted strings."""
    widths = [max(display_width(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    for line in [header, *rows]:
        cells = zip(line, widths, strict=True)
        print("  ".join(" " * (width - display_width(cell)) + isolated(cell) for cell, width in cells))


# %%
data_rng = np.random.default_rng(0)
X, Y = make_xor_blobs(300, spread=0.35, rng=data_rng)
print(_("{n} examples with {features} features").format(n=X.shape[1], features=X.shape[0]))

fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
plot_data(ax, X, Y)
ax.set_title(_("Two classes in an XOR pattern"))
ax.legend(loc="upper right")
fig.set_label(_("Scatter plot of the data: four clusters, the diagonal pairs forming the two classes."))

# %% example="zero-activations"
# Every weight and bias at zero, as on the lecture's slide.
zero = init_params(2, 2, method="zeros")
A1 = forward(zero, X)["A1"]
print("W[1] =\n", zero["W1"])
print(_("a[1] ({count} examples) =").format(count=5) + "\n", A1[:, :5])
print(_("a[1]_1 == a[1]_2 for every example: {answer}").format(answer=yes_no(rows_equal(A1))))

# The zeros are not what matters: any start in which both hidden units are the same behaves alike.
same = init_params(2, 2, method="constant", scale=0.5)
A1_same = forward(same, X)["A1"]
print(_("Every weight {value}").format(value=fmt(0.5)))
print(_("a[1] ({count} examples) =").format(count=5) + "\n", A1_same[:, :5])
print(_("a[1]_1 == a[1]_2 for every example: {answer}").format(answer=yes_no(rows_equal(A1_same))))

fig, axes = plt.subplots(1, 2, figsize=(7, 3.2), sharey=True, layout="constrained")
for ax, acts, value in ((axes[0], A1, 0.0), (axes[1], A1_same, 0.5)):
    order = np.argsort(acts[0])
    ax.plot(acts[0, order], lw=4, color="tab:blue", label=_("hidden unit {k}").format(k=1))
    ax.plot(acts[1, order], lw=1.5, ls="--", color="tab:orange", label=_("hidden unit {k}").format(k=2))
    ax.set_title(_("Every weight {value}").format(value=fmt(value)))
    ax.set_xlabel(_("example (sorted)"))
    localize_ticks(ax)
axes[0].set_ylabel(_("activation a[1]"))
axes[1].legend(loc="upper left")
fig.set_label(_("Activations of both hidden units over all examples: one curve lies exactly on the other."))

# %% example="zero-gradients"
grads = backward(zero, forward(zero, X), X, Y)
print(_("dz[1] ({count} examples) =").format(count=5) + "\n", grads["dZ1"][:, :5])
print("dW[1] =\n", grads["dW1"])
print(_("rows of dz[1] equal: {answer}").format(answer=yes_no(rows_equal(grads["dZ1"]))))
print(_("rows of dW[1] equal: {answer}").format(answer=yes_no(rows_equal(grads["dW1"]))))

# With W[2] = 0 nothing flows back at all: dz[1] = W[2]^T dz[2] * (1 - a[1]^2) = 0.
# Starting from 0.5 everywhere the gradients are not zero, and still their rows are equal.
grads_same = backward(same, forward(same, X), X, Y)
print(_("Every weight {value}").format(value=fmt(0.5)))
print(_("dz[1] ({count} examples) =").format(count=5) + "\n", grads_same["dZ1"][:, :5])
print("dW[1] =\n", grads_same["dW1"])
print(_("rows of dz[1] equal: {answer}").format(answer=yes_no(rows_equal(grads_same["dZ1"]))))
print(_("rows of dW[1] equal: {answer}").format(answer=yes_no(rows_equal(grads_same["dW1"]))))

# %% example="zero-training"
# The induction, step by step: equal rows in W[1] and dW[1] give equal rows after W1 := W1 - alpha * dW1.
# From 0.5 the rows are equal in exact arithmetic; a BLAS library that sums some rows in another order could
# leave them a last digit apart on other machines.
shown = (0, 1, 10, ITERATIONS)
zero_run = train(zero, X, Y, keep=shown, track=w1_rows_equal)
same_run = train(same, X, Y, keep=shown, track=w1_rows_equal)
for run, value in ((zero_run, 0.0), (same_run, 0.5)):
    print(_("Every weight {value}").format(value=fmt(value)))
    for step in shown:
        print(_("W[1] at iteration {step}:").format(step=step))
        print(run.snapshots[step]["W1"])
    print(_("rows of W[1] equal after every iteration: {answer}").format(answer=yes_no(all(run.tracked))))
    print(_("accuracy: {percent}%").format(percent=fmt(100 * accuracy(run.params, X, Y), ".0f")))

fig, axes = plt.subplots(1, 2, figsize=(7, 3.2), sharey=True, layout="constrained")
plot_decision_boundary(axes[0], zero_run.params, X, Y, _("Every weight {value}").format(value=fmt(0.0)))
plot_decision_boundary(axes[1], same_run.params, X, Y, _("Every weight {value}").format(value=fmt(0.5)))
axes[1].set_ylabel("")
fig.set_label(_("Decision regions after symmetric starts: one class everywhere, then one straight boundary."))

# %% example="zero-bigger"
# 3 features (the third one is noise) and 50 hidden units: zero initialization again gives one unit, 50 times.
X3 = np.vstack([X, data_rng.standard_normal((1, X.shape[1]))])
big_zero = train(init_params(3, 50, method="zeros"), X3, Y, track=w1_rows_equal)
big_random = train(init_params(3, 50, rng=np.random.default_rng(2)), X3, Y)
print("W[1]:", big_zero.params["W1"].shape)
print(_("rows of W[1] equal after every iteration: {answer}").format(
    answer=yes_no(all(big_zero.tracked))))
for run, label in ((big_zero, _("zeros")), (big_random, _("random"))):
    distinct = np.unique(run.params["W1"], axis=0).shape[0]
    print(_("{init}: different hidden units: {distinct} of {total}, accuracy {percent}%").format(
        init=label, distinct=distinct, total=run.params["W1"].shape[0],
        percent=fmt(100 * accuracy(run.params, X3, Y), ".0f")))

# %% example="random-training"
# The lecture's fix, W1 = np.random.randn(2, 2) * 0.01, written with a seeded Generator so that every run
# draws the same numbers. The biases stay at zero: random weights alone break the symmetry.
rng = np.random.default_rng(1)
small = init_params(2, 2, method="random", scale=0.01, rng=rng)
cache = forward(small, X)
grads = backward(small, cache, X, Y)
random_run = train(small, X, Y)

print("W[1] =\n", small["W1"])
print("b[1] =\n", small["b1"])
print(_("a[1]_1 == a[1]_2 for every example: {answer}").format(answer=yes_no(rows_equal(cache["A1"]))))
print(_("rows of dz[1] equal: {answer}").format(answer=yes_no(rows_equal(grads["dZ1"]))))
print(_("W[1] at iteration {step}:").format(step=ITERATIONS))
print(random_run.params["W1"])
for run, label in ((zero_run, _("zeros")), (random_run, _("random"))):
    print(_("{init}: cost {cost}, accuracy {percent}%").format(
        init=label, cost=fmt(run.costs[-1], ".3f"), percent=fmt(100 * accuracy(run.params, X, Y), ".0f")))

fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
ax.plot(zero_run.costs, ls="--", label=_("zeros"))
ax.plot(random_run.costs, label=_("random, scale {scale}").format(scale=fmt(0.01)))
ax.set_xlabel(_("iteration"))
ax.set_ylabel(_("cost"))
ax.set_title(_("Cost during training"))
ax.legend()
localize_ticks(ax)
fig.set_label(_("Cost curves: flat for the zero start, falling for the small random start."))

fig, axes = plt.subplots(1, 2, figsize=(7, 3.2), sharey=True, layout="constrained")
plot_decision_boundary(axes[0], zero_run.params, X, Y, _("zeros"))
plot_decision_boundary(axes[1], random_run.params, X, Y, _("random, scale {scale}").format(scale=fmt(0.01)))
axes[1].set_ylabel("")
fig.set_label(_(
    "Decision regions: one class everywhere after a zero start, a diagonal band after a random start."
))

# %% example="scales"
# The same network started with weights randn * scale. Where do z[1] = W1 x + b1 and z[2] fall?
scales = [0.01, 1.0, 10.0, 100.0, 1000.0]
starts = {scale: init_params(2, 2, scale=scale, rng=np.random.default_rng(3)) for scale in scales}
rows = []
for scale, params in starts.items():
    cache = forward(params, X)
    grads = backward(params, cache, X, Y)
    rows.append([
        fmt(scale),
        fmt(saturated_fraction(cache["Z1"], TANH_FLAT), ".2f"),
        fmt(saturated_fraction(cache["Z2"], SIGMOID_FLAT), ".2f"),
        fmt(np.mean(1.0 - cache["A1"] ** 2), ".2g"),
        fmt(np.linalg.norm(grads["dW1"]) / np.linalg.norm(params["W1"]), ".2g"),
    ])
# A step changes W[1] by alpha * dW[1]; what counts is its size next to W[1] itself.
flat_note = _("flat: |z| > {tanh} for tanh, |z| > {sigmoid} for sigmoid (slope under a tenth of its peak)")
print(flat_note.format(tanh=fmt(TANH_FLAT), sigmoid=fmt(SIGMOID_FLAT)))
print_table([_("scale"), _("flat z[1] (tanh)"), _("flat z[2] (sigmoid)"), _("mean tanh slope"),
             "|dW[1]| / |W[1]|"], rows)

fig, axes = plt.subplots(1, 2, figsize=(7, 3.2), layout="constrained")
grid = np.concatenate([-np.logspace(4, -2, 200), np.logspace(-2, 4, 200)])
colors = plt.get_cmap("viridis")(np.linspace(0.0, 0.9, len(scales)))
markers = dict(zip(scales, "osD^v", strict=True))
for ax, curve, key, flat, name in ((axes[0], np.tanh, "Z1", TANH_FLAT, _("tanh")),
                                   (axes[1], sigmoid, "Z2", SIGMOID_FLAT, _("sigmoid"))):
    ax.set_xscale("symlog", linthresh=1.0)  # linear between -1 and 1, logarithmic beyond
    ax.axvspan(-1e4, -flat, color="0.9")
    ax.axvspan(flat, 1e4, color="0.9", label=_("flat part"))
    ax.plot(grid, curve(grid), color="black", lw=1)
    # Largest scale first, so that the small ones, bunched near z = 0, stay visible on top.
    for scale, color in reversed(list(zip(scales, colors, strict=True))):
        z = forward(starts[scale], X)[key].ravel()
        ax.plot(z, curve(z), markers[scale], ms=3, color=color, rasterized=True,
                label=_("scale {scale}").format(scale=fmt(scale)))
    ax.set_xlim(-3000, 3000)
    ax.set_xticks([-1000, -10, 0, 10, 1000])
    ax.set_xlabel("z")
    ax.set_title(name)
    localize_ticks(ax)
handles, labels = axes[1].get_legend_handles_labels()
axes[1].legend(handles[::-1], labels[::-1], fontsize="small", loc="upper left")
fig.set_label(_(
    "Where z falls on tanh and sigmoid: the larger the scale, the farther out on the flat parts."
))

# %% example="scales-training"
# Same data, step size and number of iterations for every scale. Small weights start next to the symmetric
# point and spend their first steps leaving it (the flat start of their curve); large weights start on the
# flat parts of tanh and sigmoid, where the slopes are tiny, and stay there.
runs = {scale: train(params, X, Y) for scale, params in starts.items()}
early = 100
print_table(
    [_("scale"), _("cost at start"), _("after {steps} steps").format(steps=early),
     _("after {steps} steps").format(steps=ITERATIONS), _("accuracy (%)")],
    [[fmt(scale), fmt(run.costs[0], ".3g"), fmt(run.costs[early], ".3g"), fmt(run.costs[-1], ".3g"),
      fmt(100 * accuracy(run.params, X, Y), ".0f")] for scale, run in runs.items()],
)

fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
line_styles = ["-", "--", "-.", ":", (0, (6, 2, 1, 2, 1, 2))]
for (scale, run), style in zip(runs.items(), line_styles, strict=True):
    ax.plot(run.costs, ls=style, label=_("scale {scale}").format(scale=fmt(scale)))
ax.set_yscale("log")
ax.set_xlabel(_("iteration"))
ax.set_ylabel(_("cost"))
ax.set_title(_("Cost during training, by initial scale"))
ax.legend(fontsize="small")
localize_ticks(ax)
fig.set_label(_("Cost curves for each initial scale: the larger the scale, the higher the cost stays."))

# %% example="deep"
# Ten tanh layers of 200 units, one forward pass on 500 random inputs. Next week: Xavier initialization
# scales layer l by 1/sqrt(n[l-1]) (for tanh); He initialization uses sqrt(2/n[l-1]) (for ReLU).
# With scale 1 the spread does not shrink, but nearly every unit sits on a flat part of tanh.


def layer_stds(X: np.ndarray, n_layers: int, width: int, scale_for: Callable[[int], float],
               rng: np.random.Generator) -> list[float]:
    """Spread (standard deviation) of the activations after each tanh layer, one forward pass.

    Layer weights are randn(width, n_prev) * scale_for(n_prev), biases zero: only the scale rule differs.
    """
    stds, A = [], X
    for _layer in range(n_layers):
        W = rng.standard_normal((width, A.shape[0])) * scale_for(A.shape[0])
        A = np.tanh(W @ A)
        stds.append(float(A.std()))
    return stds


scale_rules: dict[str, Callable[[int], float]] = {
    "0.01": lambda n: 0.01,
    "1/sqrt(n)": lambda n: 1.0 / np.sqrt(n),
    "1": lambda n: 1.0,
}
X_deep = np.random.default_rng(4).standard_normal((200, 500))
spreads = {
    name: layer_stds(X_deep, 10, 200, rule, np.random.default_rng(5)) for name, rule in scale_rules.items()
}

shown_as = {"0.01": fmt(0.01), "1/sqrt(n)": "1/sqrt(n)", "1": fmt(1.0)}  # numbers with the page's separator
print_table(
    [_("layer"), *(_("scale {scale}").format(scale=shown_as[name]) for name in spreads)],
    [[str(layer + 1), *(fmt(stds[layer], ".2g") for stds in spreads.values())] for layer in range(10)],
)

fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
for (name, stds), marker in zip(spreads.items(), "os^", strict=True):
    ax.plot(range(1, 11), stds, marker + "-", label=_("scale {scale}").format(scale=shown_as[name]))
ax.set_yscale("log")
ax.yaxis.set_major_locator(LogLocator(numticks=6))
ax.set_xlabel(_("layer"))
ax.set_ylabel(_("standard deviation of a[l]"))
ax.set_title(_("Spread of the activations, layer by layer"))
ax.legend(fontsize="small")
localize_ticks(ax)
alt = _("Spread of the activations per layer: it collapses with {small}, stays steady with 1/sqrt(n).")
fig.set_label(alt.format(small=fmt(0.01)))
