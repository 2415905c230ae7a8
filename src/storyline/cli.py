"""The ``storyline`` command: thin wrappers that parse arguments, call the library and print.

Exit status: 0 all inputs handled; 1 some inputs were rejected (each named on stderr with
the reason, the rest stored); 2 usage error (typer's own, or a store that cannot be opened).
"""

from __future__ import annotations

import os
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from . import __version__
from .errors import StorylineError
from .settings import Settings, load_settings

if TYPE_CHECKING:
    from .pipeline import IngestReport
    from .store import Store

app = typer.Typer(
    name="storyline",
    help="Turn raw news pages into a record of who said what, when, and who reported it first.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)

MAX_DEFAULT_WORKERS = 8  # serve's default: one process per core, at most this many

DbOption = Annotated[
    str,
    typer.Option("--db", help="SQLite file (default storyline.db) or postgresql:// URL."),
]


def _fail(exc: StorylineError, code: int = 2) -> None:
    err.print(f"[red]error:[/red] {exc}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _open(db: str):  # noqa: ANN202 - the Store protocol
    from .store import open_store

    try:
        return open_store(db)
    except StorylineError as exc:
        _fail(exc)


@app.callback(invoke_without_command=True)
def main(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    """storyline: who said what, when, and who reported it first."""
    if version:
        out.print(f"storyline {__version__}")
        raise typer.Exit(0)


class Engine(StrEnum):
    """Where the per-document stages run."""

    local = "local"
    spark = "spark"


def _parquet_beside(db: str) -> Path:
    """Return the default folder of a Spark run's Parquet results: beside a SQLite file."""
    if "://" in db:
        return Path("storyline.parquet")
    return Path(db).with_suffix(".parquet")


def _ingest_on_spark(
    paths: list[str],
    store: Store,
    settings: Settings,
    master: str,
    parquet: Path,
    quiet: bool,
    conf: dict[str, str],
) -> tuple[IngestReport, dict[str, int]]:
    """Run the Spark engine into ``store``; return its ingest report and the link counts."""
    from .engines.spark import run

    if quiet:
        conf = {"spark.ui.showConsoleProgress": "false", **conf}
    try:
        ran = run(paths, parquet, master, store=store, settings=settings, conf=conf)
    except StorylineError as exc:
        store.close()
        err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from exc
    err.print(
        f"spark ({master}): Parquet results in {parquet}; "
        + ", ".join(f"{step} {seconds:.1f}s" for step, seconds in ran.seconds.items()),
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    return ran.report, ran.linked


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or globs.")],
    db: DbOption = "storyline.db",
    workers: Annotated[int, typer.Option(help="Worker processes (0 = one per core).")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    engine: Annotated[
        Engine,
        typer.Option(
            help="local: worker processes here; spark: Apache Spark"
            " (pip install 'storyline[spark]', Java 17)."
        ),
    ] = Engine.local,
    master: Annotated[
        str | None,
        typer.Option(
            help="Spark master for --engine spark: local[*] (default), local[4],"
            " spark://host:7077, yarn, k8s://..."
        ),
    ] = None,
    parquet: Annotated[
        Path | None,
        typer.Option(
            help="Folder for --engine spark's Parquet results (default: beside the"
            " database, NAME.parquet)."
        ),
    ] = None,
    conf: Annotated[
        list[str] | None,
        typer.Option(
            "--conf",
            help="Spark setting KEY=VALUE for --engine spark (repeatable), e.g."
            " spark.executor.memory=4g.",
        ),
    ] = None,
) -> None:
    """Ingest HTML, text dumps, WARC and JSONL files into the store, then link across outlets."""
    from .pipeline import ingest as run_ingest
    from .pipeline import link

    if engine is Engine.local and (master or parquet or conf):
        err.print("error: --master, --parquet and --conf need --engine spark", markup=False)
        raise typer.Exit(2)
    spark_conf = dict(item.partition("=")[::2] for item in conf or [])
    if any(not key or not value for key, value in spark_conf.items()):
        err.print("error: --conf takes KEY=VALUE, e.g. spark.executor.memory=4g", markup=False)
        raise typer.Exit(2)
    if engine is Engine.spark:
        from .engines.spark import check_spark

        try:
            check_spark()  # before the store is opened: nothing created when Spark cannot run
        except StorylineError as exc:
            err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(2) from exc
    settings = load_settings(db=db, workers=workers or None)
    store = _open(db)
    started = time.perf_counter()
    if engine is Engine.spark:
        destination = parquet or _parquet_beside(db)
        result, counts = _ingest_on_spark(
            paths, store, settings, master or "local[*]", destination, quiet, spark_conf
        )
        store.close()
        _print_ingest(result, counts, db, time.perf_counter() - started)
    shown = 0
    with Progress(
        TextColumn("[bold]ingest[/bold]"),
        BarColumn(),
        TextColumn("{task.completed} pages · {task.fields[rate]:.1f} pages/s"),
        TextColumn("· [green]{task.fields[stored]} stored[/green]"),
        TextColumn("· [red]{task.fields[errors]} errors[/red]"),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or not sys.stderr.isatty(),
        transient=False,
    ) as progress:
        task = progress.add_task("ingest", total=None, rate=0.0, stored=0, errors=0)

        def report_progress(seen: int, stored: int, errors: int) -> None:
            nonlocal shown
            rate = seen / max(time.perf_counter() - started, 1e-6)
            progress.update(task, completed=seen, rate=rate, stored=stored, errors=errors)
            shown = seen

        try:
            result = run_ingest(paths, store, settings, report_progress, do_link=False)
            if result.inserted or result.updated or store.needs_link():
                progress.update(task, description="link")
                counts = link(store)
            else:
                counts = store.counts()
        except StorylineError as exc:
            store.close()
            _fail(exc)
    store.close()
    _print_ingest(result, counts, db, time.perf_counter() - started)


def _print_ingest(result: IngestReport, counts: dict[str, int], db: str, elapsed: float) -> None:
    """Print the rejects and the ingest summary, then exit: 1 when an input was rejected."""
    for reject in result.rejects:
        err.print(
            f"rejected {reject.source}: {reject.reason}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    out.print(
        f"{result.seen} pages in {elapsed:.1f}s: {result.inserted} new, {result.updated} updated, "
        f"{result.unchanged} unchanged, {len(result.rejects)} rejected → {db}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    out.print(
        "store: " + ", ".join(f"{v} {k}" for k, v in counts.items()), markup=False, highlight=False
    )
    raise typer.Exit(1 if result.rejects else 0)


@app.command()
def export(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the JSONL files.")],
    db: DbOption = "storyline.db",
    parquet: Annotated[bool, typer.Option(help="Also write Parquet files.")] = False,
) -> None:
    """Write articles, entities, quotes, quote clusters, stories and events as JSONL."""
    from .export import export_jsonl, export_parquet

    store = _open(db)
    try:
        counts = export_jsonl(store, out_dir)
        if parquet:
            export_parquet(store, out_dir)
    except StorylineError as exc:
        _fail(exc, 1)
    finally:
        store.close()
    out.print(
        f"wrote to {out_dir}: " + ", ".join(f"{n} {name}" for name, n in counts.items()),
        markup=False,
        highlight=False,
    )


@app.command()
def report(
    db: DbOption = "storyline.db",
    story: Annotated[str | None, typer.Option(help="Story id (default: every story).")] = None,
    person: Annotated[str | None, typer.Option(help="Entity id or name of a person.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="md or html.")] = "md",
) -> None:
    """Print a Markdown or self-contained HTML report of a story or a person."""
    from .report import render_report

    if fmt not in ("md", "html"):
        err.print("error: --format must be md or html", markup=False)
        raise typer.Exit(2)
    store = _open(db)
    try:
        text = render_report(store, story_id=story, person=person, fmt=fmt)
    except StorylineError as exc:
        _fail(exc, 1)
    finally:
        store.close()
    sys.stdout.write(text)


def _cores() -> int:
    """Return the number of CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@app.command()
def serve(
    db: DbOption = "storyline.db",
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Server processes answering requests (default: one per CPU core, at most "
            f"{MAX_DEFAULT_WORKERS}). Each reads the store on its own connections; SQLite's "
            "WAL mode lets them all read while an ingest writes.",
        ),
    ] = None,
) -> None:
    """Serve the web app and JSON API over the store."""
    import uvicorn

    from .web import create_app
    from .web.app import DB_ENV

    store = _open(db)
    store.close()
    count = workers or min(_cores(), MAX_DEFAULT_WORKERS)
    if count == 1 or db == ":memory:":  # one process: a memory store cannot be shared
        uvicorn.run(create_app(db), host=host, port=port, log_level="warning")
        return
    # several processes: each builds the app itself from the store named in its environment
    os.environ[DB_ENV] = db
    _serve_processes(
        uvicorn.Config(
            "storyline.web.app:app_from_env",
            factory=True,
            workers=count,
            host=host,
            port=port,
            log_level="warning",
        )
    )


def _serve_processes(config: Any) -> None:
    """Run ``config.workers`` server processes on one listening socket (uvicorn's supervisor).

    uvicorn binds that socket with protocol 0, and asyncio then leaves Nagle's algorithm on
    for every connection it accepts, so each keep-alive request waits ~40 ms for the peer's
    delayed ACK (uvicorn issue 3149). Re-wrapping the descriptor reads the protocol back
    from the kernel (TCP), and the processes set TCP_NODELAY as a single process does.
    """
    import socket

    from uvicorn.supervisors import Multiprocess

    listener = config.bind_socket()
    listener = socket.socket(fileno=listener.detach())
    try:
        Multiprocess(config, sockets=[listener]).run()
    finally:
        listener.close()


if __name__ == "__main__":  # pragma: no cover
    app()
