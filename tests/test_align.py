"""The aligner: partition and order invariants, quality on the seeds, and robustness to bad transcripts."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import LESSON, REPO, eval_script

from coursegen.align import Alignment, LocaleAlignment, SectionText, align, low_confidence, unpinned_reason
from coursegen.errors import AlignmentError, TranscriptError
from coursegen.lessons import Lesson, Section
from coursegen.marks import Mark, SectionMarks
from coursegen.sources import bcp47, find_transcripts, read_sources
from coursegen.transcripts import Sentence, Transcript, read_transcript
from coursegen.units import split_units

FIXTURES = Path(__file__).parent / "fixtures" / "align"


def _check_partition(alignment: Alignment) -> None:
    for located in alignment.locales.values():
        text = located.transcript.text
        assert [s.section for s in located.sections] == list(alignment.sections)
        assert located.sections[0].start == 0
        assert located.sections[-1].end == len(text)
        for before, after in zip(located.sections, located.sections[1:], strict=False):
            assert before.end == after.start
        for section in located.sections:
            assert section.start <= section.end
            assert section.text == text[section.start : section.end]
            assert 0.0 <= section.confidence <= 1.0
            if not section.text.strip():
                assert section.confidence == 0.0


def _synthetic(lengths: list[int], lang: str, word: str) -> Transcript:
    """A transcript of ``len(lengths)`` sentences, each of about that many characters."""
    parts: list[Sentence] = []
    text = ""
    for index, length in enumerate(lengths):
        body = " ".join([word] * max(1, length // (len(word) + 1)))
        sentence = f"{body} {index}."
        start = len(text) + (1 if text else 0)
        text = f"{text} {sentence}" if text else sentence
        parts.append(Sentence(sentence, start, start + len(sentence)))
    return Transcript(Path(f"{lang}.txt"), lang, "txt", "utf-8", text, tuple(parts))


def _lesson(count: int) -> Lesson:
    sections = tuple(Section(f"s{i}", f"Section {i}") for i in range(count))
    return Lesson("synthetic", "Synthetic", Path("synthetic"), sections)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lengths=st.lists(st.integers(min_value=5, max_value=200), min_size=1, max_size=40),
    other=st.lists(st.integers(min_value=5, max_value=200), min_size=1, max_size=40),
    sections=st.integers(min_value=1, max_value=8),
    cuts=st.lists(st.integers(min_value=1, max_value=39), max_size=7, unique=True),
)
def test_any_transcripts_are_partitioned_in_order(
    lengths: list[int], other: list[int], sections: int, cuts: list[int]
) -> None:
    lesson = _lesson(sections)
    reference = _synthetic(lengths, "aa", "alpha")
    target = _synthetic(other, "bb", "beta")
    starts = sorted({c for c in cuts if c < len(reference.sentences)})[: sections - 1]
    marks = tuple(_mark(f"s{k + 1}", reference.sentences[c].start) for k, c in enumerate(starts))
    chosen = {"aa": SectionMarks(Path("aa.yml"), marks)}
    if sections > 1 and not marks:
        with pytest.raises(AlignmentError):
            align(lesson, {"aa": reference, "bb": target}, chosen)
        return
    alignment = align(lesson, {"aa": reference, "bb": target}, chosen)
    _check_partition(alignment)
    got = alignment.locales["aa"]
    for mark in marks:
        assert got.section(mark.section).start == mark.offset
        assert got.section(mark.section).confidence == 1.0


def _mark(section: str, offset: int):
    return Mark(section, offset, "quote", 1)


def test_seeds_are_partitioned_and_reference_marks_kept(
    lesson: Lesson, seeds: tuple[dict[str, Transcript], dict[str, SectionMarks]]
) -> None:
    transcripts, marks = seeds
    alignment = align(lesson, transcripts, {"fr": marks["fr"], "uk": marks["uk"]})
    _check_partition(alignment)
    for mark in marks["fr"].marks:
        assert alignment.locales["fr"].section(mark.section).start == mark.offset


def test_leave_one_out_floor(
    lesson: Lesson, seeds: tuple[dict[str, Transcript], dict[str, SectionMarks]]
) -> None:
    transcripts, marks = seeds
    scores = eval_script().leave_one_out(lesson, transcripts, marks)
    exact = sum(s.exact for s in scores.values())
    near = sum(s.near for s in scores.values())
    total = sum(s.total for s in scores.values())
    assert total == 55
    assert exact / total >= 0.92
    assert near == total


def test_one_reference_floor(
    lesson: Lesson, seeds: tuple[dict[str, Transcript], dict[str, SectionMarks]]
) -> None:
    transcripts, marks = seeds
    exact = near = total = 0
    for reference in marks:
        for s in eval_script().one_reference(lesson, transcripts, marks, reference).values():
            exact, near, total = exact + s.exact, near + s.near, total + s.total
    assert total == 220
    assert exact / total >= 0.87  # 193/220; 188 while a clause after a comma cost no more than another
    # All starts but one within one unit (219/220): 217 while a Chinese sentence's pieces cut at "，" counted
    # as sentences.
    assert near >= total - 1


def test_section_share_on_seeds(
    lesson: Lesson, seeds: tuple[dict[str, Transcript], dict[str, SectionMarks]]
) -> None:
    """Sentence by sentence, nearly all of each hidden locale lands in the section its hand marks say."""
    transcripts, marks = seeds
    for hidden, truth in marks.items():
        others = {code: m for code, m in marks.items() if code != hidden}
        located = align(lesson, transcripts, others).locales[hidden]
        offsets = [0] + [m.offset for m in truth.marks]
        wanted = [s.id for s in lesson.sections]
        right = 0
        for sentence in located.transcript.sentences:
            true_k = max(k for k, o in enumerate(offsets) if o <= sentence.start)
            got = next(
                s.section for s in located.sections if s.start <= sentence.start < max(s.end, s.start + 1)
            )
            right += got == wanted[true_k]
        assert right / len(located.transcript.sentences) >= 0.95, hidden


def _truncated(full: Transcript, cut: int) -> Transcript:
    """``full`` up to the sentence that starts at ``cut``, as if its translator had stopped there."""
    sentences = tuple(s for s in full.sentences if s.end <= cut)
    return Transcript(full.path, full.lang, full.format, full.encoding, full.text[:cut].rstrip(), sentences)


def test_truncated_transcript_gets_low_confidence(
    lesson: Lesson,
    seeds: tuple[dict[str, Transcript], dict[str, SectionMarks]],
) -> None:
    transcripts, marks = seeds
    full = transcripts["ko"]
    cut = full.sentences[len(full.sentences) // 2].start
    short = _truncated(full, cut)
    references = {"fr": marks["fr"], "uk": marks["uk"]}
    alignment = align(lesson, {**transcripts, "ko": short}, references)
    _check_partition(alignment)
    located = alignment.locales["ko"]
    # Sections that start well past the cut (one starting right at it is hard to tell from a short one).
    missing = [s for s in lesson.section_ids if marks["ko"].offsets.get(s, 0) > cut + 0.05 * len(full.text)]
    assert len(missing) >= 3
    assert all(located.section(s).confidence < 0.3 for s in missing)
    assert alignment.locales["ko"].doubts == ("it seems to stop before the end of the lecture",)
    flagged = {w.section for w in low_confidence(alignment, 0.5) if w.locale == "ko"}
    assert set(missing) <= flagged
    # A truncated transcript does not vote, so it leaves the others nearly where they were (only the anchor
    # weights, counted over every transcript, change).
    whole = align(lesson, transcripts, references)
    moved = sum(
        a.start != b.start
        for code in ("tr", "zh-Hant")
        for a, b in zip(alignment.locales[code].sections, whole.locales[code].sections, strict=True)
    )
    assert moved <= 2


def test_first_part_of_the_lecture_is_named_as_such(
    lesson: Lesson, seeds: tuple[dict[str, Transcript], dict[str, SectionMarks]]
) -> None:
    """A transcript of the first fifth of the lecture shares few of the others' anchors, like a different
    lecture; but its own are found in them: the translator is asked whether it is complete."""
    transcripts, marks = seeds
    full = transcripts["ko"]
    short = _truncated(full, full.sentences[len(full.sentences) // 5].start)
    alignment = align(lesson, {**transcripts, "ko": short}, {"fr": marks["fr"], "uk": marks["uk"]})
    (doubt,) = alignment.locales["ko"].doubts
    assert "only part of the lecture" in doubt and "is the transcript complete?" in doubt
    assert alignment.locales["tr"].doubts == alignment.locales["zh-Hant"].doubts == ()


def test_different_lecture_gets_low_confidence(
    lesson: Lesson,
    seeds: tuple[dict[str, Transcript], dict[str, SectionMarks]],
) -> None:
    transcripts, marks = seeds
    stranger = read_transcript(FIXTURES / "other-lecture.txt", "fr-CA")
    alignment = align(lesson, {**transcripts, "fr-CA": stranger}, {"fr": marks["fr"], "uk": marks["uk"]})
    _check_partition(alignment)
    assert [d for d in alignment.locales["fr-CA"].doubts if "different lecture" in d]
    assert max(s.confidence for s in alignment.locales["fr-CA"].sections) < 0.3
    assert min(s.confidence for s in alignment.locales["tr"].sections) > 0.3


def test_seven_locales_align_within_a_second(
    lesson: Lesson, seeds: tuple[dict[str, Transcript], dict[str, SectionMarks]]
) -> None:
    transcripts, marks = seeds
    began = time.perf_counter()
    seconds = eval_script().timing(lesson, transcripts, marks, count=7)
    assert time.perf_counter() - began < 30
    assert seconds < 1.0


def test_alignment_is_deterministic(
    lesson: Lesson, seeds: tuple[dict[str, Transcript], dict[str, SectionMarks]]
) -> None:
    transcripts, marks = seeds
    chosen = {"uk": marks["uk"]}
    assert (
        align(lesson, transcripts, chosen).to_dict()
        == align(lesson, dict(reversed(transcripts.items())), chosen).to_dict()
    )


def test_no_marks_anywhere_is_an_error(
    lesson: Lesson, seeds: tuple[dict[str, Transcript], dict[str, SectionMarks]]
) -> None:
    transcripts, _ = seeds
    with pytest.raises(AlignmentError) as caught:
        align(lesson, transcripts, {})
    assert str(caught.value).startswith(f"{lesson.root / 'lesson.yml'}: no transcript marks")
    assert f"write {lesson.id}.sections.yml next to" in str(caught.value)


def test_sources_are_found_by_bcp47_code(tmp_path: Path) -> None:
    folder = tmp_path / "zh_Hant" / "transcripts"
    folder.mkdir(parents=True)
    (folder / "talk.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\n你好\n", encoding="utf-8")
    (folder / "talk.yml").write_text("format: srt\nencoding: utf-8\n", encoding="utf-8")
    (folder / "talk.sections.yml").write_text("", encoding="utf-8")
    (tmp_path / "fr" / "transcripts").mkdir(parents=True)
    found = find_transcripts(tmp_path, "talk")
    assert list(found) == ["zh-Hant"]
    assert found["zh-Hant"].path.name == "talk.srt"
    assert (found["zh-Hant"].fmt, found["zh-Hant"].encoding) == ("srt", "utf-8")
    assert bcp47("pt_BR") == "pt-BR"


@pytest.mark.parametrize("left", ["talk.yml", "talk.sections.yml"])
def test_a_transcript_moved_away_from_its_files_is_an_error_not_a_missing_page(
    tmp_path: Path, left: str
) -> None:
    folder = tmp_path / "es" / "transcripts"
    folder.mkdir(parents=True)
    (folder / left).write_text("format: srt\n", encoding="utf-8")
    (folder / "es.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nHola\n", encoding="utf-8")  # renamed
    with pytest.raises(TranscriptError) as caught:
        find_transcripts(tmp_path, "talk")
    assert str(caught.value).startswith(f"{folder / left}: no transcript 'talk.<txt|srt|vtt|md>'")
    assert find_transcripts(tmp_path, "other") == {}


def test_repository_reference_marks_load(lesson: Lesson) -> None:
    transcripts, marks = read_sources(REPO / "locales", lesson)
    assert set(transcripts) == {"uk", "zh-Hant", "tr", "ko", "fr"}
    assert {"fr", "uk"} <= set(marks)
    assert all(len(m.marks) == len(lesson.sections) - 1 for m in marks.values())


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from coursegen.cli import main

    status = main(
        [
            "align",
            LESSON,
            "--json",
            "--locales-dir",
            str(REPO / "locales"),
            "--lessons-dir",
            str(REPO / "docs" / "lessons"),
        ]
    )
    assert status == 0
    data = json.loads(capsys.readouterr().out)
    assert data["lesson"] == LESSON
    assert set(data["locales"]) == {"uk", "zh-Hant", "tr", "ko", "fr"}
    assert [s["section"] for s in data["locales"]["zh-Hant"]] == data["sections"]


def test_cli_reports_a_bad_mark_on_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from coursegen.cli import main

    folder = tmp_path / "fr" / "transcripts"
    folder.mkdir(parents=True)
    source = REPO / "locales" / "fr" / "transcripts" / f"{LESSON}.txt"
    (folder / f"{LESSON}.txt").write_bytes(source.read_bytes())
    (folder / f"{LESSON}.sections.yml").write_text(
        "zero-network: Vous avez ici\nwrap-up: pas dans le texte\n"
    )
    status = main(
        ["align", LESSON, "--locales-dir", str(tmp_path), "--lessons-dir", str(REPO / "docs" / "lessons")]
    )
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("error: ") and f"{LESSON}.sections.yml:2: quote not found" in err


def test_cli_names_a_locales_folder_that_is_not_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped --locales-dir was told as "lesson.yml: no transcripts to align", sending the maintainer to
    the lesson's outline; check and messages name the folder."""
    from coursegen.cli import main

    missing = tmp_path / "lcoales"
    status = main(
        ["align", LESSON, "--locales-dir", str(missing), "--lessons-dir", str(REPO / "docs" / "lessons")]
    )
    assert status == 2
    assert capsys.readouterr().err == f"error: {missing}: locales folder not found\n"


