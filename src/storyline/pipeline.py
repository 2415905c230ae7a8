"""Run the stages over a stream of pages: batching, worker processes, progress, linking.

Per-document stages (extract, analyse) are pure functions of one page and run in a process
pool; the store is written by this process only, one transaction per document, so a crash
mid-ingest leaves whole articles behind and a rerun skips what is already stored. The
corpus-level stages (entities, quote clusters, stories, events) are recomputed from the store
after each ingest, so they give the same answer whatever the batch size.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from itertools import islice

from .errors import StoreError, StorylineError
from .extract import extract
from .extract.textdump import template_lines
from .ingest import iter_pages
from .model import Analysis, Article, Entity, Page, Quote, QuoteCluster, Reject, utc_instant
from .settings import Settings, load_settings
from .store import Store

__all__ = ["IngestReport", "analyse", "process_page", "ingest", "link"]

Progress = Callable[[int, int, int], None]  # (pages seen, stored, rejected)


@dataclass
class IngestReport:
    """What one ingest run did, page by page."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejects: list[Reject] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.inserted + self.updated + self.unchanged + len(self.rejects)


def analyse(article: Article) -> Analysis:
    """Return everything the per-document stages find in one article."""
    from .quotes import analyse_article

    return _with_times(article, *analyse_article(article))


def _with_times(article: Article, entities: Sequence[Entity], quotes: Sequence[Quote]) -> Analysis:
    """Return an article's analysis: its entities and quotes, time expressions and events."""
    from .timeline import find_events, find_times, zone_for_dateline

    times = find_times(article.text, article.published, zone_for_dateline(article.dateline))
    events = find_events(article, times, list(entities))
    return Analysis(
        article=article,
        entities=tuple(entities),
        quotes=tuple(quotes),
        times=tuple(times),
        events=tuple(events),
    )


def process_page(page: Page, templates: frozenset[str] = frozenset()) -> Analysis | Reject:
    """Return the analysis of one page, or a Reject naming it and why it failed."""
    try:
        return analyse(extract(page, templates))
    except StorylineError as exc:
        return Reject(source=page.source, stage="extract", reason=exc.reason)
    except Exception as exc:  # a bug on one page must not stop the batch
        reason = f"internal error {type(exc).__name__}: {exc}".splitlines()[0][:300]
        return Reject(source=page.source, stage="analyse", reason=reason)


def process_pages(
    pages: Sequence[Page], templates: frozenset[str] = frozenset()
) -> list[Analysis | Reject]:
    """Return ``process_page`` of each page, with the spaCy calls of the batch run as pipes.

    The results are those of ``process_page`` page by page (``quotes.analyse_many`` and
    ``analyse_article`` find the same entities and quotes); batching saves spaCy's per-call
    cost. Should the batch fail as a whole, each page is done alone, so that one bad page
    costs only itself.
    """
    from .quotes import analyse_many

    done: dict[int, Analysis | Reject] = {}
    articles: dict[int, Article] = {}  # position in pages -> its article, to analyse
    for slot, page in enumerate(pages):
        try:
            articles[slot] = extract(page, templates)
        except StorylineError as exc:
            done[slot] = Reject(source=page.source, stage="extract", reason=exc.reason)
        except Exception:  # noqa: BLE001 - process_page names the failure with its page
            done[slot] = process_page(page, templates)
    try:
        found = list(analyse_many(articles.values()))
        for (slot, article), (entities, quotes) in zip(articles.items(), found, strict=True):
            done[slot] = _with_times(article, entities, quotes)
    except Exception:  # noqa: BLE001 - one page broke the batch: find it, page by page
        for slot in articles:
            done[slot] = process_page(pages[slot], templates)
    return [done[slot] for slot in range(len(pages))]


def _process_batch(args: tuple[list[Page], frozenset[str]]) -> list[Analysis | Reject]:
    pages, templates = args
    return process_pages(pages, templates)


