"""The warta pipeline on Apache Spark: WARC manifests in, partitioned Parquet tables out.

* :func:`run` (``warta spark``, or ``spark-submit`` on :mod:`warta.spark.job`) processes every
  WARC file a manifest lists with the local pipeline's stage functions, one task per file;
* :func:`load_parquet` (``warta load-parquet``) imports the output into a DuckDB store.

pyspark is imported only when a job runs, so this package imports without it. See
``docs/spark.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from warta.spark.job import SparkRunReport
    from warta.spark.load import LoadReport


def run(manifest: Any, output: str, **kwargs: Any) -> SparkRunReport:
    """See :func:`warta.spark.job.run`."""
    from warta.spark.job import run as _run

    return _run(manifest, output, **kwargs)


def load_parquet(output: str, db: str) -> LoadReport:
    """See :func:`warta.spark.load.load_parquet`."""
    from warta.spark.load import load_parquet as _load

    return _load(output, db)


__all__ = ["load_parquet", "run"]
