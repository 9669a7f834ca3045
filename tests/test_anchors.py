"""Anchors: formulas, numbers and kept Latin terms, canonical across spellings; alignment units."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from coursegen.anchors import anchor_weights, fold, latin_share, tokens
from coursegen.transcripts import Sentence, Transcript
from coursegen.units import is_unspaced, sentence_finals, split_units


def _types(text: str) -> list[str]:
    return [a.token for a in tokens(text)]


def test_formulas_written_differently_give_the_same_tokens() -> None:
    assert _types("n[0]=2") == _types("n0 = 2") == ["n0", "2"]
    assert _types("a[1]₁") == _types("a11") == ["a11"]
    assert _types("по 0,01.") == _types("by 0.01")[1:] == ["0.01"]
    assert _types("w1=np.random.randn") == ["w1", "np.random.randn"]
    assert _types("w1'i bulduğunuzda") == ["w1", "i", "bulduğunuzda"]
    # Digits of other scripts are the same numbers: an Arabic transcript writing ٠٫٠١ and n١ = ٢ anchors too.
    assert _types("بمقدار ٠٫٠١ و n١ = ٢") == ["0.01", "n1", "2"]
    assert _types("۱۰۰۰") == ["1000"]


def test_offsets_point_at_the_token() -> None:
    text = "設 w1 = np.random.randn 這會"
    for anchor in tokens(text):
        assert fold(text)[anchor.offset :].casefold().startswith(anchor.token[0])


@given(st.text())
def test_fold_keeps_length(text: str) -> None:
    assert len(fold(text)) == len(text)


def test_plain_latin_words_count_only_when_a_non_latin_transcript_keeps_them() -> None:
    found = {
        "fr": tokens("la fonction tanh de 0,01 de"),
        "tr": tokens("tanh de 0.01 de"),
        "ko": tokens("tanh 함수 0.01"),
    }
    latin = {code: latin_share(" ".join(a.token for a in anchors)) > 0.5 for code, anchors in found.items()}
    latin["ko"] = False
    weights = anchor_weights(found, latin)
    assert "tanh" in weights and "0.01" in weights
    assert "de" not in weights and "la" not in weights


def test_scripts_without_spaces_between_words_are_told_apart() -> None:
    assert is_unspaced("當您訓練您的神經網路 怎樣隨機初始這些權重是很重要的")
    assert not is_unspaced("여러분이 신경망을 변경할때는, weight를 임의로 초기화하는 것이 중요합니다.")
    assert not is_unspaced("Lorsque vous entraînez votre réseau")


def _transcript(text: str, lang: str = "xx") -> Transcript:
    return Transcript(Path(f"{lang}.txt"), lang, "txt", "utf-8", text, (Sentence(text, 0, len(text)),))


def test_sentence_endings_are_learned_from_the_transcript() -> None:
    text = "여기 있습니다. 그렇습니다. 좋군요. 그렇군요. 또 있습니다. 사과를 먹고 배를 먹고 물을 마셨다."
    finals = sentence_finals(Transcript(Path("ko.txt"), "ko", "txt", "utf-8", text, ()))
    assert {"다", "요"} <= finals
    assert "고" not in finals and "를" not in finals


def test_a_missing_full_stop_still_offers_a_cut() -> None:
    text = "Il manque un s ici Donc finalement, il existe de meilleures constantes que zéro virgule zéro un."
    starts = {u.start: u.sentence for u in split_units(_transcript(text))}
    assert starts[text.index("Donc")] is False
    assert text.index("il existe") not in starts  # a clause right after an opening phrase is no place to cut


@given(st.text(alphabet=st.sampled_from("ab. ,D한다요\n中0"), max_size=200))
def test_units_tile_the_text(text: str) -> None:
    units = split_units(_transcript(text))
    if not text.strip():
        assert units == ()
        return
    assert units[0].start == len(text) - len(text.lstrip())
    assert units[-1].end == len(text)
    for before, after in itertools.pairwise(units):
        assert before.end == after.start and before.start < after.start
