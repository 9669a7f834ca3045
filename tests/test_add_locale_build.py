"""End to end: a language added from a transcript alone builds and shows its page, right-to-left included."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support import LESSON, REPO, BuiltSite, build_site, copy_project

from coursegen.cli import main

pytestmark = pytest.mark.slow


def srt_from(text: str) -> str:
    """Subtitles made of a plain transcript's lines, two seconds each, as a translator's tool would export."""
    cues = []
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        start, end = (divmod(2 * seconds, 60) for seconds in (number - 1, number))
        cues.append(
            f"{number}\n00:{start[0]:02d}:{start[1]:02d},000 --> 00:{end[0]:02d}:{end[1]:02d},000\n{line}\n"
        )
    return "\n".join(cues)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="module")
def arabic_build(
    project: Path, built_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory
) -> subprocess.CompletedProcess:
    """Arabic added from an SRT file (its text borrowed from the French seed: what is tested is layout)."""
    french = (REPO / "locales" / "fr" / "transcripts" / f"{LESSON}.txt").read_text(encoding="utf-8")
    subtitles = tmp_path_factory.mktemp("incoming") / "lecture.srt"
    subtitles.write_text(srt_from(french), encoding="utf-8-sig")
    status = main(
        [
            "add-locale",
            "ar",
            "--lesson",
            LESSON,
            "--transcript",
            str(subtitles),
            "--locales-dir",
            str(project / "locales"),
            "--lessons-dir",
            str(project / "docs" / "lessons"),
        ]
    )
    assert status == 0
    cache = tmp_path_factory.mktemp("cache")
    shutil.copytree(built_site.cache, cache, dirs_exist_ok=True)
    result = build_site(project / "site", cache, config=project / "mkdocs.yml")
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def site_with_arabic(project: Path, arabic_build: subprocess.CompletedProcess) -> Path:
    return project / "site"


def test_strings_not_translated_yet_are_warnings_as_mkdocs_prints_them(
    arabic_build: subprocess.CompletedProcess,
) -> None:
    """One labelled line like MkDocs' own (they were bare lines, then one per string), naming the catalog,
    and --strict still builds the site."""
    summary = (
        r"^WARNING\s+-\s+\S+/locales/ar/LC_MESSAGES/messages.po: strings shown in English: \d+ not translated"
    )
    assert len(re.findall(summary, arabic_build.stderr, re.MULTILINE)) == 1
    assert "no translation for" not in arabic_build.stderr


def test_new_locale_keeps_the_original_bytes(project: Path, site_with_arabic: Path) -> None:
    copied = project / "locales" / "ar" / "transcripts" / f"{LESSON}.srt"
    assert copied.read_bytes().startswith(b"\xef\xbb\xbf1\n00:00:00,000")


def test_new_locale_page_is_right_to_left_with_english_fallbacks(site_with_arabic: Path) -> None:
    page = BeautifulSoup((site_with_arabic / "ar" / LESSON / "index.html").read_text("utf-8"), "html.parser")
    assert page.html["lang"] == "ar"
    assert page.body["dir"] == "rtl"
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in page.select("article h2")]
    assert "Why initialization matters" in headings
    text = "".join(p.get_text() for p in page.select("p.coursegen-transcript"))
    assert "Lorsque vous entraînez" in " ".join(text.split())
    assert len(page.select("figure.coursegen-figure img")) >= 3


def test_new_locale_appears_on_the_language_chooser(site_with_arabic: Path) -> None:
    page = BeautifulSoup((site_with_arabic / "index.html").read_text("utf-8"), "html.parser")
    link = page.select_one('[data-coursegen-chooser] a[hreflang="ar"]')
    assert link is not None and link["dir"] == "rtl" and link.get_text() == "العربية"
