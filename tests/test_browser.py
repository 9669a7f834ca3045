"""The built site in a real browser: languages, search, the side-by-side view, images, layout, axe."""

# Fixtures are imported from browser_support, and test arguments of the same name use them.
# ruff: noqa: F811

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from browser_support import (  # noqa: F401 - fixtures
    ARTIFACTS,
    Opener,
    PageWatch,
    SiteServer,
    open_page,
    site,
)
from support import LESSON, LOCALES, REPO, BuiltSite, build_site, copy_project

from coursegen.search import mark_words, separator

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SECTION = "symmetric-backprop"
#: A word of each locale's transcript, in the form a reader would type it (checked against the sources below).
NATIVE_WORDS = {"uk": "симетричні", "zh-Hant": "對稱", "ko": "대칭", "tr": "simetrik", "fr": "symétriques"}
KINDS = {"home": "", "lesson": f"{LESSON}/", "parallel": f"{LESSON}/parallel/", "guide": "translate/"}
PAGES = [(code, kind, f"{code}/{path}") for code in LOCALES for kind, path in KINDS.items()]
ROOT = "?choose"  # the chooser, kept from redirecting
ALL_URIS = [uri for _, _, uri in PAGES] + [ROOT]
NARROW = {"width": 390, "height": 844}


def lang_of(page: Any) -> str:
    return page.evaluate("document.documentElement.lang")


@pytest.mark.parametrize("uri", ALL_URIS)
def test_page_loads_without_errors_in_its_language(open_page: Opener, site: str, uri: str) -> None:
    page, watch = open_page(uri)
    assert page.url == site + uri, "the page must not redirect"
    expected = uri.split("/")[0] if uri != ROOT else "en"
    assert lang_of(page) == expected
    assert watch.errors == []


@pytest.mark.parametrize("code", LOCALES)
def test_lesson_screenshot_and_images(open_page: Opener, code: str) -> None:
    page, watch = open_page(f"{code}/{LESSON}/", viewport={"width": 1280, "height": 900})
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{code}-lesson.png"), full_page=False)
    images = page.locator("article img")
    assert images.count() > 0, "the lesson has plots"
    # Plots load lazily: bring each into view, as a reader scrolling down would, and wait for it.
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete", arg=image.element_handle(), timeout=10_000)
    broken = page.evaluate(
        "[...document.querySelectorAll('article img')].filter(i => !(i.naturalWidth > 0)).map(i => i.src)"
    )
    assert broken == []
    assert watch.errors == []


# The right edge, in pixels, of the last character of each line of a printed output.
LINE_ENDS = """code => {
    const ends = [], range = document.createRange();
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    let right = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.data.length; i++) {
            if (node.data[i] === '\\n') { ends.push(right); right = null; continue; }
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            right = range.getBoundingClientRect().right;
        }
    }
    return [...ends, right];
}"""


def display_width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in line)


@pytest.mark.parametrize("code", ["ko", "zh-Hant"])
def test_printed_tables_keep_their_columns_under_wide_headers(open_page: Opener, code: str) -> None:
    """A table printed with Hangul or Chinese headers: every line of it ends at the same pixel, as in a
    terminal, although the browser draws those characters narrower than two monospaced columns."""
    page, _ = open_page(f"{code}/{LESSON}/", viewport={"width": 1600, "height": 900})
    outputs = page.locator("pre.coursegen-output code")
    tables = 0
    for index in range(outputs.count()):
        output = outputs.nth(index)
        lines = output.inner_text().rstrip("\n").split("\n")
        width = display_width(lines[-1])
        table = [number for number, line in enumerate(lines) if display_width(line) == width]
        if len(table) < 4 or not any(display_width(lines[n]) > len(lines[n]) for n in table):
            continue
        tables += 1
        ends = output.evaluate(LINE_ENDS)
        assert len(ends) == len(lines)
        columns = [ends[n] for n in table]
        assert max(columns) - min(columns) < 1, [lines[n] for n in table]
    assert tables >= 2


@pytest.mark.parametrize("code", ["fr", "ko"])
def test_a_printed_lesson_keeps_every_column_and_leaves_folded_code_folded(
    open_page: Opener, code: str
) -> None:
    """On paper nothing scrolls: the widest output table must fit the page (wrapped), and the long helper
    code, folded on screen, must not fill the first pages even when the printout opens every fold."""
    page, watch = open_page(f"{code}/{LESSON}/", viewport={"width": 700, "height": 900})
    page.emulate_media(media="print")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # as Material does
    clipped = page.evaluate(
        """[...document.querySelectorAll('pre.coursegen-output code')]
            .filter(c => c.scrollWidth > c.clientWidth + 1).length"""
    )
    assert clipped == 0
    folded = page.locator("details.coursegen-code")
    assert folded.count() >= 1
    assert page.evaluate(
        """[...document.querySelectorAll('details.coursegen-code > :not(summary)')]
            .every(e => getComputedStyle(e).display === 'none')"""
    )
    assert folded.first.locator("summary").is_visible()
    assert page.locator(".md-code__nav").count() > 0
    assert not [b for b in page.locator(".md-code__nav").all() if b.is_visible()]
    assert watch.errors == []


FOCUSED = """() => { const e = document.activeElement;
    return {drawer: !!e.closest('.md-sidebar--primary'), search: !!e.closest('.md-search__inner'),
            name: e.getAttribute('aria-label') || e.textContent.trim(), tag: e.tagName}; }"""


