"""Citation, ClaimReview and STIX endpoints, and the public claim page."""

import json

import pytest
from pyld import jsonld
from stix2validator import ValidationOptions, validate_string

from tests.factories import AttributionFactory, ClaimFactory, SourceFactory, claim_in_state
from verify.workflow import services as workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(reviewer, editor):
    claim = ClaimFactory(text="Бунтовниците превзеха Карназ.", text_en="Rebels took Karnaz.")
    clash = AttributionFactory(
        claim=claim,
        source=SourceFactory(name="Clash Report", reliability="C", url="https://x.com/clashreport"),
        url="https://x.com/clashreport/status/1",
    )
    AttributionFactory(
        claim=claim,
        source=SourceFactory(name="Dnevnik"),
        via=clash,
        url="https://dnevnik.example/karnaz",
    )
    return claim_in_state("published", reviewer=reviewer, editor=editor, claim=claim)


# --- citation ----------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "fmt"), [("en", "text"), ("bg", "text"), ("en", "html")])
def test_citation_endpoint(client, published, lang, fmt):
    response = client.get(f"/api/v1/claims/{published.pk}/citation/?lang={lang}&format={fmt}")
    assert response.status_code == 200
    body = response.json()
    assert (body["claim"], body["lang"], body["format"]) == (published.pk, lang, fmt)
    assert "Clash Report" in body["citation"]
    assert ("<strong>" in body["citation"]) == (fmt == "html")


@pytest.mark.parametrize(("query", "field"), [("lang=fr", "lang"), ("format=pdf", "format")])
def test_citation_names_the_bad_parameter(client, published, query, field):
    response = client.get(f"/api/v1/claims/{published.pk}/citation/?{query}")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_citation_of_an_unpublished_claim(client, reviewer, editor):
    claim = claim_in_state("awaiting_sign_off", reviewer=reviewer, editor=editor)
    assert client.get(f"/api/v1/claims/{claim.pk}/citation/").status_code == 404
    client.force_login(editor)
    response = client.get(f"/api/v1/claims/{claim.pk}/citation/")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_published"


# --- ClaimReview ---------------------------------------------------------------------

GOOGLE_REQUIRED = ["claimReviewed", "reviewRating", "url", "author"]


def _claimreview_from_page(html: str) -> dict:
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def test_the_public_page_embeds_a_claimreview_google_can_read(client, published):
    response = client.get(f"/claims/{published.pk}/")
    assert response.status_code == 200
    data = _claimreview_from_page(response.content.decode())

    expanded = jsonld.expand(data, {"documentLoader": _schema_org_loader})
    assert expanded[0]["@type"] == ["http://schema.org/ClaimReview"]
    for field in GOOGLE_REQUIRED:
        assert data.get(field), field
    rating = data["reviewRating"]
    assert rating == {
        "@type": "Rating",
        "bestRating": 5,
        "worstRating": 1,
        "ratingValue": 3,
        "alternateName": "Possibly true (C3)",
    }
    assert data["url"].endswith(f"/claims/{published.pk}/")
    item = data["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == [
        {"@type": "Organization", "name": "Clash Report", "url": "https://x.com/clashreport"}
    ]
    assert item["firstAppearance"]["url"] in {
        "https://x.com/clashreport/status/1",
        "https://dnevnik.example/karnaz",
    }
    assert len(item["appearance"]) == 2
    assert data["datePublished"] == published.published_at.date().isoformat()
    assert data["author"]["name"] == "Claimtrace desk"


def _schema_org_loader(url, options=None):
    # No network in tests: schema.org's context maps terms onto its vocabulary.
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": {"@context": {"@vocab": "http://schema.org/"}},
    }


