import ast
import asyncio
import gc
import html
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from support import kernels_under

from coursegen import driver, example_cache, execution, kernels
from coursegen.catalogs import English
from coursegen.driver import LocaleStrings
from coursegen.errors import ExampleError
from coursegen.examples import load_examples, messages, parse_examples, plurals
from coursegen.execution import data_files, run_examples
from coursegen.fonts import installed_fonts
from coursegen.lessons import Lesson, Section

FIXTURES = Path(__file__).parent / "fixtures" / "examples"
HOSTILE = '""" \' \\ {x} 5 $ a_b^c \n </script> --> '
CJK = ["Noto Sans CJK TC", "DejaVu Sans", "sans-serif"]
needs_cjk = pytest.mark.skipif(
    "Noto Sans CJK TC" not in {f.family for f in installed_fonts()}, reason="Noto Sans CJK is not installed"
)


def lesson_for(path: Path) -> Lesson:
    return Lesson("fixture", "Fixture", path.parent, (Section("a", "A"),), examples=path)


def comments(svg: Path) -> str:
    """With text drawn as paths, matplotlib keeps each string in an XML comment."""
    return "\n".join(re.findall(r"<!-- (.*?) -->", svg.read_text(encoding="utf-8"), re.S))


@pytest.fixture(scope="module")
def basic():
    return load_examples(FIXTURES / "basic.py")


@pytest.fixture(scope="module")
def locales(basic):
    ids = messages(basic)
    hostile = {m: (m if "{" in m else HOSTILE + m) for m in ids}
    return [
        LocaleStrings("en", {m: m for m in ids}),
        LocaleStrings("fr", {m: "FR " + m for m in ids}, ",", ["DejaVu Sans", "sans-serif"]),
        LocaleStrings("zh_Hant", {m: "權重 " + m for m in ids}, ".", CJK),
        LocaleStrings("x-hostile", hostile),
    ]


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def kernels_started():
    return []


@pytest.fixture(scope="module")
def cold(basic, locales, cache, kernels_started):
    """Every locale cold, over two kernels; ``kernels_started`` records each kernel's locales."""
    real = kernels._run_notebook

    def counted(notebook, workdir, source, data, managers):
        kernels_started.append([locale["code"] for locale in json.loads(_config(notebook))["locales"]])
        return real(notebook, workdir, source, data, managers)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kernels, "_run_notebook", counted)
        start = time.perf_counter()
        results = run_examples(lesson_for(basic.path), basic, locales, cache, kernels=2)
    return results, time.perf_counter() - start


def _config(notebook) -> str:
    """The runtime's JSON configuration, read back from the driver notebook's first cell."""
    calls = ast.walk(ast.parse(notebook.cells[0].source))
    (made,) = (
        call for call in calls if isinstance(call, ast.Call) and ast.unparse(call.func).endswith(".Runtime")
    )
    return ast.literal_eval(made.args[0])


def cell(results, code, block, index):
    return results.blocks[code][block].cells[index]


def test_every_locale_is_rendered_once(cold, locales, kernels_started):
    results, _ = cold
    assert results.rendered == tuple(locale.code for locale in locales)
    assert set(results.blocks) == {locale.code for locale in locales}
    assert kernels_started == [["en", "zh_Hant"], ["fr", "x-hostile"]]


def outputs(results, code):
    """A locale's stdout and figure bytes, cell by cell, in block order."""
    return [
        (cell.stdout, [(figure.path.name, figure.path.read_bytes()) for figure in cell.figures])
        for block in results.blocks[code].values()
        for cell in block.cells
    ]


def test_a_locale_gives_the_same_output_alone_and_with_others(basic, locales, cold, tmp_path):
    """Which kernel runs a locale, and with which others, changes none of its bytes."""
    together, _ = cold
    chosen = [locale for locale in locales if locale.code in ("fr", "zh_Hant")]
    pair = run_examples(lesson_for(basic.path), basic, chosen, tmp_path / "pair", kernels=1)
    for locale in chosen:
        alone = run_examples(lesson_for(basic.path), basic, [locale], tmp_path / locale.code, kernels=1)
        expected = outputs(together, locale.code)
        assert any(figures for _, figures in expected)
        assert outputs(alone, locale.code) == expected
        assert outputs(pair, locale.code) == expected


def test_kernel_count_follows_the_setting_and_the_missing_locales(monkeypatch):
    monkeypatch.delenv(execution.KERNELS_ENV, raising=False)
    default = min(execution.MAX_DEFAULT_KERNELS, execution._cores())
    assert execution.kernel_count(5) == default
    assert execution.kernel_count(1) == 1
    monkeypatch.setenv(execution.KERNELS_ENV, "3")
    assert execution.kernel_count(5) == 3 and execution.kernel_count(2) == 2
    assert execution.kernel_count(5, 1) == 1
    for bad in ("zero", "0", "-2"):
        monkeypatch.setenv(execution.KERNELS_ENV, bad)
        with pytest.raises(ExampleError, match=execution.KERNELS_ENV):
            execution.kernel_count(5)


def test_locales_are_dealt_evenly_over_the_kernels():
    assert execution.split_locales(["a", "b", "c", "d", "e"], 2) == [["a", "c", "e"], ["b", "d"]]
    assert execution.split_locales(["a"], 2) == [["a"]]
    assert execution.split_locales(["a", "b"], 1) == [["a", "b"]]


def test_lessons_share_the_kernels_one_locale_lessons_side_by_side():
    """Two lessons of one locale each run at once; a lesson that wants both kernels waits for both."""
    slots = execution._KernelSlots()
    inside, order = threading.Barrier(2, timeout=10), []

    def one_kernel(name: str) -> None:
        with slots.take(1, 2):
            inside.wait()  # both are in at the same time, or this times out
            order.append(name)

    first = [threading.Thread(target=one_kernel, args=(name,)) for name in ("a", "b")]
    for thread in first:
        thread.start()
    for thread in first:
        thread.join()
    assert sorted(order) == ["a", "b"]

    held, released = threading.Event(), threading.Event()

    def hold() -> None:
        with slots.take(1, 2):
            held.set()
            released.wait(10)

    def both() -> None:
        with slots.take(2, 2):
            order.append("both")

    holder, waiter = threading.Thread(target=hold), threading.Thread(target=both)
    holder.start()
    held.wait(10)
    waiter.start()
    time.sleep(0.2)
    assert order[-1] != "both", "it took two kernels while one was in use"
    released.set()
    holder.join()
    waiter.join(10)
    assert order[-1] == "both"
    with slots.take(5, 2):  # more than there are: as many as there are
        pass