@pytest.mark.parametrize("json_out", [False, True], ids=["table", "json"])
def test_cli_prints_control_characters_of_a_transcript_written_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], json_out: bool
) -> None:
    """Escape sequences in a contributed transcript reached the maintainer's terminal raw: they retitled the
    window, coloured the table and made clickable links (OSC 8); C1 controls passed in the JSON too."""
    from coursegen.cli import main

    folder = tmp_path / "fr" / "transcripts"
    folder.mkdir(parents=True)
    source = REPO / "locales" / "fr" / "transcripts"
    text = (source / f"{LESSON}.txt").read_text(encoding="utf-8")
    hostile = "\x1b]0;TITRE\x07\x1b[31mROUGE\x1b[0m\x9b2J"
    text = text.replace("Vous avez ici deux propriétés", "Vous avez ici deux propriétés " + hostile, 1)
    (folder / f"{LESSON}.txt").write_text(text, encoding="utf-8")
    shutil.copy(source / f"{LESSON}.sections.yml", folder)
    lessons = str(REPO / "docs" / "lessons")
    status = main(
        [
            "align",
            LESSON,
            *(["--json"] if json_out else []),
            "--locales-dir",
            str(tmp_path),
            "--lessons-dir",
            lessons,
        ]
    )
    out = capsys.readouterr().out
    assert status == 0 and "ROUGE" in out
    assert not re.search("[\x00-\x08\x0e-\x1f\x7f-\x9f]", out)


