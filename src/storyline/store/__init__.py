"""The store: where analyses and corpus-level results are kept, read and searched.

``open_store`` picks the implementation from a URL: a file path or ``sqlite:///path`` opens
the embedded SQLite store; ``postgresql://…`` opens the server store (``storyline[postgres]``).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from ..errors import StoreError
from .base import SNIPPET_END, SNIPPET_START, Store
from .sqlite import SqliteStore

__all__ = ["open_store", "Store", "SqliteStore", "SNIPPET_START", "SNIPPET_END"]

_POSTGRES = ("postgresql", "postgres", "postgresql+psycopg")


def _redacted(url: str) -> str:
    """Return a URL without its password, for error messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def open_store(url: str | Path) -> Store:
    """Return the store at ``url``: a SQLite path, ``sqlite:///path``, or ``postgresql://…``.

    ``:memory:`` opens a throwaway SQLite store; ``postgresql://user:password@host/db``
    the PostgreSQL store, which needs ``storyline[postgres]``.

    Raises StoreError, naming the file (or the URL without its password), when it cannot be
    opened, is not a storyline store or was written by a newer storyline.
    """
    text = str(url)
    scheme = urlsplit(text).scheme.lower() if "://" in text else ""
    if scheme in _POSTGRES:
        from .postgres import PostgresStore  # psycopg is an optional extra: import on demand

        return PostgresStore(text)
    if scheme == "sqlite":
        path = text.split("://", 1)[1]
        path = path[1:] if path.startswith("/") else path  # sqlite:///rel, sqlite:////abs
        if not path:
            raise StoreError("no file named; use sqlite:///path/to/file.db", source=text)
        return SqliteStore(path)
    if scheme:
        raise StoreError(
            f"unknown store scheme {scheme!r}; use a file path, sqlite:///path or postgresql://",
            source=_redacted(text),
        )
    return SqliteStore(text)
