"""Hostile volunteer text, end to end: a real build whose fr transcript and fr catalog are full of markup,
script, template syntax and code, checked in the HTML, the search index, the plots and the learner's notebook.

The hostile strings are data (``fixtures/hostile/strings.json``), each with what it proves. Every string
goes into the transcript as its own paragraph, and into the catalog as the translation of several messages
(headings, titles, interface strings, plot labels, alt texts, guide paragraphs), so each reaches every kind
of place a translation can be shown. Strings marked ``refused`` carry format fields a translation may not
add; the build shows the English source instead and names the catalog line.
"""

from __future__ import annotations

import ast
import functools
import io
import json
import re
import string
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest
from babel.messages.pofile import read_po, write_po
from bs4 import BeautifulSoup, Tag
from markdown_it import MarkdownIt
from support import LESSON, REPO, build_site, copy_project

from coursegen import interface
from coursegen.catalogs import math_spans, placeholders
from coursegen.markup import visible

FIXTURES = Path(__file__).parent / "fixtures" / "hostile"
STRINGS = json.loads((FIXTURES / "strings.json").read_text(encoding="utf-8"))
LOCALE = "fr"
CATALOG = Path("locales") / LOCALE / "LC_MESSAGES" / "messages.po"
TRANSCRIPT = Path("locales") / LOCALE / "transcripts" / f"{LESSON}.txt"
PWNED = "@PWNED@"
SITE_NAME = "Deep Learning, in your language"


def flat(text: str) -> str:
    """Text as a reader sees it: control characters shown as U+FFFD, whitespace runs as one space."""
    return " ".join(visible(text).split())


def has_fields(msgid: str) -> bool:
    return any(p.startswith("{") for p in placeholders(msgid))


def refused(entry: dict, msgid: str) -> bool:
    """Whether the build must show English for this translation (see ``strings.json``), or for the theme's
    count strings without the "#" where the number goes, the theme's own translation."""
    rule = entry.get("refused")
    if msgid in COUNTED and "#" not in entry["text"]:
        return True
    return (
        rule == "always"
        or (rule == "format" and has_fields(msgid))
        or (rule == "code" and "`" in msgid)
        or (rule == "plot" and msgid in _example_messages())
    )


@functools.cache
def _example_messages() -> frozenset[str]:
    """The texts of the lesson's examples, which a plot may draw."""
    from coursegen.examples import load_examples, messages

    return frozenset(messages(load_examples(REPO / "docs" / "lessons" / LESSON / "examples.py")))


COUNTED = {text for text in interface.english().values() if "#" in text}


@dataclass(frozen=True)
class HostileSite:
    root: Path
    project: Path
    pwned: Path
    log: str
    #: msgid -> (hostile entry, translation written into the catalog)
    translations: dict[str, tuple[dict, str]]

    def expected(self, msgid: str) -> str:
        """What the page must show for ``msgid``: its hostile translation, or English where it is refused."""
        entry, translation = self.translations[msgid]
        return msgid if refused(entry, msgid) else translation

    def soup(self, uri: str) -> BeautifulSoup:
        return BeautifulSoup((self.root / uri).read_text(encoding="utf-8"), "html.parser")


def _hostile_text(entry: dict, pwned: Path) -> str:
    return entry["text"].replace(PWNED, str(pwned))


def _poison_catalog(path: Path, pwned: Path) -> dict[str, tuple[dict, str]]:
    """Give every message of the catalog a hostile translation, round robin over the catalog strings."""
    usable = [entry for entry in STRINGS if not entry.get("transcript_only")]
    with path.open("rb") as handle:
        catalog = read_po(handle)
    chosen: dict[str, tuple[dict, str]] = {}
    for number, message in enumerate(m for m in catalog if m.id):
        entry = usable[number % len(usable)]
        fields = " ".join(sorted(placeholders(message.id)))
        translation = f"{_hostile_text(entry, pwned)} {fields}".rstrip()
        message.string = translation
        message.flags.discard("fuzzy")
        chosen[message.id] = (entry, translation)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=76)
    return chosen


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> HostileSite:
    base = tmp_path_factory.mktemp("hostile")
    project = copy_project(base / "project")
    pwned = base / "pwned-at-build"
    paragraphs = "\n\n".join(_hostile_text(entry, pwned) for entry in STRINGS)
    with (project / TRANSCRIPT).open("a", encoding="utf-8") as handle:
        handle.write("\n\n" + paragraphs + "\n")
    translations = _poison_catalog(project / CATALOG, pwned)
    result = build_site(base / "site", base / "cache", project / "mkdocs.yml")
    assert result.returncode == 0, result.stderr[-4000:]
    return HostileSite(base / "site", project, pwned, result.stderr, translations)


