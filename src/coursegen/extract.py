"""Messages out: extract the template ``locales/messages.pot`` and bring every locale's catalog in step.

Extraction follows ``babel.cfg`` at the project root, so ``pybabel extract -F babel.cfg`` and
``coursegen messages`` agree. Three of the sources are not Python, hence the Babel extractors here, named
in the ``[extractors]`` section of ``babel.cfg``:

* ``extract_lesson``: the English title, course, summary and section headings of a ``lesson.yml``;
* ``extract_guide``: one message per heading, paragraph and list item of a guide page (code is not text);
* ``extract_examples``: a lesson's example code: the ``_()`` literals, as the build finds them (f-strings
  included), each with the ``# Translators:`` comment right above it, and the comments
  (:mod:`coursegen.comments`);
* ``extract_site``: the site's name and description in ``mkdocs.yml``, the names of its colour-scheme toggles,
  the title of its headings' permalinks, and the theme's own interface strings (:mod:`coursegen.interface`).

Updating has ``pybabel update`` semantics (new strings untranslated, changed ones fuzzy, removed ones
obsolete); locale folders without a catalog get one (``pybabel init``). Files are only rewritten when
something other than a date changed, so running the command twice leaves the work tree clean.
"""

from __future__ import annotations

import ast
import codecs
import configparser
import copy
import datetime as dt
import importlib
import logging
import os
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import yaml
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import check_and_call_extract_file, pathmatch
from babel.messages.frontend import parse_keywords, parse_mapping_cfg

from coursegen import __version__, interface
from coursegen.catalogs import TEMPLATE_NAME, catalog_path, standard_plural_rule
from coursegen.errors import CatalogError, CoursegenError, ExampleError, LessonError
from coursegen.examples import (
    TRANSLATE,
    TRANSLATE_PLURAL,
    code_comments,
    message_lines,
    parse_examples,
    plural_lines,
)
from coursegen.files import files_under, writable, write_atomic
from coursegen.fuzzy import babel_matches_faster
from coursegen.guides import guide_blocks
from coursegen.lessons import OUTLINE_FILE, Lesson
from coursegen.locales import locale_folders, locale_info, parse_locale, theme_language
from coursegen.pofiles import DATE_FIELDS, keep_layout, read_catalog, render_catalog, singular
from coursegen.sources import refuse_writing_out
from coursegen.yamlfiles import Loader

log = logging.getLogger(__name__)

MAPPING_FILE = "babel.cfg"
COMMENT_TAGS = ("Translators:",)
HEADER_COMMENT = """\
# Translations of coursegen: interface, lessons and guides.
# This file is distributed under the same license as the coursegen project.
#"""

# Babel's extractor protocol: (line, function name or None, message, comments for translators).
Extracted = tuple[int, str | None, str, list[str]]

_LESSON_FIELDS = {"title": "lesson title", "course": "course name", "summary": "lesson summary"}


def extract_lesson(
    fileobj: IO[bytes], keywords: Sequence[str], comment_tags: Sequence[str], options: Mapping[str, Any]
) -> Iterator[Extracted]:
    """Babel extractor for ``lesson.yml``: the same strings as ``Lesson.messages``, with their lines."""
    text = fileobj.read().decode("utf-8-sig")
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = f"invalid YAML: {getattr(exc, 'problem', None) or exc}"
        raise LessonError(reason, path=getattr(fileobj, "name", None), line=line) from None
    if not isinstance(root, yaml.MappingNode):
        return
    for key, value in root.value:
        if key.value in _LESSON_FIELDS and isinstance(value, yaml.ScalarNode) and value.value.strip():
            yield value.start_mark.line + 1, None, value.value.strip(), [_LESSON_FIELDS[key.value]]
        elif key.value == "sections" and isinstance(value, yaml.SequenceNode):
            for section in value.value:
                if isinstance(section, yaml.MappingNode):
                    yield from _section_heading(section)


def _section_heading(section: yaml.MappingNode) -> Iterator[Extracted]:
    fields = {k.value: v for k, v in section.value if isinstance(v, yaml.ScalarNode)}
    heading = fields.get("heading")
    if heading is not None and heading.value.strip():
        where = f" '{fields['id'].value}'" if "id" in fields else ""
        yield heading.start_mark.line + 1, None, heading.value.strip(), [f"heading of section{where}"]