def _batches(items: Iterable[Page | Reject], size: int) -> Iterator[list[Page | Reject]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _chunks(pages: Sequence[Page], n: int) -> list[list[Page]]:
    size = max(1, -(-len(pages) // n))
    return [list(pages[i : i + size]) for i in range(0, len(pages), size)]


def _templates(pages: Sequence[Page]) -> frozenset[str]:
    texts = [page.content for page in pages if page.kind == "text"]
    return template_lines(texts) if len(texts) > 1 else frozenset()


def _new_pages(batch: list[Page | Reject], store: Store, report: IngestReport) -> list[Page]:
    pages: list[Page] = []
    seen: set[str] = set()
    for item in batch:
        if isinstance(item, Reject):
            store.save_reject(item)
            report.rejects.append(item)
        elif item.hash in seen or store.page_status(item) == "same":
            report.unchanged += 1
        else:
            seen.add(item.hash)
            pages.append(item)
    return pages


def _is_stale(store: Store, page: Page, article: Article) -> bool:
    """Return whether a changed page is an older version than the one already stored."""
    if store.page_status(page) != "changed":
        return False
    stored = store.article(article.id)
    if stored is None:
        return False
    old, _ = utc_instant(stored.updated or stored.published)
    new, _ = utc_instant(article.updated or article.published)
    return old is not None and new is not None and new < old


def _save(
    results: Iterable[Analysis | Reject], pages: Sequence[Page], store: Store, report: IngestReport
) -> None:
    for page, result in zip(pages, results, strict=True):
        if isinstance(result, Reject):
            store.save_reject(result)
            report.rejects.append(result)
            continue
        if _is_stale(store, page, result.article):
            report.unchanged += 1
            continue
        try:
            outcome = store.save_analysis(page, result)
        except StoreError as exc:
            if "full" in exc.reason or "read-only" in exc.reason:
                raise  # the store itself is unusable: stop, nothing half-written
            reject = Reject(source=page.source, stage="store", reason=exc.reason)
            store.save_reject(reject)
            report.rejects.append(reject)
            continue
        if outcome == "inserted":
            report.inserted += 1
        elif outcome == "updated":
            report.updated += 1
        else:
            report.unchanged += 1


def ingest(
    paths: Iterable[str],
    store: Store,
    settings: Settings | None = None,
    progress: Progress | None = None,
    do_link: bool = True,
) -> IngestReport:
    """Ingest every page under ``paths`` into ``store`` and return what happened.

    Pages go through extraction and analysis in worker processes, in batches; each result
    is stored in its own transaction. Afterwards the corpus-level stages are recomputed.
    """
    settings = settings or load_settings()
    report = IngestReport()
    workers = settings.workers or (os.cpu_count() or 1)
    pool: Executor | None = ProcessPoolExecutor(workers) if workers > 1 else None
    try:
        for batch in _batches(iter_pages(paths, settings), settings.batch_size):
            pages = _new_pages(batch, store, report)
            templates = _templates(pages)
            if pool is not None and len(pages) > 1:
                parts = list(
                    pool.map(_process_batch, [(c, templates) for c in _chunks(pages, workers)])
                )
                results = [r for part in parts for r in part]
            else:
                results = _process_batch((pages, templates))
            _save(results, pages, store, report)
            if progress:
                progress(report.seen, report.inserted + report.updated, len(report.rejects))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    if do_link and (report.inserted or report.updated or store.needs_link()):
        link(store)
    return report


QuoteLinker = Callable[[Sequence[Quote], Mapping[str, Article]], list[QuoteCluster]]


def link(store: Store, link_quotes: QuoteLinker | None = None) -> dict[str, int]:
    """Recompute entities, quote clusters, stories and events from the store; return counts.

    ``link_quotes`` groups the quotes into clusters: ``quotes.link.link_quotes`` unless an
    engine gives its own that finds the same clusters (``engines.spark_link``).
    """
    from .nlp.merge import merge_entities
    from .quotes.link import link_quotes as default_linker
    from .stories import cluster_stories
    from .timeline import merge_events

    link_quotes = link_quotes or default_linker
    articles = {a.id: a for a in store.articles()}
    entities, merges = merge_entities(store.article_entities())
    store.replace_entities(entities, merges)
    quotes = list(store.quotes())
    clusters = link_quotes(quotes, articles)
    store.replace_clusters(clusters)
    entities_by_article = {a: list(store.article_entities(a)) for a in articles}
    clusters_by_article: dict[str, list[str]] = {}
    by_id = {q.id: q for q in quotes}
    for cluster in clusters:
        for quote_id in cluster.quote_ids:
            clusters_by_article.setdefault(by_id[quote_id].article_id, []).append(cluster.id)
    stories = cluster_stories(list(articles.values()), entities_by_article, clusters_by_article)
    store.replace_stories(stories)
    story_of = {a: s.id for s in stories for a in s.article_ids}
    events = [replace(e, story_id=story_of.get(e.article_id)) for e in store.events()]
    merged = merge_events(events)
    store.replace_events(merged)
    store.mark_linked()  # last: a crash before here leaves the store marked for relinking
    return {
        "articles": len(articles),
        "entities": len(entities),
        "quotes": len(quotes),
        "clusters": len(clusters),
        "stories": len(stories),
        "events": len(merged),  # what the store keeps: one event per fact across sources
    }