def test_on_a_phone_the_keyboard_skips_closed_panels_and_opens_them(open_page: Opener) -> None:
    """Material's drawer and search box, closed, only slide out of view: Tab walked through their links
    unseen, while their header buttons (labels) could not be reached at all."""
    page, watch = open_page(f"tr/{LESSON}/", viewport=NARROW, is_mobile=True, has_touch=True)
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(FOCUSED))
    assert not [s for s in seen if s["drawer"] or s["search"]], seen
    buttons = [s["name"] for s in seen if s["tag"] == "LABEL"]
    assert len(buttons) == 2 and all(buttons), seen  # the drawer's and the search's, named
    drawer = page.locator('label[data-coursegen-opens][for="__drawer"]')
    drawer.focus()
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED)["drawer"]
    assert page.locator(".md-sidebar--primary a[href]").first.is_visible()
    page.keyboard.press("Escape")
    assert page.evaluate("document.getElementById('__drawer').checked") is False
    assert page.evaluate("document.activeElement.getAttribute('for')") == "__drawer"
    page.locator('label[data-coursegen-opens][for="__search"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.classList.contains('md-search__input')")
    assert watch.errors == []


def test_on_a_phone_a_tap_on_the_search_button_puts_the_cursor_in_the_box(open_page: Opener) -> None:
    """Material focused the box while it was still hidden: a phone's keyboard did not come up."""
    page, watch = open_page(f"fr/{LESSON}/", viewport=NARROW, is_mobile=True, has_touch=True)
    box = page.locator('label.md-header__button[for="__search"]').bounding_box()
    assert box is not None
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("document.activeElement.classList.contains('md-search__input')", timeout=5000)
    assert watch.errors == []


ACTIVE_SECTION = """() => {
    const link = document.querySelector('.md-sidebar--secondary .md-nav__link--active');
    return link && link.getAttribute('href'); }"""


@pytest.mark.parametrize("how", ["table of contents", "permalink"])
def test_a_jump_to_a_section_shows_it_below_the_header_as_the_one_read(open_page: Opener, how: str) -> None:
    """The heading landed so low (the focus clearance and Material's margin added up) that the table of
    contents marked the section before it."""
    target = "saturation"
    uri = f"ko/{LESSON}/" + (f"#{target}" if how == "permalink" else "")
    page, watch = open_page(uri, viewport={"width": 1280, "height": 720})
    if how == "table of contents":
        page.locator(f'.md-sidebar--secondary a[href="#{target}"]').click()
    page.wait_for_function(f"({ACTIVE_SECTION})() === '#{target}'", timeout=5000)
    heading = page.evaluate(f"document.getElementById('{target}').getBoundingClientRect().top")
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert header <= heading <= header + 40
    assert watch.errors == []


@pytest.mark.parametrize("uri", ALL_URIS)
def test_nothing_overflows_sideways_on_a_phone(open_page: Opener, uri: str) -> None:
    page, _ = open_page(uri, viewport=NARROW, is_mobile=True, has_touch=True)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    assert width <= inner
    # Elements wider than the screen are allowed only inside something that scrolls on its own (code blocks).
    wide = page.evaluate(
        """() => [...document.querySelectorAll('article *')].filter(el => {
            const box = el.getBoundingClientRect();
            if (box.width === 0 || box.right <= window.innerWidth + 1) return false;
            for (let p = el; p; p = p.parentElement) {
                const style = getComputedStyle(p);
                if (['auto', 'scroll', 'hidden'].includes(style.overflowX)) return false;
            }
            return true;
        }).map(el => el.tagName + '.' + el.className)"""
    )
    assert wide == []


def switch_language(page: Any, target: str) -> None:
    """Choose ``target`` in the header's language menu, from the keyboard: a pointer click lets the driver
    scroll the page while the menu is still opening (a reader's click does not), which moves the reader."""
    link = page.locator(f'.md-header a[data-coursegen-switch][hreflang="{target}"]')
    link.focus()
    link.press("Enter")
    page.wait_for_url(lambda url: f"/{target}/" in url, wait_until="load")


# Scroll events and the frames after them handled, transitions (the drawer sliding in) finished; not an
# endless animation, which would never finish.
SETTLED = """async () => {
    await new Promise(requestAnimationFrame);
    await new Promise(requestAnimationFrame);
    const done = Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
    await Promise.race([done, new Promise(resolve => setTimeout(resolve, 5000))]);
}"""


def settle(page: Any) -> None:
    page.evaluate(SETTLED)


def scroll_to_section(page: Any, section: str) -> None:
    """Scroll as a reader does (the address keeps no #section): the heading a little below the header."""
    page.evaluate(
        """id => { const top = document.getElementById(id).getBoundingClientRect().top;
                   window.scrollBy(0, top - 120); }""",
        section,
    )
    settle(page)
    assert "#" not in page.url


@pytest.mark.parametrize(("source", "target"), [(a, b) for a in LOCALES for b in LOCALES if a != b])
def test_language_menu_keeps_the_section(open_page: Opener, site: str, source: str, target: str) -> None:
    page, watch = open_page(f"{source}/{LESSON}/#{SECTION}")
    switch_language(page, target)
    assert page.url == f"{site}{target}/{LESSON}/#{SECTION}"
    assert lang_of(page) == target
    assert page.evaluate("localStorage.getItem('coursegen.locale')") == target
    assert watch.errors == []


@pytest.mark.parametrize(
    ("source", "target", "path", "section"),
    [
        ("fr", "ko", f"{LESSON}/", "why-small"),
        ("zh-Hant", "tr", f"{LESSON}/parallel/", "zero-bias"),
        ("uk", "fr", "translate/", "2-translate-the-catalog"),
        ("fr", "zh-Hant", "translate/", "1-create-the-locale"),
    ],
)
def test_language_menu_keeps_the_section_scrolled_to(
    open_page: Opener, site: str, source: str, target: str, path: str, section: str
) -> None:
    page, watch = open_page(f"{source}/{path}", viewport={"width": 1280, "height": 800})
    scroll_to_section(page, section)
    switch_language(page, target)
    assert page.url == f"{site}{target}/{path}#{section}"
    # The section is on screen in the other language.
    top = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", section)
    assert 0 <= top < 800
    assert watch.errors == []


@pytest.mark.parametrize("start", ["tab", "toc"])
def test_a_language_chosen_with_the_keyboard_keeps_the_section(
    open_page: Opener, site: str, start: str
) -> None:
    """A keyboard reader reaches the header's menu with Shift+Tab through everything above, and the page
    scrolls to its top on the way: the other language opened at its top, where a click from the same place
    kept the section (and the section a link of the contents had led to was lost the same way)."""
    page, watch = open_page(f"fr/{LESSON}/", viewport={"width": 1280, "height": 800})
    section = "why-small" if start == "tab" else "zero-bias"
    if start == "tab":  # the reader tabbed down to a plot of the section and stayed there
        page.evaluate(
            """id => [...document.querySelectorAll('.md-content a[href], .md-content summary')]
                .find(el => document.getElementById(id).compareDocumentPosition(el) & 4).focus()""",
            section,
        )
    else:  # followed the link of the contents, with Enter
        page.locator(f'.md-sidebar--secondary a[href="#{section}"]').press("Enter")
    # The reader stays: a focus counts once it has stayed a second after the scroll it caused, which a busy
    # machine ends late (1.2 s after the focus was once too soon, and the menu led to the page's top).
    settled = "() => new Promise(done => { let y = scrollY; setTimeout(() => done(y === scrollY), 300); })"
    for _look in range(20):
        if page.evaluate(settled):
            break
    page.wait_for_timeout(1500)
    switch = page.locator('.md-header a[data-coursegen-switch][hreflang="ko"]')
    for _press in range(300):
        if switch.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Shift+Tab")
    else:
        pytest.fail("Shift+Tab never reached the language menu")
    assert page.evaluate("window.scrollY") < 200  # the page went back up on the way
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/ko/" in url, wait_until="load")
    assert page.url == f"{site}ko/{LESSON}/#{section}"
    assert watch.errors == []


A4 = {"width": 794, "height": 1123}  # CSS pixels


def test_on_paper_a_wide_printed_table_keeps_its_columns(open_page: Opener) -> None:
    """Its lines wrapped on A4: the last column fell under the first."""
    page, watch = open_page(f"fr/{LESSON}/", viewport=A4)
    page.emulate_media(media="print")
    wrapped = page.evaluate(
        """() => [...document.querySelectorAll('pre.coursegen-output code')].filter(code => {
            const lines = code.textContent.split('\\n').length;
            const range = document.createRange();
            range.selectNodeContents(code);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            return tops.size > lines;
        }).map(code => code.textContent.slice(0, 40))"""
    )
    assert wrapped == []
    assert watch.errors == []


def test_on_paper_code_the_reader_unfolded_is_printed_and_the_rest_stays_folded(open_page: Opener) -> None:
    """Printed, folded code was left out even where the reader had unfolded it: the paper called functions it
    never showed."""
    page, watch = open_page(f"fr/{LESSON}/", viewport=A4)
    folded = page.locator("details.coursegen-code")
    assert folded.count() >= 2
    folded.nth(0).locator("summary").click()
    assert printed_folds(page) == [True] + [False] * (folded.count() - 1)
    assert watch.errors == []


def printed_folds(page: Any) -> list[bool]:
    """Whether each folded code block of ``page`` is printed whole: printing starts (Material opens every
    block), the page is laid out for paper, then printing ends."""
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    shown = page.evaluate(
        """() => [...document.querySelectorAll('details.coursegen-code')].map(d =>
            [...d.children].some(c => c.tagName !== 'SUMMARY' && getComputedStyle(c).display !== 'none'))"""
    )
    assert page.evaluate("[...document.querySelectorAll('details.coursegen-code')].every(d => d.open)")
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    return shown


def test_on_paper_code_the_browser_unfolded_is_printed(open_page: Opener) -> None:
    """A link to a passage (or the browser's find in page) unfolds the block that holds it: shown on screen,
    it was left out of the paper, which printed only "Show the code"."""
    page, watch = open_page(f"fr/{LESSON}/#:~:text=make_xor_blobs(n", viewport=A4)
    folded = page.locator("details.coursegen-code")
    page.wait_for_function("document.querySelector('details.coursegen-code').open")
    assert printed_folds(page) == [True] + [False] * (folded.count() - 1)
    assert watch.errors == []


def test_a_lesson_s_plots_load_once_the_page_has_without_a_scroll(open_page: Opener) -> None:
    """Below the fold, plots waited for a scroll (loading="lazy"); a browser fetches them when printing starts
    and does not wait: a lesson saved as a PDF soon after it opened had empty boxes for most plots."""
    page, watch = open_page(f"fr/{LESSON}/", viewport=A4)
    page.wait_for_function(
        """[...document.querySelectorAll('.md-typeset figure img')]
            .every(i => i.complete && i.naturalWidth > 0)""",
        timeout=10_000,
    )
    assert page.locator(".md-typeset figure img").count() == 8
    assert page.evaluate("window.scrollY") == 0
    assert watch.errors == []


@pytest.mark.parametrize("uri", ["fr/", ROOT])
def test_a_page_of_one_screen_prints_on_one_sheet(open_page: Opener, uri: str) -> None:
    """Material's page is at least the sheet's height: a margin collapsing through it pushed a home or the
    language list onto a blank second sheet."""
    page, watch = open_page(uri, viewport=A4)
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1
    assert watch.errors == []


def test_on_paper_a_heading_stays_with_what_it_introduces(open_page: Opener) -> None:
    """Twenty sheets of the lessons' printouts ended on a heading, a column's language or a folded block's
    bar, whose text began the next sheet."""
    page, watch = open_page(f"ko/{LESSON}/parallel/", viewport=A4)
    page.emulate_media(media="print")
    kept = page.evaluate(
        """[...document.querySelectorAll('.md-typeset h2, .md-typeset .coursegen-column-name')]
            .map(e => getComputedStyle(e).breakAfter)"""
    )
    assert len(kept) > 10 and set(kept) == {"avoid"}
    assert watch.errors == []


def test_without_javascript_a_printed_side_by_side_page_wraps_its_columns(open_page: Opener) -> None:
    """Without JavaScript the view's pair shows, wide enough on paper (when every language showed, five
    columns 98 px wide in one row broke words; the rows still wrap, as many as the paper holds)."""
    page, watch = open_page(f"fr/{LESSON}/parallel/", java_script_enabled=False, viewport=A4)
    page.emulate_media(media="print")
    widths = page.evaluate(
        """[...document.querySelector('.coursegen-row').children].map(c => c.getBoundingClientRect().width)"""
    )
    assert len(widths) == 2 and min(widths) > 200, widths
    assert watch.errors == []


def test_on_paper_a_button_shows_its_address(open_page: Opener, site: str) -> None:
    """A handout said "Download the notebook" with no address to find it at."""
    page, watch = open_page(f"fr/{LESSON}/", viewport=A4)
    page.emulate_media(media="print")
    after = page.evaluate(
        """() => [...document.querySelectorAll('.md-typeset a.md-button')]
            .map(a => getComputedStyle(a, '::after').content)"""
    )
    assert len(after) == 2 and all(f"{site}fr/{LESSON}/" in text for text in after), after
    # The notebook's own address, without the digest that only browsers' caches need.
    assert after[0] == f'" ({site}fr/{LESSON}/{LESSON}.fr.ipynb)"', after
    page.emulate_media(media="screen")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('a.md-button'), '::after').content") == "none"
    )
    assert watch.errors == []


def test_on_paper_two_languages_stay_side_by_side(open_page: Opener) -> None:
    """On A4 the side-by-side view printed one language after the other (on Letter, side by side)."""
    page, watch = open_page(f"fr/{LESSON}/parallel/", viewport=A4)
    page.emulate_media(media="print")
    lefts = page.evaluate(
        """() => [...document.querySelector('.coursegen-row').children]
            .filter(c => getComputedStyle(c).display !== 'none')
            .map(c => Math.round(c.getBoundingClientRect().left))"""
    )
    assert len(lefts) == 2 and lefts[0] != lefts[1], lefts
    assert page.evaluate("getComputedStyle(document.querySelector('.coursegen-pickers')).display") == "none"
    assert watch.errors == []


def test_a_right_to_left_printed_line_is_clear_of_the_copy_button(open_page: Opener) -> None:
    """Material's copy button sits at the block's top right, where a line of Arabic output starts: on hover it
    hid the line's first word."""
    page, watch = open_page(f"fr/{LESSON}/", viewport={"width": 1280, "height": 900})
    boxes = page.evaluate(
        """() => {
            const pre = document.querySelector('pre.coursegen-output');
            pre.querySelector('code').innerHTML =
                '<span class="coursegen-rtl" dir="rtl">\u0643\u0644 \u0648\u0632\u0646 0</span>';
            const button = pre.querySelector('button') || pre.parentElement.querySelector('button');
            const range = document.createRange();
            range.selectNodeContents(pre.querySelector('.coursegen-rtl'));
            return [button.getBoundingClientRect().left, range.getBoundingClientRect().right];
        }"""
    )
    button_left, text_right = boxes
    assert text_right <= button_left, boxes
    assert watch.errors == []


def test_keys_that_move_focus_into_the_header_leave_the_reader_where_they_were(
    open_page: Opener, site: str
) -> None:
    """The page's scroll padding (room for focus below the sticky header) made the header itself count as
    hidden: "/" to search and each Tab through the header scrolled the page up half a screen, and the language
    menu, reached by Tab, opened the other language two sections before the one being read."""
    page, watch = open_page(f"tr/{LESSON}/", viewport={"width": 1280, "height": 800})
    page.mouse.move(640, 400)  # not over the header
    scroll_to_section(page, "saturation")
    reading = page.evaluate("scrollY")
    page.keyboard.press("/")
    settle(page)
    page.keyboard.press("Escape")
    settle(page)
    assert page.evaluate("scrollY") == reading
    page, watch = open_page(f"tr/{LESSON}/", viewport={"width": 1280, "height": 800})
    page.mouse.move(640, 400)
    scroll_to_section(page, "saturation")  # Tab starts at the top of the document, the header
    reading = page.evaluate("scrollY")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('hreflang')") == "uk":
            break
    else:
        pytest.fail("Tab never reached the language menu")
    assert page.evaluate("scrollY") == reading
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/uk/" in url, wait_until="load")
    assert page.url == f"{site}uk/{LESSON}/#saturation"
    assert watch.errors == []


def test_a_site_with_its_address_fetches_nothing_missing_and_its_menu_keeps_the_section(
    chromium: Any, built_site: BuiltSite, tmp_path: Path
) -> None:
    """With site_url set, as publishing asks, each page named its versions in its head; Material fetched a
    sitemap.xml beside each (a 404 per language per page) and, on a click in the language menu, sent the
    reader to the top of the other language's page."""
    root = tmp_path / "site"
    root.mkdir()
    server = SiteServer(root).start()
    try:
        project = copy_project(tmp_path / "project")
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + f"site_url: {server.url}\n", encoding="utf-8")
        cache = tmp_path / "cache"
        shutil.copytree(built_site.cache, cache)
        result = build_site(root, cache, config)
        assert result.returncode == 0, result.stderr[-3000:]
        context = chromium.new_context()
        page = context.new_page()
        watch = PageWatch().attach(page)
        answers: list[tuple[int, str]] = []
        page.on("response", lambda response: answers.append((response.status, response.url)))
        page.goto(f"{server.url}ko/{LESSON}/#{SECTION}", wait_until="networkidle")
        switch_language(page, "fr")  # Enter is a click, which Material's handler listened for
        page.wait_for_load_state("networkidle")
        assert page.url == f"{server.url}fr/{LESSON}/#{SECTION}"
        assert [answer for answer in answers if answer[0] >= 400] == []
        assert watch.errors == []
        context.close()
    finally:
        server.stop()