# -- nothing is live anywhere -------------------------------------------------------------------------------

MARKERS_OF_INJECTION = {
    "script running alert": lambda el: (
        el.name == "script" and el.get("type") != "application/json" and "alert(" in el.get_text()
    ),
    "event handler attribute": lambda el: any(name.lower().startswith("on") for name in el.attrs),
    "javascript: URL": lambda el: any(
        str(el.get(name, "")).strip().lower().startswith("javascript:") for name in ("href", "src", "action")
    ),
    "img with src=x": lambda el: el.name == "img" and el.get("src") == "x",
    "attr_list id or class": lambda el: el.get("id") == "pwned" or "evil" in el.get("class", []),
    "emphasis from Markdown": lambda el: el.name in ("strong", "em") and el.get_text() in ("bold", "it"),
    "element from a closing tag": lambda el: (
        el.name == "textarea" or (el.name == "b" and el.get_text() == "x")
    ),
}


def injected(soup: BeautifulSoup) -> list[str]:
    """Every element of ``soup`` that a hostile string would have created had it been markup."""
    found = []
    for element in soup.find_all(True):
        assert isinstance(element, Tag)
        found += [
            f"{what}: {str(element)[:120]}" for what, test in MARKERS_OF_INJECTION.items() if test(element)
        ]
    return found


def html_pages(root: Path) -> Iterator[Path]:
    yield from sorted(root.rglob("*.html"))


@pytest.mark.slow
def test_no_page_has_a_live_injected_element(site: HostileSite) -> None:
    pages = list(html_pages(site.root))
    assert len(pages) > 10
    problems = {
        str(p.relative_to(site.root)): injected(site.soup(str(p.relative_to(site.root)))) for p in pages
    }
    assert {page: found for page, found in problems.items() if found} == {}


@pytest.mark.slow
def test_search_index_holds_the_text_escaped(site: HostileSite) -> None:
    """The theme's search renders titles and texts of its index as HTML."""
    index = json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [doc for doc in index["docs"] if doc["location"].startswith(f"{LOCALE}/")]
    assert docs
    for doc in docs:
        for field in ("title", "text"):
            assert injected(BeautifulSoup(doc[field], "html.parser")) == [], (doc["location"], field)
    shown = " ".join(BeautifulSoup(d["text"], "html.parser").get_text() for d in docs)
    assert "<script>alert(1)</script>" in shown


@pytest.mark.slow
def test_no_catalog_string_ran_at_build_time(site: HostileSite) -> None:
    assert not site.pwned.exists()
    assert not list(site.root.rglob("pwned*"))


@pytest.mark.slow
def test_refused_translations_are_reported_with_their_line(site: HostileSite) -> None:
    reported = re.findall(r"messages\.po:(\d+): placeholders differ", site.log)
    expected = [msgid for msgid, (entry, _) in site.translations.items() if refused(entry, msgid)]
    assert expected and len(set(reported)) == len(expected)
    assert "Traceback" not in site.log


# -- and everything is visible ------------------------------------------------------------------------------


def _heading_text(heading: Tag) -> str:
    for link in heading.select("a.headerlink"):
        link.decompose()
    return flat(heading.get_text())


def _lesson_messages() -> tuple[str, list[str]]:
    from coursegen.lessons import load_lesson

    lesson = load_lesson(REPO / "docs" / "lessons" / LESSON)
    return lesson.title, [section.heading for section in lesson.sections]


