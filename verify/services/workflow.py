"""The review workflow. These services are the only code that changes a
claim's status:

    new ──take/assign──▶ in review ──submit review──▶ awaiting sign-off ──publish──▶ published
     ▲                     │  ▲                          │                            │
     └──────release────────┘  └──take── reopened ◀──reopen┴────────────reopen─────────┘
    published (or under re-review after publication) ──retract──▶ retracted

`TRANSITIONS` is the one table of the workflow: for each transition, who may
do it, from which states, to which state, what it needs and what else must
hold. The services below, `claim_transition` (the admin's buttons and the
API), the buttons the admin offers, the review queue and the test matrix all
read it. To add a transition: a row here, a service that calls
`_begin(...)` and `_move(...)`, and an entry in `_SERVICES`.

Each service locks the claim row, checks the row of the table, changes the
claim with save(update_fields=...) and writes one ClaimEvent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.models import Candidate, Claim, Evidence
from claims.services.claims import claim_lock
from claims.services.ingestion import candidate_accept
from config.exceptions import ApplicationError, Conflict, NotAllowed
from sources.models import ReliabilityRating, Source
from sources.selectors import sources_pending_among
from verify.models import CHANGING_ACTIONS, SIGNING_ACTIONS, ClaimEvent, Review, WebhookEvent
from verify.public_record import changed_since_signed, record_of, regraded_since_signed
from verify.services.public_record import claims_mark_changed, public_record_store
from verify.services.suggestions import suggestion_schedule
from verify.services.webhooks import webhook_emit

Status = Claim.Status
Action = ClaimEvent.Action


# --- the table ------------------------------------------------------------------


@dataclass(frozen=True)
class Guard:
    """A condition beyond role and state; `refuse` says why it does not hold."""

    holds: Callable[[Claim, AbstractBaseUser], bool]
    refuse: Callable[[Claim, AbstractBaseUser], ApplicationError]


@dataclass(frozen=True)
class Transition:
    name: str
    action: str  # the ClaimEvent it writes
    permissions: tuple[str, ...]  # any one of them lets a role do it
    refusal: Promise  # said to a role that may not
    from_states: frozenset[str]
    # None: the service decides (release, submit) or the status stays (merge, link)
    to_state: str | None
    cannot: Promise  # said in a state it does not start from ("%(status)s")
    done: Promise  # what the admin says after it
    needs: dict[str, Promise] = field(default_factory=dict)  # input -> said when missing
    guards: tuple[Guard, ...] = ()

    def may(self, user: AbstractBaseUser) -> bool:
        return any(user.has_perm(permission) for permission in self.permissions)

    def check(self, claim: Claim, actor: AbstractBaseUser, inputs: dict | None = None) -> None:
        """Raise the refusal a person would get: role, missing input, state,
        then the guards, in that order."""
        if not self.may(actor):
            raise NotAllowed(str(self.refusal))
        for name, message in self.needs.items() if inputs is not None else ():
            value = inputs.get(name)
            if value is None or (isinstance(value, str) and not value.strip()):
                raise ApplicationError(str(message), field=name)
        if claim.status not in self.from_states:
            raise Conflict(
                str(self.cannot) % {"status": claim.get_status_display().lower()},
                field="status",
                code="invalid_transition",
            )
        for guard in self.guards:
            if not guard.holds(claim, actor):
                raise guard.refuse(claim, actor)

    def allows(self, claim: Claim, user: AbstractBaseUser) -> bool:
        """Whether to offer it (the admin's buttons): the same checks."""
        try:
            self.check(claim, user)
        except ApplicationError:
            return False
        return True


def _held_by(claim, actor):
    if claim.assignee_id == actor.pk:
        return _("This claim is already held by you.")
    return _("This claim is already held by %(who)s.") % {"who": claim.assignee}


UNHELD = Guard(
    lambda claim, actor: claim.assignee_id is None,
    lambda claim, actor: Conflict(_held_by(claim, actor), field="assignee", code="taken"),
)
HELD = Guard(
    lambda claim, actor: claim.assignee_id is not None,
    lambda claim, actor: Conflict(
        _("Nobody holds this claim."), field="assignee", code="not_taken"
    ),
)
_RELEASE_DENIED = gettext_lazy("Only the reviewer who holds a claim, or an editor, can release it.")
HOLDER_OR_ASSIGNER = Guard(
    lambda claim, actor: claim.assignee_id == actor.pk or actor.has_perm("verify.assign_claim"),
    lambda claim, actor: NotAllowed(str(_RELEASE_DENIED)),
)
HOLDER = Guard(
    lambda claim, actor: claim.assignee_id == actor.pk,
    lambda claim, actor: Conflict(
        _("Take the claim before reviewing it; only the reviewer who holds it can."),
        field="assignee",
        code="not_holder",
    ),
)
WAS_PUBLISHED = Guard(
    lambda claim, actor: claim.has_been_public,
    lambda claim, actor: Conflict(
        _("Only a claim that has been published can be retracted."),
        field="status",
        code="invalid_transition",
    ),
)
NOT_A_DUPLICATE = Guard(
    lambda claim, actor: claim.duplicate_of_id is None,
    lambda claim, actor: Conflict(
        _("This claim is already a duplicate of claim %(id)s.") % {"id": claim.duplicate_of_id},
        field="duplicate_of",
    ),
)
NEVER_PUBLISHED = Guard(
    lambda claim, actor: not claim.has_been_public,
    lambda claim, actor: Conflict(
        _("A claim that has been published is not merged; retract it, naming the other."),
        field="status",
        code="invalid_transition",
    ),
)
NOT_HELD_BY_ANOTHER = Guard(
    lambda claim, actor: claim.status != Status.IN_REVIEW or claim.assignee_id in (None, actor.pk),
    lambda claim, actor: Conflict(
        _("%(who)s is reviewing this claim.") % {"who": claim.assignee}, field="assignee"
    ),
)

IN_A_CLUSTER = Guard(
    lambda claim, actor: claim.same_as_id is not None or claim.same_claims.exists(),
    lambda claim, actor: Conflict(
        _("This claim is not linked to any other as the same claim."), field="same_as"
    ),
)


def _update_waiting(claim: Claim) -> bool:
    """A change or a source regrade since the record was signed."""
    return (
        Claim.objects.filter(pk=claim.pk)
        .filter(changed_since_signed() | regraded_since_signed())
        .exists()
    )


def _changed_by(claim: Claim) -> set[int]:
    """Who made the changes waiting on the claim's public record: the
    people whose changes or regrades an update would sign."""
    last = (
        claim.events.filter(action__in=SIGNING_ACTIONS).order_by("-id").values("id", "created_at")
    ).first()
    if last is None:
        return set()
    people = set(
        claim.events.filter(action__in=CHANGING_ACTIONS, id__gt=last["id"])
        .exclude(actor=None)
        .values_list("actor_id", flat=True)
    )
    record = record_of(claim)
    if record is not None:
        people |= set(
            ReliabilityRating.objects.filter(
                source__in=record.sources.values("source"), rated_at__gt=last["created_at"]
            )
            .exclude(rated_by=None)
            .values_list("rated_by_id", flat=True)
        )
    return people


UPDATE_WAITING = Guard(
    lambda claim, actor: _update_waiting(claim),
    lambda claim, actor: Conflict(
        _("Nothing has changed since this claim's public record was signed."),
        field="status",
        code="nothing_to_sign",
    ),
)
NOT_THE_CHANGER = Guard(
    lambda claim, actor: actor.pk not in _changed_by(claim),
    lambda claim, actor: NotAllowed(
        _(
            "You made a change this update would publish; another editor must sign it off "
            "(two pairs of eyes)."
        ),
        code="own_change",
    ),
)


def _pending_sources(claim: Claim) -> list[str]:
    return list(
        sources_pending_among(claim.attributions.values("source")).values_list("name", flat=True)
    )


NO_PENDING_SOURCES = Guard(
    lambda claim, actor: not _pending_sources(claim),
    lambda claim, actor: Conflict(
        _(
            "%(sources)s still wait for the source desk (proposed by ingestion); "
            "a claim citing them is signed off once they are accepted."
        )
        % {"sources": ", ".join(_pending_sources(claim))},
        field="attributions",
        code="pending_sources",
    ),
)

_ALL = frozenset(Status.values)
_TAKEABLE = frozenset({Status.NEW, Status.REOPENED, Status.IN_REVIEW})

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            name="take",
            action=Action.TAKE,
            permissions=("verify.add_review",),
            refusal=gettext_lazy("Only reviewers take claims for review."),
            from_states=_TAKEABLE,
            to_state=Status.IN_REVIEW,
            cannot=gettext_lazy("Cannot take a claim that is %(status)s."),
            guards=(UNHELD,),
            done=gettext_lazy("You hold this claim now; review it below."),
        ),
        Transition(
            name="assign",
            action=Action.ASSIGN,
            permissions=("verify.assign_claim",),
            refusal=gettext_lazy("Only editors assign claims."),
            from_states=_TAKEABLE,
            to_state=Status.IN_REVIEW,
            cannot=gettext_lazy("Cannot assign a claim that is %(status)s."),
            needs={"assignee": gettext_lazy("Choose a reviewer to assign.")},
            done=gettext_lazy("Claim assigned."),
        ),
        Transition(
            name="release",
            action=Action.RELEASE,
            permissions=("verify.add_review", "verify.assign_claim"),
            refusal=_RELEASE_DENIED,
            from_states=frozenset({Status.IN_REVIEW}),
            to_state=None,  # back to where it was before review
            cannot=gettext_lazy("Cannot release a claim that is %(status)s."),
            guards=(HELD, HOLDER_OR_ASSIGNER),
            done=gettext_lazy("Claim released back to the queue."),
        ),
        Transition(
            name="submit_review",
            action=Action.SUBMIT_REVIEW,
            permissions=("verify.add_review",),
            refusal=gettext_lazy("Only reviewers write reviews."),
            from_states=frozenset({Status.IN_REVIEW}),
            to_state=None,  # awaiting sign-off once the round has its reviews
            cannot=gettext_lazy("Cannot review a claim that is %(status)s."),
            guards=(HOLDER,),
            done=gettext_lazy("Review submitted."),
        ),
        Transition(
            name="publish",
            action=Action.PUBLISH,
            permissions=("verify.publish_claim",),
            refusal=gettext_lazy("Only editors sign off and publish claims."),
            from_states=frozenset({Status.AWAITING_SIGN_OFF}),
            to_state=Status.PUBLISHED,
            cannot=gettext_lazy("Cannot publish a claim that is %(status)s."),
            guards=(NO_PENDING_SOURCES,),
            done=gettext_lazy("Signed off and published."),
        ),
        Transition(
            name="sign_update",
            action=Action.SIGN_UPDATE,
            permissions=("verify.publish_claim",),
            refusal=gettext_lazy("Only editors sign off updates of published claims."),
            from_states=frozenset({Status.PUBLISHED}),
            to_state=None,  # still published; the public record's next version
            cannot=gettext_lazy("Cannot sign off an update of a claim that is %(status)s."),
            guards=(UPDATE_WAITING, NOT_THE_CHANGER, NO_PENDING_SOURCES),
            done=gettext_lazy("Update signed off; the public sees the new version."),
        ),
        Transition(
            name="reopen",
            action=Action.REOPEN,
            permissions=("verify.reopen_claim",),
            refusal=gettext_lazy("Only editors reopen claims."),
            from_states=frozenset({Status.AWAITING_SIGN_OFF, Status.PUBLISHED}),
            to_state=Status.REOPENED,
            cannot=gettext_lazy("Cannot reopen a claim that is %(status)s."),
            needs={"reason": gettext_lazy("Say why you reopen this claim.")},
            done=gettext_lazy("Claim reopened for review."),
        ),
        Transition(
            name="retract",
            action=Action.RETRACT,
            permissions=("verify.retract_claim",),
            refusal=gettext_lazy("Only editors retract claims."),
            from_states=_ALL - {Status.RETRACTED},
            to_state=Status.RETRACTED,
            cannot=gettext_lazy("Cannot retract a claim that is %(status)s."),
            needs={"reason": gettext_lazy("Say why you retract this claim.")},
            guards=(WAS_PUBLISHED,),
            done=gettext_lazy("Claim retracted; the retraction is public."),
        ),
        Transition(
            name="mark_duplicate",
            action=Action.MARK_DUPLICATE,
            permissions=("claims.change_claim",),
            refusal=gettext_lazy("Your role cannot merge claims."),
            from_states=_ALL,
            to_state=None,  # the status stays; the claim leaves the review queue
            cannot=gettext_lazy("Cannot mark a claim that is %(status)s as a duplicate."),
            needs={"duplicate_of": gettext_lazy("Give the claim this one repeats.")},
            guards=(NOT_A_DUPLICATE, NEVER_PUBLISHED, NOT_HELD_BY_ANOTHER),
            done=gettext_lazy("Marked as a duplicate; it has left the review queue."),
        ),
        Transition(
            name="link_same",
            action=Action.LINK_SAME,
            permissions=("claims.change_claim",),
            refusal=gettext_lazy("Your role cannot link claims."),
            from_states=_ALL,
            to_state=None,  # the status stays; the figures are counted across the cluster
            cannot=gettext_lazy("Cannot link a claim that is %(status)s."),
            needs={"same_as": gettext_lazy("Give the claim this one says the same as.")},
            guards=(NOT_A_DUPLICATE,),
            done=gettext_lazy(
                "Linked as the same claim; origins and relays are counted across the cluster."
            ),
        ),
        Transition(
            name="unlink_same",
            action=Action.UNLINK_SAME,
            permissions=("claims.change_claim",),
            refusal=gettext_lazy("Your role cannot unlink claims."),
            from_states=_ALL,
            to_state=None,
            cannot=gettext_lazy("Cannot unlink a claim that is %(status)s."),
            guards=(IN_A_CLUSTER,),
            done=gettext_lazy("Unlinked; this claim's figures are its own again."),
        ),
    )
}


def waiting_for(name: str) -> Q:
    """Claims that `name` (take, publish) can start on whoever acts: what
    the queue shows as waiting for review or for sign-off."""
    transition = TRANSITIONS[name]
    waiting = Q(status__in=transition.from_states, duplicate_of__isnull=True)
    if UNHELD in transition.guards:
        waiting &= Q(assignee__isnull=True)
    return waiting


def transitions_offered(*, claim: Claim, user: AbstractBaseUser) -> dict[str, bool]:
    """Which transitions to offer this user on this claim (the admin's buttons)."""
    return {name: transition.allows(claim, user) for name, transition in TRANSITIONS.items()}


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
    return claim.reviews.filter(round=claim.review_round, submitted_at__isnull=False)


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
    if not assignee.is_active or not assignee.has_perm("verify.add_review"):
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
    reviewers = _round_reviews(locked).values("reviewer").distinct().count()
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
    reviews = list(_round_reviews(locked).order_by("-submitted_at", "-id"))
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
    event = WebhookEvent.REGRADED if locked.published_at else WebhookEvent.PUBLISHED
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
    webhook_emit(event=event, claim=locked)
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
