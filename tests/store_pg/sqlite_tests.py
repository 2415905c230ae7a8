"""Load the SQLite store's test modules (tests/store) so that this folder can reuse them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

__all__ = ["load_store_tests"]

STORE_TESTS = Path(__file__).resolve().parents[1] / "store"


def load_store_tests(name: str) -> ModuleType:
    """Return a module of tests/store (e.g. ``"conftest"``), loaded once under its own name."""
    module_name = f"storyline_sqlite_store_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, STORE_TESTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module
