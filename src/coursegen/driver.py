"""The notebook that drives a kernel through a lesson's examples: the kernel-side package
(:mod:`coursegen.inkernel`) sent as text, each locale's strings as the kernel gets them, then one call per
cell of the source. What the cached results depend on besides the source and the libraries is here too
(:func:`engine_code`): the kernel's code and this notebook's.

Figures are saved as SVG with text drawn as paths (``svg.fonttype: path``): pages then show exactly the
glyphs chosen at build time, whatever fonts the reader has, and a glyph missing from the chosen fonts fails
the build here rather than showing as a box in a browser. ``svg.fonttype: none`` (text left to the browser's
fonts) was measured against ``path``: about 6% less kernel CPU time and 22% smaller files for the lesson's
plots, not enough to give up that guarantee.
"""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursegen import example_cache, inkernel
from coursegen.catalogs import English, is_english
from coursegen.errors import ExampleError
from coursegen.examples import ExampleSource, messages, plurals

if TYPE_CHECKING:
    import nbformat


SVG_FONTTYPE = "path"
CELL_TIMEOUT_SECONDS = 600
# The seed of NumPy's and Python's global random generators in the kernel, and in the learner's notebook: an
# example drawing from them (np.random.randn, the lecture's own idiom) prints the same numbers in both.
RANDOM_SEED = 0
# Seconds a cell's statements may take per locale, after its first plot or translated text, before the
# author is told that they run once per locale (a 12 s computation below a plot took 12 s per language).
SLOW_PER_LOCALE_SECONDS = 2.0
# Bump when the driver's protocol changes in a way the hashed code texts do not show.
DRIVER_VERSION = "2"
# The name the kernel knows coursegen.inkernel by (see driver_notebook).
KERNEL_PACKAGE = "coursegen_inkernel"


@dataclass(frozen=True)
class LocaleStrings:
    """What the examples need to know about one locale: complete translations of the source's messages
    (fallbacks applied), its decimal sign, the font families that cover its text, and the digests of the
    files those families are drawn from (for the cache key: the figures hold their glyph outlines)."""

    code: str
    messages: Mapping[str, str]
    decimal: str = "."
    font_family: Sequence[str] = ("DejaVu Sans", "sans-serif")
    font_digests: Sequence[str] = ()
    #: Every form of the translation of the source's ``ngettext()`` messages, by singular (English: the two
    #: English forms, as :class:`English`), and the rule that picks one.
    plurals: Mapping[str, Sequence[str]] = field(default_factory=dict)
    plural_expr: str = "(n != 1)"


@functools.cache
def _kernel_sources() -> tuple[tuple[str, str], ...]:
    """The kernel-side modules as (name, text), in the order the kernel runs them: they run in the kernel,
    and importing them here would load pyplot into every build (half a second) for nothing but their text."""
    package = Path(inkernel.__file__).parent
    return tuple((name, (package / f"{name}.py").read_text(encoding="utf-8")) for name in inkernel.MODULES)


@functools.cache
def engine_code() -> tuple[str, ...]:
    """The code whose behaviour the cached results depend on, beyond the library versions (read once: every
    lesson's cache check asks for it)."""
    # The package's name and its modules' too: the examples see them (a type printed, a traceback).
    sources = (f"{KERNEL_PACKAGE}.{name}\n{text}" for name, text in _kernel_sources())
    return (DRIVER_VERSION, SVG_FONTTYPE, *sources, inspect.getsource(driver_notebook))


def kernel_locales(source: ExampleSource, locales: Sequence[LocaleStrings]) -> dict[str, dict[str, Any]]:
    """Each locale as the kernel gets it, limited to the source's own messages so that editing other
    catalog entries (headings, transcripts) does not invalidate figures."""
    wanted: dict[str, dict[str, Any]] = {}
    ids = messages(source)
    pairs = plurals(source)
    for locale in locales:
        if not example_cache.valid_code(locale.code):
            raise ExampleError(f"locale code '{locale.code}' must be letters, digits, '_' or '-'")
        if locale.code in wanted:
            raise ExampleError(f"locale '{locale.code}' is given twice")
        wanted[locale.code] = {
            "code": locale.code,
            "messages": {msgid: locale.messages.get(msgid, msgid) for msgid in ids},
            # Which of them the page shows in English (untranslated): a figure labelled so is marked.
            "english": sorted(
                msgid for msgid in ids if is_english(locale.messages.get(msgid, English(msgid)))
            ),
            # Only where the source has plurals: other lessons' cache entries keep their keys.
            **(_kernel_plurals(locale, pairs) if pairs else {}),
            "decimal": locale.decimal,
            "fonts": list(locale.font_family),
            "font_digests": list(locale.font_digests),
        }
    return wanted