def test_stdout_is_translated_per_locale(cold):
    results, _ = cold
    assert cell(results, "en", "setup", 1).stdout == "Sum of absolute weights: 0.0190\n"
    assert cell(results, "fr", "setup", 1).stdout == "FR Sum of absolute weights: 0,0190\n"
    assert cell(results, "zh_Hant", "curves", 1).stdout == "權重 Mean: 0.5\n"


def test_localized_cells_start_from_the_same_state_in_every_locale(cold):
    results, _ = cold
    for code in results.blocks:
        assert cell(results, code, "counter", 1).stdout.endswith("Steps so far: 4\n")


@needs_cjk
def test_figures_per_locale_with_translated_text_and_alt(cold):
    results, _ = cold
    for code, title in (("en", "Activation"), ("fr", "FR Activation"), ("zh_Hant", "權重 Activation")):
        (figure,) = cell(results, code, "curves", 0).figures
        assert figure.path.is_file() and figure.path.suffix == ".svg"
        assert title in comments(figure.path)
        assert figure.alt.endswith("The tanh curve rises from -1 to 1.")
        # Saved as Jupyter shows it (no layout engine): cropped to what it draws, about its 4 x 3 inches.
        assert 300 < figure.width < 420 and 230 < figure.height < 330
        svg = figure.path.read_text(encoding="utf-8")
        # Named by its alt text when opened alone.
        assert html.unescape(svg.split("<title>", 1)[1].split("</title>", 1)[0]) == figure.alt
        assert float(svg.split('width="', 1)[1].split("pt", 1)[0]) * 96 / 72 == pytest.approx(
            figure.width, abs=0.1
        )
        assert figure.path.stat().st_size < 150_000
    en = cell(results, "en", "curves", 0).figures[0].path
    zh = cell(results, "zh_Hant", "curves", 0).figures[0].path
    assert en.parent != zh.parent


def test_hostile_translations_stay_text(cold):
    results, _ = cold
    (figure,) = cell(results, "x-hostile", "curves", 0).figures
    assert figure.alt == (HOSTILE + "The tanh curve rises from -1 to 1.").strip()
    svg = figure.path.read_text(encoding="utf-8")
    assert "</script>" not in svg.replace("&lt;/script&gt;", "")
    # A lone "$" is a dollar sign (math needs two, which the catalogs refuse in a translation).
    assert "5 $ a_b^c" in comments(figure.path)


def test_warm_run_executes_nothing(basic, locales, cache, cold, monkeypatch):
    def no_kernel(*args, **kwargs):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(kernels, "_run_notebook", no_kernel)
    start = time.perf_counter()
    again = run_examples(lesson_for(basic.path), basic, locales, cache)
    elapsed = time.perf_counter() - start
    assert again.rendered == ()
    assert again.blocks == cold[0].blocks
    assert elapsed < cold[1] / 5


def test_catalog_entries_the_examples_do_not_use_change_nothing(basic, locales, cache, cold):
    extra = [
        LocaleStrings(loc.code, {**loc.messages, "A heading": "Un titre"}, loc.decimal, loc.font_family)
        for loc in locales
    ]
    assert run_examples(lesson_for(basic.path), basic, extra, cache).rendered == ()


def test_a_comment_edited_in_the_examples_runs_nothing_again(basic, locales, cache):
    """Fixing a typo in a comment re-ran every language's examples; a change to the code, or to a cell's
    marker, does run them."""
    lesson = lesson_for(basic.path)
    before = execution.cache_entries(lesson, basic, locales, cache)

    def edited(text: str):
        return execution.cache_entries(lesson, parse_examples(text, basic.path), locales, cache)

    assert "# one more step" in basic.text
    assert edited(basic.text.replace("# one more step", "# and one step more")) == before
    assert edited(basic.text.replace("0.01", "0.02", 1)) != before
    assert edited(basic.text.replace('# %% example="counter"', '# %% example="count"')) != before


def test_a_new_locale_renders_only_that_locale(basic, locales, cache, cold):
    de = LocaleStrings("de", {m: "DE " + m for m in messages(basic)}, ",")
    results = run_examples(lesson_for(basic.path), basic, [*locales, de], cache)
    assert results.rendered == ("de",)
    assert cell(results, "de", "setup", 1).stdout == "DE Sum of absolute weights: 0,0190\n"


def test_output_dir_gets_copies(basic, locales, cache, cold, tmp_path):
    results = run_examples(lesson_for(basic.path), basic, locales[:1], cache, tmp_path)
    (figure,) = cell(results, "en", "curves", 0).figures
    assert figure.path == tmp_path / "en" / figure.path.name and figure.path.is_file()


def test_a_raising_cell_names_file_block_and_line(tmp_path):
    source = load_examples(FIXTURES / "raising.py")
    with pytest.raises(ExampleError) as error:
        run_examples(lesson_for(source.path), source, [LocaleStrings("en", {})], tmp_path)
    assert error.value.path == source.path and error.value.line == 13
    assert "example 'fails'" in str(error.value) and "ZeroDivisionError: division by zero" in str(error.value)
    assert "Traceback" not in str(error.value)
    assert not [p for p in (tmp_path / "fixture").iterdir() if not p.name.startswith(".")]


