"""Sniffing: binary bytes by magic number and control bytes; markup versus plain text."""

from __future__ import annotations

import random

from storyline.ingest import binary_reason, page_kind


def test_images_and_documents_are_named_by_magic_number():
    assert binary_reason(b"\x89PNG\r\n\x1a\n" + bytes(64)) == "PNG image"
    assert binary_reason(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n") == "PDF document"
    assert binary_reason(b"\xff\xd8\xff\xe0\x00\x10JFIF") == "JPEG image"


def test_random_bytes_are_binary():
    noise = random.Random(7).randbytes(4096)
    assert (binary_reason(noise) or "").startswith("binary data")


def test_text_with_a_few_nul_bytes_is_not_binary():
    assert binary_reason(b"The minister said\x00 on Monday that talks would resume." * 3) is None


def test_utf16_text_is_not_binary():
    assert binary_reason("Talks resume on Monday.".encode("utf-16-le")) is None


def test_doctype_page_is_html():
    assert page_kind("<!DOCTYPE html>\n<html><head><title>x</title></head></html>") == "html"


def test_fragment_of_paragraph_tags_is_html():
    assert page_kind("<p>One.</p>\n<p>Two.</p>") == "html"


def test_text_dump_that_mentions_a_tag_is_text():
    dump = "Home | World | Sport\n\nThe council met on Monday.\n" * 40
    assert page_kind(dump + "Use the <p> tag for paragraphs.\n" + dump) == "text"
