"""The MkDocs plugin: hooks only. It asks the engine for a site plan and hands it to MkDocs.

One build serves every locale: pages carry their locale in their metadata, and the theme templates shipped in
``coursegen/theme`` pick the interface language, the language menu and the navigation per page. So plugins,
theme and search run once, and adding a locale costs only its own pages.

Hook order, and why:
- ``on_config``: discover the course, put our templates before the theme's, and start the examples in the
  background, so that they compute while MkDocs reads files and the transcripts are aligned;
- ``on_files``: generate every page and file from the plan (waiting for the examples here);
- ``on_nav``: cut the site's navigation into one navigation per locale;
- ``on_page_context``: give each page its locale's navigation and the same page in the other languages, point
  its search at its locale's index, and index it;
- ``on_template_context``: the site's one "not found" page speaks every locale's language, and sitemap.xml
  names each page's versions in the other languages (with ``site_url``);
- ``on_post_build``: write the search indexes, after Material's search plugin wrote its own (ours replace it).
"""

from __future__ import annotations

import functools
import html
import itertools
import json
import logging
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from coursegen import example_cache
from coursegen.assemble import Assembly, start_assembly
from coursegen.catalogs import is_english
from coursegen.config import ASSETS, CoursegenConfig, unsupported
from coursegen.errors import CoursegenError, PrintableLog, one_line
from coursegen.execution import cancel_all, stop_runs_when_interrupted
from coursegen.files import content_version, versioned
from coursegen.interface import DEFAULT_PERMALINK_TITLE
from coursegen.locales import open_graph_locale
from coursegen.mplconfig import use_build_folder_if_home_is_read_only
from coursegen.pages import (
    SetAside,
    compact_highlighting,
    hide_permalinks,
    render_not_found,
    retitle_permalinks,
    set_aside_raw_html,
    untranslated_code,
)
from coursegen.search import FIELDS, LocaleIndexes, leave_material_index_empty
from coursegen.site import SitePlan, available_theme_languages, chooser_hrefs, home_uri, load_course
from coursegen.sources import refuse_links_out

SERVE_SIGNALS = "coursegen-serve-signals"
log = logging.getLogger(f"mkdocs.plugins.{__name__}")
# The name MkDocs gives the handler that prints its log (``mkdocs.__main__.State``).
MKDOCS_STREAM = "MkDocsStreamHandler"
# The loggers that say when the examples run, and what they wrote that is not kept.
EXECUTION_LOGGERS = ("coursegen.execution", "coursegen.kernels")
# The logger through which MkDocs prints a build's error (with a filter of messages already printed).
MKDOCS_BUILD_LOGGER = "mkdocs.commands.build"

PACKAGE_DIR = Path(__file__).parent
THEME_DIR = PACKAGE_DIR / "theme"
EARLY_SCRIPT = "assets/coursegen-early.js"
ROBOTS = "robots.txt"
# Loaded by the pages' search in place of Material's worker, which it wraps; it must sit in the same folder as
# that worker, whose lunr languages are found relative to it (``theme/coursegen.html`` points the search
# at it).
SEARCH_WORKER = ("assets/coursegen-search-worker.js", "assets/javascripts/workers/coursegen-search.js")
# The side-by-side view repeats the lesson's text and holds the other locales': searching it adds only noise.
UNSEARCHED_KINDS = frozenset({"parallel"})
NOT_FOUND_TEMPLATE = "404.html"
SITEMAP_TEMPLATE = "sitemap.xml"


def _print_our_warnings_as_mkdocs_does() -> None:
    """coursegen's own messages (a string not translated yet, a doubtful transcript) are printed by MkDocs'
    handler, "WARNING  -  ..." as its own are: without it they came out as bare lines. They are not counted
    by ``--strict``, which watches MkDocs' logger: they are a translator's work in progress, not a broken
    site."""
    ours = logging.getLogger("coursegen")
    mkdocs = logging.getLogger("mkdocs")
    for handler in mkdocs.handlers:
        if handler.get_name() == MKDOCS_STREAM and handler not in ours.handlers:
            ours.addHandler(handler)
            handler.addFilter(PrintableLog())
    # When the examples run, and in how many kernels, is said as MkDocs says it builds: it is why a save
    # under ``mkdocs serve`` takes seconds rather than a second. ``mkdocs -v`` shows all that coursegen tells.
    for name in EXECUTION_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)
    ours.setLevel(logging.DEBUG if mkdocs.getEffectiveLevel() <= logging.DEBUG else logging.NOTSET)


