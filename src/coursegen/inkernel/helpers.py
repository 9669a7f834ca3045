"""The modules the examples import from their own folder (helpers): their globals belong to the examples'
state, copied and compared with it, and a locale's run that changed them would have left them to the
next locale."""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Iterable
from typing import Any

from .origins import _EXAMPLES_MODULES
from .state import _state

# The globals of the examples' own modules (those beside them), by module name.
Modules = dict[str, tuple[types.ModuleType, dict[str, Any]]]


def _own_modules(folder: str | None) -> dict[str, types.ModuleType]:
    """The modules the examples imported from their folder (a helper beside them): a locale's run changed
    their globals (a registry appended to), and the next locale's run started from that."""
    if folder is None:
        return {}
    inside = os.path.join(folder, "")
    found = {}
    for name, module in list(sys.modules.items()):
        if id(module) in _elsewhere:
            continue
        if name not in _EXAMPLES_MODULES and str(getattr(module, "__file__", None) or "").startswith(inside):
            found[name] = module
        else:
            _elsewhere[id(module)] = module  # kept: its id stays its own
    return found


# The modules known not to be beside the examples (the libraries', thousands), by id: looked at once.
_elsewhere: dict[int, types.ModuleType] = {}


def _drop_own_modules(folder: str | None, keep: Iterable[str] = ()) -> dict[str, types.ModuleType]:
    """Take the modules beside the examples out of ``sys.modules`` (but ``keep``), so that the next import
    of one makes it afresh; those taken."""
    kept = set(keep)
    dropped = {name: module for name, module in _own_modules(folder).items() if name not in kept}
    for name in dropped:
        del sys.modules[name]
    return dropped


def _helpers_state(folder: str | None) -> dict[str, Any]:
    """``module:name`` -> the state of each global of the helper modules beside the examples."""
    return {
        f"{name}:{key}": _state(value)
        for name, module in _own_modules(folder).items()
        for key, value in _module_globals(module).items()
        if not getattr(value, "_coursegen_runtime", False)  # display, show: the runtime's own
    }


def _module_globals(module: types.ModuleType) -> dict[str, Any]:
    """The globals of ``module`` that its code sets, not those Python gives every module (``__builtins__``
    holds the kernel itself: copied, a helper beside the examples made every locale run the whole lesson on
    its own)."""
    return {name: value for name, value in vars(module).items() if not name.startswith("__")}