def test_the_examples_import_nothing_of_the_kernel_s_own_modules(tmp_path):
    """The runtime's modules are made in the kernel under a package name of their own, then taken out of
    sys.modules: a helper of the author's by that name is the one the examples import."""
    path = tmp_path / "examples.py"
    path.write_text(
        '# %% example="look"\nimport sys\nimport coursegen_inkernel\n'
        'print(coursegen_inkernel.WHO, [name for name in sys.modules if name.startswith("coursegen")])\n'
    )
    (tmp_path / "coursegen_inkernel.py").write_text('WHO = "the author\'s"\n')
    source = load_examples(path)
    results = run_examples(lesson_for(path), source, [LocaleStrings("en", {})], tmp_path / "cache")
    assert cell(results, "en", "look", 0).stdout == "the author's ['coursegen_inkernel']\n"


def test_missing_glyph_fails_the_build(tmp_path):
    path = tmp_path / "examples.py"
    path.write_text(
        '# %% example="plot"\nimport matplotlib.pyplot as plt\n\nfig, ax = plt.subplots()\n'
        'ax.set_title(_("Cost"))\nfig.set_label(_("Alt"))\n'
    )
    source = load_examples(path)
    korean = LocaleStrings("ko", {"Cost": "비용", "Alt": "그림"}, ".", ["DejaVu Sans"])
    with pytest.raises(ExampleError) as error:
        run_examples(lesson_for(path), source, [korean], tmp_path / "cache")
    assert "missing from font" in str(error.value) and "'ko'" in str(error.value)
    assert error.value.path == path


def test_a_failing_kernel_fails_the_run_and_publishes_nothing_for_its_locale(tmp_path):
    path = tmp_path / "examples.py"
    path.write_text(
        '# %% example="plot"\nimport matplotlib.pyplot as plt\n\nfig, ax = plt.subplots()\n'
        'ax.set_title(_("Cost"))\nfig.set_label(_("Alt"))\n'
    )
    source = load_examples(path)
    english = LocaleStrings("en", {"Cost": "Cost", "Alt": "Plot"})
    korean = LocaleStrings("ko", {"Cost": "비용", "Alt": "그림"}, ".", ["DejaVu Sans"])
    cache_dir = tmp_path / "cache"
    with pytest.raises(ExampleError, match="'ko'"):
        run_examples(lesson_for(path), source, [english, korean], cache_dir, kernels=2)
    left = [p.name for p in (cache_dir / "fixture").iterdir()]
    assert not [name for name in left if name.startswith(("ko-", ".tmp-"))]


@pytest.mark.parametrize("kernels", [1, 2])
def test_an_error_raised_for_one_locale_names_it_whichever_kernel_ran_it(tmp_path, kernels):
    """Named only when locales before it had run in the same kernel: on two cores, a lesson's two locales
    run in two kernels, and the author, reading the English source, could not tell which catalog to read."""
    path = tmp_path / "examples.py"
    path.write_text(
        '# %% example="plot"\nimport matplotlib.pyplot as plt\n\nfig, ax = plt.subplots()\n'
        'ax.set_title(_("Cost").encode("ascii").decode())\nfig.set_label(_("Alt"))\n'
    )
    source = load_examples(path)
    korean = LocaleStrings("ko", {"Cost": "비용", "Alt": "그림"}, ".", CJK)
    english = LocaleStrings("en", {})
    with pytest.raises(ExampleError) as error:
        run_examples(lesson_for(path), source, [korean, english], tmp_path / "cache", kernels=kernels)
    assert "UnicodeEncodeError" in str(error.value) and "for locale 'ko')" in str(error.value)
    assert error.value.line == 5


def test_figure_without_alt_text_is_an_error(tmp_path):
    source = parse_examples(
        '# %% example="p"\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\n', tmp_path / "e.py"
    )
    with pytest.raises(ExampleError, match="alt text"):
        run_examples(lesson_for(source.path), source, [LocaleStrings("en", {})], tmp_path)


def test_a_cell_that_prints_more_than_a_page_can_show_is_an_error_at_its_line(tmp_path):
    """A print left in a loop: 50 MB printed took 260 s and 4.4 GB to build, into a 52 MB page for each
    language, with a warning only."""
    source = parse_examples(
        '# %% example="p"\nx = 1\n# %% example="loop"\n'
        'for k in range(30_000):\n    print("step", k, "x" * 70)\n',
        tmp_path / "e.py",
    )
    with pytest.raises(ExampleError) as error:
        run_examples(lesson_for(source.path), source, [LocaleStrings("en", {})], tmp_path / "cache")
    assert (
        "example 'loop': the cell prints 2,448,890 characters, more than a page can show (2,000,000"
        in str(error.value)
    )
    assert error.value.line == 4


def test_kernel_runs_this_interpreter():
    spec = KernelSpecManager(kernel_dirs=[]).get_kernel_spec(kernels.KERNEL_NAME)
    assert spec.argv[0] == sys.executable


def test_a_cache_folder_given_relative_to_the_working_directory_works(basic, tmp_path, monkeypatch):
    """The kernels run in a folder of their own: they must not read a relative cache path from there."""
    monkeypatch.chdir(tmp_path)
    english = LocaleStrings("en", {m: m for m in messages(basic)})
    results = run_examples(lesson_for(basic.path), basic, [english], Path("cache"))
    assert results.rendered == ("en",)
    figures = [f.path for block in results.blocks["en"].values() for c in block.cells for f in c.figures]
    assert figures and all(path.is_file() for path in figures)


def test_bad_locale_codes_are_refused(basic, tmp_path):
    with pytest.raises(ExampleError, match="locale code"):
        run_examples(lesson_for(basic.path), basic, [LocaleStrings("../x", {})], tmp_path)


