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


# --- bounded work, odd input, never a 500 ---------------------------------------------------


def _cursor(query: str) -> str:
    import base64

    return base64.b64encode(query.encode()).decode()


@pytest.mark.parametrize(
    "path", ["/api/v1/claims/", "/api/v1/reviews/", "/api/v1/sources/", "/api/v1/attributions/"]
)
@pytest.mark.parametrize(
    "cursor",
    [
        _cursor("o=0&r=1&p=notanumber"),
        _cursor("o=0&r=0&p=1e400"),
        _cursor("o=0&r=0&p=x"),
        _cursor("o=0&r=0&p=99999999999999999999999"),
        "%%%not-base64",
    ],
)
def test_a_malformed_cursor_is_a_400_naming_it(path, cursor):
    response = api_client_for().get(path, {"cursor": cursor})
    error = error_of(response)
    assert (error["status"], list(error["fields"])) == (400, ["cursor"])


@pytest.mark.parametrize("query", ["source=9223372036854775808", "origin_count=-1", "source=1.5"])
def test_filter_numbers_out_of_range_are_a_400(query):
    error = error_of(api_client_for().get(f"/api/v1/claims/?{query}"))
    assert error["status"] == 400
    assert query.split("=")[0] in error["fields"]


def test_json_nested_a_thousand_deep_is_a_400(reviewer):
    deep = '{"text": "x", "language": "en", "tags": ' + "[" * 1000 + "]" * 1000 + "}"
    assert error_of(post(reviewer, "/api/v1/claims/", deep))["status"] == 400
    assert not Claim.objects.exists()


@pytest.mark.parametrize(("first", "second"), [("Redteam Tag", "redteam tag"), ("Hama", "HAMA")])
def test_two_names_of_one_slug_are_one_tag(reviewer, first, second):
    from claims.models import Tag

    for name in (first, second):
        body = {"text": "x", "language": "en", "tags": [name]}
        response = post(reviewer, "/api/v1/claims/", body)
        assert response.status_code == 201, response.content
    assert Tag.objects.count() == 1


def test_a_tag_name_with_no_slug_characters_is_a_400(reviewer):
    response = post(reviewer, "/api/v1/claims/", {"text": "x", "language": "en", "tags": ["!!!"]})
    assert "tags" in error_of(response)["fields"]
    assert not Claim.objects.exists()


def test_a_search_past_its_limits_is_a_400_naming_it():
    for text in ("word " * 13, "x" * 201):
        assert (
            "search"
            in error_of(api_client_for().get("/api/v1/claims/", {"search": text}))["fields"]
        )


def test_a_similar_text_past_what_the_model_reads_is_a_400_naming_it():
    from claims.matching.embeddings import MODEL_TEXT_CHARS

    response = api_client_for().post(
        "/api/v1/claims/similar/",
        {"text": "x" * (MODEL_TEXT_CHARS + 1), "language": "en"},
        format="json",
    )
    assert "text" in error_of(response)["fields"]


def test_an_unexpected_error_is_the_apis_json_shape(monkeypatch, settings):
    from verify.api.claims import read

    settings.DEBUG = False

    def broken(*args, **kwargs):
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr(read, "claim_items", broken)
    client = api_client_for()
    client.raise_request_exception = False
    response = client.get("/api/v1/claims/")
    assert response.status_code == 500
    assert response.json()["error"] == {
        "status": 500,
        "code": "server_error",
        "message": "Server error; it has been logged.",
    }


def test_web_processes_bound_each_statement(monkeypatch):
    import importlib

    from config.settings import base

    monkeypatch.setenv("CLAIMTRACE_PROCESS", "web")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db:5432/x")
    monkeypatch.setenv("WEB_STATEMENT_TIMEOUT_MS", "2500")
    try:
        options = importlib.reload(base).DATABASES["default"]["OPTIONS"]
        assert options["options"] == "-c statement_timeout=2500"
    finally:
        monkeypatch.undo()
        importlib.reload(base)


@pytest.mark.parametrize("query", [{"search": "Hama\x00"}, {"tag": "a\x00b"}, {"language": "\x00"}])
def test_a_nul_character_in_a_query_parameter_is_a_400_naming_it(query):
    error = error_of(api_client_for().get("/api/v1/claims/", query))
    assert list(error["fields"]) == list(query)