def test_a_site_under_a_folder_named_as_a_language_finds_the_language_after_its_own_address(
    chromium: Any, built_site: BuiltSite, tmp_path: Path
) -> None:
    """Published at /uk/nn/, the "not found" page put Ukrainian first whatever language folder the address
    named, and the root search marked every result Ukrainian (read with its voice): the language was looked
    for in every folder of the address, the site's own included. (With Material's scope set to the domain,
    for preferences shared with other sites on it, the scope is no measure of the site's address.)"""
    root = tmp_path / "host"
    server = SiteServer(root, not_found="uk/nn/404.html").start()
    try:
        project = copy_project(tmp_path / "project")
        config = project / "mkdocs.yml"
        address = f"{server.url}uk/nn/"
        text = config.read_text(encoding="utf-8").replace("extra:\n", "extra:\n  scope: /\n", 1)
        config.write_text(text + f"site_url: {address}\n", encoding="utf-8")
        cache = tmp_path / "cache"
        shutil.copytree(built_site.cache, cache)
        result = build_site(root / "uk" / "nn", cache, config)
        assert result.returncode == 0, result.stderr[-3000:]
        context = chromium.new_context(locale="en-US")
        page = context.new_page()
        watch = PageWatch().attach(page)
        for code in ("ko", "zh-Hant"):
            page.goto(f"{address}{code}/{LESSON}/no-such-page/", wait_until="networkidle")
            assert not_found_order(page)[0] == code
        page.goto(f"{address}?choose", wait_until="networkidle")
        links = search(page, "initialization")
        marks = links.evaluate_all(
            "links => links.map(a => [new URL(a.href).pathname.split('/')[3], a.closest('[lang]').lang])"
        )
        assert {folder for folder, _ in marks} >= {"fr", "ko"}, marks
        assert all(folder == lang for folder, lang in marks), marks
        assert errors_beside_the_404(watch) == []
        context.close()
    finally:
        server.stop()


def test_a_site_opened_from_its_folder_goes_from_page_to_page(chromium: Any, built_site: BuiltSite) -> None:
    """Opened from the disk (file://), the chooser sent the reader to a folder listing, and every link after
    it: the site links to folders, which a web server answers with their index.html and the disk does not."""
    context = chromium.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto((built_site.root / "index.html").as_uri(), wait_until="load")
    page.wait_for_url("**/fr/index.html")
    assert lang_of(page) == "fr"
    page.locator(f'article a[href*="{LESSON}"]').first.click()
    page.wait_for_url(f"**/fr/{LESSON}/index.html")
    switch_language(page, "ko")
    page.wait_for_url(f"**/ko/{LESSON}/index.html*")
    assert lang_of(page) == "ko"
    context.close()


def test_language_menu_from_the_top_opens_the_top(open_page: Opener, site: str) -> None:
    page, _ = open_page(f"fr/{LESSON}/")
    switch_language(page, "uk")
    assert page.url == f"{site}uk/{LESSON}/"


def transcript(code: str) -> str:
    """The text of a locale's seed transcript, as its translator wrote it."""
    folder = REPO / "locales" / code.replace("-", "_") / "transcripts"
    return (folder / f"{LESSON}.txt").read_text(encoding="utf-8")


def test_native_words_occur_in_the_transcripts() -> None:
    """The search words below are real words of each transcript, not forms the index happens to hold."""
    for code, word in NATIVE_WORDS.items():
        assert word in transcript(code), f"{code}: {word} is not in the transcript"


def marked_words(page: Any) -> list[str]:
    """The words the search results mark, once they are there (the results are drawn with their marks)."""
    marks = page.locator(".md-search-result mark")
    marks.first.wait_for(state="attached", timeout=10_000)
    return marks.all_text_contents()


def search(page: Any, query: str) -> Any:
    """Type ``query`` into the page's search box; the result links, once the first one is there."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").fill(query)
    links = page.locator(".md-search-result__list a.md-search-result__link")
    links.first.wait_for(state="attached", timeout=10_000)
    return links


@pytest.mark.parametrize("code", LOCALES)
def test_search_finds_the_lesson_from_a_native_word(open_page: Opener, site: str, code: str) -> None:
    page, watch = open_page(f"{code}/")
    hrefs = search(page, NATIVE_WORDS[code]).evaluate_all("links => links.map(a => a.href)")
    assert hrefs, "no result"
    assert all(href.startswith(f"{site}{code}/") for href in hrefs), hrefs
    assert any(href.startswith(f"{site}{code}/{LESSON}/") for href in hrefs), hrefs
    assert watch.errors == []


def test_tabbing_out_of_the_open_drawer_closes_it(open_page: Opener) -> None:
    """At 200% zoom, Tab went on from the open drawer to the page's buttons hidden under it."""
    page, watch = open_page(f"uk/{LESSON}/", viewport={"width": 640, "height": 400})
    page.locator('label[data-coursegen-opens][for="__drawer"]').focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked")
    outside = "!document.querySelector('.md-sidebar--primary').contains(document.activeElement)"
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate(outside):
            break
    assert page.evaluate(outside)
    assert not page.evaluate("document.getElementById('__drawer').checked")
    assert page.evaluate(SEEN), page.evaluate("document.activeElement.outerHTML")
    assert watch.errors == []


def test_han_words_typed_as_one_run_are_searched_as_one(open_page: Opener) -> None:
    """ICU's dictionary has no "權重" (weight): searched as 權 and 重, it found a page with a lone 重 and
    marked 重要, 重點 and 重複; the index holds the two words one after the other, and that is found."""
    page, watch = open_page("zh-Hant/")
    search(page, "權重")
    marks = set(marked_words(page))
    assert marks == {"權", "重"}, marks
    texts = page.locator(".md-search-result__article").all_inner_texts()
    assert texts and all("權" in text for text in texts if "重" in text), texts
    page.locator("input.md-search__input").fill("隱藏單")  # a word being typed: still found as a prefix
    # The first query's marks are still there until the results change: wait for the new ones.
    page.wait_for_function(
        "[...document.querySelectorAll('.md-search-result mark')].some(m => m.textContent.includes('單'))"
    )
    assert "單元" in marked_words(page)
    assert watch.errors == []


@pytest.mark.parametrize(("query", "word"), [("权重", "權重"), ("初始化", "初始化")])
def test_a_result_opens_its_page_with_a_han_word_highlighted_whole(
    open_page: Opener, site: str, query: str, word: str
) -> None:
    """Its pieces (權 and 重, 初始 and 化) were highlighted each on its own: every 重 of 重要 and 重複,
    every 化 of the page."""
    page, watch = open_page("zh-Hant/")
    links = search(page, query)
    hrefs = links.evaluate_all("links => links.map(a => a.href)")
    opened = next(href for href in hrefs if f"/{LESSON}/?h=%" in href and "#" in href)
    page.goto(opened)
    page.wait_for_function("document.querySelectorAll('mark[data-md-highlight]').length > 0")
    marked = {text for text in page.locator("mark[data-md-highlight]").all_inner_texts() if text}
    assert marked == {word}, marked
    assert watch.errors == []


def test_simplified_characters_find_the_words_of_the_traditional_page(open_page: Opener, site: str) -> None:
    """Most Chinese keyboards type Simplified characters: "权重" found nothing on the Traditional Chinese
    site, whose transcript writes "權重"."""
    page, watch = open_page("zh-Hant/")
    hrefs = search(page, "权重").evaluate_all("links => links.map(a => a.href)")
    assert any(href.startswith(f"{site}zh-Hant/{LESSON}/") for href in hrefs), hrefs
    assert set(marked_words(page)) == {"權", "重"}
    page.locator("input.md-search__input").fill("隐藏单元")  # hidden unit
    page.wait_for_function(
        "[...document.querySelectorAll('.md-search-result mark')].some(m => m.textContent == '單元')"
    )
    assert {"隱藏", "單元"} <= set(marked_words(page))
    assert watch.errors == []


def test_a_search_result_shows_the_lines_of_code_around_its_word_not_the_whole_listing(
    open_page: Opener,
) -> None:
    """A word in one comment of the folded setup code made a result of its 225 lines: 3500 px on a phone."""
    page, watch = open_page(f"fr/{LESSON}/", viewport=NARROW, is_mobile=True, has_touch=True)
    page.locator('label.md-header__button[for="__search"]').click()
    page.locator("input.md-search__input").fill("sigmoïde")
    marked_words(page)
    for more in page.locator(".md-search-result__more > summary").all():
        more.click()
    listings = page.evaluate(
        """() => [...document.querySelectorAll('.md-search-result__article pre')]
            .map(pre => ({lines: pre.textContent.split('\\n').length,
                          marks: pre.querySelectorAll('mark').length, text: pre.textContent}))"""
    )
    assert listings, "a comment of the code holds the word"
    assert all(listing["lines"] <= 12 and listing["marks"] for listing in listings), listings
    assert any("\u22ef" in listing["text"] for listing in listings), listings
    assert watch.errors == []


@pytest.mark.parametrize("code", ["zh-Hant", "ko"])
def test_search_results_show_no_zero_width_spaces(open_page: Opener, code: str) -> None:
    """The index's word breaks (U+200B) are for lunr; in the results they would be copied with the text."""
    page, watch = open_page(f"{code}/")
    search(page, NATIVE_WORDS[code])
    marked_words(page)
    shown = page.locator(".md-search-result").inner_text()
    assert NATIVE_WORDS[code] in shown.replace("\n", "")
    assert "\u200b" not in shown
    assert watch.errors == []


def test_search_finds_words_typed_without_a_space_between_scripts(open_page: Opener, site: str) -> None:
    """The transcript writes "S型" (S-shaped) as one run ("S型啟動函數"); the index holds "S" and "型"."""
    assert "S型" in transcript("zh-Hant")
    page, watch = open_page("zh-Hant/")
    hrefs = search(page, "S型").evaluate_all("links => links.map(a => a.href)")
    assert any(href.startswith(f"{site}zh-Hant/{LESSON}/") for href in hrefs), hrefs
    # The lone "S" is no search term: as a prefix it matched (and marked) every word in s.
    marked = marked_words(page)
    assert marked and not [mark for mark in marked if mark[:1] in "sS"], marked
    assert not [href for href in hrefs if re.search(r"[?&]h=[^#]*\bs\b", href, re.IGNORECASE)], hrefs
    assert watch.errors == []


def test_a_chinese_word_the_index_holds_is_searched_whole(open_page: Opener) -> None:
    """ "對稱" (symmetry) was searched as "對*", its first character, marking 對於 and 對齊 as well."""
    page, watch = open_page("zh-Hant/")
    search(page, "對稱")
    assert set(marked_words(page)) == {"對稱"}
    assert watch.errors == []


@pytest.mark.parametrize(
    "query",
    [
        "ニューラル",
        "ディープ",
        "ディープラーニング",
        "ニューラルネットワーク",
        "ﾆｭｰﾗﾙ",
        "ネットワーク",
        "ラーニング",
    ],
)
def test_a_japanese_katakana_word_is_found_by_its_start(open_page: Opener, query: str) -> None:
    """Katakana loanwords were indexed as ICU's dictionary happened to cut them
    (ニュー|ラ|ル|ネットワーク, デ|ィ|ー|プ|ラ|ー|ニ|ン|グ): "ニューラル" and "ディープ" found nothing,
    and "ディープラーニング", cut the same way in the query, searched each letter as a word (ラ* found
    ランダム)."""
    page, _ = open_page("fr/")
    docs = documents(
        mark_words("これはニューラルネットワークのディープラーニングです。"), mark_words("ランダムな初期化。")
    )
    assert found_by_worker(page, docs, query, ["en"], [], "ja", separator()) == ["a/"]


