"""Published means reviewed: what the public sees of a claim is the record an
editor signed, and a change after publication waits for an editor's
sign-off of the update (a new version in the claim's corrections log)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from claims.services.claims import attribution_add, claim_create
from config.exceptions import Conflict, NotAllowed
from sources.services import source_grade
from tests.factories import (
    ClaimFactory,
    SourceFactory,
    UserFactory,
    WebhookSubscriptionFactory,
    claim_in_state,
)
from verify import roles
from verify.models import ClaimEvent, WebhookDelivery
from verify.workflow.services import claim_link_same, claim_sign_update

pytestmark = pytest.mark.django_db

QUOTE = "Russian units left Hama and regrouped at Hmeimim."


def _surfaces(claim) -> dict:
    """Everything the public can read of a claim, as text."""
    api = APIClient()
    return {
        "page": api.get(reverse("claim-page", args=[claim.pk])).content.decode(),
        "detail": api.get(f"/api/v1/claims/{claim.pk}/").content.decode(),
        "list": api.get("/api/v1/claims/?page_size=200").content.decode(),
        "search": api.get("/api/v1/claims/", {"search": "Hama"}).content.decode(),
        "citation": api.get(f"/api/v1/claims/{claim.pk}/citation/").content.decode(),
        "claimreview": api.get(f"/api/v1/claims/{claim.pk}/claimreview/").content.decode(),
        "stix": api.get("/api/v1/export/stix/").json()["objects"],  # the bundle's id is new
        "feed": api.get("/api/v1/feeds/published.json").content.decode(),
        "attributions": api.get("/api/v1/attributions/?page_size=200").content.decode(),
    }


@pytest.fixture
def published_claim(reviewer, editor):
    hur = SourceFactory(name="Ukrainian military intelligence", reliability="C")
    claim = ClaimFactory(text="Руските части напуснаха Хама.", text_en="Russian units left Hama.")
    attribution_add(claim=claim, source=hur, actor=reviewer, quote="Они ушли из Хамы.")
    return claim_in_state("published", reviewer=reviewer, editor=editor, claim=claim)


def test_linking_an_unpublished_claim_changes_nothing_public_until_an_editor_signs(
    published_claim, reviewer, reviewer2, editor, editor2, client
):
    # given: a published claim, what the public sees of it, a webhook subscriber
    WebhookSubscriptionFactory(events=["claim.updated"])
    before = _surfaces(published_claim)
    rybar = SourceFactory(name="Rybar", reliability="D")
    new = claim_create(text="Russian units left Hama.", language="en", actor=reviewer)
    attribution_add(claim=new, source=rybar, actor=reviewer, quote=QUOTE)

    # when: a reviewer presses "Same claim" beside the published claim
    claim_link_same(claim=new, actor=reviewer, same_as=published_claim)

    # then: nothing public changed; both claims' histories show the link
    assert _surfaces(published_claim) == before
    for claim in (new, published_claim):
        assert claim.events.filter(action=ClaimEvent.Action.LINK_SAME).exists()
    # and the claim is in the editors' queue, its diff page naming the claim waiting
    client.force_login(editor)
    queue = client.get(reverse("admin:claims_claim_changelist") + "?queue=changed")
    assert [c.pk for c in queue.context["cl"].result_list] == [published_claim.pk]
    diff = client.get(reverse("admin:claims_claim_public_update", args=[published_claim.pk]))
    assert f"claim {new.pk}" in diff.content.decode()

    # when: the linked claim is reviewed and published in its own right
    claim_in_state("published", reviewer=reviewer2, editor=editor2, claim=new)

    # then: still nothing public changed on the first claim; the diff shows Rybar
    after_publish = _surfaces(published_claim)
    assert after_publish["page"] == before["page"]
    assert after_publish["detail"] == before["detail"]
    assert after_publish["citation"] == before["citation"]
    assert after_publish["claimreview"] == before["claimreview"]
    diff = client.get(reverse("admin:claims_claim_public_update", args=[published_claim.pk]))
    origins = next(c for c in diff.context["changes"] if c["part"] == "origins")
    assert origins["changed"]
    assert any("Rybar" in line for line in origins["now"])
    assert not any("Rybar" in line for line in origins["signed"])

    # when: an editor signs the update
    claim_sign_update(claim=published_claim, actor=editor, reason="A second origin.")

    # then: the public sees version 2, both origins, the corrections log, and a webhook
    detail = APIClient().get(f"/api/v1/claims/{published_claim.pk}/").json()
    assert detail["origin_count"] == 2
    assert detail["public_record"]["version"] == 2
    assert [v["version"] for v in detail["public_record"]["versions"]] == [2, 1]
    assert detail["public_record"]["versions"][0]["change"] == "A second origin."
    citation = APIClient().get(f"/api/v1/claims/{published_claim.pk}/citation/").json()
    assert citation["citation"].startswith("Possibly true (C3): 2 independent origins")
    assert "Rybar" in citation["citation"]
    delivery = WebhookDelivery.objects.get(event="claim.updated", claim=published_claim)
    assert (delivery.payload["claim"]["version"], delivery.payload["claim"]["change"]) == (
        2,
        "A second origin.",
    )
    versions = APIClient().get(f"/api/v1/claims/{published_claim.pk}/versions/").json()
    assert [v["item"]["origin_count"] for v in versions] == [2, 1]


def test_an_attribution_added_after_publication_waits_and_its_author_cannot_sign(
    published_claim, reviewer, editor, editor2
):
    before = _surfaces(published_claim)
    attribution_add(
        claim=published_claim, source=SourceFactory(name="Clash Report"), actor=editor,
        quote="Unsigned words.",
    )  # fmt: skip
    assert _surfaces(published_claim) == before

    with pytest.raises(NotAllowed) as refused:
        claim_sign_update(claim=published_claim, actor=editor)
    assert refused.value.code == "own_change"

    claim_sign_update(claim=published_claim, actor=editor2)
    assert (
        "Unsigned words."
        in APIClient().get(f"/api/v1/claims/{published_claim.pk}/").content.decode()
    )
    with pytest.raises(Conflict) as nothing:
        claim_sign_update(claim=published_claim, actor=editor2)
    assert nothing.value.code == "nothing_to_sign"


def test_a_regrade_keeps_the_signed_grade_shows_the_new_one_and_is_signed_per_source(
    published_claim, source_desk, editor, client
):
    hur = published_claim.attributions.get().source
    source_grade(source=hur, grade="B", rationale="Track record since 2022.", actor=source_desk)

    detail = APIClient().get(f"/api/v1/claims/{published_claim.pk}/").json()
    assert [(o["reliability"], o["reliability_now"]) for o in detail["origins"]] == [("C", "B")]
    assert detail["public_record"]["version"] == 1
    client.force_login(editor)
    changelist = reverse("admin:claims_claim_changelist")
    assert client.get(changelist + "?queue=changed").context["cl"].result_list.count() == 0
    regraded = client.get(changelist + f"?regraded={hur.pk}")
    assert [c.pk for c in regraded.context["cl"].result_list] == [published_claim.pk]

    client.post(
        changelist + f"?regraded={hur.pk}",
        {"action": "sign_updates", "index": 0, "_selected_action": [published_claim.pk]},
    )

    detail = APIClient().get(f"/api/v1/claims/{published_claim.pk}/").json()
    assert detail["public_record"]["version"] == 2
    assert [(o["reliability"], o["reliability_now"]) for o in detail["origins"]] == [("B", "B")]
    assert client.get(changelist + f"?regraded={hur.pk}").context["cl"].result_list.count() == 0


def test_the_source_desk_who_regraded_cannot_sign_the_update(published_claim, reviewer):
    both = UserFactory(role=roles.EDITOR)
    both.groups.add(*UserFactory(role=roles.SOURCE_DESK).groups.all())
    source_grade(
        source=published_claim.attributions.get().source, grade="A", rationale="r", actor=both
    )
    with pytest.raises(NotAllowed):
        claim_sign_update(claim=published_claim, actor=both)


def test_a_retraction_is_public_at_once_and_leads_the_page(published_claim, editor):
    from verify.workflow.services import claim_retract

    claim_retract(claim=published_claim, actor=editor, reason="Footage misdated.")
    page = APIClient().get(reverse("claim-page", args=[published_claim.pk])).content.decode()
    assert page.index("Retracted") < page.index("Earlier verdict, withdrawn")
    assert "grade C3" not in page
    citation = APIClient().get(f"/api/v1/claims/{published_claim.pk}/citation/").json()
    assert citation["citation"].startswith("Retracted ")
    listed = APIClient().get("/api/v1/claims/?verdict=unconfirmed").json()["results"]
    assert listed == []  # a verdict filter names what stands now
    retractions = APIClient().get("/api/v1/claims/?public_status=retracted").json()["results"]
    assert [c["id"] for c in retractions] == [published_claim.pk]


# --- defects found on the quick start's paths ------------------------------------------


def test_a_token_row_read_as_sqlite_text_becomes_an_aware_datetime(monkeypatch):
    """SQLite hands raw SQL's datetimes back as text; the token lookup used
    them as they came, so a token's second use compared text with a time."""
    from datetime import UTC, datetime

    from django.db import connection

    from verify.clients.authentication import _converted
    from verify.models import ApiToken

    row = [None] * len(ApiToken._meta.concrete_fields)
    names = [f.name for f in ApiToken._meta.concrete_fields]
    row[names.index("last_used_at")] = "2026-12-03 09:30:00.123456"
    monkeypatch.setattr(connection, "vendor", "sqlite")
    converted = dict(zip(names, _converted(ApiToken, row), strict=True))
    assert converted["last_used_at"] == datetime(2026, 12, 3, 9, 30, 0, 123456, tzinfo=UTC)


