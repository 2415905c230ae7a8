"""The analyst's desk: the data behind each page and API call, read from the store.

Every function returns plain dicts and lists (JSON-ready, with the contract's field names);
the HTML pages render the same data the API returns.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from ..model import Article, Quote, utc_instant
from ..quotes.fidelity import compare
from ..store import Store
from .diff import word_diff
from .svg import timeline_svg

__all__ = [
    "stories_page",
    "story_page",
    "cluster_page",
    "person_page",
    "article_page",
    "search_page",
    "article_dict",
    "quote_dict",
    "outlet_label",
]

UNNAMED = "unnamed outlet"
_EARLIEST = datetime.min.replace(tzinfo=UTC)
_FIRST = ("article_id", "outlet", "outlet_label", "title", "published")


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(record_type: type) -> tuple[str, ...]:
    found = _FIELDS.get(record_type)
    if found is None:
        found = _FIELDS[record_type] = tuple(f.name for f in fields(record_type))
    return found


_SCALARS = (str, int, float, type(None))


def _value(value: Any) -> Any:
    """Return a field's value as ``dataclasses.asdict`` would, copying only what it must."""
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, tuple) and all(isinstance(v, _SCALARS) for v in value):
        return value  # immutable all the way down: the same tuple serves
    if isinstance(value, tuple | list):
        return type(value)(_value(v) for v in value)
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    return copy.deepcopy(value)


def asdict(record: Any) -> dict[str, Any]:
    """Return a record's fields as a dict, nested records as dicts, like ``dataclasses.asdict``
    but without deep-copying strings, numbers and tuples of them (a fifth of the cost)."""
    return {name: _value(getattr(record, name)) for name in _field_names(type(record))}


def _instant(value: str | None) -> datetime | None:
    """Return the UTC instant an ISO value stands for (a bare date: its first instant)."""
    return utc_instant(value)[0]


def outlet_label(article: Article) -> str:
    """Return the name to show for an article's outlet: its name, else its site, else a note."""
    if article.outlet:
        return article.outlet
    host = urlsplit(article.url).hostname if article.url else None
    return host.removeprefix("www.") if host else UNNAMED


def article_dict(article: Article, with_text: bool = False) -> dict:
    """Return an article's contract fields (text only when asked) and its outlet label."""
    data = asdict(article)
    data.pop("boilerplate")
    data.pop("content_hash")
    data["authors"] = list(article.authors)
    data["captions"] = list(article.captions)
    data["outlet_label"] = outlet_label(article)
    if not with_text:
        data.pop("text")
    return data


def quote_dict(quote: Quote) -> dict:
    """Return a quote's contract fields."""
    data = asdict(quote)
    data.pop("speaker_start")
    data.pop("speaker_end")
    return data


def _sort_key(value: str | None) -> tuple[bool, datetime]:
    """Return a key that orders ISO values by instant, undated last."""
    at = _instant(value)
    return (at is None, at or _EARLIEST)


def stories_page(store: Store, limit: int = 50, offset: int = 0) -> dict:
    """Return one page of stories, newest first, with outlets and article and quote counts."""
    summaries = store.story_summaries(limit=limit, offset=offset)
    return {
        "stories": summaries,
        "limit": limit,
        "offset": offset,
        "total": store.counts(["stories"])["stories"],  # one table, not a count of every one
    }


def _provenance(
    store: Store, cluster_ids: list[str], articles: dict[str, Article]
) -> dict[str, list[dict]]:
    """Return each cluster's reports, earliest first, with delays from the first.

    The clusters' quotes come in one query, and the articles not in ``articles`` in another
    (added to it).
    """
    quotes: dict[str, list[Quote]] = {c: [] for c in cluster_ids}
    for quote in store.clusters_quotes(cluster_ids):
        if quote.cluster_id in quotes:
            quotes[quote.cluster_id].append(quote)
    missing = {q.article_id for qs in quotes.values() for q in qs} - articles.keys()
    if missing:
        articles.update((a.id, a) for a in store.articles(sorted(missing)))
    return {c: _reports(qs, articles) for c, qs in quotes.items()}


def _reports(quotes: list[Quote], articles: dict[str, Article]) -> list[dict]:
    reports: list[dict[str, Any]] = []
    for quote in quotes:
        article = articles.get(quote.article_id)
        if article is None:
            continue
        reports.append(
            {
                "quote": quote_dict(quote),
                "article_id": article.id,
                "outlet": article.outlet,
                "outlet_label": outlet_label(article),
                "title": article.title,
                "published": article.published,
                "_at": _instant(article.published),
            }
        )
    reports.sort(key=lambda r: (r["_at"] is None, r["_at"] or _EARLIEST, r["article_id"]))
    first = reports[0]["_at"] if reports else None
    for report in reports:
        at = report.pop("_at")
        report["delay_seconds"] = (at - first).total_seconds() if at and first else None
    return reports


