"""The job's output path without the JVM: tasks write Parquet with pyarrow into a staging directory
per task attempt, and the driver commits the attempts Spark reported as successful.

Layout (``BASE`` is the output directory)::

    BASE/_staging/RUN_ID/pNNNNN-aATTEMPT/<table>/pub_date=…/pub_outlet=…/manifest=…/part-RUN_ID-fFILE-cCHUNK.parquet
    BASE/<table>/pub_date=…/pub_outlet=…/manifest=…/part-RUN_ID-fFILE-cCHUNK.parquet      (after the commit)

* A task (:class:`TaskWriter`) buffers the wide rows of its WARC file and writes them as one
  *chunk* (one file per table and partition) whenever the buffer holds ``flush_articles`` articles
  or ``flush_bytes`` of article JSON, and at the end. Within a chunk an article id occurs once: a
  later copy of the same record replaces the earlier one in place (the last copy wins, in the
  first copy's position, as a local ingest replaces an article). The task returns a small status
  (its files, counts, reasons) and one (id, first seq, last seq, chunk) tuple per article.
* Copies of one article in different chunks (the same URL in two WARC files) are resolved by the
  driver from those tuples (:func:`merge_copies`): the copy with the highest seq wins and takes
  the lowest seq; the chunks holding the other copies are filtered by :func:`fix_chunk`, which
  writes a corrected file beside the original and never changes the original, so a retried fix
  gives the same result.
* :func:`commit` moves the files of exactly one attempt per WARC file (the one whose status the
  driver received) into place, then deletes the files of earlier runs from the partition
  directories this run wrote (dynamic partition overwrite), then the run's staging directory.
  Failed attempts, speculative copies and zombie tasks only ever wrote under ``_staging``, which
  readers ignore. Moves are renames on a local or HDFS file system; on S3 they are copies.

A crash during the commit leaves some partitions with both the old and the new run's files; the
rows carry their ``run_id`` and ``run_started`` and ``warta load-parquet`` keeps the newest, and
re-running the manifest finishes the job.
"""

from __future__ import annotations

import os
import posixpath
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from warta.spark.rows import CHILDREN, RECORD_NAMES, problem_row
from warta.spark.schema import TABLES, child_columns, table_schema

SEQ_FILE = 1 << 40  # seq = file_idx * SEQ_FILE + rec_no: (file, record) order over the run
STAGING = "_staging"
FLUSH_ARTICLES = 2000
FLUSH_BYTES = 64 << 20

_I = {name: i for i, name in enumerate(RECORD_NAMES)}
_ID, _KIND, _STAGE, _STATUS, _REASON = _I["id"], _I["kind"], _I["stage"], _I["status"], _I["reason"]
_JSON = _I["article_json"]
# Characters Spark (Hive) escapes in partition values, as %XX.
_ESCAPED = frozenset('"#%\'*/:=?\\\x7f{[]^') | frozenset(chr(c) for c in range(0x20))


@dataclass(frozen=True)
class WriteSpec:
    """Where and how a run writes (picklable: it travels to the executors)."""

    output: str
    run_id: str
    manifest: str
    run_started: datetime
    partition_by: tuple[str, ...] = ("pub_date", "pub_outlet")
    flush_articles: int = FLUSH_ARTICLES
    flush_bytes: int = FLUSH_BYTES


# ------------------------------------------------------------------ file system

def open_output(output: str) -> tuple[Any, str]:
    """(pyarrow file system, base path) for an output directory: a local path, ``file://``, ``s3://``/
    ``s3a://`` (credentials from the usual AWS variables), ``hdfs://`` or ``gs://``."""
    import pyarrow.fs as pafs

    from warta.spark.fetch import _pyarrow_fs, is_local, local_path

    if is_local(output):
        return pafs.LocalFileSystem(), os.path.abspath(local_path(output)).rstrip("/")
    fs, path = _pyarrow_fs(output)
    return fs, path.rstrip("/")


def staging_dir(base: str, run_id: str) -> str:
    return f"{base}/{STAGING}/{run_id}"


def escape_value(value: str) -> str:
    """A partition value as Spark writes it in a directory name."""
    return "".join(f"%{ord(c):02X}" if c in _ESCAPED else c for c in value) or "__HIVE_DEFAULT_PARTITION__"


def partition_path(names: Sequence[str], values: Sequence[str]) -> str:
    return "/".join(f"{n}={escape_value(v)}" for n, v in zip(names, values, strict=True))


def file_name(run_id: str, file_idx: int, chunk: int) -> str:
    return f"part-{run_id}-f{file_idx:05d}-c{chunk:04d}.parquet"


