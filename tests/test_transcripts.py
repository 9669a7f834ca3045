"""The transcript reader end to end: seeds, formats, encodings, bad input, the segment command."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursegen.cli import main
from coursegen.errors import LocaleError, TranscriptError
from coursegen.files import MERGE_CONFLICT
from coursegen.textcodecs import text_codec
from coursegen.transcripts import Transcript, read_transcript

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"
SEEDS = {
    lang: ROOT / "locales" / lang / "transcripts" / "random-initialization.txt"
    for lang in ("uk", "zh_Hant", "tr", "ko", "fr")
}


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _check_invariant(transcript: Transcript) -> None:
    for sentence in transcript.sentences:
        assert transcript.text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text
    assert _squeeze("".join(s.text for s in transcript.sentences)) == _squeeze(transcript.text)
    starts = [s.start for s in transcript.sentences]
    assert starts == sorted(starts)


@pytest.fixture(scope="module")
def seeds() -> dict[str, Transcript]:
    return {lang: read_transcript(path, lang) for lang, path in SEEDS.items()}


@pytest.mark.parametrize("lang", sorted(SEEDS))
def test_seed_keeps_every_character_and_rebuilds_from_sentences(seeds, lang):
    transcript = seeds[lang]
    source = unicodedata.normalize("NFC", SEEDS[lang].read_text(encoding="utf-8"))
    assert _squeeze(transcript.text) == _squeeze(source)
    _check_invariant(transcript)
    assert (transcript.format, transcript.encoding, transcript.lang) == ("txt", "utf-8", lang)


@pytest.mark.parametrize(
    ("lang", "low", "high"),
    [("fr", 55, 70), ("tr", 60, 80), ("uk", 62, 80), ("ko", 75, 95), ("zh_Hant", 35, 70)],
)
def test_seed_sentence_counts_are_plausible(seeds, lang, low, high):
    assert low <= len(seeds[lang].sentences) <= high


def _containing(transcript: Transcript, needle: str) -> list[str]:
    return [s.text for s in transcript.sentences if needle in s.text]


@pytest.mark.parametrize(
    ("lang", "needle"),
    [
        ("fr", "comme 0,01."),
        ("fr", "définir w1 = np.random.randn Cela"),
        ("uk", "w[1]:=w[1]-αdw"),
        ("uk", "і т.д. - незалежно"),
        ("uk", "random.randn... повинно бути 1*2 в цьому випадку... помножити на 0,01."),
        ("tr", "yani n0=2, ve iki gizli birim"),
        ("tr", "w1 = np.random.randn olarak"),
        ("ko", "w1=np.random.randn으로"),
        ("zh_Hant", "w1 = np.random.randn"),
        ("zh_Hant", "0.01"),
    ],
    ids=lambda value: value if len(value) < 12 else None,
)
def test_tricky_spots_are_not_cut(seeds, lang, needle):
    assert _containing(seeds[lang], needle), f"{needle!r} is cut across sentences"


@pytest.mark.parametrize(
    ("lang", "start"),
    [
        ("ko", "dw는 이렇게"),
        ("ko", "w2도 비슷하게"),
        ("tr", "w1 = np.random.randn"),
        ("tr", "ve sonra , geriye"),
        ("uk", "Тож, якщо w дуже велике"),
    ],
)
def test_sentences_starting_with_a_lowercase_token_are_found(seeds, lang, start):
    assert any(s.text.startswith(start) for s in seeds[lang].sentences)


def test_turkish_title_line_is_its_own_sentence_and_the_title(seeds):
    transcript = seeds["tr"]
    assert transcript.sentences[0].text == "(Bir Gizli Katmanlı Neural Ağ - Rastgele Başlatma)"
    assert transcript.sentences[1].text.startswith("Neural ağınızı eğitirken")
    assert transcript.title == "Bir Gizli Katmanlı Neural Ağ - Rastgele Başlatma"


def test_chinese_seed_is_cut_into_readable_clauses_at_its_own_separators(seeds):
    transcript = seeds["zh_Hant"]
    han = [len(re.findall(r"[\u4e00-\u9fff]", s.text)) for s in transcript.sentences]
    assert max(han) <= 80
    assert sum(han) / len(han) >= 20  # not over-split into fragments
    assert transcript.sentences[0].text == "當您訓練您的神經網路 怎樣隨機初始這些權重是很重要的"
    assert "初始\n" not in transcript.text and "初始這些權重" in transcript.text  # no space invented


def test_a_latin_word_at_the_edge_of_a_chinese_line_keeps_its_space(tmp_path):
    """Lines are joined with nothing only between two Han characters: a line ending or starting with a Latin
    word was glued to the Han text beside it ("numpy來初始化"), unlike the same words written on one line."""
    path = tmp_path / "mixed.txt"
    path.write_text("我們用 numpy\n來初始化權重。\n然後 W1 是\nrandom 的。\n", encoding="utf-8")
    assert read_transcript(path, "zh_Hant").text == "我們用 numpy 來初始化權重。然後 W1 是 random 的。"


def test_lines_are_joined_with_one_space_in_spaced_scripts(seeds):
    assert seeds["fr"].text.startswith("Lorsque vous entraînez votre réseau de neurones,")
    assert "\n" not in seeds["fr"].text and "  " not in seeds["tr"].text


def test_thai_cues_are_joined_with_the_space_that_parts_thai_phrases(tmp_path):
    """Thai writes a space between phrases and sentences, where subtitle lines break: joined with nothing
    as Chinese is, two sentences ran together on the page ("...ทำไมที่นี่...") and the second could not be
    pinned as a section start."""
    srt = tmp_path / "th.srt"
    srt.write_text(
        "1\n00:00:01,000 --> 00:00:03,000\nเรามาดูกันว่าทำไม\n\n"
        "2\n00:00:03,000 --> 00:00:05,000\nที่นี่คุณมีคุณลักษณะอินพุตสองตัว\nดังนั้น n0 = 2\n",
        encoding="utf-8",
    )
    assert read_transcript(srt, "th").text == "เรามาดูกันว่าทำไม ที่นี่คุณมีคุณลักษณะอินพุตสองตัว ดังนั้น n0 = 2"
    zh = tmp_path / "zh.srt"
    zh.write_text("1\n00:00:01,000 --> 00:00:03,000\n怎樣隨機初始\n這些權重\n", encoding="utf-8")
    assert read_transcript(zh, "zh_Hant").text == "怎樣隨機初始這些權重"


def test_srt_cues_become_times_and_leave_the_text():
    transcript = read_transcript(FIXTURES / "lecture.srt", "en")
    _check_invariant(transcript)
    assert transcript.format == "srt"
    assert not re.search(r"-->|\d\d:\d\d|<i>|\\an8", transcript.text)
    assert [(s.text[:20], s.time) for s in transcript.sentences] == [
        ("When you train your ", 1.0),
        ("For logistic regress", 4.2),
        ("Multiply by 0.01 and", 12.25),
    ]


PARAGRAPHS = "First line of the lecture.\nSecond line here.\n\nA new paragraph.\n"


@pytest.mark.parametrize(
    ("name", "lang"),
    [("paragraphs.txt", "en"), ("lecture.srt", "en"), ("lecture.vtt", "fr"), ("timestamped.md", "en")],
)
def test_line_ends_of_carriage_returns_alone_read_as_line_feeds(tmp_path, name, lang):
    """Old Mac editors and some subtitle tools end lines with a carriage return alone: an SRT was refused
    ("malformed cue timing '1\\r00:00:01,000 …'") and a plain text lost its paragraphs."""
    text = PARAGRAPHS if name == "paragraphs.txt" else (FIXTURES / name).read_text(encoding="utf-8")
    (tmp_path / "lf").mkdir()
    (tmp_path / "cr").mkdir()
    (tmp_path / "lf" / name).write_bytes(text.encode())
    (tmp_path / "cr" / name).write_bytes(text.replace("\n", "\r").encode())
    lf, cr = (read_transcript(tmp_path / ends / name, lang) for ends in ("lf", "cr"))
    assert cr.text == lf.text
    assert [(s.text, s.paragraph, s.time) for s in cr.sentences] == [
        (s.text, s.paragraph, s.time) for s in lf.sentences
    ]
    if name == "paragraphs.txt":
        assert [s.paragraph for s in cr.sentences] == [0, 0, 1]


def test_a_speakers_turn_in_a_cue_ends_a_sentence_without_punctuation(tmp_path):
    srt = tmp_path / "dialogue.srt"
    srt.write_text(
        "1\n00:00:01,000 --> 00:00:03,000\n- On met tout à zéro\n- Et les biais aussi\n\n"
        "2\n00:00:03,000 --> 00:00:05,000\n<i>– Oui</i>\ncar -1,5 fois rien - reste rien\n",
        encoding="utf-8",
    )
    vtt = tmp_path / "dialogue.vtt"
    vtt.write_text(
        "WEBVTT\n\n00:01.000 --> 00:03.000\n<v Ana>On met tout à zéro\n<v Ben>Et les biais aussi\n",
        encoding="utf-8",
    )
    transcript = read_transcript(srt, "fr")
    _check_invariant(transcript)
    assert [s.text for s in transcript.sentences] == [
        "- On met tout à zéro",
        "- Et les biais aussi",
        "– Oui car -1,5 fois rien - reste rien",
    ]
    voices = read_transcript(vtt, "fr")
    assert [s.text for s in voices.sentences] == ["On met tout à zéro", "Et les biais aussi"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("lt.srt", "1\n00:00:01,000 --> 00:00:03,000\n{text}\n"),
        ("lt.md", "**[0:01]** {text}\n"),
        ("lt.txt", "{text}\n"),
    ],
)
def test_less_than_and_greater_than_signs_are_text_not_tags(tmp_path, name, content):
    text = "Si z < 0, tanh est négatif ; si |z| > 2, sa pente est presque nulle, et w<3 aussi."
    path = tmp_path / name
    path.write_text(content.format(text=text), encoding="utf-8")
    assert read_transcript(path, "fr").text.strip() == text


def test_srt_cues_without_blank_lines_between_them_are_still_cues(tmp_path):
    path = tmp_path / "packed.srt"
    path.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nLorsque vous entraînez\n"
        "2\n00:00:02,000 --> 00:00:03,500\nvotre réseau de neurones.\n"
        "3\n00:00:03,500 --> 00:00:05,000\n<i>Il faut</i> des poids aléatoires.\n",
        encoding="utf-8",
    )
    transcript = read_transcript(path, "fr")
    assert transcript.text == "Lorsque vous entraînez votre réseau de neurones. Il faut des poids aléatoires."
    assert [s.time for s in transcript.sentences] == [1.0, 3.5]


def test_one_speaker_s_voice_on_every_cue_does_not_cut_sentences(tmp_path):
    """A lecture captioned with its speaker's voice tag on each cue: the tag is no change of speaker."""
    vtt = tmp_path / "lecture.vtt"
    vtt.write_text(
        "WEBVTT\n\n00:01.000 --> 00:03.000\n<v Andrew>When you train your neural network\n\n"
        "00:03.000 --> 00:05.000\n<v Andrew>it is important to initialize the weights randomly.\n\n"
        "00:05.000 --> 00:06.000\n<v.loud Student>Why\n\n00:06.000 --> 00:08.000\n<v Andrew>Let's see why.\n",
        encoding="utf-8",
    )
    transcript = read_transcript(vtt, "en")
    assert [s.text for s in transcript.sentences] == [
        "When you train your neural network it is important to initialize the weights randomly.",
        "Why",
        "Let's see why.",
    ]