def story_page(store: Store, story_id: str) -> dict | None:
    """Return a story: articles by outlet, timeline (with its SVG), and quote clusters."""
    story = store.story(story_id)
    if story is None:
        return None
    articles = {a.id: a for a in store.articles(story.article_ids)}
    by_outlet: dict[str, list[dict]] = defaultdict(list)
    for article in sorted(articles.values(), key=lambda a: _sort_key(a.published)):
        by_outlet[outlet_label(article)].append(article_dict(article))
    events = list(store.events(story_id))
    found = list(store.story_clusters(story_id))
    reports = _provenance(store, [c.id for c in found], articles)
    clusters = [{**asdict(c), "reports": reports[c.id]} for c in found]
    clusters.sort(key=lambda c: (-len(c["quote_ids"]), c["first_published"] or ""))
    return {
        "story": asdict(story),
        "outlets": dict(by_outlet),
        "events": [asdict(e) for e in sorted(events, key=lambda e: (e.date, e.start))],
        "timeline_svg": timeline_svg(events),
        "clusters": clusters,
    }


def cluster_page(store: Store, cluster_id: str) -> dict | None:
    """Return every version of one quote, the fullest first, each with its word diff."""
    cluster = store.cluster(cluster_id)
    if cluster is None:
        return None
    reports = _provenance(store, [cluster_id], {})[cluster_id]
    altered = set(cluster.altered_quote_ids)
    for report in reports:
        fidelity = compare(cluster.text, report["quote"]["text"])
        report["fidelity"] = fidelity.status
        report["altered"] = report["quote"]["id"] in altered
        report["diff"] = [list(step) for step in fidelity.diff]
        report["words"] = word_diff(cluster.text, report["quote"]["text"])
    first = {k: reports[0][k] for k in _FIRST} if reports else None
    reports.sort(key=lambda r: (r["quote"]["text"] != cluster.text, -len(r["quote"]["text"])))
    return {"cluster": asdict(cluster), "first": first, "reports": reports}


def person_page(store: Store, entity_id: str) -> dict | None:
    """Return a person's roles, aliases, statements in spoken order, and top outlets."""
    entity = store.entity(entity_id)
    if entity is None:
        return None
    quotes = list(store.speaker_quotes(entity_id))
    articles = {a.id: a for a in store.articles({q.article_id for q in quotes})}
    outlets: dict[str, int] = defaultdict(int)
    statements: list[dict[str, Any]] = []
    for quote in quotes:
        article = articles.get(quote.article_id)
        outlet = article.outlet if article else None
        label = outlet_label(article) if article else UNNAMED
        outlets[label] += 1
        statements.append(
            {
                **quote_dict(quote),
                "outlet": outlet,
                "outlet_label": label,
                "published": article.published if article else None,
                "title": article.title if article else None,
                "spoken": quote.said_on or (article.published if article else None),
            }
        )
    statements.sort(key=lambda s: (_sort_key(s["spoken"]), _sort_key(s["published"])))
    data = asdict(entity)
    data.pop("mentions", None)
    return {
        "entity": data,
        "statements": statements,
        "outlets": sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0])),
    }


def _segments(text: str, quotes: list[Quote]) -> list[dict]:
    """Split the text into plain and quoted stretches, for highlighting without markup."""
    segments: list[dict[str, Any]] = []
    at = 0
    for quote in sorted(quotes, key=lambda q: (q.start, -q.end)):
        if quote.start < at or quote.end > len(text):
            continue
        if quote.start > at:
            segments.append({"text": text[at : quote.start], "quote": None})
        segments.append({"text": text[quote.start : quote.end], "quote": quote_dict(quote)})
        at = quote.end
    if at < len(text):
        segments.append({"text": text[at:], "quote": None})
    return segments


def article_page(store: Store, article_id: str, boilerplate: bool = False) -> dict | None:
    """Return an article's text split into quoted and plain stretches, and its metadata."""
    article = store.article(article_id)
    if article is None:
        return None
    quotes = list(store.quotes(article_id))
    data: dict[str, Any] = {
        "article": article_dict(article, with_text=True),
        "quotes": [quote_dict(q) for q in quotes],
        "segments": _segments(article.text, quotes),
    }
    if boilerplate:
        data["boilerplate"] = list(article.boilerplate)
    return data


def search_page(
    store: Store,
    query: str,
    kind: str = "articles",
    speaker: str | None = None,
    outlet: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 20,
    offset: int = 0,
    search: Callable[..., list[dict[str, Any]]] | None = None,
) -> dict:
    """Return one page of full-text matches with the filters that produced them.

    ``search`` reads the matches in place of ``store.search`` (the web app's cached reader).
    """
    results = (search or store.search)(
        query,
        kind=kind,
        speaker=speaker,
        outlet=outlet,
        date_from=date_from,
        date_to=date_to,
        limit=limit + 1,
        offset=offset,
    )
    return {
        "query": query,
        "kind": kind,
        "speaker": speaker,
        "outlet": outlet,
        "date_from": date_from,
        "date_to": date_to,
        "limit": limit,
        "offset": offset,
        "results": results[:limit],
        "has_more": len(results) > limit,
    }
