"""Suite-wide settings.

With ``STORYLINE_REQUIRE_ALL=1`` (as ``.ci/run`` sets it) a test that skips itself because
a service or an optional extra is missing (PostgreSQL, Chromium, pyspark, Java) fails
instead: in CI every test must run, so a green run cannot hide a missing install step.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("STORYLINE_REQUIRE_ALL") == "1" and report.skipped:
        if hasattr(report, "wasxfail"):
            return
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped, but STORYLINE_REQUIRE_ALL=1 requires it to run: {reason}"
