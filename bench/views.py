"""The bare handler the list API is measured against: the same server stack
(gunicorn, Django, middleware), one SQL statement that builds the page's JSON
with json_agg, no ORM, no serializer, no auth."""

from django.db import connection
from django.http import HttpResponse

PAGE_SQL = """
SELECT json_build_object('results', coalesce(json_agg(row_to_json(page) ORDER BY page.id DESC),
                                             '[]'::json))::text
FROM (
  SELECT c.id, c.text, c.language, c.text_en, c.event_date, c.event_place,
         CASE WHEN c.status IN ('published', 'retracted') THEN c.status
              ELSE 'under_re_review' END AS public_status,
         ARRAY(SELECT t.slug FROM claims_claim_tags ct JOIN claims_tag t ON t.id = ct.tag_id
               WHERE ct.claim_id = c.id ORDER BY t.name) AS tags,
         c.published_at, c.retracted_at, c.retraction_reason,
         (SELECT json_build_object(
                   'credibility', r.credibility, 'likelihood', nullif(r.likelihood, ''),
                   'analytic_confidence', r.confidence,
                   'grade', coalesce(nullif(r.source_reliability, ''), '?') || r.credibility,
                   'rationale', r.rationale, 'reviewed_at', r.submitted_at)
            FROM verify_claimevent e JOIN verify_review r ON r.id = e.review_id
           WHERE e.claim_id = c.id AND e.action = 'publish'
           ORDER BY e.created_at DESC, e.id DESC LIMIT 1) AS verdict,
         s.origin_count,
         coalesce((SELECT json_agg(json_build_object(
                     'id', a.id, 'claim', a.claim_id, 'source', a.source_id,
                     'source_name', src.name, 'source_reliability', src.reliability,
                     'stance', a.stance, 'via', a.via_id, 'url', a.url, 'quote', a.quote,
                     'published_at', a.published_at) ORDER BY a.id)
                     FROM claims_attribution a JOIN sources_source src ON src.id = a.source_id
                    WHERE a.claim_id = c.id), '[]') AS attributions,
         coalesce((SELECT json_agg(json_build_object(
                     'id', ev.id, 'claim', ev.claim_id, 'kind', ev.kind,
                     'relation', ev.relation, 'url', ev.url, 'description', ev.description,
                     'latitude', ev.latitude::text, 'longitude', ev.longitude::text)
                     ORDER BY ev.id)
                     FROM claims_evidence ev WHERE ev.claim_id = c.id), '[]') AS evidence,
         json_build_object('self', %(base)s || c.id || '/') AS links
    FROM claims_claim c LEFT JOIN verify_suggestion s ON s.claim_id = c.id
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