def test_a_run_cancelled_while_its_kernel_starts_leaves_no_kernel_behind(basic, tmp_path):
    """A failing kernel cancels the others, maybe while they still start: none may outlive the run (one
    used to live on until the build exited, and its exit hook printed a traceback)."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    me = psutil.Process()
    before = {child.pid for child in me.children(recursive=True)}

    cancelled: list[bool] = []

    async def cancel_once_launched() -> None:
        task = asyncio.ensure_future(kernels._run_notebook(notebook, tmp_path, basic, {}, []))
        deadline = time.monotonic() + 30
        while not {child.pid for child in me.children(recursive=True)} - before:
            assert time.monotonic() < deadline and not task.done()
            await asyncio.sleep(0.005)
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            cancelled.append(True)

    # As the build runs kernels: in a thread of its own when this thread already runs an event loop (the
    # browser tests' Playwright does).
    kernels.run_sync(cancel_once_launched())
    assert cancelled, "the kernel was ready before the run could be cancelled"
    # Killed and waited for at once: a kernel left running crashed later on its removed socket folder,
    # printing a traceback into the build's log.
    assert [child.pid for child in me.children(recursive=True) if child.pid not in before] == []


def test_a_kernel_that_cannot_start_is_a_one_line_error(basic, tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text("raise SystemExit(3)\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(site))
    english = LocaleStrings("en", {m: m for m in messages(basic)})
    with pytest.raises(ExampleError, match="kernel did not start") as error:
        run_examples(lesson_for(basic.path), basic, [english], tmp_path / "cache")
    assert error.value.path == basic.path and "\n" not in str(error.value)


def test_a_run_waiting_for_kernels_takes_what_a_run_before_it_computed_meanwhile(basic, locales, tmp_path):
    """Under ``mkdocs serve`` a build that stopped on a broken file leaves its kernels running; the next
    build waited for them, then ran the same examples again (8 s instead of 3)."""
    from concurrent.futures import ThreadPoolExecutor

    chosen = locales[:2]
    lesson = lesson_for(basic.path)
    with ThreadPoolExecutor(2) as pool:
        # Each takes both kernel slots: the second waits for the first to finish.
        first = pool.submit(run_examples, lesson, basic, chosen, tmp_path, kernels=2)
        time.sleep(0.2)
        second = pool.submit(run_examples, lesson, basic, chosen, tmp_path, kernels=2)
        rendered = sorted([first.result().rendered, second.result().rendered], key=len)
    assert rendered == [(), ("en", "fr")]
    assert second.result().blocks == first.result().blocks


def test_slow_statements_that_run_once_per_language_are_pointed_out(tmp_path, monkeypatch, caplog):
    """A computation written below a plot or a translated text runs for every language; the author, who saw
    the build take three times as long, was not told why."""
    path = tmp_path / "examples.py"
    slow = '# %% example="a"\nimport time\nlabel = _("Hi")\ntime.sleep(0.3)\n'
    path.write_text(slow + '\n# %% example="b"\nprint(_("Hi"))\n')
    monkeypatch.setattr(driver, "SLOW_PER_LOCALE_SECONDS", 0.2)
    locales = [LocaleStrings("en", {}), LocaleStrings("fr", {"Hi": "Salut"})]
    with caplog.at_level("INFO", logger="coursegen.execution"):
        run_examples(lesson_for(path), load_examples(path), locales, tmp_path / "cache", kernels=1)
    told = [r.getMessage() for r in caplog.records if "per language" in r.getMessage()]
    assert len(told) == 1 and told[0].startswith(f"{path}:3: example 'a' takes 0.")
    assert told[0].endswith("compute the slow part above it")


def test_an_example_that_never_ends_is_named_with_its_line(tmp_path, monkeypatch):
    """It ended, after the cell timeout, in "examples could not run: -------------------"."""
    (tmp_path / "курс").mkdir()  # a folder named in the author's script: the kernel writes it escaped
    path = tmp_path / "курс" / "examples.py"
    path.write_text(
        '# %% example="quick"\nx = 1\n\n# %% example="forever"\ny = 2\nz = 3\nwhile True:\n    x += 1\n'
    )
    monkeypatch.setattr(driver, "CELL_TIMEOUT_SECONDS", 2)
    source = load_examples(path)
    with pytest.raises(ExampleError) as error:
        run_examples(lesson_for(path), source, [LocaleStrings("en", {})], tmp_path / "cache")
    assert "example 'forever': did not finish within 2 s" in str(error.value)
    # The loop's line, not the cell's first (line 5), where the author would look in vain.
    assert error.value.path == path and error.value.line in (7, 8)


def test_what_editors_leave_beside_the_examples_is_no_data_file(tmp_path):
    """An Emacs autosave, "#examples.py#", counted as a data file: every autosave re-ran every locale."""
    (tmp_path / "data").mkdir()
    path = tmp_path / "examples.py"
    names = ["#examples.py#", "examples.py~", ".examples.py.swp", "data/x.csv.orig", "x.save", "data/x.csv"]
    for name in ["examples.py", "lesson.yml", *names]:
        (tmp_path / name).write_text("x")
    assert list(data_files(load_examples(path))) == ["data/x.csv"]


def test_examples_read_the_data_files_beside_them_and_rerun_when_one_changes(tmp_path, caplog):
    """An example's np.loadtxt("factors.txt") failed: the kernel ran in a cache folder of its own. (What an
    example writes is not kept, which the build says: an author's plt.savefig("x.png") vanished silently.)"""
    lesson_dir = tmp_path / "lesson"
    (lesson_dir / "data").mkdir(parents=True)
    path = lesson_dir / "examples.py"
    path.write_text(
        '# %% example="read"\nimport numpy as np\nprint(np.loadtxt("data/factors.txt").sum())\n'
        'with open("written.txt", "w") as handle:\n    handle.write("scratch")\n'
    )
    (lesson_dir / "data" / "factors.txt").write_text("1\n2\n")
    source = load_examples(path)
    lesson = Lesson("fixture", "Fixture", lesson_dir, (Section("a", "A"),), examples=path)
    cache = tmp_path / "cache"
    caplog.set_level(logging.INFO, logger="coursegen.kernels")
    first = run_examples(lesson, source, [LocaleStrings("en", {})], cache)
    assert cell(first, "en", "read", 0).stdout == "3.0\n" and first.rendered == ("en",)
    assert not (lesson_dir / "written.txt").exists()  # the lesson folder is read, never written
    assert [r.getMessage() for r in caplog.records if "written.txt" in r.getMessage()] == [
        f"{path}: the examples wrote written.txt, which is not kept: they run in a copy of their lesson's "
        "folder (a figure reaches the page when it is shown, not saved)"
    ]
    assert run_examples(lesson, source, [LocaleStrings("en", {})], cache).rendered == ()
    (lesson_dir / "data" / "factors.txt").write_text("1\n2\n3\n")
    again = run_examples(lesson, source, [LocaleStrings("en", {})], cache)
    assert cell(again, "en", "read", 0).stdout == "6.0\n" and again.rendered == ("en",)


