"""Put this folder on sys.path: the tests import ``badcorpus`` and ``hostile_support``.

The suite runs under ``--import-mode=importlib``, where test folders are not packages.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)
