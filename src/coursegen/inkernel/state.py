"""The examples' state, copied and compared: snapshots each locale's run starts from (code, modules and
matplotlib objects kept by reference, arrays copied once with their views), fingerprints that tell whether
a value came out of two locales' runs the same (:func:`_state`), the names code reads (which statements a
translated value taints), and the objects every locale's copy shares, which a run must not change."""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import io
import itertools
import pickle
import random
import types
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
from matplotlib.artist import Artist

from .origins import _authors
from .streams import _CellStream


class KernelOwn:
    """The kernel's own objects, kept by reference in snapshots as modules are, with their bound methods:
    the runtime, whose display and last-value hook the examples' namespace holds, and the handle
    ``display(..., display_id=True)`` returns (copied, it failed, and every locale ran the examples on its
    own from there)."""


_UNBOUND = ("unbound",)


def _shared(value: Any) -> bool:
    """Values kept by reference in snapshots: code, modules, matplotlib objects (closed after each cell,
    alone or in the arrays plt.subplots returns), the kernel's own objects and their methods."""
    if isinstance(value, types.ModuleType | types.FunctionType | type | Artist | KernelOwn):
        return True
    if isinstance(value, types.MethodType | types.BuiltinMethodType):
        owner = value.__self__
        # The global generators too (from random import randint, from numpy.random import randn): restoring a
        # snapshot resets them in place, and a copy would draw on from where it was taken, apart.
        kept = isinstance(owner, KernelOwn | types.ModuleType | type)
        return owner is None or kept or any(owner is generator for generator in _GLOBAL_RANDOM)
    return _artists(value)


def _artists(value: Any) -> bool:
    """An array of artists (the axes plt.subplots returns)."""
    return (
        isinstance(value, np.ndarray)
        and value.dtype == object
        and value.size > 0
        and all(isinstance(item, Artist) for item in value.flat)
    )


_CONTAINERS = (list, tuple, dict, set, frozenset)
# What the last copies kept by reference because it cannot be copied (a file, an object holding a generator).
_uncopied: list[Any] = []


def _copy(value: Any, memo: dict[int, Any]) -> Any:
    """A deep copy that keeps :func:`_shared` values by reference at any depth, not only at the top.

    ``copy.deepcopy`` of a list of artists (legend handles) copies each artist's whole figure, which cost
    more than everything else in a snapshot; those figures are closed, so their artists are shared like
    top-level ones. ``memo`` keeps aliasing: two names bound to one list get one copy.
    """
    if _shared(value):
        return value
    key = id(value)
    if key in memo:
        return memo[key]
    if isinstance(value, types.MethodType | types.BuiltinMethodType):
        # record = costs.append, log = logger.log: bound to the copy of their object, or what they record
        # goes into the original, which no locale sees again.
        owner = _copy(value.__self__, memo)
        if isinstance(value, types.MethodType):
            bound = types.MethodType(value.__func__, owner)
        else:
            bound = getattr(owner, value.__name__, value)
        memo[key] = bound
        return bound
    kind = type(value)
    if kind not in _CONTAINERS:
        try:
            return copy.deepcopy(value, memo)
        except Exception:
            _uncopied.append(value)
            return value
    if kind is list:
        copied: Any = []
        memo[key] = copied
        copied.extend(_copy(item, memo) for item in value)
    elif kind is dict:
        copied = {}
        memo[key] = copied
        for name, item in value.items():
            copied[_copy(name, memo)] = _copy(item, memo)
    else:
        items = [_copy(item, memo) for item in value]
        if key in memo:  # a tuple that contains itself through a list
            return memo[key]
        copied = kind(items)
        memo[key] = copied
    # Keep the original alive while the memo is used, so that its id is not reused (as deepcopy does).
    memo.setdefault(id(memo), []).append(value)
    return copied


# The generators behind random.random and np.random.rand, which snapshots save and restore by their state.
_GLOBAL_RANDOM = (random._inst, np.random.mtrand._rand)  # type: ignore[attr-defined]
# What functools.cache and lru_cache wrap a function in: copies share it, and it remembers across locales.
_CACHED = type(functools.cache(lambda: None))


def _copy_array(array: np.ndarray, memo: dict[int, Any]) -> np.ndarray:
    """``copy.deepcopy`` of an array while snapshots are taken (see :func:`_views_kept`): a view (``b =
    a[::2]``, ``self.W = self.params[:4].reshape(2, 2)``) is rebuilt on the copy of the array whose memory it
    shows, or ``b[0] = 100`` no longer changed ``a`` after the first locale; a read-only array stays so."""
    copied = _copy_view(array, memo) if array.base is not None else _copy_laid_out(array)
    if copied is None:
        copied = array.__deepcopy__(memo)
    if not array.flags.writeable:
        copied.flags.writeable = False
    return copied