def _rolling_vtt(lines: list[str]) -> str:
    """Captions as YouTube rolls them: each cue shows the line before above its own words, and a
    10 ms cue between two shows the line alone."""
    cues = ["WEBVTT\nKind: captions\nLanguage: fr\n"]
    for number, line in enumerate(lines):
        start, blink = 2 * number, 2 * number + 1.99
        words = line.split(" ")
        timed = words[0] + "".join(f"<00:00:{start:06.3f}><c> {word}</c>" for word in words[1:])
        above = lines[number - 1] if number else " "
        cues.append(
            f"00:00:{start:06.3f} --> 00:00:{blink:06.3f} align:start position:0%\n{above}\n{timed}\n"
        )
        cues.append(f"00:00:{blink:06.3f} --> 00:00:{start + 2:06.3f} align:start position:0%\n{line}\n \n")
    return "\n".join(cues)


def test_rolling_captions_read_each_line_once_with_its_own_time(tmp_path):
    lines = [
        "Lorsque vous entraînez",
        "votre réseau de neurones",
        "Il est important.",
        "Il est important.",
        "Non.",
    ]
    path = tmp_path / "youtube.vtt"
    path.write_text(_rolling_vtt(lines), encoding="utf-8")
    transcript = read_transcript(path, "fr")
    assert transcript.text == " ".join(lines)
    _check_invariant(transcript)
    assert [s.time for s in transcript.sentences] == [0.0, 6.0, 8.0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["Oui.", "Non", "les poids", "à zéro", "W[1] = 0"]), min_size=3, max_size=12))
def test_rolling_captions_give_the_lines_as_said(tmp_path, lines):
    path = tmp_path / "rolling.vtt"
    path.write_text(_rolling_vtt(lines), encoding="utf-8")
    assert read_transcript(path, "fr").text == " ".join(lines)


def test_a_cue_that_repeats_the_line_before_is_kept_when_captions_do_not_roll(tmp_path):
    path = tmp_path / "echo.srt"
    path.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nTout à zéro ?\nNon.\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nNon.\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\nAu hasard.\n",
        encoding="utf-8",
    )
    assert read_transcript(path, "fr").text == "Tout à zéro ? Non. Non. Au hasard."


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "quotes.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nIl a dit <<Bonjour>> puis <b>a<b ou c>d</b>.\n",
            "Il a dit <<Bonjour>> puis a<b ou c>d.",
        ),
        (
            "aegisub.srt",
            "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}{\\i1}Bonjour{\\i0} tout\\Nle\\hmonde.\n",
            "Bonjour tout le monde.",
        ),
        (
            "ruby.vtt",
            "WEBVTT\n\n00:01.000 --> 00:02.000\n<ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby>です。\n",
            "漢字です。",
        ),
        (
            "header.vtt",
            "WEBVTT\nKind: captions\n00:01.000 --> 00:02.000\nPremier.\n\n00:02.000 --> 00:03.000\nSecond.\n",
            "Premier. Second.",
        ),
        ("lead.vtt", "\n\nWEBVTT\n\n00:01.000 --> 00:02.000\nPremier.\n", "Premier."),
        (
            "aegisub-file.srt",
            "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}Bonjour\n\n"
            "2\n00:00:02,000 --> 00:00:03,000\ntout\\Nle monde.\n",
            "Bonjour tout le monde.",
        ),
        (
            "break.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nBonjour\\N tout le\\hmonde.\n",
            "Bonjour tout le\\hmonde.",
        ),
        (
            "exported.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nBonjour<br>tout le monde<br/>et\n\n"
            '2\n00:00:02,000 --> 00:00:03,000\nC<span style="color:red">ette</span> fois\\Nla suite.\n\n'
            "3\n00:00:03,000 --> 00:00:04,000\n{\\rDefault}Ensuite.\n",
            "Bonjour tout le monde et Cette fois la suite. Ensuite.",
        ),
        (
            "paths.srt",
            "1\n00:00:01,000 --> 00:00:02,000\n"
            'Dans C:\\Users\\Nicolas\\Notebooks, print("\\N{DEGREE SIGN}")\n',
            'Dans C:\\Users\\Nicolas\\Notebooks, print("\\N{DEGREE SIGN}")',
        ),
        (
            "said.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nla prédiction \\hat{y} et {\\partial L} puis \\hbar\n\n"
            "2\n00:00:02,000 --> 00:00:03,000\nR&D et &notation dans C:\\Nouveau, le token </s> puis <s>\n",
            "la prédiction \\hat{y} et {\\partial L} puis \\hbar "
            "R&D et &notation dans C:\\Nouveau, le token </s> puis <s>",
        ),
        (
            "said.vtt",
            "WEBVTT\n\n00:01.000 --> 00:02.000\n"
            "<i>le token</i> </s> et <s>, puis \\hat{y} et {\\an8} &notation\n",
            "le token </s> et <s>, puis \\hat{y} et {\\an8} &notation",
        ),
    ],
)
def test_caption_markup_goes_and_what_was_said_stays(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert read_transcript(path, "fr").text == expected


# What a cue can say that looks like markup its format does not define: LaTeX, paths, NLP tokens, entities
# without their semicolon, comparisons, braces.
_SAID = [
    r"\hat{y}", r"{\partial L}", r"C:\Nouveau", r"x^{\alpha}", r"{\rho}", r"{\rm d}x", r"\hbar",
    "<s>", "</s>", "<unk>", "<b ou c>", "x<y", "c>d", "<<Bonjour>>", "<rp>",
    "&notation", "R&D", "&amp", "&", ";", "{y}", "{", "}", "\\", "<", ">", "Oui.", "les poids", "à zéro",
]  # fmt: skip


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(_SAID), min_size=1, max_size=12), fmt=st.sampled_from(["srt", "vtt"]))
def test_nothing_said_in_a_cue_is_taken_for_markup(tmp_path, words, fmt):
    said = " ".join(words)
    path = tmp_path / f"said.{fmt}"
    cue = "1\n00:00:01,000 --> 00:00:02,000" if fmt == "srt" else "WEBVTT\n\n00:01.000 --> 00:02.000"
    path.write_text(f"{cue}\n{said}\n", encoding="utf-8")
    assert read_transcript(path, "fr", fmt=fmt).text == said


def test_closed_caption_chevrons_and_sound_cues_stand_apart(tmp_path):
    path = tmp_path / "amara.srt"
    path.write_text(
        "1\n00:00:01,000 --> 00:00:03,000\n>> Lorsque vous entraînez votre réseau\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\n[Musique]\n\n"
        "3\n00:00:04,000 --> 00:00:06,000\nil est important\n>> Pourquoi\n",
        encoding="utf-8",
    )
    transcript = read_transcript(path, "fr")
    _check_invariant(transcript)
    assert [s.text for s in transcript.sentences] == [
        "Lorsque vous entraînez votre réseau",
        "[Musique]",
        "il est important",
        "Pourquoi",
    ]


TIMED_TEXT = [
    ("youtube-copy.txt", "0:00\nLorsque vous entraînez\n0:03\nvotre réseau.\n1:02:05\nIl faut du hasard.\n"),
    (
        "whisper.txt",
        "[00:00.000 --> 00:03.000]  Lorsque vous entraînez\n[00:03.000 --> 00:05.500]  votre réseau.\n"
        "[00:05.500 --> 00:09.000]  Il faut du hasard.\n",
    ),
    ("bare.txt", "00:00:00 Lorsque vous entraînez\n00:00:03 votre réseau.\n00:00:06 Il faut du hasard.\n"),
    (
        "youtube.sbv",
        "0:00:00.000,0:00:03.000\nLorsque vous entraînez\n\n0:00:03.000,0:00:05.500\nvotre réseau.\n\n"
        "0:00:05.500,0:00:09.000\nIl faut du hasard.\n",
    ),
    (
        "cues.txt",
        "00:00:00,000 --> 00:00:03,000\nLorsque vous entraînez\n\n00:00:03,000 --> 00:00:05,500\n"
        "votre réseau.\n\n00:00:05,500 --> 00:00:09,000\nIl faut du hasard.\n",
    ),
    (
        "links.md",
        "[00:00:00](https://youtu.be/abc?t=0) Lorsque vous entraînez\n"
        "**[0:03](https://youtu.be/abc?t=3)** votre réseau.\n\n- [0:06] Il faut du hasard.\n",
    ),
]


