"""Every endpoint × anonymous, API client, reviewer, editor, admin.

And a crawl of every public endpoint, as the public and as an API client:
no unpublished claim and no private field ever reaches them.
"""

import json

import pytest

from tests.conftest import api_client_for
from tests.factories import (
    AttributionFactory,
    ClaimFactory,
    EvidenceFactory,
    SourceFactory,
    UserFactory,
    claim_in_state,
)
from verify import roles

pytestmark = pytest.mark.django_db

WHO = ["anonymous", "client", "reviewer", "editor", "admin"]


@pytest.fixture
def world(reviewer, editor):
    published = ClaimFactory()
    published_attribution = AttributionFactory(claim=published)  # signed with it
    published = claim_in_state("published", reviewer=reviewer, editor=editor, claim=published)
    hidden = claim_in_state("awaiting_sign_off", reviewer=reviewer, editor=editor)
    hidden.text = "SECRET-UNPUBLISHED-CLAIM"
    hidden.save(update_fields=["text"])
    return {
        "published": published,
        "hidden": hidden,
        "published_attribution": published_attribution,
        "hidden_attribution": AttributionFactory(claim=hidden),
        "hidden_evidence": EvidenceFactory(claim=hidden),
        "published_review": published.reviews.get(),
        "hidden_review": hidden.reviews.get(),
        "source": SourceFactory(),
        "desk_reviewer": reviewer,
    }


def client_as(who):
    if who == "anonymous":
        return api_client_for()
    users = {
        "client": lambda: UserFactory(is_staff=False, role=roles.API_CLIENT),
        "reviewer": lambda: UserFactory(role=roles.REVIEWER),
        "editor": lambda: UserFactory(role=roles.EDITOR),
        "admin": lambda: UserFactory(is_superuser=True),
    }
    return api_client_for(users[who]())


PUBLIC = dict.fromkeys(WHO, 200)
DESK_ONLY = {"anonymous": 404, "client": 404, "reviewer": 200, "editor": 200, "admin": 200}

READS = [
    ("/api/v1/claims/", PUBLIC),
    ("/api/v1/claims/{published.pk}/", PUBLIC),
    ("/api/v1/claims/{hidden.pk}/", DESK_ONLY),
    ("/api/v1/claims/{published.pk}/citation/", PUBLIC),
    (
        "/api/v1/claims/{hidden.pk}/citation/",
        {**DESK_ONLY, "reviewer": 409, "editor": 409, "admin": 409},
    ),
    ("/api/v1/claims/{published.pk}/claimreview/", PUBLIC),
    (
        "/api/v1/claims/{hidden.pk}/claimreview/",
        {**DESK_ONLY, "reviewer": 409, "editor": 409, "admin": 409},
    ),
    ("/api/v1/sources/", PUBLIC),
    ("/api/v1/sources/{source.pk}/", PUBLIC),
    ("/api/v1/attributions/", PUBLIC),
    ("/api/v1/attributions/{published_attribution.pk}/", PUBLIC),
    ("/api/v1/attributions/{hidden_attribution.pk}/", DESK_ONLY),
    ("/api/v1/evidence/", PUBLIC),
    ("/api/v1/evidence/{hidden_evidence.pk}/", DESK_ONLY),
    ("/api/v1/reviews/", PUBLIC),
    ("/api/v1/reviews/{published_review.pk}/", PUBLIC),
    ("/api/v1/reviews/{hidden_review.pk}/", DESK_ONLY),
    ("/api/v1/export/stix/", PUBLIC),
    ("/api/v1/feeds/published.json", PUBLIC),
    ("/api/v1/feeds/published.atom", PUBLIC),
    (
        "/api/v1/webhooks/",
        {"anonymous": 401, "client": 200, "reviewer": 403, "editor": 403, "admin": 200},
    ),
    ("/api/schema/", PUBLIC),
]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("path", "expected"), READS, ids=[r[0] for r in READS])
def test_reads(world, who, path, expected):
    response = client_as(who).get(path.format(**world))
    assert response.status_code == expected[who], response.content[:300]


