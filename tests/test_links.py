"""No broken internal link or anchor anywhere in the built site (no browser needed).

Every ``href`` and ``src`` that stays on the site (relative or root-relative) must name a file of the build,
and its ``#fragment``, if any, an element of that file. Section ids are shared across languages, so a wrong
id in one locale would silently drop readers at the top of the page; this catches it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from support import LESSON, LOCALES, BuiltSite

pytestmark = pytest.mark.slow

LINKING_ATTRIBUTES = ("href", "src")


@dataclass(frozen=True)
class Link:
    page: str  # the linking page, relative to the site root
    tag: str
    url: str


def pages(root: Path) -> list[str]:
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*.html"))


@cache
def parsed(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def links_of(root: Path, page: str) -> Iterator[Link]:
    for element in parsed(root / page).find_all(True):
        for attribute in LINKING_ATTRIBUTES:
            value = element.get(attribute)
            if isinstance(value, str):
                yield Link(page, element.name, value.strip())


def is_internal(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc


def target_of(root: Path, link: Link) -> tuple[Path, str]:
    """The file a link leads to and its fragment, as a static server would resolve them."""
    parts = urlsplit(link.url)
    folder = posixpath.dirname(link.page)
    if not parts.path:
        path = link.page
    elif parts.path.startswith("/"):
        path = parts.path.lstrip("/")
    else:
        path = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
        assert not path.startswith(".."), f"{link.page}: {link.url} leaves the site"
    target = root / unquote(path) if path not in ("", ".") else root
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def has_anchor(page: Path, fragment: str) -> bool:
    document = parsed(page)
    return document.find(id=fragment) is not None or document.find("a", attrs={"name": fragment}) is not None


def broken_links(root: Path) -> list[str]:
    broken = []
    for page in pages(root):
        for link in links_of(root, page):
            if not link.url or not is_internal(link.url):
                continue
            target, fragment = target_of(root, link)
            where = f"{page}: <{link.tag}> {link.url} ->"
            if not target.is_file():
                broken.append(f"{where} missing {target.relative_to(root)}")
            elif fragment and target.suffix == ".html" and not has_anchor(target, fragment):
                broken.append(f"{where} no #{fragment} in {target.relative_to(root)}")
    return broken


def test_every_internal_link_and_anchor_resolves(built_site: BuiltSite) -> None:
    assert broken_links(built_site.root) == []


def test_the_site_links_every_kind_of_page(built_site: BuiltSite) -> None:
    """The check above walked real pages with real links (an empty walk would pass it)."""
    root = built_site.root
    walked = set(pages(root))
    for code in LOCALES:
        for uri in ("index.html", f"{LESSON}/index.html", f"{LESSON}/parallel/index.html"):
            assert f"{code}/{uri}" in walked
    lesson = f"{LOCALES[0]}/{LESSON}/index.html"
    anchors = [link for link in links_of(root, lesson) if link.url.startswith("#") and len(link.url) > 1]
    images = [link for link in links_of(root, lesson) if link.tag == "img"]
    assert len(anchors) > 5 and images


def test_the_checker_sees_a_broken_anchor_and_a_missing_file(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<h2 id="here">x</h2><a href="#here">ok</a><a href="#gone">bad</a>'
        '<a href="../b/">missing</a><img src="/a/index.html"><a href="https://example.org/x">out</a>',
        encoding="utf-8",
    )
    assert broken_links(tmp_path) == [
        "a/index.html: <a> #gone -> no #gone in a/index.html",
        "a/index.html: <a> ../b/ -> missing b/index.html",
    ]
