"""The bare handlers the list and search APIs are measured against: the same
server stack (gunicorn, Django, middleware), the page's JSON built by SQL
with json_agg, no ORM, no serializer, no auth."""

import json
import os
from functools import cache
from pathlib import Path

from django.db import connection
from django.http import HttpResponse

# The public page as the API serves it: each claim's signed record (its
# stored item) with what is live by design (status, retraction, links).
PAGE_SQL = """
SELECT json_build_object('results', coalesce(json_agg(page.item ORDER BY page.id DESC),
                                             '[]'::json))::text
FROM (
  SELECT c.id,
         r.item || jsonb_build_object(
           'public_status', CASE WHEN c.status IN ('published', 'retracted') THEN c.status
                                 ELSE 'under_re_review' END,
           'retracted_at', c.retracted_at, 'retraction_reason', c.retraction_reason,
           'links', jsonb_build_object('self', %(base)s || c.id || '/'),
           'public_record', jsonb_build_object('version', r.version, 'signed_at', r.signed_at)
         ) AS item
    FROM claims_claim c
    JOIN verify_publicrecord r ON r.claim_id = c.id AND r.is_current
   WHERE c.published_at IS NOT NULL
   ORDER BY c.id DESC
   LIMIT %(size)s
) page
"""


def bare_list(request):
    size = min(int(request.GET.get("page_size", 50)), 200)
    base = request.build_absolute_uri("/api/v1/claims/")
    with connection.cursor() as cursor:
        cursor.execute(PAGE_SQL, {"size": size, "base": base})
        (body,) = cursor.fetchone()
    return HttpResponse(body, content_type="application/json")


@cache
def _search_statements() -> dict[str, list[str]]:
    """The statements the API ran for each benchmark search (captured by
    bench.run.measure_search and written where BENCH_SEARCH_STATEMENTS says)."""
    return json.loads(Path(os.environ["BENCH_SEARCH_STATEMENTS"]).read_text())


def bare_search(request):
    """The same search statements the API ran for this term (the vocabulary's
    correction, then the page), the page returned as json_agg of its items.
    A term near no known word runs no page statement, like the API."""
    statements = _search_statements()[request.GET["term"]]
    body = '{"results": []}'
    with connection.cursor() as cursor:
        for statement in statements:
            if '"item_json"' not in statement:  # not the page
                cursor.execute(statement)
                cursor.fetchall()
                continue
            cursor.execute(
                "SELECT json_build_object('results', coalesce(json_agg(p.item_json::json), "
                f"'[]'::json))::text FROM ({statement}) p"
            )
            (body,) = cursor.fetchone()
    return HttpResponse(body, content_type="application/json")
