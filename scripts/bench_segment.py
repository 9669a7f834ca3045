"""Time reading and segmenting a ~1 MB transcript built by repeating the seed transcripts.

Usage: python scripts/bench_segment.py [SIZE_IN_BYTES]. Prints one line per language and the total;
the budget is one second per megabyte for read + normalize + segment.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from coursegen.transcripts import read_transcript

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("fr", "tr", "uk", "ko", "zh_Hant")


def bench(lang: str, size: int, folder: Path) -> tuple[int, int, float]:
    seed = (ROOT / "locales" / lang / "transcripts" / "random-initialization.txt").read_bytes()
    data = (seed.rstrip() + b"\n\n") * (size // len(seed) + 1)
    path = folder / f"{lang}.txt"
    path.write_bytes(data[:size].rsplit(b"\n", 1)[0])
    started = time.perf_counter()
    transcript = read_transcript(path, lang)
    return path.stat().st_size, len(transcript.sentences), time.perf_counter() - started


def main() -> int:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for lang in LANGS:
            nbytes, count, seconds = bench(lang, size, Path(folder))
            worst = max(worst, seconds)
            sys.stdout.write(f"{lang:8s} {nbytes / 1e6:5.2f} MB {count:6d} sentences {seconds:6.3f} s\n")
    sys.stdout.write(
        f"slowest: {worst:.3f} s per {size / 1e6:.1f} MB ({'ok' if worst < 1 else 'TOO SLOW'})\n"
    )
    return 0 if worst < 1 else 1


if __name__ == "__main__":
    sys.exit(main())
