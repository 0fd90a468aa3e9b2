"""Exact and near-duplicate clustering with a persistent index.

Rules:

* **exact**: two articles whose :func:`~warta.dedup.text.text_hash` is equal are the same article
  (the later one joins the earlier one's cluster, ``exact_duplicate_of`` names it);
* **near**: otherwise the article's MinHash (``num_perm`` permutations over word ``shingle_size``-grams)
  is looked up in an LSH index tuned to ``threshold - candidate_margin`` (so that few true pairs
  are missed); candidates are checked by their estimated Jaccard similarity on the full
  signature, and the article joins the cluster of the most similar one at or above the threshold
  (``near_duplicate_of``, ``similarity``). Clusters are not merged afterwards: a cluster id never
  changes once given, so the store never has to rewrite one;
* the **cluster id** is the id of the cluster's first member (a singleton's cluster id is its own id);
* the **origin** of a cluster is its earliest-published member; members without a publication
  date rank after dated ones, and ties (or no dates at all) go to the first seen. When a new
  member becomes the origin, :attr:`DedupResult.previous_origin` names the member that lost it.
* texts shorter than ``min_words`` words get an exact hash but no near-duplicate lookup (short
  texts such as "Foto: ..." collide by chance).

``add`` is idempotent: adding an id again returns its stored result (so a resumed ingest can
replay). The index pickles (:meth:`save`/:meth:`load`, :meth:`to_bytes`/:meth:`from_bytes`);
load only files you wrote. Memory per article: the LSH buckets plus a ``num_perm``-entry uint32
signature (512 bytes at the default 128).
"""

from __future__ import annotations

import os
import pickle
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from warta.dedup.text import shingles
from warta.dedup.text import text_hash as _text_hash

_FORMAT = 1


@dataclass(slots=True)
class DedupResult:
    doc_id: str
    text_hash: str
    cluster_id: str
    is_origin: bool
    origin_id: str
    exact_duplicate_of: str | None = None
    near_duplicate_of: str | None = None
    similarity: float = 1.0
    previous_origin: str | None = None  # this member lost "origin" to doc_id just now
    # The MinHash signature (uint32 little-endian bytes) when one was computed: store it with the
    # article, and ``add(..., text_hash=, signature=)`` rebuilds the index without the text.
    signature: bytes | None = None

    @property
    def is_duplicate(self) -> bool:
        return self.exact_duplicate_of is not None or self.near_duplicate_of is not None


@dataclass(slots=True)
class _Member:
    text_hash: str
    cluster_id: str
    rank: tuple[int, float, int]
    exact_of: str | None
    near_of: str | None
    similarity: float


