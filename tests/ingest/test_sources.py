"""expand_paths: files, folders walked recursively in order, globs, hidden files."""

from __future__ import annotations

from pathlib import Path

from storyline.ingest import expand_paths, input_format


def _tree(root: Path) -> None:
    for rel in [
        "b.html",
        "a.txt",
        "sub/c.warc.gz",
        "sub/deep/d.jsonl",
        "sub/e.gz",
        "notes.md",
        ".hidden.html",
        ".cache/x.html",
        "sub/f.HTM",
    ]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")


def test_folder_is_walked_recursively_sorted_skipping_hidden_and_unsupported(tmp_path: Path):
    _tree(tmp_path)
    found = [Path(p).relative_to(tmp_path).as_posix() for p in expand_paths([str(tmp_path)])]
    assert found == [
        "a.txt",
        "b.html",
        "sub/c.warc.gz",
        "sub/e.gz",
        "sub/f.HTM",
        "sub/deep/d.jsonl",
    ]


def test_glob_matches_supported_files_only(tmp_path: Path):
    _tree(tmp_path)
    found = [Path(p).name for p in expand_paths([str(tmp_path / "**" / "*.*")])]
    assert "notes.md" not in found and ".hidden.html" not in found
    assert {"a.txt", "b.html", "c.warc.gz", "d.jsonl"} <= set(found)


def test_named_files_are_kept_even_when_unsupported_or_missing(tmp_path: Path):
    _tree(tmp_path)
    named = [str(tmp_path / "notes.md"), str(tmp_path / "gone.html"), str(tmp_path / "*.xyz")]
    assert list(expand_paths(named)) == named


def test_each_file_is_yielded_once(tmp_path: Path):
    _tree(tmp_path)
    found = list(expand_paths([str(tmp_path / "a.txt"), str(tmp_path)]))
    assert len(found) == len(set(found)) == 6


def test_input_format_follows_the_longest_suffix():
    assert input_format("x.warc.gz") == "warc"
    assert input_format("x.jsonl.gz") == "jsonl"
    assert input_format("x.html.gz") == "gz"
    assert input_format("X.HTML") == "page"
    assert input_format("x.pdf") is None
