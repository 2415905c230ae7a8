"""The ingest stage's entry point: input paths to a stream of Page and Reject records."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator

from storyline.errors import StorylineError, UnsupportedInput
from storyline.ingest.files import read_page_file, reject, reject_for
from storyline.ingest.jsonl import iter_jsonl
from storyline.ingest.sources import SUPPORTED_SUFFIXES, expand_paths, input_format, is_glob
from storyline.ingest.warc import iter_warc
from storyline.model import Page, Reject
from storyline.settings import Settings, load_settings

__all__ = ["iter_pages", "iter_file"]

log = logging.getLogger(__name__)


def iter_pages(paths: Iterable[str], settings: Settings | None = None) -> Iterator[Page | Reject]:
    """Yield a Page for every readable document under paths and a Reject for every other.

    Paths are files, folders (read recursively) and globs. Bad input never stops the
    stream: each unusable file or record yields a Reject naming it, and reading goes on.
    """
    settings = settings or load_settings()
    for path in expand_paths(paths):
        yield from iter_file(path, settings)


def iter_file(path: str, settings: Settings) -> Iterator[Page | Reject]:
    """Yield the Pages of one input file, and Rejects for what cannot be read."""
    try:
        yield from _read(path, settings)
    except StorylineError as err:
        yield reject_for(err, path)
    except OSError as err:
        yield reject(path, f"cannot read file: {err.strerror or err}")
    except Exception as err:  # a bug must not end a long ingest run; log it in full
        log.exception("ingest failed on %s", path)
        yield reject(path, f"internal error ({type(err).__name__}: {err}); please report it")


def _read(path: str, settings: Settings) -> Iterator[Page | Reject]:
    """Yield the items of one file by its format; raises InputError for unusable files."""
    if not os.path.exists(path):
        what = "no file matches this pattern" if is_glob(path) else "no such file"
        raise UnsupportedInput(what, path)
    if os.path.isdir(path):
        raise UnsupportedInput("is a folder with nothing readable", path)
    fmt = input_format(path)
    if fmt == "warc":
        yield from iter_warc(path, settings)
    elif fmt == "jsonl":
        yield from iter_jsonl(path, settings)
    elif fmt in ("page", "gz"):
        yield read_page_file(path, settings)
    else:
        suffix = os.path.splitext(path)[1] or "(none)"
        raise UnsupportedInput(
            f"unsupported file type {suffix}; supported: {SUPPORTED_SUFFIXES}", path
        )
