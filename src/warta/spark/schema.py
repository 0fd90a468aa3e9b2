"""Spark types for the column lists in :mod:`warta.spark.rows`, and the output tables' columns."""

from __future__ import annotations

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


def spark_type(kind: Any) -> Any:
    from pyspark.sql import types as T

    if isinstance(kind, tuple):
        return T.ArrayType(T.StructType([T.StructField(n, spark_type(k), True) for n, k in kind]), True)
    simple = {
        "string": T.StringType(),
        "int": T.IntegerType(),
        "long": T.LongType(),
        "double": T.DoubleType(),
        "bool": T.BooleanType(),
        "timestamp": T.TimestampType(),
        "array<string>": T.ArrayType(T.StringType(), True),
    }
    return simple[kind]


def struct(fields: tuple[Field, ...]) -> Any:
    from pyspark.sql import types as T

    return T.StructType([T.StructField(name, spark_type(kind), True) for name, kind in fields])


def record_schema() -> Any:
    """The wide row a task yields per record."""
    return struct(RECORD_FIELDS)


def child_columns(table: str) -> tuple[str, ...]:
    child = TABLES[table]
    if child is None:
        return ARTICLE_COLUMNS
    return tuple(name for name, _ in CHILDREN[child])
