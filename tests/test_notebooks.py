import dataclasses
import io
import json
import warnings
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from matplotlib import font_manager
from matplotlib import pyplot as plt
from nbclient import NotebookClient

from coursegen.catalogs import English
from coursegen.driver import LocaleStrings
from coursegen.examples import code_comments, load_examples, messages, parse_examples
from coursegen.lessons import Lesson, Section
from coursegen.notebooks import KEPT_NOTE, build_notebook, escape_markdown, notebook_archive, preamble

FIXTURES = Path(__file__).parent / "fixtures" / "examples"
HOSTILE = '""" \' \\ $x^2$ \n </script> ${}'
# The page's translated title and sections (id, heading, text), with Markdown and HTML that must stay text.
TITLE = "Titre # 1"
SECTIONS = [
    ("intro", "Intro <b>", "Some *text* with <script>alert(1)</script>\n\n1. not a list\n- nor this"),
    ("plot", "Le tracé", "About $x$."),
    ("end", "Fin", ""),
]


@pytest.fixture(scope="module")
def source():
    return load_examples(FIXTURES / "basic.py")


@pytest.fixture(scope="module")
def locale(source):
    # Translations of messages used with .format() keep their placeholders; the others are hostile.
    ids = messages(source)
    return LocaleStrings("fr", {m: m if "{" in m else HOSTILE + m for m in ids}, ",", ["Noto Sans CJK TC"])


@pytest.fixture(scope="module")
def lesson():
    sections = (
        Section("intro", "Intro"),
        Section("plot", "Plot", "curves"),
        Section("end", "End", "counter"),
    )
    return Lesson("fixture", "Fixture", FIXTURES, sections, examples=FIXTURES / "basic.py")


@pytest.fixture(scope="module")
def notebook(lesson, source, locale):
    return build_notebook(lesson, TITLE, SECTIONS, source, locale)


def test_layout_title_preamble_sections_and_code(notebook):
    kinds = [(cell.cell_type, cell.source.splitlines()[0]) for cell in notebook.cells]
    assert kinds[0] == ("markdown", "# Titre \\# 1")
    assert kinds[1] == ("code", "import json")
    assert kinds[2] == ("markdown", "## Intro &lt;b&gt;")
    # The unnamed "setup" block comes before "curves", the block the second section names.
    assert kinds[3] == ("markdown", "## Le tracé")
    codes = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert len(codes) == 1 + 6
    assert codes[1].startswith("import numpy as np")
    assert notebook.metadata["kernelspec"]["name"] == "python3"


def test_the_course_line_and_the_title_are_the_notebook_s_as_the_page_s(lesson, source, locale):
    """The page's line naming the course was the one paragraph of the page missing from the notebook, and
    nbconvert titled the notebook's page with its file name."""
    notebook = build_notebook(lesson, TITLE, SECTIONS, source, locale, course="Cours <b>*3*</b>")
    assert notebook.cells[0].source.splitlines() == ["# Titre \\# 1", "", "Cours &lt;b&gt;\\*3\\*&lt;/b&gt;"]
    assert notebook.metadata["title"] == TITLE
    assert build_notebook(lesson, TITLE, SECTIONS, source, locale).cells[0].source == "# Titre \\# 1"


def test_same_lesson_gives_the_same_notebook(lesson, source, locale, notebook):
    """Cell ids are part of the file: drawn at random, every build would publish a different notebook."""
    again = build_notebook(lesson, TITLE, SECTIONS, source, locale)
    assert nbformat.writes(again) == nbformat.writes(notebook)
    nbformat.validate(again)
    assert len({cell["id"] for cell in again.cells}) == len(again.cells)


def test_transcript_text_is_escaped(notebook):
    intro = notebook.cells[2].source
    assert "<script>" not in intro and "&lt;script&gt;" in intro
    assert "\\*text\\*" in intro and "1\\. not a list" in intro and "\\- nor this" in intro
    assert "<span>&#36;</span>x<span>&#36;</span>" in notebook.cells[3].source


