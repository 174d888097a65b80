"""Suggestions are recomputed in the background when their inputs change."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.services.claims import attribution_add, evidence_add
from sources.services import source_grade
from tests.conftest import wait_for
from tests.factories import AttributionFactory, ClaimFactory, SourceFactory
from verify.models import Suggestion, SuggestionRequest
from verify.services.suggestions import suggestions_recompute
from verify.tasks import refresh_suggestions, sweep_suggestion_requests


@pytest.mark.django_db
def test_the_task_refreshes_a_batch_and_skips_deleted_claims():
    claims = [ClaimFactory() for _ in range(3)]
    for claim in claims:
        AttributionFactory(claim=claim, source=SourceFactory(reliability="B"))
    assert refresh_suggestions([c.pk for c in claims] + [999_999]) == 3
    assert set(Suggestion.objects.values_list("credibility", flat=True)) == {"2"}


@pytest.mark.django_db
def test_a_batch_costs_the_same_queries_whatever_its_size(django_assert_max_num_queries):
    def batch(size):
        claims = [ClaimFactory() for _ in range(size)]
        for claim in claims:
            origin = AttributionFactory(claim=claim, source=SourceFactory(reliability="C"))
            AttributionFactory(claim=claim, via=origin)
        return [c.pk for c in claims]

    small, large = batch(2), batch(40)
    with CaptureQueriesContext(connection) as two:
        suggestions_recompute(claim_ids=small)
    with CaptureQueriesContext(connection) as forty:
        suggestions_recompute(claim_ids=large)
    assert len(two) == len(forty)


@pytest.mark.django_db
def test_changes_in_one_transaction_queue_one_recompute_on_commit(
    django_capture_on_commit_callbacks, reviewer
):
    claim, other = ClaimFactory(), ClaimFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        attribution_add(claim=claim, source=SourceFactory(), actor=reviewer)
        attribution_add(claim=other, source=SourceFactory(), actor=reviewer)
        evidence_add(
            claim=claim, kind="photo", relation="supports", url="https://e.org/1", actor=reviewer
        )
    assert len(callbacks) == 2  # one recompute for both claims, and the URL's archive
    assert not Suggestion.objects.exists()  # nothing ran inside the transaction
    # the outbox holds the requests until a recompute serves them
    assert set(SuggestionRequest.objects.values_list("claim", flat=True)) == {claim.pk, other.pk}
    suggestions_recompute(claim_ids=[claim.pk, other.pk])
    assert not SuggestionRequest.objects.exists()


@pytest.mark.django_db
def test_the_sweep_queues_requests_whose_task_never_came(
    reviewer, monkeypatch, django_capture_on_commit_callbacks
):
    claim = ClaimFactory()
    attribution_add(claim=claim, source=SourceFactory(), actor=reviewer)
    queued = []
    monkeypatch.setattr(refresh_suggestions, "apply_async", lambda args, **kw: queued.append(args))
    assert sweep_suggestion_requests() == 0  # too fresh: its own task may still come
    SuggestionRequest.objects.update(requested_at=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_suggestion_requests() == 1
    assert queued == [([claim.pk],)]


@pytest.mark.django_db
def test_a_grade_change_refreshes_every_claim_citing_the_source_or_its_children(source_desk):
    service = SourceFactory(name="HUR")
    channel = SourceFactory(name="HUR on Telegram", parent=service)
    by_service, by_channel, unrelated = ClaimFactory(), ClaimFactory(), ClaimFactory()
    AttributionFactory(claim=by_service, source=service)
    AttributionFactory(claim=by_channel, source=channel)
    AttributionFactory(claim=unrelated)
    SuggestionRequest.objects.all().delete()

    source_grade(source=service, grade="B", rationale="Track record.", actor=source_desk)
    requested = set(SuggestionRequest.objects.values_list("claim", flat=True))
    assert requested == {by_service.pk, by_channel.pk}
    suggestions_recompute(claim_ids=requested)

    assert Suggestion.objects.get(claim=by_channel).credibility == "2"  # inherited B
    assert not Suggestion.objects.filter(claim=unrelated).exists()


@pytest.mark.worker
def test_a_new_attribution_is_picked_up_by_a_real_worker(celery_worker, reviewer):
    claim = ClaimFactory()
    source = SourceFactory(reliability="C")
    with transaction.atomic():
        attribution_add(claim=claim, source=source, actor=reviewer)

    suggestion = wait_for(lambda: Suggestion.objects.filter(claim=claim).first(), timeout=60)
    assert suggestion.origin_count == 1
    assert suggestion.credibility == "3"

    # a grade change travels the same way
    desk = type(reviewer).objects.create_superuser("desk", "d@example.org", "pw")
    with transaction.atomic():
        source_grade(source=source, grade="A", rationale="Confirmed often.", actor=desk)
    wait_for(lambda: Suggestion.objects.filter(claim=claim, credibility="2").exists(), timeout=60)
