"""The build cache: what a rebuild reuses is what a fresh computation gives, and an edit is never hidden."""

from __future__ import annotations

import filecmp
import json
import logging
import os
import shutil
import string
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from support import LESSON, REPO, BuiltSite, build_site, copy_project

from coursegen import buildcache, fonts, similarity
from coursegen.assemble import Assembly, _warn_of_heavy_outputs, align_lesson, lesson_sections, start_assembly
from coursegen.buildcache import BuildCache, engine_fingerprint, input_key
from coursegen.catalogs import Translator, is_english
from coursegen.driver import LocaleStrings
from coursegen.errors import AlignmentError, TranscriptError
from coursegen.exampleinputs import cached_examples, cached_fonts
from coursegen.examples import load_examples, parse_examples
from coursegen.execution import BlockResult, CellResult, ExampleResults, cache_entries
from coursegen.fonts import choose_fonts
from coursegen.lessons import find_lesson
from coursegen.similarity import Similarity
from coursegen.site import load_course

NEW_WORDS = "Nous allons voir pourquoi, zyxwvut."


def french_transcript(locales: Path) -> Path:
    return locales / "fr" / "transcripts" / f"{LESSON}.txt"


def add_words(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "Nous allons voir pourquoi." in text
    path.write_text(text.replace("Nous allons voir pourquoi.", NEW_WORDS, 1), encoding="utf-8")


@pytest.fixture
def course(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the repository's locales and lessons, free to edit."""
    shutil.copytree(REPO / "locales", tmp_path / "locales")
    shutil.copytree(REPO / "docs" / "lessons", tmp_path / "lessons")
    return tmp_path / "locales", tmp_path / "lessons"


def test_slot_returns_what_was_stored_for_the_same_key_only(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    cache.store("a/b", "k1", {"x": ["ü", 1]})
    assert cache.load("a/b", "k1") == {"x": ["ü", 1]}
    assert cache.load("a/b", "k2") is None
    cache.store("a/b", "k2", [2])
    assert cache.load("a/b", "k1") is None, "a slot keeps only its latest inputs"
    assert [p.name for p in tmp_path.iterdir()] == ["a_b.json"], "no stray temporary files"


def test_unreadable_slot_is_a_miss(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    cache.store("s", "k", 1)
    (tmp_path / "s.json").write_text('{"key": "k", "value"', encoding="utf-8")
    assert cache.load("s", "k") is None
    assert cache.get_or_compute("s", "k", lambda: 5, lambda v: v * 2) == 10
    assert cache.load("s", "k") == 10


def test_keys_separate_their_parts() -> None:
    assert input_key("ab", "c") != input_key("a", "bc")
    assert input_key(b"x") == input_key("x")


def test_warnings_of_a_computation_are_logged_again_when_it_is_reused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = BuildCache(tmp_path)

    def compute() -> int:
        logging.getLogger("coursegen.align").warning("weak anchor in %s", "fr")
        return 3

    with caplog.at_level(logging.WARNING, logger="coursegen"):
        assert cache.get_or_compute("w", "k", compute, int) == 3
        first = [(r.name, r.getMessage()) for r in caplog.records]
        caplog.clear()
        assert cache.get_or_compute("w", "k", lambda: pytest.fail("recomputed"), int) == 3
        again = [(r.name, r.getMessage()) for r in caplog.records]
    assert first == again == [("coursegen.align", "weak anchor in fr")]


def test_rendered_page_is_reused_only_while_its_translations_hold(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    calls: list[str] = []

    def render(gettext: Callable[[str], str]) -> str:
        calls.append("render")
        return f"<h1>{gettext('Output')}</h1>"

    french = {"Output": "Sortie"}.get
    assert cache.get_or_render("p", "k", render, lambda m: french(m) or m) == "<h1>Sortie</h1>"
    assert cache.get_or_render("p", "k", render, lambda m: french(m) or m) == "<h1>Sortie</h1>"
    assert calls == ["render"]
    assert cache.get_or_render("p", "k", render, lambda m: "Résultat") == "<h1>Résultat</h1>"
    assert calls == ["render", "render"]


def test_a_page_marking_english_is_rendered_again_once_translated_with_the_same_words(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)

    def render(gettext: Callable[[str], str]) -> str:
        return f"<p{' lang=en' if is_english(gettext('Output')) else ''}>{gettext('Output')}</p>"

    assert cache.get_or_render("p", "k", render, Translator("sw").gettext) == "<p lang=en>Output</p>"
    assert (
        cache.get_or_render("p", "k", render, Translator("sw", {"Output": "Output"}).gettext)
        == "<p>Output</p>"
    )


def test_reused_page_asks_its_translations_again(tmp_path: Path) -> None:
    """A missing translation is still reported when the page comes from the cache."""
    cache = BuildCache(tmp_path)
    asked: list[str] = []

    def gettext(message: str) -> str:
        asked.append(message)
        return message

    cache.get_or_render("p", "k", lambda g: g("Output") + g("Show the code"), gettext)
    asked.clear()
    assert (
        cache.get_or_render("p", "k", lambda g: pytest.fail("rendered again"), gettext)
        == "OutputShow the code"
    )
    assert asked == ["Output", "Show the code"]


def test_cached_sections_equal_a_fresh_alignment(course: tuple[Path, Path], tmp_path: Path) -> None:
    locales, lessons = course
    lesson = find_lesson(lessons, LESSON)
    fresh = lesson_sections(lesson, locales, BuildCache(None))
    cache = BuildCache(tmp_path / "cache")
    first = lesson_sections(lesson, locales, cache)
    assert (tmp_path / "cache" / f"sections-{LESSON}.json").is_file()
    reused = lesson_sections(lesson, locales, cache)
    assert fresh == first == reused
    assert set(fresh) >= {"fr", "uk", "ko"}


def test_edited_transcript_is_aligned_again(course: tuple[Path, Path], tmp_path: Path) -> None:
    locales, lessons = course
    lesson = find_lesson(lessons, LESSON)
    cache = BuildCache(tmp_path / "cache")
    before = lesson_sections(lesson, locales, cache)
    add_words(french_transcript(locales))
    after = lesson_sections(lesson, locales, cache)
    assert "zyxwvut" not in json.dumps(before, ensure_ascii=False)
    assert "zyxwvut" in "".join(piece for pieces in after["fr"].values() for piece in pieces)
    assert after == lesson_sections(lesson, locales, BuildCache(None))


def test_a_transcript_saved_while_it_is_aligned_is_not_stored_under_the_text_before(
    course: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The aligner reads the transcripts again after their bytes made the key: one saved in between was
    stored under the key of the text before it, and shown, once the file was changed back, build after
    build."""
    from coursegen import assemble

    locales, lessons = course
    lesson = find_lesson(lessons, LESSON)
    cache = BuildCache(tmp_path / "cache")
    path = french_transcript(locales)
    before = path.read_bytes()
    real = assemble.align_lesson
    saved: list[bool] = []

    def saving_meanwhile(*args, **kwargs):  # type: ignore[no-untyped-def]
        if not saved:
            add_words(path)  # the translator saves as the build aligns
            saved.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(assemble, "align_lesson", saving_meanwhile)
    during = lesson_sections(lesson, locales, cache)
    assert "zyxwvut" in "".join(piece for pieces in during["fr"].values() for piece in pieces)
    path.write_bytes(before)  # undone
    after = lesson_sections(lesson, locales, cache)
    assert "zyxwvut" not in json.dumps(after, ensure_ascii=False)


def test_a_recorded_encoding_that_misreads_the_transcript_is_warned_of(
    course: tuple[Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    """The .yml recorded cp1250 for a cp1252 transcript: the page showed "les poids ŕ zéro", and the build
    said nothing. Said now, with the error its section marks make, which it explains."""
    locales, lessons = course
    transcript = french_transcript(locales)
    transcript.write_bytes(transcript.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    meta = transcript.with_suffix(".yml")
    meta.write_text(meta.read_text(encoding="utf-8").replace("encoding: utf-8", "encoding: cp1250"))
    with caplog.at_level(logging.WARNING, logger="coursegen"), pytest.raises(AlignmentError) as caught:
        align_lesson(find_lesson(lessons, LESSON), locales)
    # Its section marks quote the words as they are, not as misread: "Le problème avec" is not found.
    assert "quote not found in the transcript: 'Le problème" in str(caught.value)
    warned = [r.getMessage() for r in caplog.records if "the encoding given for it" in r.getMessage()]
    assert len(warned) == 1 and warned[0].startswith(f"{transcript}: read as cp1250, ")
    assert "cp1252 reads it as French" in warned[0]


def test_edited_marks_are_aligned_again(course: tuple[Path, Path], tmp_path: Path) -> None:
    """The section marks are an input too: removing them changes the key."""
    locales, lessons = course
    lesson = find_lesson(lessons, LESSON)
    cache = BuildCache(tmp_path / "cache")
    lesson_sections(lesson, locales, cache)
    (locales / "fr" / "transcripts" / f"{LESSON}.sections.yml").unlink()
    assert lesson_sections(lesson, locales, cache) == lesson_sections(lesson, locales, BuildCache(None))


def _french_text(sections: dict[str, dict[str, tuple[str, ...]]]) -> str:
    return "".join(piece for pieces in sections["fr"].values() for piece in pieces)


def test_a_corrected_encoding_of_a_transcript_is_read_again(
    course: tuple[Path, Path], tmp_path: Path
) -> None:
    """A translator mends a misread transcript by correcting `encoding:` in its .yml, its bytes unchanged: the
    rebuilt page showed the old mojibake from the cache ("le c½ur de l'½uvre")."""
    locales, lessons = course
    lesson = find_lesson(lessons, LESSON)
    transcript = french_transcript(locales)
    # In ISO-8859-15, which has œ where Latin-1 has ½; it has no curly apostrophe (nor, then, the marks).
    text = transcript.read_text(encoding="utf-8").replace("’", "'") + "C'est le cœur de l'œuvre.\n"
    transcript.write_bytes(text.encode("iso8859-15"))
    marks = transcript.with_name(f"{LESSON}.sections.yml")
    marks.write_text(marks.read_text(encoding="utf-8").replace("’", "'"), encoding="utf-8")
    meta = transcript.with_suffix(".yml")
    recorded = meta.read_text(encoding="utf-8")
    assert "\nencoding: utf-8\n" in recorded
    cache = BuildCache(tmp_path / "cache")
    meta.write_text(recorded.replace("encoding: utf-8", "encoding: latin-1"), encoding="utf-8")
    assert "le c½ur de l'½uvre" in _french_text(lesson_sections(lesson, locales, cache))
    meta.write_text(recorded.replace("encoding: utf-8", "encoding: iso8859-15"), encoding="utf-8")
    assert "le cœur de l'œuvre" in _french_text(lesson_sections(lesson, locales, cache))


def test_turning_embeddings_on_aligns_again_with_the_model(
    course: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Turning `embeddings: true` on served the alignment cached without them: the model was not asked until a
    transcript changed. (A stand-in model, as in test_similarity: the bundled one takes forty seconds.)"""
    locales, lessons = course
    lesson = find_lesson(lessons, LESSON)
    (locales / "fr" / "transcripts" / f"{LESSON}.sections.yml").unlink()  # cut by the aligner, with the model
    cache = BuildCache(tmp_path / "cache")
    lesson_sections(lesson, locales, cache)
    embedded: list[str] = []

    def letters(texts: list[str]) -> np.ndarray:
        embedded.extend(texts)
        return np.array([[text.count(c) for c in string.ascii_lowercase] for text in texts], dtype=float)

    monkeypatch.setattr(similarity, "load_similarity", lambda: Similarity(letters))
    with_model = lesson_sections(lesson, locales, cache, embeddings=True)
    assert embedded, "aligned without the model"
    assert with_model == lesson_sections(lesson, locales, BuildCache(None), embeddings=True)


def test_a_result_of_the_engine_before_its_code_was_edited_is_computed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Installed editable (make install), coursegen keeps its version across a `git pull` that fixes a bug:
    the cache kept serving the old code's alignments and pages, as only its modules' names were hashed."""
    package = tmp_path / "coursegen"
    shutil.copytree(buildcache._PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(buildcache, "_PACKAGE_DIR", package)
    cache = BuildCache(tmp_path / "cache")
    try:
        engine_fingerprint.cache_clear()
        assert cache.get_or_compute("s", input_key("same input"), lambda: "old code", str) == "old code"
        engine_fingerprint.cache_clear()  # a new process, the code unchanged: reused
        assert cache.get_or_compute("s", input_key("same input"), pytest.fail, str) == "old code"
        pages = package / "pages.py"
        pages.write_bytes(pages.read_bytes().replace(b"\n", b"\n\n", 1))
        engine_fingerprint.cache_clear()
        assert cache.get_or_compute("s", input_key("same input"), lambda: "new code", str) == "new code"
    finally:
        engine_fingerprint.cache_clear()


def test_cached_example_source_equals_the_parsed_one(course: tuple[Path, Path], tmp_path: Path) -> None:
    _, lessons = course
    path = find_lesson(lessons, LESSON).examples
    assert path is not None
    cache = BuildCache(tmp_path / "cache")
    parsed = load_examples(path)
    assert cached_examples(path, LESSON, cache) == parsed
    assert cached_examples(path, LESSON, cache) == parsed
    path.write_text(path.read_text(encoding="utf-8") + "\nprint('added')\n", encoding="utf-8")
    changed = cached_examples(path, LESSON, cache)
    assert changed == load_examples(path) != parsed


def test_cached_fonts_equal_a_fresh_choice(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    texts = ["對稱性", "entrée"]
    assert list(cached_fonts("zh-Hant", texts, cache).families) == choose_fonts("zh-Hant", texts)
    assert list(cached_fonts("zh-Hant", texts, cache).families) == choose_fonts("zh-Hant", texts)
    assert list(cached_fonts("fr", ["entrée"], cache).families) == choose_fonts("fr", ["entrée"])


def test_font_choice_is_made_again_when_a_font_file_changes(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    real = cached_fonts("ko", ["대칭"], cache)
    slot = tmp_path / "fonts-ko.json"
    entry = json.loads(slot.read_text(encoding="utf-8"))
    assert any(Path(path).name.startswith("fontlist-v") for path, *_ in entry["value"]["files"])
    entry["value"]["fonts"] = ["Stored Choice"]
    slot.write_text(json.dumps(entry), encoding="utf-8")
    assert cached_fonts("ko", ["대칭"], cache).families == ("Stored Choice",), "unchanged fonts: reused"
    entry["value"]["files"][-1][2] += 1  # as if the last font file had been replaced
    slot.write_text(json.dumps(entry), encoding="utf-8")
    assert cached_fonts("ko", ["대칭"], cache) == real


def test_a_font_updated_under_its_family_name_draws_the_figures_again(
    course: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The figures hold the glyph outlines of the chosen fonts: after a font update, a warm build kept the
    old ones while a cold build drew the new ones."""
    _, lessons = course
    lesson = find_lesson(lessons, LESSON)
    assert lesson.examples is not None
    source = load_examples(lesson.examples)
    font = tmp_path / "Font.ttf"
    font.write_bytes(b"outlines, version 1")
    monkeypatch.setattr(fonts, "font_files", lambda families: [str(font)])
    cache = BuildCache(tmp_path / "build")

    def entries() -> dict[str, Path]:
        choice = cached_fonts("fr", ["entrée"], cache)
        strings = LocaleStrings("fr", {}, ",", choice.families, choice.digests)
        return cache_entries(lesson, source, [strings], tmp_path / "examples")

    first = entries()
    assert entries() == first, "nothing changed: the same entry"
    font.write_bytes(b"outlines, version 2")
    os.utime(font, ns=(1, 1))
    second = entries()
    assert list(cached_fonts("fr", ["entrée"], cache).families) == choose_fonts("fr", ["entrée"])
    assert second != first, "the same family, a new file: the figures are drawn again"
    os.utime(font, ns=(2, 2))
    assert entries() == second, "the same bytes, touched (reinstalled in a new virtualenv): nothing to draw"


@pytest.mark.slow
def test_warm_build_is_byte_for_byte_the_cold_build(built_site: BuiltSite, tmp_path: Path) -> None:
    """A rebuild that takes everything from the caches publishes exactly the files the cold build did."""
    cache = tmp_path / "cache"
    shutil.copytree(built_site.cache, cache)
    assert any((cache / ".build").glob("sections-*.json")), "the cold build filled the build cache"
    result = build_site(tmp_path / "site", cache)
    assert result.returncode == 0, result.stderr[-4000:]
    cold, warm = _files(built_site.root), _files(tmp_path / "site")
    assert cold == warm
    match, mismatch, errors = filecmp.cmpfiles(
        built_site.root, tmp_path / "site", sorted(cold), shallow=False
    )
    assert (mismatch, errors) == ([], [])
    assert len(match) == len(cold) > 50


# What only a changed input needs: the Jupyter stack (running examples, writing notebooks), plotting, reading
# and aligning transcripts.
COLD_ONLY = ("nbclient", "jupyter_client", "nbformat", "matplotlib", "charset_normalizer", "coursegen.align")


@pytest.mark.slow
def test_warm_build_loads_nothing_that_only_a_change_needs(built_site: BuiltSite, tmp_path: Path) -> None:
    """A rebuild in which nothing changed runs no kernel and reads no transcript: it does not import them."""
    cache = tmp_path / "cache"
    shutil.copytree(built_site.cache, cache)
    script = (
        "import json, sys\n"
        "from mkdocs.commands.build import build\n"
        "from mkdocs.config import load_config\n"
        f"build(load_config({str(REPO / 'mkdocs.yml')!r}, site_dir={str(tmp_path / 'site')!r}))\n"
        f"print(json.dumps([name for name in {COLD_ONLY!r} if name in sys.modules]))\n"
    )
    env = {**os.environ, "COURSEGEN_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
    assert (tmp_path / "site" / "fr" / LESSON / "index.html").is_file()


@pytest.mark.slow
def test_edited_transcript_shows_on_the_rebuilt_page(built_site: BuiltSite, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    cache = tmp_path / "cache"
    shutil.copytree(built_site.cache, cache)
    config = project / "mkdocs.yml"
    first = build_site(tmp_path / "site", cache, config)
    assert first.returncode == 0, first.stderr[-4000:]
    page = tmp_path / "site" / "fr" / LESSON / "index.html"
    assert "zyxwvut" not in page.read_text(encoding="utf-8")
    add_words(french_transcript(project / "locales"))
    second = build_site(tmp_path / "site", cache, config)
    assert second.returncode == 0, second.stderr[-4000:]
    assert "zyxwvut" in page.read_text(encoding="utf-8")
    # An edited transcript runs no example again (README: "Build time").
    assert "examples of every locale from the cache" in second.stderr
    assert "executing examples" not in second.stderr
    assert "zyxwvut" in (tmp_path / "site" / "fr" / LESSON / f"{LESSON}.fr.ipynb").read_text(encoding="utf-8")
    index = json.loads(
        (tmp_path / "site" / "fr" / "search" / "search_index.json").read_text(encoding="utf-8")
    )
    assert any("zyxwvut" in doc["text"] for doc in index["docs"])


def _files(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


@pytest.mark.slow  # builds the whole site
def test_examples_run_only_for_the_locales_that_have_the_lesson(
    built_site: BuiltSite, course: tuple[Path, Path], tmp_path: Path
) -> None:
    """A locale without a transcript of a lesson has no page of it: its plots were still drawn (a new
    locale with another lesson's transcript re-ran this lesson's examples in a kernel, for nothing)."""
    locales, lessons = course
    for path in (locales / "ko" / "transcripts").glob(f"{LESSON}.*"):
        path.unlink()
    cache = tmp_path / "cache"
    shutil.copytree(built_site.cache, cache)
    built = load_course(locales, lessons, tmp_path / "no-guides")
    assembly = start_assembly(built, {"en", "fr"}, cache)
    results = assembly.running[LESSON].result()
    assert [s.code for s in assembly.strings[LESSON]] == ["fr", "tr", "uk", "zh-Hant"]
    assert sorted(results.blocks) == ["fr", "tr", "uk", "zh-Hant"] and results.rendered == ()


def test_a_lesson_without_any_transcript_yet_is_left_out_with_a_warning(
    course: tuple[Path, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An author's new lesson.yml, before any transcript: the whole site stopped building."""
    locales, lessons = course
    folder = lessons / "second"
    folder.mkdir()
    (folder / "lesson.yml").write_text(
        "id: second\ntitle: Second\nsections:\n  - id: intro\n    heading: Intro\n", encoding="utf-8"
    )
    lesson = find_lesson(lessons, "second")
    cache = BuildCache.under(tmp_path / "cache")
    with caplog.at_level(logging.WARNING):
        assert lesson_sections(lesson, locales, cache, lesson_ids={"second", LESSON}) == {}
    (warning,) = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "no transcript yet" in warning and "lesson.yml" in warning and "add-locale" in warning
    # Renamed from the lesson whose transcripts are there: they are named, not add-locale.
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert lesson_sections(lesson, locales, cache, lesson_ids={"second"}) == {}
    (warning,) = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert f"transcripts of lesson '{LESSON}', which does not exist, are there" in warning
    assert f"locales/*/transcripts/{LESSON}.*" in warning and "add-locale" not in warning


def test_a_cell_that_prints_a_whole_book_is_warned_of_at_its_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """200,000 printed lines made a 12 MB page and a 23 MB search index, without a word to the author."""
    source = parse_examples(
        '# %% example="a"\nprint(1)\n\n# %%\nfor i in range(9):\n    print(i)\n', tmp_path / "e.py"
    )
    long = CellResult("", "x\n" * 30_000, ())
    results = ExampleResults("l", {"fr": {"a": BlockResult((CellResult("", "1\n", ()), long))}})
    with caplog.at_level(logging.WARNING, logger="coursegen.assemble"):
        _warn_of_heavy_outputs(source, results)
    assert [r.getMessage() for r in caplog.records] == [
        f"{tmp_path / 'e.py'}:5: example 'a' prints 30000 lines (60000 characters), all of them on every "
        "language's page: print less"
    ]


def test_under_serve_a_build_waits_once_for_all_its_lessons(tmp_path: Path) -> None:
    """The wait was per lesson: six lessons still running held a build of mkdocs serve for half a minute."""
    from concurrent.futures import Future

    from coursegen.assemble import Assembly

    running: dict[str, Future] = {name: Future() for name in "abc"}
    assembly = Assembly(None, (), {}, {}, {}, running, patience=0.5)  # type: ignore[arg-type]
    started = time.monotonic()
    assert [assembly._results(name) for name in "abc"] == [None, None, None]
    assert time.monotonic() - started < 1.2 and assembly.pending == ["a", "b", "c"]
    # The next build (a translator's save) does not wait again for the runs this one showed as running.
    again = Assembly(None, (), {}, {}, {}, {**running, "d": Future()}, patience=0.5)  # type: ignore[arg-type]
    started = time.monotonic()
    assert [again._results(name) for name in "abc"] == [None, None, None]
    assert time.monotonic() - started < 0.2 and again.pending == ["a", "b", "c"]
    started = time.monotonic()
    assert again._results("d") is None and time.monotonic() - started >= 0.4  # a new run is waited for


def test_under_serve_failed_examples_are_told_on_their_pages_not_raised(tmp_path: Path) -> None:
    """An author's broken example stopped every build of mkdocs serve: no translator saw their edits."""
    from concurrent.futures import Future

    from coursegen.assemble import Assembly
    from coursegen.errors import ExampleError

    failed: Future = Future()
    failed.set_exception(ExampleError("example 'a' failed: ValueError: no", path="examples.py", line=3))
    assert Assembly(None, (), {}, {}, {}, {"l": failed}, serving=True)._results("l") is None  # type: ignore[arg-type]
    with pytest.raises(ExampleError, match="no"):
        Assembly(None, (), {}, {}, {}, {"l": failed})._results("l")  # type: ignore[arg-type]
    serving = Assembly(None, (), {}, {}, {}, {"l": failed}, serving=True)  # type: ignore[arg-type]
    serving._results("l")
    assert serving.failed == {"l": "examples.py:3: example 'a' failed: ValueError: no"}


def test_under_serve_examples_that_do_not_parse_leave_their_lesson_without_them(
    course: tuple[Path, Path], tmp_path: Path
) -> None:
    """A half-typed line saved in examples.py stopped mkdocs serve's build of every page of every lesson."""
    from coursegen.errors import ExampleError

    locales, lessons = course
    examples = lessons / LESSON / "examples.py"
    examples.write_text(examples.read_text(encoding="utf-8") + "\nprint((\n", encoding="utf-8")
    built = load_course(locales, lessons, tmp_path / "no-guides")
    with pytest.raises(ExampleError, match="invalid Python"):
        start_assembly(built, {"en", "fr"}, tmp_path / "cache")
    assembly = start_assembly(built, {"en", "fr"}, tmp_path / "cache", serving=True)
    assert LESSON not in assembly.running and str(examples) in assembly.failed[LESSON]
    plan = assembly.plan("Choose")
    (page,) = [p for p in plan.pages if p.src_uri == f"fr/{LESSON}/index.md"]
    assert "Les exemples de cette leçon n’ont pas pu s’exécuter" in page.markdown
    assert f"{examples}:" in page.markdown and "coursegen-figure" not in page.markdown


def test_under_serve_a_transcript_error_shows_the_latest_text_that_could_be_read(
    course: tuple[Path, Path], tmp_path: Path
) -> None:
    """A translator's typo in words a section mark quotes stopped mkdocs serve's build of every page of every
    language (the server appeared stuck) until it was fixed; a plain build still stops on it."""
    from coursegen.errors import AlignmentError

    locales, lessons = course
    built = load_course(locales, lessons, tmp_path / "no-guides")
    before = {
        p.src_uri: p.markdown for p in start_assembly(built, {"en", "fr"}, tmp_path / "cache").plan("C").pages
    }
    marks = locales / "fr" / "transcripts" / f"{LESSON}.sections.yml"
    lines = marks.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines) if line.startswith("zero-network:"))
    lines[number] = "zero-network: des mots que le texte ne dit pas"
    marks.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(AlignmentError, match="quote not found"):
        start_assembly(built, {"en", "fr"}, tmp_path / "cache").plan("C")
    pages = {
        p.src_uri: p.markdown
        for p in start_assembly(built, {"en", "fr"}, tmp_path / "cache", serving=True).plan("C").pages
    }
    page = pages[f"fr/{LESSON}/index.md"]
    assert "Cette page montre le texte tel qu’il était avant cette erreur" in page
    assert "quote not found in the transcript" in page and f"{marks.name}:" in page
    # The text as it was, cut into the sections as it was; every language's page of the lesson says so.
    assert page.count("Vous avez ici deux propriétés") == 1
    zero, identical = page.index("{#zero-network}"), page.index("{#identical")
    assert zero < page.index("Vous avez ici deux propriétés") < identical
    korean = pages[f"ko/{LESSON}/index.md"]
    notice = korean[
        korean.index('\n<div class="admonition failure"') : korean.index("</div>") + len("</div>\n")
    ]
    assert "quote not found" in notice and korean.replace(notice, "") == before[f"ko/{LESSON}/index.md"]


def _pages(assembly: Assembly) -> dict[str, str]:
    """The pages, once the examples are done (mkdocs serve shows them as running after a few seconds)."""
    for running in assembly.running.values():
        running.result()
    return {p.src_uri: p.markdown for p in assembly.plan("C").pages}


def _files_given(assembly: Assembly) -> dict[str, bytes]:
    """The files the site is given (notebooks among them), once the examples are done."""
    for running in assembly.running.values():
        running.result()
    return {f.dest_uri: f.content for f in assembly.plan("C").files if f.content is not None}


def _without_notices(page: str) -> str:
    """The page without its failure notices (mkdocs serve's "shown as last read")."""
    while '\n<div class="admonition failure"' in page:
        start = page.index('\n<div class="admonition failure"')
        page = page[:start] + page[page.index("</div>", start) + len("</div>\n") :]
    return page


def test_a_corrected_translation_of_a_code_comment_reaches_the_notebook(
    course: tuple[Path, Path], tmp_path: Path
) -> None:
    """A translator corrected the translation of a comment in the example code: the rebuilt page showed it,
    and the notebook learners download kept the old one until something else changed."""
    locales, lessons = course
    catalog = locales / "fr" / "LC_MESSAGES" / "messages.po"
    text = catalog.read_text(encoding="utf-8")
    old, new = "Tous les poids et tous les biais à zéro,", "Poids et biais nuls,"
    assert text.count(old) == 1
    built = load_course(locales, lessons, tmp_path / "no-guides")
    notebook = f"fr/{LESSON}/{LESSON}.fr.ipynb"
    before = _files_given(start_assembly(built, {"en", "fr"}, tmp_path / "cache"))[notebook].decode()
    catalog.write_text(text.replace(old, new), encoding="utf-8")
    after = _files_given(start_assembly(built, {"en", "fr"}, tmp_path / "cache"))[notebook].decode()
    assert old in before and new not in before
    assert new in after and old not in after


STALE_FR = "Cette page montre le texte tel qu’il était avant cette erreur"


def test_under_serve_a_transcript_deleted_beside_its_marks_shows_the_text_as_last_read(
    course: tuple[Path, Path], tmp_path: Path
) -> None:
    """A transcript deleted (or renamed) with its marks file left stopped mkdocs serve's build of every page
    of every language; a plain build still stops on it."""
    from coursegen.errors import TranscriptError

    locales, lessons = course
    built = load_course(locales, lessons, tmp_path / "no-guides")
    before = _pages(start_assembly(built, {"en", "fr"}, tmp_path / "cache", serving=True))
    french_transcript(locales).unlink()
    with pytest.raises(TranscriptError, match="no transcript"):
        start_assembly(built, {"en", "fr"}, tmp_path / "cache").plan("C")
    pages = _pages(start_assembly(built, {"en", "fr"}, tmp_path / "cache", serving=True))
    page = pages[f"fr/{LESSON}/index.md"]
    assert STALE_FR in page and "no transcript" in page
    assert _without_notices(page) == before[f"fr/{LESSON}/index.md"]


def test_under_serve_a_catalog_that_cannot_be_read_keeps_its_translations_as_last_read(
    course: tuple[Path, Path], tmp_path: Path
) -> None:
    """A translator's catalog saved with a quote left open stopped mkdocs serve's build of every page of every
    language; now the build before's translations stand in and the locale's lesson pages say why. A plain
    build, or the first build of serve, still stops on it."""
    from coursegen.errors import CatalogError

    locales, lessons = course
    built = load_course(locales, lessons, tmp_path / "no-guides")
    first = start_assembly(built, {"en", "fr"}, tmp_path / "cache", serving=True)
    before = _pages(first)
    catalog = locales / "fr" / "LC_MESSAGES" / "messages.po"
    text = catalog.read_text(encoding="utf-8")
    cut = text.index('msgstr "classe {label}"') + len('msgstr "classe')
    catalog.write_text(text[:cut] + "\n", encoding="utf-8")
    with pytest.raises(CatalogError):
        start_assembly(built, {"en", "fr"}, tmp_path / "cache")
    with pytest.raises(CatalogError):
        start_assembly(built, {"en", "fr"}, tmp_path / "cache", serving=True)
    assembly = start_assembly(built, {"en", "fr"}, tmp_path / "cache", serving=True, previous=first)
    pages = _pages(assembly)
    page = pages[f"fr/{LESSON}/index.md"]
    line = text[:cut].count("\n") + 1
    assert STALE_FR in page and f"{catalog}:{line}:" in page
    assert _without_notices(page) == before[f"fr/{LESSON}/index.md"]
    assert pages[f"ko/{LESSON}/index.md"] == before[f"ko/{LESSON}/index.md"]
    assert pages["fr/index.md"] == before["fr/index.md"]
    # Fixed: the notice goes.
    catalog.write_text(text, encoding="utf-8")
    again = start_assembly(built, {"en", "fr"}, tmp_path / "cache", serving=True, previous=assembly)
    assert _pages(again) == before


def test_an_emptied_catalog_stops_a_build_and_under_serve_is_taken_as_last_read(
    course: tuple[Path, Path], tmp_path: Path
) -> None:
    """An editor that saves in place empties the file first: a build that read it then published the locale
    all in English (a warning, --strict passed), and mkdocs serve showed it so until the next save."""
    from coursegen.errors import CatalogError

    locales, lessons = course
    built = load_course(locales, lessons, tmp_path / "no-guides")
    first = start_assembly(built, {"en", "fr"}, tmp_path / "cache", serving=True)
    before = _pages(first)
    catalog = locales / "fr" / "LC_MESSAGES" / "messages.po"
    catalog.write_bytes(b"")
    with pytest.raises(CatalogError, match="empty"):
        start_assembly(built, {"en", "fr"}, tmp_path / "cache")
    pages = _pages(start_assembly(built, {"en", "fr"}, tmp_path / "cache", serving=True, previous=first))
    page = pages[f"fr/{LESSON}/index.md"]
    assert STALE_FR in page and f"{catalog}: empty" in page
    assert _without_notices(page) == before[f"fr/{LESSON}/index.md"]


def test_under_serve_an_outline_that_cannot_be_read_is_taken_as_last_read(
    course: tuple[Path, Path], tmp_path: Path
) -> None:
    """A lesson.yml saved half-written stopped mkdocs serve's build of every page of every language; now the
    outline of the build before stands in and every language's page of the lesson says why. A plain build,
    or the first build of serve, still stops on it."""
    from coursegen.errors import LessonError

    locales, lessons = course
    first = load_course(locales, lessons, tmp_path / "no-guides")
    before = _pages(start_assembly(first, {"en", "fr"}, tmp_path / "cache", serving=True))
    outline = lessons / LESSON / "lesson.yml"
    text = outline.read_text(encoding="utf-8")
    outline.write_text(text + '  - id: "unfinished\n', encoding="utf-8")
    with pytest.raises(LessonError):
        load_course(locales, lessons, tmp_path / "no-guides")
    again = load_course(locales, lessons, tmp_path / "no-guides", previous=first)
    assert again.lessons == first.lessons and f"{outline}:" in again.unread[LESSON]
    pages = _pages(start_assembly(again, {"en", "fr"}, tmp_path / "cache", serving=True))
    for code in ("fr", "ko"):
        page = pages[f"{code}/{LESSON}/index.md"]
        assert f"{outline}:" in page and _without_notices(page) == before[f"{code}/{LESSON}/index.md"]
    assert STALE_FR in pages[f"fr/{LESSON}/index.md"]
    # A lesson that was never read has nothing to stand in for it: still an error.
    other = lessons / "second"
    other.mkdir()
    (other / "lesson.yml").write_text('id: "second\n', encoding="utf-8")
    with pytest.raises(LessonError):
        load_course(locales, lessons, tmp_path / "no-guides", previous=first)


def _undrawn() -> str:
    """A letter no font of this machine draws (of scripts rarely installed)."""
    from coursegen.errors import MissingGlyphs
    from coursegen.fonts import choose_fonts

    for char in ("\U0001e900", "\U00016a40", "\U00011d00", "\U0001f642"):  # Adlam, Mro, Masaram Gondi, emoji
        try:
            choose_fonts("fr", [char])
        except MissingGlyphs:
            return char
    raise AssertionError("every candidate letter has a font here: add one")


def test_under_serve_a_label_no_font_draws_leaves_its_locale_s_page_without_examples(
    course: tuple[Path, Path], tmp_path: Path
) -> None:
    """A translator's label with a character no installed font has stopped every page of every language under
    mkdocs serve; a plain build still stops on it."""
    from coursegen.errors import ExampleError

    locales, lessons = course
    catalog = locales / "fr" / "LC_MESSAGES" / "messages.po"
    text = catalog.read_text(encoding="utf-8")
    assert 'msgstr "classe {label}"' in text
    undrawn = text.replace('msgstr "classe {label}"', f'msgstr "classe {{label}} {_undrawn()}"')
    catalog.write_text(undrawn, encoding="utf-8")
    built = load_course(locales, lessons, tmp_path / "no-guides")
    with pytest.raises(ExampleError, match="no installed font"):
        start_assembly(built, {"en", "fr"}, tmp_path / "cache")
    assembly = start_assembly(built, {"en", "fr"}, tmp_path / "cache", serving=True)
    assert "no installed font" in assembly.failed_locales[(LESSON, "fr")] and not assembly.failed
    assert "fr" not in assembly.running[LESSON].result().blocks  # the others' examples run
    pages = {p.src_uri: p.markdown for p in assembly.plan("Choose").pages}
    assert "Les exemples de cette leçon n’ont pas pu s’exécuter" in pages[f"fr/{LESSON}/index.md"]
    assert "coursegen-figure" in pages[f"ko/{LESSON}/index.md"]


def test_a_lesson_whose_transcripts_mark_no_section_is_left_out_with_a_warning(
    course: tuple[Path, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A new lesson's first transcript, before its sections were marked, stopped the build of every page of
    every language (the README's own 'several lessons' command leads there)."""
    locales, lessons = course
    folder = lessons / "second"
    folder.mkdir()
    (folder / "lesson.yml").write_text(
        "id: second\ntitle: Second\nsections:\n  - id: intro\n    heading: Intro\n"
        "  - id: more\n    heading: More\n",
        encoding="utf-8",
    )
    transcripts = locales / "fr" / "transcripts"
    (transcripts / "second.txt").write_text("Bonjour. Voici la suite.\n", encoding="utf-8")
    (transcripts / "second.yml").write_text("lesson: second\n", encoding="utf-8")
    lesson = find_lesson(lessons, "second")
    with caplog.at_level(logging.WARNING):
        assert lesson_sections(lesson, locales, BuildCache.under(tmp_path / "cache")) == {}
    (warning,) = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warning == (
        f"{folder / 'lesson.yml'}: lesson 'second' has no page yet: no transcript marks where its sections "
        f"start; write second.sections.yml next to one of its transcripts ({transcripts})"
    )
    # The file the warning names, just created: empty, it marks nothing either (the site stopped building).
    (transcripts / "second.sections.yml").write_text("# where sections start\n", encoding="utf-8")
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert lesson_sections(lesson, locales, BuildCache.under(tmp_path / "cache")) == {}
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == [warning]
    (transcripts / "second.sections.yml").write_text("more: Voici la suite\n", encoding="utf-8")
    found = lesson_sections(lesson, locales, BuildCache.under(tmp_path / "cache"))
    assert found["fr"]["more"] == ("Voici la suite.",)


def test_a_figure_of_megabytes_is_warned_of_at_its_cell(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A 50,000-point scatter was a 7 MB SVG in every language; rasterized=True makes it 100 KB."""
    from coursegen.execution import Figure

    source = parse_examples('# %% example="a"\nprint(1)\n', tmp_path / "e.py")
    heavy, light = tmp_path / "heavy.svg", tmp_path / "light.svg"
    heavy.write_bytes(b"<svg>" + b" " * 2_500_000)
    light.write_bytes(b"<svg/>")
    figures = (Figure(light, "a", 10, 10), Figure(heavy, "b", 10, 10))
    results = ExampleResults("l", {"fr": {"a": BlockResult((CellResult("", "1\n", figures),))}})
    with caplog.at_level(logging.WARNING, logger="coursegen.assemble"):
        _warn_of_heavy_outputs(source, results)
    assert [r.getMessage() for r in caplog.records] == [
        f"{tmp_path / 'e.py'}:2: example 'a' draws a figure of 2.5 MB (figure 2 of the cell), on every "
        "language's page: give its many-point artists rasterized=True (ax.scatter(..., rasterized=True)), "
        "which draws them as one image inside the SVG"
    ]


@pytest.mark.parametrize("heavy_in", [("fr",), ("uk",), ("ko", "uk")])
def test_a_figure_heavy_in_some_languages_only_is_warned_of_with_them(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, heavy_in: tuple[str, ...]
) -> None:
    """Only the first locale was weighed: a French title of 30,000 characters (a 2.5 MB plot on the French
    page) was blamed on the examples, "on every language's page", with rasterized=True as the cure, and the
    same translation in Ukrainian was not warned of at all."""
    from coursegen.execution import Figure

    source = parse_examples('# %% example="a"\nprint(1)\n', tmp_path / "e.py")
    heavy, light = tmp_path / "heavy.svg", tmp_path / "light.svg"
    heavy.write_bytes(b"<svg>" + b" " * 2_500_000)
    light.write_bytes(b"<svg>" + b" " * 70_000)
    results = ExampleResults(
        "l",
        {
            code: {
                "a": BlockResult(
                    (CellResult("", "1\n", (Figure(heavy if code in heavy_in else light, "a", 1, 1),)),)
                )
            }
            for code in ("fr", "ko", "tr", "uk")
        },
    )
    with caplog.at_level(logging.WARNING, logger="coursegen.assemble"):
        _warn_of_heavy_outputs(source, results)
    pages = ("the page of " if len(heavy_in) == 1 else "the pages of ") + ", ".join(heavy_in)
    assert [r.getMessage() for r in caplog.records] == [
        f"{tmp_path / 'e.py'}:2: example 'a' draws a figure of 2.5 MB (figure 1 of the cell), on {pages}: "
        "in the other languages it weighs 0.1 MB at most: a translation it draws is much longer there (its "
        "title, a label, a legend)"
    ]


def test_a_translation_no_font_draws_is_an_error_at_its_catalog_entry(
    course: tuple[Path, Path], tmp_path: Path
) -> None:
    """An emoji in a plot label's translation stopped the build naming only the locale: no file, no line."""
    from coursegen.errors import MissingGlyphs
    from coursegen.pofiles import read_catalog, render_catalog

    locales, lessons = course
    po = locales / "fr" / "LC_MESSAGES" / "messages.po"
    catalog = read_catalog(po)
    label = next(m for m in catalog if m.id == "iteration")
    label.string = "itération \U0001e290"  # a Toto letter: no font of this machine draws it
    po.write_bytes(render_catalog(catalog))
    entry = read_catalog(po).get("iteration")
    built = load_course(locales, lessons, tmp_path / "no-guides")
    with pytest.raises(MissingGlyphs) as caught:
        start_assembly(built, {"en", "fr"}, tmp_path / "cache")
    assert (caught.value.path, caught.value.line) == (po, entry.lineno)
    assert "no installed font has glyphs for '\U0001e290'" in str(caught.value)


def test_an_unreadable_transcript_is_named_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its bytes key the cached alignment, read before any reader: a transcript without read permission
    (or a folder in its place) ended ``mkdocs build`` in a PermissionError traceback."""
    from coursegen.errors import TranscriptError, one_line

    root = copy_project(tmp_path / "project")
    transcript = root / "locales" / "ko" / "transcripts" / f"{LESSON}.txt"
    assert transcript.is_file()
    real = Path.open

    def refused(path: Path, *args: Any, **kwargs: Any) -> Any:
        if path == transcript:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refused)
    lesson = find_lesson(root / "docs" / "lessons", LESSON)
    with pytest.raises(TranscriptError) as caught:
        lesson_sections(lesson, root / "locales", BuildCache(None))
    assert one_line(caught.value) == f"{transcript}: cannot be read: Permission denied"


def test_uncertain_section_starts_are_said_by_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Only check named them: a translator under mkdocs serve never heard that a start was doubtful."""
    from coursegen.assemble import align_lesson

    root = copy_project(tmp_path / "project")
    lesson = find_lesson(root / "docs" / "lessons", LESSON)
    align_lesson(lesson, root / "locales")
    assert not [r for r in caplog.records if "unsure" in r.getMessage()]
    for marks in (root / "locales").glob(f"*/transcripts/{LESSON}.sections.yml"):
        if marks.parts[-3] != "tr":
            marks.unlink()
    align_lesson(lesson, root / "locales")
    said = [r.getMessage() for r in caplog.records if "unsure" in r.getMessage()]
    assert len(said) == 1 and "`coursegen check` names them" in said[0], said
    # At a level MkDocs shows without -v (it leaves coursegen's loggers at WARNING).
    assert [r.levelno for r in caplog.records if "unsure" in r.getMessage()] == [logging.WARNING]
    assert said[0].startswith(f"{root / 'docs' / 'lessons' / LESSON / 'lesson.yml'}: ")


def test_math_is_refused_in_the_translation_of_a_plot_text_only(
    course: tuple[Path, Path], tmp_path: Path
) -> None:
    """Two "$" make math of a plot's label, so its translation may not bring them; on a page they are two
    characters: a heading (or a guide paragraph) with two prices was refused all the same."""
    locales, lessons = course
    catalog = locales / "fr" / "LC_MESSAGES" / "messages.po"
    text = catalog.read_text(encoding="utf-8")
    for source, translation in (
        ('msgstr "classe {label}"', 'msgstr "classe {label}, 5 $ ou 10 $"'),
        ('msgstr "Initialisation aléatoire"', 'msgstr "Initialisation aléatoire, 5 $ ou 10 $"'),
    ):
        assert source in text
        text = text.replace(source, translation, 1)
    catalog.write_text(text, encoding="utf-8")
    built = load_course(locales, lessons, tmp_path / "no-guides")
    assembly = start_assembly(built, {"en", "fr"}, tmp_path / "cache")
    gettext = assembly.translators["fr"].gettext
    assert gettext("Random Initialization") == "Initialisation aléatoire, 5 $ ou 10 $"
    assert gettext("class {label}") == "class {label}" and is_english(gettext("class {label}"))
    for running in assembly.running.values():
        running.result()


def test_a_transcript_of_hundreds_of_megabytes_is_refused_before_it_is_read(
    course: tuple[Path, Path], tmp_path: Path
) -> None:
    """The build read the whole file for the cache's key before the 4 MB limit refused it: 12.7 s and
    587 MB of memory for a 200 MB transcript."""
    import tracemalloc

    locales, lessons = course
    with french_transcript(locales).open("r+b") as handle:
        handle.truncate(300 * 2**20)  # sparse: costs nothing on disk
    lesson = find_lesson(lessons, LESSON)
    tracemalloc.start()
    try:
        with pytest.raises(TranscriptError, match="over 4 MB, not a lesson's transcript"):
            lesson_sections(lesson, locales, BuildCache.under(tmp_path / "cache"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 * 2**20
