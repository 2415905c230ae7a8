"""Export the store as the contract's files: JSONL (one object a line) and Parquet.

Each file holds exactly the fields that docs/contract.md lists for it, in that order. Files
are written beside their final name and renamed into place, so a reader never sees half an
export and an interrupted export leaves the previous files as they were.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from .errors import StorylineError
from .store import Store

__all__ = ["EXPORTS", "export_jsonl", "export_parquet", "record_dict"]

_LISTS = frozenset(
    {
        "authors",
        "captions",
        "roles",
        "aliases",
        "quote_ids",
        "altered_quote_ids",
        "article_ids",
        "entity_ids",
    }
)
_INTEGERS = frozenset({"start", "end"})
_BATCH = 10_000  # rows a Parquet row group holds


@dataclass(frozen=True)
class _Export:
    """One exported file: its name, the contract's fields, and where its records come from."""

    name: str
    fields: tuple[str, ...]
    records: Callable[[Store], Iterable[object]]


EXPORTS: tuple[_Export, ...] = (
    _Export(
        "articles",
        (
            "id",
            "source",
            "outlet",
            "title",
            "authors",
            "published",
            "updated",
            "dateline",
            "text",
            "captions",
            "language",
            "story_id",
        ),
        lambda store: store.articles(),
    ),
    _Export("entities", ("id", "name", "type", "roles", "aliases"), lambda s: s.entities()),
    _Export(
        "quotes",
        (
            "id",
            "article_id",
            "text",
            "kind",
            "start",
            "end",
            "speaker",
            "speaker_id",
            "cue",
            "said_on",
            "venue",
            "cluster_id",
        ),
        lambda store: store.quotes(),
    ),
    _Export(
        "quote_clusters",
        (
            "id",
            "speaker",
            "speaker_id",
            "text",
            "quote_ids",
            "first_article_id",
            "first_outlet",
            "first_published",
            "altered_quote_ids",
        ),
        lambda store: store.clusters(),
    ),
    _Export(
        "stories",
        ("id", "title", "article_ids", "first_published", "last_published"),
        lambda store: store.stories(),
    ),
    _Export(
        "events",
        ("id", "story_id", "article_id", "date", "precision", "text", "start", "end", "entity_ids"),
        lambda store: store.events(),
    ),
)


def record_dict(record: object, fields: Iterable[str]) -> dict[str, Any]:
    """Return the named fields of a record as a JSON-ready dict (tuples become lists)."""
    values = {name: getattr(record, name) for name in fields}
    return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}


def _rows(store: Store, export: _Export) -> Iterator[dict[str, Any]]:
    return (record_dict(r, export.fields) for r in export.records(store))


def _write_atomically(path: Path, write: Callable[[Path], int]) -> int:
    """Run ``write`` on a temporary file beside ``path``, then rename it; return its count."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        count = write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorylineError(
            f"cannot write the export ({exc.strerror or exc}); check the folder is writable"
            " and has free space",
            source=str(path),
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


def _prepare(out_dir: Path) -> Path:
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorylineError(
            f"cannot create the export folder ({exc.strerror or exc})", source=str(out_dir)
        ) from exc
    return out_dir


def export_jsonl(store: Store, out_dir: Path) -> dict[str, int]:
    """Write the contract's six JSONL files into ``out_dir``; return the lines in each."""
    out_dir = _prepare(out_dir)
    counts: dict[str, int] = {}
    for export in EXPORTS:

        def write(tmp: Path, export: _Export = export) -> int:
            count = 0
            with tmp.open("w", encoding="utf-8", newline="\n") as handle:
                for row in _rows(store, export):
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                    count += 1
            return count

        counts[export.name] = _write_atomically(out_dir / f"{export.name}.jsonl", write)
    return counts


def _arrow_schema(fields: tuple[str, ...]) -> Any:
    import pyarrow as pa

    def arrow_type(name: str) -> Any:
        if name in _LISTS:
            return pa.list_(pa.string())
        return pa.int64() if name in _INTEGERS else pa.string()

    return pa.schema([(name, arrow_type(name)) for name in fields])


def export_parquet(store: Store, out_dir: Path) -> dict[str, int]:
    """Write the same six tables as Parquet files into ``out_dir``; return the rows in each."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out_dir = _prepare(out_dir)
    counts: dict[str, int] = {}
    for export in EXPORTS:
        schema = _arrow_schema(export.fields)

        def write(tmp: Path, export: _Export = export, schema: Any = schema) -> int:
            count = 0
            rows = _rows(store, export)
            with pq.ParquetWriter(tmp, schema) as writer:
                while batch := list(islice(rows, _BATCH)):
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    count += len(batch)
                if count == 0:  # an empty table still records its columns
                    writer.write_table(schema.empty_table())
            return count

        counts[export.name] = _write_atomically(out_dir / f"{export.name}.parquet", write)
    return counts