def test_a_data_file_saved_after_the_key_was_made_is_run_as_it_was_read(tmp_path):
    """The kernel copied the data files when it started, seconds after their bytes made the cache key (a
    lesson waiting for a kernel): a file saved meanwhile gave the new data's output under the old data's key,
    and once the file was changed back, every build served the new data's output."""
    lesson_dir = tmp_path / "lesson"
    lesson_dir.mkdir()
    path = lesson_dir / "examples.py"
    path.write_text('# %% example="read"\nprint(open("scale.txt").read().strip())\n')
    data = lesson_dir / "scale.txt"
    data.write_text("OLD-DATA")
    source = load_examples(path)
    lesson = Lesson("fixture", "Fixture", lesson_dir, (Section("a", "A"),), examples=path)
    locales = [LocaleStrings("en", {})]
    entries = execution.cache_entries(lesson, source, locales, tmp_path / "cache")
    data.write_text("NEW-DATA")  # saved while the lesson waits for its kernel
    first = run_examples(lesson, source, locales, tmp_path / "cache", entries=entries)
    assert cell(first, "en", "read", 0).stdout == "OLD-DATA\n"
    data.write_text("OLD-DATA")  # and changed back
    again = run_examples(lesson, source, locales, tmp_path / "cache")
    assert cell(again, "en", "read", 0).stdout == "OLD-DATA\n" and again.rendered == ()


def test_what_the_examples_wrote_is_told_once_whatever_the_kernels(tmp_path, caplog):
    """Each kernel has the lesson's folder to itself: the files were told once per kernel."""
    lesson_dir = tmp_path / "lesson"
    lesson_dir.mkdir()
    path = lesson_dir / "examples.py"
    path.write_text('# %% example="save"\nwith open("weights.npy", "w") as handle:\n    handle.write("x")\n')
    source = load_examples(path)
    lesson = Lesson("fixture", "Fixture", lesson_dir, (Section("a", "A"),), examples=path)
    caplog.set_level(logging.INFO, logger="coursegen.kernels")
    locales = [LocaleStrings("en", {}), LocaleStrings("fr", {})]
    run_examples(lesson, source, locales, tmp_path / "cache", kernels=2)
    assert len([r for r in caplog.records if "the examples wrote weights.npy" in r.getMessage()]) == 1


def _kernels_of_this_process() -> list[psutil.Process]:
    return kernels_under(psutil.Process())


def test_a_run_whose_examples_were_edited_meanwhile_is_stopped(tmp_path):
    """Under mkdocs serve, an example that never ends held both kernels for the ten minutes of the cell
    timeout: the author's fix, and every translator's edit, waited for it."""
    path = tmp_path / "examples.py"
    path.write_text('# %% example="a"\nwhile True:\n    pass\n')
    lesson = lesson_for(path)
    locales = [LocaleStrings("en", {}), LocaleStrings("fr", {})]
    endless = execution.start_examples(lesson, load_examples(path), locales, tmp_path / "cache")
    deadline = time.monotonic() + 60
    while not _kernels_of_this_process() and time.monotonic() < deadline:
        time.sleep(0.2)
    path.write_text('# %% example="a"\nprint("fixed")\n')
    started = time.monotonic()
    fixed = execution.start_examples(lesson, load_examples(path), locales, tmp_path / "cache")
    with pytest.raises(execution.ExamplesCancelled):
        endless.result(timeout=30)
    assert cell(fixed.result(timeout=60), "fr", "a", 0).stdout == "fixed\n"
    assert time.monotonic() - started < 30
    assert _kernels_of_this_process() == []


def test_cancel_all_stops_every_run_and_its_kernels(tmp_path, caplog):
    """Ctrl-C on mkdocs serve printed "Shutting down..." and went on: Python waited at exit for kernels. Then
    the first cancelled runs left one of nbclient's watchers failing, with a traceback in the log."""
    path = tmp_path / "examples.py"
    path.write_text('# %% example="a"\nwhile True:\n    pass\n')
    locales = [LocaleStrings("en", {}), LocaleStrings("fr", {})]
    run = execution.start_examples(lesson_for(path), load_examples(path), locales, tmp_path)
    deadline = time.monotonic() + 60
    while len(_kernels_of_this_process()) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(2)  # inside the endless cell, where nbclient watches the kernel every second
    with caplog.at_level(logging.ERROR):
        execution.cancel_all()
        with pytest.raises(execution.ExamplesCancelled):
            run.result(timeout=30)
        time.sleep(1.5)
        gc.collect()
    assert _kernels_of_this_process() == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


@pytest.mark.parametrize(
    ("code", "error", "remembered"),
    [
        ('raise ValueError("broken")', "ValueError: broken", True),
        ("import coursegen_no_such", "ModuleNotFound", False),
        ("while True:\n    pass", "did not finish within 2 s", True),
    ],
    ids=["lasting", "missing-module", "endless"],
)
def test_broken_examples_are_reported_again_without_running_again(
    tmp_path, monkeypatch, code, error, remembered
):
    """Each rebuild under mkdocs serve (a transcript saved) ran the same broken examples again, and a loop
    that never ends for its ten minutes again; a module they lack, though, may be installed or written
    meanwhile: those run again."""
    monkeypatch.setattr(driver, "CELL_TIMEOUT_SECONDS", 2)
    path = tmp_path / "examples.py"
    path.write_text(f'# %% example="a"\n{code}\n')
    lesson, source = lesson_for(path), load_examples(path)
    first = execution.start_examples(lesson, source, [LocaleStrings("en", {})], tmp_path / "cache")
    with pytest.raises(ExampleError, match=error):
        first.result(timeout=60)
    # Told at once to the next build (under serve, the one the failure itself set off: it started the run
    # again, showed it as still running, and so on, every few seconds).
    again = execution.start_examples(lesson, source, [LocaleStrings("en", {})], tmp_path / "cache")
    assert again.done()
    # A failure remembered says so: nothing runs it again until the examples change.
    told = str(first.exception()) + (
        " (not run again until the examples or their data change)" if remembered else ""
    )
    assert str(again.exception(timeout=60)) == told
    # Then run again, unless the same code is bound to fail the same way.
    third = execution.start_examples(lesson, source, [LocaleStrings("en", {})], tmp_path / "cache")
    assert third.done() == remembered
    assert str(third.exception(timeout=60)) == told