_SITE_FIELDS = {"site_name": "name of the site, shown in the header", "site_description": "site description"}
_TOGGLE_NOTE = "colour-scheme toggle (button tooltip)"
_PERMALINK_NOTE = "title of a heading's permalink"
_FALSE = ("false", "no", "off", "")


def extract_site(
    fileobj: IO[bytes], keywords: Sequence[str], comment_tags: Sequence[str], options: Mapping[str, Any]
) -> Iterator[Extracted]:
    """Babel extractor for ``mkdocs.yml``: the texts of the configuration shown on every page (site name and
    description, colour-scheme toggles, the permalinks' title)."""
    try:
        root = yaml.compose(fileobj.read().decode("utf-8-sig"))
    except yaml.YAMLError:
        return  # MkDocs itself reports a broken configuration, with more context than we could
    if not isinstance(root, yaml.MappingNode):
        return
    for key, value in root.value:
        if key.value in _SITE_FIELDS and isinstance(value, yaml.ScalarNode) and value.value.strip():
            yield value.start_mark.line + 1, None, value.value.strip(), [_SITE_FIELDS[key.value]]
        elif key.value == "theme":
            yield from _palette_toggles(value)
            yield from _theme_interface(value)
        elif key.value == "markdown_extensions":
            yield from _permalink_title(value)


def _items(node: yaml.Node) -> list[yaml.Node]:
    """A sequence's items, or a mapping as one item (``palette`` and ``markdown_extensions`` take both)."""
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return [node] if isinstance(node, yaml.MappingNode) else []


