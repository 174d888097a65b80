"""The review workflow. These services are the only code that changes a
claim's status:

    new ──take/assign──▶ in review ──submit review──▶ awaiting sign-off ──publish──▶ published
     ▲                     │  ▲                          │                            │
     └──────release────────┘  └──take── reopened ◀──reopen┴────────────reopen─────────┘
    published (or under re-review after publication) ──retract──▶ retracted

Each one locks the claim row, checks the actor's role and the current state,
changes the claim with save(update_fields=...) and writes one ClaimEvent.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from claims.models import Claim, Evidence
from config.exceptions import ApplicationError, Conflict, NotAllowed
from verify.models import ClaimEvent, Review, WebhookEvent
from verify.services.suggestions import suggestion_schedule
from verify.services.webhooks import webhook_emit

Status = Claim.Status
Action = ClaimEvent.Action


# --- helpers --------------------------------------------------------------


def _require(user: AbstractBaseUser, perm: str, message: str) -> None:
    if not user.has_perm(perm):
        raise NotAllowed(message)


def _lock(claim: Claim, expected_version: int | None) -> Claim:
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            "Someone else changed this claim since you opened it; reload and try again.",
            field="version",
            code="stale_version",
        )
    return locked


def _require_status(claim: Claim, allowed: Iterable[str], doing: str) -> None:
    if claim.status not in allowed:
        raise Conflict(
            f"Cannot {doing} a claim that is {claim.get_status_display().lower()}.",
            field="status",
            code="invalid_transition",
        )


def _move(
    claim: Claim,
    *,
    to: str,
    action: str,
    actor: AbstractBaseUser,
    reason: str = "",
    review: Review | None = None,
    **changes,
) -> ClaimEvent:
    """Apply a transition to a locked claim and record it as one event."""
    from_status = claim.status
    claim.status = to
    for name, value in changes.items():
        setattr(claim, name, value)
    claim.version += 1
    claim.save(update_fields=["status", "version", "updated_at", *changes])
    return ClaimEvent.objects.create(
        claim=claim,
        action=action,
        from_status=from_status,
        to_status=to,
        actor=actor,
        reason=reason,
        review=review,
        assignee=claim.assignee,
        duplicate_of=claim.duplicate_of if action == Action.MARK_DUPLICATE else None,
    )


def _reason(reason: str, doing: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(f"Say why you {doing} this claim.", field="reason")
    return reason


def _round_reviews(claim: Claim):
    return claim.reviews.filter(round=claim.review_round, submitted_at__isnull=False)


def _status_before_review(claim: Claim) -> str:
    return Status.REOPENED if claim.review_round > 1 else Status.NEW


# --- assignment -----------------------------------------------------------


@transaction.atomic
def claim_take(
    *, claim: Claim, reviewer: AbstractBaseUser, expected_version: int | None = None
) -> Claim:
    """A reviewer takes a claim that nobody holds; it is theirs until they
    submit or release it."""
    _require(reviewer, "verify.add_review", "Only reviewers take claims for review.")
    locked = _lock(claim, expected_version)
    _require_status(locked, [Status.NEW, Status.REOPENED, Status.IN_REVIEW], "take")
    if locked.assignee_id is not None:
        who = "you" if locked.assignee_id == reviewer.pk else str(locked.assignee)
        raise Conflict(f"This claim is already held by {who}.", field="assignee", code="taken")
    _move(locked, to=Status.IN_REVIEW, action=Action.TAKE, actor=reviewer, assignee=reviewer)
    return locked


@transaction.atomic
def claim_assign(
    *,
    claim: Claim,
    actor: AbstractBaseUser,
    assignee: AbstractBaseUser,
    expected_version: int | None = None,
) -> Claim:
    """An editor hands a claim to a reviewer (or to another one)."""
    _require(actor, "verify.assign_claim", "Only editors assign claims.")
    if not assignee.is_active or not assignee.has_perm("verify.add_review"):
        raise ApplicationError(f"{assignee} is not a reviewer.", field="assignee")
    locked = _lock(claim, expected_version)
    _require_status(locked, [Status.NEW, Status.REOPENED, Status.IN_REVIEW], "assign")
    if locked.assignee_id == assignee.pk:
        raise Conflict(f"{assignee} already holds this claim.", field="assignee", code="taken")
    _move(locked, to=Status.IN_REVIEW, action=Action.ASSIGN, actor=actor, assignee=assignee)
    return locked


_RELEASE_DENIED = "Only the reviewer who holds a claim, or an editor, can release it."


@transaction.atomic
def claim_release(
    *, claim: Claim, actor: AbstractBaseUser, reason: str = "", expected_version: int | None = None
) -> Claim:
    """Give a claim back to the queue; only its holder or an editor can."""
    may_assign = actor.has_perm("verify.assign_claim")
    if not (may_assign or actor.has_perm("verify.add_review")):
        raise NotAllowed(_RELEASE_DENIED)
    locked = _lock(claim, expected_version)
    _require_status(locked, [Status.IN_REVIEW], "release")
    if locked.assignee_id is None:
        raise Conflict("Nobody holds this claim.", field="assignee", code="not_taken")
    if locked.assignee_id != actor.pk and not may_assign:
        raise NotAllowed(_RELEASE_DENIED)
    to = Status.IN_REVIEW if _round_reviews(locked).exists() else _status_before_review(locked)
    _move(locked, to=to, action=Action.RELEASE, actor=actor, reason=reason.strip(), assignee=None)
    return locked


# --- reviews --------------------------------------------------------------


def _write_draft(claim: Claim, reviewer: AbstractBaseUser, *, evidence, **fields) -> Review:
    """Create or update the reviewer's draft for this round, with its evidence."""
    evidence = list(evidence)
    if any(e.claim_id != claim.pk for e in evidence):
        raise ApplicationError("Evidence must belong to the claim under review.", field="evidence")
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


