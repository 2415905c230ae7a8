"""extract stage: a Page in, the Article inside it out.

HTML goes through trafilatura (``extract.html``); plain-text dumps through our line
classifier (``extract.textdump``); both get their title, byline, dates, outlet and dateline
from the pure string functions of ``extract.metadata``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from storyline.errors import ExtractionError
from storyline.extract import metadata
from storyline.extract.html import extract_html
from storyline.model import Article, Page, stable_id

__all__ = ["MIN_BODY_WORDS", "extract", "extract_many", "guess_language"]

MIN_BODY_WORDS = 8  # fewer words than this is a menu or a stub, not an article
MAX_BODY_CHARS = 250_000  # over 40,000 words: no single news article is this long
_PROSE_END = re.compile(r"""[.!?]["'”’)\]]*$""")
_ENGLISH = frozenset("the and of to in is that for on was said with by as it at from".split())
_SCRIPTS = (
    (re.compile(r"[\uac00-\ud7af]"), "ko"),
    (re.compile(r"[\u3040-\u30ff]"), "ja"),
    (re.compile(r"[\u4e00-\u9fff]"), "zh"),
    (re.compile(r"[\u0400-\u04ff]"), "ru"),
    (re.compile(r"[\u0600-\u06ff]"), "ar"),
)


@dataclass(frozen=True)
class _Found:
    """What one reader found in a page, before the fallbacks of ``extract``."""

    paragraphs: tuple[str, ...]
    captions: tuple[str, ...] = ()
    boilerplate: tuple[str, ...] = ()
    title: str | None = None
    authors: tuple[str, ...] = ()
    outlet: str | None = None
    published: str | None = None
    updated: str | None = None
    language: str | None = None
    url: str | None = None  # where the page says it lives, for pages saved without one


def guess_language(text: str, declared: str | None = None) -> str | None:
    """Return a two-letter language code: the declared one, else a crude guess from the text.

    Non-Latin scripts are told apart by their letters; Latin text counts as English when
    common English function words make up a fair share of its words, else unknown (None).
    """
    if declared:
        return declared
    sample = text[:4000]
    letters = sum(ch.isalpha() for ch in sample) or 1
    for script, code in _SCRIPTS:
        if len(script.findall(sample)) / letters > 0.3:
            return code
    words = re.findall(r"[a-z]+", sample.lower())
    if len(words) < 20:
        return "en"
    share = sum(word in _ENGLISH for word in words) / len(words)
    return "en" if share >= 0.08 else None


def _first_prose(lines: Sequence[str]) -> int:
    """Return the index of the first line that reads as article prose, else 0."""
    for index, line in enumerate(lines):
        words = len(line.split())
        if words > 16 or (words > 6 and _PROSE_END.search(line.strip())):
            return index
    return 0


def _trim_credits(paragraphs: list[str], title: str | None) -> tuple[list[str], list[str]]:
    """Return (paragraphs, removed): headline, byline and date lines cut from both ends."""
    start = _first_prose(paragraphs)
    head = paragraphs[:start]
    keep = [p for p in head if p != title and not metadata.is_meta_line(p)]
    removed = [p for p in head if p not in keep]
    body = keep + paragraphs[start:]
    while len(body) > 1 and metadata.parse_byline(body[-1]) is not None:
        removed.append(body.pop())
    return body, removed


def _text_found(page: Page, template_lines: frozenset[str]) -> _Found:
    """Return what a plain-text dump holds, its lines labelled by ``textdump``."""
    # Imported here so that HTML-only callers never load the line classifier.
    from storyline.extract.textdump import split_page

    parts = split_page(page.content, template_lines)
    lines = [line.strip() for line in parts.lines]
    body_at = [i for i, label in enumerate(parts.labels) if label == "body" and lines[i]]
    if not body_at:
        return _Found(paragraphs=(), boilerplate=tuple(parts.boilerplate()))
    first, last = body_at[0], body_at[-1]
    body = [lines[i] for i in body_at]
    prose = body_at[_first_prose(body)]
    head = [line for line in lines[:prose] if line]
    tail = body[-3:] + [line for line in lines[last + 1 : last + 4] if line]
    title = metadata.find_title(head)
    kept, removed = _trim_credits(body, title)
    credit = metadata.find_byline(head + tail)
    around = [line for i, line in enumerate(lines) if line and (i < first or i > last)]
    outlet = metadata.find_outlet(around + tail, page.url, kept[0] if kept else "")
    zone = metadata.page_zone(around) or metadata.outlet_zone(outlet or credit.outlet)
    published, updated = metadata.find_dates(head[-20:] + body[:2], zone)
    if published is None:
        published, updated = metadata.find_dates(tail, zone)
    return _Found(
        paragraphs=tuple(kept),
        captions=tuple(dict.fromkeys(parts.captions())),
        boilerplate=tuple(parts.boilerplate()) + tuple(removed),
        title=title,
        authors=credit.authors,
        outlet=outlet or credit.outlet,
        published=published,
        updated=updated,
    )


