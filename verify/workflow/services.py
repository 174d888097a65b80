"""The review workflow's writes. These services are the only code that
changes a claim's status. Each locks the claim row, checks its row of the
table (`verify.workflow.table.TRANSITIONS`), changes the claim with
save(update_fields=...) and writes one ClaimEvent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import Candidate, Claim, Evidence
from claims.services.claims import claim_lock
from claims.services.ingestion import candidate_accept
from config.exceptions import ApplicationError, Conflict, NotAllowed
from sources.models import Source
from verify.clients.webhooks import webhook_emit
from verify.models import CHANGING_ACTIONS, ClaimEvent, Review, WebhookEvent
from verify.permissions import can_review
from verify.publishing.record import record_of
from verify.publishing.services import claims_mark_changed, public_record_store
from verify.services.suggestions import suggestion_schedule
from verify.workflow.table import TRANSITIONS

Status = Claim.Status
Action = ClaimEvent.Action


# --- helpers ----------------------------------------------------------------------


def _begin(name: str, claim: Claim, actor: AbstractBaseUser, expected_version, **inputs) -> Claim:
    """Lock the claim and check the table's row for this transition. A role
    that may never do it is refused first, whatever the claim's version:
    the answer tells an outsider nothing about the claim."""
    transition = TRANSITIONS[name]
    if not transition.may(actor):
        raise NotAllowed(str(transition.refusal))
    locked = claim_lock(claim=claim, expected_version=expected_version)
    TRANSITIONS[name].check(locked, actor, inputs)
    return locked


def _move(
    claim: Claim,
    *,
    name: str,
    actor: AbstractBaseUser,
    to: str | None = None,
    reason: str = "",
    review: Review | None = None,
    other: Claim | None = None,
    **changes,
) -> ClaimEvent:
    """Apply a transition to a locked claim and record it as one event;
    `other` is the claim a merge or a link names."""
    transition = TRANSITIONS[name]
    from_status = claim.status
    claim.status = to or transition.to_state or claim.status
    for key, value in changes.items():
        setattr(claim, key, value)
    claim.version += 1
    claim.save(update_fields=["status", "version", "updated_at", *changes])
    return ClaimEvent.objects.create(
        claim=claim,
        action=transition.action,
        from_status=from_status,
        to_status=claim.status,
        actor=actor,
        reason=(reason or "").strip(),
        review=review,
        assignee=claim.assignee,
        duplicate_of=other if name == "mark_duplicate" else None,
        same_as=other if name in ("link_same", "unlink_same") else None,
    )


def _round_reviews(claim: Claim):
    return claim.reviews.submitted().filter(round=claim.review_round)


def _status_before_review(claim: Claim) -> str:
    return Status.REOPENED if claim.review_round > 1 else Status.NEW


# --- assignment -----------------------------------------------------------


@transaction.atomic
def claim_take(
    *, claim: Claim, actor: AbstractBaseUser, reason: str = "", expected_version: int | None = None
) -> Claim:
    """A reviewer takes a claim that nobody holds; it is theirs until they
    submit or release it."""
    locked = _begin("take", claim, actor, expected_version)
    _move(locked, name="take", actor=actor, reason=reason, assignee=actor)
    return locked


@transaction.atomic
def claim_assign(
    *,
    claim: Claim,
    actor: AbstractBaseUser,
    assignee: AbstractBaseUser | None,
    reason: str = "",
    expected_version: int | None = None,
) -> Claim:
    """An editor hands a claim to a reviewer (or to another one)."""
    locked = _begin("assign", claim, actor, expected_version, assignee=assignee)
    if not assignee.is_active or not can_review(assignee):
        raise ApplicationError(
            _("%(who)s is not a reviewer.") % {"who": assignee}, field="assignee"
        )
    if locked.assignee_id == assignee.pk:
        raise Conflict(
            _("%(who)s already holds this claim.") % {"who": assignee},
            field="assignee",
            code="taken",
        )
    _move(locked, name="assign", actor=actor, reason=reason, assignee=assignee)
    return locked


@transaction.atomic
def claim_release(
    *, claim: Claim, actor: AbstractBaseUser, reason: str = "", expected_version: int | None = None
) -> Claim:
    """Give a claim back to the queue; only its holder or an editor can."""
    locked = _begin("release", claim, actor, expected_version)
    to = Status.IN_REVIEW if _round_reviews(locked).exists() else _status_before_review(locked)
    _move(locked, name="release", actor=actor, to=to, reason=reason, assignee=None)
    return locked


# --- reviews --------------------------------------------------------------


def _write_draft(claim: Claim, reviewer: AbstractBaseUser, *, evidence, **fields) -> Review:
    """Create or update the reviewer's draft for this round, with its evidence."""
    evidence = list(evidence)
    if any(e.claim_id != claim.pk for e in evidence):
        raise ApplicationError(
            _("Evidence must belong to the claim under review."), field="evidence"
        )
    review = Review.objects.filter(
        claim=claim, reviewer=reviewer, submitted_at__isnull=True
    ).first() or Review(claim=claim, reviewer=reviewer)
    review.round = claim.review_round
    fields["rationale"] = (fields["rationale"] or "").strip()
    for name, value in fields.items():
        setattr(review, name, value)
    review.full_clean(exclude=["claim", "reviewer"])
    review.save()
    review.evidence.set(evidence)
    return review