def _holder_check(claim: Claim, reviewer: AbstractBaseUser) -> None:
    _require(reviewer, "verify.add_review", "Only reviewers write reviews.")
    _require_status(claim, [Status.IN_REVIEW], "review")
    if claim.assignee_id != reviewer.pk:
        raise Conflict(
            "Take the claim before reviewing it; only the reviewer who holds it can.",
            field="assignee",
            code="not_holder",
        )


@transaction.atomic
def review_save_draft(
    *,
    claim: Claim,
    reviewer: AbstractBaseUser,
    credibility: str,
    confidence: str,
    rationale: str,
    likelihood: str = "",
    source_reliability: str = "",
    evidence: Iterable[Evidence] = (),
) -> Review:
    """Keep a half-written review; the reviewer's one draft is updated in place."""
    locked = _lock(claim, None)
    _holder_check(locked, reviewer)
    return _write_draft(
        locked,
        reviewer,
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
    reviewer: AbstractBaseUser,
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
    locked = _lock(claim, expected_version)
    _holder_check(locked, reviewer)
    # Written as the draft first: the database refuses any change to a
    # submitted review, its evidence included.
    review = _write_draft(
        locked,
        reviewer,
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
    reviewers = _round_reviews(locked).values("reviewer").distinct().count()
    enough = reviewers >= settings.CLAIMTRACE_REQUIRED_REVIEWS
    _move(
        locked,
        to=Status.AWAITING_SIGN_OFF if enough else Status.IN_REVIEW,
        action=Action.SUBMIT_REVIEW,
        actor=reviewer,
        review=review,
        assignee=None,
    )
    return review


# --- sign-off, reopen, retract --------------------------------------------


@transaction.atomic
def claim_publish(
    *, claim: Claim, editor: AbstractBaseUser, reason: str = "", expected_version: int | None = None
) -> Claim:
    """Sign off and publish: needs the required number of submitted reviews in
    this round, and an editor who wrote none of them (two pairs of eyes)."""
    _require(editor, "verify.publish_claim", "Only editors sign off and publish claims.")
    locked = _lock(claim, expected_version)
    _require_status(locked, [Status.AWAITING_SIGN_OFF], "publish")
    reviews = list(_round_reviews(locked).order_by("-submitted_at", "-id"))
    authors = {r.reviewer_id for r in reviews}
    if len(authors) < settings.CLAIMTRACE_REQUIRED_REVIEWS:
        raise Conflict(
            f"This claim needs {settings.CLAIMTRACE_REQUIRED_REVIEWS} submitted review(s) "
            f"by different reviewers; it has {len(authors)}.",
            field="reviews",
            code="reviews_missing",
        )
    if editor.pk in authors:
        raise NotAllowed(
            "You reviewed this claim; another editor must sign it off (two pairs of eyes).",
            code="own_review",
        )
    now = timezone.now()
    event = WebhookEvent.REGRADED if locked.published_at else WebhookEvent.PUBLISHED
    _move(
        locked,
        to=Status.PUBLISHED,
        action=Action.PUBLISH,
        actor=editor,
        reason=reason.strip(),
        review=reviews[0],
        assignee=None,
        published_at=locked.published_at or now,
    )
    webhook_emit(event=event, claim=locked)
    return locked


@transaction.atomic
def claim_reopen(
    *, claim: Claim, actor: AbstractBaseUser, reason: str, expected_version: int | None = None
) -> Claim:
    """Send a claim back for review, with a reason: an editor rejecting a
    review, or new evidence on a published claim. A new review round starts;
    a published claim stays public with its last verdict meanwhile."""
    _require(actor, "verify.reopen_claim", "Only editors reopen claims.")
    reason = _reason(reason, "reopen")
    locked = _lock(claim, expected_version)
    _require_status(locked, [Status.AWAITING_SIGN_OFF, Status.PUBLISHED], "reopen")
    _move(
        locked,
        to=Status.REOPENED,
        action=Action.REOPEN,
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
    _require(actor, "verify.retract_claim", "Only editors retract claims.")
    reason = _reason(reason, "retract")
    locked = _lock(claim, expected_version)
    if locked.published_at is None:
        raise Conflict(
            "Only a claim that has been published can be retracted.",
            field="status",
            code="invalid_transition",
        )
    _require_status(
        locked,
        [Status.PUBLISHED, Status.REOPENED, Status.IN_REVIEW, Status.AWAITING_SIGN_OFF],
        "retract",
    )
    _move(
        locked,
        to=Status.RETRACTED,
        action=Action.RETRACT,
        actor=actor,
        reason=reason,
        assignee=None,
        retracted_at=timezone.now(),
        retraction_reason=reason,
    )
    webhook_emit(event=WebhookEvent.RETRACTED, claim=locked)
    return locked


@transaction.atomic
def claim_mark_duplicate(
    *,
    claim: Claim,
    actor: AbstractBaseUser,
    of: Claim,
    reason: str = "",
    expected_version: int | None = None,
) -> Claim:
    """A person merges a claim into the one it repeats (the ingestion only
    suggests). It points at the original's own original, so chains stay one
    step long; a claim that has been public is never merged, only retracted."""
    _require(actor, "claims.change_claim", "Your role cannot merge claims.")
    locked = _lock(claim, expected_version)
    original = Claim.objects.get(pk=of.pk)  # as it is now, not as the caller last saw it
    while original.duplicate_of_id is not None:
        original = original.duplicate_of
    if original.pk == locked.pk:
        raise ApplicationError("A claim cannot be a duplicate of itself.", field="duplicate_of")
    if locked.duplicate_of_id is not None:
        raise Conflict(
            f"This claim is already a duplicate of claim {locked.duplicate_of_id}.",
            field="duplicate_of",
        )
    if locked.published_at is not None:
        raise Conflict(
            "A claim that has been published is not merged; retract it, naming the other.",
            field="status",
            code="invalid_transition",
        )
    if locked.status == Status.IN_REVIEW and locked.assignee_id not in (None, actor.pk):
        raise Conflict(f"{locked.assignee} is reviewing this claim.", field="assignee")
    _move(
        locked,
        to=locked.status,
        action=Action.MARK_DUPLICATE,
        actor=actor,
        reason=reason.strip(),
        assignee=None,
        duplicate_of=original,
    )
    return locked


TRANSITIONS = ("take", "release", "assign", "publish", "reopen", "retract", "mark_duplicate")


def claim_transition(
    *,
    name: str,
    claim: Claim,
    actor: AbstractBaseUser,
    expected_version: int | None,
    reason: str = "",
    assignee: AbstractBaseUser | None = None,
    duplicate_of: Claim | None = None,
) -> Claim:
    """One entry point for the admin's buttons and the API's transition
    endpoint: the named service, with the same rules."""
    if name == "mark_duplicate":
        if duplicate_of is None:
            raise ApplicationError("Give the claim this one repeats.", field="duplicate_of")
        return claim_mark_duplicate(
            claim=claim,
            actor=actor,
            of=duplicate_of,
            reason=reason,
            expected_version=expected_version,
        )
    if name == "take":
        return claim_take(claim=claim, reviewer=actor, expected_version=expected_version)
    if name == "assign":
        if assignee is None:
            raise ApplicationError("Choose a reviewer to assign.", field="assignee")
        return claim_assign(
            claim=claim, actor=actor, assignee=assignee, expected_version=expected_version
        )
    services = {
        "release": claim_release,
        "publish": lambda **kw: claim_publish(editor=kw.pop("actor"), **kw),
        "reopen": claim_reopen,
        "retract": claim_retract,
    }
    if name not in services:
        raise ApplicationError(f"No transition called {name!r}.", field="transition")
    return services[name](
        claim=claim, actor=actor, reason=reason, expected_version=expected_version
    )
