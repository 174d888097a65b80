"""psycopg keeps the parse of the claim list's long page query
(config/query_cache.py): a second identical request does not split any
query text anew."""

import pytest
from psycopg import _queries

from tests.conftest import api_client_for

pytestmark = pytest.mark.django_db


def test_the_list_page_query_is_parsed_once(api_client_user, monkeypatch):
    client = api_client_for(api_client_user)
    assert client.get("/api/v1/claims/?page_size=50").status_code == 200
    split_anew = []
    uncached = _queries._query2pg_client_nocache

    def counting(query, encoding):
        split_anew.append(len(query))
        return uncached(query, encoding)

    monkeypatch.setattr(_queries, "_query2pg_client_nocache", counting)
    assert client.get("/api/v1/claims/?page_size=50").status_code == 200
    assert split_anew == []
    assert _queries.MAX_CACHED_STATEMENT_LENGTH >= 64 * 1024