class CoursegenPlugin(BasePlugin[CoursegenConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        # MkDocs keeps this one object for a whole mkdocs serve (it has on_startup): on_config starts afresh.
        self._serving = False
        self._deploying = False
        # Under mkdocs serve, the folder whose change makes it build again: examples that finished after
        # their lesson was shown without them write into it.
        self._signals: Path | None = None
        self._assembly: Assembly | None = None
        self._plan: SitePlan | None = None
        self._docs_robots = False
        self._locale_of: dict[str, str | None] = {}
        self._navs: dict[str | None, Navigation] = {}
        self._english: dict[str, list[str]] = {}  # per locale, see _english_names
        self._watch: list[Path] = []
        self._kind_of: dict[str, str] = {}
        self._search = LocaleIndexes()
        self._set_aside: dict[str, SetAside] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        _print_our_warnings_as_mkdocs_does()
        refused = unsupported(config)
        if refused:
            raise PluginError(f"{config.config_file_path}: {refused}")
        _warn_of_own_templates(config)
        if "navigation.instant" in (config.theme.get("features") or ()):
            log.warning(
                "theme feature navigation.instant does nothing on a site of several languages (each has its "
                "own navigation, and pages load whole): remove it from mkdocs.yml"
            )
        if not config.site_url and not self._serving:
            # Its addresses start at the domain's root without it: published under a path, that page came
            # without its stylesheets and scripts, and its links led off the site. gh-deploy publishes a
            # project's site under a path (https://user.github.io/course/): there it is a warning.
            (log.warning if self._deploying else log.info)(
                '%s has no site_url: the "page not found" page works only at the root of a domain, and '
                "search engines are told of no page's versions in the other languages (sitemap.xml is "
                "empty, pages name no canonical address); set site_url to the site's address "
                "(https://user.github.io/course/)",
                Path(config.config_file_path or "mkdocs.yml").name,
            )
        root = Path(config.config_file_path or ".").resolve().parent
        docs = Path(config.docs_dir)
        cache = (root / self.config.cache_dir).resolve()
        if cache.is_relative_to(Path(config.site_dir).resolve()):
            raise PluginError(
                f"{config.config_file_path}: coursegen's cache_dir '{self.config.cache_dir}' is inside "
                "site_dir: each build empties site_dir first (the examples would run every time), and the "
                "site would publish the cache; put it outside site_dir (the default is .cache/coursegen)"
            )
        if cache.is_relative_to(docs.resolve()):
            raise PluginError(
                f"{config.config_file_path}: coursegen's cache_dir '{self.config.cache_dir}' is inside "
                "docs_dir: the site would publish it, and mkdocs serve build again on every write into it; "
                "put it outside docs_dir (the default is .cache/coursegen)"
            )
        # MkDocs found out at its first copy, minutes later, and ended in a traceback (a read-only checkout).
        site = Path(config.site_dir)
        try:
            site.mkdir(parents=True, exist_ok=True)
            tempfile.TemporaryFile(dir=site).close()
        except OSError as exc:
            raise PluginError(
                f"{site}: the site cannot be written there: {exc.strerror}; make the folder writable, or "
                "build the site elsewhere (mkdocs build -d FOLDER)"
            ) from None
        # A mistyped folder built a site of no language, with one warning about something else.
        for option, folder in (("locales_dir", root), ("lessons_dir", docs)):
            if not (folder / getattr(self.config, option)).is_dir():
                raise PluginError(
                    f"{config.config_file_path}: coursegen's {option} '{getattr(self.config, option)}' is no "
                    f"folder (under {folder})"
                )
        # Under mkdocs serve, a catalog or outline saved half-written is taken as the build before read it.
        previous = self._assembly if self._serving else None
        try:
            course = load_course(
                root / self.config.locales_dir,
                docs / self.config.lessons_dir,
                docs / self.config.guides_dir,
                previous=previous.course if previous is not None else None,
            )
            if not self.config.allow_links_out:
                refuse_links_out(course.locales_dir)
            config.theme.dirs.insert(_theme_insert_index(config), str(THEME_DIR))
            themes = available_theme_languages(config.theme.dirs)
            use_build_folder_if_home_is_read_only(root / self.config.cache_dir)
            self._assembly = start_assembly(
                course,
                themes,
                root / self.config.cache_dir,
                embeddings=self.config.embeddings,
                serving=self._serving,
                previous=previous,
            )
        except CoursegenError as exc:
            raise PluginError(one_line(exc)) from None
        self._watch = [course.locales_dir]
        if config.extra.get("alternate"):
            # An owner's entry (a link to the original lectures' site) vanished from the menu in silence.
            log.warning(
                "%s: extra.alternate is replaced by coursegen's language menu (the course's languages); "
                "remove it, and link other sites from a guide or extra.social",
                config.config_file_path,
            )
        # The header shows the language menu only when the site has alternates; each page lists its own.
        config.extra["alternate"] = [
            {"name": info.native_name, "link": f"{info.code}/", "lang": info.code} for info in course.locales
        ]
        for asset in ASSETS:
            target = config.extra_css if asset.endswith(".css") else config.extra_javascript
            # Addressed by its content: a browser would keep last release's with this release's pages. Where
            # the owner listed it (before their own stylesheet, to override it), it stays there.
            address = versioned(asset, (PACKAGE_DIR / asset).read_bytes())
            listed = [at for at, entry in enumerate(target) if _path_of(entry) == asset]
            if not listed:
                target.append(address)
            else:  # once, where first listed: a second copy ran the script twice, or undid overrides
                target[listed[0]] = _with_path(target[listed[0]], address)
                for at in reversed(listed[1:]):
                    del target[at]
        return config

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """The search worker's digest, for its address (theme/coursegen.html), and the script that runs before
        Material's, on every page the theme renders (404.html too)."""
        worker = (PACKAGE_DIR / SEARCH_WORKER[0]).read_bytes()
        env.globals["coursegen_worker_version"] = content_version(worker)
        env.globals["coursegen_early_script"] = _early_script()
        return env

    @event_priority(-50)  # after other plugins have listed the files, so our pages win
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self._assembly is not None
        try:
            plan = self._assembly.plan(self.config.chooser_title)
        except CoursegenError as exc:
            raise PluginError(one_line(exc)) from None
        self._plan = plan
        self._docs_robots = files.get_file_from_path(ROBOTS) is not None
        for lesson_id in self._assembly.pending:
            log.info("%s: examples still running: its pages show them when they are done", lesson_id)
            self._assembly.running[lesson_id].add_done_callback(self._build_again)
        for error in self._assembly.failed.values():
            log.error(error)
        data_dirs = (self.config.lessons_dir.rstrip("/") + "/", self.config.guides_dir.rstrip("/") + "/")
        for file in list(files):
            if file.src_uri.startswith(data_dirs):
                files.remove(file)
        _warn_of_own_pages(files, {page.src_uri for page in plan.pages}, config, self.config.guides_dir)
        self._locale_of = {}
        self._kind_of = {}
        self._search = LocaleIndexes(fields=_search_fields(config) or FIELDS, cache=self._assembly.cache)
        leave_material_index_empty(config.plugins.get("material/search") or config.plugins.get("search"))
        for page in plan.pages:
            _replace(files, File.generated(config, page.src_uri, content=page.markdown))
            self._locale_of[page.src_uri] = page.locale
            self._kind_of[page.src_uri] = page.kind
        for static in plan.files:
            if static.source is not None:
                _replace(files, File.generated(config, static.dest_uri, abs_src_path=str(static.source)))
            else:
                _replace(files, File.generated(config, static.dest_uri, content=static.content or b""))
        for source, dest in [(asset, asset) for asset in ASSETS] + [SEARCH_WORKER]:
            _replace(files, File.generated(config, dest, abs_src_path=str(PACKAGE_DIR / source)))
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """One navigation per locale: its home, its lessons, guides.

        A lesson's side-by-side view is not in it: its lesson page leads there, and with twenty lessons the
        navigation listed forty, every other one the same text again beside another language, through which
        "Next" led. Its footer leads back to its lesson, and on to the next."""
        by_uri = {page.file.src_uri: page for page in nav.pages}
        order = {"home": 0, "lesson": 1, "guide": 2}
        assert self._plan is not None
        grouped: dict[str | None, list[Page]] = {}
        views: list[tuple[Page, Page]] = []
        lessons = {
            (p.locale, p.lesson): by_uri.get(p.src_uri) for p in self._plan.pages if p.kind == "lesson"
        }
        for generated in sorted(self._plan.pages, key=lambda p: order.get(p.kind, 3)):
            page = by_uri.get(generated.src_uri)
            if page is None or generated.kind == "chooser":
                continue
            if generated.kind == "parallel":
                lesson = lessons.get((generated.locale, generated.lesson))
                if lesson is not None:
                    views.append((page, lesson))
                continue
            grouped.setdefault(generated.locale, []).append(page)
        homes = [pages[0] for pages in grouped.values() if pages]
        grouped[None] = homes
        self._navs = {}
        self._english = {}
        for locale, pages in grouped.items():
            for page in pages:
                page.parent = None
            local = Navigation(list(pages), list(pages))
            local.homepage = pages[0] if pages and locale is not None else nav.homepage
            if locale is not None:
                for before, after in itertools.pairwise(pages):
                    before.next_page, after.previous_page = after, before
                pages[0].previous_page, pages[-1].next_page = None, None
            self._navs[locale] = local
        for view, lesson in views:
            view.parent = None
            view.previous_page, view.next_page = lesson, lesson.next_page
        return nav

    def on_page_context(
        self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        uri = page.file.src_uri
        if uri in self._locale_of:
            locale = self._locale_of[uri]
            context["nav"] = self._navs.get(locale, nav)
            if locale is not None:
                context["coursegen_search_base"] = f"{locale}/"
            if self._kind_of.get(uri) not in UNSEARCHED_KINDS:
                self._search.add_page(locale, page.url, str(page.title or ""), page.content or "")
            gettext = self._assembly.gettext(locale) if self._assembly and locale else None
            if gettext is not None:
                context["config"] = _LocalizedConfig(config, gettext)
                context["coursegen_interface"] = self._assembly.interface(locale)
                context["coursegen_english"] = self._english_names(locale, config, gettext)
            elif locale is None:
                context["coursegen_english"] = self._english_homes()
            if self._kind_of.get(uri) == "chooser" and self._assembly is not None:
                hrefs = chooser_hrefs(self._assembly.course.locales)
                context["coursegen_early_choice"] = _early_choice(hrefs)
        assert self._plan is not None
        alternates = self._plan.alternates.get(uri, [])
        versions = {info.code: other for info, other in alternates}
        here = self._locale_of.get(uri)
        if here is not None:  # its own locale first, then its versions'
            infos = sorted((info for info, _other in alternates), key=lambda info: info.code != here)
            context["coursegen_og_locales"] = [open_graph_locale(info) for info in infos]
        if versions and self._assembly is not None:
            # Every language, so that a reader can reach theirs from any page: where this page has no version
            # (a lesson not yet translated), the menu leads to that language's home.
            context["coursegen_alternates"] = [
                {
                    "name": info.native_name,
                    "link": _url_of(versions.get(info.code, home_uri(info))),
                    "lang": info.code,
                    "here": versions.get(info.code) == uri,
                    "home": info.code not in versions,
                }
                for info in self._assembly.course.locales
            ]
        return context

    def _english_names(self, locale: str, config: MkDocsConfig, gettext: Callable[[str], str]) -> list[str]:
        """What the theme shows around a locale's pages in English, its catalog not translating it yet: the
        site's name, the colour toggles' names, the titles of its pages (the navigation, the footer's links).
        The pages mark them as English (coursegen.js), as they mark their own English text: a screen reader
        read them with the voice of the page's language."""
        if locale not in self._english:
            names = {config.site_name, *_toggle_names(config.theme.get("palette"))}
            shown = [gettext(name) for name in names if name]
            found = {str(text) for text in shown if is_english(text)}
            local = self._navs.get(locale)
            for page in local.pages if local is not None else ():
                if page.meta.get("title_english") and page.title:
                    found.add(html.unescape(str(page.title)))
            self._english[locale] = sorted(found)
        return self._english[locale]

    def _english_homes(self) -> list[str]:
        """The locales' homes whose names the root page and the "not found" page show in English (a catalog
        not translating them yet): marked English there, where the others are marked with their language."""
        homes = self._navs.get(None)
        pages = homes.pages if homes is not None else []
        return sorted({html.unescape(str(page.title)) for page in pages if page.meta.get("title_english")})

    def on_template_context(self, context: dict[str, Any], template_name: str, config: MkDocsConfig) -> Any:
        """The theme's ``404.html`` gets every locale's notice (see ``pages.render_not_found``) and, as the
        chooser, the navigation of the locales' homes."""
        if template_name == NOT_FOUND_TEMPLATE and self._plan is not None:
            context["coursegen_not_found"] = render_not_found(self._plan.not_found, context["base_url"])
            context["nav"] = self._navs.get(None, context["nav"])
            context["coursegen_english"] = self._english_homes()
        if template_name == SITEMAP_TEMPLATE and self._plan is not None and config.site_url:
            context["coursegen_sitemap_alternates"] = _sitemap_alternates(
                self._plan, context["pages"], config
            )
        return context

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Our pages' raw HTML blocks wait outside Markdown, which would only parse them to keep them as
        they are; headings stay, so the table of contents and the permalinks are Markdown's own."""
        uri = page.file.src_uri
        if uri not in self._locale_of:
            return markdown
        title = page.meta.get("title")
        if isinstance(title, str):
            # Escaped in the front matter (the theme prints it as it is in most places); Markup, so that
            # where the theme escapes it too (the footer links' names) an "&" is not read out as "amp".
            page.meta["title"] = Markup(title)
        self._set_aside[uri] = set_aside_raw_html(markdown)
        return self._set_aside[uri].markdown

    @event_priority(100)  # before any other plugin reads the page's HTML
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        if uri not in self._locale_of:
            return html
        # Code Markdown highlighted (guides) is compacted here; the blocks set aside already were.
        html = compact_highlighting(html)
        locale = self._locale_of[uri]
        gettext = self._assembly.gettext(locale) if self._assembly and locale else None
        title = _permalink_title(config)
        if gettext is not None and title:
            html = retitle_permalinks(html, title, gettext(title))
        html = untranslated_code(hide_permalinks(html))
        set_aside = self._set_aside.pop(uri, None)
        return set_aside.restore(html) if set_aside else html

    def on_build_error(self, error: Exception) -> None:
        """Under ``mkdocs serve``, the same mistake made again must be told again: MkDocs prints a build's
        error through a logger that drops any message it printed before, so the second time a translator
        broke a file the same way, only "Aborted with a BuildError!" came out."""
        for log_filter in logging.getLogger(MKDOCS_BUILD_LOGGER).filters:
            printed = getattr(log_filter, "msgs", None)
            if isinstance(printed, set):
                printed.discard(str(error))

    @event_priority(-100)  # after Material's search plugin, whose root index ours replaces
    def on_post_build(self, config: MkDocsConfig) -> None:
        if _search_fields(config) is not None:
            self._search.write(Path(config.site_dir))
        if not self._serving:
            _write_robots(config, self._docs_robots)
        if self._assembly is not None:
            warned = False
            for translator in self._assembly.translators.values():
                warned = translator.report(hints=not warned) or warned
            if not self._serving:  # complete: what it did not use is of lessons and locales gone
                root = Path(config.config_file_path or ".").resolve().parent
                self._forget_the_rest(root / self.config.cache_dir)

    def _forget_the_rest(self, cache_dir: Path) -> None:
        assert self._assembly is not None
        course = self._assembly.course
        removed = self._assembly.cache.sweep(example_cache.FORGET_AFTER_SECONDS)
        removed += example_cache.forget(
            cache_dir, {lesson.id for lesson in course.lessons}, {info.code for info in course.locales}
        )
        if removed:
            log.debug("cache: removed %d entries of lessons, locales or pages no longer built", len(removed))

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"
        self._deploying = command == "gh-deploy"
        stop_runs_when_interrupted()
        if self._serving:
            # Not in the cache folder: deleting the cache while serving took the folder serve watched with
            # it, and examples that finished later never reached the page.
            self._signals = Path(tempfile.mkdtemp(prefix=SERVE_SIGNALS + "-"))

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        for path in self._watch:
            if path.exists():
                server.watch(str(path))
        if self._signals is not None:
            server.watch(str(self._signals))
            # Examples of the first build that finished before the folder was watched.
            if self._assembly and any(self._assembly.running[i].done() for i in self._assembly.pending):
                self._build_again(None)
        return server

    def on_shutdown(self) -> None:
        # Under mkdocs serve, kernels still computing held the process at exit (ten minutes: an endless
        # example). A plain build's runs go on: what they compute is cached for the next build.
        if self._serving:
            cancel_all()
        # Forgotten first: runs cancelled just now end later, and their callbacks made the folder again.
        signals, self._signals = self._signals, None
        if signals is not None:
            shutil.rmtree(signals, ignore_errors=True)

    def _build_again(self, _done: Any) -> None:
        """Make mkdocs serve build again: examples shown as still running are done (or failed)."""
        if self._signals is None:
            return
        try:
            self._signals.mkdir(exist_ok=True)
            (self._signals / "examples-done").write_text(str(time.time()), encoding="utf-8")
        except OSError as exc:  # a callback's traceback would only scroll past in serve's terminal
            log.warning("examples done, but the page could not be rebuilt: %s; save a file to rebuild", exc)


class _LocalizedConfig:
    """The site's configuration as one locale's pages see it: its name and description translated.

    Templates read ``config.site_name`` in the header, the navigation and the window title; everything else
    is the real configuration.
    """

    def __init__(self, config: MkDocsConfig, gettext: Callable[[str], str]) -> None:
        self._config = config
        self.site_name = _safe_text(gettext(config.site_name))
        description = config.site_description
        self.site_description = _safe_text(gettext(description)) if description else description
        self.theme = _LocalizedTheme(config.theme, gettext)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._config, name)

    def __getitem__(self, key: str) -> Any:
        if key in ("site_name", "site_description", "theme"):
            return getattr(self, key)
        return self._config[key]

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default


class _LocalizedTheme:
    """The theme's configuration as one locale's pages see it: the names of the colour-scheme toggles (the
    toggle's tooltip and its label for screen readers) translated; everything else is the real theme's."""

    def __init__(self, theme: Any, gettext: Callable[[str], str]) -> None:
        self._theme = theme
        self.palette = _translated_palette(theme.get("palette"), gettext)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._theme, name)

    def __getitem__(self, key: str) -> Any:
        return self.palette if key == "palette" else self._theme[key]

    def __contains__(self, key: str) -> bool:
        return key in self._theme

    def get(self, key: str, default: Any = None) -> Any:
        return self.palette if key == "palette" else self._theme.get(key, default)


def _safe_text(text: str) -> Markup:
    """A translation as the theme's templates can print it anywhere: in text and in a quoted attribute
    (``aria-label="{{ config.site_name }}"``), where a ``"`` would have ended the attribute and let the rest
    of the translation add attributes of its own. It is Markup, so that where a template escapes it too
    (``title="{{ config.site_name | e }}"``) an ``&`` is not shown as ``&amp;``."""
    return Markup(html.escape(text, quote=True))


def _translated_palette(palette: Any, gettext: Callable[[str], str]) -> Any:
    """A copy of Material's ``palette`` (one scheme, or a list of them) with each toggle's name translated."""
    if isinstance(palette, list):
        return [_translated_palette(option, gettext) for option in palette]
    if not isinstance(palette, dict) or not isinstance(palette.get("toggle"), dict):
        return palette
    toggle = dict(palette["toggle"])
    name = toggle.get("name")
    if isinstance(name, str) and name.strip():
        toggle["name"] = _safe_text(gettext(name.strip()))
    return {**palette, "toggle": toggle}


def _toggle_names(palette: Any) -> list[str]:
    """The names of Material's colour-scheme toggles in ``palette`` (one scheme, or a list of them)."""
    options = palette if isinstance(palette, list) else [palette]
    toggles = [option.get("toggle") for option in options if isinstance(option, dict)]
    return [t["name"].strip() for t in toggles if isinstance(t, dict) and isinstance(t.get("name"), str)]


def _permalink_title(config: MkDocsConfig) -> str | None:
    """The title Python-Markdown gives the headings' permalinks, or None when headings have none."""
    toc = config.mdx_configs.get("toc") or {}
    if not toc.get("permalink"):
        return None
    return str(toc.get("permalink_title", DEFAULT_PERMALINK_TITLE))


def _dest_uri(src_uri: str, config: MkDocsConfig) -> str:
    """Where MkDocs writes the page ``src_uri`` (``fr/index.md``, ``README.md`` -> ``index.html``)."""
    return File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls).dest_uri