WRITES = [
    (
        "post",
        "/api/v1/claims/",
        lambda w: {"text": "Нов слух.", "language": "bg"},
        {"anonymous": 401, "client": 403, "reviewer": 201, "editor": 201, "admin": 201},
    ),
    (
        "post",
        "/api/v1/claims/{hidden.pk}/transitions/publish/",
        lambda w: {"version": w["hidden"].version},
        {"anonymous": 401, "client": 404, "reviewer": 403, "editor": 200, "admin": 200},
    ),
    (
        "post",
        "/api/v1/claims/{published.pk}/transitions/retract/",
        lambda w: {"version": w["published"].version, "reason": "Misdated."},
        {"anonymous": 401, "client": 403, "reviewer": 403, "editor": 200, "admin": 200},
    ),
    (
        "patch",
        "/api/v1/claims/{hidden.pk}/",
        lambda w: {"version": w["hidden"].version, "text_en": "Edited"},
        {"anonymous": 401, "client": 404, "reviewer": 200, "editor": 200, "admin": 200},
    ),
    (
        "post",
        "/api/v1/attributions/",
        lambda w: {"claim": w["hidden"].pk, "source": w["source"].pk},
        {"anonymous": 401, "client": 403, "reviewer": 201, "editor": 201, "admin": 201},
    ),
    (
        "post",
        "/api/v1/evidence/",
        lambda w: {
            "claim": w["hidden"].pk,
            "kind": "photo",
            "relation": "supports",
            "url": "https://e.org/p.jpg",
        },
        {"anonymous": 401, "client": 403, "reviewer": 201, "editor": 201, "admin": 201},
    ),
    (
        "post",
        "/api/v1/webhooks/",
        lambda w: {"name": "CMS", "url": "https://cms.example/hook", "events": ["claim.published"]},
        {"anonymous": 401, "client": 201, "reviewer": 403, "editor": 403, "admin": 201},
    ),
]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(
    ("method", "path", "payload", "expected"), WRITES, ids=[w[1] + " " + w[0] for w in WRITES]
)
def test_writes(world, who, method, path, payload, expected):
    client = client_as(who)
    response = getattr(client, method)(path.format(**world), payload(world), format="json")
    assert response.status_code == expected[who], response.content[:300]
    if response.status_code >= 400:
        assert set(response.json()) == {"error"}


def test_a_review_can_only_come_from_the_holder(world):
    hidden = world["hidden"]
    payload = {
        "claim": hidden.pk,
        "version": hidden.version,
        "credibility": "3",
        "confidence": "low",
        "rationale": "x",
    }
    assert (
        client_as("anonymous").post("/api/v1/reviews/", payload, format="json").status_code == 401
    )
    assert client_as("client").post("/api/v1/reviews/", payload, format="json").status_code == 403
    response = client_as("reviewer").post("/api/v1/reviews/", payload, format="json")
    assert response.status_code == 409  # awaiting sign-off: nobody holds it for review


PRIVATE_MARKERS = [
    "SECRET-UNPUBLISHED-CLAIM",
    '"assignee"',
    '"suggestion"',
    '"reviewer"',
    '"review_round"',
    "rated_by",
]
PRIVATE_CLAIM_FIELDS = {"status", "assignee", "version", "review_round", "suggestion"}


@pytest.mark.parametrize("who", ["anonymous", "client"])
def test_nothing_unpublished_or_private_reaches_the_public(world, who):
    client = client_as(who)
    bodies = []
    for path, expected in READS:
        if expected[who] == 200 and "schema" not in path:
            bodies.append(client.get(path.format(**world)).content.decode())
    everything = "\n".join(bodies)
    for marker in PRIVATE_MARKERS:
        assert marker not in everything, marker
    assert world["desk_reviewer"].username not in everything
    listed = json.loads(client.get("/api/v1/claims/?page_size=200").content)["results"]
    assert {c["id"] for c in listed} == {world["published"].pk}
    detail = json.loads(client.get(f"/api/v1/claims/{world['published'].pk}/").content)
    for claim in [*listed, detail]:
        assert not PRIVATE_CLAIM_FIELDS & set(claim)


def test_an_api_client_gets_the_same_refusal_for_a_review_whatever_the_claim(
    api_client_user, reviewer, editor
):
    hidden = claim_in_state("in_review", reviewer=reviewer, editor=editor)
    client = api_client_for(api_client_user)
    answers = set()
    for claim, version in ((hidden.pk, hidden.version), (hidden.pk, 999), (999999, 1)):
        response = client.post(
            "/api/v1/reviews/",
            {"claim": claim, "version": version, "credibility": "3", "confidence": "low",
             "rationale": "x"},
            format="json",
        )  # fmt: skip
        answers.add((response.status_code, response.content))
    assert len(answers) == 1
    assert answers.pop()[0] == 403
