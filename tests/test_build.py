"""End to end: the real site, built by ``mkdocs build --strict`` from the repository's own data."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest
from babel import Locale
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from support import (
    LESSON,
    LOCALES,
    REPO,
    BuiltSite,
    build_site,
    copy_project,
    kernels_under,
    read_only_home,
    still_running,
)

from coursegen.lessons import find_lesson
from coursegen.sources import find_transcripts
from coursegen.transcripts import read_transcript

pytestmark = pytest.mark.slow

SECTION_IDS = find_lesson(REPO / "docs" / "lessons", LESSON).section_ids


def soup(site: BuiltSite, uri: str) -> BeautifulSoup:
    path = site.page(uri)
    assert path.is_file(), f"{uri} was not built"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def visible_text(page: BeautifulSoup) -> str:
    article = page.select_one("article")
    assert article is not None
    return article.get_text(" ")


def squeeze(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


def configured_copy(built_site: BuiltSite, tmp_path: Path, edit: Callable[[str], str]) -> tuple[Path, Path]:
    """The project copied with its mkdocs.yml edited, and a copy of the session's example cache: (the
    configuration, the cache), for a build that runs no example."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(edit(config.read_text(encoding="utf-8")), encoding="utf-8")
    cache = tmp_path / "cache"
    shutil.copytree(built_site.cache, cache)
    return config, cache


NO_ADDRESS_NOTE = (
    'INFO    -  mkdocs.yml has no site_url: the "page not found" page works only at the root of a domain, '
    "and search engines are told of no page's versions in the other languages (sitemap.xml is empty, pages "
    "name no canonical address); set site_url to the site's address (https://user.github.io/course/)"
)


