"""Reports render scraped text inert, in Markdown and in HTML."""

from storyline.report import _html_page, _md


def test_markdown_escapes_markup_links_and_emphasis_from_the_page() -> None:
    text = _md("<script>alert(1)</script> [click](javascript:x) *bold* `code`")
    assert "<script>" not in text
    assert "\\[click\\]" in text and "\\*bold\\*" in text and "\\`code\\`" in text


def test_html_report_never_contains_a_tag_from_the_page() -> None:
    page = _html_page("## " + _md('<img src=x onerror="alert(1)">'), "t")
    assert "<img" not in page
    assert "&lt;img src=x onerror=" in page