def test_no_coursegen_import(notebook):
    assert not any("coursegen" in cell.source for cell in notebook.cells if cell.cell_type == "code")


def test_preamble_keeps_translations_as_data(source, locale):
    namespace: dict = {}
    exec(preamble(source, locale), namespace)
    assert namespace["_"]("tanh") == HOSTILE + "tanh"
    assert namespace["_"]("unknown $") == "unknown $"
    assert namespace["plt"].rcParams["text.parse_math"] is True  # a log axis's ticks are math
    assert namespace["fmt"](1234.5, ",.1f") == "1\u202f234,5"
    assert namespace["plt"].rcParams["font.family"] == ["Noto Sans CJK TC", "sans-serif"]


def test_preamble_replaces_fonts_the_learner_has_not_installed(source):
    """The page was drawn with the build machine's fonts; a learner without them (Windows has "Malgun
    Gothic", not "Noto Sans CJK KR") must still see Hangul, and no warning at every label."""
    korean = {m: m if "{" in m else f"한글 {m} 가중치" for m in messages(source)}
    locale = LocaleStrings("ko", korean, ".", ("No Such Font KR", "DejaVu Sans", "sans-serif"))
    namespace: dict = {}
    with plt.rc_context():
        exec(preamble(source, locale), namespace)
        families = list(plt.rcParams["font.family"])
        fig, ax = plt.subplots()
        ax.set_title(namespace["_"]("Activation"))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)
    assert families[0] == "DejaVu Sans" and families[-1] == "sans-serif"
    assert "No Such Font KR" not in families and len(families) == 3
    drawn = font_manager.get_font(font_manager.findfont(families[1], fallback_to_default=False))
    assert all(drawn.get_char_index(ord(char)) for char in "한글가중치")
    assert not [str(w.message) for w in caught]


