"""Fixtures for the web tests: small synthetic news sites ingested through the real pipeline.

Every page here is invented for these tests. ``news_db`` holds three outlets reporting one
speaker's words (one of them altered); ``hostile_db`` holds pages whose text, titles,
links and speaker names carry markup and script, stored the way a crawler would find them.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest

from storyline.model import Analysis, Article, Entity, Page, Quote
from storyline.pipeline import ingest, link
from storyline.settings import load_settings
from storyline.store import open_store


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: end-to-end tests in a real headless Chromium")


def news_page(site: str, title: str, author: str, published: str, paragraphs: list[str],
              extra_body: str = "") -> str:
    """Return an article page as a news site would serve it (paragraph text escaped)."""
    body = "\n".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(title)} | {escape(site)}</title>
<meta property="og:site_name" content="{escape(site)}">
<meta name="author" content="{escape(author)}">
<meta property="article:published_time" content="{published}">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="cookie">We use cookies to improve your experience. <button>Accept</button></div>
<article>
<h1>{escape(title)}</h1>
<p class="byline">By {escape(author)}</p>
{body}
{extra_body}
</article>
<footer>&copy; 2025 {escape(site)}. All rights reserved.</footer>
</body></html>
"""


QUOTE = (
    "We will not close the harbour to fishing boats, and we will keep the northern pier "
    "open all winter"
)
ALTERED = "We will not close the harbour to any boats, and we will keep the pier open all winter"

NEWS = {
    "gull_gazette.html": news_page(
        "Gull Gazette", "Mayor Orlen keeps harbour open to fishing boats", "Tessa Marrow",
        "2025-02-10T09:00:00+00:00", [
            "The mayor of Port Brenna, Ada Orlen, said on Monday that the town would not shut "
            "its harbour during the storm season.",
            f'"{QUOTE}," Orlen told reporters at the town hall.',
            "The harbour council will vote on the winter budget on 14 February 2025.",
            '"The fishermen have nothing to fear from this council," said Orlen.',
        ]),
    "brenna_courier.html": news_page(
        "Brenna Courier", "Orlen: harbour stays open through the winter", "Jonas Pike",
        "2025-02-10T13:30:00+00:00", [
            "Ada Orlen, the mayor of Port Brenna, promised fishermen on Monday that the "
            "harbour would stay open through the storm season.",
            f'"{QUOTE}," Orlen said at the town hall.',
            "The council meets on 14 February 2025 to vote on the winter budget.",
        ]),
    "coast_herald.html": news_page(
        "Coast Herald", "Port Brenna mayor vows to keep harbour open", "Rita Vance",
        "2025-02-11T08:15:00+00:00", [
            "Port Brenna's mayor, Ada Orlen, vowed on Monday to keep the harbour open.",
            f'"{ALTERED}," Orlen said on Monday.',
            "Fishermen in Port Brenna welcomed the promise.",
        ]),
}

SCRIPT = "<script>alert(1)</script>"
HOVER = '" onmouseover="alert(1)'
IMG = "<img src=x onerror=alert(1)>"
HOSTILE = {
    "hostile_one.html": news_page(
        "Evil Tribune", f"Harbour vote {IMG} delayed", "Mallory Crane",
        "2025-02-12T10:00:00+00:00", [
            f"The harbour vote in Port Brenna was delayed again {SCRIPT} on Wednesday.",
            f'"The harbour vote is a farce {SCRIPT} and everyone knows it," said Ada Orlen.',
            f'Critics wrote {HOVER} in a letter, and others closed a </textarea> tag.',
            "Read more at javascript:alert(1) and see the council site.",
        ],
        extra_body='<p>Details <a href="javascript:alert(1)">here</a>.</p>'
        "<script>alert('inline')</script>",
    ),
    "hostile_two.html": news_page(
        "Evil Tribune", "Council answers the harbour critics", "Mallory Crane",
        "2025-02-13T10:00:00+00:00", [
            f'"The harbour vote is a farce {SCRIPT} and everyone knows it," Ada Orlen said '
            "again on Thursday.",
            f"Another councillor called the plan {HOVER} unworkable.",
        ]),
}
# A speaker, an outlet and a role with markup, stored as an analysis would store them.
MARKUP_NAME = '<b onclick="alert(1)">Rex</b> Vale'


def _write(folder: Path, pages: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, html in pages.items():
        (folder / name).write_text(html, encoding="utf-8")
    return folder


def _markup_analysis() -> tuple[Page, Analysis]:
    text = f'"The harbour is mine {SCRIPT}," {MARKUP_NAME} said.'
    article = Article(
        id="a-markup0000000001", source="hostile://markup", url="javascript:alert(1)",
        outlet=f"Outlet {IMG}", title=f"Title {SCRIPT}", authors=(f"Author {IMG}",),
        published="2025-02-14T10:00:00+00:00", updated=None, dateline=f"Town {IMG}",
        text=text, captions=(f"Caption {SCRIPT}",), boilerplate=(f"Cookie {SCRIPT}",),
    )
    person = Entity(id="e-markup0000000001", name=MARKUP_NAME, type="PERSON",
                    roles=(f"chief {IMG}",), aliases=(f"Rex {SCRIPT}",))
    quote = Quote(id="q-markup0000000001", article_id=article.id,
                  text=f"The harbour is mine {SCRIPT},", kind="direct", start=1,
                  end=text.index('"', 1), speaker=MARKUP_NAME, speaker_id=person.id,
                  cue="said", venue=f"venue {IMG}")
    page = Page(source="hostile://markup", content=text, kind="text", url=article.url)
    return page, Analysis(article=article, entities=(person,), quotes=(quote,))


@pytest.fixture(scope="session")
def news_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the path of a store holding the three-outlet harbour story."""
    root = tmp_path_factory.mktemp("news")
    db = root / "news.db"
    store = open_store(db)
    try:
        ingest([str(_write(root / "pages", NEWS))], store, load_settings(workers=1))
    finally:
        store.close()
    return db


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the path of a store built from pages full of markup and script."""
    root = tmp_path_factory.mktemp("hostile")
    db = root / "hostile.db"
    store = open_store(db)
    try:
        ingest([str(_write(root / "pages", HOSTILE))], store, load_settings(workers=1))
        store.save_analysis(*_markup_analysis())
        link(store)
    finally:
        store.close()
    return db
