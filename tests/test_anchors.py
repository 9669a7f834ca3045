"""Anchors: formulas, numbers and kept Latin terms, canonical across translators' spellings."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coursegen.anchors import anchor_weights, fold, latin_share, tokens
from coursegen.units import is_unspaced


def _types(text: str) -> list[str]:
    return [a.token for a in tokens(text)]


def test_formulas_written_differently_give_the_same_tokens() -> None:
    assert _types("n[0]=2") == _types("n0 = 2") == ["n0", "2"]
    assert _types("a[1]₁") == _types("a11") == ["a11"]
    assert _types("по 0,01.") == _types("by 0.01")[1:] == ["0.01"]
    assert _types("w1=np.random.randn") == ["w1", "np.random.randn"]
    assert _types("w1'i bulduğunuzda") == ["w1", "i", "bulduğunuzda"]


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