@transaction.atomic
def review_save_draft(
    *,
    claim: Claim,
    actor: AbstractBaseUser,
    credibility: str,
    confidence: str,
    rationale: str,
    likelihood: str = "",
    source_reliability: str = "",
    evidence: Iterable[Evidence] = (),
) -> Review:
    """Keep a half-written review; the reviewer's one draft is updated in place.
    Only the holder may, as for submitting."""
    locked = _begin("submit_review", claim, actor, None)
    return _write_draft(
        locked,
        actor,
        credibility=credibility,
        confidence=confidence,
        rationale=rationale,
        likelihood=likelihood,
        source_reliability=source_reliability,
        evidence=evidence,
    )


@transaction.atomic
def review_submit(
    *,
    claim: Claim,
    actor: AbstractBaseUser,
    credibility: str,
    confidence: str,
    rationale: str,
    likelihood: str = "",
    source_reliability: str = "",
    evidence: Iterable[Evidence] = (),
    expected_version: int | None = None,
) -> Review:
    """Submit the holder's review; it can no longer change. Once the round has
    as many reviews by different people as the desk requires, the claim goes
    to the editors for sign-off."""
    locked = _begin("submit_review", claim, actor, expected_version)
    # Written as the draft first: the database refuses any change to a
    # submitted review, its evidence included.
    review = _write_draft(
        locked,
        actor,
        credibility=credibility,
        confidence=confidence,
        rationale=rationale,
        likelihood=likelihood,
        source_reliability=source_reliability,
        evidence=evidence,
    )
    review.submitted_at = timezone.now()
    review.save(update_fields=["submitted_at"])

    suggestion_schedule(claim_ids=[locked.pk])
    reviewers = _round_reviews(locked).order_by().values("reviewer").distinct().count()
    enough = reviewers >= settings.CLAIMTRACE_REQUIRED_REVIEWS
    _move(
        locked,
        name="submit_review",
        actor=actor,
        to=Status.AWAITING_SIGN_OFF if enough else Status.IN_REVIEW,
        review=review,
        assignee=None,
    )
    return review


# --- sign-off, reopen, retract, merge ---------------------------------------------