def test_a_katakana_word_that_ends_a_compound_finds_it(open_page: Opener) -> None:
    """A run of katakana is one word of the index: "ネットワーク" found nothing where the text only wrote
    "ニューラルネットワーク" (the word a learner of this course searches most), "サイエンス" nothing in
    "コンピュータサイエンス". Each result names the word typed as found, not every other compound as
    missing."""
    page, _ = open_page("fr/")
    docs = documents(
        mark_words("ニューラルネットワークの授業。"),
        mark_words("コンピュータサイエンス。"),
        "ランダム。",
        mark_words("ネットワーク理論と\u200bディープ\u200bネットワーク。"),
    )
    assert found_by_worker(page, docs, "ネットワーク", ["en"], [], "ja", separator()) == ["a/", "d/"]
    assert found_by_worker(page, docs, "サイエンス", ["en"], [], "ja", separator()) == ["b/"]
    assert found_by_worker(page, docs, "ﾈｯﾄﾜｰｸ", ["en"], [], "ja", separator()) == ["a/", "d/"]
    assert found_by_worker(page, docs, "ム", ["en"], [], "ja", separator()) == []  # one letter is no word
    terms = page.evaluate(
        WORKER_QUERY.replace("group.map(item => item.location)", "group.map(item => item.terms)"),
        [docs, "ネットワーク", ["en"], [], "ja", separator()],
    )
    assert [item for group in terms for item in group] == [{"ネットワーク": True}] * 2, terms
    # Two words typed, one inside the other: each result says of each whether it holds it.
    found = {}
    for query in ("ワーク ネットワーク", "ネットワーク ニューラルネットワーク"):
        groups = page.evaluate(
            WORKER_QUERY.replace(
                "group.map(item => item.location)", "group.map(item => [item.location, item.terms])"
            ),
            [docs, query, ["en"], [], "ja", separator()],
        )
        found[query] = dict(item for group in groups for item in group)
    assert found["ワーク ネットワーク"]["d/"] == {"ワーク": True, "ネットワーク": True}
    assert found["ネットワーク ニューラルネットワーク"]["d/"] == {
        "ネットワーク": True,
        "ニューラルネットワーク": False,
    }
    assert found["ネットワーク ニューラルネットワーク"]["a/"] == {
        "ネットワーク": True,
        "ニューラルネットワーク": True,
    }


@pytest.mark.parametrize("text", ["пов'язана", "пов’язана", "повʼязана", "пов‘язана"])
@pytest.mark.parametrize(
    "query", ["пов'язана", "пов’язана", "повʼязана", "ПОВʼЯЗАНА", "пов‘язана", "повязана"]
)
def test_a_ukrainian_apostrophe_is_found_however_it_is_typed(
    open_page: Opener, text: str, query: str
) -> None:
    """Ukrainian's apostrophe is written as U+0027, U+2019, U+02BC (Unicode's advice, some keyboards'
    and autocorrections'), or U+2018: "повʼязана" found nothing where the text wrote "пов'язана", and back."""
    page, _ = open_page("uk/")
    docs = documents(f"Вона {text} з вагами.", "Інше слово.")
    assert found_by_worker(page, docs, query, ["en"], [], "uk", separator()) == ["a/"]


def test_a_ukrainian_word_with_an_apostrophe_is_searched_whole(open_page: Opener) -> None:
    """ "пов'язана" was searched as "пов" and "язана": every word in пов- was marked (повільним, повністю)."""
    assert "пов'язана" in transcript("uk")
    page, watch = open_page("uk/")
    search(page, "пов'язана")
    marked = marked_words(page)
    assert marked and all(mark.startswith("пов'язан") for mark in marked), marked
    assert watch.errors == []


@pytest.mark.parametrize("code", ["fr", "ko"])
def test_a_dotted_name_of_code_is_found_by_its_last_part(open_page: Opener, code: str) -> None:
    """ "np.random.randn": punctuation inside a word is read away only where it is part of the word."""
    assert "np.random.randn" in transcript(code)
    page, watch = open_page(f"{code}/")
    search(page, "randn")
    marked = marked_words(page)
    assert marked and all(mark == "randn" for mark in marked), marked
    assert watch.errors == []


@pytest.mark.parametrize(("code", "number"), [("ko", "0.01"), ("fr", "0,01")])
def test_search_finds_a_decimal_number_as_written(open_page: Opener, code: str, number: str) -> None:
    """The lecture's scale 0.01 is one word; it used to search "0" (marked all over the site) and "01"."""
    assert number in transcript(code)
    page, watch = open_page(f"{code}/")
    search(page, number)
    marked = marked_words(page)
    assert marked and all(mark.startswith(number) for mark in marked), marked
    assert watch.errors == []


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("梯度下降", ["梯度", "下降"]),  # gradient descent
        ("隱藏單元", ["隱藏", "單元"]),  # hidden unit
        ("權重", ["權", "重"]),  # weight (the index holds two words)
    ],
)
def test_search_finds_every_word_of_a_chinese_query(open_page: Opener, query: str, words: list[str]) -> None:
    """A Chinese query is a run of words without spaces; each of them is searched and marked, the last too."""
    assert query in transcript("zh-Hant")
    page, watch = open_page("zh-Hant/")
    search(page, query)
    marked = set(marked_words(page))
    assert set(words) <= marked, marked
    assert watch.errors == []


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("SIFIR", "sıfır"),  # capital I is the capital of dotless ı in Turkish
        ("AĞIRLIKLARIN", "ağırlıkların"),
        ("İYİ", "iyi"),  # and İ the capital of i
    ],
)
def test_search_lowercases_by_the_rules_of_the_page_language(
    open_page: Opener, site: str, query: str, word: str
) -> None:
    assert re.search(rf"\b{word}\b", transcript("tr"))
    page, watch = open_page("tr/")
    hrefs = search(page, query).evaluate_all("links => links.map(a => a.href)")
    assert any(href.startswith(f"{site}tr/{LESSON}/") for href in hrefs), hrefs
    assert watch.errors == []


WORKER_QUERY = r"""async ([docs, query, lang = ["en"], pipeline = [], page = null, separator = "[\\s'.]+"]) =>
{
    let url = JSON.parse(document.getElementById("__config").textContent).search;
    if (page) url = url.replace(/lang=[^&]*/, "lang=" + page);  // as on a page of that language
    const worker = new Worker(new URL(url, location.href));
    const reply = (message) => new Promise(resolve => {
        worker.onmessage = (event) => resolve(event.data);
        worker.postMessage(message);
    });
    const fields = {title: {boost: 1000}, text: {boost: 1}};
    const config = {lang, separator, pipeline, fields};
    await reply({type: 0, data: {config, docs, options: {suggest: false}}});
    const result = await reply({type: 2, data: query});
    worker.terminate();
    return result.data.items.map(group => group.map(item => item.location));
}"""


def documents(*texts: str) -> list[dict[str, str]]:
    """Search documents a/, b/, c/... holding ``texts``."""
    return [
        {"location": f"{chr(97 + i)}/", "title": chr(65 + i), "text": text} for i, text in enumerate(texts)
    ]


def found_by_worker(page: Any, docs: list[dict[str, str]], query: str, *settings: Any) -> list[str]:
    """The locations of ``docs`` that the search worker finds for ``query`` (see WORKER_QUERY), sorted."""
    groups = page.evaluate(WORKER_QUERY, [docs, query, *settings])
    return sorted(location for group in groups for location in group)


@pytest.mark.parametrize(
    ("code", "text", "query", "found"),
    [
        ("tr", "İşte bir örnek.", "işte", True),  # İ is the capital of i in Turkish, in the index too
        ("tr", "Sıfır.", "SIFIR", True),  # and I the capital of ı
        ("fr", "Sıfır.", "SIFIR", True),  # I is the capital of i here, but ı is searched as i everywhere
        ("fr", "La sigmoïde.", "sigmoide", True),  # accents on Latin letters do not count
        ("tr", "Öğrenme hızı.", "ogrenme", True),
        ("tr", "Sıfır.", "sifir", True),  # dotless ı is searched as i, as typed without a Turkish keyboard
        ("tr", "SIGMOID_FLAT", "sigmoid_flat", True),  # which Turkish lowercases to sıgmoıd_flat
        # Cyrillic й is not и (a short word: a longer one is found by the start it shares, "спробу" of
        # "спробуимо" and "спробуймо").
        ("uk", "Йорж ще раз.", "иорж", False),
        # Arabic and Hebrew vowel signs, the hamza on alef and the tatweel do not count (on any page).
        ("fr", "تهيئة الأوزان عشوائيًا.", "الاوزان", True),
        ("fr", "يتبيّن ذلك.", "يتبين", True),
        ("fr", "الـــأوزان", "الأوزان", True),
        ("fr", "שָׁלוֹם", "שלום", True),
        ("fr", "مصفوفة متناظرة", "مصفوفه", True),  # ta marbuta typed as ha
        ("fr", "مصفوفه", "مصفوفة", True),
        ("fr", "على", "علي", True),  # alef maqsura typed as ya
        ("fr", "छिपी इकाइयाँ", "इकाइयां", True),  # chandrabindu typed as anusvara
        # Strokes Unicode does not count as accents: Vietnamese đ ("dao ham" found nothing), Polish ł.
        ("fr", "Đạo hàm đối xứng.", "dao ham", True),
        ("fr", "Đạo hàm đối xứng.", "doi", True),
        ("fr", "Łódź", "lodz", True),
        ("fr", "फ़ीचर", "फीचर", True),  # the nukta, precomposed or not, is often left out in typing
        ("fr", "\u095eीचर", "फीचर", True),
        # Full-width letters and digits, as a Chinese, Japanese or Korean input method types them in its
        # full-width mode, are the letters they look like; so are compatibility forms pasted from a PDF.
        ("ko", "weight, tanh", "ｗｅｉｇｈｔ", True),
        ("zh-Hant", "使用 tanh 或 0.01", "ＴＡＮＨ", True),
        ("zh-Hant", "使用 tanh 或 0.01", "０.０１", True),
        ("zh-Hant", "使用 ｔａｎｈ 或", "tanh", True),
        ("fr", "La ﬁnale.", "finale", True),
        ("fr", "La finale.", "ﬁnale", True),
        # Invisible characters a word processor or a web page leaves inside a word: a soft hyphen, a word
        # joiner, a zero-width (non-)joiner, a variation selector.
        ("fr", "La loi gaus\u00adsienne.", "gaussienne", True),
        ("fr", "mot\u2060joint", "motjoint", True),
        ("fr", "non\u200cjoint", "nonjoint", True),
        ("fr", "La loi gaussienne.", "gaus\u00adsienne", True),
        # German ß is ss, as written in capitals and on keyboards without it.
        ("fr", "Die Straße.", "strasse", True),
        ("fr", "Die Strasse.", "STRAẞE", True),
    ],
)
def test_search_index_and_query_are_lowercased_by_the_page_language_and_unaccented(
    open_page: Opener, code: str, text: str, query: str, found: bool
) -> None:
    """What Material's worker, inside ours, finds in a one-document index built on a page of ``code``."""
    page, _ = open_page(f"{code}/")
    docs = [{"location": "a/", "title": "A", "text": text}]
    assert bool(page.evaluate(WORKER_QUERY, [docs, query])) == found


ARABIC_QUERIES = [
    ("وتُثبت بالاستقراء أن الوحدتين متطابقتان.", "الاستقراء", True),  # the article and ب set aside
    ("وتُثبت بالاستقراء أن الوحدتين متطابقتان.", "استقراء", True),
    ("تهيئة الأوزان.", "اوزان", True),
    ("تهيئة الأوزان.", "زان", False),  # only a clitic is set aside, never more of the word
    # What is left of a word without its clitics may be a stop word (صفر, zero; بعد, dimension): the
    # lecture's subject, "بالصفر" (with zero), could not be found at all.
    ("يمكن أن تبدأ الانحيازات بالصفر.", "بالصفر", True),
    ("يمكن أن تبدأ الانحيازات بالصفر.", "الصفر", True),
    ("يمكن أن تبدأ الانحيازات بالصفر.", "صفر", True),
    ("من البعد اثنين في اثنين.", "البعد", True),
    # lunr's presence operators before a word with its article: +الانحيازات found nothing.
    ("يمكن أن تبدأ الانحيازات بالصفر.", "+الانحيازات", True),
    ("يمكن أن تبدأ الانحيازات بالصفر.", "بالصفر -الانحيازات", False),
]
NEUTRAL, ARABIC = (["en"], []), (["ar"], ["stopWordFilter"])


