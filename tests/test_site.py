"""The site plan: which pages exist for which locale, how they link, and nothing of a transcript lost."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import LESSON, LOCALES, REPO

from coursegen.errors import LocaleError
from coursegen.files import content_version
from coursegen.locales import locale_info
from coursegen.site import LocaleLesson, LocaleText, load_course, plan_site, section_pieces


@given(st.text(), st.lists(st.integers(min_value=-5, max_value=60)), st.integers(min_value=0, max_value=20))
def test_section_pieces_partition_the_text(text: str, boundaries: list[int], offset: int) -> None:
    pieces = section_pieces(text, offset, boundaries)
    assert "".join(pieces) == text
    assert all(pieces)


def plan():
    course = load_course(REPO / "locales", REPO / "docs" / "lessons", REPO / "docs" / "guides")
    texts = [LocaleText(info, "en", str) for info in course.locales]
    content = {
        (info.code, LESSON): LocaleLesson(sections={"intro": (f"{info.code} text.",)})
        for info in course.locales
        if info.code != "ko"
    }
    return course, plan_site(
        course, texts, content, chooser_title="Choose", guides={"translate": {"fr": "x"}}
    )


def test_plan_has_every_page_of_every_locale() -> None:
    course, site = plan()
    uris = {page.src_uri for page in site.pages}
    assert "index.md" in uris
    assert {info.code for info in course.locales} == set(LOCALES)
    for code in LOCALES:
        assert f"{code}/index.md" in uris
        lesson_pages = {f"{code}/{LESSON}/index.md", f"{code}/{LESSON}/parallel.md"}
        assert lesson_pages <= uris if code != "ko" else not (lesson_pages & uris)
    assert "fr/translate.md" in uris and "uk/translate.md" not in uris


def test_alternates_link_the_same_page_across_locales() -> None:
    _, site = plan()
    versions = site.alternates[f"fr/{LESSON}/index.md"]
    assert {info.code for info, _ in versions} == set(LOCALES) - {"ko"}
    assert all(uri.endswith(f"/{LESSON}/index.md") for _, uri in versions)


def test_locales_are_discovered_from_folders_babel_knows(tmp_path: Path) -> None:
    for name in ("fr", "zh_Hant", "not-a-locale!", ".git"):
        (tmp_path / name).mkdir()
    course = load_course(tmp_path, tmp_path / "none", tmp_path / "none")
    assert [info.code for info in course.locales] == ["fr", "zh-Hant"]
    assert locale_info("zh_Hant").native_name == course.locales[1].native_name


@pytest.mark.parametrize(
    ("name", "spelling", "said"),
    [
        ("zh-Hant", "zh_Hant", "Chinese (Traditional) (zh-Hant)"),
        ("zh_hant", "zh_Hant", "Chinese (Traditional) (zh-Hant)"),
        ("pt-BR", "pt_BR", "Portuguese (Brazil) (pt-BR)"),
        ("zh_TW", "zh_Hant_TW", "Chinese (Traditional, Taiwan) (zh-Hant-TW)"),
    ],
)
def test_a_locale_folder_spelled_otherwise_than_coursegen_names_it_is_to_be_renamed(
    tmp_path: Path, name: str, spelling: str, said: str
) -> None:
    """A "zh-Hant" folder's catalog was looked for in "zh_Hant", where `coursegen messages` then made a
    second, empty one: the translator's finished catalog was never read. (The error said the folder was
    named as gettext spells its locale: the contrary of what was wrong.)"""
    (tmp_path / name).mkdir()
    with pytest.raises(LocaleError) as raised:
        load_course(tmp_path, tmp_path / "none", tmp_path / "none")
    code = said.rsplit("(", 1)[1].rstrip(")")
    assert str(raised.value) == (
        f"{tmp_path / name}: this folder holds {said}, whose folder coursegen names '{spelling}': rename it "
        f"'{spelling}' (its pages are published under {code}/)"
    )


@pytest.mark.parametrize(
    ("name", "said"),
    [
        (
            "sr@latin",
            "'sr@latin' is not a language code: Serbian in Latin script is sr-Latn: rename the folder "
            "'sr_Latn'",
        ),
        (
            "ca@valencia",
            "'ca@valencia' is not a language code: Catalan (Spain, Valencian) is ca-ES-valencia: "
            "rename the folder 'ca_ES_VALENCIA'",
        ),
        ("klingon", "'klingon' is not a language code (such as fr, pt-BR or zh-Hant): rename the folder"),
        # glibc's name, with a region: Babel took the region's likely script (Cyrillic).
        (
            "sr_RS@latin",
            "'sr_RS@latin' is not a language code: Serbian in Latin script is sr-Latn-RS: rename the folder "
            "'sr_Latn_RS'",
        ),
        # No Latin-script Belarusian in CLDR: be-Latn would be read as Belarusian in Cyrillic.
        ("be@latin", "'be@latin' is not a language code: Belarusian in Latin script has no locale data here"),
    ],
)
def test_a_folder_holding_a_locale_s_files_under_a_name_that_is_no_locale_is_an_error(
    tmp_path: Path, name: str, said: str, caplog: pytest.LogCaptureFixture
) -> None:
    """gettext's "sr@latin" folder was skipped with a warning that Babel could not parse it (it can: the
    modifier was refused), check said "no problems" and the strict build published the site without the
    language. A folder holding no catalog and no transcripts is still skipped, for the reason it is."""
    (tmp_path / name / "LC_MESSAGES").mkdir(parents=True)
    with pytest.raises(LocaleError) as raised:
        load_course(tmp_path, tmp_path / "none", tmp_path / "none")
    assert str(raised.value) == f"{tmp_path / name}: {said}"
    (tmp_path / name / "LC_MESSAGES").rmdir()
    assert load_course(tmp_path, tmp_path / "none", tmp_path / "none").locales == ()
    assert f"{tmp_path / name}: not a locale folder ('{name}' is not a language code" in caplog.text


def _lesson_page(site, code: str) -> str:
    return next(page.markdown for page in site.pages if page.src_uri == f"{code}/{LESSON}/index.md")


def test_a_lesson_offers_only_the_notebook_and_side_by_side_view_it_has() -> None:
    """A lesson without examples has no notebook, and a lesson one locale alone has no second column: their
    buttons led to a missing file and to a "side by side" of one language."""
    course = load_course(REPO / "locales", REPO / "docs" / "lessons", REPO / "docs" / "guides")
    texts = [LocaleText(info, "en", str) for info in course.locales]
    alone = {("fr", LESSON): LocaleLesson(sections={"intro": ("Texte.",)})}
    site = plan_site(course, texts, alone, chooser_title="Choose")
    assert f"fr/{LESSON}/parallel.md" not in {page.src_uri for page in site.pages}
    page = _lesson_page(site, "fr")
    assert ".ipynb" not in page and "parallel/" not in page and "coursegen-actions" not in page
    pair = {
        (code, LESSON): LocaleLesson(sections={"intro": ("Texte.",)}, notebook=b"{}") for code in ("fr", "uk")
    }
    site = plan_site(course, texts, pair, chooser_title="Choose")
    assert f"fr/{LESSON}/parallel.md" in {page.src_uri for page in site.pages}
    page = _lesson_page(site, "fr")
    assert f'href="{LESSON}.fr.ipynb?v={content_version(b"{}")}"' in page and 'href="parallel/"' in page


def test_a_lesson_with_data_files_offers_its_notebook_zipped_with_them(tmp_path: Path) -> None:
    """The notebook alone could not run where the learner downloaded it: its examples read data files."""
    course = load_course(REPO / "locales", REPO / "docs" / "lessons", REPO / "docs" / "guides")
    texts = [LocaleText(info, "en", str) for info in course.locales]
    (tmp_path / "x.csv").write_text("1,2\n")
    content = {
        (code, LESSON): LocaleLesson(
            sections={"intro": ("Texte.",)}, notebook=b"{}", notebook_data={"data/x.csv": tmp_path / "x.csv"}
        )
        for code in ("fr", "uk")
    }
    site = plan_site(course, texts, content, chooser_title="Choose")
    page = _lesson_page(site, "fr")
    assert f'href="{LESSON}.fr.zip?v=' in page and ".ipynb" not in page
    assert "Download the notebook with its data (zip)" in page
    files = {file.dest_uri: file.content for file in site.files}
    assert f"fr/{LESSON}/{LESSON}.fr.ipynb" not in files
    with zipfile.ZipFile(io.BytesIO(files[f"fr/{LESSON}/{LESSON}.fr.zip"] or b"")) as archive:
        assert archive.namelist() == [f"{LESSON}.fr/{LESSON}.fr.ipynb", f"{LESSON}.fr/data/x.csv"]
        assert archive.read(f"{LESSON}.fr/data/x.csv") == b"1,2\n"


def test_a_lesson_whose_examples_still_run_says_so() -> None:
    """Under mkdocs serve the page is shown while its examples run: it says they will follow."""
    course = load_course(REPO / "locales", REPO / "docs" / "lessons", REPO / "docs" / "guides")
    texts = [LocaleText(info, "en", str) for info in course.locales]
    content = {("fr", LESSON): LocaleLesson(sections={"intro": ("Texte.",)}, examples_pending=True)}
    page = _lesson_page(plan_site(course, texts, content, chooser_title="Choose"), "fr")
    assert (
        '<div class="admonition info" role="status"><p>The examples of this lesson are still running' in page
    )
    assert ".ipynb" not in page


def test_a_lesson_whose_examples_failed_under_serve_says_why_as_text() -> None:
    """Under mkdocs serve the page is shown without the examples that failed, and the error, as text."""
    course = load_course(REPO / "locales", REPO / "docs" / "lessons", REPO / "docs" / "guides")
    texts = [LocaleText(info, "en", str) for info in course.locales]
    error = "examples.py:3: example 'a' failed: NameError: name '<script>x</script>' is not defined"
    content = {("fr", LESSON): LocaleLesson(sections={"intro": ("Texte.",)}, examples_error=error)}
    page = _lesson_page(plan_site(course, texts, content, chooser_title="Choose"), "fr")
    assert (
        '<div class="admonition failure" role="alert"><p>The examples of this lesson could not run:</p>'
        "<p><code>examples.py:3: example &#x27;a&#x27; failed: NameError: name &#x27;&lt;script&gt;x&lt;/"
        in page
    )
    assert "<script>x" not in page and "still running" not in page


def test_a_lesson_named_as_a_guide_is_refused(tmp_path: Path) -> None:
    """A lesson 'translate' and the guide translate.md had one address: the guide replaced the lesson in every
    language, in silence, even under --strict."""
    from coursegen.errors import LessonError

    lessons, guides = tmp_path / "lessons", tmp_path / "guides"
    (lessons / "translate").mkdir(parents=True)
    outline = lessons / "translate" / "lesson.yml"
    outline.write_text("id: translate\ntitle: T\nsections:\n  - id: i\n    heading: I\n", encoding="utf-8")
    guides.mkdir()
    assert [lesson.id for lesson in load_course(REPO / "locales", lessons, guides).lessons] == ["translate"]
    (guides / "translate.md").write_text("# Translate\n", encoding="utf-8")
    with pytest.raises(LessonError) as caught:
        load_course(REPO / "locales", lessons, guides)
    assert str(caught.value) == (
        f"{outline}: lesson 'translate' has the name of the guide {guides / 'translate.md'}: their pages "
        "would have one address in every language; rename one"
    )