@pytest.mark.parametrize(("name", "content"), TIMED_TEXT, ids=[name for name, _ in TIMED_TEXT])
def test_timestamps_as_transcript_tools_write_them_are_times_not_text(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    transcript = read_transcript(path, "fr")
    assert " ".join(transcript.text.split()) == "Lorsque vous entraînez votre réseau. Il faut du hasard."
    assert transcript.sentences[0].time == 0.0 and transcript.sentences[1].time in (3725.0, 5.5, 6.0)


def test_a_number_opening_a_line_of_prose_is_text(tmp_path):
    path = tmp_path / "prose.txt"
    path.write_text("On commence.\n10:30 est l'heure du cours.\nEt 3:2 est un rapport.\n", encoding="utf-8")
    assert "10:30 est" in read_transcript(path, "fr").text


@pytest.mark.parametrize("name", ["prose.txt", "prose.md"])
def test_a_time_alone_on_a_line_of_an_untimed_text_is_text(tmp_path, name):
    """Only a file timed line by line, or a bracketed time, makes a bare "4:30" a timestamp: it was lost."""
    path = tmp_path / name
    path.write_text("Le cours commence à\n4:30\net finit à six heures. [0:15] Le rapport est\n3:2.\n")
    transcript = read_transcript(path, "fr")
    assert " ".join(transcript.text.split()) == (
        "Le cours commence à 4:30 et finit à six heures. [0:15] Le rapport est 3:2."
    )
    path.write_text("Le cours commence à\n[4:30]\net finit à six heures.\n")
    transcript = read_transcript(path, "fr")
    assert "4:30" not in transcript.text and transcript.sentences[0].time == 270.0


@pytest.mark.parametrize(
    ("content", "told"),
    [
        ("{\\rtf1\\ansi\\ansicpg1252\\cocoartf2709\n{\\fonttbl}\nLorsque vous entra\\'eenez\n", "plain text"),
        ('<?xml version="1.0"?>\n<tt xmlns="http://www.w3.org/ns/ttml"><body><p>Bonjour', "SRT"),
        ('<timedtext format="3">\n<body><p t="0" d="2000">Bonjour</p>', "SRT"),
        ("\n<!DOCTYPE html>\n<html><body><p>Bonjour</p>", "plain text"),
    ],
    ids=["rtf", "ttml", "srv3", "html"],
)
def test_a_transcript_inside_another_format_is_refused_with_what_to_do(tmp_path, content, told):
    """TextEdit saves rich text unless told otherwise, often named .txt: the page opened with "{\\rtf1"."""
    path = tmp_path / "cours.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path, "fr")
    assert caught.value.path == path and told in str(caught.value)


def test_advanced_substation_subtitles_are_refused_with_what_to_do(tmp_path):
    path = tmp_path / "cours.ass"
    path.write_text(
        "[Script Info]\nTitle: Cours\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, "
        "MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:03.00,Default,,0,0,0,,{\\an8}Lorsque vous\n",
        encoding="utf-8",
    )
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path, "fr")
    assert "cours.ass" in str(caught.value) and "SRT or WebVTT" in str(caught.value)


@pytest.mark.parametrize("name", ["zoom.vtt", "zoom.srt"])
def test_speaker_names_opening_every_cue_are_speakers_not_text(tmp_path, name):
    """Zoom opens every cue with "Name: ": the name came back in the middle of every sentence."""
    cues = [
        "Andrew Ng: Lorsque vous entraînez votre réseau,",
        "Andrew Ng: il est important d’initialiser les poids",
        "Andrew Ng: au hasard. Remember: toujours.",
        "Marie Curie : Pourquoi",
        "Andrew Ng: Parce que.",
    ]
    timings = [f"00:00:0{n},000 --> 00:00:0{n + 1},000" for n in range(len(cues))]
    if name.endswith(".vtt"):
        timings = [timing.replace(",", ".") for timing in timings]
    blocks = [
        f"{n + 1}\n{timing}\n{cue}\n" for n, (timing, cue) in enumerate(zip(timings, cues, strict=True))
    ]
    path = tmp_path / name
    path.write_text(("WEBVTT\n\n" if name.endswith(".vtt") else "") + "\n".join(blocks), encoding="utf-8")
    transcript = read_transcript(path, "fr")
    assert transcript.text == (
        "Lorsque vous entraînez votre réseau, il est important d’initialiser les poids au hasard. Remember: "
        "toujours. Pourquoi Parce que."
    )
    # The speaker changes where a name does: a sentence ends there, though no punctuation says so.
    assert [s.text for s in transcript.sentences][-2:] == ["Pourquoi", "Parce que."]


def test_a_word_and_colon_opening_a_few_cues_is_said(tmp_path):
    path = tmp_path / "cours.srt"
    cues = ["Exemple: un réseau.", "Exemple: deux couches.", "Puis on calcule.", "Encore.", "Et enfin."]
    path.write_text(
        "\n".join(f"{n + 1}\n00:00:0{n},000 --> 00:00:0{n + 1},000\n{cue}\n" for n, cue in enumerate(cues)),
        encoding="utf-8",
    )
    assert read_transcript(path, "fr").text == " ".join(cues)


@pytest.mark.parametrize(
    "header", ["Andrew Ng  {m}:{s:02d}", "Andrew Ng ({m:02d}:{s:02d}):", "Speaker 1: ({m:02d}:{s:02d})"]
)
def test_speaker_and_time_headers_of_transcription_services_are_turns_not_text(tmp_path, header):
    """Otter's and Rev's exports head each turn with its speaker and time: the page showed "Andrew Ng 0:00"
    glued to the words under it."""
    turns = ["Lorsque vous entraînez votre réseau,", "il faut du hasard.", "Pourquoi", "Voici pourquoi."]
    text = "\n\n".join(f"{header.format(m=0, s=3 * n)}\n{turn}" for n, turn in enumerate(turns))
    path = tmp_path / "otter.txt"
    path.write_text(text + "\n", encoding="utf-8")
    transcript = read_transcript(path, "fr")
    assert transcript.text == "\n\n".join(turns)
    assert [s.time for s in transcript.sentences] == [0.0, 3.0, 6.0, 9.0]  # a turn ends a sentence


def sentences_read(path: Path, text: str, lang: str) -> list[str]:
    """The sentences of ``text`` saved as ``path`` and read as a transcript in ``lang``."""
    path.write_text(text, encoding="utf-8")
    return [s.text for s in read_transcript(path, lang).sentences]


def test_a_name_heading_one_turn_only_and_a_chapter_list_are_kept(tmp_path):
    """Three short lines ending in a time were taken for speakers and dropped: a chapter list's titles went
    from the page. Only names that head several turns are speakers; a name that heads one turn stays."""
    path = tmp_path / "notes.txt"
    path.write_text(
        "Introduction 0:00\nToday, the learning rate.\nGradient descent 3:15\nA step downhill.\n"
        "Choosing a value 7:40\nTry several values.\n",
        encoding="utf-8",
    )
    assert read_transcript(path, "en").text.split() == path.read_text(encoding="utf-8").split()
    turns = (
        "Andrew Ng  0:00\nLorsque vous entraînez,\n\nAndrew Ng  0:06\nil faut du hasard.\n\nMarie  0:09\n"
        "Pourquoi\n\nAndrew Ng  0:11\nVoici pourquoi.\n"
    )
    assert sentences_read(path, turns, "fr") == [
        "Lorsque vous entraînez,",
        "il faut du hasard.",
        "Marie",
        "Pourquoi",
        "Voici pourquoi.",
    ]


def test_chapter_titles_of_a_copied_youtube_transcript_stand_alone(tmp_path):
    """Copied from YouTube's transcript panel, a chapter's title sits above its first time: it was glued to
    the caption before and ended the section before."""
    copied = (
        "Introduction\n0:00\nLorsque vous entraînez votre réseau, il est important\n0:04\nd’initialiser les "
        "poids au hasard\nDeux unités cachées\n0:09\nVous avez ici deux propriétés.\n0:12\nEt donc W1.\n"
    )
    assert sentences_read(tmp_path / "youtube.txt", copied, "fr") == [
        "Introduction",
        "Lorsque vous entraînez votre réseau, il est important d’initialiser les poids au hasard",
        "Deux unités cachées",
        "Vous avez ici deux propriétés.",
        "Et donc W1.",
    ]


def test_captions_of_two_lines_each_have_no_chapter_titles(tmp_path):
    path = tmp_path / "youtube.txt"
    path.write_text("0:00\nLorsque vous\nentraînez\n0:04\nvotre réseau\nil faut\n0:09\ndu hasard.\nVoilà.\n")
    assert len(read_transcript(path, "fr").sentences) == 2
    # One caption wrapped: its second line goes on with the sentence (a title starts with a capital).
    wrapped = (
        "0:00\nso today\n0:03\ngradient descent and how\nit converges\n0:06\nin practice\n0:09\nwe stop.\n"
    )
    assert sentences_read(path, wrapped, "en") == [
        "so today gradient descent and how it converges in practice we stop."
    ]


