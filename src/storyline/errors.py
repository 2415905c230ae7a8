"""Errors raised by storyline.

One tree, so callers can catch as broadly or as narrowly as they need::

    StorylineError                 every error storyline raises on purpose
    ├── InputError                 an input file or record cannot be used (names the file)
    │   ├── UnsupportedInput       binary, empty, unknown format
    │   ├── DecodeError            bytes that decode to no usable text
    │   └── CorruptInput           truncated gzip, broken WARC record, invalid JSON line
    ├── ExtractionError            a page held no article text
    ├── StoreError                 the store cannot be opened, migrated or written
    └── QueryError                 a search query that does not parse

Every message names the file (or record) and says what to do, in one line.
"""

from __future__ import annotations

__all__ = [
    "StorylineError",
    "InputError",
    "UnsupportedInput",
    "DecodeError",
    "CorruptInput",
    "ExtractionError",
    "StoreError",
    "QueryError",
]


class StorylineError(Exception):
    """Base class of every error storyline raises on purpose."""

    def __init__(self, message: str, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)

    @property
    def reason(self) -> str:
        """The message without the source prefix."""
        text = str(self)
        prefix = f"{self.source}: " if self.source else ""
        return text[len(prefix) :] if prefix and text.startswith(prefix) else text


class InputError(StorylineError):
    """An input file or record cannot be used."""


class UnsupportedInput(InputError):
    """The input is binary, empty or of a format storyline does not read."""


class DecodeError(InputError):
    """The bytes decode to no usable text."""


class CorruptInput(InputError):
    """The input is truncated or malformed (gzip, WARC record, JSON line)."""


class ExtractionError(StorylineError):
    """A page held no article text."""


class StoreError(StorylineError):
    """The store cannot be opened, migrated or written."""


class QueryError(StorylineError):
    """A search query that does not parse."""