def _warn_of_own_pages(files: Files, generated: set[str], config: MkDocsConfig, guides_dir: str) -> None:
    """A page of the owner's in docs/ (about.md) was in no language's navigation and no search index, and one
    at a generated page's address (index.md, fr/index.md) was replaced, all without a word."""
    generated_at = {_dest_uri(uri, config) for uri in generated}
    for file in files:
        # Pages MkDocs leaves out (exclude_docs, draft_docs, templates/), keeps out of the navigation on
        # purpose (not_in_nav), or another plugin makes (a blog's archive) are no concern of this.
        if not file.is_documentation_page() or not file.inclusion.is_in_nav() or file.generated_by:
            continue
        where = Path(config.docs_dir) / file.src_uri
        if file.src_uri in generated or file.dest_uri in generated_at:
            log.warning(
                "%s: replaced by the page coursegen makes at this address (the language chooser, a "
                "language's home or a lesson): move it into %s/ to have a page of your own",
                where,
                guides_dir.rstrip("/"),
            )
        else:
            log.warning(
                "%s: a page of your own is in no language's navigation and no search: move it into %s/, "
                "where it is translated with the guides",
                where,
                guides_dir.rstrip("/"),
            )


def _warn_of_own_templates(config: MkDocsConfig) -> None:
    """A main.html of the site's own (Material's usual way to add an announcement) that extends base.html
    takes the place of coursegen's: each language's search became the whole site's, unaccented words found
    nothing, and every page asked for five sitemaps that are not there. A 404.html of its own replaced the
    page not found of every language."""
    if not config.theme.custom_dir:
        return
    own = Path(config.theme.custom_dir) / "main.html"
    try:
        data = own.read_bytes()
    except OSError:
        data = None
    try:
        text = data.decode("utf-8") if data is not None else None
    except UnicodeDecodeError as exc:  # the theme would refuse it too, in a traceback
        line = data.count(b"\n", 0, exc.start) + 1
        raise PluginError(
            f"{own}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x}): save the template as UTF-8"
        ) from None
    if text is not None and "coursegen.html" not in text:
        log.warning(
            "%s: a main.html that does not extend coursegen's leaves out each language's search and "
            'sitemap: write {%% extends "coursegen.html" %%} where it extends "base.html"',
            own,
        )
    if (Path(config.theme.custom_dir) / "404.html").is_file():
        # It took the place of the page that says "not found" in every language, the reader's first.
        log.warning(
            "%s: replaces coursegen's page not found, which speaks every language of the site: remove it",
            Path(config.theme.custom_dir) / "404.html",
        )


