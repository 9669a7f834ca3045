"""The command line works on the course ``mkdocs.yml`` describes, with the settings the site is built with."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import LESSON, copy_project

import coursegen.similarity
from coursegen.cli import main
from coursegen.config import _renamed_by_minify
from coursegen.errors import CoursegenError, one_line
from coursegen.project import DEFAULT, read_project


def _configure(root: Path, options: str, docs_dir: str = "docs") -> None:
    """The project's mkdocs.yml with ``options`` added under the coursegen plugin (and another docs_dir)."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("docs_dir: docs", f"docs_dir: {docs_dir}")
    marker = "      cache_dir: "
    assert marker in text
    config.write_text(text.replace(marker, f"{options}{marker}"), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_project(tmp_path / "project", sources=True)
    monkeypatch.chdir(root)
    return root


def test_the_repositorys_configuration_is_the_default_layout(project: Path) -> None:
    assert read_project(Path("mkdocs.yml")) == DEFAULT


def test_folders_are_where_the_configuration_puts_them(project: Path) -> None:
    (project / "docs").rename(project / "content")
    (project / "content" / "lessons").rename(project / "content" / "courses")
    (project / "locales").rename(project / "translations")
    options = "      locales_dir: translations\n      lessons_dir: courses\n      embeddings: true\n"
    _configure(project, options, docs_dir="content")
    found = read_project(Path("mkdocs.yml"))
    assert (found.locales_dir, found.lessons_dir, found.guides_dir) == (
        Path("translations"),
        Path("content/courses"),
        Path("content/guides"),
    )
    assert found.embeddings and not found.allow_links_out


def test_check_and_align_find_the_course_of_another_layout(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """They looked in docs/lessons and locales whatever mkdocs.yml said: "lessons folder not found"."""
    (project / "docs").rename(project / "content")
    _configure(project, "", docs_dir="content")
    mapping = project / "babel.cfg"
    mapping.write_text(mapping.read_text(encoding="utf-8").replace("docs/", "content/"), encoding="utf-8")
    assert main(["check"]) == 0
    assert "no problems" in capsys.readouterr().out
    assert main(["align", LESSON]) == 0
    assert "wrap-up" in capsys.readouterr().out


def test_a_configuration_mkdocs_refuses_is_one_line_naming_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _configure(project, "      embeddings: perhaps\n")
    with pytest.raises(CoursegenError) as caught:
        read_project(Path("mkdocs.yml"))
    assert one_line(caught.value).startswith("mkdocs.yml: cannot be read: ")
    assert "embeddings" in one_line(caught.value)
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: mkdocs.yml: cannot be read: ")


def test_a_configuration_without_the_plugin_is_not_a_course(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    (tmp_path / "docs").mkdir()
    config.write_text("site_name: Notes\n", encoding="utf-8")
    with pytest.raises(CoursegenError, match="no 'coursegen' plugin"):
        read_project(config)


def test_check_aligns_with_the_embeddings_the_site_uses(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """check cut sections without them while the pages used them: it reported starts no page showed."""
    loaded: list[object] = []
    real = coursegen.similarity.load_similarity

    def load_similarity(*args: object, **kwargs: object) -> object:
        loaded.append(real(*args, **kwargs))
        return loaded[-1]

    monkeypatch.setattr(coursegen.similarity, "load_similarity", load_similarity)
    main(["check"])
    assert not loaded
    _configure(project, "      embeddings: true\n")
    main(["check"])
    assert len(loaded) == 1
    capsys.readouterr()


def test_check_does_not_warn_of_links_out_the_site_allows(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = project / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    elsewhere = tmp_path / "translators" / "messages.po"
    elsewhere.parent.mkdir()
    catalog.rename(elsewhere)
    catalog.symlink_to(elsewhere)
    main(["check"])
    assert "messages.po: error: a link to" in capsys.readouterr().out
    _configure(project, "      allow_links_out: true\n")
    assert main(["check"]) == 0
    assert "a link to" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (lambda text: text + "\nnav:\n  - Home: index.md\n", "nav is not supported"),
        (lambda text: text + "\nuse_directory_urls: false\n", "use_directory_urls: false is not supported"),
        (lambda text: text.replace("  - attr_list\n", ""), "markdown_extensions lacks attr_list"),
        (lambda text: text.replace("name: material", "name: readthedocs"), "theme 'readthedocs' is not"),
        (
            lambda text: text.replace(
                "plugins:\n",
                "plugins:\n  - minify:\n      minify_js: true\n      js_files: [assets/coursegen.js]\n",
            ),
            "plugin 'minify' lists assets/coursegen.js, which it would rename",
        ),
        (
            lambda text: text.replace(
                "plugins:\n",
                "plugins:\n  - minify:\n      cache_safe: true\n      css_files: ./assets/*.css\n",
            ),
            "plugin 'minify' lists assets/coursegen.css, which it would rename",
        ),
    ],
    ids=[
        "nav",
        "no-directory-urls",
        "no-attr-list",
        "another-theme",
        "minified-assets",
        "minified-by-pattern",
    ],
)
def test_a_configuration_the_build_refuses_is_refused_by_every_command(
    project: Path, capsys: pytest.CaptureFixture[str], edit, said: str
) -> None:
    """check said "no problems" and exited 0 for a nav, use_directory_urls: false or a missing attr_list:
    a CI job gated on it passed, and the build then stopped."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert edit(text) != text
    config.write_text(edit(text), encoding="utf-8")
    before = sorted(path.relative_to(project) for path in project.rglob("*"))
    for command in (["check"], ["messages"], ["align", LESSON]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: mkdocs.yml: ") and said in err and len(err.splitlines()) == 1, err
    assert sorted(path.relative_to(project) for path in project.rglob("*")) == before


def test_folders_given_without_a_configuration_are_another_courses(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The configuration here says nothing of a course whose folders are named on the command line."""
    _configure(project, "      embeddings: perhaps\n")  # would be refused if it were read
    assert main(["check", "--locales-dir", "locales", "--lessons-dir", "docs/lessons"]) == 0
    assert "no problems" in capsys.readouterr().out


def test_messages_refreshes_the_catalogs_of_the_configured_locales_folder(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """check, which reads mkdocs.yml, tells to run messages, which looked in ./locales whatever it said."""
    (project / "locales").rename(project / "translations")
    _configure(project, "      locales_dir: translations\n")
    assert main(["messages"]) == 0
    assert "translations/messages.pot: " in capsys.readouterr().out


def test_a_misspelt_option_is_said_not_ignored(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    """MkDocs warns of it and goes on without it; so does the command, now saying so."""
    _configure(project, "      embedings: true\n")
    assert not read_project(Path("mkdocs.yml")).embeddings
    said = [r.getMessage() for r in caplog.records if r.name == "coursegen.project"]
    assert len(said) == 1 and said[0].startswith("mkdocs.yml: ") and "embedings" in said[0], said


def test_messages_from_another_folder_reads_the_configurations_mapping(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """It looked for babel.cfg where it ran, not beside the configuration it was given."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["messages", "-f", str(project / "mkdocs.yml")]) == 0
    assert f"{project / 'locales' / 'messages.pot'}: unchanged" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("options", "renamed"),
    [
        ({"minify_js": True, "js_files": "assets/*.js"}, ["assets/coursegen.js"]),
        ({"minify_js": True, "js_files": ["./assets/coursegen.js"]}, ["assets/coursegen.js"]),
        ({"cache_safe": True, "css_files": ["assets/*.css"]}, ["assets/coursegen.css"]),
        ({"minify_js": True, "js_files": ["*/*.js"]}, ["assets/coursegen.js"]),  # a / after the * too
        ({"minify_js": True, "js_files": ["**/*.js", "../../*.js"]}, ["assets/coursegen.js"]),
        ({"minify_js": False, "js_files": "assets/coursegen.js"}, []),  # minify leaves it as it is
        ({"minify_css": True, "css_files": ["*.css"]}, []),  # the site's top folder only
        ({"minify_js": True, "js_files": ["assets/extra.js"]}, []),
    ],
)
def test_the_files_minify_renames_are_found_as_minify_finds_them(options, renamed) -> None:
    """A pattern (assets/*.js) or a ./ path let minify rename coursegen's files unrefused, and a file it
    only lists (minify_js off) was refused for nothing."""
    assert _renamed_by_minify(options) == renamed
