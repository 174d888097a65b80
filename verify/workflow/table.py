"""The workflow's table and its pure rules: for each transition, who may do
it, from which states, to which state, what it needs and what else must
hold. Reads only; the writes are in `verify.workflow.services`.

    new ──take/assign──▶ in review ──submit review──▶ awaiting sign-off ──publish──▶ published
     ▲                     │  ▲                          │                            │
     └──────release────────┘  └──take── reopened ◀──reopen┴────────────reopen─────────┘
    published (or under re-review after publication) ──retract──▶ retracted

The services, `claim_transition` (the admin's buttons and the API), the
buttons the admin offers, the review queue and the test matrix all read
`TRANSITIONS`. To add a transition: a row here, a service in
`verify.workflow.services` that calls `_begin(...)` and `_move(...)`, and an
entry in its `_SERVICES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.models import Claim
from claims.permissions import can_edit_claims
from config.exceptions import ApplicationError, Conflict, NotAllowed
from sources.models import ReliabilityRating
from sources.selectors import sources_pending_among
from verify.models import CHANGING_ACTIONS, SIGNING_ACTIONS, ClaimEvent
from verify.permissions import can_assign, can_reopen, can_retract, can_review, can_sign_off
from verify.publishing.record import changed_since_signed, record_of, regraded_since_signed

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
    who: tuple[Callable[[AbstractBaseUser], bool], ...]  # any one of them lets a user do it
    refusal: Promise  # said to a role that may not
    from_states: frozenset[str]
    # None: the service decides (release, submit) or the status stays (merge, link)
    to_state: str | None
    cannot: Promise  # said in a state it does not start from ("%(status)s")
    done: Promise  # what the admin says after it
    needs: dict[str, Promise] = field(default_factory=dict)  # input -> said when missing
    guards: tuple[Guard, ...] = ()

    def may(self, user: AbstractBaseUser) -> bool:
        return any(may(user) for may in self.who)

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
    lambda claim, actor: claim.assignee_id == actor.pk or can_assign(actor),
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
            who=(can_review,),
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
            who=(can_assign,),
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
            who=(
                can_review,
                can_assign,
            ),
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
            who=(can_review,),
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
            who=(can_sign_off,),
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
            who=(can_sign_off,),
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
            who=(can_reopen,),
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
            who=(can_retract,),
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
            who=(can_edit_claims,),
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
            who=(can_edit_claims,),
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
            who=(can_edit_claims,),
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
