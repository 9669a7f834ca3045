import logging
from pathlib import Path

import pytest

from coursegen.errors import ExampleError, LessonError
from coursegen.examples import check_blocks, load_examples, messages, parse_examples, plurals
from coursegen.lessons import Lesson, Section

FIXTURES = Path(__file__).parent / "fixtures" / "examples"
REAL = Path(__file__).parents[1] / "docs" / "lessons" / "random-initialization" / "examples.py"


@pytest.fixture(scope="module")
def basic():
    return load_examples(FIXTURES / "basic.py")


def test_blocks_in_order_with_their_cells(basic):
    assert basic.block_names == ("setup", "curves", "counter")
    assert [len(block.cells) for block in basic.blocks] == [2, 2, 2]
    assert basic.setup == ()
    assert [cell.index for cell in basic.cells] == list(range(6))


def test_cell_lines_point_at_the_file(basic):
    lines = (FIXTURES / "basic.py").read_text().splitlines()
    for cell in basic.cells:
        assert lines[cell.line - 1] == cell.source.splitlines()[0]


def test_messages_in_source_order_without_duplicates(basic):
    found = messages(basic)
    assert found[:3] == ("Sum of absolute weights: {total}", "tanh", "Activation")
    assert len(found) == len(set(found)) == 9


def test_cells_before_the_first_block_are_setup(tmp_path):
    source = parse_examples('# %%\nimport math\n\n# %% example="a"\nprint(_("x"))\n', tmp_path / "e.py")
    assert [cell.source for cell in source.setup] == ["import math"]
    assert source.block("a").cells[0].line == 5


def test_comments_that_look_like_ipython_stay_comments(tmp_path):
    """jupytext made "# %matplotlib inline" (which it writes itself for a converted notebook) and
    "# !important" code, and the build called them invalid Python."""
    code = "# %matplotlib inline\nimport math\n# !important: keep the order\nx = 1  # %d units\n"
    source = parse_examples(f'# %%\n{code}\n# %% example="a"\n# Why sorted?\nprint(x)\n', tmp_path / "e.py")
    assert [cell.source for cell in source.setup] == [code.rstrip()]
    assert source.setup[0].line == 2 and source.block("a").cells[0].source == "# Why sorted?\nprint(x)"


def test_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / "examples.py"
    path.write_text('# %% example="a"\nx = 1\n\n# %% example="b"\ny = 2\nz = (\n')
    with pytest.raises(ExampleError) as error:
        load_examples(path)
    assert str(error.value).startswith(f"{path}:6: invalid Python")


def test_duplicate_block_is_an_error(tmp_path):
    with pytest.raises(ExampleError, match="defined twice"):
        parse_examples('# %% example="a"\nx = 1\n\n# %% example="a"\ny = 2\n', tmp_path / "e.py")


def test_translation_needs_a_literal(tmp_path):
    source = parse_examples('# %% example="a"\nname = "x"\nprint(_(name))\n', tmp_path / "e.py")
    with pytest.raises(ExampleError) as error:
        messages(source)
    assert error.value.line == 3


def test_missing_source_file(tmp_path):
    with pytest.raises(ExampleError, match="not found"):
        load_examples(tmp_path / "nope.py")


def test_block_named_by_outline_must_exist(basic, tmp_path):
    lesson = Lesson("l", "L", tmp_path, (Section("s", "S", "curves"), Section("t", "T", "nowhere")))
    with pytest.raises(LessonError) as error:
        check_blocks(lesson, basic)
    assert error.value.path == tmp_path / "lesson.yml"
    assert "'nowhere'" in str(error.value) and "basic.py" in str(error.value)
    check_blocks(Lesson("l", "L", tmp_path, (Section("s", "S", "curves"),)), basic)


def test_examples_shown_out_of_the_file_s_order_are_an_error(tmp_path):
    """The page showed the examples in the outline's order, the notebook in the file's: swapping two in
    lesson.yml gave a page whose code used a name before the example that defines it, and a notebook with
    three examples under one heading and none under the others."""
    source = parse_examples('# %% example="a"\nx = 1\n\n# %% example="b"\ny = x\n', tmp_path / "e.py")
    swapped = Lesson(
        "l",
        "L",
        tmp_path,
        (Section("s", "S", "b", line=4), Section("t", "T"), Section("u", "U", "a", line=9)),
    )
    with pytest.raises(LessonError) as error:
        check_blocks(swapped, source)
    assert (error.value.path, error.value.line) == (tmp_path / "lesson.yml", 9)
    assert "section 'u' shows example 'a' after 'b', but e.py defines it before" in error.value.reason
    check_blocks(Lesson("l", "L", tmp_path, (Section("s", "S", "a"), Section("u", "U", "b"))), source)


