"""The same claim in any language: embeddings, the vector index, the hybrid
score that ranks similar claims, and the evaluation on a matching set."""
