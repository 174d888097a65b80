"""Hostile input across the API and the admin: every bad request is a clear
4xx naming what was wrong and writes nothing; payloads are stored as given
and rendered escaped wherever they are shown."""

import json

import pytest
from django.db import connection

from claims.models import Attribution, Claim
from sources.models import Source
from tests.conftest import api_client_for
from tests.factories import ClaimFactory, SourceFactory, claim_in_state

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script><img src=x onerror=alert(1)>"
SQL = "'; DROP TABLE claims_claim; -- \" OR 1=1"
UNICODE = [
    "\u202eHama fell\u202c",  # right-to-left override
    "👩\u200d👩\u200d👧 zero-width joiners, a\u200bzero-width space",
    "Хама Hama حماة mixed scripts",
    "e\u0301 combining accent, ﬁ ligature, \U0001d400 maths bold",
    "\ufeffbyte-order mark inside",
]


def post(user, path, body, **kwargs):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return api_client_for(user).post(path, data=data, content_type="application/json", **kwargs)


def error_of(response) -> dict:
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    return response.json()["error"]


# --- malformed and mistyped ------------------------------------------------------------------


@pytest.mark.parametrize("body", ["{not json", "", "[1, 2", '{"text": "a",}', "\x00", "nan"])
def test_malformed_json_is_a_400_and_writes_nothing(reviewer, body):
    assert error_of(post(reviewer, "/api/v1/claims/", body))["code"] in ("parse_error", "invalid")
    assert not Claim.objects.exists()


def test_a_lone_surrogate_is_refused(reviewer):
    body = b'{"text": "\\ud800 broken", "language": "en"}'
    assert error_of(post(reviewer, "/api/v1/claims/", body))["status"] == 400
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ["a"], "language": "en"}, "text"),
        ({"text": "a", "language": {"x": 1}}, "language"),
        ({"text": "a", "language": "en", "tags": "hama"}, "tags"),
        ({"text": "a", "language": "en", "event_date": 20241205}, "event_date"),
        ({"text": "a", "language": "en", "event_date": "2024-02-30"}, "event_date"),
        ({"text": "a\x00b", "language": "en"}, "text"),
        ({"text": "x" * 10_001, "language": "en"}, "text"),
    ],
)
def test_wrong_types_name_the_field(reviewer, body, field):
    error = error_of(post(reviewer, "/api/v1/claims/", body))
    assert field in error["fields"], error
    assert not Claim.objects.exists()


def test_a_json_array_instead_of_an_object_is_a_400(reviewer):
    assert error_of(post(reviewer, "/api/v1/claims/", [1, 2]))["status"] == 400


def test_deeply_nested_json_is_refused_quickly(reviewer):
    deep = '{"text": ' + "[" * 200_000 + "]" * 200_000 + ', "language": "en"}'
    assert error_of(post(reviewer, "/api/v1/claims/", deep))["status"] == 400
    assert not Claim.objects.exists()


def test_a_10_mb_body_is_refused_before_it_is_read(reviewer):
    body = json.dumps({"text": "x" * 10_000_000, "language": "en"})
    error = error_of(post(reviewer, "/api/v1/claims/", body))
    assert (error["status"], error["code"]) == (413, "too_large")
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/claims/?status=bogus", "status"),
        ("/api/v1/claims/?verdict=maybe", "verdict"),
        ("/api/v1/claims/?source_grade=Z", "source_grade"),
        ("/api/v1/claims/?ordering=text", "ordering"),
        ("/api/v1/claims/?event_date_after=yesterday", "event_date_after"),
        ("/api/v1/claims/?source=1%27%20OR%201=1", "source"),
    ],
)
def test_unknown_filter_values_name_the_parameter(reviewer, path, field):
    assert field in error_of(api_client_for(reviewer).get(path))["fields"]


def test_unknown_enum_values_in_a_body_name_the_field(reviewer):
    claim, source = ClaimFactory(), SourceFactory()
    error = error_of(
        post(
            reviewer,
            "/api/v1/attributions/",
            {"claim": claim.pk, "source": source.pk, "stance": "lies"},
        )
    )
    assert "stance" in error["fields"]
    error = error_of(
        post(
            reviewer,
            "/api/v1/evidence/",
            {"claim": claim.pk, "kind": "hologram", "relation": "supports"},
        )
    )
    assert "kind" in error["fields"]
    assert not Attribution.objects.exists()


def test_an_unknown_transition_is_a_404(reviewer):
    claim = ClaimFactory()
    response = post(reviewer, f"/api/v1/claims/{claim.pk}/transitions/explode/", {"version": 1})
    assert error_of(response)["status"] == 404


# --- payloads stored as given, shown escaped ---------------------------------------------------


@pytest.mark.parametrize("text", [SQL, SCRIPT, *UNICODE])
def test_text_is_stored_and_returned_exactly_as_given(reviewer, text):
    response = post(reviewer, "/api/v1/claims/", {"text": text, "language": "en"})
    assert response.status_code == 201, response.content
    claim = Claim.objects.get()
    assert claim.text == text.strip()
    assert (
        api_client_for(reviewer).get(f"/api/v1/claims/{claim.pk}/").json()["text"] == text.strip()
    )
    with connection.cursor() as cursor:  # the table is still there
        cursor.execute("SELECT count(*) FROM claims_claim")
        assert cursor.fetchone() == (1,)


@pytest.fixture
def hostile_public_claim(reviewer, editor):
    source = SourceFactory(name=f"HUR {SCRIPT}")
    claim = ClaimFactory(
        text=f"Rebels took Hama {SCRIPT}", text_en=f"Rebels took Hama {SCRIPT}", language="en"
    )
    from tests.factories import AttributionFactory

    AttributionFactory(claim=claim, source=source)
    return claim_in_state("published", reviewer=reviewer, editor=editor, claim=claim)


def assert_escaped(body: str):
    assert "<script>alert(" not in body
    assert "<img src=x" not in body
    assert "&lt;script&gt;" in body or "\\u003cscript" in body or "\\u003Cscript" in body


def test_payloads_are_escaped_on_the_public_page(client, hostile_public_claim):
    response = client.get(f"/claims/{hostile_public_claim.pk}/")
    assert response.status_code == 200
    assert_escaped(response.content.decode())


def test_payloads_are_escaped_in_the_feeds(client, hostile_public_claim):
    atom = client.get("/api/v1/feeds/published.atom").content.decode()
    assert_escaped(atom)
    feed = client.get("/api/v1/feeds/published.json").json()
    assert SCRIPT in json.dumps(feed["items"], ensure_ascii=False)  # plain text, as given
    assert all("content_html" not in item for item in feed["items"])


def test_payloads_are_escaped_in_the_admin(client, editor, hostile_public_claim):
    client.force_login(editor)
    for path in [
        "/admin/claims/claim/",
        f"/admin/claims/claim/{hostile_public_claim.pk}/change/",
        "/admin/sources/source/",
        f"/admin/sources/source/{Source.objects.get(name__startswith='HUR').pk}/change/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_escaped(response.content.decode())


def test_the_admin_form_refuses_a_null_character_without_a_500(client, reviewer):
    client.force_login(reviewer)
    response = client.post(
        "/admin/claims/claim/add/", {"text": "a\x00b", "language": "en", "event_place": ""}
    )
    assert response.status_code == 200  # the form again, with its error
    assert "Null characters are not allowed" in response.content.decode()
    assert not Claim.objects.exists()