def test_a_time_opening_the_file_is_a_timestamp_alone(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("0:00\nWhen you train a network, start at random.\n\nThen the biases.\n")
    transcript = read_transcript(path, "en")
    assert transcript.text.startswith("When you train") and transcript.sentences[0].time == 0.0


@pytest.mark.parametrize("second", ["-->", "->"])
@pytest.mark.parametrize("name", ["cours.srt", "cours.txt"])
def test_a_cue_timing_arrow_typed_with_one_dash_is_a_timing(tmp_path, name, second):
    path = tmp_path / name
    path.write_text(
        f"1\n00:00:01,000 -> 00:00:02,000\nBonjour à tous.\n\n"
        f"2\n00:00:02,000 {second} 00:00:03,000\nAujourd’hui.\n"
    )
    transcript = read_transcript(path, "fr")
    assert transcript.text == "Bonjour à tous. Aujourd’hui." and transcript.sentences[0].time == 1.0
    assert read_transcript(path, "fr", fmt="srt").text == transcript.text


def test_vtt_header_notes_ids_tags_and_entities_are_removed():
    transcript = read_transcript(FIXTURES / "lecture.vtt", "fr")
    _check_invariant(transcript)
    assert transcript.format == "vtt"
    assert "WEBVTT" not in transcript.text and "commentaire" not in transcript.text
    assert "intro" not in transcript.text and "Andrew" not in transcript.text
    assert "les poids & les biais" in transcript.text
    assert [s.time for s in transcript.sentences] == [0.0, 66.0, 66.0]


def test_timestamped_markdown_keeps_times_headings_and_paragraphs():
    transcript = read_transcript(FIXTURES / "timestamped.md", "en")
    _check_invariant(transcript)
    assert transcript.title == "Random Initialization"
    assert "lecture: 3" not in transcript.text and "**" not in transcript.text
    assert [(s.paragraph, s.time) for s in transcript.sentences] == [
        (0, None),
        (1, 0.0),
        (2, 15.0),
        (2, 62.0),
    ]


def test_markdown_notes_lose_markup_and_keep_latex_source():
    transcript = read_transcript(FIXTURES / "notes.md", "en")
    _check_invariant(transcript)
    text = transcript.text
    assert "W^{[1]} := W^{[1]} - \\alpha\\, dW" in text
    assert "z^{[1]} = W^{[1]} x + b^{[1]}" in text
    assert "np.random.randn(2, 2) * 0.01" in text
    assert not re.search(r"<|>|\*\*|\]\(|\$|`|comment", text)
    assert "so both rows stay equal." in text and "See the video and" in text


@pytest.mark.parametrize(
    ("name", "lang", "encodings", "needle"),
    [
        ("uk-cp1251.txt", "uk", {"cp1251"}, "тренуєш"),
        ("zh_Hant-big5.txt", "zh-Hant", {"big5", "big5hkscs", "cp950"}, "羅吉斯迴歸"),
        ("ko-euc_kr.txt", "ko", {"euc_kr", "cp949"}, "신경망을"),
        ("tr-cp1254.txt", "tr", {"cp1254"}, "ağırlıkların başlangıç"),
        ("fr-cp1252.txt", "fr", {"cp1252"}, "d’initialiser"),
        ("fr-latin1.txt", "fr", {"cp1252", "latin-1", "iso8859-15"}, "entraînez"),
        ("fr-utf8-bom.txt", "fr", {"utf-8-sig"}, "Lorsque"),
        ("fr-utf16le.txt", "fr", {"utf-16-le"}, "réseau"),
        ("fr-utf16be.txt", "fr", {"utf-16-be"}, "réseau"),
    ],
    ids=lambda value: value if isinstance(value, str) and value.endswith(".txt") else None,
)
def test_encodings_are_detected_and_reported(name, lang, encodings, needle):
    transcript = read_transcript(FIXTURES / name, lang)
    assert transcript.encoding in encodings
    assert needle in transcript.text and "\ufeff" not in transcript.text
    _check_invariant(transcript)


LEGACY = {"uk": "cp1251", "tr": "cp1254", "fr": "cp1252", "ko": "cp949", "zh_Hant": "big5"}


@pytest.mark.parametrize("lang", sorted(LEGACY))
@pytest.mark.parametrize("words", [1, 2, 3, 5, 8, 13])
def test_a_short_legacy_file_is_read_in_its_own_code_page(tmp_path, lang, words):
    """A translator's first lines, saved by a Windows editor: the detector alone read "Коли ваги" as johab
    and "Élément" as big5, with no error, since any of those code pages decodes a few bytes."""
    start = SEEDS[lang].read_text(encoding="utf-8").split()
    snippet = " ".join(start[: words + 2 if lang == "tr" else words])  # tr opens with an ASCII title word
    path = tmp_path / "short.txt"
    path.write_bytes(snippet.encode(LEGACY[lang]))
    assert read_transcript(path, lang).text == unicodedata.normalize("NFC", snippet)


@pytest.mark.parametrize(
    ("lang", "codec", "text"),
    [
        ("ru", "koi8-r", "Вес"),
        ("ru", "cp1251", "Вес и смещение"),
        ("el", "cp1253", "Βάρη"),
        ("he", "cp1255", "משקל"),
        ("fr", "cp1252", "Élément"),
        ("tr", "cp1254", "Şimdi"),
        # Read as cp1253 and cp1250 (Windows first, on a tie), Ά and ś were pilcrows: "¶ρα", "Je¶li".
        ("el", "iso8859-7", "Άρα τα βάρη είναι ίσα·"),
        ("pl", "iso8859-2", "Jeśli coś"),
    ],
)
def test_a_few_letters_are_read_in_a_code_page_of_their_language(tmp_path, lang, codec, text):
    path = tmp_path / "short.txt"
    path.write_bytes(text.encode(codec))
    assert read_transcript(path, lang).text == text


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _windows_1258(text: str) -> bytes:
    """``text`` as Vietnamese Windows editors save it: letters with their vowel marks precomposed where
    windows-1258 has them (ê, ơ, ư), tones as combining marks after them."""
    out = b""
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in _TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += (base + tones).encode("cp1258")
    return out


@pytest.mark.parametrize("words", [3, 40])
def test_vietnamese_in_windows_1258_is_read_as_such(tmp_path, words):
    """windows-1258 writes tones as combining marks, which are no letters of Vietnamese: a whole transcript
    scored better as cp1252 ("Khi baòn huâìn luyêòn") and was published so, without a word."""
    text = (
        "Khởi tạo ngẫu nhiên. Khi bạn huấn luyện mạng nơ-ron của mình, điều quan trọng là khởi tạo "
        "các trọng số một cách ngẫu nhiên. Nếu bạn khởi tạo tất cả bằng không, "
        "các đơn vị ẩn sẽ tính cùng một hàm, và đạo hàm của chúng cũng giống hệt nhau sau mỗi bước lặp."
    )
    snippet = " ".join(text.split()[:words])
    path = tmp_path / "vi.txt"
    path.write_bytes(_windows_1258(snippet))
    transcript = read_transcript(path, "vi")
    assert (transcript.encoding, transcript.text) == ("cp1258", unicodedata.normalize("NFC", snippet))


def _armscii_8(text: str) -> bytes:
    """Armenian letters in ARMSCII-8, which Python has no codec for: capital and small letters alternate
    from 0xB2, in the alphabet's order (as iconv writes them); the rest is ASCII."""
    out = bytearray()
    for char in text:
        if "\u0531" <= char <= "\u0556":
            out.append(0xB2 + 2 * (ord(char) - 0x531))
        elif "\u0561" <= char <= "\u0586":
            out.append(0xB3 + 2 * (ord(char) - 0x561))
        else:
            out += char.encode("ascii")
    return bytes(out)


_REFUSED = "no encoding reads this as {}: give the file's encoding (add-locale's --encoding, or"


@pytest.mark.parametrize("words", [1, 3, 40])
def test_a_file_no_code_page_reads_in_its_language_is_an_error(tmp_path, words):
    """ARMSCII-8 Armenian was read as Mac Roman ("∫Òµ π·ı˘"), and published so without a word: the page
    held no Armenian letter. Short or long, such a file is refused, naming it."""
    text = (
        "Երբ դուք ուսուցանում եք ձեր նեյրոնային ցանցը, կարեւոր է կշիռները պատահականորեն սկզբնավորել: "
        "Լոգիստիկ ռեգրեսիայի համար բավական էր կշիռները սկզբնավորել զրոյով, W = 0.01 * randn(2, 2): "
    ) * 3
    path = tmp_path / "hy.txt"
    path.write_bytes(_armscii_8(" ".join(text.split()[:words])))
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path, "hy")
    assert str(caught.value).startswith(f"{path}: " + _REFUSED.format("Armenian"))


@pytest.mark.parametrize(
    ("lang", "codec", "text"),
    [
        ("ru", "cp1251", "Итак: W = 0,01 · randn(2, 2) ± 0,001; b = 0 ± 0, нет."),
        ("el", "cp1253", "Βάρη: W" + "".join(f" ± 0,{n}" for n in range(1, 17))),
    ],
)
def test_a_transcript_mostly_of_formulas_is_read_in_its_language(tmp_path, lang, codec, text):
    """The other side of the refusal: up to four letters of other languages and symbols (here ±) per letter
    of the language, a file is read; one more, and no text in the language is left (the Greek line
    has 4 Greek letters and 16 symbols)."""
    path = tmp_path / "formulas.txt"
    path.write_bytes(text.encode(codec))
    assert read_transcript(path, lang).text == text
    if lang == "el":
        path.write_bytes(f"{text} ± 1".encode(codec))
        with pytest.raises(TranscriptError) as caught:
            read_transcript(path, lang)
        assert _REFUSED.format("Greek") in str(caught.value)


def test_a_language_of_ascii_letters_is_never_refused(tmp_path):
    """Whatever code page an English file is read in, its letters are English: which one is right cannot
    be told by them, so no reading is refused."""
    path = tmp_path / "en.txt"
    path.write_bytes("It costs 5 € ± 2 €, © ® ™.".encode("cp1252"))
    assert read_transcript(path, "en").text.startswith("It costs 5 ")


