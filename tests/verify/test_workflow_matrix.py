"""Every workflow state × every transition × every role, with the exact outcome.

The rule under test: a role that may never do a transition gets NotAllowed
(403) whatever the state; a role that may, in a state the transition does not
start from, gets Conflict (409) naming the state; otherwise the claim moves
and exactly one event row records it.
"""

import pytest

from config.exceptions import Conflict, NotAllowed
from tests.factories import AttributionFactory, ClaimFactory, UserFactory, claim_in_state
from verify import roles
from verify.models import ClaimEvent
from verify.publishing.services import claims_mark_changed
from verify.workflow import services as workflow
from verify.workflow.table import TRANSITIONS

STATES = [
    "new",
    "in_review",
    "awaiting_sign_off",
    "published",
    "reopened",
    "reopened_after_publication",
    "retracted",
]
ROLES = [roles.REVIEWER, roles.EDITOR, roles.SOURCE_DESK, roles.API_CLIENT]

PUBLIC_STATES = {"published", "reopened_after_publication", "retracted"}
NEVER_PUBLISHED = {"new", "in_review", "awaiting_sign_off", "reopened"}
DESK = {roles.REVIEWER, roles.EDITOR}
EDITORS = {roles.EDITOR}
EVERY_STATE = set(STATES)

# Written out by hand, not derived from the table under test
# (verify.workflow.table.TRANSITIONS): for each transition, the roles
# that may do it, the test states it starts from (the table's guards
# included: a claim held by the actor is not taken again, a never-published
# claim is not retracted, a published one is not merged) and the status it
# ends in (None: unchanged).
EXPECTED = {
    "take": (DESK, {"new", "reopened", "reopened_after_publication"}, "in_review"),
    "assign": (
        EDITORS,
        {"new", "in_review", "reopened", "reopened_after_publication"},
        "in_review",
    ),
    "release": (DESK, {"in_review"}, "new"),
    "submit_review": (DESK, {"in_review"}, "awaiting_sign_off"),
    "publish": (EDITORS, {"awaiting_sign_off"}, "published"),
    "sign_update": (EDITORS, {"published"}, None),
    "reopen": (EDITORS, {"awaiting_sign_off", "published"}, "reopened"),
    "retract": (EDITORS, {"published", "reopened_after_publication"}, "retracted"),
    "mark_duplicate": (DESK, {"new", "in_review", "awaiting_sign_off", "reopened"}, None),
    "link_same": (DESK, EVERY_STATE, None),
    "unlink_same": (DESK, EVERY_STATE, None),
}
RULES = {
    name: (may, starts, end, str(TRANSITIONS[name].refusal))
    for name, (may, starts, end) in EXPECTED.items()
}
DOING = {"submit_review": "review", "sign_update": "sign off an update of"}

STATUS_LABEL = {
    "new": "new",
    "in_review": "in review",
    "awaiting_sign_off": "awaiting sign-off",
    "published": "published",
    "reopened": "reopened",
    "reopened_after_publication": "reopened",
    "retracted": "retracted",
}


def test_every_transition_of_the_table_is_expected_here():
    assert set(EXPECTED) == set(TRANSITIONS)


@pytest.mark.django_db
def test_the_roles_give_each_transition_to_the_roles_expected():
    # given: one person in each role
    people = {role: UserFactory(role=role) for role in roles.ROLE_PERMISSIONS}
    for name, row in TRANSITIONS.items():
        # then: the table's "who" lets exactly the roles expected here
        may = {role for role, person in people.items() if row.may(person)}
        assert may == EXPECTED[name][0], name