@pytest.mark.slow
def test_lesson_page_title_headings_and_toc(site: HostileSite) -> None:
    title, headings = _lesson_messages()
    soup = site.soup(f"{LOCALE}/{LESSON}/index.html")
    assert flat(site.expected(title)) in flat(soup.title.get_text())
    assert _heading_text(soup.select_one("article h1")) == flat(site.expected(title))
    assert flat(soup.select_one("meta[property='og:title']")["content"]) == flat(site.expected(title))
    assert [_heading_text(h) for h in soup.select("article h2")] == [flat(site.expected(h)) for h in headings]
    toc = [flat(a.get_text()) for a in soup.select("nav.md-nav--secondary a.md-nav__link")]
    for heading in headings:
        assert flat(site.expected(heading)) in toc
    nav = flat(soup.select_one("nav.md-nav--primary").get_text(" "))
    assert flat(site.expected(title)) in nav


@pytest.mark.slow
def test_footer_links_are_named_by_the_titles_they_show(site: HostileSite) -> None:
    """The theme escapes the titles in the footer links' names, which were escaped already: a title with an
    "&" was read out as "amp"."""
    named = 0
    for uri in (f"{LOCALE}/index.html", f"{LOCALE}/{LESSON}/index.html"):
        for link in site.soup(uri).select("a.md-footer__link"):
            shown = flat(link.select_one(".md-ellipsis").get_text())
            assert flat(link["aria-label"]).endswith(": " + shown)
            named += 1
    assert named == 3


@pytest.mark.slow
def test_site_name_shows_as_typed_in_text_and_in_attributes(site: HostileSite) -> None:
    name = flat(site.expected(SITE_NAME))
    page = site.soup(f"{LOCALE}/{LESSON}/index.html")
    logo = page.select_one("a.md-header__button.md-logo")
    assert logo is not None
    assert [logo["title"], logo["aria-label"]] == [name, name]
    assert flat(page.select_one(".md-header__topic .md-ellipsis").get_text()) == name
    assert page.title is not None and page.title.get_text().endswith(name)


@pytest.mark.slow
def test_lesson_page_interface_strings(site: HostileSite) -> None:
    soup = site.soup(f"{LOCALE}/{LESSON}/index.html")
    buttons = [flat(a.get_text()) for a in soup.select("nav.coursegen-actions a")]
    assert buttons == [flat(site.expected("Download the notebook")), flat(site.expected("Read side by side"))]
    assert accessible_name(soup, soup.select_one("nav.coursegen-actions")) == site.expected("Lesson tools")
    for output in soup.select("pre.coursegen-output"):
        assert accessible_name(soup, output) == site.expected("Output")
    for link in soup.select("a.headerlink"):
        assert flat(link["title"]) == flat(site.expected("Permanent link"))
    toggles = {flat(label["title"]) for label in soup.select("label[for^=__palette]")}
    modes = ("Switch to dark mode", "Switch to light mode")
    assert toggles == {flat(site.expected(mode)) for mode in modes}
    # The theme's own strings, from the catalog: in HTML, and verbatim in the settings its scripts read.
    assert flat(soup.select_one("input.md-search__input")["placeholder"]) == theme_text(
        site, "search.placeholder"
    )
    assert flat(soup.select_one("nav.md-footer__inner")["aria-label"]) == theme_text(site, "footer")
    toc = soup.select_one("nav.md-nav--secondary label.md-nav__title")
    assert flat(toc.get_text()) == theme_text(site, "toc")
    # The theme escapes the name of the list again: a "&" was read out as "amp".
    assert flat(soup.select_one("nav.md-nav--secondary")["aria-label"]) == theme_text(site, "toc")
    settings = json.loads(soup.select_one("script#__config").string)["translations"]
    for key in ("clipboard.copy", "search.result.none", "search.result.other"):
        assert flat(settings[key]) == theme_text(site, key), key
    assert any(settings[key] == site.translations[interface.english()[key]][1] for key in interface.JSON_KEYS)


