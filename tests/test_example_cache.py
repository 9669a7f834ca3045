import os
import time
from pathlib import Path

import pytest

from coursegen import example_cache as cache
from coursegen.errors import ExampleError


def test_keys_split_computation_from_translations():
    base = cache.computation_key(b"x = 1", ["engine"])
    assert base != cache.computation_key(b"x = 2", ["engine"])
    assert base != cache.computation_key(b"x = 1", ["engine v2"])
    fr = {"code": "fr", "messages": {"a": "b"}, "decimal": ",", "fonts": ["DejaVu Sans"]}
    assert cache.locale_key(base, fr) == cache.locale_key(base, dict(fr))
    assert cache.locale_key(base, fr) != cache.locale_key(base, {**fr, "messages": {"a": "c"}})
    assert cache.locale_key(base, fr) != cache.locale_key(base, {**fr, "decimal": "."})


def test_an_upgrade_of_any_installed_package_runs_the_examples_again(monkeypatch):
    """Only numpy's and matplotlib's versions were in the key: examples importing scipy kept the output of
    the scipy they first ran with."""
    base = cache.computation_key(b"import scipy", ["engine"])
    installed = cache.installed_distributions()
    assert any(name.startswith("numpy-") for name in installed)
    upgraded = [name for name in installed if not name.startswith("scipy-")] + ["scipy-99.0.dist-info"]
    monkeypatch.setattr(cache, "installed_distributions", lambda: sorted(upgraded))
    assert base != cache.computation_key(b"import scipy", ["engine"])


def test_publish_then_read(tmp_path):
    staged = cache.new_tmp_dir(tmp_path, "lesson")
    entry = cache.entry_dir(tmp_path, "lesson", "fr", "ab" * 32)
    cache.publish(staged, {"cells": []}, entry)
    assert cache.read_entry(entry) == {"cells": []}
    assert not staged.exists()


def test_interrupted_publish_leaves_no_entry(tmp_path, monkeypatch):
    staged = cache.new_tmp_dir(tmp_path, "lesson")
    entry = cache.entry_dir(tmp_path, "lesson", "fr", "cd" * 32)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cache.publish(staged, {"cells": []}, entry)
    assert cache.read_entry(entry) is None
    assert not entry.exists()


def test_eviction_keeps_recent_and_used_entries(tmp_path):
    entries = []
    for number in range(6):
        entry = cache.entry_dir(tmp_path, "lesson", "fr", str(number) * 64)
        entry.mkdir(parents=True)
        os.utime(entry, (1000 + number, 1000 + number))
        entries.append(entry)
    other = cache.entry_dir(tmp_path, "lesson", "de", "f" * 64)
    other.mkdir()
    stale = tmp_path / "lesson" / f"{cache.TMP_PREFIX}old"
    stale.mkdir()
    os.utime(stale, (time.time() - 2 * cache.STALE_TMP_SECONDS,) * 2)
    removed = cache.evict(tmp_path, "lesson", [entries[0]])
    left = {p.name for p in (tmp_path / "lesson").iterdir()}
    assert left == {e.name for e in [entries[0], *entries[-cache.KEEP_PER_LOCALE :], other]}
    assert stale in removed


def test_locale_codes_must_be_safe_folder_names():
    assert cache.valid_code("zh_Hant") and cache.valid_code("pt-BR")
    assert not cache.valid_code("../x") and not cache.valid_code("")


def _entry_with_a_figure(tmp_path):
    staged = cache.new_tmp_dir(tmp_path, "lesson")
    (staged / "a-1-1.svg").write_text("<svg/>")
    entry = cache.entry_dir(tmp_path, "lesson", "fr", "ef" * 32)
    cache.publish(staged, {"cells": [{"index": 0, "stdout": "", "figures": [{"file": "a-1-1.svg"}]}]}, entry)
    return entry