def test_the_project_s_own_build_warns_of_nothing(built_site: BuiltSite) -> None:
    """Strict builds fail on MkDocs's warnings, not on coursegen's own (a guide's doubts, a lesson's unclear
    order): four of them about the project's own guide came with every build, unseen."""
    warned = [line for line in built_site.log.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert warned == []
    # Without site_url, a note (not a warning) of what it takes to publish under a path.
    assert [line for line in built_site.log.splitlines() if "site_url" in line] == [NO_ADDRESS_NOTE]


@pytest.mark.parametrize("code", LOCALES)
def test_lesson_page_has_lang_and_every_section(built_site: BuiltSite, code: str) -> None:
    page = soup(built_site, f"{code}/{LESSON}/index.html")
    assert page.html["lang"] == code
    for section_id in SECTION_IDS:
        assert page.find(id=section_id) is not None, f"{code}: section #{section_id} missing"


@pytest.mark.parametrize("code", LOCALES)
def test_lesson_page_holds_the_whole_transcript(built_site: BuiltSite, code: str) -> None:
    """Every character of the normalized transcript is on the page, in order (whitespace aside)."""
    source = find_transcripts(REPO / "locales", LESSON)[code]
    transcript = read_transcript(source.path, source.lang, source.fmt, source.encoding)
    paragraphs = soup(built_site, f"{code}/{LESSON}/index.html").select("p.coursegen-transcript")
    on_page = squeeze("".join(p.get_text() for p in paragraphs))
    assert on_page == squeeze(transcript.text)


@pytest.mark.parametrize("code", LOCALES)
def test_interface_is_in_the_page_language_as_the_catalog_has_it(built_site: BuiltSite, code: str) -> None:
    """The theme's own strings (search box, footer, copy button) are the locale's catalog's, in the HTML and
    in the settings the theme's scripts read; the zh-Hant catalog corrects the theme's simplified forms."""
    html = built_site.page(f"{code}/{LESSON}/index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    assert page.select_one("input.md-search__input")["placeholder"] == translation(code, "Search")
    assert page.select_one("nav.md-footer__inner")["aria-label"] == translation(code, "Footer")
    assert page.select_one("nav.md-nav--secondary label.md-nav__title").get_text(strip=True) == translation(
        code, "Table of contents"
    )
    settings = json.loads(page.select_one("script#__config").string)["translations"]
    assert settings["clipboard.copy"] == translation(code, "Copy to clipboard")
    assert settings["search.result.other"] == translation(code, "# matching documents")
    if code == "zh-Hant":
        assert "个" not in html and "頁脚" not in html


@pytest.mark.parametrize("code", LOCALES)
def test_the_example_code_s_comments_are_in_the_page_language(built_site: BuiltSite, code: str) -> None:
    english = "Every weight and bias at zero, as on the lecture's slide."
    page = soup(built_site, f"{code}/{LESSON}/index.html")
    code_text = "".join("".join(pre.get_text().replace("#", "").split()) for pre in page.select("pre"))
    # Wrapped anew at the width of the English block (Chinese lines break between any two characters).
    assert "".join(translation(code, english).split()) in code_text
    assert "".join(english.split()) not in code_text


def translation(code: str, message: str) -> str:
    """The locale's catalog translation of ``message``, as its translator wrote it."""
    path = REPO / "locales" / code.replace("-", "_") / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return read_po(handle).get(message).string


@pytest.mark.parametrize("code", LOCALES)
def test_tooltips_of_the_configuration_are_in_the_page_language(built_site: BuiltSite, code: str) -> None:
    """The headings' permalinks and the colour-scheme toggles, whose texts come from mkdocs.yml."""
    for uri in (f"{code}/{LESSON}/index.html", f"{code}/translate/index.html"):
        page = soup(built_site, uri)
        titles = {link["title"] for link in page.select("a.headerlink")}
        assert titles == {translation(code, "Permanent link")}
        toggles = [label["title"] for label in page.select("label.md-header__button[for^=__palette]")]
        dark, light = translation(code, "Switch to dark mode"), translation(code, "Switch to light mode")
        assert sorted(toggles) == sorted([dark, light])


@pytest.mark.parametrize("code", LOCALES)
def test_language_menu_marks_the_page_language_and_no_english_credit_is_left(
    built_site: BuiltSite, code: str
) -> None:
    for uri in (f"{code}/{LESSON}/index.html", f"{code}/{LESSON}/parallel/index.html"):
        page = soup(built_site, uri)
        current = [a["hreflang"] for a in page.select("a[data-coursegen-switch][aria-current=page]")]
        assert current == [code]
        assert "Made with" not in page.select_one("footer").get_text()


def test_root_lists_every_locale_by_its_native_name(built_site: BuiltSite) -> None:
    page = soup(built_site, "index.html")
    links = {a["hreflang"]: a for a in page.select("[data-coursegen-chooser] a")}
    assert set(links) == set(LOCALES)
    for code, link in links.items():
        native = Locale.parse(code.replace("-", "_")).get_display_name()
        assert link.get_text().casefold() == native.casefold()
        assert link["href"] == f"{code}/"


def test_the_not_found_page_speaks_every_language_with_a_link_home(built_site: BuiltSite) -> None:
    page = soup(built_site, "404.html")
    assert page.title is not None and page.title.get_text().startswith("404 - ")  # not the site's name alone
    notices = {li["data-coursegen-locale"]: li for li in page.select("[data-coursegen-not-found] li")}
    assert set(notices) == set(LOCALES)
    for code, notice in notices.items():
        catalog = read_po(
            (REPO / "locales" / code.replace("-", "_") / "LC_MESSAGES" / "messages.po").open("rb")
        )
        assert notice["lang"] == code
        assert notice.strong.get_text() == catalog["Page not found"].string
        assert notice.a.get_text() == catalog["Go to the course's home page"].string
        # Served for any missing address, at any depth: its links start at the site's root.
        assert notice.a["href"] == f"/{code}/"
    assert page.select_one("article h1").get_text(strip=True) == "404"


def test_previous_and_next_links_stay_in_the_page_language(built_site: BuiltSite) -> None:
    """The footer's previous/next links lead to a page of the same language; the chooser, which belongs to
    none, shows none (it used to offer "Next: Leçons", the first page of whichever locale came first)."""
    pages = sorted(built_site.root.rglob("index.html"))
    assert len(pages) > len(LOCALES)
    for path in pages:
        uri = path.relative_to(built_site.root).as_posix()
        footer = soup(built_site, uri).select_one("nav.md-footer__inner")
        shown = footer is not None and not footer.has_attr("hidden")
        links = footer.select("a.md-footer__link") if shown else []
        language = uri.split("/")[0] if "/" in uri else None
        if language is None:
            assert links == [], f"{uri}: {[a['href'] for a in links]}"
            continue
        for link in links:
            target = (path.parent / link["href"]).resolve().relative_to(built_site.root.resolve())
            assert target.parts[0] == language, f"{uri} links to {link['href']}"


@pytest.mark.parametrize("code", ["fr", "zh-Hant"])
def test_the_side_by_side_view_is_reached_from_its_lesson_not_listed_beside_it(
    built_site: BuiltSite, code: str
) -> None:
    """With twenty lessons the navigation listed forty, every other one a lesson's text again beside another
    language, and "Next" led a learner through each lesson twice."""
    lesson = soup(built_site, f"{code}/{LESSON}/index.html")
    listed = [a["href"] for a in lesson.select("nav.md-nav--primary a.md-nav__link[href]")]
    assert listed and not [href for href in listed if "parallel" in href], listed
    footer = [a["href"] for a in lesson.select("a.md-footer__link")]
    assert footer and not [href for href in footer if "parallel" in href], footer
    assert lesson.select_one('a.md-button[href="parallel/"]') is not None
    view = soup(built_site, f"{code}/{LESSON}/parallel/index.html")
    back = view.select_one("a.md-footer__link--prev")
    assert back is not None and back["href"] == "../", back
    onward = view.select_one("a.md-footer__link--next")
    next_of_lesson = lesson.select_one("a.md-footer__link--next")
    assert onward is not None and next_of_lesson is not None
    assert (Path(f"/{code}/{LESSON}/parallel/") / onward["href"]).resolve() == (
        Path(f"/{code}/{LESSON}/") / next_of_lesson["href"]
    ).resolve()


@pytest.mark.parametrize("code", LOCALES)
def test_locale_home_links_its_lesson(built_site: BuiltSite, code: str) -> None:
    page = soup(built_site, f"{code}/index.html")
    assert page.html["lang"] == code
    assert page.select_one(f'.coursegen-lessons a[href="{LESSON}/"]') is not None


def test_nothing_generated_is_left_in_the_sources(built_site: BuiltSite) -> None:
    """Pages, plots and notebooks exist only in the built site, never next to the sources."""
    generated = [p for p in (REPO / "docs").rglob("*") if p.suffix in {".ipynb", ".svg", ".html"}]
    assert generated == []


def test_kernels_stop_with_the_build_and_say_nothing(built_site: BuiltSite) -> None:
    """The example kernels write to the build's stderr: a kernel still running when the build exits would
    add "Parent appears to have exited", and one on TCP would warn about unencrypted ports. The build's
    stderr is read until every process holding it has exited, so both would be in the log."""
    assert "IPKernelApp" not in built_site.log, built_site.log[-2000:]


def test_the_build_says_when_the_examples_run(built_site: BuiltSite) -> None:
    """An author whose save takes seconds rather than a second learns why, in MkDocs' own words."""
    assert re.search(rf"INFO +- +{LESSON}: executing examples for fr, ko, tr, uk, zh-Hant", built_site.log)
    assert re.search(
        rf"INFO +- +{LESSON}: examples executed in \d kernel\(s\): \d+ statements", built_site.log
    )


def test_what_the_examples_runs_tell_is_printed_by_mkdocs_in_every_module_that_tells_it() -> None:
    """The kernels' module tells what the examples wrote that is not kept, the execution's when they run:
    both at INFO, which MkDocs prints without ``-v`` only for the loggers coursegen sets so."""
    from coursegen import execution, kernels, plugin

    plugin._print_our_warnings_as_mkdocs_does()
    assert execution.log.isEnabledFor(logging.INFO) and kernels.log.isEnabledFor(logging.INFO)


def svg_texts(path: Path) -> list[str]:
    """The texts matplotlib drew as glyph paths: it keeps each one as a comment next to its paths."""
    return re.findall(r"<!-- (.*?) -->", path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("code", LOCALES)
def test_lesson_page_shows_localized_plots(built_site: BuiltSite, code: str) -> None:
    from coursegen.catalogs import load_translator
    from coursegen.locales import locale_info

    translator = load_translator(REPO / "locales", code)
    page = soup(built_site, f"{code}/{LESSON}/index.html")
    images = page.select("figure.coursegen-figure img")
    assert len(images) >= 3
    drawn: list[str] = []
    for image in images:
        target = built_site.page(f"{code}/{LESSON}/{image['src'].split('?')[0]}")
        assert target.is_file() and target.suffix == ".svg"
        assert image["alt"].strip()
        assert not image["src"].startswith("data:")
        drawn += svg_texts(target)
    for title in ("Two classes in an XOR pattern", "Cost during training", "layer"):
        assert translator.gettext(title) != title, f"{code}: {title!r} is not translated"
        assert translator.gettext(title) in drawn, (
            f"{code}: plot label {title!r} not drawn in the page's language"
        )
    decimal = locale_info(code).decimal
    assert any(re.fullmatch(rf"-?\d+\{decimal}\d+", text) for text in drawn), (
        "no tick label uses the decimal sign"
    )


@pytest.mark.parametrize("code", LOCALES)
def test_lesson_page_links_its_notebook_and_side_by_side_view(built_site: BuiltSite, code: str) -> None:
    import nbformat

    page = soup(built_site, f"{code}/{LESSON}/index.html")
    actions = page.select(".coursegen-actions a")
    hrefs = {a["href"].split("?")[0] for a in actions}
    assert f"{LESSON}.{code}.ipynb" in hrefs and "parallel/" in hrefs
    notebook = nbformat.read(built_site.page(f"{code}/{LESSON}/{LESSON}.{code}.ipynb"), as_version=4)
    nbformat.validate(notebook)
    code_cells = "".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    assert "coursegen" not in code_cells
    markdown_cells = "".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    first_words = " ".join(page.select_one("p.coursegen-transcript").get_text().split()[:3])
    assert first_words.split()[0] in markdown_cells
    parallel = soup(built_site, f"{code}/{LESSON}/parallel/index.html")
    ordered = sorted(LOCALES)  # as the site lists them
    following = ordered[(ordered.index(code) + 1) % len(ordered)]
    for section_id in SECTION_IDS:
        row = parallel.find(id=section_id).find_next(class_="coursegen-row")
        assert [column["lang"] for column in row.select(".coursegen-column")] == [code, following]
    # The other languages' columns: each a script of its own, every section in it.
    options = parallel.select("select[data-coursegen-column]")[0].select("option[data-coursegen-columns]")
    assert {option["value"] for option in options} == set(LOCALES) - {code, following}
    for option in options:
        script = (
            built_site.page(f"{code}/{LESSON}/parallel/") / option["data-coursegen-columns"].split("?")[0]
        )
        text = script.resolve().read_text(encoding="ascii")
        data = json.loads(text[text.index("(", text.index("&&")) + 1 : text.rindex(")")])
        assert data["code"] == option["value"] and set(data["sections"]) == set(SECTION_IDS)


def test_what_a_page_loads_is_addressed_by_its_content(built_site: BuiltSite) -> None:
    """A browser keeps what a page loaded (ten minutes on GitHub Pages, hours where the server says
    nothing): after a new build, the new page showed the old plot under its new alt text, and ran the old
    coursegen.js, coursegen.css and search worker. Each address of coursegen's files carries a digest of the
    file, as Material's own carry theirs, so a changed file is a new address."""
    from coursegen.files import content_version

    def version_of(address: str, file: Path) -> None:
        path, _, query = address.partition("#")[0].partition("?")
        assert path.endswith(file.name) and f"v={content_version(file.read_bytes())}" in query.split("&")

    page = soup(built_site, f"fr/{LESSON}/index.html")
    images = page.select("figure.coursegen-figure img")
    assert images
    for image in images:
        version_of(image["src"], built_site.page(f"fr/{LESSON}/{image['src'].split('?')[0]}"))
        assert image.find_parent("a")["href"] == image["src"]
    notebook = page.select_one(".coursegen-actions a[download]")
    version_of(notebook["href"], built_site.page(f"fr/{LESSON}/{LESSON}.fr.ipynb"))
    styles = [link["href"] for link in page.select('link[rel="stylesheet"]') if "coursegen" in link["href"]]
    scripts = [script["src"] for script in page.select("script[src]") if "coursegen" in script["src"]]
    assert len(styles) == len(scripts) == 1
    version_of(styles[0], built_site.page("assets/coursegen.css"))
    version_of(scripts[0], built_site.page("assets/coursegen.js"))
    config = json.loads(page.select_one("#__config").get_text())
    version_of(config["search"], built_site.page("assets/javascripts/workers/coursegen-search.js"))
    # One address for every language, which a cache keeps once: the language goes after "#".
    assert "lang" not in config["search"].partition("#")[0] and "#lang=fr&worker=search." in config["search"]


def test_an_owner_s_order_of_stylesheets_and_scripts_is_kept(built_site: BuiltSite, tmp_path: Path) -> None:
    """An owner lists coursegen.css before a stylesheet of their own, to override it: the build moved it after
    theirs (to give it its digest), and coursegen's rules won; a script's attributes were dropped. Listed
    twice, each is loaded once, where first listed."""
    project = copy_project(tmp_path / "project")
    (project / "docs" / "assets" / "custom.css").write_text(".coursegen-course { color: red; }\n")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "extra_css: [assets/coursegen.css, assets/custom.css, assets/coursegen.css]\n"
        + "extra_javascript:\n  - path: assets/coursegen.js\n    defer: true\n  - assets/coursegen.js\n",
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    shutil.copytree(built_site.cache, cache)
    result = build_site(tmp_path / "site", cache, config)
    assert result.returncode == 0, result.stderr[-4000:]
    page = BeautifulSoup(
        (tmp_path / "site" / "fr" / LESSON / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    styles = [link["href"].split("/")[-1] for link in page.select('link[rel="stylesheet"]')]
    ours = [name for name in styles if "coursegen" in name or "custom" in name]
    assert [name.split("?")[0] for name in ours] == ["coursegen.css", "custom.css"], styles
    assert "?v=" in ours[0]
    scripts = [script for script in page.select("script[src]") if "coursegen.js" in script["src"]]
    assert len(scripts) == 1 and scripts[0].has_attr("defer") and "?v=" in scripts[0]["src"], scripts


@pytest.mark.parametrize("code", LOCALES)
def test_lesson_page_stays_light(built_site: BuiltSite, code: str) -> None:
    """No base64 images, no stylesheet inlined per page: the HTML of a lesson stays under 150 KB."""
    html = built_site.page(f"{code}/{LESSON}/index.html").read_bytes()
    assert len(html) < 150_000
    assert b"data:image" not in html and b"<style" not in html.split(b"<body")[1]


def test_every_block_set_aside_is_back_in_place(built_site: BuiltSite) -> None:
    """Raw HTML waits outside Markdown behind placeholders: none may reach a page."""
    pages = list(built_site.root.rglob("*.html"))
    assert len(pages) > 20
    assert [page for page in pages if b"coursegen-raw-" in page.read_bytes()] == []


def test_only_what_a_page_uses_is_published(built_site: BuiltSite) -> None:
    """The README's screenshot (100 KB) was published at assets/lesson-page.png, linked by no page."""
    assert not (built_site.root / "assets" / "lesson-page.png").exists()
    published = {p.suffix for p in built_site.root.rglob("*") if p.is_file()}
    assert not published & {".py", ".yml", ".po", ".pot"}


def _open_graph(page: Path) -> dict[str, list[str]]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found: dict[str, list[str]] = {}
    for meta in soup.head.select("meta[property^='og:']"):
        found.setdefault(meta["property"], []).append(meta["content"])
    return found


def test_a_shared_link_shows_the_page_s_title_description_and_languages(built_site: BuiltSite) -> None:
    """A lesson's link pasted in a chat or a forum showed its address only (no Open Graph tags): now its
    title and description in its language, its locale and its versions'."""
    page = built_site.root / "zh-Hant" / LESSON / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = _open_graph(page)
    assert found["og:title"] == [soup.select_one("article h1").get_text().replace("¶", "").strip()]
    assert found["og:description"] == [soup.select_one("meta[name=description]")["content"]]
    assert found["og:site_name"] == [soup.select_one(".md-header__topic .md-ellipsis").get_text().strip()]
    assert found["og:locale"] == ["zh_TW"]
    assert sorted(found["og:locale:alternate"]) == ["fr_FR", "ko_KR", "tr_TR", "uk_UA"]
    assert "og:url" not in found  # without the site's address, none to give
    root = _open_graph(built_site.root / "index.html")
    assert root["og:title"] and "og:locale" not in root  # the chooser is in every language


def test_with_its_address_the_sitemap_names_each_pages_versions_in_every_language(
    built_site: BuiltSite, tmp_path: Path
) -> None:
    """Search engines were told of no translation of any page (Material's links, which said every page's
    translation was a locale's home, are left out); then, named in each page's head, each version made
    Material fetch a sitemap.xml beside it: a 404 per language on every page load. No page is said to
    have changed on the day of the build (every <lastmod> was that day: the sitemap changed daily). Every
    lesson named the chooser as its version for other languages, which names no lesson back: ignored."""
    address = "site_url: https://example.org/course/\n"
    config, cache = configured_copy(built_site, tmp_path, lambda text: text + address)
    days = {datetime.now(UTC).date().isoformat()}
    result = build_site(tmp_path / "site", cache, config)
    days.add(datetime.now(UTC).date().isoformat())
    assert result.returncode == 0, result.stderr[-3000:]
    assert "site_url" not in result.stderr
    text = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>" in text and not [day for day in days if day in text], "no build date in the sitemap"
    head = (tmp_path / "site" / "ko" / LESSON / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    assert 'rel="alternate"' not in head
    names = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    sitemap = ElementTree.parse(tmp_path / "site" / "sitemap.xml").getroot()
    versions = {
        url.findtext("s:loc", namespaces=names): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", names)
        }
        for url in sitemap.findall("s:url", names)
    }
    lesson = {code: f"https://example.org/course/{code}/{LESSON}/" for code in LOCALES}
    for address in lesson.values():
        assert versions[address] == lesson  # the chooser, no version of a lesson, names none back
    homes = {code: f"https://example.org/course/{code}/" for code in LOCALES}
    assert versions["https://example.org/course/ko/"] == {**homes, "x-default": "https://example.org/course/"}
    assert versions["https://example.org/course/"] == versions["https://example.org/course/ko/"]  # both ways
    # The side-by-side pages hold every language's transcript again: not indexed, not in the sitemap.
    assert not [address for address in versions if "/parallel/" in address]
    parallel = (tmp_path / "site" / "ko" / LESSON / "parallel" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in parallel.split("</head>")[0]
    assert 'name="robots"' not in head
    assert 'hreflang="fr"' not in (built_site.root / "sitemap.xml").read_text(encoding="utf-8")  # no address
    assert not (tmp_path / "site" / "robots.txt").exists()  # under a path, one counts for nothing
    assert _open_graph(tmp_path / "site" / "ko" / LESSON / "index.html")["og:url"] == [lesson["ko"]]


def test_a_site_at_the_root_of_its_host_says_where_its_sitemap_is(
    built_site: BuiltSite, tmp_path: Path
) -> None:
    """The sitemap alone names each page's versions in the other languages, and nothing told search engines
    where it was: they do not look for it unless robots.txt (or their owner's console) says so."""
    config, cache = configured_copy(
        built_site, tmp_path, lambda text: text + "site_url: https://example.org\n"
    )
    result = build_site(tmp_path / "site", cache, config)
    assert result.returncode == 0, result.stderr[-3000:]
    robots = (tmp_path / "site" / "robots.txt").read_text(encoding="utf-8")
    assert robots.splitlines() == [
        "User-agent: *",
        "Disallow:",
        "",
        "Sitemap: https://example.org/sitemap.xml",
    ]
    # The site folder kept (--dirty), the site moved: its robots.txt names the new address, or goes.
    moved = config.read_text(encoding="utf-8").replace("https://example.org", "https://courses.example.net")
    config.write_text(moved, encoding="utf-8")
    result = build_site(tmp_path / "site", cache, config, dirty=True)
    assert result.returncode == 0, result.stderr[-3000:]
    robots = (tmp_path / "site" / "robots.txt").read_text(encoding="utf-8")
    assert robots.splitlines()[-1] == "Sitemap: https://courses.example.net/sitemap.xml"
    config.write_text(moved.replace("https://courses.example.net", "https://example.net/course/"), "utf-8")
    result = build_site(tmp_path / "site", cache, config, dirty=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (tmp_path / "site" / "robots.txt").exists()
    (config.parent / "docs" / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    result = build_site(tmp_path / "site", cache, config)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "site" / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"
    config.write_text(moved, encoding="utf-8")
    result = build_site(tmp_path / "site", cache, config, dirty=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "site" / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"


def test_the_language_menu_of_a_page_some_languages_lack_leads_to_their_homes(
    built_site: BuiltSite, tmp_path: Path
) -> None:
    """On a lesson Korean has no transcript of, the menu listed only the languages that have it: a Korean
    reader who landed there from a shared link had no way to Korean."""
    project = copy_project(tmp_path / "project")
    for path in (project / "locales" / "ko" / "transcripts").glob(f"{LESSON}.*"):
        path.unlink()
    cache = tmp_path / "cache"
    shutil.copytree(built_site.cache, cache)
    site = tmp_path / "site"
    result = build_site(site, cache, project / "mkdocs.yml")
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (site / "ko" / LESSON).exists()
    page = BeautifulSoup((site / "fr" / LESSON / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["hreflang"]: a for a in page.select(".md-header a[data-coursegen-switch]")}
    assert sorted(links) == sorted(LOCALES)
    assert links["ko"]["href"] == "../../ko/" and links["ko"].has_attr("data-coursegen-home")
    assert links["tr"]["href"] == f"../../tr/{LESSON}/" and not links["tr"].has_attr("data-coursegen-home")
    home = BeautifulSoup((site / "ko" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert not home.select("a[data-coursegen-home]")


@pytest.mark.parametrize("presses", [1, 2], ids=["once", "twice"])
def test_ctrl_c_stops_a_build_and_its_kernels(built_site: BuiltSite, tmp_path: Path, presses: int) -> None:
    """Ctrl-C during the examples printed "Aborted!" and went on waiting for the kernels, ten minutes for an
    example that never ends; pressed twice, it printed a traceback and left the kernels' connection files
    (their keys) in the temporary folder."""
    import os
    import signal
    import subprocess
    import sys
    import tempfile
    import time

    import psutil

    project = copy_project(tmp_path / "project")
    examples = project / "docs" / "lessons" / LESSON / "examples.py"
    endless = "\nimport time\nwhile True:\n    time.sleep(0.1)\n"
    examples.write_text(examples.read_text(encoding="utf-8") + endless, encoding="utf-8")
    cache = tmp_path / "cache"
    shutil.copytree(built_site.cache, cache)
    # Short: the kernels' sockets are files in it, and a socket's path has at most 107 bytes.
    temporary = Path(tempfile.mkdtemp(prefix="cg-", dir="/tmp"))
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")],
        cwd=project,
        env={**os.environ, "COURSEGEN_CACHE_DIR": str(cache), "TMPDIR": str(temporary)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    kernels: list[psutil.Process] = []
    started = time.monotonic()
    while not kernels and time.monotonic() - started < 120 and build.poll() is None:
        time.sleep(0.5)
        kernels = kernels_under(psutil.Process(build.pid))
    assert kernels, "no kernel started:\n" + (
        build.communicate()[0][-3000:] if build.poll() is not None else ""
    )
    time.sleep(3)  # in the endless loop by now
    for _press in range(presses):
        build.send_signal(signal.SIGINT)
        time.sleep(0.3)
    try:
        output, _ = build.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        build.kill()
        pytest.fail("mkdocs build went on after Ctrl-C:\n" + build.communicate()[0][-3000:])
    assert build.returncode != 0 and "Aborted" in output
    assert "Traceback" not in output, output[-3000:]
    time.sleep(2)  # a killed kernel's process ends
    assert not still_running(kernels)
    left = list(temporary.iterdir())
    shutil.rmtree(temporary)
    assert left == []


def test_a_home_folder_that_cannot_be_written_slows_no_build_and_is_not_warned_of(
    built_site: BuiltSite, tmp_path: Path
) -> None:
    """A container running as a user whose home folder is read-only: matplotlib made a temporary folder in
    every build, warned of it in two lines, and listed the fonts again each time (a warm build took twice as
    long); the build now gives it a folder of its own cache."""
    import subprocess
    import sys

    cache = tmp_path / "cache"
    shutil.copytree(built_site.cache, cache)
    env = read_only_home(cache)
    outputs = []
    for _build in range(2):
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        outputs.append(result.stderr)
    assert all("matplotlib" not in output.lower() for output in outputs), outputs[0][-2000:]
    assert (cache / ".matplotlib").is_dir()
    # The second build found the font choice it stored: no font list rebuilt, no module of matplotlib read.
    fonts = json.loads(next((cache / ".build").glob("fonts-fr*.json")).read_text(encoding="utf-8"))
    assert str(cache / ".matplotlib") in json.dumps(fonts)


@pytest.mark.parametrize("code", ["fr", "zh-Hant"])
def test_a_browser_translating_a_page_leaves_its_code_and_language_names_alone(
    built_site: BuiltSite, code: str
) -> None:
    """Chrome's "translate this page" rewrote code (a translated name no longer runs) and the languages' own
    names in the menu, the chooser and the side-by-side pickers; what the examples printed, in the page's
    language, is translated with the rest."""
    lesson = soup(built_site, f"{code}/{LESSON}/index.html")
    guide = soup(built_site, f"{code}/translate/index.html")
    parallel = soup(built_site, f"{code}/{LESSON}/parallel/index.html")
    chooser = soup(built_site, "index.html")
    code_blocks = lesson.select("div.highlight code") + guide.select("article code")
    assert len(lesson.select("div.highlight code")) >= 5 and guide.select("article code")
    assert [block for block in code_blocks if block.get("translate") != "no"] == []
    outputs = lesson.select("pre.coursegen-output code")
    assert outputs and not [output for output in outputs if output.get("translate")]
    names = lesson.select("a.md-select__link") + parallel.select("option") + chooser.select("a[hreflang]")
    assert len(names) >= 15 and [name for name in names if name.get("translate") != "no"] == []


def test_publishing_with_gh_deploy_without_an_address_is_warned_of(
    built_site: BuiltSite, tmp_path: Path
) -> None:
    """GitHub Pages publishes a project's site under a path, where the "page not found" page without
    site_url came unstyled with every link off the site: gh-deploy --strict published it, told in a note."""
    project = copy_project(tmp_path / "project")
    git = ["git", "-c", "user.email=a@example.org", "-c", "user.name=a"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "course"]):
        subprocess.run([*git, *command], cwd=project, check=True)
    cache = tmp_path / "cache"
    shutil.copytree(built_site.cache, cache)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "gh-deploy", "--strict"],
        cwd=project,
        env={**os.environ, "COURSEGEN_CACHE_DIR": str(cache)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "WARNING -  mkdocs.yml has no site_url" in done.stderr
    branches = subprocess.run([*git, "branch", "-a"], cwd=project, capture_output=True, text=True, check=True)
    assert "gh-pages" not in branches.stdout  # stopped before publishing anything


def test_minifying_the_pages_and_the_owner_s_files_works_as_usual(
    built_site: BuiltSite, tmp_path: Path
) -> None:
    """The README says the minify plugin works as usual: the pages, and coursegen's files still linked."""
    minify = "plugins:\n  - minify:\n      minify_html: true\n"
    config, cache = configured_copy(built_site, tmp_path, lambda text: text.replace("plugins:\n", minify))
    result = build_site(tmp_path / "site", cache, config)
    assert result.returncode == 0, result.stderr[-3000:]
    lesson = tmp_path / "site" / "fr" / LESSON / "index.html"
    html = lesson.read_text(encoding="utf-8")
    assert len(html) < 0.97 * len(
        (built_site.root / "fr" / LESSON / "index.html").read_text(encoding="utf-8")
    )
    page = BeautifulSoup(html, "html.parser")
    assets = [tag.get("src") or tag.get("href") for tag in page.select("script[src], link[href]")]
    ours = [address for address in assets if "coursegen" in address and "?v=" in address]
    assert len(ours) == 2
    for address in ours:
        assert (lesson.parent / address.split("?")[0]).resolve().is_file(), address
    assert len(page.select("div.highlight code")) >= 5 and page.select("img[src*='figures/']")