class DedupIndex:
    def __init__(
        self,
        threshold: float = 0.75,
        num_perm: int = 128,
        shingle_size: int = 5,
        min_words: int = 30,
        seed: int = 1,
        candidate_margin: float = 0.2,
    ) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.min_words = min_words
        self.seed = seed
        # Candidates come from an LSH tuned below the threshold (fewer misses), then each is
        # checked against the threshold on the full signatures.
        self._lsh = MinHashLSH(threshold=max(0.3, threshold - candidate_margin), num_perm=num_perm)
        self._template = MinHash(num_perm=num_perm, seed=seed)
        self._by_hash: dict[str, str] = {}
        self._members: dict[str, _Member] = {}
        self._signatures: dict[str, np.ndarray] = {}
        self._origin: dict[str, str] = {}  # cluster id -> origin member id
        self._seq = 0

    def __len__(self) -> int:
        return len(self._members)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._members

    def minhash(self, text: str) -> MinHash | None:
        grams = shingles(text, self.shingle_size)
        if len(grams) < max(1, self.min_words - self.shingle_size + 1):
            return None
        m = self._template.copy()
        m.update_batch(grams)
        return m

    def add(
        self,
        doc_id: str,
        text: str | None = None,
        *,
        published: datetime | None = None,
        title: str | None = None,
        text_hash: str | None = None,
        signature: bytes | None = None,
    ) -> DedupResult:
        """Place one article. Give ``text``, or (to rebuild from the store) the ``text_hash`` and
        ``signature`` an earlier :class:`DedupResult` returned."""
        if doc_id in self._members:
            # Placed before (a replay, or the page updated since): the first placement stands, and
            # the result carries the hash of the text given now, which is the text the caller stores.
            known = self._result(doc_id)
            if text_hash is None and text is not None:
                text_hash = _text_hash(text)
            if text_hash is not None:
                known.text_hash = text_hash
            return known
        if text is None and text_hash is None:
            raise ValueError("add() needs the text, or its text_hash (and signature)")
        self._seq += 1
        rank = (0, published.timestamp(), self._seq) if published is not None else (1, 0.0, self._seq)
        digest = text_hash or _text_hash(text or "")
        first = self._by_hash.get(digest)
        if first is not None:
            member = _Member(digest, self._members[first].cluster_id, rank, first, None, 1.0)
            return self._join(doc_id, member)
        self._by_hash[digest] = doc_id
        mh: MinHash | None
        if signature is not None:
            mh = MinHash(
                num_perm=self.num_perm,
                seed=self.seed,
                hashvalues=np.frombuffer(signature, dtype="<u4"),
                # the template's permutations: computing them again costs more than the lookup
                permutations=self._template.permutations,
                scheme=getattr(self._template, "scheme", None),
            )
        elif text is not None:
            mh = self.minhash(text)
        else:
            mh = None
        best: tuple[float, str] | None = None
        if mh is not None:
            sig = np.asarray(mh.hashvalues, dtype=np.uint32)
            for cand in self._lsh.query(mh):
                other = self._signatures.get(cand)
                if other is None:
                    continue
                sim = float(np.count_nonzero(sig == other)) / self.num_perm
                if sim >= self.threshold and (best is None or sim > best[0]):
                    best = (sim, cand)
            self._lsh.insert(doc_id, mh)
            self._signatures[doc_id] = sig
        if best is not None:
            sim, near = best
            member = _Member(digest, self._members[near].cluster_id, rank, None, near, sim)
            return self._join(doc_id, member)
        member = _Member(digest, doc_id, rank, None, None, 1.0)
        self._members[doc_id] = member
        self._origin[doc_id] = doc_id
        return self._result(doc_id)

    def _join(self, doc_id: str, member: _Member) -> DedupResult:
        self._members[doc_id] = member
        cluster = member.cluster_id
        current = self._origin[cluster]
        previous = None
        if member.rank < self._members[current].rank:
            self._origin[cluster] = doc_id
            previous = current
        result = self._result(doc_id)
        result.previous_origin = previous
        return result

    def _result(self, doc_id: str) -> DedupResult:
        m = self._members[doc_id]
        origin = self._origin[m.cluster_id]
        sig = self._signatures.get(doc_id)
        return DedupResult(
            signature=sig.astype("<u4").tobytes() if sig is not None else None,
            doc_id=doc_id,
            text_hash=m.text_hash,
            cluster_id=m.cluster_id,
            is_origin=origin == doc_id,
            origin_id=origin,
            exact_duplicate_of=m.exact_of,
            near_duplicate_of=m.near_of,
            similarity=m.similarity,
        )

    def cluster_of(self, doc_id: str) -> str | None:
        m = self._members.get(doc_id)
        return m.cluster_id if m else None

    def origin_of(self, cluster_id: str) -> str | None:
        return self._origin.get(cluster_id)

    # -- persistence -------------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        state: dict[str, Any] = {"format": _FORMAT, **self.__dict__}
        return pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, data: bytes) -> DedupIndex:
        state = pickle.loads(data)
        if not isinstance(state, dict) or state.pop("format", None) != _FORMAT:
            raise ValueError("not a warta dedup index (or an incompatible version)")
        index = cls.__new__(cls)
        index.__dict__.update(state)
        return index

    def save(self, path: str | Path) -> None:
        """Write atomically (temporary file, then rename): a crash never leaves half an index."""
        path = Path(path)
        fd, tmp = tempfile.mkstemp(prefix=path.name, dir=path.parent or ".")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(self.to_bytes())
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    @classmethod
    def load(cls, path: str | Path) -> DedupIndex:
        return cls.from_bytes(Path(path).read_bytes())