def _do(transition, claim, actor, other_reviewer):
    if transition == "take":
        return workflow.claim_take(claim=claim, actor=actor)
    if transition == "assign":
        return workflow.claim_assign(claim=claim, actor=actor, assignee=other_reviewer)
    if transition == "release":
        return workflow.claim_release(claim=claim, actor=actor)
    if transition == "submit_review":
        return workflow.review_submit(
            claim=claim,
            actor=actor,
            credibility="2",
            likelihood="likely",
            confidence="moderate",
            rationale="Two independent origins.",
        )
    if transition == "publish":
        return workflow.claim_publish(claim=claim, actor=actor)
    if transition == "sign_update":
        return workflow.claim_sign_update(claim=claim, actor=actor)
    if transition == "reopen":
        return workflow.claim_reopen(claim=claim, actor=actor, reason="New evidence.")
    if transition == "mark_duplicate":
        return workflow.claim_mark_duplicate(claim=claim, actor=actor, duplicate_of=ClaimFactory())
    if transition == "link_same":
        return workflow.claim_link_same(claim=claim, actor=actor, same_as=ClaimFactory())
    if transition == "unlink_same":
        return workflow.claim_unlink_same(claim=claim, actor=actor)
    return workflow.claim_retract(claim=claim, actor=actor, reason="Misdated footage.")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("transition", list(RULES))
def test_transition(transition, state, role):
    # given: a claim in `state`; in review it is held by the actor where the
    # actor can hold claims, so "the holder" is the one acting; later states
    # rest on another reviewer's review
    allowed_roles, from_states, to_status, refusal = RULES[transition]
    actor = UserFactory(role=role, is_staff=role != roles.API_CLIENT)
    desk_reviewer = UserFactory(role=roles.REVIEWER)
    desk_editor = UserFactory(role=roles.EDITOR)
    can_hold = role in {roles.REVIEWER, roles.EDITOR}
    claim = claim_in_state(
        state,
        reviewer=desk_reviewer,
        editor=desk_editor,
        holder=actor if can_hold and state == "in_review" else None,
    )
    if transition == "unlink_same":  # in a cluster with another claim
        type(claim).objects.filter(pk=claim.pk).update(same_as=ClaimFactory())
        claim.refresh_from_db()
    if transition == "sign_update" and claim.published_at:  # a change waits for sign-off
        AttributionFactory(claim=claim)  # as a factory row: recorded below as a change
        claims_mark_changed(claim_ids=[claim.pk], actor=desk_reviewer, reason="A new source.")
        claim.refresh_from_db()
    events_before = ClaimEvent.objects.filter(claim=claim).count()
    claim_status_before = claim.status

    # when / then
    if role not in allowed_roles:
        with pytest.raises(NotAllowed) as caught:
            _do(transition, claim, actor, desk_reviewer)
        assert caught.value.message == refusal
    elif state not in from_states:
        with pytest.raises(Conflict) as caught:
            _do(transition, claim, actor, desk_reviewer)
        if transition == "mark_duplicate" and state in PUBLIC_STATES:
            assert caught.value.message == (
                "A claim that has been published is not merged; retract it, naming the other."
            )
        elif transition == "take" and state == "in_review":
            assert caught.value.message == "This claim is already held by you."
        elif transition == "retract" and state in NEVER_PUBLISHED:
            assert caught.value.message == "Only a claim that has been published can be retracted."
        else:
            doing = DOING.get(transition, transition)
            assert caught.value.message == f"Cannot {doing} a claim that is {STATUS_LABEL[state]}."
            assert caught.value.code == "invalid_transition"
    else:
        _do(transition, claim, actor, desk_reviewer)
        claim.refresh_from_db()
        expected = to_status or claim_status_before
        if transition == "release" and claim.review_round > 1:
            expected = "reopened"
        assert claim.status == expected
        event = ClaimEvent.objects.filter(claim=claim).latest("id")
        assert (event.action, event.actor, event.to_status) == (transition, actor, expected)
        assert event.from_status == ("reopened" if "reopened" in state else state)
        assert ClaimEvent.objects.filter(claim=claim).count() == events_before + 1
        return

    # a refused transition changes nothing and records nothing
    claim_after = type(claim).objects.get(pk=claim.pk)
    assert (claim_after.status, claim_after.version) == (claim.status, claim.version)
    assert ClaimEvent.objects.filter(claim=claim).count() == events_before