def _copy_view(view: np.ndarray, memo: dict[int, Any]) -> np.ndarray | None:
    """``view`` rebuilt on the copy of the array whose memory it shows (None when that cannot be done)."""
    root = view.base
    # as_strided and sliding_window_view hold their array through an object of their own (its .base).
    while root is not None and not isinstance(root, np.ndarray):
        root = getattr(root, "base", None)
    while isinstance(root, np.ndarray) and isinstance(root.base, np.ndarray):
        root = root.base
    if not isinstance(root, np.ndarray) or not (root.flags.c_contiguous or root.flags.f_contiguous):
        return None
    copied = copy.deepcopy(root, memo)  # memo: once for all its views, and the names that hold it
    if not isinstance(copied, np.ndarray) or copied.strides != root.strides:
        return None
    offset = view.__array_interface__["data"][0] - root.__array_interface__["data"][0]
    return np.ndarray(view.shape, view.dtype, buffer=copied, offset=offset, strides=view.strides)


def _copy_laid_out(array: np.ndarray) -> np.ndarray | None:
    """A copy of a contiguous array with its very strides, so that its views can be rebuilt on it (numpy's
    copy of a Fortran-ordered column lays it out otherwise); None for another array."""
    if type(array) is not np.ndarray or array.dtype.hasobject or array.size == 0:
        return None
    for order in "CF":  # an array of its own (a.base is None, as the original's)
        copied = np.empty(array.shape, array.dtype, order=order)
        if copied.strides == array.strides:
            copied[...] = array
            return copied
    return None


@contextlib.contextmanager
def _views_kept() -> Iterator[None]:
    """Arrays deep-copied with :func:`_copy_array` wherever they are (in a list, in an object's attribute)
    while the runtime copies the state; the examples' own ``copy.deepcopy`` stays numpy's."""
    before = copy._deepcopy_dispatch.get(np.ndarray)  # type: ignore[attr-defined]
    copy._deepcopy_dispatch[np.ndarray] = _copy_array  # type: ignore[attr-defined]
    try:
        yield
    finally:
        if before is None:
            copy._deepcopy_dispatch.pop(np.ndarray, None)  # type: ignore[attr-defined]
        else:
            copy._deepcopy_dispatch[np.ndarray] = before  # type: ignore[attr-defined]


# What a class of the examples holds that says nothing of its state.
# (__slotnames__: copying or pickling the first instance writes it into the class.)
_CLASS_HOUSEKEEPING = frozenset(
    {"__dict__", "__weakref__", "__doc__", "__module__", "__qualname__", "__slotnames__", "_abc_impl"}
)


def _state(value: Any, memo: dict[int, int] | None = None) -> Any:
    """Equal for values equal in every way the following cells could observe (conservatively).

    Data by its pickled bytes. Code by what it holds, which pickle leaves out (it names a function or a
    class): a function's defaults, closure and attributes, a class's attributes, a generator's place and
    locals, so that ``def f(unit=_("iteration"))`` or ``class Plot: title = _("...")`` differ between
    locales, and a counter in a closure is seen to move. Artists (each locale draws its own) by identity.
    """
    if memo is None:
        try:
            return _state(value, {})
        # A linked list a thousand deep, an object whose attributes raise when read: compared as itself.
        except Exception:
            return ("object", id(value))
    if isinstance(value, types.ModuleType):
        return ("module", value.__name__)
    if isinstance(value, _CellStream):  # one for the kernel's life: what it wrote is the cells'
        return ("stream", value.name)
    if isinstance(value, Artist) or _artists(value):
        return ("object", id(value))
    if type(value) is np.ndarray and value.dtype != object and not memo:
        return _ArrayState(value)
    key = id(value)
    if key in memo:
        return ("seen", memo[key])
    memo[key] = len(memo)
    if isinstance(value, types.FunctionType):
        closure = tuple(_state(_cell_contents(cell), memo) for cell in value.__closure__ or ())
        return (
            "function",
            value.__qualname__,
            _code_key(value.__code__),
            _state(value.__defaults__, memo),
            _state(value.__kwdefaults__, memo),
            closure,
            _state(value.__dict__, memo) if value.__dict__ else None,
        )
    if isinstance(value, types.MethodType):
        return ("method", _state(value.__func__, memo), _state(value.__self__, memo))
    if isinstance(value, types.BuiltinMethodType) and not isinstance(value.__self__, types.ModuleType):
        return ("method", value.__name__, _state(value.__self__, memo))
    if isinstance(value, _CACHED):  # functools.cache: what it remembers, and what it wraps
        return ("cached", value.cache_info().currsize, _state(value.__wrapped__, memo))
    if isinstance(value, type):
        if not _authors(value.__module__):
            return ("class", value.__module__, value.__qualname__)
        attributes = [(k, _state(v, memo)) for k, v in vars(value).items() if k not in _CLASS_HOUSEKEEPING]
        return ("class", value.__qualname__, tuple(attributes))
    if isinstance(value, types.GeneratorType):
        frame = value.gi_frame
        where = None if frame is None else (frame.f_lasti, _state(dict(frame.f_locals), memo))
        return ("generator", _code_key(value.gi_code), where)
    buffer = io.BytesIO()
    try:
        _StatePickler(buffer, memo).dump(value)
        return hashlib.sha256(buffer.getvalue()).hexdigest()
    except Exception:
        pass
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(_state(item, memo) for item in value))
    if isinstance(value, set | frozenset):
        return ("set", tuple(sorted(repr(_state(item, memo)) for item in value)))
    if isinstance(value, dict | types.MappingProxyType):
        return ("dict", tuple((_state(k, memo), _state(v, memo)) for k, v in value.items()))
    try:  # what copy and pickle take of an object: its class, arguments and state (slots too)
        reduced = value.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
    except Exception:
        reduced = None
    if isinstance(reduced, tuple) and len(reduced) > 2:
        return ("instance", _state(type(value), memo), _state(reduced[1:3], memo))
    if isinstance(value, io.IOBase):  # an open file: where it reads or writes next
        try:
            return ("stream", value.closed, value.closed or not value.seekable() or value.tell())
        except OSError:  # read with next(): no position to tell, so it may have moved
            return ("stream", object())
    seen = _public_scalars(value)  # a csv reader's line_num
    if hasattr(value, "__dict__"):
        return ("instance", _state(type(value), memo), _state(vars(value), memo), seen)
    return ("object", id(value), seen)