def test_a_claim_in_a_language_without_a_lemmatiser_is_filed(reviewer):
    from tests.conftest import api_client_for

    response = api_client_for(reviewer).post(
        "/api/v1/claims/",
        {"text": "Руске трупе напустиле су Хаму.", "language": "sr"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["language"] == "sr"


def test_anonymous_similar_results_carry_no_workflow_status(published_claim, reviewer):
    response = APIClient().post(
        "/api/v1/claims/similar/", {"text": "Russian units left Hama.", "language": "en"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200
    assert all("status" not in item for item in response.json()["results"])


def test_same_claim_as_an_unknown_number_says_so(client, reviewer):
    claim = ClaimFactory()
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:claims_claim_workflow", args=[claim.pk, "link_same"]),
        {"version": claim.version, "same_as": 999999},
        follow=True,
    )
    assert "No claim 999999." in [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize("query", ["хама", "ХАМА", "Хама", "HAMA", "hama"])
def test_search_is_case_insensitive_in_every_script(reviewer, client, query):
    from tests.factories import published

    claim = published(ClaimFactory(text="Войските напуснаха Хама.", text_en="Troops left Hama."))
    ClaimFactory(text="Нещо друго в София.")
    found = APIClient().get("/api/v1/claims/", {"search": query}).json()["results"]
    assert [c["id"] for c in found] == [claim.pk]
    client.force_login(reviewer)
    listed = client.get(reverse("admin:claims_claim_changelist"), {"q": query})
    assert [c.pk for c in listed.context["cl"].result_list] == [claim.pk]


def test_the_public_filters_by_what_was_signed(published_claim, reviewer, editor):
    from claims.services.claims import claim_update

    claim_update(claim=published_claim, actor=reviewer, tags=["Hama offensive"])
    rybar = SourceFactory(name="Rybar")
    attribution_add(claim=published_claim, source=rybar, actor=reviewer)
    api = APIClient()
    assert api.get("/api/v1/claims/?tag=hama-offensive").json()["results"] == []
    assert api.get(f"/api/v1/claims/?source={rybar.pk}").json()["results"] == []
    assert api.get("/api/v1/claims/?origin_count=2").json()["results"] == []

    claim_sign_update(claim=published_claim, actor=editor)

    for query in ("tag=hama-offensive", f"source={rybar.pk}", "origin_count=2"):
        found = api.get(f"/api/v1/claims/?{query}").json()["results"]
        assert [c["id"] for c in found] == [published_claim.pk], query


def test_a_retracted_claims_tags_do_not_change_through_the_api(reviewer, editor):
    from tests.conftest import api_client_for

    claim = claim_in_state("retracted", reviewer=reviewer, editor=editor)
    response = api_client_for(reviewer).patch(
        f"/api/v1/claims/{claim.pk}/", {"version": claim.version, "tags": ["Redteam"]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 409, response.content
    assert response.json()["error"]["code"] == "frozen"
    assert not claim.tags.exists()