def test_low_confidence_flags_wrong_starts_and_few_right_ones(
    lesson: Lesson, seeds: tuple[dict[str, Transcript], dict[str, SectionMarks]]
) -> None:
    transcripts, marks = seeds
    loo, single = eval_script().calibration(lesson, transcripts, marks)
    assert loo.wrong_flagged == loo.wrong
    assert loo.right_flagged <= 0.3 * loo.right
    assert single.wrong_flagged >= 0.65 * single.wrong
    assert single.right_flagged <= 0.25 * single.right


def test_a_start_with_less_than_an_even_chance_of_being_right_is_reported() -> None:
    """The confidence is calibrated so that below 0.5 a start is more likely wrong than right: a threshold
    lowered to 0.3 dropped a start of 0.49 from check and the build's warning, and the section was published
    with the wrong sentences."""
    text = "Alpha one here. Beta two here. Gamma three here."
    transcript = read_transcript_text(text, "aa")
    starts = [sentence.start for sentence in transcript.sentences]
    ends = [*starts[1:], len(text)]
    sections = tuple(
        SectionText(f"s{i}", starts[i], ends[i], text[starts[i] : ends[i]], confidence)
        for i, confidence in enumerate((1.0, 0.49, 0.51))
    )
    located = LocaleAlignment("aa", transcript, sections)
    alignment = Alignment("synthetic", ("s0", "s1", "s2"), {"aa": located})
    assert [(weak.section, weak.confidence) for weak in low_confidence(alignment)] == [("s1", 0.49)]