@pytest.mark.parametrize("lang", sorted(LEGACY))
def test_a_utf8_file_with_a_stray_legacy_byte_is_an_error_at_its_line(tmp_path, lang):
    """One word pasted from an older program: read in the code page that fits it, the whole page was
    mojibake (a French transcript came out in iso8859-10, "entraÃŪnez")."""
    text = SEEDS[lang].read_text(encoding="utf-8")
    lines = text.split("\n")
    at = next(n for n, line in enumerate(lines) if n > 2 and not line.isascii())
    stray = next(ch for ch in lines[at] if not ch.isascii())
    data = "\n".join(lines[:at]).encode() + b"\n" + lines[at].replace(stray, "", 1).encode()
    data += stray.encode(LEGACY[lang]) + b"\n" + "\n".join(lines[at + 1 :]).encode()
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path, lang)
    assert f"mixed.txt:{at + 1}: not UTF-8 at byte 0x" in str(caught.value)
    path.write_bytes(text.encode(LEGACY[lang], errors="replace"))
    assert read_transcript(path, lang).encoding != "utf-8"


SWAHILI = (
    "Unapofundisha mtandao wa neva, ni muhimu kuanzisha uzito kwa nasibu. Kwa regression ya logistic, "
    "ilikuwa sawa kuanzisha uzito kuwa sifuri. Tuone kwa nini.\n"
) * 6


@pytest.mark.parametrize(
    ("lang", "data", "line"),
    [
        (
            "sw",
            (SWAHILI + "Mwalimu alisema \u201cmuhimu sana\u201d, na hiyo ni kweli.\n").encode()
            + b"Tuna vitengo viwili vilivyofichwa \x93sawa\x94.\n",
            8,
        ),
        ("en", "It\u2019s the network\u2019s job.\n".encode() + b"Don\x92t stop.\n", 2),
    ],
    ids=["sw", "en"],
)
def test_a_utf8_file_of_few_letters_beyond_ascii_with_stray_legacy_bytes_is_an_error(
    tmp_path, lang, data, line
):
    """Two curly quotes pasted from Word (cp1252) into a Swahili transcript whose own were UTF-8: with so few
    characters beyond ASCII, the file was read as cp1250 ("â€śmuhimu sanaâ€ť" on the page, recorded by
    add-locale), an English one as mac-iceland ("It‚Äôs"), without a word."""
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path, lang)
    assert f"mixed.txt:{line}: not UTF-8 at byte 0x" in str(caught.value)


@pytest.mark.parametrize(
    ("lang", "data", "shown"),
    [
        (
            "en",
            b"Today we solve the system with Gau\xdf\x92s elimination\x85 then we substitute.\n",
            "Gauß’s",
        ),
        ("en", b"The \x93PEL\xc9\x94 example, then \x93ZERO\x94 again.\n", "“PELÉ”"),
        ("fr", b"Le \x93r\xe9seau\x94 et l\x92\xe9quipe \x96 PEL\xc9\x94.\n", "“réseau”"),
    ],
    ids=["gauss", "pele", "fr"],
)
def test_a_legacy_file_whose_bytes_make_a_utf8_sequence_by_chance_is_read_in_its_code_page(
    tmp_path, lang, data, shown
):
    """ß before ’ in cp1252 is valid UTF-8 (U+07D2, an N'Ko letter): a clean cp1252 file of few letters
    beyond ASCII was refused as "UTF-8 with stray bytes", and a site that built stopped building."""
    path = tmp_path / "legacy.txt"
    path.write_bytes(data)
    transcript = read_transcript(path, lang)
    assert transcript.encoding != "utf-8" and shown in transcript.text


@pytest.mark.parametrize(
    ("lang", "codec", "text", "named"),
    [
        ("fr-CA", "cp1252", "Ça y est. Lorsque vous entraînez votre réseau, c’est important.", "cp1252"),
        ("ko", "cp949", "신경망을 훈련할 때 가중치를 무작위로 초기화하는 것이 중요합니다.", "cp949"),
        ("zh", "gb18030", "训练神经网络时，随机初始化权重非常重要。", "gb18030"),
        ("fr", "ascii", "Lorsque vous entrainez votre reseau", "utf-8"),
    ],
)
def test_a_guess_other_encodings_read_alike_is_not_settled(tmp_path, lang, codec, text, named):
    """A first draft's "Ça y est, entraînez" reads alike in cp1250 and cp1252: detected and recorded as
    cp1250, the full transcript that replaced it showed "les poids ŕ zéro". Such a guess is not settled
    (add-locale records none), and names the code page that writes the most of the language (it named
    cp1250, euc_kr and gb2312)."""
    path = tmp_path / "draft.txt"
    path.write_bytes(text.encode(codec))
    transcript = read_transcript(path, lang)
    assert (transcript.encoding, transcript.encoding_settled, transcript.text) == (named, False, text)


@pytest.mark.parametrize(
    ("lang", "codec", "text"),
    [
        ("uk", "cp1251", "Коли ви тренуєте нейромережу, важливо ініціалізувати ваги."),
        ("pl", "iso8859-2", "Jeśli coś"),
        ("fr", "utf-8", "Ça y est"),
        ("fr", "utf-8-sig", "Lorsque vous"),
    ],
)
def test_a_guess_the_bytes_tell_is_settled(tmp_path, lang, codec, text):
    path = tmp_path / "draft.txt"
    path.write_bytes(text.encode(codec))
    transcript = read_transcript(path, lang)
    assert (transcript.encoding, transcript.encoding_settled, transcript.text) == (codec, True, text)


@pytest.mark.parametrize(
    ("lang", "given", "named", "shown", "better"),
    [
        ("fr", "cp1250", "cp1250", "poids ŕ zéro", "cp1252 reads it as French"),
        ("uk", "koi8-u", "koi8-u", "йНКХ РХ", "cp1251 reads it as Ukrainian"),
        ("tr", "latin-1", "iso8859-1", "Katmanlý", "cp1254 reads it as Turkish"),
    ],
)
def test_a_given_encoding_that_misreads_the_file_is_read_with_a_doubt(
    tmp_path, lang, given, named, shown, better
):
    """Given with add-locale's --encoding or recorded in the .yml, a wrong code page was read without a
    word, and the page was mojibake ("les poids ŕ zéro", "йНКХ БХ РПЕМС╨РЕ"). It is still read as given
    (the translator may know better), with a doubt that check and the build warn of."""
    path = tmp_path / "t.txt"
    path.write_bytes(SEEDS[lang].read_text(encoding="utf-8").encode(LEGACY[lang], errors="replace"))
    transcript = read_transcript(path, lang, encoding=given)
    assert shown in transcript.text and transcript.encoding == named
    assert transcript.encoding_doubt.startswith(f"read as {named}, the encoding given for it, this is not ")
    assert f"; {better}: give the one the file was saved in (`encoding:`" in transcript.encoding_doubt


@pytest.mark.parametrize(
    ("lang", "codec", "text"),
    [
        *((lang, codec, SEEDS[lang].read_text(encoding="utf-8")) for lang, codec in sorted(LEGACY.items())),
        ("fr", "mac-roman", SEEDS["fr"].read_text(encoding="utf-8")),
        ("ru", "cp1251", "Итак: W = 0,01 · randn(2, 2) ± 0,001; b = 0 ± 0, нет."),
        ("el", "cp1253", "Βάρη: W" + "".join(f" ± 0,{n}" for n in range(1, 17))),
        ("el", "cp1253", "Άρα τα βάρη είναι ίσα·"),
        ("el", "iso8859-7", "Άρα τα βάρη είναι ίσα·"),
        ("en", "cp1252", "It costs 5 € ± 2 €, © ® ™."),
        ("ru", "koi8-r", "Вес и смещение. ВЕС И СМЕЩЕНИЕ."),
        # Symbols between words, which another code page reads as letters: hp-roman8 was advised.
        ("en", "cp1252", "A 2 × 2 matrix, then 3 × 3, then 4 × 4."),
        ("de", "cp1252", "Die GPU kostet 500 €, die Cloud 20 € pro Stunde, also 1000 € im Monat."),
        ("de", "iso8859-15", "Die GPU kostet 500 €, die Cloud 20 € pro Stunde, also 1000 € im Monat."),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 10 else None,
)
def test_a_given_encoding_that_is_the_file_s_is_not_doubted(tmp_path, lang, codec, text):
    path = tmp_path / "t.txt"
    path.write_bytes(text.encode(codec, errors="replace"))  # the seeds' few subscripts and such: "?"
    transcript = read_transcript(path, lang, encoding=codec)
    assert _squeeze(transcript.text) == _squeeze(
        unicodedata.normalize("NFC", path.read_bytes().decode(codec))
    )
    assert transcript.encoding_doubt == ""


@pytest.mark.parametrize(
    ("lang", "given", "saved", "named"),
    [
        ("ko", "euc_kr", "cp949", "cp949 reads it as Korean"),  # cp949's Hangul beyond EUC-KR: "똠", "햏"
        ("zh-Hant", "big5", "big5hkscs", "big5hkscs reads it as Chinese"),  # HKSCS: "㗎", "嘅"
        ("fr", "ascii", "cp1252", "cp1252 reads it as French"),
    ],
)
def test_a_given_encoding_the_file_cannot_be_decoded_in_names_the_one_that_reads_it(
    tmp_path, lang, given, saved, named
):
    """euc_kr given for a cp949 file (its superset, as Windows saves Korean) said only "byte 0xa0 is
    invalid": the translator had to guess which encoding to give instead."""
    texts = {
        "ko": "똠방각하, 햏햏. 이제 가중치를 무작위로 초기화해 봅시다. 모든 유닛이 같은 값을 계산합니다.",
        "zh-Hant": "佢哋講嘅嘢㗎。現在我們把權重隨機初始化，隱藏層的每個單元計算不同的函數。",
        "fr": "Ça y est. Mettons les poids à zéro, et les paramètres aussi. Voilà, c’est très simple.",
    }
    path = tmp_path / "t.txt"
    path.write_bytes(((texts[lang] + "\n") * 4).encode(saved))
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path, lang, encoding=given)
    message = str(caught.value)
    assert f"cannot be decoded as {text_codec(given)}: byte 0x" in message
    assert f"the file is saved in another encoding ({named}); give that one" in message


