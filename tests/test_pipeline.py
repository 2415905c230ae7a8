"""The pipeline's batches give what its stages give page by page, and one bad page costs itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline import pipeline
from storyline.ingest import iter_pages
from storyline.model import Analysis, Page, Reject
from storyline.pipeline import _templates, process_page, process_pages
from storyline.settings import load_settings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def pages() -> list[Page]:
    found = [p for p in iter_pages([str(EXAMPLES)], load_settings()) if isinstance(p, Page)]
    return found[:8] + [Page(source="empty.txt", content="Menu\nHome\n", kind="text")]


def test_a_batch_gives_what_each_page_gives_alone(pages: list[Page]) -> None:
    templates = _templates(pages)
    batched = process_pages(pages, templates)
    assert batched == [process_page(page, templates) for page in pages]
    assert isinstance(batched[-1], Reject) and batched[-1].source == "empty.txt"
    assert sum(isinstance(r, Analysis) and bool(r.quotes) for r in batched) >= 4


def test_a_page_that_breaks_the_batch_is_rejected_alone(
    pages: list[Page], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = pages[1]
    real = pipeline.analyse

    def fragile(article):  # type: ignore[no-untyped-def]
        if article.source == bad.source:
            raise RuntimeError("parser blew up")
        return real(article)

    def batch_fails(articles, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("parser blew up")

    monkeypatch.setattr(pipeline, "analyse", fragile)
    monkeypatch.setattr("storyline.quotes.analyse_many", batch_fails)
    results = process_pages(pages[:4], _templates(pages[:4]))
    assert isinstance(results[1], Reject) and "parser blew up" in results[1].reason
    assert all(isinstance(r, Analysis) for i, r in enumerate(results) if i != 1)