def _write(fs: Any, path: str, table: Any, made: set[str] | None = None) -> None:
    import pyarrow.parquet as pq

    parent = posixpath.dirname(path)
    if made is None or parent not in made:
        fs.create_dir(parent, recursive=True)
        if made is not None:
            made.add(parent)
    with fs.open_output_stream(path) as out:
        pq.write_table(table, out, compression="snappy")


def _read(fs: Any, path: str) -> Any:
    import pyarrow.parquet as pq

    with fs.open_input_file(path) as fh:
        return pq.ParquetFile(fh).read()


# ------------------------------------------------------------------ task side

class TaskWriter:
    """The rows of one WARC file, written in chunks into one attempt's staging directory."""

    def __init__(self, spec: WriteSpec, file_idx: int, attempt: str) -> None:
        self.spec = spec
        self.file_idx = file_idx
        self.attempt = attempt
        self.fs, base = open_output(spec.output)
        self.root = f"{staging_dir(base, spec.run_id)}/{attempt}"
        self.part_names = (*spec.partition_by, "manifest")
        self.chunk = 0
        self.files: list[tuple[str, int]] = []  # (path relative to root, chunk)
        self.ids: list[tuple[str, int, int, int]] = []  # (article id, first seq, last seq, chunk)
        self.records = 0
        self.articles = 0
        self.duplicates = 0  # copies replaced inside a chunk
        self.rows: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self._made: set[str] = set()
        self._reset()

    def _reset(self) -> None:
        self.buffer: list[tuple[Any, ...]] = []
        self.where: dict[str, int] = {}
        self.first: dict[str, int] = {}
        self.last: dict[str, int] = {}
        self.problems: list[tuple[Any, ...]] = []
        self.bytes = 0

    def add(self, row: tuple[Any, ...]) -> None:
        if row[_STAGE] != "events":  # an article whose event coding failed is one record, two rows
            self.records += 1
        if row[_KIND] != "article":
            self._count_problem(row)
            self.problems.append(row)
            return
        self.articles += 1
        aid = row[_ID]
        seq = self.file_idx * SEQ_FILE + int(row[_I["rec_no"]])
        if aid in self.where:
            self.buffer[self.where[aid]] = row
            self.duplicates += 1
        else:
            self.where[aid] = len(self.buffer)
            self.buffer.append(row)
            self.first[aid] = seq
        self.last[aid] = seq
        self.bytes += len(row[_JSON] or "")
        if len(self.buffer) >= self.spec.flush_articles or self.bytes >= self.spec.flush_bytes:
            self.flush()

    def _count_problem(self, row: tuple[Any, ...]) -> None:
        (self.errors if row[_STATUS] == "error" else self.skipped)[row[_REASON] or "unknown"] += 1

    def flush(self) -> None:
        """Write the buffered rows as one chunk (one file per table and partition)."""
        if not self.buffer and not self.problems:
            return
        spec = self.spec
        groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        for row in self.buffer:
            key = tuple(row[_I[name]] for name in spec.partition_by)
            groups.setdefault(key, []).append(row)
        written: set[str] = set()
        for key, rows in groups.items():
            tables, bad = self._tables(rows)
            for row, reason in bad:  # a value the schema cannot hold: the record is an error, the task goes on
                self.articles -= 1
                problem = problem_row(self.file_idx, row[_I["rec_no"]], row[_I["warc_path"]],
                                      row[_I["record_source"]], "write", reason, status="error")
                self._count_problem(problem)
                self.problems.append(problem)
            part = partition_path(self.part_names, (*key, spec.manifest))
            for table, data in tables.items():
                self._write_file(table, part, data)
            lost = {id(row) for row, _ in bad}
            written.update(row[_ID] for row in rows if id(row) not in lost)
        if self.problems:
            self._write_file("errors", partition_path(("manifest",), (spec.manifest,)), self._errors_table())
        self.ids.extend((aid, self.first[aid], self.last[aid], self.chunk) for aid in self.where if aid in written)
        self.chunk += 1
        self._reset()

    def _write_file(self, table: str, part: str, data: Any) -> None:
        rel = f"{table}/{part}/{file_name(self.spec.run_id, self.file_idx, self.chunk)}"
        _write(self.fs, f"{self.root}/{rel}", data, self._made)
        self.files.append((rel, self.chunk))
        if table != "errors":
            self.rows[table] += data.num_rows

    def _tables(self, rows: list[tuple[Any, ...]]) -> tuple[dict[str, Any], list[tuple[tuple[Any, ...], str]]]:
        """Arrow tables for a partition's article rows; rows whose values do not fit the schema are set apart."""
        import pyarrow as pa

        try:
            return self._build(rows), []
        except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
            if len(rows) == 1:
                return {}, [(rows[0], f"{type(exc).__name__}: {exc}"[:300])]
        good: list[tuple[Any, ...]] = []
        bad: list[tuple[tuple[Any, ...], str]] = []
        for row in rows:
            _, wrong = self._tables([row])
            (bad.extend(wrong) if wrong else good.append(row))
        return (self._build(good) if good else {}), bad

    def _build(self, rows: list[tuple[Any, ...]]) -> dict[str, Any]:
        out = {"articles": self._table("articles", rows)}
        for table, child in TABLES.items():
            if child is None:
                continue
            idx = _I[child]
            if any(row[idx] for row in rows):
                out[table] = self._child_table(table, child, rows)
        return out

    def _errors_table(self) -> Any:
        import pyarrow as pa

        try:
            return self._table("errors", self.problems)
        except (pa.ArrowException, TypeError, ValueError, OverflowError):  # e.g. a lone surrogate in a message
            clean = [tuple(v.encode("utf-8", "replace").decode("utf-8") if isinstance(v, str) else v for v in row)
                     for row in self.problems]
            return self._table("errors", clean)

    def _run_values(self, n: int) -> dict[str, list[Any]]:
        return {"run_id": [self.spec.run_id] * n, "run_started": [self.spec.run_started] * n}

    def _table(self, table: str, rows: list[tuple[Any, ...]]) -> Any:
        import pyarrow as pa

        cols: dict[str, list[Any]] = {}
        for name in child_columns(table):
            if name == "seq":
                cols[name] = [self.first[row[_ID]] for row in rows]
            else:
                i = _I[name]
                cols[name] = [row[i] for row in rows]
        cols.update(self._run_values(len(rows)))
        return pa.Table.from_pydict(cols, schema=table_schema(table))

    def _child_table(self, table: str, child: str, rows: list[tuple[Any, ...]]) -> Any:
        import pyarrow as pa

        names = [name for name, _ in CHILDREN[child]]
        idx = _I[child]
        ids: list[Any] = []
        values: list[list[Any]] = [[] for _ in names]
        for row in rows:
            items = row[idx]
            ids.extend([row[_ID]] * len(items))
            for item in items:
                for j, value in enumerate(item):
                    values[j].append(value)
        cols = {"article_id": ids, **dict(zip(names, values, strict=True)), **self._run_values(len(ids))}
        return pa.Table.from_pydict(cols, schema=table_schema(table))

    def close(self) -> dict[str, Any]:
        """Write what is left; the status the driver receives."""
        self.flush()
        return {
            "file_idx": self.file_idx, "attempt": self.attempt, "files": self.files, "records": self.records,
            "articles": self.articles, "duplicates": self.duplicates, "rows": dict(self.rows),
            "skipped": dict(self.skipped), "errors": dict(self.errors), "chunks": self.chunk,
        }


