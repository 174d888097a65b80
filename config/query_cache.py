"""Let psycopg keep the parse of Claimtrace's long queries.

With client-side binding (Django's default with psycopg 3) psycopg splits
each query text at its placeholders before merging the parameters in, and
caches that split (an LRU of 128 entries) only for texts up to 4 KiB with
at most 50 parameters. The claim list's page query, which writes each item
as JSON in SQL (verify.items_sql), is about 20 KiB with some 200
parameters: it was split anew on every list and search request, about a
millisecond of regular expressions each time (docs/benchmarks.md). The
text is the same on every request (the values are parameters), so caching
it is safe; 128 such entries are a few megabytes at most.

The limits are module constants of psycopg's, not a public setting;
`tests/config/test_query_cache.py` fails if a psycopg upgrade moves them.
"""

from psycopg import _queries

LONGEST_CACHED = 64 * 1024  # bytes of query text
MOST_PARAMETERS = 1000


def raise_limits() -> None:
    _queries.MAX_CACHED_STATEMENT_LENGTH = max(_queries.MAX_CACHED_STATEMENT_LENGTH, LONGEST_CACHED)
    _queries.MAX_CACHED_STATEMENT_PARAMS = max(
        _queries.MAX_CACHED_STATEMENT_PARAMS, MOST_PARAMETERS
    )
