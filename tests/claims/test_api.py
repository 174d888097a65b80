import pytest

from claims.models import Attribution
from tests.conftest import api_client_for
from tests.factories import AttributionFactory, ClaimFactory, SourceFactory, claim_in_state

pytestmark = pytest.mark.django_db


def test_public_attributions_are_those_of_published_claims_as_signed(reviewer, editor):
    claim = ClaimFactory()
    shown = AttributionFactory(claim=claim, quote="As signed.")
    published = claim_in_state("published", reviewer=reviewer, editor=editor, claim=claim)
    AttributionFactory(claim=published)  # added after sign-off: waits for an editor
    AttributionFactory(claim=ClaimFactory())  # unpublished: never shown
    Attribution.objects.filter(pk=shown.pk).update(quote="Edited, not signed.")
    body = api_client_for().get("/api/v1/attributions/").json()
    assert [(a["id"], a["quote"]) for a in body["results"]] == [(shown.pk, "As signed.")]
    one = api_client_for().get(f"/api/v1/attributions/{shown.pk}/").json()
    assert one["quote"] == "As signed."


def test_a_reviewer_adds_a_relay_and_the_chain_is_checked(reviewer):
    claim = ClaimFactory()
    origin = AttributionFactory(claim=claim)
    api = api_client_for(reviewer)
    response = api.post(
        "/api/v1/attributions/",
        {"claim": claim.pk, "source": SourceFactory().pk, "stance": "asserts", "via": origin.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["via"] == origin.pk

    elsewhere = AttributionFactory()
    response = api.post(
        "/api/v1/attributions/",
        {"claim": claim.pk, "source": SourceFactory().pk, "via": elsewhere.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "via" in response.json()["error"]["fields"]


def test_removing_a_relayed_attribution_is_refused(reviewer):
    origin = AttributionFactory()
    AttributionFactory(claim=origin.claim, via=origin)
    response = api_client_for(reviewer).delete(f"/api/v1/attributions/{origin.pk}/")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"via": [response.json()["error"]["message"]]}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "meme", "relation": "supports", "url": "https://e.org"}, "kind"),
        ({"kind": "photo", "relation": "supports"}, "url"),
        (
            {
                "kind": "geolocation",
                "relation": "supports",
                "description": "x",
                "latitude": 95,
                "longitude": 10,
            },
            "latitude",
        ),
    ],
)
def test_bad_evidence_names_the_field(reviewer, payload, field):
    claim = ClaimFactory()
    response = api_client_for(reviewer).post(
        "/api/v1/evidence/", {"claim": claim.pk, **payload}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not claim.evidence.exists()


def test_api_clients_cannot_write(api_client_user):
    claim = ClaimFactory()
    response = api_client_for(api_client_user).post(
        "/api/v1/attributions/", {"claim": claim.pk, "source": SourceFactory().pk}, format="json"
    )
    assert response.status_code == 403
    anonymous = api_client_for().post("/api/v1/attributions/", {}, format="json")
    assert anonymous.status_code == 401
