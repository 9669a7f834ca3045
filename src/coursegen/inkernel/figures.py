"""The examples' figures: which values are or hold one, where each was made, whether it is drawn on and
whether its text reaches past its edge, and its layout run once before it is saved (see
:func:`_apply_layout`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import matplotlib

matplotlib.use("agg")  # before pyplot: the kernel's own (inline) backend would send figures to the notebook
import matplotlib.pyplot as plt
from matplotlib.artist import Artist
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.text import Text

from .origins import _authors, _examples_line
from .state import _artists
from .translations import English

CSS_PX_PER_INCH = 96
# The line of the examples where a figure was made (an attribute of the figure).
CREATED_AT = "_coursegen_created_at"
# Whether a figure's label (its alt text) is English shown for want of a translation (an attribute of it).
ENGLISH_LABEL = "_coursegen_english_label"


def _figures_in(values: Iterable[Any]) -> list[Any]:
    """The figures ``values`` reach: themselves, their axes, in the containers and the author's objects that
    hold them (a dict of a locale's own with the axes of a figure made once)."""
    found: dict[int, Any] = {}
    seen: set[int] = set()
    todo = list(values)
    while todo:
        value = todo.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, Artist):
            figure = value if isinstance(value, Figure) else value.figure
            if isinstance(figure, Figure):
                found[id(figure)] = figure
        elif _artists(value):
            todo.extend(value.flat)
        elif isinstance(value, dict):
            todo.extend(value.values())
        elif isinstance(value, list | tuple | set | frozenset):
            todo.extend(value)
        elif _authors(type(value).__module__):
            todo.extend(getattr(value, "__dict__", {}).values())
    return list(found.values())


def _drawing(figure: Any) -> tuple[Any, ...]:
    """What ``figure`` draws: changed when a locale's run adds to it, takes from it, or sets its texts or
    ticks (a title, tick labels: the other locales' pages showed the last one's).

    An axis is taken by its settings (locators, formatters, scale, tick parameters), not walked into: its
    ticks are made anew whenever they are asked for, and walking them was most of the check (36x the rest,
    for every held figure before and after every locale's run of every cell)."""
    found: list[Any] = []
    todo = [figure]
    while todo:
        artist = todo.pop()
        found.append(id(artist))
        if isinstance(artist, Text):
            found.append(artist.get_text())
        if isinstance(artist, Axis):
            ticks = (artist.major, artist.minor)
            found += [id(part) for tick in ticks for part in (tick.locator, tick.formatter)]
            found += [artist.get_scale(), artist.label.get_text()]
            found += [
                repr(sorted(getattr(artist, kw, {}).items())) for kw in ("_major_tick_kw", "_minor_tick_kw")
            ]
        else:
            todo.extend(artist.get_children())
    return tuple(found)


def _svg_size(path: str) -> tuple[float, float]:
    """The size in CSS pixels that matplotlib wrote into an SVG's root element (in points)."""
    with open(path, encoding="utf-8") as handle:
        head = handle.read(2000)
    root = head[head.index("<svg") :]
    width, height = (float(root.split(f'{name}="', 1)[1].split("pt", 1)[0]) for name in ("width", "height"))
    return width * CSS_PX_PER_INCH / 72, height * CSS_PX_PER_INCH / 72


def _apply_layout(figure: Any) -> Any:
    """Run the figure's layout engine once, then freeze the result until the figure is saved; the engine,
    to give back to the figure then (None if there is none to run).

    ``savefig`` with a layout engine draws the figure twice: a first draw with rendering disabled only to
    run the layout, then the real one. The layout alone needs the tick labels and text sizes, not that first
    draw, which was a fifth of the time spent saving.
    """
    engine = figure.get_layout_engine()
    if engine is None or not figure.axes:
        return None
    engine.execute(figure)
    figure.set_layout_engine(None)
    return engine


def _note_where_figures_are_made() -> None:
    """Every figure remembers the line of the examples that made it, for the errors about it: "figure
    without alt text" named the cell's first line, which in a cell of several figures named none of them."""
    if getattr(Figure.__init__, "_coursegen", False):
        return
    made = Figure.__init__

    def init(figure: Any, *args: Any, **kwargs: Any) -> None:
        made(figure, *args, **kwargs)
        setattr(figure, CREATED_AT, _examples_line())

    init._coursegen = True  # type: ignore[attr-defined]
    Figure.__init__ = init  # type: ignore[method-assign]


def _note_english_labels() -> None:
    """Every figure remembers whether its label was given as :class:`English` (matplotlib keeps a plain
    copy of the text)."""
    if getattr(Figure.set_label, "_coursegen", False):
        return
    original = Figure.set_label

    def set_label(figure: Any, s: Any) -> None:
        original(figure, s)
        setattr(figure, ENGLISH_LABEL, isinstance(s, English))

    set_label._coursegen = True  # type: ignore[attr-defined]
    Figure.set_label = set_label  # type: ignore[method-assign]


def _open_figures() -> list[Any]:
    """The figures pyplot has open, in the order they were made."""
    return [plt.figure(num) for num in plt.get_fignums()]


def _draws_something(figure: Any) -> bool:
    return bool(
        figure.axes
        or figure.texts
        or figure.images
        or figure.lines
        or figure.patches
        or figure.legends
        or figure.artists
        or figure.subfigs
    )


def _text_overflows(figure: Any) -> bool:
    """Whether a title, an axis label, a legend or a text the examples placed (``ax.text``, an annotation)
    reaches past the figure's edge, its subfigures' included, as the layout placed them (the text sizes are
    those it measured: cheap).

    Not tick labels, nor the texts inside a legend: their places are set only when the figure is drawn (after
    the layout, a tick label stands where the axes were before it, and every figure looked overflowing). Polar
    and 3D axes place their axis labels when drawn too: the figure's tight box, which places them, is asked.
    """
    renderer = figure._get_renderer()
    if any(ax.name != "rectilinear" for ax in figure.get_axes()):
        return _outside(figure.get_tightbbox(renderer).transformed(figure.dpi_scale_trans), figure.bbox)
    texts: list[Any] = []
    axes: dict[int, Any] = {}
    todo = [figure]
    while todo:
        part = todo.pop()
        texts += [getattr(part, name, None) for name in ("_suptitle", "_supxlabel", "_supylabel")]
        texts += [*part.texts, *part.legends]
        axes.update((id(ax), ax) for ax in part.axes)
        todo += part.subfigs
    for ax in axes.values():
        texts += [getattr(ax, name, None) for name in ("title", "_left_title", "_right_title")]
        texts += [ax.xaxis.label, ax.yaxis.label, ax.get_legend(), *ax.texts]
    for text in texts:
        if text is None or not text.get_visible() or (isinstance(text, Text) and not text.get_text()):
            continue
        if _outside(text.get_window_extent(renderer), figure.bbox):
            return True
    return False


def _outside(extent: Any, box: Any) -> bool:
    """Whether ``extent`` reaches past ``box`` by more than a pixel."""
    return bool(
        extent.x0 < box.x0 - 1 or extent.y0 < box.y0 - 1 or extent.x1 > box.x1 + 1 or extent.y1 > box.y1 + 1
    )
