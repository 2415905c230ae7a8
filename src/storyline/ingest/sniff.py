"""Sniffing raw bytes and decoded text: binary or text, markup or plain text."""

from __future__ import annotations

import codecs
import re

__all__ = ["HEAD_BYTES", "binary_reason", "page_kind", "utf16_without_bom"]

HEAD_BYTES = 8192  # how much of a document the byte sniffers look at

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
    (b"\x00\x00\x01\x00", "icon"),
)
_RIFF_KINDS = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}
# Bytes that never occur in text: C0 controls except tab, LF, FF, CR and ESC, and DEL.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
_MAX_CONTROL_RATIO = 0.05
_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

_MARKUP_START = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_TAG = re.compile(
    r"</?(?:p|div|br|span|a|h[1-6]|article|section|header|footer|nav|main|aside|figure|"
    r"figcaption|table|tr|td|th|ul|ol|li|img|meta|link|title|script|style|strong|em|b|i|"
    r"blockquote|time|form)(?:\s[^<>]{0,500})?/?>",
    re.IGNORECASE,
)
_TAG_SAMPLE = 65_536
_MIN_TAGS = 4
_CHARS_PER_TAG = 2_000  # a text dump may mention a tag; markup has one every few lines


def binary_reason(head: bytes) -> str | None:
    """Return why the first bytes of a document look binary ("PNG image", ...), or None."""
    head = head[:HEAD_BYTES]
    if head.startswith(_BOMS) or utf16_without_bom(head):
        return None
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head.startswith(b"RIFF") and head[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[head[8:12]]
    if head[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    if head:
        controls = sum(head.count(byte) for byte in _CONTROL)
        if controls / len(head) > _MAX_CONTROL_RATIO:
            return f"binary data ({100 * controls // len(head)}% control bytes)"
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """Return "utf-16-le" or "utf-16-be" when bytes look like BOM-less UTF-16 text, else None.

    Latin-script UTF-16 has a NUL in every other byte and almost none in between.
    """
    sample = head[: HEAD_BYTES - HEAD_BYTES % 2]
    half = len(sample) // 2
    if half < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def page_kind(text: str) -> str:
    """Return "html" when the text looks like markup, else "text"."""
    if _MARKUP_START.search(text, 0, 4096):
        return "html"
    sample = text[:_TAG_SAMPLE]
    tags = sum(1 for _ in _TAG.finditer(sample))
    if tags >= _MIN_TAGS and tags >= len(sample) / _CHARS_PER_TAG:
        return "html"
    return "text"
