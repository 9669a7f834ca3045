"""Broken input: one line naming the file (and line), exit status 2, no traceback, nothing changed on disk.

The broken files and where each goes are data (``fixtures/hostile/broken/cases.json``). Each case is tried
with every command it concerns: ``coursegen`` in-process (so a traceback would fail the test), and
``mkdocs build`` in a subprocess as a user runs it. A refused command must leave the project exactly as it
was: every file's path and hash are compared before and after.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from support import LESSON, REPO, build_site, copy_project

from coursegen import newlocale
from coursegen.buildcache import FOLDER as BUILD_FOLDER
from coursegen.cli import main
from coursegen.example_cache import RESULT_FILE, TMP_PREFIX

BROKEN = Path(__file__).parent / "fixtures" / "hostile" / "broken"
CASES = json.loads((BROKEN / "cases.json").read_text(encoding="utf-8"))
OK_TRANSCRIPT = REPO / "locales" / "fr" / "transcripts" / f"{LESSON}.txt"


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` (hidden ones too) by relative path, with the hash of its bytes."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "site" not in path.relative_to(root).parts[:1]
    }


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_project(tmp_path / "project")
    monkeypatch.chdir(root)
    return root


def place(root: Path, case: dict) -> Path:
    target = root / case["into"]
    target.write_bytes((BROKEN / case["file"]).read_bytes())
    return target


def one_error_line(text: str, prefix: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert "Traceback" not in text
    errors = [line for line in lines if line.startswith(prefix)]
    assert len(errors) == 1, text
    return errors[0]


def named(case: dict) -> str:
    """The file the error must name: where the case's file goes, unless the case says another."""
    return case.get("names", case["into"])


def assert_names(line: str, case: dict, path: str | None = None) -> None:
    where = re.escape(path or named(case)) + (f":{case['line']}" if case["line"] else "")
    assert re.search(rf"{where}: .*(?:{case['error']})", line), line


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def cases_for(command: str) -> list:
    return [pytest.param(case, id=case["id"]) for case in CASES if command in case["commands"]]


