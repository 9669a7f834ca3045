"""End to end: a language added from a transcript alone builds and shows its page, right-to-left included."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import PageWatch, SiteServer
from bs4 import BeautifulSoup
from support import LESSON, REPO, BuiltSite, build_site, copy_project

from coursegen.cli import main
from coursegen.pofiles import read_catalog, render_catalog

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
    # One translation, with a field that a formula fills in (the examples' "scale {scale}", "1/sqrt(n)").
    po = project / "locales" / "ar" / "LC_MESSAGES" / "messages.po"
    catalog = read_catalog(po)
    catalog.get("scale {scale}").string = "المقياس {scale}"
    po.write_bytes(render_catalog(catalog))
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
    plots = page.select("figure.coursegen-figure img")
    assert len(plots) >= 3
    # Their alt texts are the examples' English labels, read out as English.
    assert all((img["lang"], img["dir"]) == ("en", "ltr") for img in plots), [img.attrs for img in plots]
    # What the examples print with English texts reads as English; numbers alone need no language.
    outputs = page.select("pre.coursegen-output code")
    english = [code for code in outputs if code.get("lang") == "en"]
    assert english and any("examples with" in code.get_text() for code in english)
    # Those of cells that translated a legend too ("scale {scale}") but printed English only, as well.
    assert all(
        code.get("lang") == "en"
        for code in outputs
        if re.search(r"[A-Za-z]{4}", code.get_text()) and not re.search(ARABIC_LETTER, code.get_text())
    )
    assert not [code for code in outputs if re.search(ARABIC_LETTER, code.get_text()) and code.get("lang")]


ARABIC_LETTER = r"[\u0600-\u06ff]"


def test_a_value_filled_into_a_right_to_left_translation_keeps_its_own_order(site_with_arabic: Path) -> None:
    """ "المقياس {scale}" filled with "1/sqrt(n)" read "sqrt(n)/1" in the printed table and the legend: the
    value took the direction of the Arabic around it. Each field is isolated."""
    page = (site_with_arabic / "ar" / LESSON / "index.html").read_text("utf-8")
    assert "المقياس \u20681/sqrt(n)\u2069" in page
    assert "المقياس 1/sqrt(n)" not in page


def test_new_locale_appears_on_the_language_chooser(site_with_arabic: Path) -> None:
    page = BeautifulSoup((site_with_arabic / "index.html").read_text("utf-8"), "html.parser")
    link = page.select_one('[data-coursegen-chooser] a[hreflang="ar"]')
    assert link is not None and link["dir"] == "rtl" and link.get_text() == "العربية"


def test_the_guide_s_english_blocks_read_left_to_right_in_an_arabic_page(site_with_arabic: Path) -> None:
    """Untranslated, the guide's English was laid out as Arabic: "Create the locale .1"."""
    page = BeautifulSoup(
        (site_with_arabic / "ar" / "translate" / "index.html").read_text("utf-8"), "html.parser"
    )
    heading = page.select_one('article h2[id="1-create-the-locale"]')
    assert heading is not None and (heading.get("lang"), heading.get("dir")) == ("en", "ltr")
    first = page.select_one("article p")
    assert first is not None and (first.get("lang"), first.get("dir")) == ("en", "ltr")


@pytest.fixture(scope="module")
def arabic_server(site_with_arabic: Path) -> Iterator[str]:
    """The site with Arabic, served; its address."""
    server = SiteServer(site_with_arabic).start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def arabic_page(chromium: Any, arabic_server: str) -> Iterator[tuple[Any, PageWatch]]:
    """A new browser page, watched for errors, and closed after the test."""
    page = chromium.new_page()
    try:
        yield page, PageWatch().attach(page)
    finally:
        page.close()


@pytest.mark.browser
def test_the_table_of_contents_shows_english_entries_left_to_right(
    arabic_page: tuple[Any, PageWatch], arabic_server: str
) -> None:
    """The table of contents of a right-to-left page named the English headings as "Create the locale .1"."""
    page, watch = arabic_page
    page.goto(f"{arabic_server}ar/translate/", wait_until="load")
    # Where "1" and "C" of "1. Create the locale" are drawn, in the table of contents.
    left_of = page.evaluate(
        """() => {
            const link = [...document.querySelectorAll('.md-sidebar--secondary .md-nav__link')]
                .find(a => a.textContent.trim().startsWith('1. Create'));
            const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
            let node = walker.nextNode();
            while (node && !node.data.trim()) node = walker.nextNode();
            const at = i => {
                const r = document.createRange();
                r.setStart(node, i);
                r.setEnd(node, i + 1);
                return r.getBoundingClientRect().left;
            };
            const start = node.data.indexOf('1');
            return at(start) < at(node.data.indexOf('C'));
        }"""
    )
    assert left_of is True
    assert watch.errors == []