def test_an_alt_text_written_as_a_plain_string_is_a_doubt_at_its_line(tmp_path):
    """fig.set_label("...") without _() built without a word: every page described its plot in English,
    not marked as English to screen readers."""
    code = (
        '# %% example="a"\nimport matplotlib.pyplot as plt\n'
        "fig, ax = plt.subplots()\n"
        'fig.set_label("Three points joined by lines.")\n'
        'ax.set_label("an axes is no figure")\n'
        'plt.figure(label="A bare figure.")\n'
        'ax.figure.set_label("Its axes\' figure.")\n'
        'plt.gcf().set_label("The current one.")\n'
        'fig.set_label(_("Translated."))\n'
        'fig.set_label("42")\n'
        "(line,) = ax.plot([1])\n"
        'line.set_label("a legend entry")\n'
        'plt.figure("Named by its number.")\n'
        'plt.subplots(num="Two panels.")\n'
        "plt.figure(3)\n"
    )
    source = parse_examples(code, tmp_path / "e.py")
    lesson = Lesson("l", "L", tmp_path, (Section("s", "S", "a"),))
    doubts = check_blocks(lesson, source)
    assert [where for where, _what in doubts] == [f"{tmp_path / 'e.py'}:{n}" for n in (4, 6, 7, 8, 13, 14)]
    assert doubts[0][1] == (
        "the alt text 'Three points joined by lines.' is not translated: give it as "
        "_('Three points joined by lines.'), or every page describes the plot in English"
    )


@pytest.mark.skipif(not REAL.is_file(), reason="the lesson's examples are not there")
def test_real_examples_parse_and_have_messages():
    source = load_examples(REAL)
    assert "network" in source.block_names
    assert messages(source)


@pytest.mark.parametrize(
    "code",
    [
        "for _ in range(3):\n    pass\n",
        "_, b = 1, 2\n",
        "fmt = '{:.2f}'\n",
        "import gettext as _\n",
        "def fmt(x):\n    return x\n",
    ],
    ids=["loop", "unpack", "assign", "import", "def"],
)
def test_rebinding_the_translation_functions_is_an_error_at_its_line(tmp_path, code):
    """``for _ in range(3)`` then ``_("Cost")`` in the same cell ended in "'int' object is not callable"."""
    with pytest.raises(ExampleError) as error:
        parse_examples('# %% example="a"\nx = 1\n' + code + 'print(_("x"))\n', tmp_path / "e.py")
    message = str(error.value)
    assert error.value.line == 3 and ("names the translation" in message or "formats numbers" in message)


def test_a_syntax_error_names_file_lines_only(tmp_path: Path) -> None:
    """ "examples.py:476: invalid Python: unterminated string literal (detected at line 3)": the second
    number counted from the start of the cell."""
    code = '# %% example="a"\nx = 1\n\n# %%\ny = 2\nz = (\n    "abc\n)\n'
    with pytest.raises(ExampleError) as error:
        parse_examples(code, tmp_path / "examples.py")
    assert str(error.value) == (
        f"{tmp_path / 'examples.py'}:7: invalid Python: unterminated string literal (detected at line 7)"
    )


def test_an_invalid_escape_is_warned_of_at_its_file_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """'\\d' in a plain string: Python warned at the cell's line 2, or in "<unknown>", three times."""
    code = '# %% example="a"\nx = 1\n\n# %%\nimport re\nfound = re.findall("\\d+", "a1")\n'
    with caplog.at_level(logging.WARNING, logger="coursegen.examples"):
        source = parse_examples(code, tmp_path / "examples.py")
        messages(source)
    assert [r.getMessage() for r in caplog.records] == [
        f"{tmp_path / 'examples.py'}:6: invalid escape sequence '\\d'"
    ]


def test_an_example_source_with_a_byte_order_mark_is_python(tmp_path: Path) -> None:
    """Saved by Windows Notepad, examples.py was refused as "invalid non-printable character U+FEFF"."""
    path = tmp_path / "examples.py"
    path.write_bytes(b'\xef\xbb\xbf# %% example="a"\r\nprint(_("x"))\r\n')
    assert messages(load_examples(path)) == ("x",)
    from coursegen.buildcache import BuildCache
    from coursegen.exampleinputs import cached_examples

    assert messages(cached_examples(path, "l", BuildCache.under(tmp_path / "cache"))) == ("x",)


@pytest.mark.parametrize(
    "call", ['ngettext("{n} step", n)', 'ngettext(one, "{n} steps", n)', 'ngettext("a", "b", n=3)']
)
def test_a_plural_translation_needs_two_literals_and_a_number(tmp_path, call):
    source = parse_examples(f'# %% example="a"\nn = 3\nprint({call})\n', tmp_path / "e.py")
    with pytest.raises(ExampleError, match=r"ngettext\(\) takes two string literals and a number") as error:
        plurals(source)
    assert error.value.line == 3


def test_plural_messages_are_listed_once_by_singular(tmp_path):
    source = parse_examples(
        '# %% example="a"\nprint(ngettext("{n} step", "{n} steps", 1))\nprint(_("x"))\n'
        'print(ngettext("{n} step", "{n} steps", 2), ngettext("{n} run", "{n} runs", 2))\n',
        tmp_path / "e.py",
    )
    assert plurals(source) == (("{n} step", "{n} steps"), ("{n} run", "{n} runs"))
    assert messages(source) == ("x",)