def accessible_name(soup: Any, element: Any) -> str:
    """An element's name: its aria-label, or the text of the element its aria-labelledby names (a name shown
    in English, whose language an aria-label cannot carry)."""
    if element.has_attr("aria-label"):
        return element["aria-label"]
    return soup.find(id=element["aria-labelledby"]).get_text()


def theme_text(site: HostileSite, key: str) -> str:
    """What a page shows for one of the theme's strings: the catalog's, or where that one is refused the
    theme's own French (not English: the theme has the language)."""
    msgid = interface.english()[key]
    entry, translation = site.translations[msgid]
    return flat(interface.theme_strings(LOCALE)[key] if refused(entry, msgid) else translation)


@pytest.mark.slow
def test_transcript_paragraphs_show_every_hostile_string(site: HostileSite) -> None:
    for uri, selector in (
        (f"{LESSON}/index.html", "p.coursegen-transcript"),
        (f"{LESSON}/parallel/index.html", f'div.coursegen-column[lang="{LOCALE}"] p'),
    ):
        soup = site.soup(f"{LOCALE}/{uri}")
        shown = flat(" ".join(p.get_text() for p in soup.select(selector)))
        for entry in STRINGS:
            assert flat(_hostile_text(entry, site.pwned)) in shown, (uri, entry["id"])


@pytest.mark.slow
def test_side_by_side_view(site: HostileSite) -> None:
    _, headings = _lesson_messages()
    soup = site.soup(f"{LOCALE}/{LESSON}/parallel/index.html")
    assert [_heading_text(h) for h in soup.select("article h2")] == [flat(site.expected(h)) for h in headings]
    pickers = soup.select("form.coursegen-pickers label")
    labels = [flat(label.find(string=True, recursive=False) or "") for label in pickers]
    assert labels == [flat(site.expected("First language")), flat(site.expected("Second language"))]


@pytest.mark.slow
def test_language_menu_lists_every_locale_and_nothing_else(site: HostileSite) -> None:
    soup = site.soup(f"{LOCALE}/{LESSON}/index.html")
    links = soup.select(".md-select a[hreflang]")
    assert {a["hreflang"] for a in links} == {"fr", "ko", "tr", "uk", "zh-Hant"}
    assert all(a["href"].startswith(("./", "../")) for a in links)


@pytest.mark.slow
def test_home_guide_and_not_found_page(site: HostileSite) -> None:
    title, _ = _lesson_messages()
    home = site.soup(f"{LOCALE}/index.html")
    assert [flat(a.get_text()) for a in home.select("ul.coursegen-lessons a")] == [flat(site.expected(title))]
    assert _heading_text(home.select_one("article h1")) == flat(site.expected("Lessons"))
    notice = site.soup("404.html").select_one(
        f'[data-coursegen-not-found] li[data-coursegen-locale="{LOCALE}"]'
    )
    assert notice is not None
    assert flat(notice.strong.get_text()) == flat(site.expected("Page not found"))
    assert flat(notice.a.get_text()) == flat(site.expected("Go to the course's home page"))
    guide = flat(site.soup(f"{LOCALE}/translate/index.html").select_one("article").get_text(" "))
    from coursegen.guides import guide_blocks

    source = (REPO / "docs" / "guides" / "translate.md").read_text(encoding="utf-8")
    messages = [block.message for block in guide_blocks(source) if block.message]
    assert messages
    for msgid in messages:
        if refused(site.translations[msgid][0], msgid):
            continue  # the English block is the author's Markdown, rendered as such
        # Code spans the source has are kept as code, so their backticks are not shown.
        assert flat(site.expected(msgid)).replace("`", "") in guide.replace("`", ""), msgid


# -- plots --------------------------------------------------------------------------------------------------


