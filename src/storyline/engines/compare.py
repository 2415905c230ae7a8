"""Compare two exports (``storyline export`` folders) up to the renaming of ids.

Two runs over the same pages agree when they hold the same articles, entities, quotes,
quote clusters, stories and events. Ids that name a group (a quote cluster, a story) may
differ between runs that group alike, so groups are compared by their members: a quote's
``cluster_id`` becomes the set of quote ids in its cluster, an article's ``story_id`` the
set of article ids in its story, and the groups themselves are compared without their ids.

    differences = compare_exports("run-a/export", "run-b/export")   # [] when they agree
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["compare_exports", "canonical_export"]

FILES = ("articles", "entities", "quotes", "quote_clusters", "stories", "events")
_SHOWN = 3  # differing records named per file


def _read(folder: Path, name: str) -> list[dict[str, Any]]:
    path = folder / f"{name}.jsonl"
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _frozen(value: Any) -> Any:
    """Return a hashable, order-preserving copy of a JSON value."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    return value


def _record(row: dict[str, Any], drop: Iterable[str] = (), **renamed: Any) -> Any:
    """Return a row as a hashable record, without ``drop`` and with ``renamed`` fields set."""
    kept = {k: v for k, v in row.items() if k not in set(drop)}
    kept.update(renamed)
    return _frozen(kept)


def canonical_export(folder: str | Path) -> dict[str, Counter[Any]]:
    """Return each export file as a multiset of records with group ids replaced by members."""
    folder = Path(folder)
    rows = {name: _read(folder, name) for name in FILES}
    cluster_of = {c["id"]: tuple(sorted(c["quote_ids"])) for c in rows["quote_clusters"]}
    story_of = {s["id"]: tuple(sorted(s["article_ids"])) for s in rows["stories"]}
    return {
        "articles": Counter(
            _record(a, story_id=story_of.get(a["story_id"])) for a in rows["articles"]
        ),
        "entities": Counter(_record(e) for e in rows["entities"]),
        "quotes": Counter(
            _record(q, cluster_id=cluster_of.get(q["cluster_id"])) for q in rows["quotes"]
        ),
        "quote_clusters": Counter(
            _record(c, ["id"], quote_ids=cluster_of[c["id"]]) for c in rows["quote_clusters"]
        ),
        "stories": Counter(
            _record(s, ["id"], article_ids=story_of[s["id"]]) for s in rows["stories"]
        ),
        "events": Counter(_record(e, story_id=story_of.get(e["story_id"])) for e in rows["events"]),
    }


def _label(record: Any) -> str:
    fields = dict(record)
    for key in ("id", "quote_ids", "article_ids", "title", "text"):
        if key in fields:
            return f"{key}={str(fields[key])[:80]}"
    return str(record)[:80]


def compare_exports(first: str | Path, second: str | Path) -> list[str]:
    """Return one line per difference between two exports up to id renaming; [] if the same."""
    a, b = canonical_export(first), canonical_export(second)
    differences = []
    for name in FILES:
        only_a, only_b = a[name] - b[name], b[name] - a[name]
        if not only_a and not only_b:
            continue
        line = (
            f"{name}: {sum(a[name].values())} vs {sum(b[name].values())} records,"
            f" {sum(only_a.values())} only in the first, {sum(only_b.values())} only in the second"
        )
        shown = [f"first: {_label(r)}" for r in list(only_a)[:_SHOWN]]
        shown += [f"second: {_label(r)}" for r in list(only_b)[:_SHOWN]]
        differences.append("; ".join([line, *shown]))
    return differences
