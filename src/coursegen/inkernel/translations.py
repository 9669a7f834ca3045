"""The names each locale's run binds for the examples' text: ``_`` (a translation, or the English marked as
such), ``ngettext`` (the plural form the locale's rule picks) and ``fmt`` (a number with the locale's
decimal sign). While shared code runs, they are tripwires: a statement that calls one runs per locale."""

from __future__ import annotations

import contextlib
import gettext
import operator
import re
from typing import Any


class LocaleDependent(BaseException):
    """Raised by ``_``/``fmt`` while shared code runs (a BaseException so that user ``except`` misses it)."""


class English(str):
    """A message shown in English because the locale does not translate it yet; formatting keeps the mark.
    A figure labelled with one has its alt text marked English on the page (``lang="en"``), or a screen
    reader reads it with the voice of the page's language. The kernel's own twin of
    :class:`coursegen.catalogs.English`: the kernel imports nothing from coursegen outside
    :mod:`coursegen.inkernel`."""

    __slots__ = ()

    def format(self, /, *args: Any, **kwargs: Any) -> English:
        return English(str.format(self, *args, **kwargs))

    # Immutable as any str: copies of the examples' state keep the mark; its fingerprint is its text's.
    def __copy__(self) -> English:
        return self

    def __deepcopy__(self, _memo: Any) -> English:
        return self

    def __reduce__(self) -> Any:
        return (str, (str(self),))


def translator(
    messages: dict[str, str], english: Any = (), said: list[int] | None = None, texts: list[str] | None = None
) -> Any:
    """``_`` for one locale: ``english`` are the messages it shows in English (no translation yet); ``said``,
    if given, counts what it returned: ``[english, translated]``; ``texts`` gets the translations returned."""
    fallbacks = frozenset(english)

    def _(message: str) -> str:
        """The translation of ``message``; it holds the math of ``message`` and no other (the catalogs refuse
        a translation that would bring math to a plot: see ``catalogs.math_spans``)."""
        text = messages.get(message, message)
        shown_english = message in fallbacks or message not in messages
        if said is not None:
            said[0 if shown_english else 1] += 1
        if texts is not None and not shown_english:
            texts.append(text)
        return English(text) if shown_english else text

    return _


def plural_translator(
    forms: dict[str, list[str]],
    rule: str = "(n != 1)",
    english: Any = (),
    said: list[int] | None = None,
    texts: list[str] | None = None,
) -> Any:
    """``ngettext`` for one locale: ``forms`` are each message's plural forms by singular, ``rule`` the
    catalog's Plural-Forms expression that picks one; ``english``, ``said`` and ``texts`` as for
    :func:`translator`."""
    fallbacks = frozenset(english)
    choose = gettext.c2py(rule)

    def ngettext(singular: str, plural: str, n: int) -> str:
        """The form of ``singular``'s translation that the page's language uses for ``n`` (Ukrainian has
        three: 1 крок, 2 кроки, 5 кроків)."""
        found = forms.get(singular)
        with contextlib.suppress(TypeError):
            n = operator.index(n)  # a NumPy count: the rule warns of any other type than int
        index = choose(n) if found and singular not in fallbacks else -1
        shown_english = not 0 <= index < len(found or ())
        if said is not None:
            said[0 if shown_english else 1] += 1
        if shown_english:
            return English(singular if n == 1 else plural)
        text = found[index]  # type: ignore[index]
        if texts is not None:
            texts.append(text)
        return text

    return ngettext


_FIELD = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[-#0+ ]*\d*(?:\.\d+)?[a-zA-Z%]")


def _printed_in(translation: str, printed: str) -> bool:
    """Whether the cell printed ``translation``: its longest piece between format fields is in ``printed``
    (a translated legend is no reason to read the English the cell printed with the page's voice).

    >>> _printed_in("المقياس {scale}", "scale  cost\\n0.01  0.69"), _printed_in("coût {n}", "coût 3")
    (False, True)
    """
    pieces = [piece.strip() for piece in _FIELD.split(translation)]
    longest = max(pieces, key=len, default="")
    return bool(longest) and longest in printed


def number_formatter(decimal: str) -> Any:
    group = "\u202f" if decimal == "," else ","
    table = str.maketrans({".": decimal, ",": group})

    def fmt(value: float, spec: str = "g") -> str:
        """``value`` formatted with ``spec``, written with the page's decimal separator."""
        return format(value, spec).translate(table)

    return fmt


# The names each locale binds to its own functions: what reads them runs once per locale.
_LOCALIZED = ("_", "ngettext", "fmt")


def _tripwire(*_args: Any, **_kwargs: Any) -> str:
    raise LocaleDependent
