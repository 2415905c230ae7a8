"""Fixtures for the PostgreSQL store tests: a fresh schema per test on STORYLINE_TEST_PG.

The tests need a server: set ``STORYLINE_TEST_PG`` to a DSN (``scripts/pg_test_server.sh
start`` prints one) and install ``storyline[postgres]``. Without them the tests that need a
server are skipped, with the reason.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from storyline.model import Analysis, Page

Build = Callable[..., tuple[Page, Analysis]]
ENV = "STORYLINE_TEST_PG"

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for sqlite_tests, as bench/ does
from sqlite_tests import load_store_tests  # noqa: E402


def server_dsn() -> str:
    """Return the test server's DSN, skipping the test when there is none or no psycopg."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (storyline[postgres])")
    dsn = os.environ.get(ENV)
    if not dsn:
        pytest.skip(f"{ENV} is not set; start a server with scripts/pg_test_server.sh start")
    return dsn


def in_schema(dsn: str, schema: str) -> str:
    """Return a DSN whose sessions work in ``schema`` (its tables, search configuration)."""
    parts = urlsplit(dsn)
    options = urlencode({"options": f"-csearch_path={schema}"})
    query = f"{parts.query}&{options}" if parts.query else options
    return parts._replace(query=query).geturl()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """Yield a URL to a new, empty schema of the test server; the schema is dropped after."""
    import psycopg

    dsn = server_dsn()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")  # shared by all
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield in_schema(dsn, schema)
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store(pg_url: str) -> Iterator[object]:
    from storyline.store import open_store
    from storyline.store.postgres import PostgresStore

    opened = open_store(pg_url)
    assert isinstance(opened, PostgresStore)
    yield opened
    opened.close()


@pytest.fixture
def build() -> Build:
    builder: Build = load_store_tests("conftest").build_page  # the SQLite tests' own builder
    return builder
