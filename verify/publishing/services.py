"""Writing the public record (verify.publishing.record): stored whole at each
sign-off, a new version at each signed update; and the changes that wait
for an editor, recorded as events on the published claims they would reach.
Called by the workflow services inside their transaction."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Max

from claims.models import Claim
from claims.selectors.origins import cluster_ids
from verify.models import ClaimEvent, PublicRecord, PublicRecordSource, Review
from verify.publishing.record import record_build


def public_record_store(
    *, claim: Claim, review: Review, event: ClaimEvent, change: str = "", if_changed: bool = False
) -> PublicRecord | None:
    """Store the claim's record as it stands now, resting on `review`, as
    the next version; the one before stays in the corrections log. With
    `if_changed`, nothing is stored (None) when the public would see no
    difference."""
    draft = record_build(claim, review=review, signed_at=event.created_at)
    current = claim.public_records.filter(is_current=True).first()
    if if_changed and current is not None and _same(current, draft):
        return None
    last = claim.public_records.aggregate(last=Max("version"))["last"] or 0
    claim.public_records.filter(is_current=True).update(is_current=False)
    record = PublicRecord.objects.create(
        claim=claim,
        version=last + 1,
        event=event,
        review=review,
        signed_at=event.created_at,
        change=change,
        credibility=draft.credibility,
        likelihood=draft.likelihood,
        origin_count=draft.origin_count,
        item=draft.item,
        page=draft.page,
    )
    PublicRecordSource.objects.bulk_create(
        PublicRecordSource(record=record, source_id=pk, reliability=grade)
        for pk, grade in draft.sources.items()
    )
    return record


def _same(record: PublicRecord, draft) -> bool:
    """The public would see no difference (the signing time aside)."""

    def unsigned(page: dict) -> dict:
        stix = [{k: v for k, v in o.items() if k != "modified"} for o in page["stix"]]
        return {**page, "stix": stix}

    return (
        record.item == draft.item
        and unsigned(record.page) == unsigned(draft.page)
        and dict(record.sources.values_list("source_id", "reliability")) == draft.sources
    )


def claims_mark_changed(
    *, claim_ids, actor: AbstractBaseUser | None, reason: str, exclude: int | None = None
) -> list[int]:
    """Record a change on each of these claims that has a public record it
    could alter (public and not retracted): it waits in the editors' queue
    until an update is signed. Returns the claims marked."""
    marked = list(
        Claim.objects.ever_public()
        .filter(pk__in=claim_ids)
        .exclude(status=Claim.Status.RETRACTED)
        .exclude(pk=exclude)
        .values_list("pk", "status")
    )
    ClaimEvent.objects.bulk_create(
        ClaimEvent(
            claim_id=pk,
            action=ClaimEvent.Action.CHANGE,
            from_status=status,
            to_status=status,
            actor=actor,
            reason=reason,
        )
        for pk, status in marked
    )
    return [pk for pk, _status in marked]


def claim_material_changed(*, claim_id: int, actor: AbstractBaseUser | None, change: str) -> None:
    """An attribution, evidence or tag of this claim changed: a public claim
    waits for an editor, and so does every public claim of its cluster
    (they count its origins)."""
    claim = Claim.objects.filter(pk=claim_id).values_list("published_at", flat=True).first()
    if claim is None:  # not public: nothing public rests on its material
        return
    members = cluster_ids([claim_id])[claim_id]
    claims_mark_changed(claim_ids=members, actor=actor, reason=f"{change} (claim {claim_id})")


def public_records_backfill() -> int:
    """Store a record for every public claim that has none (claims published
    before records existed), resting on its latest sign-off, as it stands.
    Returns how many were stored."""
    missing = Claim.objects.ever_public().exclude(public_records__isnull=False).order_by("pk")
    stored = 0
    for claim in missing.iterator():
        event = (
            claim.events.sign_offs().filter(review__isnull=False).select_related("review").first()
        )
        if event is not None:
            public_record_store(claim=claim, review=event.review, event=event)
            stored += 1
    return stored
