"""The ingest stage: files, folders, globs, WARC and JSONL to ``Page`` records, streamed.

iter_pages(paths, settings)  → Page | Reject, one file or record at a time
expand_paths(paths)          → the input files, folders walked and globs expanded
decode_bytes(data, source)   → (text, encoding), mojibake repaired
"""

from storyline.ingest.decode import decode_bytes, repair_text
from storyline.ingest.pages import iter_file, iter_pages
from storyline.ingest.sniff import binary_reason, page_kind
from storyline.ingest.sources import expand_paths, input_format

__all__ = [
    "iter_pages",
    "iter_file",
    "expand_paths",
    "input_format",
    "decode_bytes",
    "repair_text",
    "binary_reason",
    "page_kind",
]
