"""``warta serve``: the explorer (HTTP API and web interface) over a database."""

from __future__ import annotations

import os
import socket
import sys

import click


@click.command()
@click.option("--db", required=True, type=click.Path(exists=True, dir_okay=False), help="DuckDB file.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes (the index is shared; use the number of cores for load).")
@click.option("--index", "index_dir", default=None, type=click.Path(file_okay=False),
              help="Index folder (default: DB.index beside the database).")
@click.option("--no-build", is_flag=True, help="Do not build or refresh the index at start-up.")
@click.option("--log-level", default="warning", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(db: str, host: str, port: int, workers: int, index_dir: str | None, no_build: bool, log_level: str) -> None:
    """Serve the explorer: search, articles, entities, quotes, events and relations.

    \b
    The index (DB.index/) is built or brought up to date first. Read-only, unless
    WARTA_INGEST_TOKEN is set in the environment: then POST /api/ingest {"url": ...}
    with 'Authorization: Bearer TOKEN' adds a page (one writer: use --workers 1).
    \b
    Examples:
      warta serve --db news.duckdb
      warta serve --db news.duckdb --host 0.0.0.0 --port 8080 --workers 2
    """

    import uvicorn

    from warta.search import build_index

    if not no_build:
        import duckdb

        try:
            report = build_index(db, index_dir)
        except duckdb.Error as exc:
            click.echo(f"warta: error: {db}: cannot read the database ({str(exc).splitlines()[0][:200]}); "
                       "another process may be writing it: retry when it is done, or serve the index as it "
                       "is with --no-build", err=True)
            sys.exit(3)
        click.echo(f"index {report.index_dir}: {report.mode}, {report.articles} articles "
                   f"({report.indexed} indexed now, {report.seconds:.1f} s)", err=True)
    if workers > 1 and os.environ.get("WARTA_INGEST_TOKEN"):
        click.echo("warta: ingest by URL writes the database: it needs --workers 1", err=True)
        sys.exit(2)
    reuseport = workers > 1 and hasattr(socket, "SO_REUSEPORT")
    try:
        sock = _bind(host, port, reuseport)
    except OSError as exc:
        click.echo(f"warta: error: cannot listen on {host}:{port}: {exc.strerror}", err=True)
        sys.exit(3)
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"warta explorer: http://{shown}:{port}/  (API: http://{shown}:{port}/api, Ctrl-C stops)", err=True)
    sys.stdout.flush()
    os.environ["WARTA_SERVE_DB"] = db
    if index_dir:
        os.environ["WARTA_SERVE_INDEX"] = index_dir
    config = uvicorn.Config(
        "warta.serve.app:create_asgi_from_env", factory=True, workers=workers, log_level=log_level,
        access_log=log_level in ("info", "debug"), proxy_headers=False, server_header=False,
    )
    if workers == 1:
        uvicorn.Server(config).run(sockets=[sock])
    elif reuseport:
        _run_reuseport(host, port, workers, log_level, sock)
    else:
        from uvicorn.supervisors import Multiprocess

        Multiprocess(config, sockets=[sock]).run()


def _bind(host: str, port: int, reuseport: bool) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuseport:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def _worker(host: str, port: int, log_level: str) -> None:
    """One server process with its own listening socket on the shared port (SO_REUSEPORT)."""
    import uvicorn

    sock = _bind(host, port, True)
    config = uvicorn.Config(
        "warta.serve.app:create_asgi_from_env", factory=True, log_level=log_level,
        access_log=log_level in ("info", "debug"), proxy_headers=False, server_header=False,
    )
    uvicorn.Server(config).run(sockets=[sock])


def _run_reuseport(host: str, port: int, workers: int, log_level: str, reserved: socket.socket) -> None:
    """N processes, each listening on its own SO_REUSEPORT socket: the kernel spreads new
    connections evenly over them, where one shared socket lets whichever process wakes first
    take a burst of connections (and their clients wait behind one busy process)."""
    import multiprocessing
    import signal

    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_worker, args=(host, port, log_level), daemon=False) for _ in range(workers)]
    for p in procs:
        p.start()
    reserved.close()  # the port stays taken by the workers' sockets

    def stop(signum: int, _frame: object) -> None:
        for p in procs:
            if p.pid is not None and p.is_alive():
                os.kill(p.pid, signal.SIGTERM)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for p in procs:
        p.join()
    failed = [p.exitcode for p in procs if p.exitcode not in (0, None, -signal.SIGTERM, -signal.SIGINT)]
    if failed:
        click.echo(f"warta: error: a server process exited with code {failed[0]}", err=True)
        sys.exit(3)


commands = [serve]