# -- coursegen ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", cases_for("segment"))
def test_segment_refuses_with_one_line(case: dict, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = place(project, case)
    status, out, err = run_cli(["segment", str(path), "--lang", "fr", "--encoding", "utf-8"], capsys)
    assert (status, out) == (2, "")
    assert_names(one_error_line(err, "error: "), case, str(path))


@pytest.mark.parametrize("case", cases_for("add-locale"))
def test_add_locale_refuses_and_changes_nothing(
    case: dict, project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if case["into"].endswith("lesson.yml"):
        place(project, case)
        transcript, shown = OK_TRANSCRIPT, case["into"]
    else:
        transcript = tmp_path / case["file"]
        transcript.write_bytes((BROKEN / case["file"]).read_bytes())
        shown = str(transcript)
    before = snapshot(project)
    argv = ["add-locale", "de", "--lesson", LESSON, "--transcript", str(transcript), "--encoding", "utf-8"]
    status, out, err = run_cli(argv, capsys)
    assert (status, out) == (2, "")
    assert_names(one_error_line(err, "error: "), case, shown)
    assert snapshot(project) == before


@pytest.mark.parametrize("case", cases_for("align"))
def test_align_refuses_with_one_line(case: dict, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    place(project, case)
    before = snapshot(project)
    status, out, err = run_cli(["align", LESSON], capsys)
    assert (status, out) == (2, "")
    assert_names(one_error_line(err, "error: "), case)
    assert snapshot(project) == before


@pytest.mark.parametrize("case", cases_for("check"))
def test_check_names_the_file(case: dict, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file ``check`` cannot read stops it (status 2, one line); a transcript that cannot be aligned is a
    problem in its report (status 1). Either way the file is named, and nothing is written."""
    place(project, case)
    before = snapshot(project)
    status, out, err = run_cli(["check"], capsys)
    assert "Traceback" not in out + err
    assert status in (1, 2)
    if status == 2:
        assert_names(one_error_line(err, "error: "), case)
    else:
        assert [line for line in out.splitlines() if named(case) in line and "error" in line], out
    assert snapshot(project) == before


@pytest.mark.parametrize("case", cases_for("messages"))
def test_messages_refuses_and_changes_nothing(
    case: dict, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Even with a new msgid in the sources, nothing (template, other catalogs) is written."""
    outline = project / "docs" / "lessons" / LESSON / "lesson.yml"
    outline.write_text(outline.read_text(encoding="utf-8").replace("Wrapping up the week", "A new heading"))
    # The last catalog in folder order is the broken one, so the others would be written first.
    case = {**case, "into": case["into"].replace("/fr/", "/zh_Hant/")}
    place(project, case)
    before = snapshot(project)
    status, _, err = run_cli(["messages"], capsys)
    assert status == 2
    assert_names(one_error_line(err, "error: "), case)
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        pytest.param(["add-locale", "xx-nope"], r"'xx-nope' is not a language code", id="unknown-code"),
        pytest.param(["add-locale", "../fr"], r"is not a language code", id="path-as-code"),
        pytest.param(
            ["add-locale", "fr"],
            r"locales/fr/transcripts/random-initialization.txt: locale 'fr' already has a transcript of",
            id="existing",
        ),
        pytest.param(
            ["add-locale", "FR"],
            r"locales/fr/transcripts/random-initialization.txt: locale 'fr' already has a transcript of",
            id="existing-other-case",
        ),
        pytest.param(["add-locale", "de", "--lesson", "nope"], r"unknown lesson 'nope'", id="unknown-lesson"),
        pytest.param(["add-locale", "de", "--lesson", "../../x"], r"unknown lesson", id="path-as-lesson"),
        pytest.param(
            ["segment", "--lang", "xx-nope"], r"'xx-nope' is not a language code", id="segment-code"
        ),
        pytest.param(["align", "nope"], r"unknown lesson 'nope'", id="align-unknown-lesson"),
    ],
)
def test_refused_commands_change_nothing(
    argv: list[str], error: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if argv[0] == "add-locale":
        argv = [*argv, "--transcript", str(OK_TRANSCRIPT)]
        if "--lesson" not in argv:
            argv += ["--lesson", LESSON]
    if argv[0] == "segment":
        argv.insert(1, str(OK_TRANSCRIPT))
    before = snapshot(project)
    status, out, err = run_cli(argv, capsys)
    assert (status, out) == (2, "")
    assert re.search(error, one_error_line(err, "error: "))
    assert snapshot(project) == before


@pytest.mark.parametrize("stage", ["init_catalog", "render_catalog", "rename"])
def test_add_locale_failing_midway_leaves_nothing(
    stage: str, project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(newlocale if stage != "rename" else newlocale.os, stage, fail)
    before = snapshot(project)
    assert main(["add-locale", "de", "--lesson", LESSON, "--transcript", str(OK_TRANSCRIPT)]) == 2
    assert capsys.readouterr().err == "error: No space left on device\n"  # one line, no traceback
    assert snapshot(project) == before
    assert sorted(p.name for p in (project / "locales").iterdir()) == sorted(
        p.name for p in (REPO / "locales").iterdir()
    )


# -- mkdocs build -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One example cache for the failing builds: the first one fills it, the others only read it."""
    return tmp_path_factory.mktemp("broken-cache")


@pytest.mark.slow
@pytest.mark.parametrize("case", cases_for("build"))
def test_build_fails_with_one_error_line(case: dict, project: Path, shared_cache: Path) -> None:
    place(project, case)
    result = build_site(project / "site", shared_cache, project / "mkdocs.yml")
    assert result.returncode != 0
    line = one_error_line(result.stderr, "ERROR")
    assert_names(line, case, str(project / named(case)))


@pytest.mark.slow
@pytest.mark.parametrize("option", ["locales_dir: locales", "lessons_dir: lessons"])
def test_a_mistyped_folder_of_the_course_stops_the_build(
    option: str, project: Path, shared_cache: Path
) -> None:
    """locales_dir: locale built a site of no language, with a warning about a lesson without transcript."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(option, option[:-1]), encoding="utf-8")
    result = build_site(project / "site", shared_cache, config)
    assert result.returncode != 0
    line = one_error_line(result.stderr, "ERROR")
    assert f"{config}: coursegen's {option.split(':')[0]} '{option.split(': ')[1][:-1]}' is no folder" in line


@pytest.mark.slow
def test_a_transcript_linked_out_of_the_locales_folder_stops_the_build_unless_allowed(
    project: Path, shared_cache: Path, tmp_path: Path
) -> None:
    """A contribution that links a transcript to a file of the machine that builds the site published that
    file (a key, the environment) on every language's pages; a translators' repository linked in on purpose
    is allowed in mkdocs.yml."""
    transcript = project / "locales" / "uk" / "transcripts" / f"{LESSON}.txt"
    outside = tmp_path / "outside.txt"
    outside.write_bytes(transcript.read_bytes() + b"\nSECRET TOKEN abc123\n")
    transcript.unlink()
    transcript.symlink_to(outside)
    result = build_site(project / "site", shared_cache, project / "mkdocs.yml")
    assert result.returncode != 0
    line = one_error_line(result.stderr, "ERROR")
    assert f"{transcript}: a link to {outside}, outside the locales folder: the site would publish" in line
    assert "allow_links_out: true" in line
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      cache_dir:" in text
    config.write_text(
        text.replace("      cache_dir:", "      allow_links_out: true\n      cache_dir:", 1), "utf-8"
    )
    result = build_site(project / "site", shared_cache, config)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "SECRET TOKEN" in (project / "site" / "uk" / LESSON / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_cache_inside_docs_stops_the_build(project: Path) -> None:
    """COURSEGEN_CACHE_DIR=docs/cache published the cache (kernels' results, every page's markdown) with the
    site, and under mkdocs serve each write into it started another build."""
    cache = project / "docs" / "cache"
    result = build_site(project / "site", cache, project / "mkdocs.yml")
    assert result.returncode != 0
    line = one_error_line(result.stderr, "ERROR")
    assert f"coursegen's cache_dir '{cache}' is inside docs_dir: the site would publish it" in line
    assert not cache.exists() and not (project / "site").exists()


@pytest.mark.slow
def test_build_refuses_a_bad_placeholder_with_a_warning(project: Path, shared_cache: Path) -> None:
    """Decision: a translation whose format fields differ from its source is not used; the page shows the
    English text and the build warns with the catalog line (``coursegen check`` reports it as a problem)."""
    place(project, {"file": "po-placeholder.po", "into": "locales/fr/LC_MESSAGES/messages.po"})
    result = build_site(project / "site", shared_cache, project / "mkdocs.yml")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert re.search(
        r"messages\.po:8: placeholders differ in 'Show the code \(\{count\} lines\)'", result.stderr
    )


def test_check_reports_a_bad_placeholder_at_its_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    place(project, {"file": "po-placeholder.po", "into": "locales/fr/LC_MESSAGES/messages.po"})
    status, out, _ = run_cli(["check"], capsys)
    assert status == 1
    assert re.search(r"locales/fr/LC_MESSAGES/messages\.po:8: error: placeholders differ", out), out


@pytest.mark.slow
def test_raising_example_fails_the_build_naming_lesson_and_cell(project: Path, shared_cache: Path) -> None:
    examples = project / "docs" / "lessons" / LESSON / "examples.py"
    text = examples.read_text(encoding="utf-8")
    examples.write_text(
        text + '\n# %% example="boom"\nvalue = 1\nraise ValueError("boom")\n', encoding="utf-8"
    )
    raise_line = len((text + '\n# %% example="boom"\nvalue = 1\n').splitlines()) + 1
    outline = project / "docs" / "lessons" / LESSON / "lesson.yml"
    outline.write_text(
        outline.read_text(encoding="utf-8") + "  - id: boom\n    heading: Boom\n    example: boom\n",
        encoding="utf-8",
    )
    result = build_site(project / "site", shared_cache, project / "mkdocs.yml")
    assert result.returncode != 0
    line = one_error_line(result.stderr, "ERROR")
    assert re.search(rf"examples\.py:{raise_line}: example 'boom': ValueError: boom", line), line
    published = list((project / "site").rglob("*.html")) if (project / "site").exists() else []
    assert not [page for page in published if "Traceback" in page.read_text(encoding="utf-8")]


def _complete(entry: Path) -> bool:
    data = json.loads((entry / RESULT_FILE).read_text(encoding="utf-8"))
    files = [figure["file"] for cell in data["cells"] for figure in cell["figures"]]
    return bool(data["cells"]) and all((entry / name).is_file() for name in files)


def _whole_slot(slot: Path) -> bool:
    """A build-cache slot is a whole JSON entry: an interrupted write leaves only a hidden temporary file."""
    return "key" in json.loads(slot.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_interrupted_build_leaves_no_corrupt_cache(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    cache = tmp_path / "cache"
    # A killed build cannot remove its kernels' socket folders: they go to this test's folder.
    (tmp_path / "t").mkdir()
    env = {**os.environ, "COURSEGEN_CACHE_DIR": str(cache), "TMPDIR": str(tmp_path / "t")}
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "-f",
        str(project / "mkdocs.yml"),
        "-d",
        str(tmp_path / "s"),
    ]
    build = subprocess.Popen(
        command,
        cwd=project,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not list(cache.glob(f"*/{TMP_PREFIX}*")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(cache.glob(f"*/{TMP_PREFIX}*")), "the examples never started"
        time.sleep(1.5)  # the kernel is running the examples now
    finally:
        os.killpg(build.pid, signal.SIGKILL)  # the build, its kernel and everything they started
        build.wait()
    entries = [p for p in (cache / LESSON).glob("*") if not p.name.startswith(TMP_PREFIX)]
    assert all(_complete(entry) for entry in entries)  # killed before publishing: none, or complete ones
    assert all(_whole_slot(slot) for slot in (cache / BUILD_FOLDER).glob("*.json"))
    result = build_site(tmp_path / "site", cache, project / "mkdocs.yml")
    assert result.returncode == 0, result.stderr[-3000:]
    entries = [p for p in (cache / LESSON).glob("*") if not p.name.startswith(TMP_PREFIX)]
    assert len(entries) == 5 and all(_complete(entry) for entry in entries)
    slots = list((cache / BUILD_FOLDER).glob("*.json"))
    assert slots and all(_whole_slot(slot) for slot in slots)


@pytest.mark.slow
def test_the_same_mistake_is_told_again_at_the_next_build(
    project: Path, shared_cache: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """``mkdocs serve`` rebuilds in one process, where MkDocs drops an error message it printed before: the
    translator who broke a file the same way twice saw only "Aborted with a BuildError!" the second time."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort
    from mkdocs.utils import DuplicateFilter

    place(project, next(case for case in CASES if case["id"] == "meta-unknown-format"))
    monkeypatch.setenv("COURSEGEN_CACHE_DIR", str(shared_cache))
    logger = logging.getLogger("mkdocs.commands.build")
    duplicates = DuplicateFilter()  # as the mkdocs command installs it
    logger.addFilter(duplicates)
    try:
        for _ in range(2):
            config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
            with pytest.raises(Abort):
                build(config, serve_url="http://127.0.0.1:8000/")
    finally:
        logger.removeFilter(duplicates)
    told = [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.ERROR and "unknown format" in r.getMessage()
    ]
    assert len(told) == 2, told


@pytest.mark.slow
def test_a_lesson_whose_outline_is_gone_stops_the_build_instead_of_vanishing(
    project: Path, shared_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its examples and five transcripts still there, the lesson left every language without a word."""
    folder = project / "docs" / "lessons" / LESSON
    (folder / "lesson.yml").rename(folder / "lesson.yml.old")
    result = build_site(project / "site", shared_cache, project / "mkdocs.yml")
    assert result.returncode != 0
    line = one_error_line(result.stderr, "ERROR")
    assert f"{folder}: a lesson folder without its lesson.yml" in line
    status, _, err = run_cli(["check"], capsys)
    assert status == 2 and "a lesson folder without its lesson.yml" in err


@pytest.mark.parametrize(
    ("addition", "named"),
    [
        ("use_directory_urls: false\n", "use_directory_urls: false"),
        ("plugins:\n  - search\n  - offline\n  - coursegen\n", "offline plugin"),
    ],
    ids=["no-directory-urls", "offline"],
)
def test_a_configuration_the_site_cannot_work_with_is_refused(
    project: Path, shared_cache: Path, addition: str, named: str
) -> None:
    """The language menu, the chooser and the lesson buttons link pages as folders: without directory URLs
    (set in mkdocs.yml, or by Material's offline plugin) 20 links of the built site led nowhere, and
    --strict passed."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if addition.startswith("plugins:"):
        text = re.sub(r"^plugins:\n(?:  .*\n)+", "", text, flags=re.MULTILINE)
    config.write_text(text + addition, encoding="utf-8")
    result = build_site(project / "site", shared_cache, config)
    assert result.returncode != 0
    line = one_error_line(result.stderr, "ERROR")
    assert named in line and "not supported" in line and not (project / "site").exists()


@pytest.mark.slow
def test_a_cache_inside_the_site_folder_stops_the_build(project: Path) -> None:
    """COURSEGEN_CACHE_DIR=site/cache (or mkdocs build -d .cache): each build emptied the site folder, cache
    and all, so the examples ran every time and builds ended in tracebacks; one that passed published the
    cache, paths of the machine included."""
    cache = project / "site" / "cache"
    result = build_site(project / "site", cache, project / "mkdocs.yml")
    assert result.returncode != 0
    line = one_error_line(result.stderr, "ERROR")
    assert f"coursegen's cache_dir '{cache}' is inside site_dir: each build empties site_dir first" in line
    assert "Traceback" not in result.stderr and not cache.exists()


def test_a_site_folder_that_cannot_be_written_stops_the_build_at_once(project: Path, tmp_path: Path) -> None:
    """A read-only checkout: MkDocs found out at its first copy into the site, after the examples had run,
    and ended in a traceback."""
    site = Path("/proc/coursegen-site")  # nobody writes there, root included
    result = build_site(site, tmp_path / "cache", project / "mkdocs.yml")
    assert result.returncode != 0
    line = one_error_line(result.stderr, "ERROR")
    assert f"{site}: the site cannot be written there: No such file or directory; make the folder" in line
    assert "Traceback" not in result.stderr and not (tmp_path / "cache").exists()


ESCAPEALL = "  - pymdownx.escapeall:\n      hardbreak: false\n      nbsp: false\n"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (
            lambda text: text.replace("  - attr_list\n", ""),
            "mkdocs.yml: markdown_extensions lacks attr_list, which coursegen's pages are written for",
        ),
        (
            lambda text: text.replace(
                "  - pymdownx.escapeall:\n      hardbreak: false\n      nbsp: false\n", ""
            ),
            "markdown_extensions lacks pymdownx.escapeall, which coursegen's pages are written for",
        ),
        (
            lambda text: text + "\nnav:\n  - Home: index.md\n",
            "mkdocs.yml: nav is not supported: coursegen makes each language's navigation",
        ),
    ],
    ids=["no-attr-list", "no-escapeall", "nav"],
)
def test_a_configuration_the_pages_cannot_work_with_stops_the_build(
    project: Path, shared_cache: Path, edit: Callable[[str], str], said: str
) -> None:
    """A site owner's own list of Markdown extensions left out those the pages need, and every heading
    showed its id ("{#intro}") or backslashes; a hand-written nav hid each language's navigation. Strict
    builds passed (or stopped on twenty generated pages "not in nav")."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert edit(text) != text
    config.write_text(edit(text), encoding="utf-8")
    result = build_site(project / "site", shared_cache, config)
    assert result.returncode != 0
    line = one_error_line(result.stderr, "ERROR")
    assert f"{said}" in line


@pytest.mark.slow
def test_pages_of_the_owner_s_own_are_named_as_lost_or_replaced(project: Path, shared_cache: Path) -> None:
    """docs/about.md was in no language's navigation and no search, and docs/index.md was replaced by the
    language chooser, without a word; the strict build passed."""
    (project / "docs" / "about.md").write_text("# About us\n", encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Welcome\n", encoding="utf-8")
    result = build_site(project / "site", shared_cache, project / "mkdocs.yml")
    assert result.returncode != 0  # strict: the warnings stop it
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    docs = project / "docs"
    assert any(
        f"{docs / 'about.md'}: a page of your own is in no language's navigation" in w for w in warnings
    )
    assert any(
        f"{docs / 'index.md'}: replaced by the page coursegen makes at this address" in w for w in warnings
    )


def _with_overrides(project: Path, name: str, template: str) -> tuple[Path, Path]:
    """The project's configuration given a ``custom_dir`` holding the template ``name``; and that folder."""
    config, overrides = project / "mkdocs.yml", project / "overrides"
    overrides.mkdir()
    (overrides / name).write_text(template, encoding="utf-8")
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"), "utf-8"
    )
    return config, overrides


def test_a_main_template_not_in_utf_8_is_one_line_naming_it(project: Path, tmp_path: Path) -> None:
    """Read to see whether it extends coursegen's, a main.html in Latin-1 stopped the build in a traceback."""
    config, overrides = _with_overrides(project, "main.html", "")
    (overrides / "main.html").write_bytes(b'{% extends "coursegen.html" %}\n{# caf\xe9 #}\n')
    result = build_site(project / "site", tmp_path / "cache", config)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"{overrides / 'main.html'}:2: not UTF-8 (byte 0xe9): save the template as UTF-8" in result.stderr


@pytest.mark.slow
def test_a_main_template_of_the_site_s_own_is_told_to_extend_coursegen_s(
    project: Path, shared_cache: Path
) -> None:
    """An announcement bar added the way Material's docs show (custom_dir/main.html extending base.html) took
    the place of coursegen's main.html: each language's search became the whole site's, without a word."""
    announce = "{% block announce %}Registration is open!{% endblock %}\n"
    config, overrides = _with_overrides(project, "main.html", '{% extends "base.html" %}\n' + announce)
    result = build_site(project / "site", shared_cache, config)
    assert result.returncode != 0  # strict: the warning stops it
    assert f"{overrides / 'main.html'}: a main.html that does not extend coursegen" in result.stderr
    assert '{% extends "coursegen.html" %}' in result.stderr
    (overrides / "main.html").write_text('{% extends "coursegen.html" %}\n' + announce, encoding="utf-8")
    result = build_site(project / "site", shared_cache, config)
    assert result.returncode == 0, result.stderr[-3000:]
    page = (project / "site" / "fr" / LESSON / "index.html").read_text(encoding="utf-8")
    assert (
        "Registration is open!" in page
        and "coursegen-search.js?v=" in page
        and "#lang=fr\\u0026worker=" in page
    )


@pytest.mark.slow
def test_an_owner_s_language_menu_entries_are_said_to_be_replaced(project: Path, shared_cache: Path) -> None:
    """extra.alternate, the owner's link to the original lectures' site, vanished from the menu in silence."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    entry = (
        "  alternate:\n    - name: Original lectures\n      link: https://example.org/en/\n      lang: en\n"
    )
    config.write_text(text.replace("extra:\n", "extra:\n" + entry, 1), encoding="utf-8")
    result = build_site(project / "site", shared_cache, config)
    assert result.returncode != 0  # strict: the warning stops it
    assert f"{config}: extra.alternate is replaced by coursegen's language menu" in result.stderr


@pytest.mark.slow
def test_pages_mkdocs_leaves_out_or_keeps_out_of_the_navigation_are_no_concern(
    project: Path, shared_cache: Path
) -> None:
    """The warning of an owner's own pages stopped strict builds of valid sites: pages left out with
    exclude_docs, MkDocs's own templates/ folder, an imprint kept out of the navigation with not_in_nav."""
    docs = project / "docs"
    for name in ("drafts/notes.md", "templates/snippet.md", "imprint.md"):
        (docs / name).parent.mkdir(exist_ok=True)
        (docs / name).write_text("# Page\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("exclude_docs: |\n", "not_in_nav: |\n  imprint.md\nexclude_docs: |\n  drafts/\n", 1)
    config.write_text(text, encoding="utf-8")
    result = build_site(project / "site", shared_cache, config)
    assert result.returncode == 0, result.stderr[-3000:]
    (docs / "README.md").write_text("# Read me\n", encoding="utf-8")  # written where the chooser is
    result = build_site(project / "site", shared_cache, config)
    assert f"{docs / 'README.md'}: replaced by the page coursegen makes at this address" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("name", ["markdown.extensions.attr_list", "pymdownx.extra", "extra"])
def test_markdown_extensions_by_other_names_are_the_same(
    project: Path, shared_cache: Path, name: str
) -> None:
    """markdown.extensions.attr_list (Python-Markdown's full name), or pymdownx.extra and extra, which load
    it, were refused as missing attr_list."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - attr_list\n", f"  - {name}\n"), "utf-8")
    result = build_site(project / "site", shared_cache, config)
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.slow
def test_a_404_page_of_the_site_s_own_is_said_to_replace_coursegen_s(
    project: Path, shared_cache: Path
) -> None:
    """custom_dir/404.html took the place of the page that says "not found" in every language, silently."""
    config, overrides = _with_overrides(project, "404.html", '{% extends "main.html" %}\n')
    result = build_site(project / "site", shared_cache, config)
    assert result.returncode != 0  # strict: the warning stops it
    assert f"{overrides / '404.html'}: replaces coursegen's page not found" in result.stderr