@transaction.atomic
def claim_publish(
    *, claim: Claim, actor: AbstractBaseUser, reason: str = "", expected_version: int | None = None
) -> Claim:
    """Sign off and publish: needs the required number of submitted reviews in
    this round, and an editor who wrote none of them (two pairs of eyes)."""
    locked = _begin("publish", claim, actor, expected_version)
    reviews = list(_round_reviews(locked))  # latest first
    authors = {r.reviewer_id for r in reviews}
    if len(authors) < settings.CLAIMTRACE_REQUIRED_REVIEWS:
        raise Conflict(
            _(
                "This claim needs %(needed)s submitted review(s) by different reviewers; "
                "it has %(has)s."
            )
            % {"needed": settings.CLAIMTRACE_REQUIRED_REVIEWS, "has": len(authors)},
            field="reviews",
            code="reviews_missing",
        )
    if actor.pk in authors:
        raise NotAllowed(
            _("You reviewed this claim; another editor must sign it off (two pairs of eyes)."),
            code="own_review",
        )
    signed = _move(
        locked,
        name="publish",
        actor=actor,
        reason=reason,
        review=reviews[0],
        assignee=None,
        published_at=locked.published_at or timezone.now(),
    )
    public_record_store(claim=locked, review=reviews[0], event=signed, change=reason.strip())
    # Its origins now count in the public records of its cluster: they wait.
    claims_mark_changed(
        claim_ids=_cluster_of(locked),
        actor=actor,
        reason=_("Claim %(id)s of the same cluster was published.") % {"id": locked.pk},
        exclude=locked.pk,
    )
    regrade = ClaimEvent.objects.with_regrade().get(pk=signed.pk).regrade
    webhook_emit(event=WebhookEvent.REGRADED if regrade else WebhookEvent.PUBLISHED, claim=locked)
    return locked


@transaction.atomic
def claim_sign_update(
    *, claim: Claim, actor: AbstractBaseUser, reason: str = "", expected_version: int | None = None
) -> Claim:
    """Sign off what changed since a published claim's record was signed
    (attributions, evidence, cluster links, source grades): its next version
    becomes what the public sees, with the reason in the corrections log.
    An editor who made none of the changes signs (two pairs of eyes)."""
    locked = _begin("sign_update", claim, actor, expected_version)
    record = record_of(locked)
    signed = _move(locked, name="sign_update", actor=actor, reason=reason, review=record.review)
    change = (
        reason.strip()
        or "; ".join(
            locked.events.filter(action__in=CHANGING_ACTIONS, id__gt=record.event_id)
            .exclude(reason="")
            .values_list("reason", flat=True)
        )
        or str(_("Source grades updated."))
    )
    stored = public_record_store(
        claim=locked, review=record.review, event=signed, change=change, if_changed=True
    )
    if stored is not None:  # else the changes do not reach the public: nothing to announce
        webhook_emit(event=WebhookEvent.UPDATED, claim=locked)
    return locked


@transaction.atomic
def claim_reopen(
    *, claim: Claim, actor: AbstractBaseUser, reason: str, expected_version: int | None = None
) -> Claim:
    """Send a claim back for review, with a reason: an editor rejecting a
    review, or new evidence on a published claim. A new review round starts;
    a published claim stays public with its last verdict meanwhile."""
    locked = _begin("reopen", claim, actor, expected_version, reason=reason)
    _move(
        locked,
        name="reopen",
        actor=actor,
        reason=reason,
        assignee=None,
        review_round=locked.review_round + 1,
    )
    return locked


@transaction.atomic
def claim_retract(
    *, claim: Claim, actor: AbstractBaseUser, reason: str, expected_version: int | None = None
) -> Claim:
    """Withdraw a published verdict, publicly, with a reason and date; the
    claim is never deleted."""
    locked = _begin("retract", claim, actor, expected_version, reason=reason)
    _move(
        locked,
        name="retract",
        actor=actor,
        reason=reason,
        assignee=None,
        retracted_at=timezone.now(),
        retraction_reason=reason.strip(),
    )
    webhook_emit(event=WebhookEvent.RETRACTED, claim=locked)
    return locked


