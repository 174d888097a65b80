"""The claims endpoint, by operation: items.py (the one rendering of a
claim), read.py, write.py, transitions.py, and viewset.py that routes them."""
