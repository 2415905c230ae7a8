"""decode_bytes: declared charsets, detection of legacy encodings, mojibake repair."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.errors import DecodeError, StorylineError, UnsupportedInput
from storyline.ingest import decode_bytes

KOREAN = (
    "서울시는 오늘 새로운 교통 정책을 발표했다. 시장은 기자회견에서 "
    '"시민의 안전이 가장 중요하다"고 말했다. 이번 정책은 다음 달부터 시행된다.'
)
JAPANESE = (
    "東京都は本日、新しい交通政策を発表した。知事は記者会見で「市民の安全が最も重要だ」と述べた。"
)
FRENCH = (
    "Le président a déclaré « nous allons réussir » devant la presse à Paris, où il était arrivé."
)


def test_korean_euc_kr_without_declared_charset_is_detected():
    text, encoding = decode_bytes(KOREAN.encode("euc-kr"), "ko.txt")
    assert text == KOREAN
    assert encoding in ("cp949", "euc_kr")


def test_korean_cp949_only_syllables_survive():
    original = KOREAN + " 똠방각하의 햏 소리."  # 똠 and 햏 exist in CP949, not in EUC-KR
    text, encoding = decode_bytes(original.encode("cp949"), "ko.txt")
    assert text == original
    assert encoding == "cp949"


def test_shift_jis_without_declared_charset_is_detected():
    text, _ = decode_bytes(JAPANESE.encode("shift_jis"), "ja.txt")
    assert text == JAPANESE


def test_windows_1252_without_declared_charset_is_detected():
    text, encoding = decode_bytes(FRENCH.encode("cp1252"), "fr.txt")
    assert text == FRENCH
    assert encoding == "cp1252"


def test_declared_charset_is_honoured_when_it_decodes_cleanly():
    data = "Señor Pérez dijo que sí.".encode("latin-1")
    assert decode_bytes(data, "es.html", declared="ISO-8859-1") == (
        "Señor Pérez dijo que sí.",
        "cp1252",
    )


def test_wrong_declared_charset_falls_back_to_detection():
    data = KOREAN.encode("utf-8")
    text, encoding = decode_bytes(data, "ko.html", declared="shift_jis")
    assert (text, encoding) == (KOREAN, "utf-8")


def test_meta_charset_in_the_page_is_honoured():
    page = f'<html><head><meta charset="euc-kr"></head><body><p>{KOREAN}</p></body></html>'
    text, encoding = decode_bytes(page.encode("euc-kr"), "ko.html")
    assert KOREAN in text
    assert encoding == "cp949"


def test_mojibake_is_repaired():
    text, _ = decode_bytes("The cafÃ© said â€œnoâ€\x9d.".encode(), "moji.txt")
    assert text == "The café said “no”."


def test_nul_bytes_are_stripped():
    text, _ = decode_bytes(b"Breaking\x00 news\x00 today", "nul.txt")
    assert text == "Breaking news today"


def test_utf16_with_bom_is_decoded():
    text, encoding = decode_bytes("Mayor speaks".encode("utf-16"), "u16.txt")
    assert (text, encoding) == ("Mayor speaks", "utf-16")


def test_empty_bytes_are_unsupported():
    with pytest.raises(UnsupportedInput, match="empty.txt: empty"):
        decode_bytes(b"", "empty.txt")


def test_whitespace_only_is_a_decode_error():
    with pytest.raises(DecodeError, match="blank.txt"):
        decode_bytes(b"\x00\x00 \n ", "blank.txt")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600), st.sampled_from([None, "utf-8", "euc-kr", "bogus", "utf-16"]))
def test_decode_bytes_raises_only_storyline_errors_and_returns_no_nul(data, declared):
    try:
        text, encoding = decode_bytes(data, "any.bin", declared)
    except StorylineError:
        return
    assert "\x00" not in text
    assert text.strip()
    assert encoding