@pytest.mark.parametrize(
    ("change", "near", "share"),
    [("unpunctuated", 0.9, 0.93), ("subtitled", 1.0, 0.98), ("scrambled", 1.0, 0.98)],
)
def test_changed_transcripts_still_align(
    lesson: Lesson,
    seeds: tuple[dict[str, Transcript], dict[str, SectionMarks]],
    change: str,
    near: float,
    share: float,
) -> None:
    """Unseen transcripts differ in punctuation, format and language: none of it may throw the cuts off."""
    transcripts, marks = seeds
    score, right, count = eval_script().robustness(lesson, transcripts, marks, change)
    assert score.total == 55
    assert score.near >= near * score.total
    assert right >= share * count


def test_a_transition_sentence_of_one_translation_goes_with_its_section() -> None:
    """One translation opens a section with a short sentence of its own; the cut falls before it."""
    lesson = _lesson(2)
    words = [f"w{i}" for i in range(12)]
    ref_text = " ".join(f"Alpha beta gamma {w} delta epsilon." for w in words)
    parts = [f"Alpha beta gamma {w} delta epsilon." for w in words]
    parts.insert(6, "So now.")
    tgt_text = " ".join(parts)
    reference = read_transcript_text(ref_text, "aa")
    target = read_transcript_text(tgt_text, "bb")
    marks = {"aa": SectionMarks(Path("aa.yml"), (_mark("s1", ref_text.index("Alpha beta gamma w6")),))}
    alignment = align(lesson, {"aa": reference, "bb": target}, marks)
    assert alignment.locales["bb"].section("s1").start == tgt_text.index("So now.")