def _public_scalars(value: Any) -> tuple[tuple[str, Any], ...]:
    """The public attributes of plain values an object shows (``line_num``), for one whose state is hidden."""
    found = []
    for name in dir(value):
        if name.startswith("_"):
            continue
        try:
            item = getattr(value, name)
        except Exception:
            continue
        if isinstance(item, bool | int | float | str):
            found.append((name, item))
    return tuple(found)


def _frozen(value: Any) -> Any:
    """``value``, or a copy of it if it is an array: an array's state is the array itself (see
    :class:`_ArrayState`), which a statement changing it in place changes too."""
    return value.copy() if type(value) is np.ndarray and value.dtype != object else value


class _ArrayState:
    """An array as :func:`_state` compares it: equal to an equal array. Hashing a large array's bytes after
    every locale's run of every cell cost more than the cells (a 160 MB array, 20 cells: 19 s, not 4)."""

    def __init__(self, array: np.ndarray) -> None:
        self.array = array

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _ArrayState):
            return False
        mine, theirs = self.array, other.array
        if mine is theirs:
            return True
        if mine.dtype != theirs.dtype or mine.shape != theirs.shape:
            return False
        if mine.dtype.kind in "fc":
            return _same_floats(mine, theirs)
        if mine.dtype.kind in "mM":  # NaT equals NaT (its bits are one integer)
            return bool(np.array_equal(mine.view(np.int64), theirs.view(np.int64)))
        return bool(np.array_equal(mine, theirs))

    def __hash__(self) -> int:
        return hash((self.array.shape, self.array.dtype.str))


def _same_floats(mine: np.ndarray, theirs: np.ndarray) -> bool:
    """Bit for bit, save NaNs written otherwise (a cost curve that diverged): ``-0.0`` is not ``0.0`` (it
    prints otherwise), which numpy's equality, NaN-aware or not, takes it for."""
    if mine.dtype.kind == "c":
        return _same_floats(mine.real, theirs.real) and _same_floats(mine.imag, theirs.imag)
    if mine.dtype.itemsize not in (2, 4, 8):  # long double: padding bytes hold anything
        equal = np.array_equal(mine, theirs, equal_nan=True)
        return bool(equal and np.array_equal(np.signbit(mine), np.signbit(theirs)))
    bits = np.dtype(f"u{mine.dtype.itemsize}")
    differ = mine.view(bits) != theirs.view(bits)
    return not differ.any() or bool(np.isnan(mine[differ]).all() and np.isnan(theirs[differ]).all())


class _StatePickler(pickle.Pickler):
    """Pickles the code inside data (a function in a dict) by what :func:`_state` sees of it, not by name."""

    def __init__(self, file: Any, memo: dict[int, int]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.states = memo

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, types.FunctionType | types.GeneratorType | Artist | _CACHED) or (
            isinstance(obj, type) and _authors(obj.__module__)
        ):
            return str, (repr(_state(obj, self.states)),)
        if isinstance(obj, _CellStream):
            return str, (obj.name,)
        return NotImplemented