@pytest.mark.parametrize(
    ("text", "query", "found", "settings"),
    [
        *((*case, NEUTRAL) for case in ARABIC_QUERIES),
        *((*case, ARABIC) for case in ARABIC_QUERIES),
        ("من البعد اثنين في اثنين.", "في", False, ARABIC),  # a stop word as written is left out still
    ],
    ids=lambda value: "arabic" if value is ARABIC else "neutral" if value is NEUTRAL else None,
)
def test_arabic_words_are_found_without_their_article_and_clitics(
    open_page: Opener, text: str, query: str, found: bool, settings: tuple[list[str], list[str]]
) -> None:
    """On an Arabic page, with the settings the build gives it (lunr's Arabic stop words) and without."""
    lang, pipeline = settings
    page, _ = open_page("fr/")
    docs = [{"location": "a/", "title": "A", "text": text}]
    assert bool(page.evaluate(WORKER_QUERY, [docs, query, lang, pipeline, "ar"])) == found


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("ע״י", ["a/", "b/"]),  # gershayim inside an acronym: cut there, ע* and י* lit up every word in ע, י
        ('ע"י', ["a/", "b/"]),  # typed with the keyboard's quotation mark (which Material takes out)
        ("עי", ["a/", "b/"]),
        ("עצבית", ["a/"]),
        ("הכול", ["c/"]),  # after an invisible right-to-left mark (U+200F), as subtitles start their lines
        ("שלום", ["c/"]),  # in quotation marks
        ("מאמנים", ["d/"]),  # in quotation marks opening the text
    ],
)
def test_hebrew_words_are_searched_whole_with_the_site_s_own_separator(
    open_page: Opener, query: str, found: list[str]
) -> None:
    page, _ = open_page("fr/")
    docs = documents(
        "רשת עצבית ע״י יחידות.", 'אימון ע"י ירידה.', '\u200fאז זה \u200fהכול, "שלום".', '"מאמנים" כאשר.'
    )
    assert found_by_worker(page, docs, query, ["en"], [], "he", separator()) == found


@pytest.mark.parametrize(
    ("lang", "text", "query", "found"),
    [
        # Greek capitals are written without tonos, and most people search without tonos and dialytika.
        ("el", "Η αρχικοποίηση των βαρών.", "αρχικοποιηση", True),
        ("el", "Η αρχικοποίηση των βαρών.", "ΑΡΧΙΚΟΠΟΙΗΣΗ", True),
        ("el", "Ο ισχυρισμός.", "ΙΣΧΥΡΙΣΜΟΣ", True),
        ("el", "Ο ισχυρισμός.", "ΙΣΧΥΡΙΣ", True),  # typed on: its last Σ lowercases to the final ς
        ("el", "Το προϊόν.", "προιον", True),
        ("fr", "Η αρχικοποίηση.", "αρχικοποιηση", True),  # on a page of any language
        # A mark that makes a letter of its own counts (Ukrainian й and ї, on every page; Hindi vowel signs,
        # Thai tone marks, kana voicing marks).
        ("uk", "Україна", "украіна", False),
        ("fr", "Йорж", "иорж", False),
        ("hi", "किया", "कया", False),
        ("th", "ก่อน", "กอน", False),
        ("ja", "がくしゅう", "かくしゅう", False),
    ],
)
def test_accents_count_only_where_they_make_letters(
    open_page: Opener, lang: str, text: str, query: str, found: bool
) -> None:
    page, _ = open_page("fr/")
    docs = [{"location": "a/", "title": "A", "text": text}]
    assert bool(page.evaluate(WORKER_QUERY, [docs, query, ["en"], [], lang])) == found


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("որտեղից", ["a/"]),  # as typed: the question mark sits on the stressed vowel in the text
        ("ինչու", ["a/", "b/"]),
        ("ինչո՞ւ", ["a/", "b/"]),  # as the page writes it: one word, not ինչո* (which matched ինչով) and ւ*
    ],
)
def test_armenian_marks_written_on_a_word_are_read_away(
    open_page: Opener, query: str, found: list[str]
) -> None:
    page, _ = open_page("fr/")
    docs = documents("Որտեղի՞ց և ինչո՞ւ։", "Ինչու ոչ։", "Ինչով է։")
    assert found_by_worker(page, docs, query, ["en"], [], "hy", separator()) == found


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("descente de gradient", ["b/"]),  # "de*" matched "demandent" and outranked the words searched for
        ("l'initialisation", ["c/"]),  # the elided "l*" matched every word starting with l
        ("de", ["a/", "b/"]),  # a query of stop words only is searched as typed
    ],
)
def test_stop_words_of_a_query_are_not_searched_as_prefixes(
    open_page: Opener, query: str, found: list[str]
) -> None:
    page, _ = open_page("fr/")
    docs = documents(
        "Ils demandent autre chose.",
        "La descente de gradient.",
        "L'initialisation des poids.",
        "Le lendemain.",
    )
    assert found_by_worker(page, docs, query, ["fr"], ["stopWordFilter"]) == found


def test_a_result_opens_its_page_with_the_words_highlighted_as_written(open_page: Opener) -> None:
    """Typed without its accent, "sigmoide" finds "sigmoïde"; the page the result opens marks it too."""
    page, watch = open_page("fr/")
    search(page, "sigmoide")
    # The result's link gets the words it marks once the list is drawn.
    link = page.wait_for_function(
        """() => [...document.querySelectorAll("a.md-search-result__link")]
            .map(a => a.href).find(href => href.includes("#") && href.includes("sigmo%C3%AFde"))"""
    ).json_value()
    page.goto(link)
    marks = page.locator("article mark[data-md-highlight]")
    marks.first.wait_for(state="attached", timeout=10_000)
    marked = marks.all_text_contents()
    assert marked and {word.casefold() for word in marked} == {"sigmoïde"}, marked
    assert watch.errors == []


@pytest.mark.parametrize(("code", "query"), [("fr", "retropropagation"), ("tr", "ogrenme")])
def test_search_finds_words_typed_without_their_accents(
    open_page: Opener, site: str, code: str, query: str
) -> None:
    page, watch = open_page(f"{code}/")
    hrefs = search(page, query).evaluate_all("links => links.map(a => a.href)")
    assert any(href.startswith(f"{site}{code}/{LESSON}/") for href in hrefs), hrefs
    assert watch.errors == []


@pytest.mark.parametrize(
    ("code", "query", "marked"),
    [
        ("uk", "симетрія", "симетрі"),
        ("tr", "AĞIRLIĞI", "ağırlık"),
        ("ko", "가중치의", "가중치"),
        ("fr", "initialisés", "initialis"),
    ],
)
def test_search_finds_a_word_typed_in_another_form_than_the_text_has(
    open_page: Opener, site: str, code: str, query: str, marked: str
) -> None:
    """Words are found by their start: a form longer than the text's (another case, a particle, a plural)
    found nothing, though the lesson is about that word."""
    page, watch = open_page(f"{code}/")
    links = search(page, query)
    hrefs = links.evaluate_all("links => links.map(a => a.href)")
    assert any(href.startswith(f"{site}{code}/{LESSON}/") for href in hrefs), hrefs
    marks = [mark for mark in page.locator(".md-search-result mark").all_inner_texts() if mark]  # shown
    assert marks and all(mark.lower().startswith(marked) for mark in marks), marks
    assert watch.errors == []


def test_search_finds_the_words_of_a_plot_s_description(open_page: Opener, site: str) -> None:
    page, watch = open_page("fr/")
    hrefs = search(page, "nuage").evaluate_all("links => links.map(a => a.href)")
    assert any(href.startswith(f"{site}fr/{LESSON}/") for href in hrefs), hrefs
    assert watch.errors == []


def test_a_word_no_form_of_which_is_in_the_text_still_finds_nothing(open_page: Opener) -> None:
    page, watch = open_page("fr/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").fill("initialisation")
    page.locator(".md-search-result__list a.md-search-result__link").first.wait_for(state="attached")
    for query in ("xylophones", "0.015"):
        page.locator("input.md-search__input").fill(query)
        page.wait_for_function("() => !document.querySelector('.md-search-result__list a')")
    assert watch.errors == []


def test_search_result_leads_to_the_section(open_page: Opener, site: str) -> None:
    page, _ = open_page("ko/")
    search(page, NATIVE_WORDS["ko"]).first.click()
    page.wait_for_url(re.compile(re.escape(f"{site}ko/{LESSON}/") + r"(\?[^#]*)?(#.*)?$"))
    assert lang_of(page) == "ko"


def visible_columns(page: Any) -> list[str]:
    """The languages shown side by side, once those picked are loaded (the page is busy meanwhile)."""
    page.wait_for_function("!document.querySelector('[aria-busy]')")
    return page.evaluate(
        """[...document.querySelector('.coursegen-row').children]
            .filter(c => c.offsetParent !== null)
            .sort((a, b) => a.getBoundingClientRect().left - b.getBoundingClientRect().left)
            .map(c => c.dataset.coursegenLocale)"""
    )


def test_parallel_pickers_choose_the_columns(open_page: Opener) -> None:
    page, watch = open_page(f"tr/{LESSON}/parallel/", viewport={"width": 1280, "height": 900})
    assert visible_columns(page) == ["tr", "uk"]
    selects = page.locator("select[data-coursegen-column]")
    selects.nth(0).select_option("zh-Hant")
    selects.nth(1).select_option("fr")
    assert visible_columns(page) == ["zh-Hant", "fr"]
    # The pair is in the address: a reload (or the shared link) shows the same two.
    assert page.url.endswith("parallel/?a=zh-Hant&b=fr")
    page.reload()
    assert visible_columns(page) == ["zh-Hant", "fr"]
    rows = page.locator(".coursegen-row")
    assert rows.count() > 3
    # In that order in the page too, as a screen reader reads it (zh-Hant came after fr, shown first by CSS).
    assert page.evaluate(
        """[...document.querySelectorAll('.coursegen-row')].every(row =>
            [...row.children].filter(c => !c.hidden).map(c => c.dataset.coursegenLocale).join()
            === 'zh-Hant,fr')"""
    )
    assert watch.errors == []


@pytest.mark.parametrize(
    ("query", "columns"),
    [("?a=KO&b=zh-hant", ["ko", "zh-Hant"]), ("?a=xx&b=en", ["tr", "uk"]), ("?a=fr&b=fr", ["fr", "ko"])],
    ids=["any-case", "unknown", "same-twice"],
)
def test_parallel_pair_from_the_address_is_read_leniently(
    open_page: Opener, query: str, columns: list[str]
) -> None:
    """A shared or hand-typed address shows two languages: codes in any case, an unknown one replaced."""
    page, watch = open_page(f"tr/{LESSON}/parallel/{query}", viewport={"width": 1280, "height": 900})
    assert visible_columns(page) == columns
    assert watch.errors == []


def test_parallel_choosing_the_other_columns_language_swaps_them(open_page: Opener) -> None:
    page, _watch = open_page(f"tr/{LESSON}/parallel/", viewport={"width": 1280, "height": 900})
    page.locator("select[data-coursegen-column]").nth(0).select_option("uk")
    assert visible_columns(page) == ["uk", "tr"]
    assert page.url.endswith("parallel/?a=uk&b=tr")


