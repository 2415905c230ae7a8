"""Extraction figures in one run: text-dump cleaning, then HTML extraction.

    .venv/bin/python bench/extraction.py [--quick] [--cv] [--workers N]

Runs ``bench/extraction_text.py`` (``../shared/data/extraction/textlines-dev.jsonl``; with
``--cv`` the honest 5-fold figure by outlet, since the shipped weights were learned from
those pages) and ``bench/extraction_html.py`` (``../shared/data/extraction/zyte-benchmark``),
both scored with ``../shared/tools/score_extraction.py``, each in its own process so that
neither one's memory or worker pool skews the other's pages/s.
Targets: text-dump F1 >= 0.95, HTML F1 >= 0.96.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few pages of each set only")
    parser.add_argument("--cv", action="store_true", help="cross-validated text-dump figure")
    parser.add_argument("--workers", type=int, default=2, help="HTML worker processes")
    args = parser.parse_args()
    text = [sys.executable, str(HERE / "extraction_text.py")]
    html = [sys.executable, str(HERE / "extraction_html.py"), "--workers", str(args.workers)]
    if args.quick:
        text.append("--quick")
        html.append("--quick")
    if args.cv:
        text.append("--cv")
    status = 0
    for title, command in (("text dumps", text), ("HTML pages", html)):
        print(f"== {title}: {' '.join(Path(c).name if c.endswith('.py') else c for c in command[1:])}")
        sys.stdout.flush()
        status = max(status, subprocess.run(command, check=False).returncode)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