def test_the_claimreview_endpoint_matches_the_page(client, published):
    response = client.get(f"/api/v1/claims/{published.pk}/claimreview/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    page = _claimreview_from_page(client.get(f"/claims/{published.pk}/").content.decode())
    assert response.json() == page


def test_a_retracted_claim_withdraws_its_claimreview_but_keeps_its_page(client, published, editor):
    workflow.claim_retract(claim=published, actor=editor, reason="Misdated video.")
    response = client.get(f"/api/v1/claims/{published.pk}/claimreview/")
    assert response.status_code == 410
    page = client.get(f"/claims/{published.pk}/").content.decode()
    assert "application/ld+json" not in page
    assert "Misdated video." in page


def test_unpublished_claims_have_no_public_page(client, reviewer, editor):
    claim = claim_in_state("awaiting_sign_off", reviewer=reviewer, editor=editor)
    assert client.get(f"/claims/{claim.pk}/").status_code == 404
    assert client.get(f"/api/v1/claims/{claim.pk}/claimreview/").status_code == 404


def test_the_public_page_escapes_what_sources_say(client, reviewer, editor):
    claim = ClaimFactory(text="</script><script>alert(1)</script>")
    AttributionFactory(claim=claim, source=SourceFactory(name="<b>x</b>"), quote="<img src=x>")
    claim = claim_in_state("published", reviewer=reviewer, editor=editor, claim=claim)
    html = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x>" not in html
    assert "<b>x</b>" not in html


# --- STIX ------------------------------------------------------------------------------


def test_the_stix_export_of_the_demo_validates_with_zero_errors(client, demo):
    response = client.get("/api/v1/export/stix/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/stix+json;version=2.1"

    result = validate_string(response.content.decode(), ValidationOptions(version="2.1"))
    assert result.is_valid, [str(e) for e in result.errors]
    assert result.errors == []

    bundle = json.loads(response.content)
    kinds = [o["type"] for o in bundle["objects"]]
    assert kinds.count("note") == 5  # 4 published and 1 retracted demo claims
    assert kinds.count("opinion") == 5
    assert "marking-definition" in kinds
    notes = {o["abstract"]: o for o in bundle["objects"] if o["type"] == "note"}
    kisel = next(n for a, n in notes.items() if "Chaiko" in a)
    assert "confidence" not in kisel  # 6, cannot be judged: no number
    karnaz = next(n for a, n in notes.items() if "Karnaz" in a)
    assert karnaz["confidence"] == 50  # credibility 3 on the Admiralty scale
    identities = {o["name"]: o for o in bundle["objects"] if o["type"] == "identity"}
    assert identities["Clash Report"]["x_claimtrace_reliability"] == "C"
    retracted = next(o for o in bundle["objects"] if o["type"] == "opinion" and o.get("revoked"))
    assert retracted["x_claimtrace_grade"] == "C2"
    assert all(
        o.get("object_marking_refs") for o in bundle["objects"] if o["type"] != "marking-definition"
    )


def test_the_stix_export_holds_only_published_claims(client, reviewer, editor):
    hidden = claim_in_state("awaiting_sign_off", reviewer=reviewer, editor=editor)
    client.force_login(editor)  # even staff export only what is public
    bundle = json.loads(client.get("/api/v1/export/stix/").content)
    assert not [o for o in bundle["objects"] if o["type"] == "note"]
    assert hidden.text not in json.dumps(bundle)


def test_stix_since_filter_and_bad_value(client, published):
    assert client.get("/api/v1/export/stix/?since=yesterday").status_code == 400
    bundle = json.loads(client.get("/api/v1/export/stix/?since=2999-01-01T00:00:00Z").content)
    assert not [o for o in bundle["objects"] if o["type"] == "note"]


# --- the graph ---------------------------------------------------------------------


def test_the_graph_draws_origins_relays_and_the_claim(published):
    from xml.etree import ElementTree

    from verify.publishing.graph import attribution_graph_svg

    svg = str(attribution_graph_svg(published))
    root = ElementTree.fromstring(svg)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    nodes = root.findall(".//svg:g[@class]", ns)
    assert [n.get("class") for n in nodes] == [
        "ct-node stance-asserts",
        "ct-node stance-asserts",
        "ct-claim",
    ]
    labels = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Clash Report" in labels
    assert "grade C" in labels
    assert "ungraded" in labels
    assert len(root.findall(".//svg:path[@marker-end]", ns)) == 2  # origin→relay, relay→claim