def test_language_menu_keeps_the_parallel_pair(open_page: Opener, site: str) -> None:
    page, watch = open_page(f"uk/{LESSON}/parallel/?a=ko&b=tr", viewport={"width": 1280, "height": 900})
    switch_language(page, "fr")
    assert page.url == f"{site}fr/{LESSON}/parallel/?a=ko&b=tr"
    assert visible_columns(page) == ["ko", "tr"]
    assert watch.errors == []


def test_parallel_columns_break_lines_by_their_own_language(open_page: Opener) -> None:
    """Korean keeps words whole (word-break: keep-all); a Chinese column on the Korean page must not."""
    page, _ = open_page(f"ko/{LESSON}/parallel/?a=ko&b=zh-Hant", viewport={"width": 1280, "height": 900})
    breaks = page.evaluate(
        """() => Object.fromEntries(['ko', 'zh-Hant'].map(code => [code, getComputedStyle(
            document.querySelector(`.coursegen-row [data-coursegen-locale="${code}"] p`)).wordBreak]))"""
    )
    assert breaks == {"ko": "keep-all", "zh-Hant": "normal"}


def test_parallel_shows_its_pair_without_javascript(open_page: Opener) -> None:
    page, _ = open_page(
        f"fr/{LESSON}/parallel/", java_script_enabled=False, viewport={"width": 1600, "height": 900}
    )
    assert visible_columns(page) == ["fr", "ko"]
    assert page.locator("form[data-coursegen-pickers]").is_hidden()


def test_a_side_by_side_view_opened_from_disk_loads_the_languages_picked(
    chromium: Any, built_site: BuiltSite
) -> None:
    """Each view holds its pair; another language's columns come from a script of their own, which loads from
    a site opened from its folder (file://) too, where a fetch would not. Their text is text."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto((built_site.root / "uk" / LESSON / "parallel" / "index.html").as_uri(), wait_until="load")
        assert visible_columns(page) == ["uk", "zh-Hant"]
        selects = page.locator("select[data-coursegen-column]")
        selects.nth(0).select_option("fr")
        selects.nth(1).select_option("ko")
        assert visible_columns(page) == ["fr", "ko"]
        made = page.evaluate(
            """[...document.querySelectorAll('.coursegen-row [data-coursegen-locale="fr"]')].map(c =>
                [c.lang, c.querySelectorAll(':scope > :not(p)').length, c.textContent.length])"""
        )
        assert made and all(lang == "fr" and others == 0 and length > 0 for lang, others, length in made)
        sections = page.locator(".coursegen-row").count()
        assert page.locator('.coursegen-row [data-coursegen-locale="fr"]').count() == sections
    finally:
        context.close()


def test_a_language_whose_columns_cannot_be_loaded_leaves_the_pair_shown(open_page: Opener) -> None:
    """A column script that does not load (a site copied in part, a connection lost): the pickers go back to
    the pair shown, and the page is not left busy."""
    page, _ = open_page(f"tr/{LESSON}/parallel/", viewport={"width": 1280, "height": 900})
    page.route(lambda url: "columns.js" in url, lambda route: route.abort())
    page.locator("select[data-coursegen-column]").nth(0).select_option("fr")
    assert visible_columns(page) == ["tr", "uk"]
    assert page.locator("select[data-coursegen-column]").nth(0).input_value() == "tr"


def test_parallel_comes_laid_out_before_its_script_runs(open_page: Opener, site: str) -> None:
    """The columns were laid out by coursegen.js once it ran, after the page was first drawn: every row
    moved (a layout shift of up to 0.09 on a phone), and the page's own language came after French."""
    page, _ = open_page("")
    page.route(lambda url: "coursegen.js" in url, lambda route: route.abort())
    page.goto(f"{site}zh-Hant/{LESSON}/parallel/", wait_until="load")
    assert visible_columns(page) == ["zh-Hant", "fr"]
    assert page.locator("form[data-coursegen-pickers]").is_visible()


def test_root_follows_the_browser_language(open_page: Opener, site: str) -> None:
    page, watch = open_page("", locale="ko-KR")
    page.wait_for_url(f"{site}ko/")
    assert lang_of(page) == "ko"
    assert watch.errors == []


def test_root_sends_the_reader_on_before_its_stylesheets_and_scripts_load(chromium: Any, site: str) -> None:
    """The root page chose the reader's language in coursegen.js, at its end: after every stylesheet and
    script had loaded (seconds on a slow connection), and after Material had started to fetch the search
    index of every language, for nothing. Its head sends the reader on first."""
    context = chromium.new_context(locale="uk-UA")
    try:
        page = context.new_page()
        asked: list[str] = []
        root = site.rstrip("/")

        def hold(route: Any) -> None:
            asked.append(route.request.url)
            route.abort()

        # Nothing the root page itself would load (its home's are let through).
        page.route(lambda url: url.startswith(root + "/assets/") and "/uk/" not in page.url, hold)
        page.goto(site, wait_until="commit")
        page.wait_for_url(f"{site}uk/")
        assert not [url for url in asked if "search_index" in url]
        page.goto(f"{site}?choose", wait_until="load")  # the list, asked for: no redirect
        assert page.url == f"{site}?choose"
    finally:
        context.close()


def test_root_follows_traditional_chinese_readers(open_page: Opener, site: str) -> None:
    page, watch = open_page("", locale="zh-TW")
    page.wait_for_url(f"{site}zh-Hant/")
    assert watch.errors == []


def choosing_from(root_page: str, codes: list[str]) -> str:
    """The root page as a course of the locales ``codes`` would have it: its list, and its head's script."""
    hrefs = json.dumps({code: f"{code}/" for code in codes})
    return re.sub(r"var hrefs = \{.*?\};", lambda _: f"var hrefs = {hrefs};", root_page, count=1)


def test_root_sends_traditional_chinese_readers_to_it_beside_simplified(open_page: Opener, site: str) -> None:
    """A course with both Chinese scripts (the seed has only Traditional): a reader in Taiwan or Hong Kong was
    sent to the first Chinese of the list, Simplified, as only the language of "zh-TW" was compared."""
    traditional = '<li><a href="zh-Hant/"'
    simplified = (
        '<li><a href="zh-Hans/" hreflang="zh-Hans" lang="zh-Hans" dir="ltr" data-coursegen-locale="zh-Hans">'
        "中文 (简体)</a></li>"
    )

    def with_simplified_first(route: Any) -> None:
        response = route.fetch()
        body = response.text().replace(traditional, simplified + traditional)
        route.fulfill(
            response=response, body=choosing_from(body, ["fr", "ko", "tr", "uk", "zh-Hans", "zh-Hant"])
        )

    for locale in ("zh-TW", "zh-HK"):
        page, watch = open_page(ROOT, locale=locale)
        assert traditional in page.content()
        page.route(site, with_simplified_first)
        page.goto(site)
        page.wait_for_url(re.compile("/zh-Han[st]/$"))
        assert page.url == f"{site}zh-Hant/", locale
        assert watch.errors == []


@pytest.mark.parametrize(
    ("codes", "browser", "expected"),
    [
        # Chinese locales added with a region (add-locale zh-CN, zh-TW): the reader's script comes first.
        (["zh-Hans-CN", "zh-Hant-TW"], "zh-TW", "zh-Hant-TW"),
        (["zh-Hans-CN", "zh-Hant-TW"], "zh-HK", "zh-Hant-TW"),
        (["zh-Hans-CN", "zh-Hant-TW"], "zh-Hant", "zh-Hant-TW"),
        (["zh-Hans-CN", "zh-Hant-TW"], "zh-CN", "zh-Hans-CN"),
        (["zh-Hans-CN", "zh-Hant-TW"], "zh", "zh-Hans-CN"),
        # A browser's tag with a script and a region, and a region the list has.
        (["zh-Hans", "zh-Hant"], "zh-Hant-HK", "zh-Hant"),
        (["zh-Hans", "zh-Hant", "zh-Hant-HK"], "zh-HK", "zh-Hant-HK"),
        (["zh-Hans", "zh-Hant"], "zh-SG", "zh-Hans"),
        (["sr-Cyrl", "sr-Latn"], "sr-Latn-RS", "sr-Latn"),
        (["fr", "pt-PT", "pt-BR"], "pt", "pt-BR"),
    ],
)
def test_root_sends_each_reader_to_their_script_and_region(
    open_page: Opener, site: str, codes: list[str], browser: str, expected: str
) -> None:
    """Of the locales of one language, the first listed was taken, whatever its script: with zh-CN and zh-TW
    locales, readers in Taiwan and Hong Kong were sent to Simplified Chinese, and so was any browser set to
    zh-Hant-TW beside zh-Hans and zh-Hant."""
    items = "".join(
        f'<li><a href="{code}/" hreflang="{code}" data-coursegen-locale="{code}">{code}</a></li>'
        for code in codes
    )

    def listing(route: Any) -> None:
        response = route.fetch()
        body = re.sub(
            r"(<ul class=\"coursegen-languages\"[^>]*>).*?(</ul>)", rf"\g<1>{items}\g<2>", response.text()
        )
        route.fulfill(response=response, body=choosing_from(body, codes))

    for intl in (True, False):  # and in a browser without Intl.Locale (before Chrome 74, Safari 14)
        page, _ = open_page(ROOT, locale=browser)
        if not intl:
            page.add_init_script("delete Intl.Locale;")
        page.route(site, listing)
        page.goto(site)
        page.wait_for_url(re.compile(r"/[A-Za-z-]+/$"))
        if intl or browser.startswith("zh"):
            assert page.url == f"{site}{expected}/", (browser, codes, intl)


def test_root_remembers_an_explicit_choice(open_page: Opener, site: str) -> None:
    page, _ = open_page(ROOT, locale="ko-KR")
    assert page.url == site + ROOT, "?choose shows the list instead of redirecting"
    assert page.locator("[data-coursegen-chooser] a").count() == len(LOCALES)
    page.locator('[data-coursegen-chooser] a[hreflang="fr"]').click()
    page.wait_for_url(f"{site}fr/")
    page.goto(site)
    page.wait_for_url(f"{site}fr/")


def test_root_without_a_match_shows_the_list(open_page: Opener, site: str) -> None:
    page, _ = open_page("", locale="de-DE")
    page.wait_for_load_state("networkidle")
    assert page.url == site
    assert page.locator("[data-coursegen-chooser] a").first.is_visible()


def not_found_order(page: Any) -> list[str]:
    return page.locator("[data-coursegen-not-found] li").evaluate_all(
        "items => items.map(item => item.dataset.coursegenLocale)"
    )


def errors_beside_the_404(watch: Any) -> list[str]:
    return [error for error in watch.errors if "status of 404" not in error]


@pytest.mark.parametrize("code", ["ko", "zh-Hant"])
def test_a_missing_page_speaks_first_the_language_of_its_folder(
    open_page: Opener, site: str, code: str
) -> None:
    page, watch = open_page(f"{code.lower()}/{LESSON}/no-such-page/", locale="fr-FR")
    order = not_found_order(page)
    assert order[0] == code and sorted(order) == sorted(LOCALES)
    page.locator("[data-coursegen-not-found] li a").first.click()
    page.wait_for_url(f"{site}{code}/")
    assert lang_of(page) == code
    assert errors_beside_the_404(watch) == []


def test_a_missing_page_outside_the_language_folders_follows_the_reader(open_page: Opener) -> None:
    page, watch = open_page("no-such-page.html", locale="tr-TR")
    assert not_found_order(page)[0] == "tr"
    assert errors_beside_the_404(watch) == []
    page, _ = open_page("no-such-page.html", locale="de-DE")
    assert not_found_order(page) == sorted(LOCALES), "no language matches: the build's order"