def _field(node: yaml.Node, name: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((value for key, value in node.value if key.value == name), None)
    return None


def _palette_toggles(theme: yaml.Node) -> Iterator[Extracted]:
    palette = _field(theme, "palette")
    for option in _items(palette) if palette is not None else ():
        toggle = _field(option, "toggle")
        name = _field(toggle, "name") if toggle is not None else None
        if isinstance(name, yaml.ScalarNode) and name.value.strip():
            yield name.start_mark.line + 1, None, name.value.strip(), [_TOGGLE_NOTE]


def _theme_interface(theme: yaml.Node) -> Iterator[Extracted]:
    name = _field(theme, "name")
    if isinstance(name, yaml.ScalarNode) and name.value == interface.THEME:
        for key, text in interface.english().items():
            yield name.start_mark.line + 1, None, text, [interface.comment(key)]


def _permalink_title(extensions: yaml.Node) -> Iterator[Extracted]:
    for item in _items(extensions):
        toc = _field(item, "toc")
        permalink = _field(toc, "permalink") if toc is not None else None
        if not isinstance(permalink, yaml.ScalarNode) or permalink.value.lower() in _FALSE:
            continue
        title = _field(toc, "permalink_title")
        if isinstance(title, yaml.ScalarNode) and title.value.strip():
            yield title.start_mark.line + 1, None, title.value.strip(), [_PERMALINK_NOTE]
        else:
            yield permalink.start_mark.line + 1, None, interface.DEFAULT_PERMALINK_TITLE, [_PERMALINK_NOTE]


_COMMENT_NOTE = "comment in the example code; keep `code` spans, write plain text"


def extract_examples(
    fileobj: IO[bytes], keywords: Sequence[str], comment_tags: Sequence[str], options: Mapping[str, Any]
) -> Iterator[Extracted]:
    """Babel extractor for a lesson's example code: its ``_()`` literals, then its comments.

    The code is checked first, as the build checks it: Babel's tokenizer stops at a syntax error with a
    traceback naming no file, and takes ``_(f"...")`` in silence. The literals are those the build
    translates, found by the same parser (not Babel's tokenizer, which reads an f-string as one string before
    Python 3.12 and as its parts after: the catalogs differed with the Python that wrote them).
    """
    text = fileobj.read().decode("utf-8-sig")
    source = parse_examples(text, Path(getattr(fileobj, "name", "examples.py")))
    lines = text.splitlines()
    for line, message in message_lines(source):
        yield line, TRANSLATE, message, _notes_above(lines, line, comment_tags)
    for line, one, many in plural_lines(source):
        if TRANSLATE_PLURAL not in keywords:  # Babel would stop with a KeyError naming nothing
            raise ExampleError(
                f"{TRANSLATE_PLURAL}() is not extracted: write {TRANSLATE_PLURAL}:1,2 in the keywords of the "
                f"examples' section of {MAPPING_FILE} (keywords = _ {TRANSLATE_PLURAL}:1,2)",
                path=source.path,
                line=line,
            )
        yield line, TRANSLATE_PLURAL, (one, many), _notes_above(lines, line, comment_tags)
    for line, text in code_comments(source):
        yield line, None, text, [_COMMENT_NOTE]


def _notes_above(lines: Sequence[str], line: int, tags: Sequence[str]) -> list[str]:
    """The comment lines right above ``line`` (1-based), from the first that starts with one of ``tags``
    ("Translators:") on, as Babel's Python extractor attaches them to the string on that line: a note on
    "loss" ("as in machine learning") reached the translator."""
    above: list[str] = []
    index = line - 2
    while index >= 0 and lines[index].lstrip().startswith("#"):
        above.insert(0, lines[index].lstrip().lstrip("#").strip())
        index -= 1
    start = next((i for i, comment in enumerate(above) if comment.startswith(tuple(tags))), len(above))
    return above[start:]


def extract_guide(
    fileobj: IO[bytes], keywords: Sequence[str], comment_tags: Sequence[str], options: Mapping[str, Any]
) -> Iterator[Extracted]:
    """Babel extractor for guide Markdown: headings, paragraphs and list items, never code."""
    text = fileobj.read().decode("utf-8-sig")
    for block in guide_blocks(text):
        if block.message:
            note = f"guide {block.kind}; keep `code` spans, write plain text (no Markdown or HTML)"
            yield block.line, None, block.message, [note]


# -- the template -------------------------------------------------------------------------------------------


def _files_under(root: Path, method_map: Sequence[tuple[str, str]]) -> Iterator[str]:
    """Every file under ``root`` as Babel's ``extract_from_dir`` walks it (no folder whose name starts with
    "." or "_", nor one the mapping ignores), but through symbolic links to folders too: a lesson folder
    linked into docs/lessons was built and not extracted, and 'coursegen messages' made its translations
    obsolete."""
    for path in files_under(root, lambda folder: _walked(folder, root, method_map)):
        yield path.as_posix()


def _walked(folder: Path, root: Path, method_map: Sequence[tuple[str, str]]) -> bool:
    if folder.name.startswith((".", "_")):
        return False
    relative = folder.relative_to(root).as_posix()
    return not any(method == "ignore" and pathmatch(pattern, relative) for pattern, method in method_map)


def _read_mapping(mapping: Path) -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    """``babel.cfg``'s patterns, each with its extraction method, and their options."""
    try:
        with mapping.open(encoding="utf-8-sig") as handle:
            method_map, options_map = parse_mapping_cfg(handle, str(mapping))
    except FileNotFoundError:
        raise CoursegenError("extraction mapping not found", path=mapping) from None
    except configparser.MissingSectionHeaderError as exc:
        reason = f"malformed extraction mapping: a line before any [section]: {exc.line.strip()!r}"
        raise CoursegenError(reason, path=mapping, line=exc.lineno) from None
    except configparser.ParsingError as exc:
        line, text = exc.errors[0] if exc.errors else (None, "''")
        # configparser keeps the line as its repr.
        shown = repr(ast.literal_eval(text).strip()) if text[:1] in "'\"" else repr(text)
        reason = f"malformed extraction mapping: a line that is no 'key = value': {shown}"
        raise CoursegenError(reason, path=mapping, line=line) from None
    except (configparser.Error, UnicodeDecodeError) as exc:
        reason = " ".join(str(exc).split())
        raise CoursegenError(f"malformed extraction mapping: {reason}", path=mapping) from None
    except ValueError as exc:  # a section without files, or keywords, which Babel reads with the file
        raise _bad_section(mapping) or _bad_keywords(mapping, exc) from None
    for _pattern, method in method_map:
        problem = _extractor_problem(method)
        if problem is not None:
            reason = f"malformed extraction mapping: {problem}"
            raise CoursegenError(reason, path=mapping, line=_method_line(mapping, method))
    _check_plural_keywords(mapping, options_map)
    return method_map, options_map


def _check_plural_keywords(mapping: Path, options_map: Mapping[str, Mapping[str, str]]) -> None:
    """``ngettext`` as a keyword without its two forms (``keywords = _ ngettext``) made every plural entry a
    singular one at the next update, and the translators' other forms were lost: refused. Read as Babel reads
    the file (``keywords:``, a value over several lines), named at its section."""
    for pattern, options in options_map.items():
        value = options.get("keywords", "")
        keywords = value if isinstance(value, dict) else parse_keywords(str(value).split())
        spec = keywords.get(TRANSLATE_PLURAL, (1, 2))
        if spec != (1, 2) and not (isinstance(spec, dict) and set(spec.values()) == {(1, 2)}):
            reason = (
                f"malformed extraction mapping: the keywords of [{pattern}]: {TRANSLATE_PLURAL} takes two "
                f"forms, write it {TRANSLATE_PLURAL}:1,2"
            )
            raise CoursegenError(reason, path=mapping, line=_section_line(mapping, pattern))


def _section_line(mapping: Path, pattern: str) -> int | None:
    """The line of ``mapping``'s section for ``pattern`` (``[examples: docs/lessons/*/examples.py]``)."""
    for number, line in enumerate(mapping.read_text(encoding="utf-8-sig").splitlines(), start=1):
        name = line.strip()
        if name.startswith("[") and name.endswith("]") and name[1:-1].partition(":")[2].strip() == pattern:
            return number
    return None


#: The extraction methods Babel has of its own.
_BUILTIN_METHODS = frozenset({"ignore", "python", "javascript"})


def _extractor_problem(method: str) -> str | None:
    """Why the extraction ``method`` (``module:function`` for an extractor) cannot be called, if so."""
    if method in _BUILTIN_METHODS:
        return None
    module_name, colon, function = method.partition(":")
    if not colon:
        if "." in method:
            return f"extractor '{method}': write it as 'module:function'"
        return f"unknown extraction method '{method}' (extractors are 'module:function')"
    if not module_name or not function:
        return f"extractor '{method}': write it as 'module:function'"
    try:
        module = importlib.import_module(module_name)
    except (ImportError, ValueError, TypeError):
        return f"no module '{module_name}' (extractors are 'module:function')"
    if not callable(getattr(module, function, None)):
        return f"module '{module_name}' has no function '{function}'"
    return None


def _method_line(mapping: Path, method: str) -> int | None:
    """The line of ``mapping`` that names ``method``: an [extractors] entry's value, else a section's."""
    lines = mapping.read_text(encoding="utf-8-sig").splitlines()
    for number, line in enumerate(lines, start=1):
        if "=" in line and line.partition("=")[2].strip() == method:
            return number
    return next((n for n, line in enumerate(lines, start=1) if line.strip().startswith(f"[{method}")), None)


_SECTION_WITHOUT_FILES = re.compile(r"^\[([^\]:]*)\]\s*$")


def _bad_section(mapping: Path) -> CoursegenError | None:
    """A section of ``mapping`` that names no files (``[guide]`` for ``[guide: docs/guides/*.md]``)."""
    for number, line in enumerate(mapping.read_text(encoding="utf-8-sig").splitlines(), start=1):
        found = _SECTION_WITHOUT_FILES.match(line.strip())
        name = found.group(1).strip() if found else "extractors"
        if name != "extractors":
            reason = f"malformed extraction mapping: section [{name}] names no files"
            return CoursegenError(f"{reason}: write it as [method: pattern]", path=mapping, line=number)
    return None


def _bad_keywords(mapping: Path, exc: ValueError) -> CoursegenError:
    """The error of the first ``keywords`` option of ``mapping`` that Babel cannot read (``exc``, Babel's
    error, when none is)."""
    lines = mapping.read_text(encoding="utf-8-sig").splitlines()
    for number, line in enumerate(lines, start=1):
        name, equals, value = line.partition("=")
        if not equals or name.strip() != "keywords":
            continue
        try:
            parse_keywords(value.split())
        except ValueError:
            reason = (
                f"malformed extraction mapping: keywords '{value.strip()}': each is a name, or a name and "
                "the positions of its arguments (ngettext:1,2)"
            )
            return CoursegenError(reason, path=mapping, line=number)
    return CoursegenError(f"malformed extraction mapping: {' '.join(str(exc).split())}", path=mapping)


def unextracted(root: Path, lessons: Iterable[Lesson], mapping: Path | None = None) -> list[Path]:
    """The files the build reads the lessons' strings from (outlines and examples) that the mapping extracts
    nothing from. An examples file renamed in lesson.yml, or a lessons folder moved in mkdocs.yml, was built
    as before, but 'coursegen messages' no longer found its strings, and made their translations obsolete
    in every catalog: every language's plots and headings went back to English."""
    method_map, _options = _read_mapping(mapping or root / MAPPING_FILE)
    files = [path for lesson in lessons for path in (lesson.root / OUTLINE_FILE, lesson.examples) if path]

    def extracted(path: Path) -> bool:
        relative = Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root))).as_posix()
        if relative.startswith("../"):
            return False
        method = next((method for pattern, method in method_map if pathmatch(pattern, relative)), "ignore")
        return method != "ignore"

    return [path for path in files if not extracted(path)]


