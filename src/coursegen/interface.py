"""The theme's own interface strings (search box, copy button, footer links...) as catalog messages.

Material ships these strings for about sixty languages, one Jinja macro per language in
``partials/languages/<language>.html``. A locale the theme lacks (Swahili, Amharic, Nepali...) showed them
in English, out of the translator's reach, and a shipped translation could not be corrected (Material's
zh-Hant writes 个 and 頁脚, simplified forms). Here they are messages of the catalogs like any other: their
msgid is the theme's English text, a new or updated catalog starts with the theme's own translation where
the theme has the language, and a translation in the catalog takes the theme's place on the pages.

Only the strings a coursegen site can show are taken: not those of Material's blog, cookie consent or
version selector, nor its search settings (``search.config.*``), which are not text.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Collection, Mapping
from pathlib import Path

import jinja2

from coursegen.errors import CoursegenError

THEME = "material"
#: The language every source string (msgid) is written in: lessons, guides, examples and interface.
SOURCE_LANGUAGE = "en"
#: Python-Markdown's title for the permalinks of headings, when the configuration gives none (a string of the
#: pages' interface, which the catalogs translate and the extractor lists).
DEFAULT_PERMALINK_TITLE = "Permanent link"

#: The keys of the theme's strings a coursegen site shows, with what a translator needs to know of each.
KEYS: Mapping[str, str] = {
    "action.skip": "link to skip the header, for keyboards and screen readers",
    "action.edit": "button to edit the page (sites with a repository)",
    "action.view": "button to view the page's source (sites with a repository)",
    "source": "link to the course's repository",
    "header": "name of the page header, for screen readers",
    "nav": "name of the navigation, for screen readers",
    "toc": "title of the list of sections beside the text",
    "tabs": "name of the navigation tabs, for screen readers",
    "top": "button that scrolls back to the top",
    "footer": "name of the page footer, for screen readers",
    "footer.previous": "link to the previous page, in the footer",
    "footer.next": "link to the next page, in the footer",
    "select.language": "name of the language menu",
    "search.placeholder": "text inside the empty search box (the visible one of the two)",
    "search": "name of the search box, for screen readers",
    "search.share": "button that copies a link to the search",
    "search.reset": "button that clears the search box",
    "search.result.initializer": "shown while the search loads",
    "search.result.placeholder": "shown under the empty search box",
    "search.result.none": "search found nothing",
    "search.result.one": "search found one page",
    "search.result.other": (
        "search found several pages; keep # where the number goes; one form serves every number from 2 up:"
        " where a language's plural changes with the number, write it so that any reads right ('Results: #')"
    ),
    "search.result.more.one": "one more match on the same page",
    "search.result.more.other": (
        "more matches on the same page; keep # where the number goes; one form serves every number from 2 up"
    ),
    "search.result.term.missing": "before the search words a result lacks",
    "clipboard.copy": "button that copies a code block",
    "clipboard.copied": "shown once a code block is copied",
}

#: Strings the theme writes into the JSON of its configuration (made safe there by ``tojson``) and its script
#: shows as text: these are handed over as they are, the others with markup characters escaped. Not those its
#: script inserts as HTML ("Missing", "# more on this page" in the search results, innerHTML), though written
#: into the same JSON: a translation of "Missing" ran as script there.
JSON_KEYS = frozenset(
    {
        "clipboard.copy",
        "clipboard.copied",
        "search.result.placeholder",
        "search.result.none",
        "search.result.one",
        "search.result.other",
    }
)

COMMENT_PREFIX = "theme interface"


def theme_dir() -> Path:
    """The installed theme's templates."""
    from mkdocs.utils import get_theme_dir

    return Path(get_theme_dir(THEME))


def theme_languages(folder: Path | None = None) -> set[str]:
    """The interface languages a theme's template folder (by default the installed theme's) ships: one
    template per language under ``partials/languages``."""
    languages = (folder or theme_dir()) / "partials" / "languages"
    return {path.stem for path in languages.glob("*.html")}


@functools.cache
def theme_strings(language: str) -> dict[str, str]:
    """The theme's text of each of :data:`KEYS` in ``language`` (keys it leaves out are missing here).

    The language files are Jinja macros; they are rendered, not parsed, so that the text is the one the
    theme would show.
    """
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(theme_dir())), autoescape=False)
    try:
        macro = environment.get_template(f"partials/languages/{language}.html").module.t  # type: ignore[attr-defined]
    except jinja2.TemplateNotFound:
        return {}
    except jinja2.TemplateError as exc:
        raise CoursegenError(f"the theme's {language} interface strings do not load: {exc}") from None
    found = {key: str(macro(key)).strip() for key in KEYS}
    return {key: text for key, text in found.items() if text}


def english() -> dict[str, str]:
    """Each key's English text: its msgid in the catalogs."""
    strings = theme_strings(SOURCE_LANGUAGE)
    if not strings:
        raise CoursegenError(f"the theme '{THEME}' has no English interface strings")
    return strings


def comment(key: str) -> str:
    """The note a catalog gives translators beside the message of ``key``."""
    return f"{COMMENT_PREFIX} ({key}): {KEYS[key]}"


def prefill(msgids: Collection[str], language: str) -> dict[str, str]:
    """The theme's own translation in ``language`` (one of :func:`theme_languages`) of those of ``msgids``
    that are the theme's English texts: what a catalog starts with for them."""
    if language == SOURCE_LANGUAGE:
        return {}
    own = theme_strings(language)
    filled: dict[str, str] = {}
    for key, msgid in english().items():
        if msgid in msgids and own.get(key) and msgid not in filled:
            filled[msgid] = own[key]
    return filled


def page_strings(
    has: Callable[[str], bool], gettext: Callable[[str], str], *, theme_has: bool
) -> dict[str, str]:
    """The catalog's translation of each key, ready for the theme's templates: HTML-escaped, except the
    strings that go into JSON and are shown as text (:data:`JSON_KEYS`).

    Where the catalog has no translation, a theme that has the language (``theme_has``) shows its own; one
    that lacks it would show English, so ``gettext`` is asked anyway and says what is missing.
    """
    found: dict[str, str] = {}
    for key, msgid in english().items():
        if has(msgid) or not theme_has:
            text = gettext(msgid)
            found[key] = text if key in JSON_KEYS else html.escape(text, quote=True)
    return found
