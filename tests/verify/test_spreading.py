"""The board of spreading claims and its threshold: clusters of what the
watches brought, ranked by spread; one alert, one `cluster.spreading`
webhook and a mark in the review queue when a cluster passes the line."""

from __future__ import annotations

import pytest

from claims.models import WatchItem
from claims.selectors.spreading import spreading_clusters
from config.exceptions import ApplicationError, NotAllowed
from tests.conftest import api_client_for
from tests.factories import (
    ClaimFactory,
    UserFactory,
    WebhookSubscriptionFactory,
    published,
    watched_item,
    watched_outlet,
)
from verify.models import SpreadingAlert, WebhookDelivery
from verify.services.spreading import spread_threshold_set, spreading_check
from verify.workflow.queue import claim_queue


@pytest.fixture
def story(reviewer):
    """One claim told by three outlets in two languages, one of them first;
    another candidate told once."""
    claim = ClaimFactory(text="Фериботът е потънал край пристана.", language="bg")
    watches = [
        watched_outlet(name, reviewer) for name in ("Harbour Courier", "Valley Post", "Морски глас")
    ]
    told = [(0, "The ferry sank near the pier.", "en", 50),
            (1, "The ferry went down at the pier.", "en", 20),
            (2, "Фериботът потъна край пристана.", "bg", 10)]  # fmt: skip
    for outlet, text, language, ago in told:
        watched_item(watches[outlet], 1, text, language, claim=claim, minutes_ago=ago,
                     reviewer=reviewer)  # fmt: skip
    watched_item(watches[0], 2, "The bridge reopened at noon.", "en", reviewer=reviewer)
    return claim, watches


def test_the_board_ranks_clusters_by_spread_and_names_who_had_it_first(story):
    claim, _watches = story
    first, second = spreading_clusters()
    assert first.key == f"claim:{claim.pk}"
    assert sorted(first.outlets.values()) == ["Harbour Courier", "Valley Post", "Морски глас"]
    assert first.languages == {"en", "bg"}
    assert first.earliest.outlet == "Harbour Courier"  # fifty minutes ago: the first
    assert len(first.items) == 3
    assert first.last_hour == 3
    assert second.key.startswith("candidate:")
    assert len(second.outlets) == 1


def test_a_repeat_of_an_item_counts_its_outlet_for_the_spread(story, reviewer):
    _claim, watches = story
    repeat_of = WatchItem.objects.get(watch=watches[0], external_id="1")
    fourth = watched_outlet("Coast Radio", reviewer)
    WatchItem.objects.create(watch=fourth, external_id="x", url=repeat_of.url, content_hash="r",
                             text=repeat_of.text, duplicate_of=repeat_of)  # fmt: skip
    top = spreading_clusters()[0]
    assert "Coast Radio" in top.outlets.values()
    assert len(top.outlets) == 4


def test_passing_the_threshold_raises_one_alert_one_webhook_and_a_queue_mark(story, reviewer):
    claim, _ = story
    WebhookSubscriptionFactory(events=["cluster.spreading"])
    spread_threshold_set(actor=reviewer, outlets=3, languages=2, within_hours=6)
    (alert,) = spreading_check()
    assert (alert.claim, alert.outlets, alert.languages) == (claim, 3, 2)
    assert spreading_check() == []  # once
    (delivery,) = WebhookDelivery.objects.filter(event="cluster.spreading")
    cluster = delivery.payload["cluster"]
    assert cluster["outlets"] == 3
    assert cluster["languages"] == ["bg", "en"]
    assert cluster["earliest"]["outlet"] == "Harbour Courier"
    assert cluster["claim"] is None  # not published: the subscriber is not told which
    assert "ferry" not in str(cluster).lower()  # no unreviewed text leaves the desk
    marked = claim_queue(user=reviewer).get(pk=claim.pk)
    assert marked.spreading is True


def test_a_published_claim_is_named_in_the_webhook(story, reviewer, editor):
    claim, _ = story
    published(claim, reviewer=reviewer, editor=editor)
    WebhookSubscriptionFactory(events=["cluster.spreading"])
    spread_threshold_set(actor=reviewer, outlets=3, languages=2, within_hours=6)
    spreading_check()
    delivery = WebhookDelivery.objects.get(event="cluster.spreading")
    assert delivery.payload["cluster"]["claim"] == claim.pk


def test_below_the_threshold_or_switched_off_nothing_is_raised(story, reviewer):
    spread_threshold_set(actor=reviewer, outlets=4, languages=2, within_hours=6)
    assert spreading_check() == []
    spread_threshold_set(actor=reviewer, outlets=1, languages=1, active=False)
    assert spreading_check() == []
    assert not SpreadingAlert.objects.exists()


def test_the_threshold_is_the_desks_and_bad_values_name_the_field(reviewer):
    with pytest.raises(NotAllowed):
        spread_threshold_set(actor=UserFactory(), outlets=3)
    with pytest.raises(ApplicationError) as refused:
        spread_threshold_set(actor=reviewer, within_hours=500)
    assert refused.value.field == "within_hours"


def test_the_board_and_the_threshold_through_the_api(story, reviewer):
    claim, _ = story
    client = api_client_for(reviewer)
    board = client.get("/api/v1/spreading/?hours=6").json()
    top = board["clusters"][0]
    assert (top["claim"], len(top["outlets"]), top["earliest"]["outlet"]) == (
        claim.pk, 3, "Harbour Courier")  # fmt: skip
    assert client.get("/api/v1/spreading/?hours=0").status_code == 400
    changed = client.patch("/api/v1/spreading/threshold/", {"outlets": 3}, format="json")
    assert changed.json()["outlets"] == 3
    bad = client.patch("/api/v1/spreading/threshold/", {"languages": 0}, format="json")
    assert bad.status_code == 400
    assert "languages" in bad.json()["error"]["fields"]
    assert api_client_for().get("/api/v1/spreading/").status_code in (401, 403)


@pytest.mark.parametrize(
    ("language", "words"), [("en", "Spreading now"), ("bg", "Разпространява се сега")]
)
def test_the_board_in_the_admin_in_both_languages(story, reviewer, client, language, words):
    client.force_login(reviewer)
    page = client.get("/admin/verify/spreadingalert/board/", HTTP_ACCEPT_LANGUAGE=language,
                      headers={"Accept-Language": language})  # fmt: skip
    assert page.status_code == 200
    text = page.content.decode()
    assert words in text
    assert "Harbour Courier" in text
    assert "Морски глас" in text
