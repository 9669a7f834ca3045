"""The line rules the transcript formats share: the same lines found as before, in time linear in a line."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursegen.textlines import LEADING_TIME, TIME_LINE, TIME_TEXT, atx_heading
from coursegen.transcripts import read_transcript

# The patterns as they were written before their spaces were taken whole: what they matched is the reference.
OLD_LEADING_TIME = re.compile(
    rf"^\s*(?:\*\*|__)?\s*[\[(]\s*({TIME_TEXT})(?:\s*-->\s*{TIME_TEXT})?\s*[\])](?:\([^()\s]*\))?"
    r"\s*(?:\*\*|__)?\s*"
)
OLD_TIME_LINE = re.compile(
    rf"^\s*(?:\*\*|__)?[\[(]?\s*({TIME_TEXT})(?:\s*(?:-->|,|-|–)\s*{TIME_TEXT})?\s*[\])]?(?:\*\*|__)?\s*$"
)
OLD_HEADING = r"^\s{{0,{indent}}}(#{{1,6}})\s+(.*?)(?:\s+#+)?\s*$"

LINES = st.lists(
    st.sampled_from(
        [
            " ",
            "\t",
            "\u3000",
            "\n",
            "#",
            "a",
            "é",
            "*",
            "_",
            "[",
            "]",
            "(",
            ")",
            "0",
            "1:",
            "5",
            ",",
            "-",
            ">",
        ]
    ),
    max_size=24,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(LINES)
def test_time_patterns_match_what_they_matched(line: str) -> None:
    for new, old in ((LEADING_TIME, OLD_LEADING_TIME), (TIME_LINE, OLD_TIME_LINE)):
        found, was = new.match(line), old.match(line)
        assert (found and (found.span(), found.groups())) == (was and (was.span(), was.groups()))


@settings(max_examples=1500, deadline=None)
@given(LINES, st.sampled_from([0, 3]))
def test_a_heading_is_read_as_the_pattern_read_it(line: str, indent: int) -> None:
    was = re.match(OLD_HEADING.format(indent=indent), line)
    assert atx_heading(line, indent) == (was and was.groups())


@pytest.mark.parametrize(
    ("suffix", "text"),
    [
        (".txt", "Bonjour.\n" + " " * 20000 + "x\n" + "\t" * 20000 + "\nFin.\n"),
        (".txt", "".join(" " * 2000 + f"Phrase {n}.\n" for n in range(40))),
        (".md", "# a" + " " * 20000 + "x\n\nTexte.\n\n" + " " * 20000 + "|x\n"),
    ],
)
def test_long_runs_of_spaces_are_read_in_time_linear_in_them(tmp_path: Path, suffix: str, text: str) -> None:
    """Text exported from PDFs and layout tools pads lines with spaces: a line of 20,000 of them took 43 s
    to read (every way of sharing them between two patterns' spaces was tried); now a fraction of one."""
    path = tmp_path / f"fr{suffix}"
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    transcript = read_transcript(path, "fr")
    assert time.monotonic() - started < 5.0
    assert transcript.text.endswith(("x", "Fin.", "Phrase 39.", "|x"))
