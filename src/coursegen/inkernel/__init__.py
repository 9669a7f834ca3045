"""Kernel side of example execution: runs each example cell once for all locales where it can, per locale
where it must.

These modules are sent as text into the kernel (see :mod:`coursegen.execution`), in the order of
:data:`MODULES`, each after those it imports; so they import nothing from coursegen outside this package,
and their text is part of the cache key. The host never imports them for running (pyplot alone takes half a
second), only this file, for that order.

A cell is cut into a *shared prefix* and a *localized suffix*. The prefix is the leading statements that
neither call ``_``/``fmt`` nor read a name whose value differed between locales in an earlier cell, nor name
code (a function, a class) that does, itself or through the code it names; it runs once. The suffix runs
once per locale, each time from the same copy of the state, with that locale's ``_``, ``fmt`` and fonts
bound, so a cell that accumulates (``rows.append``, ``steps += 1``) gives every locale the same result.
Run-time checks keep the prefix honest: while it runs, ``_`` and ``fmt`` are tripwires, it must not open
figures, and it must not change a value each locale has its own of; if any happens, the state is restored
and the whole cell runs per locale. After a suffix, every name is compared across locales (code by what it
holds: defaults, closure, class attributes); those that differ are *tainted* and make the statements that
read them localized in later cells.

What a copy of the state cannot hold apart (a generator, a counter in a closure or a class, what cannot be
copied) must come out of a locale's run as it went in. When it does not, the next locale would start from
it: from that cell on, each locale runs the examples in a runtime of its own, from the first cell, as its
notebook does (slower; the build says where).

A locale's results do not depend on which other locales share its kernel: the build may split the locales
over several kernels. Whatever a locale sees (state, random generators, warnings) is its own or shared code's.
So the global random generators (``np.random``, ``random``) start seeded in every kernel: unseeded, two
kernels drew different numbers for their locales, and every build others.
"""

#: The package's modules, each after those it imports: the order in which the kernel runs their text.
MODULES = (
    "origins",
    "translations",
    "display",
    "streams",
    "state",
    "settings",
    "helpers",
    "figures",
    "runtime",
)