@transaction.atomic
def claim_mark_duplicate(
    *,
    claim: Claim,
    actor: AbstractBaseUser,
    duplicate_of: Claim | None,
    reason: str = "",
    expected_version: int | None = None,
) -> Claim:
    """A person merges a claim into the one it repeats (the ingestion only
    suggests). It points at the original's own original, so chains stay one
    step long; a claim that has been public is never merged, only retracted."""
    locked = _begin("mark_duplicate", claim, actor, expected_version, duplicate_of=duplicate_of)
    original = Claim.objects.get(pk=duplicate_of.pk)  # as it is now, not as last seen
    while original.duplicate_of_id is not None:
        original = original.duplicate_of
    if original.pk == locked.pk:
        raise ApplicationError(_("A claim cannot be a duplicate of itself."), field="duplicate_of")
    _move(
        locked,
        name="mark_duplicate",
        actor=actor,
        reason=reason,
        assignee=None,
        duplicate_of=original,
        other=original,
    )
    return locked


# --- the same claim (clusters) -------------------------------------------------


def _cluster_of(claim: Claim) -> list[int]:
    root = claim.same_as_id or claim.pk
    return list(Claim.objects.filter(Q(pk=root) | Q(same_as_id=root)).values_list("pk", flat=True))


def _record_on_members(members: list[Claim], acted: Claim, event: ClaimEvent) -> None:
    """The link or unlink is in the history of every claim of the clusters
    it joined or parted, not only of the claim acted on."""
    ClaimEvent.objects.bulk_create(
        ClaimEvent(
            claim=member,
            action=event.action,
            from_status=member.status,
            to_status=member.status,
            actor=event.actor,
            reason=event.reason
            or str(_("Claim %(id)s was linked or unlinked.") % {"id": acted.pk}),
            same_as_id=event.same_as_id,
        )
        for member in members
        if member.pk != acted.pk
    )


def _root(claim_id: int) -> int:
    """The first claim of the claim's cluster as it is now (itself if none)."""
    same_as = Claim.objects.filter(pk=claim_id).values_list("same_as_id", flat=True).first()
    return same_as or claim_id


def _lock_clusters(*roots: int) -> list[Claim]:
    """Lock every claim of these clusters in id order, before the claim
    acted on (itself one of them), so two links never wait on each other."""
    return list(
        Claim.objects.select_for_update()
        .filter(Q(pk__in=roots) | Q(same_as_id__in=roots))
        .order_by("pk")
    )


def _still(roots: tuple[int, ...], *claims: Claim | None) -> None:
    """The clusters locked are still the claims' clusters."""
    if None in claims or tuple(c.same_as_id or c.pk for c in claims) != roots:
        raise Conflict(
            _("These claims were linked or unlinked meanwhile; reload and try again."),
            field="same_as",
            code="stale",
        )


@transaction.atomic
def claim_link_same(
    *,
    claim: Claim,
    actor: AbstractBaseUser,
    same_as: Claim | None,
    reason: str = "",
    expected_version: int | None = None,
) -> Claim:
    """A reviewer confirms that two claims say the same thing (in any
    language): their clusters become one, whose first claim is the oldest,
    and origins, relays and the suggestion are counted across it. A merged
    duplicate stands for its original."""
    other = Claim.objects.get(pk=same_as.pk) if same_as is not None else claim
    while other.duplicate_of_id is not None:
        other = other.duplicate_of
    roots = (_root(claim.pk), _root(other.pk))
    members = _lock_clusters(*roots)
    locked = _begin("link_same", claim, actor, expected_version, same_as=same_as)
    if other.pk == locked.pk:
        raise ApplicationError(_("A claim cannot be linked to itself."), field="same_as")
    other = next((m for m in members if m.pk == other.pk), None)
    _still(roots, locked, other)
    if roots[0] == roots[1]:
        raise Conflict(
            _("These claims are already linked as the same claim."),
            field="same_as",
            code="already_linked",
        )
    root = min(roots)
    Claim.objects.filter(pk__in=[m.pk for m in members if m.pk not in (root, locked.pk)]).update(
        same_as_id=root
    )
    event = _move(
        locked,
        name="link_same",
        actor=actor,
        reason=reason,
        other=other,
        same_as=None if locked.pk == root else next(m for m in members if m.pk == root),
    )
    _record_on_members(members, locked, event)
    suggestion_schedule(claim_ids=[root])
    return locked


