"""Submitted reviews and the event log cannot be changed, whatever code tries."""

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from tests.factories import ClaimFactory, EvidenceFactory
from verify.models import ClaimEvent, Review

pytestmark = pytest.mark.django_db


def _review(claim, reviewer, submitted: bool) -> Review:
    return Review.objects.create(
        claim=claim,
        reviewer=reviewer,
        credibility="3",
        confidence="low",
        rationale="Single origin.",
        submitted_at=timezone.now() if submitted else None,
    )


def test_a_draft_review_can_change(reviewer):
    draft = _review(ClaimFactory(), reviewer, submitted=False)
    Review.objects.filter(pk=draft.pk).update(credibility="2")
    assert Review.objects.get(pk=draft.pk).credibility == "2"


@pytest.mark.parametrize("operation", ["update", "delete"])
def test_a_submitted_review_never_changes(reviewer, operation):
    review = _review(ClaimFactory(), reviewer, submitted=True)
    rows = Review.objects.filter(pk=review.pk)
    with pytest.raises(DatabaseError) as caught, transaction.atomic():
        rows.update(credibility="1") if operation == "update" else rows.delete()
    assert "never changed or deleted" in str(caught.value)
    assert Review.objects.get(pk=review.pk).credibility == "3"


def test_the_evidence_of_a_submitted_review_stays(reviewer):
    claim = ClaimFactory()
    evidence = EvidenceFactory(claim=claim)
    review = _review(claim, reviewer, submitted=False)
    review.evidence.add(evidence)
    Review.objects.filter(pk=review.pk).update(submitted_at=timezone.now())
    with pytest.raises(DatabaseError), transaction.atomic():
        review.evidence.remove(evidence)
    assert list(review.evidence.all()) == [evidence]


def test_one_draft_per_reviewer_and_claim(reviewer):
    claim = ClaimFactory()
    _review(claim, reviewer, submitted=False)
    _review(claim, reviewer, submitted=True)  # submitted ones are not drafts
    with pytest.raises(DatabaseError), transaction.atomic():
        _review(claim, reviewer, submitted=False)


@pytest.mark.parametrize(
    "values", [{"credibility": "7"}, {"likelihood": "maybe"}, {"confidence": "total"}]
)
def test_review_scales_are_checked(reviewer, values):
    review = _review(ClaimFactory(), reviewer, submitted=False)
    with pytest.raises(DatabaseError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(**values)


@pytest.mark.parametrize("operation", ["update", "delete"])
def test_events_are_append_only(reviewer, operation):
    event = ClaimEvent.objects.create(
        claim=ClaimFactory(),
        action="take",
        from_status="new",
        to_status="in_review",
        actor=reviewer,
    )
    rows = ClaimEvent.objects.filter(pk=event.pk)
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.update(reason="rewritten") if operation == "update" else rows.delete()
    assert ClaimEvent.objects.filter(pk=event.pk, reason="").exists()
