"""Hand-written YAML: a mistake is reported on the line where the translator made it, in plain words."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from coursegen.errors import AlignmentError, LessonError, TranscriptError, one_line
from coursegen.yamlfiles import read_yaml

HEAD = "# Where each section starts\nzero-network: So we have\n"
COLON = '": "'
EXPECTED = "expected ',' or "


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('why-small: "Maybe a bit odd\n', "a quote opened on this line is never closed"),
        (
            "why-small: Step two: the weights\n",
            'a second ": " on one line; put a text that holds ": " in quotes',
        ),
        ("why-small: [Maybe\n", "expected ',' or ']', but got ':', in the [ ] list that starts on this line"),
        (
            "why-small: {Maybe\n",
            "expected ',' or '}', but got ':', in the { } mapping that starts on this line",
        ),
        ("why-small Maybe\n", "could not find expected ':', in the key that starts on this line"),
    ],
    ids=["open-quote", "second-colon", "open-list", "open-mapping", "no-colon"],
)
def test_mistake_is_reported_on_its_own_line(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "lesson.sections.yml"
    path.write_text(HEAD + line + "wrap-up: That is all.\n\nzero-bias: And now b.\n", encoding="utf-8")
    with pytest.raises(AlignmentError) as caught:
        read_yaml(path, AlignmentError, "section marks")
    assert one_line(caught.value) == f"{path}:3: invalid YAML in section marks: {reason}"


def test_an_indented_line_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "lesson.sections.yml"
    path.write_text(HEAD + "  induction: Indented too far\n", encoding="utf-8")
    with pytest.raises(AlignmentError, match=r":3: invalid YAML in section marks: this line is indented"):
        read_yaml(path, AlignmentError, "section marks")


def test_a_nested_line_with_a_second_colon_is_told_to_quote_not_to_unindent(tmp_path: Path) -> None:
    """In an outline, headings are indented as they should be: moving one to the first column would break
    the file further; its text needs quotes."""
    path = tmp_path / "lesson.yml"
    path.write_text("sections:\n  - id: intro\n    heading: Why initialization: matters\n", encoding="utf-8")
    with pytest.raises(
        AlignmentError, match=r':3: invalid YAML in lesson outline: a second ": " on one line'
    ):
        read_yaml(path, AlignmentError, "lesson outline")


def test_a_value_starting_with_an_exclamation_mark_is_an_error_at_its_line(tmp_path: Path) -> None:
    """ "!Important ..." is a YAML tag no safe loader builds: it was a traceback from the code reading the
    outline, after the file had been read without error."""
    path = tmp_path / "lesson.yml"
    path.write_text("title: Random\nsections:\n  - heading: !Important why it matters\n", encoding="utf-8")
    with pytest.raises(LessonError) as caught:
        read_yaml(path, LessonError, "lesson outline", nodes=True)
    assert one_line(caught.value).startswith(f"{path}:3: invalid YAML in lesson outline: ")
    assert "!Important" in one_line(caught.value)


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + level)}: &{chr(98 + level)} [{', '.join([f'*{chr(97 + level)}'] * 10)}]\n"
    for level in range(8)
)


@pytest.mark.parametrize("nodes", [False, True])
def test_an_alias_is_an_error_at_its_line_not_a_value_of_a_billion_items(tmp_path: Path, nodes: bool) -> None:
    """Nine lines of aliases to aliases are 10**9 items: printing or hashing the value took minutes and
    gigabytes. These files have no use for aliases."""
    path = tmp_path / "lesson.yml"
    path.write_text(BOMB, encoding="utf-8")
    started = time.process_time()
    with pytest.raises(TranscriptError) as caught:
        read_yaml(path, TranscriptError, "transcript metadata", nodes=nodes)
    assert one_line(caught.value) == (
        f"{path}:2: invalid YAML in transcript metadata: "
        "an alias (*name) of another value: write the value itself"
    )
    assert time.process_time() - started < 1.0


def test_an_anchor_without_alias_is_harmless(tmp_path: Path) -> None:
    path = tmp_path / "lesson.yml"
    path.write_text("format: &f txt\n", encoding="utf-8")
    assert read_yaml(path, TranscriptError, "transcript metadata") == {"format": "txt"}


def test_a_merge_conflict_is_named_at_its_first_marker(tmp_path: Path) -> None:
    """YAML reads git's markers as text: the error named a line further on, "could not find expected ':'"."""
    path = tmp_path / "lesson.sections.yml"
    path.write_text("intro:\n<<<<<<< HEAD\n  quote: a\n=======\n  quote: b\n>>>>>>> fr\n", encoding="utf-8")
    with pytest.raises(AlignmentError) as caught:
        read_yaml(path, AlignmentError, "section marks")
    assert one_line(caught.value).startswith(f"{path}:2: section marks: an unresolved merge conflict (")