def test_the_links_to_every_language_s_home_speak_their_language(open_page: Opener, site: str) -> None:
    """The "not found" page's navigation (and the root page's footer) name each locale's home in its
    language ("Leçons", "강의", "單元") inside the English page: a screen reader read them with the English
    voice, and 單元 took the browser's default Han font."""
    script = """links => links.map(link => [
        (link.querySelector('.md-ellipsis') || link).closest('[lang]').lang,
        new URL(link.href).pathname.split('/').filter(Boolean)[0] || ''])"""
    page, watch = open_page("no-such-page/")
    marked = page.locator(".md-nav--primary a.md-nav__link[href]").evaluate_all(script)
    homes = [folder for _, folder in marked if folder in LOCALES]
    assert sorted(homes) == sorted(LOCALES)
    assert [lang for lang, folder in marked if folder in LOCALES] == homes
    page, watch = open_page("?choose")
    footer = page.locator("a.md-footer__link[href]").evaluate_all(script)
    assert footer and all(lang == folder for lang, folder in footer)
    direction = page.locator("a.md-footer__link .md-footer__direction").first
    assert direction.evaluate("element => element.closest('[lang]').lang") == "en"
    assert errors_beside_the_404(watch) == []


# Accessibility: every kind of page once and the lesson in every script, in both palettes.
BLOCKING = ("serious", "critical")
# Every kind of page once, and the lesson (the richest page) in every script.
URIS = [
    "?choose",
    "no-such-page/",
    f"{LOCALES[0]}/",
    f"{LOCALES[0]}/{LESSON}/parallel/",
    f"{LOCALES[1]}/translate/",
    *(f"{code}/{LESSON}/" for code in LOCALES),
]


def axe_violations(page: Any) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page).response["violations"]


def describe(violation: dict) -> str:
    targets = ", ".join(str(node["target"]) for node in violation["nodes"][:5])
    summary = violation["nodes"][0].get("failureSummary", "").replace("\n", " ")
    return f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])} nodes: {targets}): {summary}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("uri", URIS)
