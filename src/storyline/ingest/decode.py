"""Bytes to text: declared charset, detection, mojibake repair.

The order is the one browsers use, made tolerant: a byte-order mark; a declared charset
(HTTP header, then ``<meta charset>``) when the bytes decode cleanly with it; UTF-8 when the
bytes are (almost all) valid UTF-8; then charset-normalizer's guess. The text is then
repaired with ftfy (``Ã©`` → ``é``) and stripped of NUL characters.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer
import ftfy

from storyline.errors import DecodeError, StorylineError, UnsupportedInput
from storyline.ingest.sniff import utf16_without_bom

__all__ = ["decode_bytes", "declared_charset", "repair_text"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Labels that pages declare but mean a superset (the WHATWG encoding standard's mapping).
_SUPERSETS = {
    "ascii": "cp1252",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
}
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]{0,100}encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""")
_PRESCAN_BYTES = 4096
_TIE = 0.01  # charset-normalizer scores closer than this are a tie
# What a UTF-8 continuation byte (0x80-0xBF) becomes when read as Windows-1252 or Latin-1.
_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122"
)
_MOJIBAKE_LEAD = re.compile(f"[\u00c2-\u00f4](?=[{_CONTINUATION}])")
_C1_CONTROL = re.compile("[\u0080-\u009f]")  # only ever there by mistake
_JUNK = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufeff]")  # never text
_SURROGATE = re.compile("[\ud800-\udfff]")
_FIXER = ftfy.TextFixerConfig(uncurl_quotes=False, explain=False)  # keep “curly” quotes


def decode_bytes(data: bytes, source: str, declared: str | None = None) -> tuple[str, str]:
    """Return a document's bytes as repaired text and the encoding they were read with.

    ``declared`` is the charset the transport gave (an HTTP ``Content-Type``); a charset the
    document declares itself is tried next. Raises ``UnsupportedInput`` for empty input and
    ``DecodeError`` for bytes that decode to no usable text; never anything else.
    """
    if not data:
        raise UnsupportedInput("empty document", source)
    try:
        found, encoding = _decode(data, declared)
        if found is None:
            raise DecodeError("bytes match no known text encoding; is it a page?", source)
        text = repair_text(found)
    except StorylineError:
        raise
    except Exception as err:  # a third-party decoder failing on odd bytes is a bad input
        raise DecodeError(f"cannot decode ({type(err).__name__}: {err})", source) from err
    if not text.strip():
        raise DecodeError("no text after decoding; is it a page?", source)
    return text, encoding


def repair_text(text: str) -> str:
    """Return text with mojibake repaired, NFC-normalised, with "\\n" line breaks and no NULs.

    ftfy reads about 1 MB/s, so it runs only on text showing a sign of mojibake: a UTF-8
    lead byte read as Latin-1/Windows-1252 followed by a continuation byte so read, a C1
    control character, or a lone surrogate (from a JSON escape; it cannot be stored).
    """
    if not text.isascii() and _needs_ftfy(text):
        text = ftfy.fix_text(_SURROGATE.sub("", text), _FIXER)  # ftfy would make them U+FFFD
    text = _JUNK.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _needs_ftfy(text: str) -> bool:
    """Return whether non-ASCII text shows a sign of mojibake or holds a lone surrogate."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return bool(_MOJIBAKE_LEAD.search(text) or _C1_CONTROL.search(text))


def declared_charset(data: bytes) -> str | None:
    """Return the charset a document declares in its first bytes (meta or XML), or None."""
    head = data[:_PRESCAN_BYTES]
    found = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return found.group(1).decode("ascii") if found else None


def _decode(data: bytes, declared: str | None) -> tuple[str | None, str]:
    """Return the decoded text (None when nothing fits) and the encoding used."""
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(bom_encoding, errors="replace"), bom_encoding.removesuffix("-sig")
    order = utf16_without_bom(data)
    if order:
        return data.decode(order, errors="replace"), order
    if data.isascii():
        return data.decode("ascii"), "ascii"
    for label in (declared, declared_charset(data)):
        encoding = _codec(label)
        if encoding:
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                continue
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="replace"), "utf-8"
    return _guess(data)


def _codec(label: str | None) -> str | None:
    """Return the Python codec for a declared charset label, or None if it is unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        return None  # an ASCII-readable declaration cannot be true of UTF-16 bytes
    return _SUPERSETS.get(name, name)


def _mostly_utf8(data: bytes) -> bool:
    """Return whether bytes are UTF-8 with at most a stray invalid byte per 20 characters."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad == 0:
        return True
    wide = sum(1 for ch in text if ord(ch) > 127) - bad
    return wide >= 20 * bad


def _guess(data: bytes) -> tuple[str | None, str]:
    """Return the text and encoding charset-normalizer finds most plausible.

    Ties go to Windows-1252, the commonest legacy charset of Western pages: on short French
    or Spanish text charset-normalizer rates it and Windows-1250 alike and may pick either.
    """
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None, "unknown"
    encoding = _SUPERSETS.get(best.encoding, best.encoding)
    for match in matches:
        if (
            "cp1252" in match.could_be_from_charset
            and match.chaos <= best.chaos + _TIE
            and match.coherence >= best.coherence - _TIE
        ):
            encoding = "cp1252"
            break
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return str(best), best.encoding