def test_a_build_that_wants_the_same_run_waits_for_it_and_one_that_wants_part_of_it_lets_it_finish(tmp_path):
    """Each rebuild of mkdocs serve started the same examples again (three runs of one broken lesson), and a
    translator's label fix in one locale stopped a nearly finished run for all the others."""
    path = tmp_path / "examples.py"
    path.write_text('# %% example="a"\nimport time\ntime.sleep(3)\nprint(_("Hi"))\n')
    lesson, source = lesson_for(path), load_examples(path)
    locales = [LocaleStrings("en", {}), LocaleStrings("fr", {"Hi": "Salut"})]
    first = execution.start_examples(lesson, source, locales, tmp_path / "cache")
    assert execution.start_examples(lesson, source, locales, tmp_path / "cache") is first
    fixed = [LocaleStrings("en", {}), LocaleStrings("fr", {"Hi": "Bonjour"})]
    second = execution.start_examples(lesson, source, fixed, tmp_path / "cache")
    assert cell(first.result(timeout=60), "fr", "a", 0).stdout == "Salut\n"
    done = second.result(timeout=60)
    assert cell(done, "fr", "a", 0).stdout == "Bonjour\n" and done.rendered == ("fr",)


def test_a_run_for_a_label_corrected_meanwhile_is_stopped(tmp_path):
    """A translator's label saved with a typo, then corrected: the run for the typo shared the other locales'
    cached results with the corrected one, so it was never stopped, and the corrected one waited for it
    (a course of 8 lessons ran its examples 16 times, 40 s)."""
    path = tmp_path / "lesson" / "examples.py"  # the cache beside it would be data of the examples
    path.parent.mkdir()
    path.write_text('# %% example="a"\nimport time\ntime.sleep(4)\nprint(_("Hi"))\n')
    lesson, source = lesson_for(path), load_examples(path)
    cache = tmp_path / "cache"
    english = LocaleStrings("en", {})
    execution.start_examples(lesson, source, [english, LocaleStrings("fr", {"Hi": "Salut"})], cache).result(
        60
    )
    typo = execution.start_examples(lesson, source, [english, LocaleStrings("fr", {"Hi": "Salu"})], cache)
    started = time.monotonic()
    fixed = execution.start_examples(lesson, source, [english, LocaleStrings("fr", {"Hi": "Salut !"})], cache)
    with pytest.raises(execution.ExamplesCancelled):
        typo.result(timeout=60)
    assert cell(fixed.result(timeout=60), "fr", "a", 0).stdout == "Salut !\n"
    assert _kernels_of_this_process() == []
    assert time.monotonic() - started < 60


def test_a_lesson_whose_results_are_cached_is_read_at_once_while_others_run(tmp_path):
    """Under mkdocs serve, a lesson whose run had ended was shown as still running, build after build: reading
    its cached results waited in the queue behind the other lessons' kernels."""
    cache = tmp_path / "cache"
    done_path = tmp_path / "done" / "examples.py"
    done_path.parent.mkdir()
    done_path.write_text('# %% example="a"\nprint("ready")\n')
    done, done_source = lesson_for(done_path), load_examples(done_path)
    locales = [LocaleStrings("en", {})]
    execution.start_examples(done, done_source, locales, cache).result(timeout=60)
    endless = []
    for name in ("busy-1", "busy-2"):
        path = tmp_path / name / "examples.py"
        path.parent.mkdir()
        path.write_text('# %% example="a"\nwhile True:\n    pass\n')
        lesson = Lesson(name, "Busy", path.parent, (Section("a", "A"),), examples=path)
        endless.append(execution.start_examples(lesson, load_examples(path), locales, cache))
    try:
        again = execution.start_examples(done, done_source, locales, cache)
        assert again.done() and cell(again.result(), "en", "a", 0).stdout == "ready\n"
    finally:
        execution.cancel_all()
        for run in endless:
            with pytest.raises(execution.ExamplesCancelled):
                run.result(timeout=30)
    assert _kernels_of_this_process() == []


def test_a_data_folder_linked_beside_the_examples_is_theirs(tmp_path):
    """A data folder linked beside examples.py, which Python and Jupyter read through the link, was not
    copied for the kernel: "FileNotFoundError", and the notebook's zip left it out."""
    lesson = tmp_path / "lesson"
    lesson.mkdir()
    (lesson / "examples.py").write_text('# %% example="a"\nprint(1)\n')
    shared = tmp_path / "shared data"
    shared.mkdir()
    (shared / "mesures é.csv").write_text("1,2\n")
    (lesson / "données").symlink_to(shared, target_is_directory=True)
    (shared / "again").symlink_to(shared, target_is_directory=True)  # a loop: walked once
    found = execution.data_files(load_examples(lesson / "examples.py"))
    assert found == {"données/mesures é.csv": lesson / "données" / "mesures é.csv"}


def test_a_data_file_that_cannot_be_read_is_one_error_naming_it(tmp_path):
    """An unreadable data file beside the examples (chmod 000) stopped the build with a traceback."""
    with pytest.raises(ExampleError) as caught:
        execution._read_data(tmp_path)  # a folder: read as a file, it fails as an unreadable one does
    assert caught.value.path == tmp_path and "cannot be read" in caught.value.reason