def test_encoding_and_format_can_be_forced():
    transcript = read_transcript(FIXTURES / "uk-cp1251.txt", "uk", fmt="md", encoding="windows-1251")
    assert (transcript.encoding, transcript.format) == ("cp1251", "md")
    assert "тренуєш" in transcript.text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_when_given_and_named_when_not(tmp_path, codec):
    text = SEEDS["uk"].read_text(encoding="utf-8")
    path = tmp_path / "uk.txt"
    path.write_bytes(text.encode(codec))
    assert read_transcript(path, "uk", encoding=codec).text == read_transcript(SEEDS["uk"], "uk").text
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path, "uk")
    assert f"no byte-order mark, but this looks like {codec} text" in str(caught.value)


@pytest.mark.parametrize("suffix", [".txt", ".srt"])
def test_a_merge_conflict_left_in_a_transcript_is_an_error_at_its_first_marker(tmp_path, suffix):
    """Two translators' versions of a line, merged by git: the page published both, with git's markers
    between them, and ``check`` found no problem."""
    lines = SEEDS["fr"].read_text(encoding="utf-8").splitlines()
    if suffix == ".srt":
        lines = ["1", "00:00:01,000 --> 00:00:04,000", *lines[:3], "", "2", "00:00:04,000 --> 00:00:08,000"]
    lines[3:4] = ["<<<<<<< HEAD", lines[3], "=======", lines[3].upper(), ">>>>>>> fr-relecture"]
    path = tmp_path / f"fr{suffix}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path, "fr")
    assert str(caught.value) == f"{path}:4: {MERGE_CONFLICT}"
    assert MERGE_CONFLICT.startswith("an unresolved merge conflict (<<<<<<<, =======, >>>>>>>)")


BAD = [
    ("empty.txt", {}, "empty file"),
    ("blank.txt", {}, "empty file"),
    ("binary.png", {}, "binary file"),
    ("nul.txt", {}, "nul.txt:3: binary file"),
    ("control.txt", {}, "binary file"),
    ("not-utf8.txt", {"encoding": "utf-8"}, "not-utf8.txt:3: cannot be decoded as utf-8"),
    ("not-utf8.txt", {"encoding": "utf-8"}, "give that one, or none to have it detected (`encoding:` in"),
    ("bad-timing.srt", {}, "bad-timing.srt:6: malformed cue timing"),
    ("missing.txt", {}, "missing.txt: no such file"),
    ("not-utf8.txt", {"encoding": "no-such-codec"}, "unknown encoding"),
    ("not-utf8.txt", {"encoding": "base64"}, "unknown encoding 'base64'"),  # a codec, but not of text
    ("not-utf8.txt", {"encoding": "rot13"}, "unknown encoding 'rot13'"),
    ("not-utf8.txt", {"encoding": "unicode_escape"}, "unknown encoding 'unicode_escape'"),
    ("empty.txt", {"fmt": "docx"}, "empty file"),
]


@pytest.mark.parametrize(("name", "options", "message"), BAD, ids=[f"{n}-{m[:12]}" for n, _, m in BAD])
def test_bad_input_raises_a_transcript_error_naming_the_file(name, options, message):
    with pytest.raises(TranscriptError) as caught:
        read_transcript(FIXTURES / "bad" / name, "fr", **options)
    assert message in str(caught.value)
    assert name in str(caught.value)


@pytest.mark.parametrize(
    ("path", "given", "actual"),
    [
        (FIXTURES / "fr-utf8-bom.txt", "cp1252", "utf-8-sig"),
        (FIXTURES / "fr-utf16le.txt", "utf-8", "utf-16-le"),
        (SEEDS["uk"], "cp1251", "utf-8"),
    ],
    ids=["bom-as-cp1252", "utf16-as-utf8", "utf8-as-cp1251"],
)
def test_a_recorded_encoding_the_bytes_contradict_is_an_error_not_mojibake(path, given, actual):
    # The file was re-saved after its encoding was recorded: decoding with the old one would "work".
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path, "fr", encoding=given)
    assert f"the file is {actual}, not {given} as given" in str(caught.value)


@pytest.mark.parametrize(
    ("name", "given"),
    [
        ("lecture.srt", "txt"),
        ("lecture.vtt", "md"),
        ("timestamped.md", "txt"),
        ("lecture.vtt", "srt"),
        ("lecture.srt", "vtt"),
        ("timestamped.md", "srt"),
        ("fr-utf8-bom.txt", "vtt"),
    ],
)
def test_a_recorded_format_the_file_plainly_contradicts_is_an_error_not_syntax_on_the_page(name, given):
    with pytest.raises(TranscriptError) as caught:
        read_transcript(FIXTURES / name, "fr", fmt=given)
    actual = Path(name).suffix[1:]
    assert f"{name}: the file is {actual}, not {given} as given" in str(caught.value)


def test_a_directory_is_not_a_transcript():
    with pytest.raises(TranscriptError, match="is a directory"):
        read_transcript(FIXTURES / "bad", "fr")


@pytest.mark.parametrize("code", ["xx-nope", "", "12", "zh--Hant"])
def test_unparsable_language_code_is_a_locale_error(code):
    with pytest.raises(LocaleError) as caught:
        read_transcript(SEEDS["fr"], code)
    assert repr(code) in str(caught.value) and "random-initialization.txt" in str(caught.value)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["bad/empty.txt", "--lang", "fr"], "empty.txt: empty file"),
        (["bad/nul.txt", "--lang", "fr"], "nul.txt:3: binary file"),
        (["bad", "--lang", "fr"], "is a directory"),
        (["missing.srt", "--lang", "fr"], "missing.srt: no such file"),
        (
            ["lecture.srt", "--lang", "qq_ZZZ"],
            "'qq_ZZZ' is not a language code (such as fr",
        ),
        (["bad/not-utf8.txt", "--lang", "uk", "--encoding", "utf-8"], "not-utf8.txt:3: cannot be decoded"),
    ],
    ids=["empty", "nul", "directory", "missing", "language", "undecodable"],
)
def test_cli_reports_bad_input_on_one_line_with_status_2(capsys, argv, message):
    argv = ["segment", str(FIXTURES / argv[0]), *argv[1:]]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]