def test_no_serious_accessibility_violation(open_page: Opener, uri: str, scheme: str) -> None:
    page, _ = open_page(uri, color_scheme=scheme)
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.dataset.mdColorScheme") == expected, "the palette follows the system"
    blocking = [describe(v) for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert blocking == []


def test_axe_reports_what_it_should(open_page: Opener) -> None:
    """The check is live: a page stripped of its search dialog's name fails it."""
    page, _ = open_page(f"{LOCALES[0]}/")
    page.evaluate("document.querySelector('.md-search').removeAttribute('aria-label')")
    assert "aria-dialog-name" in {v["id"] for v in axe_violations(page)}


# The contrast of an element's text with what is behind it: its own background and its ancestors', each laid
# over the one below (Material's colours are often translucent), down to the first opaque one or white; the
# text's colour laid over that.
CONTRAST = """el => {
    const rgba = c => { const v = c.match(/[\\d.]+/g).map(Number);
        // color-mix() computes to "color(srgb r g b [/ a])", its channels from 0 to 1.
        if (c.startsWith("color(srgb")) return [v[0] * 255, v[1] * 255, v[2] * 255, v.length > 3 ? v[3] : 1];
        return v.length < 4 ? [...v, 1] : v; };
    const over = ([r, g, b, a], [R, G, B]) => [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a)];
    const lum = rgb => rgb.map(v => { v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
    }
    const back = layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255]);
    const [a, b] = [lum(over(rgba(getComputedStyle(el).color), back)), lum(back)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }"""


# Resolves once the element's colour transitions (Material's, started by the last focus or hover) are over:
# a fixed wait measured them half-way on a busy machine.
TRANSITIONS_DONE = """async el => {
    await new Promise(requestAnimationFrame);
    await new Promise(requestAnimationFrame);
    await Promise.all(el.getAnimations().map(animation => animation.finished));
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_focused_or_hovered_button_keeps_its_label_readable(open_page: Opener, scheme: str) -> None:
    """In the dark palette the outlined buttons' link-blue text stayed on the accent fill of a focused or
    hovered button: 1.2:1, the label all but gone."""
    page, _ = open_page(f"fr/{LESSON}/", viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    button = page.locator(".md-typeset a.md-button").first
    button.focus()
    button.evaluate(TRANSITIONS_DONE)
    assert button.evaluate(CONTRAST) >= 4.5
    page.mouse.move(0, 0)
    button.evaluate("el => el.blur()")
    button.hover()
    button.evaluate(TRANSITIONS_DONE)
    assert button.evaluate(CONTRAST) >= 4.5


@pytest.mark.parametrize("width", [1280, 390])
def test_language_menu_at_the_end_of_a_page_keeps_the_last_section(
    open_page: Opener, site: str, width: int
) -> None:
    """At the bottom of a page the last heading never reaches the line a quarter down the screen: the reader
    landed one section early in the other language."""
    page, watch = open_page(f"fr/{LESSON}/", viewport={"width": width, "height": 800})
    page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    settle(page)
    last = page.evaluate("[...document.querySelectorAll('.md-content h2[id]')].pop().id")
    if width < 1000:
        page.goto(
            site + f"fr/{LESSON}/", wait_until="load"
        )  # the phone's menu is in the drawer: use the link
        page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
        settle(page)
    switch_language(page, "ko")
    assert page.url == f"{site}ko/{LESSON}/#{last}"
    assert watch.errors == []


def test_parallel_picker_walked_with_arrow_keys_keeps_the_other_column(open_page: Opener) -> None:
    """Chromium fires "change" at each arrow step of a closed select: passing over the other column's
    language swapped the columns, and the next step left that language out."""
    page, _ = open_page(f"ko/{LESSON}/parallel/", viewport={"width": 1280, "height": 900})
    assert visible_columns(page) == ["ko", "tr"]
    first = page.locator("select[data-coursegen-column]").nth(0)
    first.focus()
    page.keyboard.press("ArrowDown")
    assert visible_columns(page) == ["tr", "ko"]  # on the other's language, the two swap
    page.keyboard.press("ArrowDown")
    assert visible_columns(page) == ["uk", "tr"]  # as if uk had been chosen from ko | tr
    assert page.url.endswith("parallel/?a=uk&b=tr")
    first.evaluate("el => el.blur()")
    first.select_option("tr")
    assert visible_columns(page) == ["tr", "uk"]


def test_focus_is_never_hidden_under_the_sticky_header(open_page: Opener) -> None:
    """Walking back with Shift+Tab scrolled focused copy buttons and heading links just under the header."""
    page, _ = open_page(f"uk/{LESSON}/", viewport={"width": 640, "height": 400})
    for _ in range(60):
        page.keyboard.press("Tab")
    hidden = []
    for _ in range(40):
        page.keyboard.press("Shift+Tab")
        box = page.evaluate(
            """() => { const e = document.activeElement, r = e.getBoundingClientRect();
                       const h = document.querySelector('.md-header').getBoundingClientRect();
                       return {bottom: r.bottom, header: h.bottom, name: e.outerHTML.slice(0, 80),
                               inside: !!e.closest('.md-header, .md-skip')}; }"""
        )
        if box["bottom"] <= box["header"] and not box["inside"]:
            hidden.append(box["name"])
    assert hidden == []


SEEN = """() => { const e = document.activeElement, r = e.getBoundingClientRect();
    for (let p = e; p; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (s.visibility === 'hidden' || s.opacity === '0' || s.display === 'none') return false;
    }
    return r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight; }"""


def test_on_a_phone_the_drawer_s_table_of_contents_opens_from_the_keyboard(open_page: Opener) -> None:
    """In the open drawer, Tab walked through the closed table-of-contents panel's twelve links unseen, and
    the label that opens the panel took no focus."""
    page, watch = open_page(f"tr/{LESSON}/", viewport=NARROW, is_mobile=True, has_touch=True)
    page.locator('label[data-coursegen-opens][for="__drawer"]').focus()
    page.keyboard.press("Enter")
    settle(page)
    stops = []
    while ("__toc", True) not in stops and len(stops) < 6:
        page.keyboard.press("Tab")
        settle(page)
        stops.append((page.evaluate("document.activeElement.getAttribute('for')"), page.evaluate(SEEN)))
    assert all(seen for _, seen in stops), stops
    assert ("__toc", True) in stops
    opener = page.locator('.md-nav--primary label.md-nav__link[for="__toc"]')
    opener.focus()
    page.keyboard.press("Enter")
    settle(page)
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#intro"
    assert page.evaluate(SEEN)
    page.locator('.md-nav--secondary label.md-nav__title[for="__toc"]').first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('for')") == "__toc"
    assert page.evaluate("document.getElementById('__toc').checked") is False
    assert watch.errors == []


# The focused element is what a click at its middle would reach: no panel lies over it.
UNCOVERED = """() => { const e = document.activeElement, r = e.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return !!top && (top === e || e.contains(top)); }"""


@pytest.mark.parametrize("width", [390, 640])
def test_the_drawer_reopened_on_its_table_of_contents_focuses_a_link_of_it(
    open_page: Opener, width: int
) -> None:
    """The drawer remembers its open table-of-contents panel; reopened from the keyboard, it put the focus on
    the site's home link under that panel, and Enter there left the lesson."""
    page, watch = open_page(f"fr/{LESSON}/", viewport={"width": width, "height": 700})
    page.locator('label[data-coursegen-opens][for="__drawer"]').focus()
    page.keyboard.press("Enter")
    settle(page)
    page.locator('.md-nav--primary label.md-nav__link[for="__toc"]').focus()
    page.keyboard.press("Enter")
    settle(page)
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.getAttribute('for')") == "__drawer"
    page.keyboard.press("Enter")
    settle(page)
    assert page.evaluate("document.getElementById('__toc').checked")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#intro"
    assert page.evaluate(UNCOVERED)
    assert watch.errors == []


def test_on_a_phone_escape_in_the_search_box_puts_the_focus_back_on_its_button(open_page: Opener) -> None:
    """Escape closed the search and left the focus on the page's body: the next Tab went into the lesson."""
    page, watch = open_page(f"fr/{LESSON}/", viewport={"width": 640, "height": 400})
    page.locator('label[data-coursegen-opens][for="__search"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("poids")
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('__search').checked")
    page.wait_for_function("document.activeElement.getAttribute('for') === '__search'", timeout=5000)
    assert watch.errors == []


def test_the_language_button_promises_no_menu(open_page: Opener) -> None:
    """It said it opened a menu (aria-haspopup), which a screen reader announces, but the list it shows is no
    menu: Enter did nothing and the arrow keys scrolled the page."""
    page, watch = open_page(f"ko/{LESSON}/")
    button = page.locator(".md-header .md-select > button")
    assert button.count() == 1 and button.get_attribute("aria-label")
    assert button.get_attribute("aria-haspopup") is None
    assert watch.errors == []


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_the_language_menu_s_current_language_is_readable_and_shows_its_focus(
    open_page: Opener, scheme: str
) -> None:
    """Its accent colour read at 4.26:1 (3.78:1 dark), under WCAG's 4.5:1, and focus, which Material shows by
    that same colour, changed nothing visible on it."""
    page, watch = open_page(f"fr/{LESSON}/")
    page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
    settle(page)  # the colours' transitions
    current = page.locator('.md-header a[data-coursegen-switch][aria-current="page"]')
    other = page.locator(".md-header a[data-coursegen-switch]:not([aria-current])").first
    assert current.evaluate(CONTRAST) >= 4.5 and other.evaluate(CONTRAST) >= 4.5
    shown = "a => [getComputedStyle(a).color, getComputedStyle(a).outlineStyle]"
    before = current.evaluate(shown)
    page.locator(".md-header .md-select > button").focus()
    current.focus()
    settle(page)
    assert current.evaluate(shown) != before
    assert watch.errors == []


@pytest.mark.parametrize("uri", [ROOT, "no-such-page/"])
def test_results_of_a_search_of_every_language_are_marked_with_their_own(open_page: Opener, uri: str) -> None:
    """The root and "not found" pages search every locale, and every result was marked English, as the page:
    a screen reader read Korean and Chinese with an English voice (and an Arabic result ran left to right)."""
    page, watch = open_page(uri)
    search(page, "W1")
    marked_words(page)
    found = page.evaluate(
        """[...document.querySelectorAll('.md-search-result__item')].map(item =>
            [new URL(item.querySelector('a').href).pathname.split('/')[1], item.closest('[lang]').lang,
             getComputedStyle(item).direction])"""
    )
    assert len({code for code, _, _ in found}) >= 3, found
    assert all(code == lang and direction == "ltr" for code, lang, direction in found), found
    assert errors_beside_the_404(watch) == []


@pytest.mark.parametrize("uri", [ROOT, "no-such-page/"])
def test_a_search_of_every_language_fetches_its_index_when_the_reader_searches(
    open_page: Opener, uri: str
) -> None:
    """The index of every language grows with lessons times locales (2 MB for five lessons in ten): the root
    and "not found" pages fetched it as they loaded, for the few readers who search there."""
    page, watch = open_page(uri)
    page.wait_for_load_state("networkidle")
    fetched = """performance.getEntriesByType('resource').filter(entry =>
        new URL(entry.name).pathname.endsWith('/search/search_index.json')).length"""
    assert page.evaluate(fetched) == 0
    assert search(page, "W1").count() > 0
    assert page.evaluate(fetched) == 1
    assert errors_beside_the_404(watch) == []


def test_the_search_keyboard_shortcut_fetches_the_index_of_every_language(open_page: Opener) -> None:
    page, watch = open_page("no-such-page/")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    page.keyboard.type("sigmoid")
    page.locator(".md-search-result__list a.md-search-result__link").first.wait_for(timeout=10_000)
    assert errors_beside_the_404(watch) == []


@pytest.mark.parametrize("code", ["fr", "zh-Hant"])
def test_a_language_page_fetches_its_index_when_the_reader_searches(open_page: Opener, code: str) -> None:
    """A language's index grows with its lessons (777 KB for twenty): every page fetched it as it loaded,
    most of a lesson page's first visit, for the few readers who search."""
    page, watch = open_page(f"{code}/{LESSON}/")
    page.wait_for_load_state("networkidle")
    fetched = """performance.getEntriesByType('resource').map(entry => new URL(entry.name).pathname)
        .filter(path => path.endsWith('/search/search_index.json'))"""
    assert page.evaluate(fetched) == []
    assert search(page, NATIVE_WORDS[code]).count() > 0
    assert page.evaluate(fetched) == [f"/{code}/search/search_index.json"]
    assert watch.errors == []


def test_a_lesson_page_has_no_unnamed_navigation_landmarks(open_page: Opener) -> None:
    """Each code block's copy button sat in a <nav> of its own: nineteen unnamed landmarks."""
    page, watch = open_page(f"ko/{LESSON}/", viewport={"width": 1280, "height": 800})
    page.wait_for_selector("button.md-code__button", state="attached")
    unnamed = page.evaluate(
        """[...document.querySelectorAll('nav')].filter(n => n.getAttribute('role') !== 'none'
            && !n.getAttribute('aria-label') && !n.getAttribute('aria-labelledby')).map(n => n.className)"""
    )
    assert unnamed == []
    assert page.locator("button.md-code__button").count() > 5  # the buttons themselves stay
    assert watch.errors == []


def test_a_heading_is_named_by_its_text_alone(open_page: Opener) -> None:
    """Each heading's "¶" link was read as part of its name ("..., pilcrow") and was a Tab stop of its own;
    the table of contents links the same anchors."""
    page, watch = open_page(f"fr/{LESSON}/")
    text = page.locator("h2#intro").evaluate("h => h.firstChild.textContent")
    assert page.get_by_role("heading", name=text, exact=True).count() == 1
    assert page.locator('.md-sidebar--secondary a[href="#intro"]').count() == 1
    focusable = "() => [...document.querySelectorAll('a.headerlink')].filter(a => a.tabIndex >= 0).length"
    assert page.locator("a.headerlink").count() > 5 and page.evaluate(focusable) == 0
    assert watch.errors == []


def test_on_a_phone_a_plot_opens_alone_to_be_zoomed(open_page: Opener) -> None:
    """At 390 px a plot is shrunk to about half its size, its labels a few pixels high, with no way to see it
    larger: tapped, it now opens alone, where the phone zooms it."""
    page, watch = open_page(f"ko/{LESSON}/", viewport=NARROW, is_mobile=True, has_touch=True)
    image = page.locator("figure.coursegen-figure img").nth(1)
    image.scroll_into_view_if_needed()
    box = image.bounding_box()
    assert box is not None and box["width"] < 0.6 * int(image.get_attribute("width") or 0)
    src = image.get_attribute("src")
    assert watch.errors == []
    image.tap()  # then the browser asks for /favicon.ico, which an image alone does not name
    page.wait_for_url(f"**/{src}")


def test_a_result_s_word_far_below_its_section_heading_is_brought_into_view(
    open_page: Opener, site: str
) -> None:
    """A section of a long lecture runs over several screens: the result's word was out of sight, far below
    the heading the result opened."""
    page, watch = open_page(f"fr/{LESSON}/", viewport={"width": 1000, "height": 420})
    # The section whose last words lie furthest below its heading, and its last long word.
    section, word = page.evaluate(
        """() => {
            let best = null;
            for (const heading of document.querySelectorAll("article h2[id]")) {
                let last = null;
                let el = heading.nextElementSibling;
                for (; el && el.tagName !== "H2"; el = el.nextElementSibling)
                    if (el.matches("p.coursegen-transcript")) last = el;
                if (!last) continue;
                const words = last.textContent.match(/[a-z]{7,}/g) || [];
                const distance = last.getBoundingClientRect().bottom - heading.getBoundingClientRect().top;
                if (words.length && (!best || distance > best[2]))
                    best = [heading.id, words[words.length - 1], distance];
            }
            return best.slice(0, 2);
        }"""
    )
    page.goto(f"{site}fr/{LESSON}/?h={word}#{section}")
    page.wait_for_function(
        """([section, word]) => {
            const start = document.getElementById(section);
            const mark = [...document.querySelectorAll("article mark[data-md-highlight]")].find(m =>
                start.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING);
            if (!mark) return false;
            const box = mark.getBoundingClientRect();
            return box.top >= 0 && box.bottom <= window.innerHeight;
        }""",
        arg=[section, word],
        timeout=10_000,
    )
    assert watch.errors == []


# The colours an element is painted with, its background's opacity, and the page's own background.
PAINTED = """(el, pseudo) => {
    const style = getComputedStyle(el, pseudo || null);
    return {color: style.color, background: style.backgroundColor,
            page: getComputedStyle(document.body).backgroundColor};
}"""


def opaque(css_colour: str) -> bool:
    return css_colour.startswith("rgb(") or css_colour.endswith(", 1)")


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_with_forced_colours_the_words_a_search_found_stay_visible(open_page: Opener, scheme: str) -> None:
    """Windows' high contrast (dark): the words the results mark were drawn black on black, and on the page
    a result opens, black on a faint yellow (2.4:1)."""
    page, watch = open_page("fr/", forced_colors="active", color_scheme=scheme)
    search(page, "sigmoide")
    mark = page.locator(".md-search-result mark").first
    painted = mark.evaluate(PAINTED)
    assert opaque(painted["background"]) and painted["background"] != painted["page"], painted
    assert mark.evaluate(CONTRAST) >= 4.5
    link = page.locator(".md-search-result__list a.md-search-result__link[href*='#']").first
    page.goto(link.get_attribute("href"))
    marked = page.locator("article mark[data-md-highlight]").first
    marked.wait_for(state="attached", timeout=10_000)
    painted = marked.evaluate(PAINTED)
    assert opaque(painted["background"]) and painted["background"] != painted["page"], painted
    assert marked.evaluate(CONTRAST) >= 4.5
    assert watch.errors == []


def test_with_forced_colours_the_code_s_buttons_and_marks_are_drawn(open_page: Opener) -> None:
    """The copy button and the folded code's marks are a background seen through a mask: forced colours
    made it the page's own (invisible on Windows' dark high contrast)."""
    page, _ = open_page(f"ko/{LESSON}/", forced_colors="active", color_scheme="dark")
    page.locator(".md-typeset pre > code:visible").first.hover()
    for selector in (".md-code__button, .md-clipboard", "details.coursegen-code > summary"):
        element = page.locator(selector).first
        for pseudo in ("::after",) if "button" in selector else ("::before", "::after"):
            painted = element.evaluate(PAINTED, pseudo)
            assert opaque(painted["background"]), (selector, pseudo, painted)
            assert painted["background"] != painted["page"], (selector, pseudo, painted)


@pytest.mark.parametrize(
    "colours", [{"color_scheme": "dark"}, {"forced_colors": "active", "color_scheme": "dark"}]
)
def test_the_language_under_the_keyboard_s_focus_is_shown(open_page: Opener, colours: dict[str, str]) -> None:
    """The menu's focused language turned the accent colour (2.7:1 on the dark menu), and with forced colours
    nothing showed where the focus was."""
    page, _ = open_page(f"fr/{LESSON}/", viewport={"width": 1280, "height": 800}, **colours)
    page.locator(".md-header .md-select > button").focus()  # the menu opens while focus is inside it
    page.keyboard.press("Tab")
    item = page.locator(".md-select__link:focus")
    assert item.count() == 1 and item.evaluate("el => el.matches(':focus-visible')")
    link = page.locator(f'.md-select__link[href="{item.get_attribute("href")}"]')
    item.evaluate(TRANSITIONS_DONE)
    focused = link.screenshot()
    page.keyboard.press("Shift+Tab")
    link.evaluate(TRANSITIONS_DONE)
    assert link.is_visible() and link.screenshot() != focused, (
        "focusing the language changed nothing on screen"
    )
    page.keyboard.press("Tab")
    item = link
    item.evaluate(TRANSITIONS_DONE)
    if "forced_colors" not in colours:
        assert item.evaluate(CONTRAST) >= 4.5


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_search_results_words_and_count_are_readable(open_page: Opener, scheme: str) -> None:
    page, _ = open_page("fr/", color_scheme=scheme)
    search(page, "sigmoide")
    mark = page.locator(".md-search-result mark").first
    assert mark.evaluate(CONTRAST) >= 4.5
    assert page.locator(".md-search-result__meta").first.evaluate(CONTRAST) >= 4.5
    # In the lines of code a result quotes, on the code's background: 4.12:1 in the dark palette.
    search(page, "poids")
    in_code = page.locator(".md-search-result :is(pre, code) mark")
    in_code.first.wait_for()
    assert min(mark.evaluate(CONTRAST) for mark in in_code.all() if mark.is_visible()) >= 4.5


def test_printed_from_dark_mode_the_page_is_printed_as_from_light_mode(open_page: Opener) -> None:
    """Printed from dark mode, code kept the dark palette's colours on white paper (2.5:1), and the paper's
    margins came out black."""
    tokens = ".highlight .mi, .highlight .mf, .highlight .nb, .highlight .c1"
    printed = {}
    for scheme in ("light", "dark"):
        page, _ = open_page(f"fr/{LESSON}/", color_scheme=scheme)
        page.emulate_media(media="print", color_scheme=scheme)
        printed[scheme] = page.evaluate(
            f"""() => ({{tokens: [...new Set([...document.querySelectorAll({tokens!r})]
                    .map(el => el.className + ' ' + getComputedStyle(el).color))].sort(),
                scheme: getComputedStyle(document.documentElement).colorScheme}})"""
        )
    assert len(printed["light"]["tokens"]) >= 4
    assert printed["dark"]["tokens"] == printed["light"]["tokens"]
    assert printed["dark"]["scheme"] == "light"
