"""Rules the database keeps for claims, attributions and evidence."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.models import Attribution, Claim, Evidence
from tests.factories import AttributionFactory, ClaimFactory, EvidenceFactory

pytestmark = pytest.mark.django_db


def refused(callable_):
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        callable_()
    return str(caught.value)


@pytest.mark.parametrize(
    ("field", "value"),
    [("status", "draft"), ("text", ""), ("language", "")],
)
def test_claim_columns_are_checked(field, value):
    claim = ClaimFactory()
    refused(lambda: Claim.objects.filter(pk=claim.pk).update(**{field: value}))


def test_a_claim_cannot_be_a_duplicate_of_itself():
    claim = ClaimFactory()
    refused(lambda: Claim.objects.filter(pk=claim.pk).update(duplicate_of=claim))


def test_published_and_retracted_claims_carry_their_dates():
    claim = ClaimFactory()
    rows = Claim.objects.filter(pk=claim.pk)
    refused(lambda: rows.update(status="published"))
    refused(lambda: rows.update(status="retracted", published_at=timezone.now()))
    rows.update(status="published", published_at=timezone.now())
    refused(lambda: rows.update(retracted_at=timezone.now()))  # not retracted


def test_stance_is_checked():
    attribution = AttributionFactory()
    refused(lambda: Attribution.objects.filter(pk=attribution.pk).update(stance="likes"))


def test_an_attribution_cannot_relay_itself():
    attribution = AttributionFactory()
    refused(lambda: Attribution.objects.filter(pk=attribution.pk).update(via=attribution))


def test_a_relay_stays_inside_its_claim():
    origin = AttributionFactory()
    other_claim = ClaimFactory()
    message = refused(lambda: AttributionFactory(claim=other_claim, via=origin))
    assert "same claim" in message


def test_the_database_refuses_a_loop_in_the_chain():
    origin = AttributionFactory()
    relay = AttributionFactory(claim=origin.claim, via=origin)
    relay_of_relay = AttributionFactory(claim=origin.claim, via=relay)
    message = refused(lambda: Attribution.objects.filter(pk=origin.pk).update(via=relay_of_relay))
    assert "loop" in message
    assert Attribution.objects.get(pk=origin.pk).via is None


def test_a_relayed_attribution_cannot_move_to_another_claim():
    origin = AttributionFactory()
    AttributionFactory(claim=origin.claim, via=origin)
    other = ClaimFactory()
    refused(lambda: Attribution.objects.filter(pk=origin.pk).update(claim=other))


@pytest.mark.parametrize(
    "values",
    [
        {"kind": "meme"},
        {"relation": "maybe"},
        {"url": "", "description": ""},
        {"latitude": 91, "longitude": 10},
        {"latitude": 35, "longitude": None},
    ],
)
def test_evidence_rules(values):
    evidence = EvidenceFactory()
    refused(lambda: Evidence.objects.filter(pk=evidence.pk).update(**values))


def test_public_is_written_once():
    """ "Has been public" is claims.models.EVER_PUBLIC (and the queryset,
    property and SQL made from it); no other module spells it."""
    import re
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    spelled = re.compile(r"published_at__isnull|claim\.published_at is|\"published_at\"\)\} IS")
    elsewhere = [
        f"{path.relative_to(root)}:{number}"
        for app in ("claims", "verify", "sources", "config")
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts and path != root / "claims" / "models.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if spelled.search(line)
    ]
    assert elsewhere == []