def unextracted_reason(missed: Sequence[Path], root: Path) -> str:
    """What to do about the files :func:`unextracted` found."""
    shown = ", ".join(Path(os.path.relpath(path, root)).as_posix() for path in missed)
    return (
        f"the lessons are built from {shown}, which no section extracts: add a pattern that matches "
        f"{'them' if len(missed) > 1 else 'it'}, or 'coursegen messages' would make the translations of "
        "their strings obsolete"
    )


def extract_template(root: Path, mapping: Path | None = None) -> Catalog:
    """A fresh template of every message under ``root`` that ``babel.cfg`` points at."""
    mapping = mapping or root / MAPPING_FILE
    method_map, options_map = _read_mapping(mapping)
    catalog = Catalog(
        project="coursegen",
        version=__version__,
        copyright_holder="the coursegen authors",
        header_comment=HEADER_COMMENT,
        charset="utf-8",
    )
    reading: list[str] = [""]  # the file being read, for an error in it

    def files() -> Iterator[str]:
        for path in _files_under(root, method_map):
            reading[0] = path
            yield path

    found = (
        message
        for path in files()
        for message in check_and_call_extract_file(
            path,
            method_map,
            options_map,
            callback=None,
            keywords={},  # every mapping section names its own keywords
            comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
            dirpath=str(root),
        )
    )
    try:
        for filename, lineno, message, comments, context in found:
            catalog.add(
                message,
                None,
                [(Path(filename).as_posix(), lineno)],
                auto_comments=comments,
                context=context,
            )
    except CoursegenError:
        raise
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8 (byte 0x{exc.object[exc.start]:02x}): save the file as UTF-8"
        raise CoursegenError(reason, path=root / reading[0]) from None
    except SyntaxError as exc:
        raise CoursegenError(f"cannot extract messages: {exc}", path=root / reading[0]) from None
    except AttributeError as exc:  # an [extractors] entry naming a function its module does not have
        raise CoursegenError(f"malformed extraction mapping: {exc}", path=mapping) from None
    # The mapping asks for coursegen's own strings, and this course has not its sources: the installed copy's.
    asked = [pattern for pattern, method in method_map if method == "python" and _ENGINE_DIR.name in pattern]
    read = (_is_engine_file(filename) for message in catalog for filename, _line in message.locations)
    if asked and not any(read):
        _add_engine_messages(catalog, options_map[asked[0]].get("keywords", {}))
    log.info("extracted %d messages", len(catalog))
    return catalog