def _html_found(page: Page) -> _Found:
    """Return what an HTML page holds, read by trafilatura and our metadata rules."""
    parts = extract_html(page.content, page.url)
    paragraphs = [p for p in parts.text.split("\n\n") if p]
    kept, removed = _trim_credits(paragraphs, parts.title)
    authors = parts.authors or metadata.find_byline(paragraphs[:3] + paragraphs[-2:]).authors
    published, updated = parts.published, parts.updated
    if published is None:
        zone = metadata.outlet_zone(parts.outlet)
        published, updated = metadata.find_dates(paragraphs[:3], zone)
    return _Found(
        paragraphs=tuple(kept),
        captions=parts.captions,
        boilerplate=tuple(removed),
        title=parts.title,
        authors=authors,
        outlet=parts.outlet,
        published=published,
        updated=updated or parts.updated,
        language=parts.language,
        url=parts.url,
    )


def _host(url: str | None) -> str | None:
    match = re.match(r"^[a-z]+://(?:www\.)?([^/:?#]+)", url or "", re.IGNORECASE)
    return match[1].lower() if match else None


def extract(page: Page, template_lines: frozenset[str] = frozenset()) -> Article:
    """Return the article of a page: body without boilerplate, captions apart, metadata.

    ``template_lines`` are lines known to repeat on every page of a site (menus, footers);
    text dumps drop them. Raises ``ExtractionError`` naming ``page.source`` when the page
    holds no article text or is of a kind other than ``"html"`` and ``"text"``.
    """
    if page.kind == "html":
        found = _html_found(page)
    elif page.kind == "text":
        found = _text_found(page, template_lines)
    else:
        raise ExtractionError(
            f"page kind {page.kind!r} is neither 'html' nor 'text'; re-ingest the file",
            source=page.source,
        )
    text = "\n\n".join(found.paragraphs).strip()
    if len(text) > MAX_BODY_CHARS:  # bounds the time and memory one document may take
        raise ExtractionError(f"article text of {len(text):,} characters is over {MAX_BODY_CHARS:,}"
                              "; is it several articles in one page?", source=page.source)
    if len(text.split()) < MIN_BODY_WORDS:
        raise ExtractionError(
            "no article text found; check that the page is a news article, not an index",
            source=page.source,
        )
    hint = page.published_hint or page.fetched
    return Article(
        id=stable_id("a", page.key),
        source=page.source,
        url=page.url or found.url,
        outlet=found.outlet or _host(page.url or found.url),
        title=found.title,
        authors=found.authors,
        published=found.published or (metadata.parse_datetime(hint or "") or hint),
        updated=found.updated,
        dateline=next(filter(None, map(metadata.find_dateline, found.paragraphs[:2])), None),
        text=text,
        captions=found.captions,
        language=guess_language(text, found.language),
        boilerplate=found.boilerplate,
        content_hash=page.hash,
    )


def extract_many(
    pages: Iterable[Page],
    template_lines: frozenset[str] = frozenset(),
    on_error: Callable[[Page, ExtractionError], None] | None = None,
) -> Iterator[Article]:
    """Yield the article of each page, in order.

    A page without article text raises ``ExtractionError``, unless ``on_error`` is given:
    then it is called with the page and the error, and the batch goes on.
    """
    for page in pages:
        try:
            yield extract(page, template_lines)
        except ExtractionError as error:
            if on_error is None:
                raise
            on_error(page, error)
