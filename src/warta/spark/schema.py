"""The output tables' columns and their Arrow types, from the column lists in :mod:`warta.spark.rows`.

Every Parquet file the job writes has exactly the schema :func:`table_schema` gives (the partition
columns live in the directory names, as Hive and Spark lay them out), so files written by different
tasks, runs and versions read together.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from warta.spark.rows import (
    ARTICLE_FIELDS,
    CHILDREN,
    RECORD_FIELDS,
    Field,
)

# Partition columns of every per-article table, in directory order: DIR/<table>/pub_date=/pub_outlet=/manifest=/
PARTITION_COLUMNS = ("pub_date", "pub_outlet", "manifest")
# Columns every table carries besides its own: which run wrote the row, from which record.
RUN_COLUMNS = ("run_id", "run_started")

# Output table -> the child list it explodes (None: the article row itself).
TABLES: dict[str, str | None] = {
    "articles": None,
    "sections": "sections",
    "images": "images",
    "related": "related",
    "entities": "entities",
    "mentions": "mentions",
    "quotes": "quotes",
    "dates": "dates",
    "events": "events",
}
ERROR_COLUMNS = ("status", "stage", "reason", "detail", "warc_path", "record_source", "file_idx", "rec_no")
# Article columns plus where the record came from (the WARC file, its record key, WARC-Date).
ARTICLE_COLUMNS = (*(name for name, _ in ARTICLE_FIELDS), "warc_path", "record_source", "fetched", "file_idx",
                   "rec_no", "seq")

_RECORD_KINDS: dict[str, Any] = {name: kind for name, kind in RECORD_FIELDS}
_EXTRA_KINDS: dict[str, Any] = {"seq": "long", "run_id": "string", "run_started": "timestamp",
                                "article_id": "string"}


def arrow_type(kind: Any) -> Any:
    """The Arrow type of a field kind (timestamps are UTC instants in microseconds, as Spark writes them)."""
    import pyarrow as pa

    if isinstance(kind, tuple):
        return pa.list_(pa.struct([pa.field(n, arrow_type(k)) for n, k in kind]))
    simple = {
        "string": pa.string(),
        "int": pa.int32(),
        "long": pa.int64(),
        "double": pa.float64(),
        "bool": pa.bool_(),
        "timestamp": pa.timestamp("us", tz="UTC"),
        "array<string>": pa.list_(pa.string()),
    }
    return simple[kind]


def child_columns(table: str) -> tuple[str, ...]:
    """A table's own columns (for a child table: the child's fields, without ``article_id``)."""
    if table == "errors":
        return ERROR_COLUMNS
    child = TABLES[table]
    if child is None:
        return ARTICLE_COLUMNS
    return tuple(name for name, _ in CHILDREN[child])


def table_columns(table: str) -> tuple[str, ...]:
    """The columns of a table's Parquet files, in order."""
    if table in ("articles", "errors"):
        return (*child_columns(table), *RUN_COLUMNS)
    return ("article_id", *child_columns(table), *RUN_COLUMNS)


def _kind(table: str, name: str) -> Any:
    child = TABLES.get(table)
    if child is not None:
        own = dict(CHILDREN[child])
        if name in own:
            return own[name]
    return _EXTRA_KINDS.get(name) or _RECORD_KINDS[name]


@cache
def table_schema(table: str) -> Any:
    """The Arrow schema of a table's Parquet files."""
    import pyarrow as pa

    return pa.schema([pa.field(name, arrow_type(_kind(table, name))) for name in table_columns(table)])


RUNS_FIELDS: tuple[Field, ...] = (
    ("run_id", "string"), ("manifest", "string"), ("run_started", "timestamp"), ("run_finished", "timestamp"),
    ("master", "string"), ("files", "int"), ("records", "long"), ("articles", "long"),
    ("duplicates_dropped", "long"), ("skipped", "long"), ("errors", "long"), ("seconds", "double"),
    ("warta_version", "string"), ("options", "string"), ("first_path", "string"),
)


def runs_schema() -> Any:
    import pyarrow as pa

    return pa.schema([pa.field(name, arrow_type(kind)) for name, kind in RUNS_FIELDS])