#: Where the engine's interface strings are.
_ENGINE_DIR = Path(__file__).resolve().parent


def _is_engine_file(filename: str) -> bool:
    """Whether ``filename`` (as extracted) is a module of coursegen: of this installed copy or of its sources
    in a checkout (src/coursegen/pages.py)."""
    path = Path(filename)
    return path.parent.name == _ENGINE_DIR.name and (_ENGINE_DIR / path.name).is_file()


def _add_engine_messages(catalog: Catalog, keywords: Mapping[str, Any]) -> None:
    """The interface strings of the installed coursegen, marked by ``keywords`` (as the mapping's section for
    them names them), for a course that is not coursegen's own folder: its babel.cfg (copied from
    coursegen's) names them under src/coursegen/, which such a course has not, and 'coursegen messages' made
    all of them obsolete in every catalog (English buttons on every page)."""
    from babel.messages.extract import extract_from_file

    for path in sorted(_ENGINE_DIR.glob("*.py")):
        where = f"{_ENGINE_DIR.name}/{path.name}"
        found = extract_from_file(
            "python", str(path), keywords=keywords, comment_tags=COMMENT_TAGS, strip_comment_tags=True
        )
        for lineno, message, comments, context in found:
            catalog.add(message, None, [(where, lineno)], auto_comments=comments, context=context)


_DATE_LINE = re.compile(rb'^"(?:%s): [^"]*\\n"\n' % "|".join(DATE_FIELDS).encode(), re.MULTILINE)


def same_but_dates(old: bytes, new: bytes) -> bool:
    """Whether two rendered catalogs differ at most in their creation and revision dates.

    >>> a = b'"POT-Creation-Date: 2024-01-01 10:00+0000\\\\n"\\nmsgid "x"\\n'
    >>> same_but_dates(a, a.replace(b"2024", b"2025")), same_but_dates(a, a + b'msgstr ""\\n')
    (True, False)
    """
    return _DATE_LINE.sub(b"", old) == _DATE_LINE.sub(b"", new)