# ------------------------------------------------------------------ duplicates over the run

Copy = tuple[int, int, tuple[int, int], tuple[tuple[int, int], ...]]  # (first seq, last seq, chunk, losing chunks)


def merge_copies(a: Copy, b: Copy) -> Copy:
    """reduceByKey over one article id's chunks: the copy with the highest seq wins, in the lowest seq's place."""
    win, lose = (a, b) if a[1] >= b[1] else (b, a)
    return (min(a[0], b[0]), win[1], win[2], (*win[3], *lose[3], lose[2]))


@dataclass
class Fix:
    """What to change in one chunk: drop these article ids, renumber those (article id -> seq)."""

    file_idx: int
    chunk: int
    attempt: str
    files: list[str]
    drop: set[str]
    reseq: dict[str, int]


def plan_fixes(dups: Iterable[tuple[str, Copy]], statuses: dict[int, dict[str, Any]]) -> list[Fix]:
    fixes: dict[tuple[int, int], Fix] = {}

    def fix(chunk: tuple[int, int]) -> Fix:
        if chunk not in fixes:
            st = statuses[chunk[0]]
            files = [rel for rel, c in st["files"] if c == chunk[1] and not rel.startswith("errors/")]
            fixes[chunk] = Fix(chunk[0], chunk[1], st["attempt"], files, set(), {})
        return fixes[chunk]

    for aid, (place, _, win, losers) in dups:
        for chunk in losers:
            fix(tuple(chunk)).drop.add(aid)  # type: ignore[arg-type]
        fix(tuple(win)).reseq[aid] = place  # type: ignore[arg-type]
    return list(fixes.values())