def test_letters_no_installed_font_draws_get_one_line_of_advice(source, capsys):
    """A learner without a font for the language saw boxes and a warning per letter and plot (240 for the
    lesson), and no word of what to do."""
    undrawn = "\U0001e290\U0001e291\U0001e292"  # Toto (Unicode 14): newer than every packaged Noto font
    texts = {m: m if "{" in m else f"{undrawn} {m}" for m in messages(source)}
    locale = LocaleStrings("el", texts, ".", ("DejaVu Sans", "sans-serif"))
    advice = "Police manquante : {letters}{fonts:.0}"
    namespace: dict = {}
    with plt.rc_context(), warnings.catch_warnings():
        exec(preamble(source, locale, advice), namespace)
        assert capsys.readouterr().out == f"Police manquante : {undrawn}\n"
        fig, ax = plt.subplots()
        ax.set_title(namespace["_"]("Activation"))
        with warnings.catch_warnings(record=True) as caught:
            fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)
    assert not [str(w.message) for w in caught if "missing from" in str(w.message)]
    # Where every letter is drawn, nothing is said.
    namespace = {}
    with plt.rc_context(), warnings.catch_warnings():
        exec(preamble(source, LocaleStrings("fr", {}, ",", ("DejaVu Sans",)), advice), namespace)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    ("code", "word", "told"), [("ar", "الوحدة", True), ("zh-Hant", "權重", True), ("fr", "poids", False)]
)
def test_a_matplotlib_that_draws_the_labels_wrong_is_named_with_what_to_do(
    source, capsys, monkeypatch, code: str, word: str, told: bool
) -> None:
    """With matplotlib 3.10 (Colab's, most Jupyter installations'), Arabic labels were drawn letter by letter
    left to right, Devanagari conjuncts broken, Chinese in Japanese shapes: the notebook said nothing."""
    import matplotlib

    texts = {m: m if "{" in m else f"{word} {m}" for m in messages(source)}
    locale = LocaleStrings(code, texts, ".", ("DejaVu Sans", "sans-serif"))
    monkeypatch.setattr(matplotlib, "__version__", "3.10.7")
    with plt.rc_context(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(preamble(source, locale, shaping="matplotlib {version}: upgrade"), {})
    said = capsys.readouterr().out
    assert ("matplotlib 3.10.7: upgrade\n" in said) == told
    monkeypatch.setattr(matplotlib, "__version__", "3.11.0rc1")
    with plt.rc_context(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(preamble(source, locale, shaping="matplotlib {version}: upgrade"), {})
    assert "upgrade" not in capsys.readouterr().out


def test_a_font_installed_after_matplotlib_listed_the_fonts_is_found_when_the_cell_runs_again(source, capsys):
    """Told to install a font, then run this cell again, the learner who did so saw the same advice and
    boxes, even after restarting the kernel: matplotlib lists the fonts once and keeps the list on disk."""
    korean = {m: m if "{" in m else f"한글 {m} 가중치" for m in messages(source)}
    locale = LocaleStrings("ko", korean, ".", ("Noto Sans CJK KR", "DejaVu Sans", "sans-serif"))
    listed = font_manager.fontManager.ttflist
    hangul = [entry for entry in listed if "CJK" in entry.name]
    assert hangul, "the test needs an installed CJK font (fonts-noto-cjk)"
    font_manager.fontManager.ttflist = [entry for entry in listed if "CJK" not in entry.name]
    font_manager.fontManager._findfont_cached.cache_clear()
    namespace: dict = {}
    try:
        with plt.rc_context(), warnings.catch_warnings():
            exec(preamble(source, locale, "{letters} / {fonts}"), namespace)
            families = list(plt.rcParams["font.family"])
    finally:
        font_manager.fontManager.ttflist = listed
        font_manager.fontManager._findfont_cached.cache_clear()
    assert capsys.readouterr().out == ""
    assert any("CJK" in family for family in families), families


@pytest.mark.parametrize(("code", "region"), [("zh-Hans", "SC"), ("zh-Hant", "TC"), ("zh-Hant-HK", "HK")])
def test_where_the_page_s_font_is_missing_the_notebook_takes_its_region_s(source, code, region):
    """Without "Noto Sans CJK SC", the notebook took the first Chinese font by name: with the Noto fonts as
    Google Fonts names them (Noto Sans HK, SC, TC), Hong Kong's glyphs in Simplified and Taiwan plots."""
    chinese = {m: m if "{" in m else f"权重 權重 {m}" for m in messages(source)}
    locale = LocaleStrings(code, chinese, ".", ("Noto Sans CJK SC", "DejaVu Sans", "sans-serif"))
    listed = font_manager.fontManager.ttflist
    cjk = next((entry for entry in listed if entry.name == "Noto Sans CJK SC"), None)
    assert cjk, "the test needs an installed CJK font (fonts-noto-cjk)"
    renamed = [dataclasses.replace(cjk, name=f"Noto Sans {cut}") for cut in ("HK", "SC", "TC")]
    font_manager.fontManager.ttflist = [entry for entry in listed if "CJK" not in entry.name] + renamed
    font_manager.fontManager._findfont_cached.cache_clear()
    try:
        with plt.rc_context(), warnings.catch_warnings():
            exec(preamble(source, locale, "{letters} / {fonts}"), {})
            families = list(plt.rcParams["font.family"])
    finally:
        font_manager.fontManager.ttflist = listed
        font_manager.fontManager._findfont_cached.cache_clear()
    assert f"Noto Sans {region}" in families and len([f for f in families if "Noto Sans" in f]) == 1, families


def test_the_advice_names_the_fonts_that_drew_the_page(source, capsys):
    undrawn = "\U0001e290"  # Toto: in no packaged font
    texts = {m: m if "{" in m else f"{undrawn} {m}" for m in messages(source)}
    locale = LocaleStrings("el", texts, ".", ("Noto Sans Toto", "DejaVu Sans", "sans-serif"))
    with plt.rc_context(), warnings.catch_warnings():
        exec(preamble(source, locale, "{letters} / {fonts}"), {})
    assert capsys.readouterr().out == f"{undrawn} / Noto Sans Toto, DejaVu Sans\n"


def test_runs_top_to_bottom_in_a_fresh_kernel(notebook):
    executed = nbformat.from_dict(json.loads(json.dumps(notebook)))
    NotebookClient(executed, kernel_name="python3", timeout=120).execute()
    outputs = [o for cell in executed.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "Sum of absolute weights: 0,0190" in text and "Steps so far: 4" in text
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2


def test_a_learner_s_cell_that_takes_the_name_of_the_translations_gives_it_back(lesson, source, locale):
    """``for _ in range(3)`` or ``_ = plt.hist(...)`` in a learner's cell replaced the translation function:
    every later example failed with "'int' object is not callable", naming no cause."""
    comments = {KEPT_NOTE: "« _ » traduit : rendu."}
    notebook = build_notebook(lesson, TITLE, SECTIONS, source, locale, comments)
    executed = nbformat.from_dict(json.loads(json.dumps(notebook)))
    executed.cells.insert(2, nbformat.v4.new_code_cell("for _ in range(3):\n    pass"))
    executed.cells.insert(3, nbformat.v4.new_code_cell("_ = 5"))
    NotebookClient(executed, kernel_name="python3", timeout=120).execute()
    outputs = [o for cell in executed.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    said = ["".join(o.get("text", "") for o in cell.outputs) for cell in executed.cells[2:4]]
    assert said == ["« _ » traduit : rendu.\n", ""], "said once"
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "Sum of absolute weights: 0,0190" in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a <b> & c", "a &lt;b&gt; &amp; c"),
        ("# no heading", "\\# no heading"),
        ("`x` _y_", "\\`x\\` \\_y\\_"),
        ("a\x1b[2Jb\x07", "a\ufffd\\[2Jb\ufffd"),
    ],
)
def test_escape_markdown(text, expected):
    assert escape_markdown(text) == expected


class _Shown(HTMLParser):
    """The text a Markdown cell shows, the web addresses it links, and each "$" or "\\" that stands in the
    page next to other text (MathJax, which typesets Jupyter's rendered cell, reads such text as math)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self.loose: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [value or "" for name, value in attrs if tag == "a" and name == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if data not in ("$", "\\") and ("$" in data or "\\" in data):
            self.loose.append(data)


def _shown(markdown: str) -> _Shown:
    """Rendered as VS Code and Jupyter read cells (CommonMark, raw HTML on)."""
    shown = _Shown()
    shown.feed(MarkdownIt("commonmark", {"html": True}).render(markdown))
    return shown


@pytest.mark.parametrize(
    "text",
    [
        "Un GPU coûte $500 et un CPU $200.",
        "Le chemin C:\\Users\\$USER et \\(x\\) puis \\ref{fig}, $$a$$ et \\begin{align}b\\end{align}.",
        "`$foo` and $bar, **gras**, _sous_, [lien](http://x.org), ![img](y.png), <b>&amp;</b>",
        "\u3000Début d'un paragraphe\u00a0: fin",
    ],
)
def test_notebook_text_shows_as_typed_with_no_math_to_find(text):
    """Two prices on a line were typeset as math in JupyterLab: "\\$" is turned back into "$" by its
    Markdown before MathJax reads the page."""
    markdown = escape_markdown(text)
    # Jupyter's removeMath starts math at "$" or at two backslashes ("\\\\(" in Markdown's source).
    assert "$" not in markdown and "\\\\" not in markdown
    shown = _shown(markdown)
    assert "".join(shown.text).strip("\n") == text and not shown.loose


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "Voir https://fr.wikipedia.org/wiki/Fonction_d'activation.",
            "https://fr.wikipedia.org/wiki/Fonction_d'activation",
        ),
        (
            "(see https://fr.wikipedia.org/wiki/Réseau_(x)) ok",
            "https://fr.wikipedia.org/wiki/R%C3%A9seau_(x)",
        ),
        ("见 https://example.org/a。下一句", "https://example.org/a"),
        ("Voir https://example.org/?item=5&qty=2.", "https://example.org/?item=5&qty=2"),
        ("「https://x.org/s」と（https://x.org/t）", "https://x.org/s"),
    ],
)
def test_web_addresses_in_notebook_text_link_to_themselves(text, address):
    """Escapes inside an address were taken into the link by autolinks (a 404) and shown."""
    shown = _shown(escape_markdown(text))
    assert "".join(shown.text).strip("\n") == text and shown.links[0] == address


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab $\\`*_{}[]()#+!|~&<>-=.:/1\n\u3000")), max_size=60))
def test_any_notebook_text_shows_as_typed(text):
    shown = _shown(escape_markdown(text))
    assert not shown.loose
    assert "".join("".join(shown.text).split()) == "".join(text.split())


def test_the_code_s_comments_are_in_the_notebook_s_language(lesson, source, locale):
    """Comments of code cells are messages; those of the markdown cells (the author's notes) are not."""
    found = code_comments(source)
    assert found and not any(text.startswith("Fixture examples") for _line, text in found)
    line, first = found[0]
    assert f"# {first}" in source.text.splitlines()[line - 1]
    translated = build_notebook(lesson, TITLE, SECTIONS, source, locale, {first: "Commentaire traduit"})
    code = "".join(cell.source for cell in translated.cells if cell.cell_type == "code")
    assert "# Commentaire traduit" in code and f"# {first}" not in code


def test_the_first_cell_s_comments_are_catalog_messages_in_the_notebook_s_language(lesson, source, locale):
    import ast

    from coursegen.comments import find_comments
    from coursegen.notebooks import PREAMBLE_COMMENTS

    code = preamble(source, locale)
    assert {comment.text for comment in find_comments(code)} == set(PREAMBLE_COMMENTS)
    table = {text: f"{HOSTILE} traduit {number}" for number, text in enumerate(PREAMBLE_COMMENTS)}
    first = build_notebook(lesson, TITLE, SECTIONS, source, locale, table).cells[1].source
    assert all(text not in first for text in PREAMBLE_COMMENTS)
    assert all(f"traduit {number}" in first for number in range(len(PREAMBLE_COMMENTS)))
    assert ast.dump(ast.parse(first)) == ast.dump(ast.parse(code)), "only comments change"


@pytest.mark.parametrize(("code", "rtl"), [("ar", True), ("he", True), ("fr", False)])
def test_markdown_cells_of_a_right_to_left_language_say_their_direction(lesson, source, locale, code, rtl):
    strings = LocaleStrings(code, locale.messages, locale.decimal, locale.font_family)
    notebook = build_notebook(lesson, TITLE, SECTIONS, source, strings)
    markdown = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    assert all(text.startswith('<div dir="rtl">\n\n') == rtl for text in markdown)
    assert all(text.endswith("\n\n</div>") == rtl for text in markdown)


def test_the_archive_holds_the_notebook_and_its_data_and_runs_where_unpacked(tmp_path):
    """A lesson whose examples read data files offered a notebook alone: the learner's copy failed at its
    first np.loadtxt, the file being only on the server that built the site."""
    folder = tmp_path / "lesson"
    (folder / "data").mkdir(parents=True)
    path = folder / "examples.py"
    path.write_text(
        '# %% example="read"\nimport numpy as np\nprint(_("Sum"), fmt(np.loadtxt("data/x.txt").sum()))\n'
    )
    (folder / "data" / "x.txt").write_text("1.5\n2\n")
    source = load_examples(path)
    lesson = Lesson("data", "Data", folder, (Section("a", "A", "read"),), examples=path)
    strings = LocaleStrings("fr", {"Sum": "Somme"}, ",", ["DejaVu Sans"])
    notebook = nbformat.writes(
        build_notebook(lesson, "Données", [("a", "A", "Texte.")], source, strings)
    ).encode()
    data = {"data/x.txt": folder / "data" / "x.txt"}
    archive = notebook_archive("data.fr.ipynb", notebook, data)
    assert archive == notebook_archive("data.fr.ipynb", notebook, data)  # no dates: a rebuild changes nothing
    unpacked = tmp_path / "downloads"
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        assert opened.namelist() == ["data.fr/data.fr.ipynb", "data.fr/data/x.txt"]
        opened.extractall(unpacked)
    executed = nbformat.read(unpacked / "data.fr" / "data.fr.ipynb", as_version=4)
    client = NotebookClient(executed, kernel_name="python3", timeout=120)
    client.execute(cwd=str(unpacked / "data.fr"))
    outputs = [o for cell in executed.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert "Somme 3,5\n" in "".join(o.get("text", "") for o in outputs if o.output_type == "stream")


def test_the_global_random_generators_draw_the_page_s_numbers(tmp_path):
    """The build's kernel seeds NumPy's and Python's global generators; the notebook did not: an example
    with np.random.randn printed other numbers than the page, and others at each run."""
    from coursegen.execution import run_examples

    folder = tmp_path / "lesson"
    folder.mkdir()
    path = folder / "examples.py"
    path.write_text(
        '# %% example="draw"\nimport random\nimport numpy as np\nprint(np.random.randn(3), random.random())\n'
    )
    source = load_examples(path)
    lesson = Lesson("draw", "Draw", folder, (Section("a", "A", "draw"),), examples=path)
    strings = LocaleStrings("fr", {}, ",", ["DejaVu Sans"])
    page = run_examples(lesson, source, [strings], tmp_path / "cache").blocks["fr"]["draw"].cells[0].stdout
    executed = build_notebook(lesson, "Tirage", [("a", "A", "Texte.")], source, strings)
    NotebookClient(executed, kernel_name="python3", timeout=120).execute(cwd=str(tmp_path))
    printed = [
        o["text"]
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if "text" in o
    ]
    assert printed == [page]


def test_a_section_keeps_the_spaces_that_are_text_at_its_edges(lesson, source, locale):
    """The ideographic space opening a Chinese or Japanese paragraph, a no-break space ending one."""
    sections = [("intro", "Intro", "\n\u3000段落の始まり。\n\n次の段落。\u00a0\n")]
    cells = build_notebook(lesson, TITLE, sections, source, locale).cells
    shown = "".join(_shown(cells[2].source).text)
    assert "\u3000段落の始まり。" in shown and "次の段落。\u00a0" in shown


def test_the_notebook_chooses_plural_forms_as_the_page_does():
    """A printed count in the notebook must take the form the page shows: three forms in Ukrainian."""
    from test_execution import STEPS, UKRAINIAN_PLURALS

    from coursegen.inkernel.translations import plural_translator

    source = parse_examples(
        f'# %% example="a"\nprint(ngettext({STEPS!r}, "{{n}} steps", 5).format(n=5))\n', Path("examples.py")
    )
    forms = {STEPS: ("{n} крок", "{n} кроки", "{n} кроків")}
    for locale, page in [
        (LocaleStrings("uk", {}, ",", ("DejaVu Sans",), (), forms, UKRAINIAN_PLURALS), forms[STEPS]),
        (LocaleStrings("fr", {}, ",", ("DejaVu Sans",), (), {STEPS: (English(STEPS), English("x"))}), None),
    ]:
        namespace: dict = {}
        with plt.rc_context():
            exec(preamble(source, locale), namespace)
        ngettext = plural_translator(
            {STEPS: list(page)} if page else {}, locale.plural_expr, [] if page else [STEPS]
        )
        for n in range(0, 125):
            assert namespace["ngettext"](STEPS, "{n} steps", n) == ngettext(STEPS, "{n} steps", n), n
        # A NumPy count ((x > 0.5).sum()): the rule warned "Plural value must be an integer, got int64".
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert namespace["ngettext"](STEPS, "{n} steps", np.int64(5)) == ngettext(STEPS, "{n} steps", 5)
