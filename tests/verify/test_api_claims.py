"""GET/POST /api/v1/claims/: what clients pull and what staff write."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from claims.models import Claim
from tests.conftest import api_client_for
from tests.factories import (
    AttributionFactory,
    ClaimFactory,
    EvidenceFactory,
    SourceFactory,
    TagFactory,
    UserFactory,
    claim_in_state,
    published,
)
from verify import roles
from verify.services.suggestions import claim_suggestion_recompute

pytestmark = pytest.mark.django_db

PRIVATE = {"status", "assignee", "version", "review_round", "suggestion"}


def ids(response):
    assert response.status_code == 200, response.json()
    return [c["id"] for c in response.json()["results"]]


@pytest.fixture
def demo_scored(demo):
    """The demo with every claim's suggestion recomputed."""
    from claims.models import Claim

    for claim in Claim.objects.all():
        claim_suggestion_recompute(claim_id=claim.pk)
    return Claim.objects


# --- visibility ---------------------------------------------------------------------


def test_the_public_list_shows_published_and_retracted_claims_only(demo_scored):
    body = api_client_for().get("/api/v1/claims/?page_size=50").json()
    statuses = {c["public_status"] for c in body["results"]}
    assert statuses == {"published", "retracted"}
    assert len(body["results"]) == 5
    for claim in body["results"]:
        assert not PRIVATE & set(claim), "a private field reached the public"


def test_detail_has_verdict_grade_origins_and_links(demo_scored):
    kisel = demo_scored.get(text_en__contains="Chaiko")
    body = api_client_for().get(f"/api/v1/claims/{kisel.pk}/").json()
    assert body["verdict"]["grade"] == "F6"
    assert body["verdict"]["verdict"] == "cannot_be_verified"
    assert body["origin_count"] == 1
    assert body["origins"] == [
        {
            "name": "Arabic-language channels (unnamed)",
            "organisation": "Arabic-language channels (unnamed)",
            "reliability": "",
            "stance": "reports_rumour",
            "sources": [body["origins"][0]["sources"][0]],
            "relays": 3,
            "relay_languages": ["bg"],
            "reliability_now": "",  # the source's grade now, beside the one signed
        }
    ]
    assert {"self", "page", "citation", "claimreview"} <= set(body["links"])
    assert len(body["attributions"]) == 4


def test_staff_see_every_state_and_the_private_fields(demo_scored, reviewer):
    body = api_client_for(reviewer).get("/api/v1/claims/?page_size=50").json()
    assert len(body["results"]) == 12
    one = body["results"][0]
    assert set(one) >= PRIVATE
    assert one["suggestion"]["reasons"]


def test_unpublished_claims_are_404_to_the_public_and_to_clients(reviewer, editor, api_client_user):
    hidden = claim_in_state("awaiting_sign_off", reviewer=reviewer, editor=editor)
    for client in (api_client_for(), api_client_for(api_client_user)):
        response = client.get(f"/api/v1/claims/{hidden.pk}/")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


# --- filters, search, ordering ------------------------------------------------------------


FRAGMENTS = ["Palestinian flag", "Karnaz", "leaving Damascus", "Chaiko", "T-90A"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("credibility=3", {"Karnaz", "leaving Damascus"}),
        ("verdict=unconfirmed", {"Karnaz", "leaving Damascus"}),
        ("verdict=cannot_be_verified", {"Chaiko"}),
        ("likelihood=likely", {"Palestinian flag", "Karnaz", "T-90A"}),
        ("public_status=retracted", {"T-90A"}),
        ("status=retracted", set(FRAGMENTS)),  # the workflow is not the public's to filter by
        ("source_grade=D", {"Chaiko"}),
        ("origin_count=1", {"Palestinian flag", "Karnaz", "leaving Damascus", "Chaiko", "T-90A"}),
        ("origin_count_min=2", set()),
        ("language=bg", {"Palestinian flag", "Karnaz", "leaving Damascus", "Chaiko", "T-90A"}),
        (
            "event_date_after=2024-12-02&event_date_before=2024-12-02",
            {"Palestinian flag", "Karnaz", "leaving Damascus", "T-90A"},
        ),
    ],
)
def test_filters(demo_scored, query, expected):
    found = api_client_for().get(f"/api/v1/claims/?page_size=50&{query}").json()["results"]
    assert {next(f for f in FRAGMENTS if f in c["text_en"]) for c in found} == expected