def test_the_kernel_s_hash_seed_and_ipython_folder_are_the_build_s_own(tmp_path, monkeypatch):
    """A printed set came out in another order in every build (and between locales of two kernels), and the
    builder's IPython startup files changed the numbers on the pages."""
    startup = tmp_path / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-builder.py").write_text("import numpy as np\nnp.set_printoptions(precision=2)\n")
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    path = tmp_path / "lesson" / "examples.py"
    path.parent.mkdir()
    path.write_text(
        '# %% example="order"\nimport numpy as np\n'
        'print(list({"weights", "biases", "activations", "gradients", "costs"}), np.array([1 / 3]))\n'
    )
    source = load_examples(path)
    printed = set()
    for run in range(2):
        monkeypatch.setenv("PYTHONHASHSEED", "random")
        results = run_examples(lesson_for(path), source, [LocaleStrings("en", {})], tmp_path / f"cache{run}")
        printed.add(cell(results, "en", "order", 0).stdout)
    assert len(printed) == 1 and "[0.33333333]" in printed.pop()
    assert not (tmp_path / "ipython" / "profile_default" / "log").exists()


def test_locales_that_cannot_share_the_examples_state_run_apart_and_the_author_is_told(tmp_path, caplog):
    """A generator every locale's run advanced gave each page another number than its notebook."""
    path = tmp_path / "examples.py"
    path.write_text(
        '# %% example="a"\ndef numbers():\n    k = 0\n    while True:\n        k += 1\n        yield k\n\n'
        'gen = numbers()\n\n# %% example="b"\nprint(_("Hi"), next(gen))\n\n# %%\nprint(next(gen))\n'
    )
    locales = [
        LocaleStrings("en", {}),
        LocaleStrings("fr", {"Hi": "Salut"}),
        LocaleStrings("de", {"Hi": "Hallo"}),
    ]
    with caplog.at_level("INFO", logger="coursegen.execution"):
        results = run_examples(lesson_for(path), load_examples(path), locales, tmp_path / "cache", kernels=1)
    assert [cell(results, code, "b", 0).stdout for code in ("en", "fr", "de")] == [
        "Hi 1\n",
        "Salut 1\n",
        "Hallo 1\n",
    ]
    assert {cell(results, code, "b", 1).stdout for code in ("en", "fr", "de")} == {"2\n"}
    told = [r.getMessage() for r in caplog.records if "on its own" in r.getMessage()]
    assert len(told) == 1
    assert told[0].startswith(f"{path}:11: example 'b': the generator numbers() (gen) changed")


def test_running_the_examples_again_apart_past_the_time_limit_says_so(tmp_path, monkeypatch):
    """The earlier cells run again for each locale within the cell that parted them: out of time, the build
    named an earlier, innocent line as "a loop that never ends?"."""
    path = tmp_path / "examples.py"
    path.write_text(
        '# %% example="a"\nimport time\ntime.sleep(1.2)\ngen = (i for i in range(10))\n\n'
        '# %% example="b"\nprint(_("Hi"), next(gen))\n'
    )
    monkeypatch.setattr(driver, "CELL_TIMEOUT_SECONDS", 2)
    locales = [LocaleStrings("en", {}), LocaleStrings("fr", {"Hi": "Salut"})]
    with pytest.raises(ExampleError) as error:
        run_examples(lesson_for(path), load_examples(path), locales, tmp_path / "cache", kernels=1)
    told = str(error.value)
    assert "example 'b': did not finish within 2 s: the generator <genexpr>() (gen) changed" in told
    assert "each language was running the examples up to here again on its own" in str(error.value)


def test_a_cache_entry_this_user_cannot_enter_is_one_error_naming_it(tmp_path: Path, monkeypatch) -> None:
    """A first build run with sudo (umask 077) left entries another user cannot enter: the next build
    stopped with a PermissionError traceback."""
    entry = tmp_path / "lesson" / f"fr-{'0' * 32}"
    entry.mkdir(parents=True)
    is_file = Path.is_file

    def locked(path: Path) -> bool:
        if path.parent == entry:
            raise PermissionError(13, "Permission denied", str(path))
        return is_file(path)

    monkeypatch.setattr(Path, "is_file", locked)
    with pytest.raises(ExampleError, match="cannot read the examples' cache: Permission denied") as caught:
        execution._uncached(frozenset({entry}))
    assert caught.value.path == entry


UKRAINIAN_PLURALS = "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"
STEPS = "{n} step"


def test_each_language_prints_its_own_plural_forms(tmp_path):
    """Examples had no plural forms: a printed count read "5 кроки" in Ukrainian (it has three: 1 крок,
    2 кроки, 5 кроків), and ngettext() stopped the build with a NameError."""
    path = tmp_path / "examples.py"
    path.write_text(
        '# %% example="a"\nfor n in (1, 2, 5, 11, 22):\n'
        f"    print(ngettext({STEPS!r}, '{{n}} steps', n).format(n=n))\n",
        encoding="utf-8",
    )
    source = load_examples(path)
    assert plurals(source) == ((STEPS, "{n} steps"),)
    ukrainian = LocaleStrings(
        "uk", {}, ",", plurals={STEPS: ("{n} крок", "{n} кроки", "{n} кроків")}, plural_expr=UKRAINIAN_PLURALS
    )
    untranslated = LocaleStrings(
        "ko", {}, plurals={STEPS: (English(STEPS), English("{n} steps"))}, plural_expr="0"
    )
    results = run_examples(lesson_for(path), source, [ukrainian, untranslated], tmp_path / "cache")
    assert cell(results, "uk", "a", 0).stdout.split("\n")[:5] == [
        "1 крок",
        "2 кроки",
        "5 кроків",
        "11 кроків",
        "22 кроки",
    ]
    assert cell(results, "ko", "a", 0).stdout.split("\n")[:5] == [
        "1 step",
        "2 steps",
        "5 steps",
        "11 steps",
        "22 steps",
    ]


