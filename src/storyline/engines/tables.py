"""The per-document results of a distributed run as Parquet tables, and loading them into a store.

An engine (``engines.spark``) writes one Parquet dataset per table under its output folder;
``load_into`` reads them back with pyarrow alone (no Spark needed) and stores them exactly
as the single-process pipeline does: in input order, through ``Store.save_analysis``, then
relinks the corpus. Column names are the records' field names, so the contract's fields
keep their names and lists stay lists (DuckDB and Spark read them as arrays)::

    pages             seq, key, source, url, content_hash, kind, encoding, fetched, article_id
    articles          seq + Article's fields
    article_entities  seq, article_id + Entity's fields (mentions: list of structs)
    quotes            seq + Quote's fields
    time_expressions  seq, article_id + TimeExpr's fields
    events            seq + Event's fields
    rejects           seq + Reject's fields (detail: map of strings)

``seq`` is the input's position in the stream ``ingest.iter_pages`` would yield (files in
order, records in order), the order the pipeline stores documents in.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar

from ..model import Analysis, Article, Entity, Event, Mention, Page, Quote, Reject, TimeExpr

__all__ = ["TABLES", "MANIFEST", "table_rows", "load_into", "StoredPage"]

R = TypeVar("R")
MANIFEST = "manifest.json"
_CHUNK = 2000  # documents loaded into the store at a time
PAGE_COLUMNS = ("key", "source", "url", "content_hash", "kind", "encoding", "fetched")


def _names(record_type: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(record_type))


TABLES: dict[str, tuple[str, ...]] = {
    "pages": ("seq", *PAGE_COLUMNS, "article_id"),
    "articles": ("seq", *_names(Article)),
    "article_entities": ("seq", "article_id", *_names(Entity)),
    "quotes": ("seq", *_names(Quote)),
    "time_expressions": ("seq", "article_id", *_names(TimeExpr)),
    "events": ("seq", *_names(Event)),
    "rejects": ("seq", *_names(Reject)),
}


@dataclass(frozen=True)
class StoredPage(Page):
    """A page read back from a results table: its content is not kept, its hash is."""

    stored_hash: str = ""

    @property
    def hash(self) -> str:
        return self.stored_hash


def _plain(value: Any) -> Any:
    """Return a record value as a Parquet/Spark value: tuples become lists, records tuples."""
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Mention):
        return (value.start, value.end, value.text, value.kind)
    return value


def _row(record: object, names: tuple[str, ...], **extra: Any) -> tuple[Any, ...]:
    values = {**extra}
    return tuple(values[n] if n in values else _plain(getattr(record, n)) for n in names)


def table_rows(
    seq: int, page: Page | None, result: Analysis | Reject
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Yield (table, row) for one input's result: its page and analysis, or its reject."""
    if isinstance(result, Reject):
        yield "rejects", _row(result, TABLES["rejects"], seq=seq)
        return
    assert page is not None
    article = result.article
    yield (
        "pages",
        (
            seq,
            page.key,
            page.source,
            page.url,
            page.hash,
            page.kind,
            page.encoding,
            page.fetched,
            article.id,
        ),
    )
    yield "articles", _row(article, TABLES["articles"], seq=seq)
    for entity in result.entities:
        yield (
            "article_entities",
            _row(entity, TABLES["article_entities"], seq=seq, article_id=article.id),
        )
    for quote in result.quotes:
        yield "quotes", _row(quote, TABLES["quotes"], seq=seq)
    for time in result.times:
        yield (
            "time_expressions",
            _row(time, TABLES["time_expressions"], seq=seq, article_id=article.id),
        )
    for event in result.events:
        yield "events", _row(event, TABLES["events"], seq=seq)


def _record(record_type: type[R], row: dict[str, Any]) -> R:
    """Return a record from a table row: lists become tuples, mentions Mention records."""
    values: dict[str, Any] = {}
    for f in fields(record_type):  # type: ignore[arg-type]
        value = row[f.name]
        if f.name == "mentions":
            value = tuple(Mention(m["start"], m["end"], m["text"], m["kind"]) for m in value)
        elif f.name == "detail":
            value = dict(value or {})
        elif isinstance(value, list):
            value = tuple(value)
        values[f.name] = value
    return record_type(**values)


def _read(out_dir: Path, table: str, lo: int, hi: int) -> dict[int, list[dict[str, Any]]]:
    """Return the rows of one table with ``lo <= seq < hi``, grouped by seq, in file order."""
    import pyarrow.dataset as ds

    path = out_dir / table
    if not path.exists():
        return {}
    data = ds.dataset(path, format="parquet")
    rows = data.to_table(filter=(ds.field("seq") >= lo) & (ds.field("seq") < hi)).to_pylist()
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row["seq"]].append(row)
    return grouped


def _inputs(out_dir: Path, lo: int, hi: int) -> list[tuple[int, Page | None, Analysis | Reject]]:
    """Return the inputs with ``lo <= seq < hi`` in order: (seq, page, analysis), (seq, None, reject)."""
    tables = {name: _read(out_dir, name, lo, hi) for name in TABLES}
    found: list[tuple[int, Page | None, Analysis | Reject]] = []
    for seq, [row] in tables["rejects"].items():
        found.append((seq, None, _record(Reject, row)))
    for seq, [row] in tables["pages"].items():
        [article] = tables["articles"][seq]
        analysis = Analysis(
            article=_record(Article, article),
            entities=tuple(_record(Entity, r) for r in tables["article_entities"].get(seq, [])),
            quotes=tuple(_record(Quote, r) for r in tables["quotes"].get(seq, [])),
            times=tuple(_record(TimeExpr, r) for r in tables["time_expressions"].get(seq, [])),
            events=tuple(_record(Event, r) for r in tables["events"].get(seq, [])),
        )
        found.append((seq, _page(row), analysis))
    return sorted(found, key=lambda item: item[0])


def _page(row: dict[str, Any]) -> StoredPage:
    return StoredPage(
        source=row["source"],
        content="",
        kind=row["kind"],
        url=row["url"],
        fetched=row["fetched"],
        encoding=row["encoding"],
        stored_hash=row["content_hash"],
    )


def load_into(store: Any, out_dir: str | Path, *, link: bool = True) -> Any:
    """Store an engine's results in ``store`` as the pipeline would; return an IngestReport.

    Documents are saved in input order, one transaction each (``Store.save_analysis``), so
    a page already stored is "unchanged" and a changed one updates its article. Inputs the
    engine found to repeat an earlier page count as unchanged. With ``link``, entities,
    quote clusters, stories and events are then recomputed over the whole store.
    """
    from ..pipeline import IngestReport, _save
    from ..pipeline import link as relink

    out = Path(out_dir)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    report = IngestReport(unchanged=int(manifest.get("duplicates", 0)))
    for lo in range(0, int(manifest["inputs"]), _CHUNK):
        inputs = _inputs(out, lo, lo + _CHUNK)
        for _, page, result in inputs:
            if page is None and isinstance(result, Reject):
                store.save_reject(result)
                report.rejects.append(result)
        stored = [(page, result) for _, page, result in inputs if page is not None]
        _save([r for _, r in stored], [p for p, _ in stored], store, report)
    if link and (report.inserted or report.updated):
        relink(store)
    return report