def fix_chunk(spec: WriteSpec, fix: Fix) -> tuple[int, int, dict[str, int], list[str], list[str]]:
    """Write the corrected files of one chunk as ``<file>.fixed`` beside the originals (which stay as they
    are, so that a retry does the same). Returns (file, chunk, rows removed per table, files rewritten,
    files left empty)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    fs, base = open_output(spec.output)
    root = f"{staging_dir(base, spec.run_id)}/{fix.attempt}"
    removed: Counter[str] = Counter()
    empty: list[str] = []
    rewritten: list[str] = []
    drop = pa.array(sorted(fix.drop), pa.string())
    for rel in fix.files:
        table = rel.split("/", 1)[0]
        data = _read(fs, f"{root}/{rel}")
        key = "id" if table == "articles" else "article_id"
        kept = data.filter(pc.invert(pc.is_in(data[key], value_set=drop))) if len(drop) else data
        changed = kept.num_rows != data.num_rows
        removed[table] += data.num_rows - kept.num_rows
        if table == "articles" and fix.reseq and kept.num_rows:
            ids = kept["id"].to_pylist()
            old = kept["seq"].to_pylist()
            new = [fix.reseq.get(i, s) for i, s in zip(ids, old, strict=True)]
            if new != old:
                kept = kept.set_column(kept.schema.get_field_index("seq"), "seq", pa.array(new, pa.int64()))
                changed = True
        if not changed:
            continue
        if kept.num_rows == 0:
            empty.append(rel)
        else:
            _write(fs, f"{root}/{rel}.fixed", kept)
            rewritten.append(rel)
    return fix.file_idx, fix.chunk, dict(removed), rewritten, empty


# ------------------------------------------------------------------ driver side

def commit(spec: WriteSpec, statuses: Sequence[dict[str, Any]], fixed: set[str] | None = None,
           empty: set[str] | None = None, *, threads: int = 8) -> int:
    """Move each status's attempt files into place, then delete older files from the partitions written.

    ``fixed`` and ``empty`` are ``attempt/rel`` keys: files to take from their ``.fixed`` version, and
    files to leave out. Returns how many files were committed.
    """
    import pyarrow.fs as pafs

    fixed, empty = fixed or set(), empty or set()
    fs, base = open_output(spec.output)
    stage = staging_dir(base, spec.run_id)
    moves: list[tuple[str, str]] = []
    dirs: set[str] = {f"errors/{partition_path(('manifest',), (spec.manifest,))}"}
    for st in statuses:
        for rel, _ in st["files"]:
            key = f"{st['attempt']}/{rel}"
            dirs.add(posixpath.dirname(rel))
            if key in empty:
                continue
            src = f"{stage}/{key}" + (".fixed" if key in fixed else "")
            moves.append((src, f"{base}/{rel}"))
    for d in sorted({posixpath.dirname(dst) for _, dst in moves}):
        fs.create_dir(d, recursive=True)
    local = isinstance(fs, pafs.LocalFileSystem)

    def move(pair: tuple[str, str]) -> None:
        fs.move(*pair)

    if local or len(moves) < 2:
        for pair in moves:
            move(pair)
    else:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(move, moves))
    ours = f"part-{spec.run_id}-"
    stale: list[str] = []
    for d in sorted(dirs):
        infos = fs.get_file_info(pafs.FileSelector(f"{base}/{d}", allow_not_found=True))
        stale.extend(i.path for i in infos if i.type == pafs.FileType.File and not i.base_name.startswith(ours))
    for path in stale:
        fs.delete_file(path)
    discard_staging(spec)
    return len(moves)


def discard_staging(spec: WriteSpec) -> None:
    """Remove the run's staging directory (and ``_staging`` when nothing else is in it)."""
    import contextlib

    import pyarrow.fs as pafs

    fs, base = open_output(spec.output)
    with contextlib.suppress(OSError, FileNotFoundError):
        fs.delete_dir(staging_dir(base, spec.run_id))
    with contextlib.suppress(OSError, FileNotFoundError):
        if not fs.get_file_info(pafs.FileSelector(f"{base}/{STAGING}", allow_not_found=True)):
            fs.delete_dir(f"{base}/{STAGING}")


def write_run(spec: WriteSpec, row: dict[str, Any]) -> None:
    """One row in ``BASE/runs/`` for a finished run."""
    import pyarrow as pa

    from warta.spark.schema import runs_schema

    fs, base = open_output(spec.output)
    table = pa.Table.from_pylist([row], schema=runs_schema())
    _write(fs, f"{base}/runs/part-{spec.run_id}.parquet", table)


def attempt_name(partition: int, attempt_id: int | None) -> str:
    """The staging directory of one task attempt (unique in the application)."""
    return f"p{partition:05d}-a{attempt_id if attempt_id is not None else uuid.uuid4().hex[:12]}"

