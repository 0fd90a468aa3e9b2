"""What every reader is: an iterable of :class:`RawDocument` or :class:`Skipped`, with progress counters.

Reason codes a reader puts in :attr:`Skipped.reason` (the pipeline counts them; ``docs/sources.md``
lists them). Those in :data:`ERROR_REASONS` are errors (the input is damaged or a fetch failed);
the rest are skips (the input is fine but is not a page warta reads).
"""

from __future__ import annotations

from collections.abc import Iterator

from warta.sources.base import RawDocument, Skipped
from warta.sources.limits import DEFAULT_LIMITS, Limits

Item = RawDocument | Skipped

ERROR_REASONS = frozenset(
    {
        "truncated",  # gzip or WARC record cut short
        "corrupt",  # bad gzip data, unparsable WARC header
        "bad-content-length",  # WARC Content-Length that does not match the record
        "decompression-bomb",  # inflates past the ratio or size cap
        "bad-json",
        "bad-xml",
        "read-error",  # OSError reading a local file
        "timeout",
        "network",
        "http-error",  # 5xx / 429 after all retries
        "robots-unavailable",
    }
)


def is_error(reason: str) -> bool:
    return reason in ERROR_REASONS


class Reader:
    """Base class: subclasses implement :meth:`__iter__`.

    ``total_bytes`` is the input size when known (for an ETA) and ``bytes_read`` how much of it
    has been consumed so far (compressed bytes for compressed input); ``kind`` is the
    :data:`warta.model.InputKind` the pipeline writes into ``Article.provenance.input_kind``.
    """

    kind: str = "unknown"

    def __init__(self, name: str, *, limits: Limits = DEFAULT_LIMITS) -> None:
        self.name = name
        self.limits = limits
        self.total_bytes: int | None = None
        self.bytes_read = 0

    def __iter__(self) -> Iterator[Item]:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"
