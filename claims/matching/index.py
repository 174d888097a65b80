"""The vector index of claim embeddings: usearch (HNSW) in one file on disk.

Why usearch and not pgvector: the PostgreSQL servers Claimtrace runs on
(Debian's 15 here, the quick start's SQLite) do not have the extension, and
installing it is a server change a newsroom may not control. usearch is a
maintained HNSW engine whose saved index every process can open as a
memory-mapped *view*, so all web and worker processes on a host share one
copy of it in the page cache.

Consistency: the database (`ClaimEmbedding`) is the source of truth. The
file holds the embeddings that were `indexed` when it was built; a lookup
searches it and also compares the query exactly with the rows not yet in it
(few: a rebuild is queued when they pass `REBUILD_AFTER`). A process reopens
the file when it changes (a rebuild writes a new file and renames it over
the old one, so a reader never sees half a file). Claims deleted since are
dropped when the results are read against the database.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.matching.centroids import Sums
from claims.matching.embeddings import embedder, from_bytes
from claims.models import ClaimEmbedding

REBUILD_AFTER = 2000  # embeddings outside the file before a rebuild is due
# Candidates a search keeps while it walks the graph: at 1 M vectors usearch's
# default (64) found 0.949 of the exact top 10, 96 finds 0.989 for 1.0 ms a
# search instead of 0.7 (docs/benchmarks.md, 2026-12-05).
EXPANSION_SEARCH = 96
CHUNK = 10_000
_lock = threading.Lock()
_opened: dict[str, tuple[float, object]] = {}  # path -> (mtime, Index view)


def index_path() -> Path:
    return Path(settings.CLAIMTRACE_VECTOR_INDEX)


def _view():
    """The index file as a memory-mapped view, reopened when it changed."""
    path = index_path()
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return None
    with _lock:
        known = _opened.get(str(path))
        if known is None or known[0] != mtime:
            _opened[str(path)] = (mtime, open_view(path))
        return _opened[str(path)][1]


def open_view(path: Path):
    """An index file memory-mapped for searching, as every process opens it."""
    from usearch.index import Index

    view = Index.restore(str(path), view=True)
    view.expansion_search = EXPANSION_SEARCH
    return view


def nearest(vector: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k claims whose embeddings are nearest the vector: (claim id,
    cosine), best first; the index file and the rows not yet in it."""
    found: dict[int, float] = {}
    view = _view()
    if view is not None and len(view):
        matches = view.search(vector, min(k, len(view)))
        for key, distance in zip(matches.keys, matches.distances, strict=True):
            found[int(key)] = 1.0 - float(distance)
    pending = ClaimEmbedding.objects.filter(indexed=False, model=embedder().name).values_list(
        "claim_id", "vector"
    )
    ids, rows = [], []
    for claim_id, data in pending.iterator(chunk_size=CHUNK):
        ids.append(claim_id)
        rows.append(from_bytes(data))
    if rows:
        cosines = np.vstack(rows) @ vector
        for claim_id, cosine in zip(ids, cosines, strict=True):
            found[claim_id] = float(cosine)
    return sorted(found.items(), key=lambda item: -item[1])[:k]


def new_index(dim: int):
    """An empty HNSW index as Claimtrace builds it: cosine, vectors kept as
    16-bit floats (half the memory; recall measured in docs/benchmarks.md)."""
    from usearch.index import Index

    return Index(ndim=dim, metric="cos", dtype="f16", connectivity=16)


def save(index, path: Path) -> None:
    """Write the index file whole, then rename it over the old one: readers
    see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    index.save(str(partial))
    os.replace(partial, path)


def _chunks(rows, size: int):
    """The rows in lists of `size` (the last shorter)."""
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def rebuild(progress=None, timings: dict | None = None) -> int:
    """Build the index file from every stored embedding, and every
    language's mean in the same pass; returns how many it holds. Rows
    written while it runs stay `indexed=False` and are searched exactly
    until the next rebuild. A chunk of rows at a time: read, decoded into
    one array, summed per language, added on every core; `timings` (if
    given) gets the seconds each phase took."""
    started = timezone.now()
    spent = {"read": 0.0, "decode": 0.0, "add": 0.0, "save": 0.0}
    index = new_index(embedder().dim)
    rows = ClaimEmbedding.objects.filter(model=embedder().name).order_by("claim_id")
    total = rows.count()
    sums = Sums()
    done = 0
    reading = rows.values_list("claim_id", "claim__language", "vector").iterator(chunk_size=CHUNK)
    clock = time.perf_counter()
    for chunk in _chunks(reading, CHUNK):
        now = time.perf_counter()
        spent["read"] += now - clock
        keys = np.fromiter((row[0] for row in chunk), dtype=np.uint64, count=len(chunk))
        vectors = from_bytes(b"".join(bytes(row[2]) for row in chunk)).reshape(len(chunk), -1)
        sums.add_rows([row[1] for row in chunk], vectors)
        clock = time.perf_counter()
        spent["decode"] += clock - now
        index.add(keys, vectors, threads=0)  # every core
        now = time.perf_counter()
        spent["add"] += now - clock
        done += len(chunk)
        if progress:
            progress(done, total)
        clock = time.perf_counter()
    save(index, index_path())
    spent["save"] = time.perf_counter() - clock
    with transaction.atomic():
        sums.save()
        ClaimEmbedding.objects.filter(updated_at__lte=started, indexed=False).update(indexed=True)
    if timings is not None:
        timings.update(spent)
    return done


def rebuild_due() -> bool:
    return ClaimEmbedding.objects.filter(indexed=False).count() >= REBUILD_AFTER
