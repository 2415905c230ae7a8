"""Input paths: files, folders (recursive, sorted) and globs, and the format of each file."""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterable, Iterator

__all__ = ["SUPPORTED_SUFFIXES", "expand_paths", "input_format", "is_glob"]

# Longest suffix first: ".warc.gz" must win over ".gz".
_FORMATS: tuple[tuple[str, str], ...] = (
    (".warc.gz", "warc"),
    (".warc", "warc"),
    (".jsonl.gz", "jsonl"),
    (".jsonl", "jsonl"),
    (".gz", "gz"),
    (".html", "page"),
    (".htm", "page"),
    (".txt", "page"),
)
SUPPORTED_SUFFIXES = ".html .htm .txt .warc .warc.gz .jsonl .jsonl.gz .gz"
_GLOB_MAGIC = re.compile(r"[*?[]")


def input_format(path: str) -> str | None:
    """Return how a file is read from its name: "warc", "jsonl", "gz", "page", or None."""
    name = path.lower()
    for suffix, fmt in _FORMATS:
        if name.endswith(suffix):
            return fmt
    return None


def is_glob(path: str) -> bool:
    """Return whether a path is a glob pattern (holds *, ? or [)."""
    return _GLOB_MAGIC.search(path) is not None


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Yield the input files named by paths: files as given, folders and globs expanded.

    Folders are walked recursively in sorted order; folders and globs yield only files with a
    supported suffix and skip hidden files and folders. A file named outright is yielded
    whatever its suffix (the reader rejects what it cannot read), and so is a path or glob
    that matches nothing, so that the caller can report it. Each file is yielded once.
    """
    seen: set[str] = set()
    for raw in paths:
        for path in _expand_one(os.path.expanduser(raw)):
            key = os.path.abspath(path)
            if key not in seen:
                seen.add(key)
                yield path


def _expand_one(path: str) -> Iterator[str]:
    """Yield the files one command-line path stands for."""
    if os.path.isdir(path):
        yield from _walk(path)
    elif os.path.lexists(path) or not is_glob(path):
        yield path
    else:
        matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            yield path
        for match in matches:
            if os.path.isdir(match):
                yield from _walk(match)
            elif _wanted(os.path.basename(match)):
                yield match


def _walk(folder: str) -> Iterator[str]:
    """Yield the supported, non-hidden files under a folder, depth first, sorted by name."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if _wanted(name):
                yield os.path.join(root, name)


def _wanted(name: str) -> bool:
    """Return whether a file found in a folder or glob should be read."""
    return not name.startswith(".") and input_format(name) is not None