def formatted(template: str) -> re.Pattern[str]:
    """What ``template.format(...)`` may give: its literal text verbatim, any text for each field."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:  # not a format string: shown as it is
        return re.compile(re.escape(template))
    parts = [re.escape(literal) + ("(?s:.*?)" if name is not None else "") for literal, name, _, _ in parsed]
    return re.compile("".join(parts), re.DOTALL)


@pytest.mark.slow
def test_alt_texts_are_the_translations_verbatim(site: HostileSite) -> None:
    soup = site.soup(f"{LOCALE}/{LESSON}/index.html")
    alts = [img["alt"] for img in soup.select("figure.coursegen-figure img")]
    assert alts
    texts = [visible(site.expected(msgid)) for msgid in site.translations]
    # An example passes a label through str.format or not: "{{" stays doubled in a label it does not format.
    patterns = [formatted(text) for text in texts] + [re.compile(re.escape(text)) for text in texts]
    for alt in alts:
        assert any(pattern.fullmatch(alt) for pattern in patterns), alt


@pytest.mark.slow
def test_plots_are_inert_svg(site: HostileSite) -> None:
    figures = sorted((site.root / LOCALE / LESSON / "figures").glob("*.svg"))
    assert figures
    for path in figures:
        tree = ET.parse(path)  # well-formed: no text broke out of its element
        for element in tree.iter():
            tag = element.tag.rsplit("}", 1)[-1]
            assert tag not in ("script", "foreignObject", "text"), (path.name, tag)
            assert not [name for name in element.attrib if name.rsplit("}", 1)[-1].startswith("on")]


# -- the learner's notebook ---------------------------------------------------------------------------------


def _notebook(site: HostileSite) -> nbformat.NotebookNode:
    path = site.root / LOCALE / LESSON / f"{LESSON}.{LOCALE}.ipynb"
    notebook = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    nbformat.validate(notebook)
    return notebook


@pytest.mark.slow
def test_notebook_markdown_shows_the_text(site: HostileSite) -> None:
    title, headings = _lesson_messages()
    cells = [cell.source for cell in _notebook(site).cells if cell.cell_type == "markdown"]
    # CommonMark with GitHub's tables and strikethrough: close to what Jupyter renders notebooks with.
    renderer = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    rendered = [BeautifulSoup(renderer.render(source), "html.parser") for source in cells]
    for soup in rendered:
        assert {el.name for el in soup.find_all(True)} <= {"h1", "h2", "p", "span", "a"}, soup
        assert injected(soup) == []
        # A dollar or a backslash alone in a bare element (Jupyter's MathJax finds no math across one); a
        # web address linked to itself.
        assert all(not el.attrs and el.get_text() in ("$", "\\") for el in soup.find_all("span")), soup
        assert all(el["href"] == el.get_text() for el in soup.find_all("a")), soup
        for inline in soup.find_all(["span", "a"]):
            inline.unwrap()  # part of its paragraph's text, no word of its own
        soup.smooth()
    for source in cells:
        # No dollar left for Jupyter's math extension to start from.
        assert "$" not in source, source
    assert flat(rendered[0].h1.get_text()) == flat(site.expected(title))
    assert [flat(s.h2.get_text()) for s in rendered[1:]] == [flat(site.expected(h)) for h in headings]
    text = flat(" ".join(soup.get_text(" ") for soup in rendered))
    for entry in STRINGS:
        assert flat(_hostile_text(entry, site.pwned)) in text, entry["id"]


@pytest.mark.slow
def test_the_code_is_the_lesson_s_whatever_its_translated_comments_say(site: HostileSite) -> None:
    """Comments of the example code are translated on the page and in the notebook; a translation with line
    breaks or code in it stays inside its comment."""
    from coursegen.examples import code_comments, load_examples

    source = load_examples(REPO / "docs" / "lessons" / LESSON / "examples.py")
    originals = [cell.source for cell in source.setup] + [c.source for b in source.blocks for c in b.cells]
    cells = [cell.source for cell in _notebook(site).cells if cell.cell_type == "code"][1:]
    assert sorted(ast.dump(ast.parse(c)) for c in cells) == sorted(ast.dump(ast.parse(o)) for o in originals)
    page = " ".join(pre.get_text() for pre in site.soup(f"{LOCALE}/{LESSON}/index.html").select("pre"))
    for _line, msgid in code_comments(source):
        entry, translation = site.translations[msgid]
        if refused(entry, msgid):
            continue
        # Wrapped anew: compare the text without its line breaks and comment signs.
        start = _bare(translation)[:30]
        assert start in _bare(" ".join(cells)) and start in _bare(page), msgid


def _bare(text: str) -> str:
    return "".join(flat(text).replace("#", "").split())


@pytest.mark.slow
def test_notebook_runs_in_a_fresh_kernel_without_running_catalog_text(
    site: HostileSite, tmp_path: Path
) -> None:
    """The learner's side: the notebook runs top to bottom, and no translation runs as code."""
    notebook = _notebook(site)
    work = tmp_path / "learner"
    work.mkdir()
    script = (
        "import sys, nbformat\n"
        "from nbclient import NotebookClient\n"
        "nb = nbformat.read(sys.argv[1], as_version=4)\n"
        "resources = {'metadata': {'path': sys.argv[2]}}\n"
        "NotebookClient(nb, timeout=600, kernel_name='python3', resources=resources).execute()\n"
        "nbformat.write(nb, sys.argv[3])\n"
    )
    source = tmp_path / "in.ipynb"
    nbformat.write(notebook, source)
    result = subprocess.run(
        [sys.executable, "-c", script, str(source), str(work), str(tmp_path / "out.ipynb")],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert not site.pwned.exists()
    assert list(work.iterdir()) == []
    executed = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    errors = [
        o for c in executed.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert errors == []


# -- plot labels: matplotlib's mathtext ----------------------------------------------------------------------

EXAMPLES = Path(__file__).parent / "fixtures" / "examples" / "basic.py"


def _label_makers(msgid: str, text: str) -> list[Callable[[], str]]:
    """The label a plot gets for ``msgid`` translated as ``text`` in a catalog: through the ``_`` of the
    build's kernel, and through the ``_`` the learner's notebook defines in its first cell, each given
    what the catalog's translator passes on."""
    from babel.messages.catalog import Catalog

    from coursegen.catalogs import translator_from_catalog
    from coursegen.driver import LocaleStrings
    from coursegen.examples import load_examples, messages
    from coursegen.inkernel.translations import translator
    from coursegen.notebooks import preamble

    source = load_examples(EXAMPLES)
    assert msgid in messages(source)
    catalog = Catalog(locale=LOCALE)
    catalog.add(msgid, text)
    passed = translator_from_catalog(catalog, LOCALE, drawn={msgid}).gettext(msgid)
    namespace: dict[str, Any] = {}
    exec(preamble(source, LocaleStrings(LOCALE, {msgid: passed}, ",")), namespace)
    return [lambda: translator({msgid: passed})(msgid), lambda: namespace["_"](msgid)]


@pytest.mark.parametrize(
    "entry",
    [entry for entry in STRINGS if not entry.get("transcript_only")],
    ids=[entry["id"] for entry in STRINGS if not entry.get("transcript_only")],
)
def test_labels_are_never_read_as_math(entry: dict) -> None:
    """Both runtimes leave mathtext on, as any notebook does (a log axis labels its ticks in math); a
    translation reaches them only when a plot reads no math in it that its source has not."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from coursegen.examples import load_examples, messages

    msgid = messages(load_examples(EXAMPLES))[0]
    assert not math_spans(msgid)
    translation = f"{entry['text']} {' '.join(sorted(placeholders(msgid)))}".rstrip()
    makers = _label_makers(msgid, translation)
    expected = msgid if refused(entry, msgid) or entry.get("refused") == "plot" else translation
    with matplotlib.rc_context({"text.parse_math": True}):
        for make_label in makers:
            label = make_label()
            shown, math = Text(0, 0, label)._preprocess_math(label)
            assert math is False
            assert shown == expected.replace("\\$", "$")  # matplotlib's escaped dollar sign, shown as one
            figure = Figure()
            figure.add_subplot().set_title(label)
            with warnings.catch_warnings():
                # Control characters have no glyph; this test is about math, not about fonts.
                warnings.filterwarnings("ignore", "Glyph .* missing from font")
                figure.savefig(io.BytesIO(), format="svg")  # no mathtext parse error, whatever the label