def _theme_insert_index(config: MkDocsConfig) -> int:
    """Our templates go right after the user's ``custom_dir`` (if any) and before the theme's own."""
    return 1 if config.theme.custom_dir else 0


def _search_fields(config: MkDocsConfig) -> dict[str, Any] | None:
    """The field boosts of Material's search plugin, or None when the site has no search."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None or not search.config.get("enabled", True):
        return None
    return dict(search.config.fields)


def _path_of(entry: Any) -> str:
    """The path of an ``extra_css`` or ``extra_javascript`` entry (a string, or a script with attributes)."""
    return str(getattr(entry, "path", entry)).split("?", 1)[0]


def _with_path(entry: Any, path: str) -> Any:
    """``entry`` at ``path``, its attributes (``defer``, ``async``, ``type``) kept."""
    if isinstance(entry, str):
        return path
    entry.path = path
    return entry


def _replace(files: Files, file: File) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        files.remove(existing)
    files.append(file)


def _sitemap_alternates(
    plan: SitePlan, files: Iterable[File], config: MkDocsConfig
) -> dict[str, list[tuple[str, str]]]:
    """Each page's versions in every language as sitemap.xml names them: (hreflang, whole address). The
    site's address (the language chooser) is the homes' version for everyone else ("x-default"), and names
    them as they name it: search engines ignore links not made both ways. A lesson or a guide has no such
    version (the chooser is none: every lesson named it, and it named none of them back)."""
    address = {
        file.src_uri: file.page.canonical_url for file in files if file.page and file.page.canonical_url
    }
    found = {
        uri: [(info.code, address[other]) for info, other in versions if other in address]
        for uri, versions in plan.alternates.items()
        if uri in address
    }
    homes = [page.src_uri for page in plan.pages if page.kind == "home" and page.src_uri in found]
    for home in homes:
        found[home].append(("x-default", config.site_url))
    for chooser in (page.src_uri for page in plan.pages if page.kind == "chooser"):
        if homes:
            found[chooser] = found[homes[0]]
    return found


_CHOICE_START = "// -- the language choice:"
_CHOICE_END = "// -- end of the language choice --"


@functools.cache
def _language_choice() -> str:
    """coursegen.js's part that picks the reader's language (the one chosen before, else the browser's)."""
    script = (PACKAGE_DIR / "assets" / "coursegen.js").read_text(encoding="utf-8")
    start, end = script.index(_CHOICE_START), script.index(_CHOICE_END)
    return script[script.index("\n", start) + 1 : end]


def _early_script() -> Markup:
    """What runs before Material's script (assets/coursegen-early.js: the search index fetched on demand, the
    folded code the reader unfolded printed), inlined in the head, as it must come first."""
    script = (PACKAGE_DIR / EARLY_SCRIPT).read_text(encoding="utf-8")
    code = script[script.index("(function") :]  # not the file's comment: every page would carry it
    return Markup(code.replace("</", "<\\/"))


def _early_choice(hrefs: dict[str, str]) -> Markup:
    """The root page's first script, in its head: it sends the reader to their language before the page's
    stylesheets, scripts and search index load (on a slow connection, coursegen.js at the end of the page
    sent them seconds later, having started to fetch every language's search index for nothing). Not with
    ``?choose``, the list asked for; from the disk (file://), to the folder's index.html."""
    choices = json.dumps(hrefs, ensure_ascii=True).replace("<", "\\u003c")
    return Markup(
        '(function () {\n  "use strict";\n'
        + _language_choice()
        + f"  var hrefs = {choices};\n"
        + "  if (/[?&]choose\\b/.test(window.location.search)) return;\n"
        + "  var choice = preferred(Object.keys(hrefs));\n"
        + "  if (!choice) return;\n"
        + '  var href = hrefs[choice] + (window.location.protocol === "file:" ? "index.html" : "");\n'
        + "  window.location.replace(href);\n})();"
    )


def _write_robots(config: MkDocsConfig, docs_have_one: bool) -> None:
    """A site at the root of its host says where its sitemap is, in robots.txt: the sitemap is the only
    place that names each page's versions in the other languages, and search engines do not look for it
    otherwise. Under a path (https://user.github.io/course/) a robots.txt counts for nothing; one of the
    docs' own is kept. One written by an earlier build (``--dirty`` keeps the site folder) is written again or
    taken away: it named the sitemap of the address the site had then."""
    if docs_have_one:
        return
    robots = Path(config.site_dir) / ROBOTS
    if not config.site_url or urlsplit(config.site_url).path not in ("", "/"):
        written = robots.is_file() and _ROBOTS_WRITTEN.fullmatch(robots.read_text("utf-8", errors="replace"))
        if written:
            robots.unlink()
        return
    sitemap = config.site_url.rstrip("/") + "/" + SITEMAP_TEMPLATE
    robots.write_text(f"User-agent: *\nDisallow:\n\nSitemap: {sitemap}\n", encoding="utf-8")


_ROBOTS_WRITTEN = re.compile(r"User-agent: \*\nDisallow:\n\nSitemap: \S+\n")


def _url_of(src_uri: str) -> str:
    """The directory URL of a generated Markdown page (``uk/x/index.md`` -> ``uk/x/``)."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"