def read_transcript_text(text: str, lang: str) -> Transcript:
    sentences = []
    for match in __import__("re").finditer(r"[^.]+\.", text):
        start = match.start() + (len(match.group()) - len(match.group().lstrip()))
        sentences.append(Sentence(text[start : match.end()], start, match.end()))
    return Transcript(Path(f"{lang}.txt"), lang, "txt", "utf-8", text, tuple(sentences))


def test_a_clause_after_a_comma_is_told_from_one_after_a_missing_full_stop() -> None:
    text = (
        "Short one here. And of course, for much bigger networks with many more hidden units, say three "
        "features and a very large number of hidden units, the same argument applies again and again here "
        "There is no full stop before this."
    )
    units = split_units(read_transcript_text(text, "aa"))
    flags = {text[u.start : u.end].split()[0]: (u.sentence, u.after_comma) for u in units}
    assert flags["Short"] == flags["And"] == (True, False)
    assert flags["say"] == flags["the"] == (False, True)
    assert flags["There"] == (False, False)


def test_a_pin_from_the_wrong_part_of_the_transcript_is_named(
    lesson: Lesson, seeds: tuple[dict[str, Transcript], dict[str, SectionMarks]]
) -> None:
    """A translator pins "zero-network" on the words that open "random-init": the sections between come out
    empty. The other transcripts say which section those words open, so the pin itself can be named."""
    transcripts, marks = seeds
    references = {"fr": marks["fr"], "uk": marks["uk"]}
    assert all(located.misplaced == () for located in align(lesson, transcripts, references).locales.values())
    wrong = Mark("zero-network", marks["ko"].offsets["random-init"], "…", 1)
    alignment = align(lesson, transcripts, {**references, "ko": SectionMarks(marks["ko"].path, (wrong,))})
    assert alignment.locales["ko"].misplaced == (("zero-network", "random-init"),)
    assert all(alignment.locales[code].misplaced == () for code in ("fr", "uk", "tr", "zh-Hant"))


