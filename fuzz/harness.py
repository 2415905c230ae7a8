"""The shared part of the fuzz targets: run a check under atheris and keep every finding.

A target is a ``check(data)`` function that raises when storyline misbehaves on ``data``:
an exception it is not documented to raise, or a broken property (an offset outside the
text, a line the cleaner made up). Exceptions in ``expected`` are documented answers
(``StorylineError`` for a bad page) and do not count.

Unlike plain atheris, a finding does not stop the run: it is written to
``$FUZZ_FINDINGS/<target>-<signature>.json`` (the exception, its traceback and the smallest
input seen for that signature) and fuzzing goes on, so one run counts every distinct crash.
Set ``FUZZ_STOP_ON_CRASH=1`` to re-raise instead (libFuzzer then writes ``crash-*``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Target", "decode", "finding_signature", "main", "prepare", "record_finding"]

Check = Callable[[bytes], None]


@dataclass(frozen=True)
class Target:
    """One component under fuzzing: its check, its documented errors, seeds and tokens."""

    name: str
    check: Check
    expected: tuple[type[BaseException], ...] = ()
    seeds: Callable[[], Iterable[bytes]] = lambda: ()
    tokens: tuple[str | bytes, ...] = ()  # text is written as UTF-8, bytes as they are
    max_len: int = 4096
    # run once per process before fuzzing (loading a model), so the first input is not slow
    warm_up: Callable[[], None] = field(default=lambda: None)


def decode(data: bytes) -> str:
    """Return fuzz bytes as text the way storyline would hold it: UTF-8, bad bytes replaced."""
    return data.decode("utf-8", errors="replace")


def finding_signature(exc: BaseException) -> str:
    """Return what tells two findings apart: the error type and where it was raised.

    The place is the innermost frame in storyline's code (or the target's, for a broken
    property), so one bug reached by many inputs is one finding.
    """
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "storyline" in f.filename or "/fuzz/" in f.filename]
    where = ours[-1] if ours else (frames[-1] if frames else None)
    place = f"{Path(where.filename).name}:{where.lineno}" if where else "?"
    return f"{type(exc).__name__}@{place}"


_SEEN: dict[Path, dict[str, object]] = {}  # this process's findings, by file


def record_finding(folder: Path, target: str, exc: BaseException, data: bytes) -> Path:
    """Write the finding of ``exc`` on ``data``, or count it; return the finding's file.

    One file per signature keeps the smallest input seen and the number of inputs that hit
    it (written when the input shrinks, and every 50 hits, so a hot bug costs few writes).
    A file from an earlier run with the same signature is carried on.
    """
    signature = finding_signature(exc)
    digest = hashlib.sha1(signature.encode()).hexdigest()[:12]
    path = folder / f"{target}-{digest}.json"
    if path not in _SEEN and path.exists():
        try:
            _SEEN[path] = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            pass
    known = _SEEN.get(path)
    if known is not None:
        hits = int(str(known["hits"])) + 1
        known["hits"] = hits
        if int(str(known["size"])) <= len(data):
            if hits % 50 == 0:
                path.write_text(json.dumps(known, indent=1), encoding="utf-8")
            return path
    finding: dict[str, object] = {
        "target": target,
        "signature": signature,
        "exception": f"{type(exc).__name__}: {exc}"[:2000],
        "traceback": "".join(traceback.format_exception(exc))[-6000:],
        "size": len(data),
        "input_repr": repr(data[:600]),
        "input_b64": base64.b64encode(data).decode("ascii"),
        "hits": known["hits"] if known is not None else 1,
    }
    _SEEN[path] = finding
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(finding, indent=1), encoding="utf-8")
    return path


def one_input(target: Target, folder: Path, stop: bool) -> Check:
    """Return the atheris entry point: the check, with findings recorded, not raised."""

    def test_one_input(data: bytes) -> None:
        try:
            target.check(data)
        except target.expected:
            return
        except Exception as exc:  # any other error is exactly what fuzzing looks for
            record_finding(folder, target.name, exc, data)
            if stop:
                raise

    return test_one_input


def replay(target: Target, paths: list[str]) -> int:
    """Run the check on saved inputs (files, or finding .json files); return 1 on a failure."""
    failed = 0
    for name in paths:
        raw = Path(name).read_bytes()
        if name.endswith(".json"):
            raw = base64.b64decode(json.loads(raw)["input_b64"])
        try:
            target.check(raw)
            print(f"{name}: ok")
        except target.expected as exc:
            print(f"{name}: documented error {type(exc).__name__}: {exc}")
        except Exception:
            failed = 1
            print(f"{name}: FAILED\n{traceback.format_exc()}")
    return failed


def _dict_entry(token: str | bytes) -> str:
    """Return one libFuzzer dictionary line: the token quoted, odd bytes as \\xNN."""
    raw = token.encode("utf-8") if isinstance(token, str) else token
    body = "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\x{b:02x}" for b in raw)
    return f'"{body}"'


def prepare(target: Target, folder: Path) -> None:
    """Write the target's seed inputs to ``folder/seeds`` and its dictionary to ``folder``.

    Prints the target's maximum input length, for the runner to pass as ``-max_len``.
    """
    seeds = folder / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    for k, seed in enumerate(target.seeds()):
        (seeds / f"seed-{k:03d}").write_bytes(seed[: target.max_len])
    lines = [_dict_entry(token) for token in target.tokens]
    (folder / "tokens.dict").write_text("\n".join(lines) + "\n", encoding="ascii")
    print(target.max_len)


def main(target: Target, argv: list[str] | None = None) -> None:
    """Fuzz ``target`` with atheris (libFuzzer flags in argv); or --replay, or --prepare."""
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "--replay":
        sys.exit(replay(target, argv[2:]))
    if len(argv) > 2 and argv[1] == "--prepare":
        prepare(target, Path(argv[2]))
        return
    import atheris

    folder = Path(os.environ.get("FUZZ_FINDINGS", "fuzz-findings"))
    stop = os.environ.get("FUZZ_STOP_ON_CRASH") == "1"
    target.warm_up()
    atheris.Setup(argv, one_input(target, folder, stop))
    atheris.Fuzz()