def _planned(path: Path, data: bytes) -> bytes | None:
    """``data`` as it is to replace ``path``: in the line endings the file has (a translator's Windows editor
    wrote CRLF, and rewritten with LF every line of the catalog changed in the translators' repository);
    None when the file holds it already, dates aside. The file is read once."""
    if not path.is_file():
        return data
    current = path.read_bytes()
    text = current.removeprefix(codecs.BOM_UTF8).replace(b"\r\n", b"\n")
    if same_but_dates(text, data):
        return None
    # Laid out by another tool (msgcat, msgmerge and Poedit wrap at 79 columns, coursegen at 76): what did
    # not change stays as the tool wrote it, or each refresh and each save by the tool rewrote hundreds of
    # lines.
    before = render_catalog(read_catalog(path))
    if not same_but_dates(text, before):
        kept = keep_layout(text.decode("utf-8"), before.decode("utf-8"), data.decode("utf-8"))
        if kept is not None:
            if kept.encode("utf-8") == text:
                return None
            data = kept.encode("utf-8")
    return data.replace(b"\n", b"\r\n") if b"\r\n" in current[:4096] else data


# -- the catalogs -------------------------------------------------------------------------------------------


def init_catalog(template_path: Path, code: str) -> Catalog:
    """A new, empty catalog of locale ``code`` from the template (``pybabel init``), plural forms included.

    The catalog is built afresh for the locale rather than by relabelling the template, so that its
    ``Plural-Forms`` and the number of ``msgstr[n]`` of every plural entry are the locale's own.
    """
    locale = parse_locale(code)
    template = read_catalog(template_path)
    catalog = Catalog(
        locale=locale,
        domain=template.domain,
        header_comment=(
            f"# {locale.english_name} translations of coursegen: interface, lessons and guides.\n"
            + HEADER_COMMENT.split("\n", 1)[1]
        ),
        project=template.project,
        version=template.version,
        copyright_holder=template.copyright_holder,
        msgid_bugs_address=template.msgid_bugs_address,
        creation_date=template.creation_date,
        revision_date=dt.datetime.now(dt.UTC).replace(microsecond=0),
        language_team=locale.english_name,
        charset="utf-8",
        fuzzy=False,
    )
    standard = standard_plural_rule(locale)
    if standard is not None:
        catalog.mime_headers = [("Plural-Forms", f"nplurals={standard[0]}; plural={standard[1]};")]
    for message in template:
        if not message.id:
            continue
        catalog.add(
            message.id,
            ("",) * catalog.num_plurals if message.pluralizable else "",
            locations=message.locations,
            flags=message.flags,
            auto_comments=message.auto_comments,
            user_comments=message.user_comments,
            context=message.context,
        )
    _fill_from_source(catalog)
    _fill_from_theme(catalog, code)
    return catalog