def test_a_pin_copied_from_the_next_section_is_named(
    lesson: Lesson, seeds: tuple[dict[str, Transcript], dict[str, SectionMarks]]
) -> None:
    """The likeliest slip: the first words of the next section quoted for this one. Only pins two sections
    away were named: check said "no problems", and the cut squeezed between the pins fell mid-sentence."""
    transcripts, marks = seeds
    french = marks["fr"]
    offsets = french.offsets
    slipped = tuple(
        Mark(mark.section, offsets["why-small"], mark.quote, mark.line)
        if mark.section == "zero-bias"
        else mark
        for mark in french.marks
        if mark.section != "why-small"
    )
    alignment = align(lesson, transcripts, {**marks, "fr": SectionMarks(french.path, slipped)})
    assert alignment.locales["fr"].misplaced == (("zero-bias", "why-small"),)
    assert all(alignment.locales[code].misplaced == () for code in ("ko", "uk", "tr", "zh-Hant"))


def test_a_section_no_locale_marks_is_named_once() -> None:
    """It was "no locale marks section 2" once per locale and round, naming neither the section nor a file;
    the build says it and check lists it (from the alignment: logged by align, check printed it on stderr,
    out of its report)."""
    lesson = _lesson(3)
    reference = _synthetic([40] * 12, "aa", "alpha")
    transcripts = {
        "aa": reference,
        "bb": _synthetic([50] * 10, "bb", "beta"),
        "cc": _synthetic([30] * 14, "cc", "gamma"),
    }
    marks = {"aa": SectionMarks(Path("aa.yml"), (_mark("s1", reference.sentences[4].start),))}
    assert align(lesson, transcripts, marks).unpinned == ("s2",)
    assert unpinned_reason(lesson, "s2") == (
        "no locale marks where section 's2' starts, so it is placed by length alone: "
        "pin it in one locale's synthetic.sections.yml"
    )


def test_transcripts_without_anchors_are_not_doubted_and_their_first_section_is_sure() -> None:
    """Two short translations without a digit or formula: "it shares few anchors (0%): a different
    lecture?", and the first section, which can only start at the start, at confidence 0.00."""
    lesson = _lesson(3)
    reference = read_transcript_text(
        " ".join(f"Alpha beta gamma delta number {w}." for w in "abcdefghi"), "aa"
    )
    target = read_transcript_text(" ".join(f"Uno dos tres cuatro cosa {w}." for w in "jklmnopqr"), "bb")
    text = reference.text
    marks = {
        "aa": SectionMarks(
            Path("aa.yml"),
            (
                _mark("s1", text.index("Alpha beta gamma delta number d")),
                _mark("s2", text.index("Alpha beta gamma delta number g")),
            ),
        )
    }
    alignment = align(lesson, {"aa": reference, "bb": target}, marks)
    assert alignment.locales["bb"].doubts == ()
    assert alignment.locales["bb"].sections[0].confidence == 1.0
