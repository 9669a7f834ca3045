"""Errors and log lines are one line of plain text, whatever a translator's file put into them."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from support import LESSON, copy_project

from coursegen import plugin
from coursegen.cli import main
from coursegen.errors import CoursegenError, one_line, printable

# What a quote in a section-marks file can hold: clear the screen, retitle the terminal, ring, turn text red.
ESCAPES = "\x1b[2J\x1b]0;PWNED\x07\x1b[31m"
WRITTEN_OUT = "\\x1b[2J\\x1b]0;PWNED\\x07\\x1b[31m"


def test_control_characters_are_written_out_and_whitespace_is_one_space() -> None:
    error = CoursegenError(f"quote not found: '{ESCAPES}Vous\n avez\x9b ici\x00'", path="a.yml", line=3)
    assert one_line(error) == f"a.yml:3: quote not found: '{WRITTEN_OUT}Vous avez\\x9b ici\\x00'"
    assert printable("tab\tand ü, 中, \u200f stay") == "tab\tand ü, 中, \u200f stay"


def test_check_reports_a_quote_with_terminal_escapes_written_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(tmp_path / "project")
    marks = project / "locales" / "fr" / "transcripts" / f"{LESSON}.sections.yml"
    line = "zero-network: Vous avez ici deux propriétés"
    text = marks.read_text(encoding="utf-8")
    assert line in text
    quoted = 'zero-network: "\\e[2J\\e]0;PWNED\\a\\e[31mVous avez ici deux propriétés"'
    marks.write_text(text.replace(line, quoted), encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["check"]) != 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert f"quote not found in the transcript: '{WRITTEN_OUT}Vous avez ici" in out


def test_the_build_log_writes_out_control_characters_in_coursegen_s_warnings() -> None:
    """Through the handler MkDocs prints with, which coursegen's messages share (a locales folder named
    with escapes was printed as it is)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.set_name(plugin.MKDOCS_STREAM)
    mkdocs = logging.getLogger("mkdocs")
    mkdocs.addHandler(handler)
    try:
        plugin._print_our_warnings_as_mkdocs_does()
        logging.getLogger("coursegen.locales").warning("%s: not a locale folder", f"locales/{ESCAPES}x")
        logging.getLogger("coursegen.marks").warning("line one\n\tand\r %s", "two\x85")
        logging.raiseExceptions, raised = False, logging.raiseExceptions
        try:
            logging.getLogger("coursegen.x").warning("%d", "not a number")  # logging's own error, not ours
        finally:
            logging.raiseExceptions = raised
    finally:
        mkdocs.removeHandler(handler)
        logging.getLogger("coursegen").removeHandler(handler)
    assert stream.getvalue() == (
        f"locales/{WRITTEN_OUT}x: not a locale folder\nline one\n\tand\\x0d two\\x85\n"
    )