def _bytes_now(path: Path) -> bytes | None:
    """The file's bytes now (None: there is none, or it cannot be read, which its reading then tells)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def update_catalog(path: Path, template: Catalog) -> Catalog:
    """The catalog at ``path`` brought in step with ``template`` (``pybabel update``): no translation is lost.

    Translated strings that left the template are kept as obsolete entries (``#~``), where editors offer
    them as suggestions, those Babel made a guess from too (an edited text: reverted, it gets its reviewed
    translation back); obsolete entries without a translation are dropped.
    """
    code = path.parent.parent.name
    catalog = read_catalog(path, locale=parse_locale(code))
    if catalog.locale is None:  # "Language: " left empty by a tool: the folder says which
        catalog.locale = parse_locale(code)
    # The translator's own fuzzy drafts: never replaced by a filled-in text (only Babel's guesses are).
    drafts = {m.id for m in catalog if m.id and m.fuzzy and _has_text(m.string)}
    retired = {key: message for key, message in catalog.obsolete.items() if _has_text(message.string)}
    # The English each fuzzy translation was made from: Babel's update forgets it, or names the text the
    # entry had just before, which nobody translated either.
    made_from = {_key(m): list(m.previous_id) for m in catalog if m.id and m.fuzzy and m.previous_id}
    was_live = {_key(message) for message in catalog if message.id}
    reviewed = {_key(m): copy.deepcopy(m) for m in catalog if m.id and not m.fuzzy and _has_text(m.string)}
    # A copy: Babel's update shares the template's message objects with the catalog, so a translation
    # filled in here would leak into the template and every catalog updated after this one.
    with babel_matches_faster():
        catalog.update(copy.deepcopy(template), update_creation_date=True)
    for message in catalog:
        if not (message.id and message.fuzzy):
            continue
        if not message.previous_id:  # the same entry as before
            message.previous_id = made_from.get(_key(message), [])
            continue
        # Babel's guess: the old entry of the closest text, whose own previous text is the one translated.
        guessed = [made for key, made in made_from.items() if _text(key) == message.previous_id[0]]
        if len(guessed) == 1:
            message.previous_id = guessed[0]
    _keep_matched(catalog, reviewed)
    _restore_returned(catalog, {key: old for key, old in retired.items() if key not in was_live})
    live = {_key(message) for message in catalog if message.id}
    for key in [key for key in catalog.obsolete if key in live]:
        del catalog.obsolete[key]  # kept beside a live entry of the same text, msgfmt refuses the catalog
    for msgid in [key for key, message in catalog.obsolete.items() if not _has_text(message.string)]:
        del catalog.obsolete[msgid]  # an old string nobody translated holds no work worth keeping
    _fill_from_source(catalog, drafts)
    _fill_from_theme(catalog, code, drafts)
    for message in catalog:
        if not message.fuzzy:  # filled in, or reviewed: no English to compare with any more (as msgmerge)
            message.previous_id = []
    return catalog


def _key(message: Message) -> str | tuple[str, str]:
    """The key Babel files ``message`` under: its singular text, with its context if it has one."""
    return (singular(message), message.context) if message.context else singular(message)


def _text(key: str | tuple[str, str]) -> str:
    return key if isinstance(key, str) else key[0]


def _keep_matched(catalog: Catalog, reviewed: Mapping[object, Message]) -> None:
    """Keep as obsolete each reviewed translation whose English left the template and that Babel used for
    its guess at a new string (an edited heading): Babel drops it, and reverting the edit brought the
    translation back fuzzy, as a guess from the edited text, on every page in English until reviewed
    again."""
    now = {_key(message) for message in catalog if message.id} | set(catalog.obsolete)
    for key, old in reviewed.items():
        if key not in now:
            catalog.obsolete[key] = old


def _restore_returned(catalog: Catalog, retired: Mapping[object, Message]) -> None:
    """A string back in the template (a reverted edit, another branch) gets back its obsolete translation,
    as msgmerge gives it; Babel left it untranslated, the translation still in ``#~``, or filled it with its
    guess from another string (the lesson title's translation for a heading), and the old one was lost."""
    for message in catalog:
        old = retired.get(_key(message))
        if old is None or message.pluralizable != old.pluralizable:
            continue
        if _has_text(message.string) and not message.fuzzy:
            continue
        message.string = old.string
        message.flags.discard("fuzzy")
        message.previous_id = []
        if old.fuzzy:
            message.flags.add("fuzzy")
            message.previous_id = list(old.previous_id)
        catalog.obsolete.pop(_key(message), None)


def _fill_from_source(catalog: Catalog, drafts: Collection[object] = ()) -> None:
    """In a catalog of the source language, give each untranslated or fuzzy message its source text.

    The source strings are English, so an English locale (``en``, ``en_GB``) has nothing to translate:
    as GNU ``msginit`` does for English, every translation starts as the source text, and a regional
    variant edits only what it spells differently. A source text that changed replaces the fuzzy old one;
    a fuzzy draft of the translator's (``drafts``) stays.
    """
    if catalog.locale is None or catalog.locale.language != interface.SOURCE_LANGUAGE:
        return
    for message in catalog:
        if not message.id or (_has_text(message.string) and not message.fuzzy) or message.id in drafts:
            continue
        if message.pluralizable:
            singular, plural = message.id
            message.string = tuple(singular if n == 0 else plural for n in range(catalog.num_plurals))
        else:
            message.string = message.id
        message.flags.discard("fuzzy")


def _fill_from_theme(catalog: Catalog, code: str, drafts: Collection[object] = ()) -> None:
    """Give the theme's interface messages that have no translation the theme's own one, when the theme
    has the language: the translator then has nothing left to do there, and may still correct it.

    A fuzzy entry is replaced too: for a new message it holds Babel's guess from a similar msgid
    ("Navigation" got the translation of "iteration"), which the theme's translation beats; a fuzzy draft
    of the translator's (``drafts``) stays.
    """
    language = theme_language(locale_info(code), interface.theme_languages())
    unused = {
        m.id
        for m in catalog
        if isinstance(m.id, str) and m.id and m.id not in drafts and (m.fuzzy or not _has_text(m.string))
    }
    for msgid, text in interface.prefill(unused, language).items():
        message = catalog[msgid]
        if message is not None:
            message.string = text
            message.flags.discard("fuzzy")
            message.previous_id = []


def _has_text(string: str | tuple[str, ...]) -> bool:
    return any(string) if isinstance(string, tuple | list) else bool(string)


@dataclass(frozen=True)
class MessagesResult:
    """What ``coursegen messages`` did: was the template rewritten, and each catalog's fate."""

    template: Path
    template_changed: bool
    catalogs: tuple[tuple[Path, str], ...]


def update_messages(
    root: Path,
    locales_dir: Path,
    mapping: Path | None = None,
    lessons: Iterable[Lesson] = (),
    allow_links_out: bool = False,
) -> MessagesResult:
    """Extract the template, then update (or create) the catalog of every locale folder.

    Every existing catalog is read and updated in memory before anything is written, so a catalog that
    does not parse stops the command with nothing changed on disk; so does a file of the ``lessons`` that
    the mapping does not extract (:func:`unextracted`), and, unless ``allow_links_out`` (the site's setting),
    a catalog or template that is a link out of the locales folder.
    """
    if not locales_dir.is_dir():
        raise CatalogError("locales folder not found", path=locales_dir)
    missed = unextracted(root, lessons, mapping)
    if missed:
        reason = unextracted_reason(missed, root) + "; nothing was changed"
        raise CatalogError(reason, path=mapping or root / MAPPING_FILE)
    template_path = locales_dir / TEMPLATE_NAME
    template = extract_template(root, mapping)
    if template_path.is_file():
        old = read_catalog(template_path)
        if same_but_dates(render_catalog(old), render_catalog(template)):
            template.creation_date = old.creation_date
    paths = [catalog_path(locales_dir, folder.name) for folder in locale_folders(locales_dir)]
    if not allow_links_out:
        refuse_writing_out((template_path, *paths), locales_dir, "coursegen messages", CatalogError)
    for path in (template_path, *paths):
        if path.exists() and not path.is_file():
            # Taken for a catalog to create, it failed after the others had been written.
            raise CatalogError(
                "a folder, not a catalog: remove it, or move the catalog in its place", path=path
            )
        if path.is_symlink() and not path.exists():
            # Taken for a catalog to create, it was written where the link points, outside the project.
            target = os.path.realpath(path)
            raise CatalogError(
                f"a link to {target}, which does not exist: restore that file, or remove the link", path=path
            )
    # As read, before anything is merged: a translator's save while the catalogs are merged (a second or
    # more) was overwritten, and the command said "updated".
    read = {path: _bytes_now(path) for path in (template_path, *paths)}
    updated = {path: render_catalog(update_catalog(path, template)) for path in paths if path.is_file()}
    # What each file is to become (None: it stays), the template's and the existing catalogs'.
    planned = {
        path: _planned(path, data)
        for path, data in [(template_path, render_catalog(template)), *updated.items()]
    }
    # A catalog that cannot be written (a read-only folder) stops the command before the template is; one
    # to create (not in ``planned``) is written too.
    unwritable = [
        path
        for path in (template_path, *paths)
        if (path not in planned or planned[path] is not None) and not writable(path)
    ]
    if unwritable:
        reason = "cannot be written (no permission, or a read-only disk); nothing was changed"
        raise CatalogError(reason, path=unwritable[0])
    saved = [path for path in (template_path, *paths) if _bytes_now(path) != read[path]]
    if saved:
        reason = "saved while `coursegen messages` merged it; nothing was changed: run it again"
        raise CatalogError(reason, path=saved[0])
    for path, data in planned.items():
        if data is not None:
            write_atomic(path, data)
    changed = planned[template_path] is not None
    outcomes: list[tuple[Path, str]] = []
    for path in paths:
        if path in updated:
            status = "unchanged" if planned[path] is None else "updated"
        else:
            write_atomic(path, render_catalog(init_catalog(template_path, path.parent.parent.name)))
            status = "created"
        log.info("%s: %s", path, status)
        outcomes.append((path, status))
    return MessagesResult(template_path, changed, tuple(outcomes))
