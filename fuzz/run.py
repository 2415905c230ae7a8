"""Run every fuzz target for a bounded time or number of inputs; print executions and crashes.

    .venv/bin/python fuzz/run.py [--seconds 40] [--runs N] [--targets textdump,quotes,...]
                                 [--workdir DIR] [--timeout 30] [--rss-limit-mb 3072]

Targets (one per component, see each file's docstring): ``textdump`` (text-dump cleaner),
``quotes`` (the real pipeline's ``analyse``: spaCy entities, quotes, speakers, times),
``timeline`` (time-expression finder and resolver), ``ingest`` (sniff and decode of raw
bytes, gunzip, a JSONL record) and ``archives`` (the WARC and JSONL file readers).

Each target runs in its own process under atheris (libFuzzer) with its seeds and token
dictionary, for at most ``--seconds`` (plus time to load, then it is killed) and ``--runs``
inputs. A finding (an undocumented exception or a broken property) is recorded and fuzzing
goes on; the table counts distinct findings by signature (error type and place). libFuzzer's
own crash, timeout and OOM artifacts are counted too. The working folder (default: a new
temporary one) keeps the corpus, so ``--workdir`` twice continues where the last run ended.
Exit status 1 when anything was found.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGETS = ("textdump", "quotes", "timeline", "ingest", "archives")
LOAD_GRACE_S = 90  # model loading and the initial corpus run come on top of --seconds
_KINDS = ("crash", "timeout", "oom", "leak")  # libFuzzer artifacts that are failures


@dataclass
class Outcome:
    """What one target's run did."""

    target: str
    executions: int
    seconds: float
    corpus: int
    coverage: int
    findings: list[dict[str, object]]
    artifacts: list[str]
    code: int

    @property
    def crashes(self) -> int:
        return len(self.findings) + len(self.artifacts)


def _last_int(pattern: str, text: str) -> int:
    found = re.findall(pattern, text)
    return int(found[-1]) if found else 0


def _script(target: str) -> str:
    return str(HERE / f"fuzz_{target}.py")


def run_target(target: str, args: argparse.Namespace, workdir: Path) -> Outcome:
    """Fuzz one target in a child process and return its figures."""
    folder = workdir / target
    corpus, findings = folder / "corpus", workdir / "findings"
    corpus.mkdir(parents=True, exist_ok=True)
    findings.mkdir(parents=True, exist_ok=True)
    prepared = subprocess.run(
        [sys.executable, _script(target), "--prepare", str(folder)],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    max_len = int(prepared.stdout.split()[-1])
    argv = [
        sys.executable, _script(target),
        f"-max_total_time={int(args.seconds)}", f"-runs={args.runs}", f"-timeout={args.timeout}",
        f"-rss_limit_mb={args.rss_limit_mb}", f"-max_len={max_len}", "-print_final_stats=1",
        f"-dict={folder / 'tokens.dict'}", f"-artifact_prefix={folder}/", str(corpus),
        str(folder / "seeds"),
    ]  # fmt: skip
    env = {**os.environ, "FUZZ_FINDINGS": str(findings), "FUZZ_SCRATCH": str(folder),
           "PYTHONHASHSEED": "0"}  # fmt: skip
    if args.stop_on_crash:
        env["FUZZ_STOP_ON_CRASH"] = "1"
    started = time.time()
    before = {p.name for p in folder.glob("*-*") if p.name.split("-")[0] in _KINDS}
    try:
        child = subprocess.run(
            argv, env=env, capture_output=True, text=True,
            timeout=args.seconds + LOAD_GRACE_S, check=False,
        )  # fmt: skip
        log, code = child.stderr + child.stdout, child.returncode
    except subprocess.TimeoutExpired as exc:
        err = exc.stderr or b""
        log = err.decode(errors="replace") if isinstance(err, bytes) else err
        code = -9
    wall = time.time() - started
    (folder / "libfuzzer.log").write_text(log[-200_000:], encoding="utf-8")
    executions = _last_int(r"stat::number_of_executed_units:\s*(\d+)", log) or _last_int(
        r"^#(\d+)\s", log
    )
    found = []
    for path in sorted(findings.glob(f"{target}-*.json")):
        if path.stat().st_mtime >= started:
            finding = json.loads(path.read_text(encoding="utf-8"))
            finding["file"] = str(path)
            found.append(finding)
    artifacts = sorted(
        str(p) for p in folder.glob("*-*") if p.name.split("-")[0] in _KINDS
        and p.name not in before
    )  # fmt: skip
    return Outcome(
        target=target,
        executions=executions,
        seconds=wall,
        corpus=sum(1 for _ in corpus.iterdir()),
        coverage=_last_int(r"cov: (\d+)", log),
        findings=found,
        artifacts=artifacts,
        code=code,
    )


def _report(outcomes: list[Outcome], workdir: Path) -> None:
    print(f"\n{'target':<10}{'executions':>12}{'exec/s':>9}{'corpus':>8}{'cov':>7}"
          f"{'crashes':>9}{'libFuzzer':>11}{'rc':>5}")  # fmt: skip
    for o in outcomes:
        print(f"{o.target:<10}{o.executions:>12,}{o.executions / max(o.seconds, 1e-9):>9.0f}"
              f"{o.corpus:>8}{o.coverage:>7}{len(o.findings):>9}{len(o.artifacts):>11}"
              f"{o.code:>5}")  # fmt: skip
    total = sum(o.executions for o in outcomes)
    crashes = sum(o.crashes for o in outcomes)
    print(f"{'total':<10}{total:>12,}{'':>24}{crashes:>9}")
    for o in outcomes:
        for finding in o.findings:
            print(f"\n[{o.target}] {finding['signature']} ({finding['hits']} inputs)")
            print(f"  error: {finding['exception']}")
            print(f"  smallest input ({finding['size']} bytes): {finding['input_repr']}")
            tail = str(finding["traceback"]).rstrip().splitlines()[-8:]
            print("  " + "\n  ".join(tail))
            print(f"  replay: .venv/bin/python fuzz/fuzz_{o.target}.py --replay {finding['file']}")
        for artifact in o.artifacts:
            print(f"\n[{o.target}] libFuzzer artifact {artifact}; see {workdir}/{o.target}/"
                  "libfuzzer.log")  # fmt: skip
    print(f"\nworking folder: {workdir}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=40.0, help="fuzzing time per target")
    parser.add_argument("--runs", type=int, default=-1, help="inputs per target (-1: no limit)")
    parser.add_argument("--targets", default=",".join(TARGETS))
    parser.add_argument("--workdir", type=Path, help="corpus and findings (default: new temp)")
    parser.add_argument("--timeout", type=int, default=30, help="seconds one input may take")
    parser.add_argument("--rss-limit-mb", type=int, default=3072)
    parser.add_argument("--stop-on-crash", action="store_true", help="plain atheris behaviour")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="storyline-fuzz-"))
    workdir.mkdir(parents=True, exist_ok=True)
    outcomes = []
    for target in args.targets.split(","):
        if target not in TARGETS:
            parser.error(f"unknown target {target!r}; choose from {', '.join(TARGETS)}")
        print(f"fuzzing {target} for up to {args.seconds:.0f} s ...", flush=True)
        outcome = run_target(target, args, workdir)
        print(f"  {outcome.executions:,} executions, {outcome.crashes} crashes", flush=True)
        outcomes.append(outcome)
    _report(outcomes, workdir)
    return 1 if any(o.crashes for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