def test_source_tag_and_date_filters(reviewer, editor):
    clash = SourceFactory(name="Clash Report")
    story = TagFactory(name="Aleppo offensive", slug="aleppo-offensive")
    tagged = ClaimFactory()
    tagged.tags.add(story)
    AttributionFactory(claim=tagged, source=clash)
    tagged = claim_in_state("published", reviewer=reviewer, editor=editor, claim=tagged)
    other = claim_in_state("published", reviewer=reviewer, editor=editor)
    api = api_client_for()
    assert ids(api.get(f"/api/v1/claims/?source={clash.pk}")) == [tagged.pk]
    assert ids(api.get("/api/v1/claims/?tag=aleppo-offensive")) == [tagged.pk]
    later = timezone.now().isoformat()
    assert ids(api.get("/api/v1/claims/", {"published_after": later})) == []
    assert set(ids(api.get("/api/v1/claims/?updated_since=2000-01-01T00:00:00Z"))) == {
        tagged.pk,
        other.pk,
    }


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("credibility=9", "credibility"),
        ("verdict=maybe", "verdict"),
        ("origin_count=many", "origin_count"),
        ("published_after=yesterday", "published_after"),
        ("event_date_before=31.12.2024", "event_date_before"),
    ],
)
def test_bad_filter_values_are_400_naming_the_parameter(query, field):
    response = api_client_for().get(f"/api/v1/claims/?{query}")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("Карназ", "Karnaz"),  # Bulgarian original, full text
        ("captured Karnaz", "Karnaz"),  # English rendering, stemmed
        ("Kisel", "Chaiko"),
        ("Chaiko", "Chaiko"),
        ("Karnz", "Karnaz"),  # misspelt: trigram similarity
        ("T-90A", "T-90A"),
    ],
)
def test_search(demo_scored, search, expected):
    found = api_client_for().get("/api/v1/claims/", {"search": search}).json()["results"]
    assert found, search
    assert expected in found[0]["text_en"]


def _published(text, language, reviewer, text_en=""):
    from claims.services.claims import claim_create

    claim = claim_create(text=text, language=language, text_en=text_en, actor=reviewer)
    return published(claim)


@pytest.mark.parametrize(
    ("search", "language", "filed"),
    [
        ("бунтовниците", "bg", "Бунтовници превзеха Хан Шейхун."),  # Bulgarian word forms
        ("бунтовници", "bg", "Бунтовниците превзеха Хан Шейхун."),
        ("повстанців", "uk", "Повстанці захопили Хан-Шейхун."),  # Ukrainian
        ("повстанцы", "ru", "Повстанцев видели в Хан-Шейхуне."),  # Russian
    ],
)
def test_search_finds_other_word_forms(reviewer, search, language, filed):
    claim = _published(filed, language, reviewer)
    _published("Нещо друго се случи в София.", "bg", reviewer)
    assert ids(api_client_for().get("/api/v1/claims/", {"search": search})) == [claim.pk]


def test_an_english_query_finds_claims_in_other_languages_best_first(reviewer, settings, tmp_path):
    from claims.services.embeddings import claim_embeddings_refresh

    settings.CLAIMTRACE_VECTOR_INDEX = str(tmp_path / "claims.usearch")
    hama = _published("Руският контингент е изоставил Хама.", "bg", reviewer)
    ukrainian = _published("Російський контингент залишив Хаму.", "uk", reviewer)
    other = _published("Бунтовниците превзеха Алепо.", "bg", reviewer)
    claim_embeddings_refresh(claim_ids=[hama.pk, ukrainian.pk, other.pk])

    found = ids(api_client_for().get("/api/v1/claims/", {"search": "Russian troops left Hama"}))

    assert set(found[:2]) == {hama.pk, ukrainian.pk}
    assert other.pk not in found