def _kernel_plurals(locale: LocaleStrings, pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The plural forms of the source's ``ngettext()`` messages as the kernel gets them: English's two where
    the locale has none, those listed as English, and the rule that picks one."""
    forms = {one: list(locale.plurals.get(one, (English(one), English(many)))) for one, many in pairs}
    return {
        "plurals": forms,
        "english_plurals": sorted(one for one, texts in forms.items() if is_english(texts[0])),
        "plural_expr": locale.plural_expr,
    }


def driver_notebook(
    source: ExampleSource, kernel_locales: list[dict[str, Any]], out: Path, *, name_locale: bool = False
) -> nbformat.NotebookNode:
    """The generated notebook: the runtime, then one call per source cell, then the results file.
    ``name_locale``: an error names the locale it was raised for (the lesson has others, in other kernels or
    in the cache).

    Every piece of text reaches the kernel as a ``repr()`` or JSON literal, never as code.
    """
    import nbformat  # the Jupyter stack is loaded only when something runs: a rebuild reads the cache

    config = {
        "path": str(source.path),
        "out": str(out),
        "locales": kernel_locales,
        "svg_fonttype": SVG_FONTTYPE,
        "cell_timeout": CELL_TIMEOUT_SECONDS,
        "random_seed": RANDOM_SEED,
        "slow_seconds": SLOW_PER_LOCALE_SECONDS,
        "name_locale": name_locale,
    }
    # Each module of coursegen.inkernel is made in the kernel as a module of a package of its own, where their
    # relative imports find one another (the kernel imports nothing of coursegen), then taken out of
    # sys.modules: the examples' imports find none of them.
    cells = [
        nbformat.v4.new_code_cell(
            "import sys as _cg_sys, types as _cg_types\n"
            f"_cg_modules = {{{KERNEL_PACKAGE!r}: _cg_types.ModuleType({KERNEL_PACKAGE!r})}}\n"
            f"_cg_modules[{KERNEL_PACKAGE!r}].__path__ = []\n"
            "_cg_sys.modules.update(_cg_modules)\n"
            f"for _cg_name, _cg_text in {_kernel_sources()!r}:\n"
            f"    _cg = _cg_types.ModuleType({KERNEL_PACKAGE!r} + '.' + _cg_name)\n"
            f"    _cg.__package__ = {KERNEL_PACKAGE!r}\n"
            "    _cg_sys.modules[_cg.__name__] = _cg_modules[_cg.__name__] = _cg\n"
            f"    _cg_file = {KERNEL_PACKAGE!r} + '/' + _cg_name + '.py'\n"
            "    exec(compile(_cg_text, _cg_file, 'exec'), _cg.__dict__)\n"
            "for _cg_name in _cg_modules:\n"
            "    del _cg_sys.modules[_cg_name]\n"
            f"_cg_runtime = _cg_modules[{KERNEL_PACKAGE + '.runtime'!r}].Runtime("
            f"{json.dumps(config, ensure_ascii=False)!r})"
        )
    ]
    blocks = [("", cell) for cell in source.setup]
    blocks += [(block.name, cell) for block in source.blocks for cell in block.cells]
    for name, cell in blocks:
        call = f"_cg_runtime.run_cell({cell.index}, {name!r}, {cell.line}, {cell.source!r})"
        cells.append(nbformat.v4.new_code_cell(call))
    cells.append(nbformat.v4.new_code_cell("_cg_runtime.finish()"))
    return nbformat.v4.new_notebook(cells=cells)
