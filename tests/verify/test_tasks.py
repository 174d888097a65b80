"""Suggestions are recomputed in the background when their inputs change."""

import pytest
from django.db import transaction

from claims.services import attribution_add, evidence_add
from sources.services import source_grade
from tests.conftest import wait_for
from tests.factories import AttributionFactory, ClaimFactory, SourceFactory
from verify.models import Suggestion
from verify.tasks import refresh_suggestion, refresh_suggestions_for_source


@pytest.mark.django_db
def test_the_task_refreshes_and_says_what_it_found():
    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=SourceFactory(reliability="B"))
    assert refresh_suggestion(claim.pk) == {"claim": claim.pk, "credibility": "2", "origins": 1}
    assert refresh_suggestion(999_999) is None  # deleted meanwhile: nothing to do


@pytest.mark.django_db
def test_changes_queue_a_recompute_only_on_commit(django_capture_on_commit_callbacks, reviewer):
    claim = ClaimFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        attribution_add(claim=claim, source=SourceFactory(), created_by=reviewer)
        evidence_add(
            claim=claim, kind="photo", relation="supports", url="https://e.org/1", added_by=reviewer
        )
    assert len(callbacks) == 3  # two recomputes, and the evidence URL's archive
    assert not Suggestion.objects.exists()  # nothing ran inside the transaction


@pytest.mark.django_db
def test_a_grade_change_refreshes_every_claim_citing_the_source_or_its_children(source_desk):
    service = SourceFactory(name="HUR")
    channel = SourceFactory(name="HUR on Telegram", parent=service)
    by_service, by_channel, unrelated = ClaimFactory(), ClaimFactory(), ClaimFactory()
    AttributionFactory(claim=by_service, source=service)
    AttributionFactory(claim=by_channel, source=channel)
    AttributionFactory(claim=unrelated)

    source_grade(source=service, grade="B", rationale="Track record.", rated_by=source_desk)
    assert refresh_suggestions_for_source(service.pk) == 2

    assert Suggestion.objects.get(claim=by_channel).credibility == "2"  # inherited B
    assert not Suggestion.objects.filter(claim=unrelated).exists()


@pytest.mark.worker
def test_a_new_attribution_is_picked_up_by_a_real_worker(celery_worker, reviewer):
    claim = ClaimFactory()
    source = SourceFactory(reliability="C")
    with transaction.atomic():
        attribution_add(claim=claim, source=source, created_by=reviewer)

    suggestion = wait_for(lambda: Suggestion.objects.filter(claim=claim).first(), timeout=60)
    assert suggestion.origin_count == 1
    assert suggestion.credibility == "3"

    # a grade change travels the same way
    desk = type(reviewer).objects.create_superuser("desk", "d@example.org", "pw")
    with transaction.atomic():
        source_grade(source=source, grade="A", rationale="Confirmed often.", rated_by=desk)
    wait_for(lambda: Suggestion.objects.filter(claim=claim, credibility="2").exists(), timeout=60)