def test_search_finds_nothing_for_nonsense(demo_scored):
    assert ids(api_client_for().get("/api/v1/claims/", {"search": "zzqxv"})) == []


def test_ordering_is_whitelisted(demo_scored):
    api = api_client_for()
    oldest_first = ids(api.get("/api/v1/claims/?ordering=published_at&page_size=50"))
    newest_first = ids(api.get("/api/v1/claims/?ordering=-published_at&page_size=50"))
    assert oldest_first == list(reversed(newest_first))
    response = api.get("/api/v1/claims/?ordering=text")
    assert response.status_code == 400
    assert "ordering" in response.json()["error"]["fields"]


def test_cursor_pages_walk_the_whole_list_once(reviewer, editor):
    made = {claim_in_state("published", reviewer=reviewer, editor=editor).pk for _ in range(7)}
    api, seen, url = api_client_for(), [], "/api/v1/claims/?page_size=3"
    while url:
        body = api.get(url).json()
        seen += [c["id"] for c in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(made)
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize("size", [10, 50, 200])
def test_a_page_costs_the_same_queries_whatever_its_size(reviewer, size):
    claims = []
    for _ in range(size):
        claim = ClaimFactory()
        AttributionFactory(claim=claim, source=SourceFactory())
        EvidenceFactory(claim=claim)
        claim_suggestion_recompute(claim_id=claim.pk)
        claims.append(claim)
    api = api_client_for(reviewer)
    api.get("/api/v1/claims/?page_size=1")  # warm: token lookup caches nothing we count
    with CaptureQueriesContext(connection) as queries:
        response = api.get(f"/api/v1/claims/?page_size={size}")
    assert len(response.json()["results"]) == size
    # token+user, permissions, then the page with its parts as JSON columns
    assert len(queries) == 3, [q["sql"][:80] for q in queries]
    editor = UserFactory(role=roles.EDITOR)
    for claim in claims:  # what the public may see: signed public records
        published(claim, reviewer=reviewer, editor=editor)
    with CaptureQueriesContext(connection) as public:
        response = APIClient().get(f"/api/v1/claims/?page_size={size}")
    assert len(response.json()["results"]) == size
    assert len(public) == 1, [q["sql"][:80] for q in public]


# --- writes ------------------------------------------------------------------------------------


def test_a_reviewer_files_a_claim(reviewer):
    response = api_client_for(reviewer).post(
        "/api/v1/claims/",
        {"text": "Бунтовниците влязоха в Хама.", "language": "bg", "tags": ["Hama"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["version"], body["tags"]) == ("new", 1, ["hama"])


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"language": "bg"}, "text"),
        ({"text": "x"}, "language"),
        ({"text": "  ", "language": "bg"}, "text"),
    ],
)
def test_creating_a_claim_names_the_bad_field(reviewer, payload, field):
    response = api_client_for(reviewer).post("/api/v1/claims/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_only_the_desk_writes(api_client_user, source_desk):
    payload = {"text": "x", "language": "en"}
    assert api_client_for().post("/api/v1/claims/", payload, format="json").status_code == 401
    for user in (api_client_user, source_desk):
        response = api_client_for(user).post("/api/v1/claims/", payload, format="json")
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "not_allowed"


def test_a_stale_edit_is_a_409(reviewer):
    claim = ClaimFactory(text_en="Old")
    api = api_client_for(reviewer)
    first = api.patch(f"/api/v1/claims/{claim.pk}/", {"version": 1, "text_en": "A"}, format="json")
    assert first.status_code == 200
    second = api.patch(f"/api/v1/claims/{claim.pk}/", {"version": 1, "text_en": "B"}, format="json")
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "stale_version"


def test_the_whole_workflow_through_the_api(reviewer, editor, editor2):
    claim = ClaimFactory()
    evidence = EvidenceFactory(claim=claim)
    as_reviewer, as_editor = api_client_for(reviewer), api_client_for(editor)

    taken = as_reviewer.post(f"/api/v1/claims/{claim.pk}/transitions/take/", {"version": 1})
    assert taken.status_code == 200
    assert (taken.json()["status"], taken.json()["assignee"]) == ("in_review", reviewer.username)

    review = as_reviewer.post(
        "/api/v1/reviews/",
        {
            "claim": claim.pk,
            "version": 2,
            "source_reliability": "B",
            "credibility": "2",
            "likelihood": "likely",
            "confidence": "moderate",
            "rationale": "Two origins, geolocated video.",
            "evidence": [evidence.pk],
        },
        format="json",
    )
    assert review.status_code == 201, review.json()
    assert review.json()["grade"] == "B2"

    own = as_reviewer.post(f"/api/v1/claims/{claim.pk}/transitions/publish/", {"version": 3})
    assert own.status_code == 403

    published = as_editor.post(
        f"/api/v1/claims/{claim.pk}/transitions/publish/", {"version": 3, "reason": "OK"}
    )
    assert published.status_code == 200
    assert published.json()["verdict"]["grade"] == "B2"

    again = api_client_for(editor2).post(
        f"/api/v1/claims/{claim.pk}/transitions/publish/", {"version": 4}
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "invalid_transition"

    no_reason = as_editor.post(f"/api/v1/claims/{claim.pk}/transitions/retract/", {"version": 4})
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()["error"]["fields"]
    public = api_client_for().get(f"/api/v1/claims/{claim.pk}/").json()
    assert public["public_status"] == "published"


def test_unknown_transition_and_missing_version(reviewer):
    claim = ClaimFactory()
    api = api_client_for(reviewer)
    assert (
        api.post(f"/api/v1/claims/{claim.pk}/transitions/explode/", {"version": 1}).status_code
        == 404
    )
    response = api.post(f"/api/v1/claims/{claim.pk}/transitions/take/", {})
    assert response.status_code == 400
    assert "version" in response.json()["error"]["fields"]


def test_marking_a_duplicate_through_the_api(reviewer):
    original, repeat = ClaimFactory(), ClaimFactory()
    api = api_client_for(reviewer)
    response = api.post(
        f"/api/v1/claims/{repeat.pk}/transitions/mark_duplicate/",
        {"version": 1, "duplicate_of": original.pk, "reason": "Same video."},
    )
    assert response.status_code == 200, response.json()
    repeat.refresh_from_db()
    assert repeat.duplicate_of == original
    missing = api.post(f"/api/v1/claims/{original.pk}/transitions/mark_duplicate/", {"version": 1})
    assert missing.status_code == 400
    assert "duplicate_of" in missing.json()["error"]["fields"]


def test_the_database_writes_the_items_the_serializer_would(demo_scored, reviewer):
    """On PostgreSQL the list and detail items are JSON built by the page's
    query; they must be, key for key, what the serializer (the SQLite path
    and the schema's source) writes, for the public and for the desk."""
    import orjson
    from django.contrib.auth.models import AnonymousUser
    from rest_framework.test import APIRequestFactory

    from verify.api.claims.items import _desk_item, claim_items, link_templates
    from verify.selectors import claim_list
    from verify.services.suggestions import suggestions_recompute

    claim = Claim.objects.filter(published_at__isnull=False).first()
    EvidenceFactory(claim=claim, latitude="35.131900", longitude="36.7578")
    AttributionFactory(claim=claim, published_at=timezone.now())  # with microseconds
    suggestions_recompute(claim_ids=Claim.objects.values_list("pk", flat=True))
    for user in (AnonymousUser(), reviewer):
        request = APIRequestFactory().get("/api/v1/claims/")
        request.user = user

        # the desk's items get the engine's reasons in words on the way out
        def read(item, desk=user == reviewer):
            return _desk_item(item, {}) if desk else orjson.loads(item)

        by_sql = {
            c.pk: read(c.item_json)
            for c in claim_list(user=user, filters={}, links=link_templates(request))
        }
        by_python = claim_list(user=user, filters={})  # no links: the prefetch path
        assert len(by_sql) == len(by_python) > 0
        for row, data in zip(by_python, claim_items(list(by_python), request=request), strict=True):
            expected = orjson.loads(orjson.dumps(data, default=str))  # as the renderer writes it
            assert by_sql[row.pk] == expected, row.pk