def test_an_entry_missing_a_figure_is_a_miss(tmp_path):
    """A figure deleted from the cache: read as a hit, the build failed copying it, on every build after."""
    entry = _entry_with_a_figure(tmp_path)
    assert cache.read_entry(entry) is not None
    (entry / "a-1-1.svg").unlink()
    assert cache.read_entry(entry) is None


def test_an_entry_without_its_result_is_replaced_by_a_fresh_one(tmp_path):
    """The folder of an entry whose result.json is gone: publishing onto it failed ("Directory not empty"),
    on every build after."""
    entry = _entry_with_a_figure(tmp_path)
    (entry / cache.RESULT_FILE).unlink()
    staged = cache.new_tmp_dir(tmp_path, "lesson")
    (staged / "a-1-1.svg").write_text("<svg/>")
    cache.publish(staged, {"cells": [{"index": 0, "stdout": "x", "figures": [{"file": "a-1-1.svg"}]}]}, entry)
    assert cache.read_entry(entry)["cells"][0]["stdout"] == "x"


def test_a_read_only_cache_is_read(tmp_path, monkeypatch):
    """A warm cache mounted read-only: marking an entry used failed with a traceback."""
    entry = _entry_with_a_figure(tmp_path)

    def read_only(*args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(os, "utime", read_only)
    assert cache.read_entry(entry) is not None


def test_an_unwritable_cache_is_a_one_line_error(tmp_path, monkeypatch):
    def read_only(*args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(cache.Path, "mkdir", read_only)
    with pytest.raises(ExampleError, match="cannot write the examples' cache: Read-only file system"):
        cache.new_tmp_dir(tmp_path, "lesson")


def test_entries_of_lessons_and_locales_the_course_no_longer_has_are_forgotten(tmp_path):
    """A renamed lesson's or a removed locale's entries stayed for good (the cache grew 3.7 -> 14 MB); those
    another configuration sharing the cache used lately stay."""
    key = "0" * 32
    entries = [
        f"old-lesson/fr-{key}",
        f"kept/fr-{key}",
        f"kept/uk-{key}",
        f"kept/zh-Hant-{key}",
        f"kept/de-{key}",
    ]
    long_ago = time.time() - cache.FORGET_AFTER_SECONDS - 60
    for entry in entries:
        (tmp_path / entry).mkdir(parents=True)
        if not entry.endswith(f"de-{key}"):  # de: read by another configuration's build yesterday
            os.utime(tmp_path / entry, (long_ago, long_ago))
    (tmp_path / "not-ours").mkdir()
    (tmp_path / "not-ours" / "notes.txt").write_text("mine")
    (tmp_path / "empty").mkdir()
    (tmp_path / ".build").mkdir()
    removed = cache.forget(tmp_path, {"kept"}, {"fr", "zh-Hant"})
    assert sorted(p.relative_to(tmp_path).as_posix() for p in removed) == [
        f"kept/uk-{key}",
        f"old-lesson/fr-{key}",
    ]
    assert sorted(p.name for p in (tmp_path / "kept").iterdir()) == [
        f"de-{key}",
        f"fr-{key}",
        f"zh-Hant-{key}",
    ]
    assert not (tmp_path / "old-lesson").exists() and (tmp_path / "empty").is_dir()
    assert (tmp_path / "not-ours" / "notes.txt").read_text() == "mine" and (tmp_path / ".build").is_dir()


def test_a_complete_build_s_unused_slots_are_swept_once_no_build_used_them_for_long(tmp_path):
    from coursegen.buildcache import BuildCache

    first = BuildCache.under(tmp_path)
    first.store("lesson-fr-a", "k", 1)
    first.store("lesson-fr-renamed", "k", 2)
    first.store("lesson-de-a", "k", 3)  # another configuration's, sharing the folder
    long_ago = time.time() - 3600
    for name in ("lesson-fr-a", "lesson-fr-renamed"):
        os.utime(tmp_path / ".build" / f"{name}.json", (long_ago, long_ago))
    second = BuildCache.under(tmp_path)  # the next build: it reads one slot and writes another
    assert second.load("lesson-fr-a", "k") == 1
    second.store("notebook-fr-a", "k", 3)
    removed = second.sweep(older_than=60)
    assert [p.name for p in removed] == ["lesson-fr-renamed.json"]
    left = sorted(p.name for p in (tmp_path / ".build").iterdir())
    assert left == ["lesson-de-a.json", "lesson-fr-a.json", "notebook-fr-a.json"]


def _published(tmp_path: Path) -> Path:
    staged = tmp_path / "lesson" / ".tmp-x"
    staged.mkdir(parents=True)
    (staged / "plot-1-1.svg").write_text("<svg>" + "x" * 500 + "</svg>\n", encoding="utf-8")
    entry = tmp_path / "lesson" / f"fr-{'0' * 32}"
    result = {"cells": [{"figures": [{"file": "plot-1-1.svg", "alt": "a plot"}]}]}
    cache.publish(staged, result, entry)
    return entry


@pytest.mark.parametrize("size", [0, 100])
def test_a_figure_cut_short_is_a_miss(tmp_path: Path, size: int) -> None:
    """A figure of the cache cut short (a crash of the machine, a disk problem) was published as it was, on
    every build after: an entry holds each figure's size and one that differs is computed again."""
    entry = _published(tmp_path)
    result = cache.read_entry(entry)
    assert result == {"cells": [{"figures": [{"file": "plot-1-1.svg", "alt": "a plot"}]}]}
    os.truncate(entry / "plot-1-1.svg", size)
    assert cache.read_entry(entry) is None


def test_an_entry_another_build_just_used_is_not_evicted(tmp_path: Path) -> None:
    """Four configurations built at once on one cache: one evicted the entry another had just found and not
    yet copied, whose copy then failed with a traceback."""
    folder = tmp_path / "lesson"
    entries = [folder / f"fr-{str(n) * 32}" for n in range(6)]
    for number, entry in enumerate(entries):
        entry.mkdir(parents=True)
        (entry / cache.RESULT_FILE).write_text("{}", encoding="utf-8")
        old = time.time() - 2 * cache.IN_USE_SECONDS - number
        os.utime(entry, (old, old))
    used = time.time() - 10
    os.utime(entries[-1], (used, used))  # the oldest, just read by another build
    removed = cache.evict(tmp_path, "lesson", [])
    assert entries[-1] not in removed and entries[-1].is_dir()
    assert sorted(removed) == sorted(entries[cache.KEEP_PER_LOCALE - 1 : -1])


def test_a_temporary_folder_whose_run_is_still_writing_is_not_swept(tmp_path: Path) -> None:
    """A run of examples going on for over an hour rewrites its record inside its folder, whose own time
    stays that of its start: another build swept it as left by an interrupted one."""
    staged = cache.new_tmp_dir(tmp_path, "lesson")
    long_ago = time.time() - 2 * cache.STALE_TMP_SECONDS
    (staged / "running.json").write_text("{}", encoding="utf-8")
    os.utime(staged, (long_ago, long_ago))
    assert cache.evict(tmp_path, "lesson", []) == [] and staged.is_dir()
    os.utime(staged / "running.json", (long_ago, long_ago))
    assert cache.evict(tmp_path, "lesson", []) == [staged]


def test_what_another_build_moves_meanwhile_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two builds sharing a cache: one published (renamed) or removed a folder between the other's listing
    and its look at the folder's time, and the build ended in a traceback."""
    lesson = tmp_path / "lesson"
    lesson.mkdir()
    gone = [lesson / f"{cache.TMP_PREFIX}published-meanwhile", lesson / f"fr-{'0' * 64}"]
    listed = Path.iterdir

    def listing(folder: Path):  # type: ignore[no-untyped-def]
        yield from listed(folder)
        if folder == lesson:
            yield from gone

    monkeypatch.setattr(Path, "iterdir", listing)
    assert cache.evict(tmp_path, "lesson", []) == []
    assert cache.forget(tmp_path, [], []) == []