@pytest.mark.browser
def test_english_headings_are_english_in_the_table_of_contents_and_the_header(
    arabic_page: tuple[Any, PageWatch], arabic_server: str
) -> None:
    """The article marked its English headings as English; the table of contents and the header, which repeat
    them, were read with the Arabic voice."""
    page, watch = arabic_page
    page.goto(f"{arabic_server}ar/{LESSON}/", wait_until="load")
    found = page.evaluate(
        """() => [...document.querySelectorAll('.md-sidebar--secondary a.md-nav__link')]
            .filter(a => a.textContent.includes('Why initialization matters'))
            .map(a => [a.closest('[lang]').lang, getComputedStyle(a).direction])"""
    )
    assert found and all(pair == ["en", "ltr"] for pair in found), found
    topic = page.locator('.md-header__topic[data-md-component="header-topic"] .md-ellipsis')
    assert topic.evaluate("t => t.closest('[lang]').lang") == "en"
    assert watch.errors == []


@pytest.mark.browser
def test_english_names_around_the_page_are_english(
    arabic_page: tuple[Any, PageWatch], arabic_server: str
) -> None:
    """The site's name, the other pages' titles in the navigation and the footer, the colour toggle's name:
    shown in English around a page of a locale under translation, they were read with the Arabic voice."""
    page, watch = arabic_page
    page.goto(f"{arabic_server}ar/{LESSON}/", wait_until="load")
    found = page.evaluate(
        """() => {
            const lang = el => el.closest('[lang]').lang;
            const text = sel => [...document.querySelectorAll(sel)].map(e => [e.textContent.trim(), lang(e)]);
            const label = sel => [...document.querySelectorAll(sel)]
                .map(e => [e.getAttribute('aria-label'), lang(e)]);
            return {
                site: text('.md-header__topic:first-child .md-ellipsis, label.md-nav__title[for="__drawer"]'),
                nav: text('.md-sidebar--primary .md-nav__link .md-ellipsis'),
                footer: text('.md-footer__title .md-ellipsis'),
                labels: label('.md-header .md-logo, [data-md-component=palette] input'),
            };
        }"""
    )
    names = [pair for pairs in found.values() for pair in pairs]
    english = [text for text, lang in names if lang == "en"]
    assert "Deep Learning, in your language" in english
    assert "Random Initialization" in english and "Switch to dark mode" in english
    assert all(lang == "en" for text, lang in names if text in english), found
    assert watch.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("uri", ["?choose", f"ar/{LESSON}/"])
def test_a_search_result_speaks_its_locale_and_its_english_heading_english(
    arabic_page: tuple[Any, PageWatch], arabic_server: str, uri: str
) -> None:
    """The root search marked every result with its locale's language and direction, English headings of a
    page not fully translated included: read with the Arabic voice, laid out right to left."""
    page, watch = arabic_page
    page.goto(f"{arabic_server}{uri}", wait_until="load")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").fill("initialization matters")
    # The lesson's title is English only on the Arabic page (every other locale has it translated).
    title = page.locator('a[href*="/ar/random-initialization/"] .md-search-result__article h1').first
    title.wait_for(state="attached", timeout=10_000)
    item = title.evaluate(
        """t => { const item = t.closest('.md-search-result__item');
                  return [item.closest('[lang]').lang, getComputedStyle(item).direction]; }"""
    )
    assert item == ["ar", "rtl"]
    heading = title.locator("span[lang]").first
    assert heading.evaluate("s => [s.lang, getComputedStyle(s).direction]") == ["en", "ltr"]
    assert watch.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("uri", ["?choose", "no-such-page/"])
def test_a_home_named_in_english_is_marked_english_among_those_named_in_their_language(
    arabic_page: tuple[Any, PageWatch], arabic_server: str, uri: str
) -> None:
    """The root and "not found" pages mark each home's name with its locale's language: the Arabic home,
    still named "Lessons" in English, was marked Arabic and read with the Arabic voice."""
    page, _ = arabic_page
    page.goto(f"{arabic_server}{uri}", wait_until="load")
    names = page.locator(".md-nav--primary a.md-nav__link[href] .md-ellipsis").evaluate_all(
        "names => names.map(n => [n.closest('a').getAttribute('href').split('/').filter(Boolean).pop(),"
        " n.textContent.trim(), n.closest('[lang]').lang])"
    )
    marked = {folder: (text, lang) for folder, text, lang in names}
    assert marked["ar"] == ("Lessons", "en") and marked["fr"] == ("Leçons", "fr"), names