def test_what_a_page_cannot_show_is_a_warning_at_its_line(tmp_path, caplog):
    """HTML(...) shown by an example (an animation's player) went onto every page as its markup in text."""
    path = tmp_path / "examples.py"
    path.write_text('# %% example="a"\nfrom IPython.display import HTML\nprint(_("Hi"))\nHTML("<b>x</b>")\n')
    locales = [LocaleStrings("en", {}), LocaleStrings("fr", {"Hi": "Salut"})]
    with caplog.at_level("INFO", logger="coursegen.execution"):
        results = run_examples(lesson_for(path), load_examples(path), locales, tmp_path / "cache", kernels=1)
    told = [r.getMessage() for r in caplog.records if "cannot show" in r.getMessage()]
    assert told == [
        f"{path}:4: example 'a' shows HTML(...), which a page cannot show (it shows what is printed and "
        "figures): draw it as a figure, or print what it says"
    ]
    assert "<b>" not in results.blocks["fr"]["a"].cells[0].stdout


def test_a_cache_removed_while_the_examples_run_is_one_line(tmp_path, monkeypatch):
    """`make clean` (or rm -rf of the cache) during a build ended in a 91-line traceback of a file not found
    in the cache, or, under mkdocs serve, in "examples could not run: FileNotFoundError ... running.json"."""
    path = tmp_path / "examples.py"
    path.write_text(
        '# %% example="a"\nimport matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.plot([1, 2])\n'
        'fig.set_label("A line")\n'
    )
    cache = tmp_path / "cache"
    real = example_cache.publish

    def removed_first(*args, **kwargs):  # type: ignore[no-untyped-def]
        shutil.rmtree(cache)  # as the kernel finishes
        return real(*args, **kwargs)

    monkeypatch.setattr(example_cache, "publish", removed_first)
    with pytest.raises(ExampleError) as error:
        run_examples(lesson_for(path), load_examples(path), [LocaleStrings("en", {})], cache)
    assert error.value.reason == f"the examples' cache ({cache}) was removed while they ran: build again"
    assert error.value.path == path


def test_a_killed_build_s_kernel_folders_are_swept_and_hold_its_connection_file(tmp_path, monkeypatch):
    """A build killed with SIGKILL left each kernel's connection file (its key in it) and socket folder in the
    temporary folder, and no later build removed them."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    kernels._sweep_killed_runs.cache_clear()
    old = tmp_path / f"{kernels.KERNEL_FOLDER_PREFIX}killed"
    fresh = tmp_path / f"{kernels.KERNEL_FOLDER_PREFIX}running"
    other = tmp_path / "someone-else"
    for folder in (old, fresh, other):
        folder.mkdir()
    os.utime(old, (time.time() - 2 * kernels.KILLED_RUN_SECONDS,) * 2)
    os.utime(other, (time.time() - 2 * kernels.KILLED_RUN_SECONDS,) * 2)
    seen = []

    async def stopped_at_start(client, manager, workdir, source, private):
        seen.append((Path(manager.connection_file), private))
        raise ExampleError("stopped here", path=source.path)

    monkeypatch.setattr(kernels, "_start_kernel", stopped_at_start)
    path = tmp_path / "examples.py"
    path.write_text('# %% example="a"\nx = 1\n')
    with pytest.raises(ExampleError, match="stopped here"):
        run_examples(lesson_for(path), load_examples(path), [LocaleStrings("en", {})], tmp_path / "cache")
    assert not old.exists() and fresh.is_dir() and other.is_dir()
    [(connection, private)] = seen
    assert connection.parent == private and private.name.startswith(kernels.KERNEL_FOLDER_PREFIX)
    kernels._sweep_killed_runs.cache_clear()


def test_a_run_waits_for_another_process_s_run_of_the_lesson_and_reads_its_results(tmp_path, monkeypatch):
    """mkdocs serve and a build sharing the cache each ran the examples the cache lacked: four kernels on two
    cores, twice the time. The second now waits for the first (its lock) and reads what it stored."""
    import fcntl

    (tmp_path / "lesson").mkdir()  # the caches are not beside the examples (data files)
    path = tmp_path / "lesson" / "examples.py"
    path.write_text('# %% example="a"\nprint("computed once")\n')
    lesson, source, locales = lesson_for(path), load_examples(path), [LocaleStrings("en", {})]
    elsewhere = tmp_path / "first-cache"
    run_examples(lesson, source, locales, elsewhere)  # what the other process computes
    shared = tmp_path / "shared-cache"
    (shared / execution.LOCKS_FOLDER).mkdir(parents=True)

    def no_kernel(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(kernels, "_run_notebook", no_kernel)
    outcome: list[object] = []
    with open(shared / execution.LOCKS_FOLDER / f"{lesson.id}.lock", "ab") as other:
        fcntl.flock(other, fcntl.LOCK_EX)  # the other process's run
        waiting = threading.Thread(
            target=lambda: outcome.append(run_examples(lesson, source, locales, shared)), daemon=True
        )
        waiting.start()
        time.sleep(1.0)
        assert waiting.is_alive() and not outcome
        shutil.copytree(elsewhere / lesson.id, shared / lesson.id)  # it stores its results, then lets go
        fcntl.flock(other, fcntl.LOCK_UN)
    waiting.join(timeout=30)
    [results] = outcome
    assert cell(results, "en", "a", 0).stdout == "computed once\n" and results.rendered == ()


def test_a_run_waiting_for_another_process_s_run_can_be_cancelled(tmp_path):
    """Under mkdocs serve, a run that waits for another build's is stopped as one waiting for kernels is."""
    import fcntl

    (tmp_path / "lesson").mkdir()
    path = tmp_path / "lesson" / "examples.py"
    path.write_text('# %% example="a"\nprint(1)\n')
    cache = tmp_path / "cache"
    (cache / execution.LOCKS_FOLDER).mkdir(parents=True)
    lesson = lesson_for(path)
    cancel = threading.Event()
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            run_examples(lesson, load_examples(path), [LocaleStrings("en", {})], cache, cancel=cancel)
        except BaseException as exc:
            outcome.append(exc)

    with open(cache / execution.LOCKS_FOLDER / f"{lesson.id}.lock", "ab") as other:
        fcntl.flock(other, fcntl.LOCK_EX)
        waiting = threading.Thread(target=run, daemon=True)
        waiting.start()
        time.sleep(0.5)
        cancel.set()
        waiting.join(timeout=5)
        assert not waiting.is_alive()
    assert [type(exc) for exc in outcome] == [execution.ExamplesCancelled]