def _cell_contents(cell: Any) -> Any:
    try:
        return cell.cell_contents
    except ValueError:  # a closure variable not bound yet
        return _UNBOUND


@functools.cache
def _code_key(code: types.CodeType) -> str:
    """A code object's content, the same for the same source compiled again (each locale compiles its own)."""
    consts = tuple(_code_key(c) if isinstance(c, types.CodeType) else repr(c) for c in code.co_consts)
    content = (code.co_code, code.co_names, code.co_varnames, code.co_freevars, consts, code.co_firstlineno)
    return hashlib.sha256(repr(content).encode("utf-8", "surrogatepass")).hexdigest()


def _code_names(value: Any, depth: int = 0) -> frozenset[str]:
    """The global (and attribute) names the code in ``value`` reads: a function's, a bound method's, a class's
    methods', an instance of the examples' classes' class's, and that of the code a list, a dict or a
    ``functools.partial`` holds (``formats["short"](1)``); nothing for other data."""
    if isinstance(value, list | tuple | set | frozenset | dict | functools.partial) and depth < 3:
        items: Any = value.values() if isinstance(value, dict) else value
        if isinstance(value, functools.partial):
            items = [value.func, *value.args, *value.keywords.values()]
        return frozenset(_held_code_names(itertools.islice(items, 1000), depth))
    if isinstance(value, types.MethodType):
        value = value.__func__
    value = getattr(value, "__wrapped__", value)  # functools.cache, functools.wraps
    if isinstance(value, types.FunctionType):
        return _names_in(value.__code__)
    names: set[str] = set()
    if not isinstance(value, type):
        if depth < 3:
            # The function a library object calls (np.vectorize's pyfunc, a FuncFormatter's func), and what
            # an author's object holds (self.callbacks).
            held = [getattr(value, attribute, None) for attribute in ("func", "pyfunc")]
            if _authors(type(value).__module__):
                held += list(getattr(value, "__dict__", {}).values())
            names |= _held_code_names(held, depth)
        value = type(value)
    if not _authors(value.__module__):
        return frozenset(names)
    for item in vars(value).values():
        item = getattr(item, "__func__", item)  # staticmethod, classmethod
        if isinstance(item, property):
            item = item.fget
        if isinstance(item, types.FunctionType):
            names |= _names_in(item.__code__)
    return frozenset(names)


def _held_code_names(items: Iterable[Any], depth: int) -> set[str]:
    """The names the code among ``items`` (held one level below ``depth``) reads; plain data holds none."""
    names: set[str] = set()
    for item in items:
        if item is not None and not isinstance(item, str | bytes | int | float | np.ndarray):
            names |= _code_names(item, depth + 1)
    return names


@functools.cache
def _names_in(code: types.CodeType) -> frozenset[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names_in(const)
    return frozenset(names)


def _shared_objects(values: Any) -> list[Any]:
    """What a snapshot copy shares with the original, reachable from ``values``: functions with defaults, a
    closure or attributes, the examples' classes, generators (what cannot be copied, :func:`_copy` lists)."""
    found: list[Any] = []
    seen: set[int] = set()
    todo = list(values)
    while todo:
        value = todo.pop()
        if id(value) in seen or isinstance(value, types.ModuleType | Artist | np.ndarray | str | bytes):
            continue
        seen.add(id(value))
        if isinstance(value, types.FunctionType):
            if getattr(value, "_coursegen_runtime", False):
                continue
            if value.__defaults__ or value.__kwdefaults__ or value.__closure__ or value.__dict__:
                found.append(value)
        elif isinstance(value, type):
            if _authors(value.__module__):
                found.append(value)
        elif isinstance(value, types.GeneratorType | _CACHED):
            found.append(value)
        elif isinstance(value, dict):
            todo.extend(value.values())
        elif isinstance(value, list | tuple | set | frozenset):
            todo.extend(value)
        elif _authors(type(value).__module__):  # the author's objects; a library's keep their own state
            todo.extend(getattr(value, "__dict__", {}).values())
            todo.append(type(value))
    return found


def _describe(value: Any) -> str:
    """How an object the locales share is named in the notice that they now run apart."""
    if isinstance(value, _CACHED):
        return f"the cache of {value.__wrapped__.__qualname__}()"
    if isinstance(value, types.GeneratorType):
        return f"the generator {value.__qualname__}()"
    if isinstance(value, types.FunctionType):
        return f"the function {value.__qualname__}() (its defaults or closure)"
    if isinstance(value, type):
        return f"the class {value.__qualname__}"
    return f"an object of type {type(value).__qualname__} that cannot be copied"
