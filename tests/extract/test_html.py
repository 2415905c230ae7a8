"""HTML pages read through trafilatura: body paragraphs, captions apart, metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.extract.html import body_text, extract_html

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "extract"


@pytest.fixture(scope="module")
def northbridge():
    return extract_html((FIXTURES / "northbridge_times.html").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ledger():
    html = (FIXTURES / "harbor_ledger.html").read_text(encoding="utf-8")
    return extract_html(html, "https://harborledger.example/news/ferry-strike")


def test_body_keeps_article_paragraphs_separated_by_blank_lines(northbridge):
    paragraphs = northbridge.text.split("\n\n")
    assert paragraphs[0].startswith("HALVERSTON, March 11")
    assert paragraphs[-1].startswith("A new vote is scheduled for March 25.")
    assert len(paragraphs) == 5


def test_body_leaves_out_menus_cookies_comments_and_footer(northbridge):
    for boilerplate in ("Subscribe", "cookies", "Finally someone", "All rights reserved"):
        assert boilerplate not in northbridge.text


def test_captions_are_kept_apart_from_the_body(northbridge, ledger):
    assert northbridge.captions == (
        "Council members leave the chamber in Halverston after the vote on the harbour bridge"
        " was postponed. (Northbridge Times / Ines Varga)",
    )
    assert "Council members leave" not in northbridge.text
    assert ledger.captions[0].startswith("Passengers queue at Saltmarsh pier")
    assert "Passengers queue" not in ledger.text


def test_metadata_comes_from_meta_tags_with_their_offset(northbridge):
    assert northbridge.title == "Harbour bridge vote delayed after late-night session"
    assert northbridge.authors == ("Marta Quillon", "Devin Osei")
    assert northbridge.outlet == "Northbridge Times"
    assert northbridge.published == "2024-03-11T08:30:00-04:00"
    assert northbridge.updated == "2024-03-11T10:02:00-04:00"
    assert northbridge.language == "en"


def test_json_ld_time_without_zone_is_read_in_the_outlet_zone(ledger):
    assert ledger.outlet == "Harbor Ledger"
    assert ledger.authors == ("Priya Antonelli",)
    assert ledger.published == "2023-06-12T14:05:00+01:00"


def test_byline_element_gives_authors_when_meta_tags_do_not():
    html = (
        "<html><body><article><h1>Tram line opens two years late</h1>"
        "<p class='byline'>By Ines Varga</p>"
        + "<p>The tram line between the old port and Kestrel Island opened on Monday.</p>" * 5
        + "</article></body></html>"
    )
    parts = extract_html(html)
    assert parts.authors == ("Ines Varga",)
    assert parts.published is None


def test_empty_or_unparsable_page_gives_empty_text():
    assert extract_html("").text == ""
    assert extract_html("<html></html>").text == ""


def test_body_text_joins_lines_as_paragraphs_without_captions():
    raw = "First  paragraph.\n\nA caption.\n  Second paragraph. \n"
    assert body_text(raw, ("A caption.",)) == "First paragraph.\n\nSecond paragraph."