@transaction.atomic
def claim_unlink_same(
    *, claim: Claim, actor: AbstractBaseUser, reason: str = "", expected_version: int | None = None
) -> Claim:
    """Take a claim out of its cluster; its figures are its own again. When
    it was the cluster's first claim, the next oldest takes its place."""
    root = _root(claim.pk)
    members = _lock_clusters(root)
    locked = _begin("unlink_same", claim, actor, expected_version)
    _still((root,), locked)
    rest = [m for m in members if m.pk != locked.pk]
    if locked.pk == root:
        left = rest[0]
        Claim.objects.filter(pk=left.pk).update(same_as=None)
        Claim.objects.filter(pk__in=[m.pk for m in rest[1:]]).update(same_as_id=left.pk)
    else:
        left = next(m for m in rest if m.pk == root)
    event = _move(locked, name="unlink_same", actor=actor, reason=reason, other=left, same_as=None)
    _record_on_members(members, locked, event)
    suggestion_schedule(claim_ids=[locked.pk, left.pk])
    return locked


@transaction.atomic
def candidate_accept_as_same(
    *,
    candidate: Candidate,
    actor: AbstractBaseUser,
    same_as: Claim | None = None,
    text: str | None = None,
    text_en: str = "",
    sources: Mapping[int, Source] | None = None,
) -> Claim:
    """File an ingestion candidate as the same claim as `same_as` (by default
    the claim the matcher found it likely repeats): its attributions join
    that claim's cluster, in the candidate's own words and language, instead
    of standing alone. All or nothing."""
    same_as = same_as or candidate.duplicate_of
    if same_as is None:
        raise ApplicationError(
            _("Name the claim this candidate says the same as."), field="same_as"
        )
    claim = candidate_accept(
        candidate=candidate, actor=actor, text=text, text_en=text_en, sources=sources
    )
    claim_link_same(claim=claim, actor=actor, same_as=same_as, reason=_("Filed from ingestion."))
    return claim


# The services `claim_transition` dispatches to; submitting a review has its
# own form (the review page, the reviews endpoint).
_SERVICES = {
    "take": claim_take,
    "assign": claim_assign,
    "release": claim_release,
    "publish": claim_publish,
    "sign_update": claim_sign_update,
    "reopen": claim_reopen,
    "retract": claim_retract,
    "mark_duplicate": claim_mark_duplicate,
    "link_same": claim_link_same,
    "unlink_same": claim_unlink_same,
}
TRANSITION_NAMES = tuple(_SERVICES)


def claim_transition(
    *,
    name: str,
    claim: Claim,
    actor: AbstractBaseUser,
    expected_version: int | None,
    reason: str = "",
    assignee: AbstractBaseUser | None = None,
    duplicate_of: Claim | None = None,
    same_as: Claim | None = None,
) -> Claim:
    """One entry point for the admin's buttons and the API's transition
    endpoint: the named service, with the same rules."""
    if name not in _SERVICES:
        raise ApplicationError(
            _("No transition called %(name)s.") % {"name": repr(name)}, field="transition"
        )
    given = {"assignee": assignee, "duplicate_of": duplicate_of, "same_as": same_as}
    inputs = {key: value for key, value in given.items() if key in TRANSITIONS[name].needs}
    return _SERVICES[name](
        claim=claim, actor=actor, reason=reason, expected_version=expected_version, **inputs
    )