def test_cli_prints_one_sentence_a_line(capsys):
    assert main(["segment", str(SEEDS["uk"]), "--lang", "uk"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [s.text for s in read_transcript(SEEDS["uk"], "uk").sentences]


def test_cli_json_has_the_reading(capsys):
    assert main(["segment", str(FIXTURES / "lecture.srt"), "--lang", "en", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert {"lang", "format", "encoding", "text", "sentences", "times"} <= payload.keys()
    assert (payload["lang"], payload["format"], payload["encoding"]) == ("en", "srt", "utf-8")
    assert payload["times"] == [1.0, 4.2, 12.25] and len(payload["sentences"]) == 3


@pytest.mark.parametrize("json_out", [False, True], ids=["lines", "json"])
def test_cli_writes_out_the_control_characters_of_a_transcript(tmp_path, capsys, json_out):
    """Escape sequences of a contributed transcript reached the terminal raw (a window title, colours)."""
    path = tmp_path / "t.txt"
    filler = "Une phrase qui dit quelque chose. " * 40
    path.write_text(filler + "Puis \x1b]0;TITRE\x07\x1b[31mROUGE\x9b2J ici. Une autre.\n", encoding="utf-8")
    assert main(["segment", str(path), "--lang", "fr", *(["--json"] if json_out else [])]) == 0
    out = capsys.readouterr().out
    assert "ROUGE" in out and not re.search("[\x00-\x08\x0e-\x1f\x7f-\x9f]", out)
    if json_out:
        assert "\x1b[31mROUGE\x9b2J" in json.loads(out)["text"]  # the data itself is unchanged


@pytest.mark.parametrize("command", [["align", "random-initialization"], ["check"]])
def test_every_command_writes_utf8_whatever_the_output_encoding(tmp_path, command):
    """With PYTHONIOENCODING=cp1252 (as a redirection on Windows), align and check ended in a
    UnicodeEncodeError traceback at the first Korean or Chinese character."""
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    run = subprocess.run(
        [sys.executable, "-m", "coursegen.cli", *command], capture_output=True, env=env, cwd=ROOT, check=False
    )
    assert b"Traceback" not in run.stderr and run.returncode in (0, 1), run.stderr[-2000:]
    assert "신경망".encode() in run.stdout or b"no problems" in run.stdout


def test_cli_writes_to_a_terminal_in_its_own_encoding() -> None:
    """On a Latin-1 terminal, UTF-8 showed "entraÃ®nez"; what it cannot show is escaped, as on stderr."""
    import pty

    controller, terminal = pty.openpty()
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    try:
        run = subprocess.run(
            [sys.executable, "-m", "coursegen.cli", "segment", str(SEEDS["fr"]), "--lang", "fr"],
            stdout=terminal,
            stderr=subprocess.PIPE,
            env=env,
            check=False,
        )
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal's other end is closed: all was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
    assert run.returncode == 0, run.stderr
    assert "entraînez".encode("latin-1") in shown and "entraînez".encode() not in shown
    assert b"\\u2019" in shown  # a typographic apostrophe, which Latin-1 lacks


def test_cli_in_a_subprocess_writes_utf8_and_reports_errors_without_traceback():
    command = [sys.executable, "-m", "coursegen.cli", "segment"]
    env = {"PYTHONIOENCODING": "ascii", "PATH": ""}
    ok = subprocess.run(
        [*command, str(SEEDS["ko"]), "--lang", "ko"], capture_output=True, env=env, check=False
    )
    assert ok.returncode == 0 and "신경망을".encode() in ok.stdout
    bad = subprocess.run(
        [*command, str(FIXTURES / "bad" / "empty.txt"), "--lang", "fr"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 2 and b"Traceback" not in bad.stderr
    assert bad.stderr.decode().strip().endswith("empty.txt: empty file")


def test_cli_piped_into_a_reader_that_stops_early_prints_no_traceback(tmp_path):
    # As in `coursegen segment FILE | head -1`: the pipe closes while sentences are still being printed
    # (more of them than a pipe's buffer holds).
    long = tmp_path / "long.txt"
    long.write_text("Lorsque vous entraînez un réseau, initialisez les poids.\n" * 4000, encoding="utf-8")
    command = [sys.executable, "-m", "coursegen.cli", "segment", str(long), "--lang", "fr"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        errors = process.stderr.read()
    assert first.startswith(b"Lorsque vous")
    assert errors == b""
    # What a shell expects of a writer whose reader left (as `cat` or `git log` do): 128 + SIGPIPE, not the
    # status of an error in the input.
    assert process.returncode == 128 + signal.SIGPIPE


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
    | st.sampled_from(list(" \n\n.?!。，、 0,01 w[1]:=()")),
    min_size=1,
    max_size=300,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXT, lang=st.sampled_from(["fr", "zh_Hant", "ko", "uk", "tr"]))
def test_nothing_is_lost_or_invented_in_random_plain_text(tmp_path, text, lang):
    path = tmp_path / "random.txt"
    path.write_text(text, encoding="utf-8")
    try:
        transcript = read_transcript(path, lang, fmt="txt")
    except TranscriptError as error:
        # Blank, binary, or plainly another format (a text that opens with "WEBVTT" is subtitles).
        assert not text.lstrip("\ufeff").strip() or "binary" in str(error) or "not txt as given" in str(error)
        return
    source = unicodedata.normalize("NFC", text).lstrip("\ufeff")  # byte-order marks are not text
    if re.search(r"^\s*[\[(]?\s*(\d+:)?\d{1,2}:\d{2}", source, re.MULTILINE):
        return  # a leading timestamp is metadata, not text
    assert _squeeze(transcript.text) == _squeeze(source)
    _check_invariant(transcript)


@pytest.mark.parametrize(
    ("stray", "shown"),
    [
        ("\x000\x00", "\x000\x00"),
        ("\x005\x00", "\x005\x00"),
        ("\ue0000\ue000", "\ue0000\ue000"),
        ("&#xE000;5&#xE000;", "\ue0005\ue000"),
        ("&#57344;0&#57344;", "\ue0000\ue000"),
        # References that only the line's rewriting puts together (escapes, tags, emphasis taken out).
        ("&\\#xE000;5&\\#xE000;", "\ue0005\ue000"),
        ("&#x<b>E000;</b>5&#x<b>E000;</b>", "\ue0005\ue000"),
        ("&#x**E000**;0&#x**E000**;", "\ue0000\ue000"),
    ],
)
def test_markdown_code_spans_survive_characters_that_could_stand_for_them(tmp_path, stray, shown):
    path = tmp_path / "notes.md"
    # In UTF-16, a few NUL characters in a long text are no sign of a binary file.
    filler = "Les poids commencent petits et différents. " * 20
    path.write_text(f"{filler}\n\nLe code `np.zeros` et {stray} puis `W1 * 0.01`.\n", encoding="utf-16")
    text = read_transcript(path, "fr").text
    assert f"Le code np.zeros et {shown} puis W1 * 0.01." in text and text.count("np.zeros") == 1


def test_an_alias_in_a_markdown_transcript_s_front_matter_is_an_error_at_its_line(tmp_path):
    path = tmp_path / "notes.md"
    bomb = "".join(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10) if n else 'x'}]\n" for n in range(9))
    path.write_text(f"---\n{bomb}title: *l8\n---\n\nLe texte.\n", encoding="utf-8")
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path, "fr")
    assert caught.value.where == f"{path}:3"
    assert caught.value.reason.startswith("malformed front matter: an alias (*name)")


@pytest.mark.parametrize(
    "opening",
    [
        "---\n\nBonjour à tous.\n\nNous allons voir pourquoi.\n\n---\n",  # rules around a paragraph
        "---\nBonjour à tous.\n\nNous allons voir pourquoi...\n\n...\n",  # a pause closing it
        "---\n- Bonjour à tous.\n- Nous allons voir pourquoi.\n---\n",  # a list: valid YAML
        "---\nBonjour à tous : nous allons voir pourquoi.\n---\n",  # invalid YAML
        "---\nIntroduction: Bonjour à tous, nous allons voir pourquoi.\n---\n",  # a heading, not a key
        "---\nAuteur: Bonjour à tous\n\n- nous allons voir pourquoi.\n---\n",  # refused as malformed
    ],
)
def test_notes_that_open_with_a_rule_keep_their_first_lines(tmp_path, opening):
    """Only a mapping of keys is front matter; the opening paragraph was lost, or the file refused."""
    path = tmp_path / "notes.md"
    path.write_text(f"{opening}**[0:05]** Vous avez ici deux propriétés.\n", encoding="utf-8")
    transcript = read_transcript(path, "fr")
    _check_invariant(transcript)
    for words in ("Bonjour à tous", "allons voir pourquoi", "Vous avez ici deux propriétés."):
        assert words in transcript.text


def test_a_bracketed_speaker_is_text_and_only_a_commonmark_link_definition_goes(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(
        "**[0:01]** Bonjour.\n\n[Professeur]: Aujourd’hui, l’initialisation.\n\n"
        '[vidéo]: https://example.org/cours "La vidéo"\n\n'
        "Voir la vidéo.\n[note]: https://example.org/note\n",  # a definition cannot interrupt a paragraph
        encoding="utf-8",
    )
    assert read_transcript(path, "fr").text == (
        "Bonjour.\n\n[Professeur]: Aujourd’hui, l’initialisation.\n\n"
        "Voir la vidéo. [note]: https://example.org/note"
    )


@pytest.mark.parametrize(
    ("front", "title"),
    [
        ("---\nTitle: Initialisation\nAuthor: Marie\n---\n", None),  # capitalized keys
        ("---\ntitle: Initialisation\npublishDate: 2024-01-01\n---\n", "Initialisation"),  # Hugo's names
        ("---\nannée: 2024\ntitre: Initialisation\n---\n", None),
    ],
)
def test_front_matter_of_any_key_names_is_metadata(tmp_path, front, title):
    """For a while only keys in small ASCII letters were: Hugo's publishDate or a Title reached the page."""
    path = tmp_path / "notes.md"
    path.write_text(f"{front}**[0:05]** Vous avez ici deux propriétés.\n", encoding="utf-8")
    transcript = read_transcript(path, "fr")
    assert transcript.text == "Vous avez ici deux propriétés." and transcript.title == title


def test_a_speaker_line_no_link_uses_is_text(tmp_path):
    """A one-word reply and a stage direction have a link definition's shape: they vanished, in silence.
    A definition a link uses, or one leading to an address, is markup and goes."""
    path = tmp_path / "notes.md"
    path.write_text(
        "**[0:01]** Voir [le cours][c]. [Rires]\n\n[Étudiant]: Pourquoi?\n\n[Rires]: (applaudissements)\n\n"
        "[Prof]: Donc:\n\n[c]: cours.html\n\n[d]: /notes\n",
        encoding="utf-8",
    )
    assert read_transcript(path, "fr").text == (
        "Voir le cours. [Rires]\n\n[Étudiant]: Pourquoi?\n\n[Rires]: (applaudissements)\n\n[Prof]: Donc:"
    )


def test_a_link_by_reference_shows_its_text_as_a_renderer_shows_it(tmp_path):
    """The page showed "[le cours][c]", brackets and label, where any Markdown viewer shows "le cours"."""
    path = tmp_path / "notes.md"
    path.write_text(
        "Voir [le cours][C], [les notes][] et [ici]. [Rires] [x][nulle part] `[code][c]` ![schéma][c] "
        "[le [second] cours][c]\n\n"
        "[c]: https://example.org/c\n[les notes]: notes.html\n[ici]: https://example.org/i\n",
        encoding="utf-8",
    )
    assert read_transcript(path, "fr").text == (
        "Voir le cours, les notes et ici. [Rires] [x][nulle part] [code][c] schéma le [second] cours"
    )


def test_markdown_references_and_tags_are_commonmark_s(tmp_path):
    """A reference needs its semicolon; "<x et x+1>" is no tag, but "<y et z>" is one (CommonMark)."""
    path = tmp_path / "notes.md"
    path.write_text(
        "**[0:01]** Si 0<x et x+1>2, R&D et &notation &amp; &eacute;t&eacute <b>gras</b> et x<y et z>0.\n",
        encoding="utf-8",
    )
    assert read_transcript(path, "fr").text == "Si 0<x et x+1>2, R&D et &notation & ét&eacute gras et x0."


@pytest.mark.parametrize("argv", [["-v", "check"], ["check", "-v"], ["check", "--verbose"]])
def test_verbose_is_taken_before_and_after_the_command(argv):
    """'coursegen check -v' was "unrecognized arguments"; only 'coursegen -v check' worked."""
    from coursegen.cli import _build_parser

    assert _build_parser().parse_args(argv).verbose is True
    assert _build_parser().parse_args(["check"]).verbose is False


@pytest.mark.parametrize(
    ("fmt", "line"),
    [
        ("md", "*a " * 40000),
        ("md", "**a " * 30000),
        ("md", "***a " * 30000),
        ("md", "_a_b " * 25000),
        ("md", "~~a " * 30000),
        ("md", "$a " * 40000),
        ("md", "\\(a " * 30000),
        ("srt", "{\\pos(" * 20000),
        ("md", "*a a*a " * 30000),
        ("md", "*a * " * 30000),
        ("md", "$a\\$ " * 30000),
        ("md", "<!--" * 20000),
    ],
    ids=[
        "star",
        "double-star",
        "triple-star",
        "underscore",
        "tilde",
        "dollar",
        "paren",
        "ass-override",
        "star-in-word",
        "spaced-star",
        "escaped-dollar",
        "comment",
    ],
)
def test_a_long_line_with_unclosed_delimiters_is_read_at_once(tmp_path, fmt, line):
    """Each "*" or "$" left open scanned on to the end of the line for its closing one: a Markdown export's
    120 KB paragraph took a minute to read (240 KB, five), in every build and mkdocs serve rebuild. Now a
    tenth of a second; the bound is only there to fail loudly."""
    path = tmp_path / f"t.{fmt}"
    path.write_text(
        f"1\n00:00:01,000 --> 00:00:04,000\nBonjour {line}fin.\n"
        if fmt == "srt"
        else f"Bonjour {line}fin.\n",
        encoding="utf-8",
    )
    start = time.perf_counter()
    transcript = read_transcript(path, "fr", fmt)
    assert time.perf_counter() - start < 10
    assert transcript.text.startswith("Bonjour") and transcript.text.endswith("fin.")


@pytest.mark.parametrize("delimiter", ["*", "**", "_"])
def test_emphasis_nested_thousands_deep_is_read_at_once_and_keeps_what_is_not_taken_off(tmp_path, delimiter):
    """Each pass took off one level of nesting and read the line again: "*" 20,000 times on either side of a
    word took 22 s. Past sixteen levels (no writer nests so), the rest of the delimiters are text."""
    depth = 12_000 // len(delimiter)
    path = tmp_path / "t.md"
    path.write_text(f"Avant {delimiter * depth}mot{delimiter * depth} après.\n", encoding="utf-8")
    start = time.perf_counter()
    text = read_transcript(path, "fr", "md").text
    assert time.perf_counter() - start < 3
    assert "mot" in text and text.count(delimiter[0]) > 100
    shallow = tmp_path / "s.md"
    shallow.write_text(f"Avant {'*' * 8}mot{'*' * 8} et {'_' * 16}mot{'_' * 16} après.\n", encoding="utf-8")
    assert read_transcript(shallow, "fr", "md").text == "Avant mot et mot après."


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("*2 * 3 = 6*", "2 * 3 = 6"),
        ("*a * b*", "a * b"),
        ("~~a ~~ b~~", "a ~~ b"),
        ("*a*b*c*", "a*b*c"),
        ("$\\$5$ cost", "\\$5 cost"),
        ("**a *b***", "a b"),
        ("_the my_var value_", "the my_var value"),
        ("2*3*4", "2*3*4"),
    ],
)
def test_emphasis_holding_its_own_delimiter_is_read_as_before(tmp_path, line, shown):
    """Read in linear time, spans run to their next delimiter only; one that can neither open nor close a
    span (between spaces, inside a word) still belongs to it: "*2 * 3 = 6*" kept its asterisks."""
    path = tmp_path / "t.md"
    path.write_text(f"Avant {line} après.\n", encoding="utf-8")
    assert read_transcript(path, "fr", "md").text == f"Avant {shown} après."


@pytest.mark.parametrize("fmt", ["txt", "srt", "vtt", "md"])
def test_no_break_spaces_are_text(tmp_path, fmt):
    """The no-break space a French translator types before "?" and inside "10 000" became a plain space: the
    page could break the line there."""
    said = "Pourquoi\u202f? Parce que 10\u00a0000 poids\u2007!"
    body = {
        "txt": said,
        "srt": f"1\n00:00:01,000 --> 00:00:04,000\n{said}\n",
        "vtt": f"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n{said}\n",
        "md": f"**[0:01]** {said}\n",
    }[fmt]
    path = tmp_path / f"t.{fmt}"
    path.write_text(body, encoding="utf-8")
    assert read_transcript(path, "fr", fmt).text.strip() == said


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_ideographic_spaces_are_text(tmp_path, fmt):
    """U+3000 opening a Chinese paragraph was dropped, and one between phrases became a plain space."""
    first = "當你訓練神經網路時，把權重隨機初始化是很重要的。" * 3
    second = "\u3000第二段開頭有全形空格。文字\u3000中間\u3000空格。"
    path = tmp_path / f"t.{fmt}"
    path.write_text(f"{first}\n\n{second}\n", encoding="utf-8")
    text = read_transcript(path, "zh-Hant", fmt).text
    assert second in text


@pytest.mark.parametrize("fmt", ["txt", "srt"])
def test_ideographic_spaces_that_only_lay_lines_out_are_not_text(tmp_path, fmt):
    """Chinese text indented with two ideographic spaces on every line, and subtitles padded with them,
    showed wide gaps in the middle of a paragraph: only a paragraph's opening indent is kept."""
    lines = ["當你訓練神經網路時，", "把權重隨機初始化是很重要的。", "對於邏輯迴歸，", "初始化為零是可以的。"]
    if fmt == "txt":
        body = "".join(f"\u3000\u3000{line}\n" for line in lines)
    else:
        body = "".join(
            f"{n}\n00:00:0{n},000 --> 00:00:0{n + 1},000\n\u3000{line}\u3000\n\n"
            for n, line in enumerate(lines, 1)
        )
    path = tmp_path / f"t.{fmt}"
    path.write_text(body, encoding="utf-8")
    text = read_transcript(path, "zh-Hant", fmt).text
    opening = "\u3000\u3000" if fmt == "txt" else "\u3000"
    assert text == opening + "".join(lines)


def test_a_device_or_a_file_of_many_megabytes_is_refused_at_once(capsys, tmp_path):
    """coursegen segment /dev/zero read for good, and a 10 MB file aligned for minutes."""
    from coursegen.files import MAX_TRANSCRIPT_BYTES as MAX_BYTES

    device = subprocess.run(
        [sys.executable, "-m", "coursegen.cli", "segment", "/dev/zero", "--lang", "fr"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert device.returncode == 2 and device.stderr.startswith("error: /dev/zero: over 4 MB, not a lesson's")
    big = tmp_path / "big.txt"
    big.write_bytes(b"Une phrase de plus.\n" * (MAX_BYTES // 20 + 1))
    assert main(["segment", str(big), "--lang", "fr"]) == 2
    assert capsys.readouterr().err.startswith(f"error: {big}: over 4 MB, not a lesson's transcript")
    fits = tmp_path / "fits.txt"
    fits.write_bytes(b"Une phrase de plus.\n" * (MAX_BYTES // 20 - 1))
    assert len(read_transcript(fits, "fr").sentences) == MAX_BYTES // 20 - 1


CORSICAN = (
    "Bonghjornu à tutti, oghje parlemu di cumu inizializà i pesi di una reta neurale.\n"
    "Sè mettimu tutti i pesi à zeru, tutte l'unità piatte calculanu a listessa cosa.\n"
    "Dunque ci vole à sceglie i pesi à l'azardu, cù numeri chjuchi.\n"
    "Cusì a discesa di u gradiente funziona bè è a reta ampara più prestu.\n"
)


@pytest.mark.parametrize("machine", ["ru_RU", "tr_TR", "en_US_POSIX"])
def test_a_language_icu_lacks_is_read_alike_whatever_the_machine_s_locale(
    tmp_path: Path, machine: str
) -> None:
    """ICU gives the letters of the machine's locale (LANG) for a language it has no data for: a Corsican
    transcript in Windows-1252 was read as Mac Cyrillic ("Sи mettimu") on a machine set to Russian, without a
    word, and right elsewhere."""
    import icu

    path = tmp_path / "co.txt"
    path.write_bytes(CORSICAN.encode("cp1252"))
    before = icu.Locale.getDefault()
    icu.Locale.setDefault(icu.Locale(machine))
    try:
        transcript = read_transcript(path, "co")
    finally:
        icu.Locale.setDefault(before)
    assert transcript.encoding == "cp1252"
    assert "Sè mettimu tutti i pesi à zeru" in transcript.text


@pytest.mark.parametrize("encoding", [None, "utf-8"])
def test_a_transcript_cut_in_the_middle_of_a_character_is_said_to_be_cut(tmp_path: Path, encoding) -> None:
    """Read while an editor wrote it (mkdocs serve), it was said to be "not UTF-8 ... give the file's
    encoding", which sent the translator to change a setting that was right."""
    data = SEEDS["ko"].read_bytes()
    cut = data[: data.index("신경망".encode(), 2000) + 4]  # "신" whole, "경" cut short
    path = tmp_path / "ko.txt"
    path.write_bytes(cut)
    with pytest.raises(TranscriptError) as error:
        read_transcript(path, "ko", encoding=encoding)
    assert (
        error.value.reason
        == "the file ends in the middle of a character (a save caught half-way?): save it again"
    )
    assert error.value.line == cut.count(b"\n") + 1


def test_section_marks_cut_in_the_middle_of_a_character_are_said_to_be_cut(tmp_path: Path) -> None:
    from coursegen.errors import AlignmentError
    from coursegen.files import read_text

    path = tmp_path / "x.sections.yml"
    path.write_bytes('intro: "Симетрія'.encode()[:-1])
    with pytest.raises(AlignmentError, match="section marks: the file ends in the middle of a character"):
        read_text(path, AlignmentError, "section marks")
