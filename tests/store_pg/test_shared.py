"""The SQLite store's behaviour tests, run unchanged against the PostgreSQL store.

The test functions and their fixtures (``corpus``, ``linked``, ``desk``) are taken from the
modules of tests/store; this folder's conftest gives them a PostgresStore as ``store``. The
few tests that open SQLite files themselves are left out here; test_pg_store.py holds their
PostgreSQL counterparts.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sqlite_tests import load_store_tests  # noqa: E402

SHARED = ("test_roundtrip", "test_idempotency", "test_linking", "test_desk_reads", "test_search")
# they build SqliteStore(":memory:") themselves
SQLITE_ONLY = frozenset(
    {"test_any_unicode_analysis_reads_back_equal", "test_any_reject_reads_back_equal"}
)


def _load(name: str) -> dict[str, object]:
    """Return the public names of a tests/store module."""
    module = load_store_tests(name)
    return {k: v for k, v in vars(module).items() if not k.startswith("_")}


for _name in SHARED:
    for _attr, _value in _load(_name).items():
        if _attr in SQLITE_ONLY:
            continue
        if _attr.startswith("test_") and _attr in globals():
            raise AssertionError(f"two shared store tests are named {_attr}")
        globals()[_attr] = _value
