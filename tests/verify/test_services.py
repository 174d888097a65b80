import pytest
from django.contrib.auth.models import AnonymousUser

from claims.selectors import claim_visible_to
from config.exceptions import ApplicationError, Conflict, NotAllowed
from tests.factories import ClaimFactory, EvidenceFactory, UserFactory, claim_in_state
from verify import roles
from verify.models import ClaimEvent, Review
from verify.services.roles import roles_sync
from verify.workflow.services import (
    claim_assign,
    claim_mark_duplicate,
    claim_publish,
    claim_release,
    claim_reopen,
    claim_retract,
    claim_take,
    review_save_draft,
    review_submit,
)

pytestmark = pytest.mark.django_db

VERDICT = {
    "credibility": "2",
    "likelihood": "likely",
    "confidence": "moderate",
    "source_reliability": "B",
    "rationale": "Two independent origins and geolocated video.",
}


def test_a_claim_goes_from_new_to_published_with_one_event_per_step(reviewer, editor):
    claim = ClaimFactory()
    evidence = EvidenceFactory(claim=claim)

    claim_take(claim=claim, actor=reviewer)
    review = review_submit(claim=claim, actor=reviewer, evidence=[evidence], **VERDICT)
    claim_publish(claim=claim, actor=editor, reason="Checked the geolocation.")

    claim.refresh_from_db()
    assert claim.status == "published"
    assert claim.published_at is not None
    assert claim.assignee is None
    assert claim.version == 4
    assert review.submitted_at is not None
    assert review.grade == "B2"
    assert list(review.evidence.all()) == [evidence]
    events = list(claim.events.values_list("action", "from_status", "to_status", "actor", "reason"))
    assert events == [
        ("take", "new", "in_review", reviewer.pk, ""),
        ("submit_review", "in_review", "awaiting_sign_off", reviewer.pk, ""),
        ("publish", "awaiting_sign_off", "published", editor.pk, "Checked the geolocation."),
    ]
    assert claim.events.get(action="publish").review == review


def test_an_editor_cannot_sign_off_their_own_review(editor, editor2):
    claim = ClaimFactory()
    claim_take(claim=claim, actor=editor)
    review_submit(claim=claim, actor=editor, **VERDICT)

    with pytest.raises(NotAllowed) as caught:
        claim_publish(claim=claim, actor=editor)
    assert caught.value.code == "own_review"
    assert "two pairs of eyes" in caught.value.message

    claim_publish(claim=claim, actor=editor2)
    claim.refresh_from_db()
    assert claim.status == "published"


def test_a_superuser_is_held_to_two_pairs_of_eyes_too():
    boss = UserFactory(is_superuser=True)
    claim = ClaimFactory()
    claim_take(claim=claim, actor=boss)
    review_submit(claim=claim, actor=boss, **VERDICT)
    with pytest.raises(NotAllowed):
        claim_publish(claim=claim, actor=boss)


def test_the_number_of_independent_reviews_is_a_setting(settings, reviewer, reviewer2, editor):
    settings.CLAIMTRACE_REQUIRED_REVIEWS = 2
    claim = ClaimFactory()
    claim_take(claim=claim, actor=reviewer)
    review_submit(claim=claim, actor=reviewer, **VERDICT)
    claim.refresh_from_db()
    assert (claim.status, claim.assignee) == ("in_review", None)  # free for a second reviewer

    # the same reviewer again does not make two independent reviews
    claim_take(claim=claim, actor=reviewer)
    review_submit(claim=claim, actor=reviewer, **VERDICT)
    claim.refresh_from_db()
    assert claim.status == "in_review"

    claim_take(claim=claim, actor=reviewer2)
    review_submit(claim=claim, actor=reviewer2, **VERDICT)
    claim.refresh_from_db()
    assert claim.status == "awaiting_sign_off"

    settings.CLAIMTRACE_REQUIRED_REVIEWS = 3  # raised while the claim waited
    with pytest.raises(Conflict) as caught:
        claim_publish(claim=claim, actor=editor)
    assert caught.value.message == (
        "This claim needs 3 submitted review(s) by different reviewers; it has 2."
    )


def test_only_the_holder_reviews(reviewer, reviewer2):
    claim = ClaimFactory()
    claim_take(claim=claim, actor=reviewer)
    with pytest.raises(Conflict) as caught:
        review_submit(claim=claim, actor=reviewer2, **VERDICT)
    assert caught.value.code == "not_holder"
    with pytest.raises(Conflict) as caught:
        claim_take(claim=claim, actor=reviewer2)
    assert caught.value.message == f"This claim is already held by {reviewer}."


def test_a_draft_is_kept_then_submitted_once(reviewer):
    claim = ClaimFactory()
    claim_take(claim=claim, actor=reviewer)
    draft = review_save_draft(
        claim=claim, actor=reviewer, credibility="4", confidence="low", rationale="So far..."
    )
    again = review_save_draft(
        claim=claim, actor=reviewer, credibility="3", confidence="low", rationale="Better."
    )
    assert draft.pk == again.pk
    assert Review.objects.get(pk=draft.pk).credibility == "3"
    claim.refresh_from_db()
    assert claim.status == "in_review"

    submitted = review_submit(claim=claim, actor=reviewer, **VERDICT)
    assert submitted.pk == draft.pk
    assert Review.objects.filter(claim=claim).count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"credibility": "9"}, "credibility"),
        ({"likelihood": "probably"}, "likelihood"),
        ({"confidence": ""}, "confidence"),
        ({"rationale": "   "}, "rationale"),
    ],
)
def test_a_bad_review_names_the_field_and_leaves_the_claim_in_review(reviewer, change, field):
    from django.core.exceptions import ValidationError

    claim = ClaimFactory()
    claim_take(claim=claim, actor=reviewer)
    with pytest.raises(ValidationError) as caught:
        review_submit(claim=claim, actor=reviewer, **{**VERDICT, **change})
    assert field in caught.value.message_dict
    claim.refresh_from_db()
    assert claim.status == "in_review"
    assert not Review.objects.filter(claim=claim).exists()


def test_evidence_of_another_claim_is_refused(reviewer):
    claim = ClaimFactory()
    claim_take(claim=claim, actor=reviewer)
    with pytest.raises(ApplicationError) as caught:
        review_submit(claim=claim, actor=reviewer, evidence=[EvidenceFactory()], **VERDICT)
    assert caught.value.field == "evidence"
    assert not Review.objects.exists()


@pytest.mark.parametrize("transition", ["reopen", "retract"])
def test_reopen_and_retract_need_a_reason(reviewer, editor, transition):
    claim = claim_in_state("published", reviewer=reviewer, editor=editor)
    service = claim_reopen if transition == "reopen" else claim_retract
    with pytest.raises(ApplicationError) as caught:
        service(claim=claim, actor=editor, reason="  ")
    assert caught.value.field == "reason"
    claim.refresh_from_db()
    assert claim.status == "published"


def test_reopening_starts_a_new_round_and_keeps_the_claim_public(reviewer, reviewer2, editor):
    claim = claim_in_state("published", reviewer=reviewer, editor=editor)
    claim_reopen(claim=claim, actor=editor, reason="New footage contradicts it.")
    claim.refresh_from_db()
    assert (claim.status, claim.review_round) == ("reopened", 2)
    assert claim in claim_visible_to(AnonymousUser())

    # the first round's review does not count for the second sign-off
    claim_take(claim=claim, actor=reviewer2)
    review = review_submit(claim=claim, actor=reviewer2, **VERDICT)
    assert review.round == 2
    claim_publish(claim=claim, actor=editor)
    assert claim.events.filter(action="publish").latest("id").review == review


def test_a_claim_under_re_review_can_be_retracted(reviewer, editor):
    claim = claim_in_state("reopened_after_publication", reviewer=reviewer, editor=editor)
    claim_take(claim=claim, actor=reviewer)
    claim_retract(claim=claim, actor=editor, reason="The video is from 2016.")
    claim.refresh_from_db()
    assert claim.status == "retracted"
    assert claim.retraction_reason == "The video is from 2016."
    assert claim.retracted_at is not None
    assert claim.assignee is None


def test_a_stale_version_is_refused(reviewer, editor):
    claim = claim_in_state("awaiting_sign_off", reviewer=reviewer, editor=editor)
    seen = claim.version
    claim_reopen(claim=claim, actor=editor, reason="Needs a source.", expected_version=seen)
    with pytest.raises(Conflict) as caught:
        claim_reopen(claim=claim, actor=editor, reason="Again", expected_version=seen)
    assert caught.value.code == "stale_version"
    assert ClaimEvent.objects.filter(claim=claim, action="reopen").count() == 1


def test_release_returns_the_claim_to_the_queue(reviewer, editor):
    claim = ClaimFactory()
    claim_take(claim=claim, actor=reviewer)
    claim_release(claim=claim, actor=reviewer, reason="Out of my depth.")
    claim.refresh_from_db()
    assert (claim.status, claim.assignee) == ("new", None)
    event = claim.events.latest("id")
    assert (event.action, event.reason) == ("release", "Out of my depth.")


def test_a_reviewer_cannot_release_someone_elses_claim_but_an_editor_can(
    reviewer, reviewer2, editor
):
    claim = ClaimFactory()
    claim_take(claim=claim, actor=reviewer)
    with pytest.raises(NotAllowed):
        claim_release(claim=claim, actor=reviewer2)
    claim_release(claim=claim, actor=editor)
    claim.refresh_from_db()
    assert claim.assignee is None


def test_assign_needs_a_reviewer_as_assignee(editor, source_desk):
    claim = ClaimFactory()
    with pytest.raises(ApplicationError) as caught:
        claim_assign(claim=claim, actor=editor, assignee=source_desk)
    assert caught.value.field == "assignee"


def test_assignment_is_recorded(editor, reviewer):
    claim = ClaimFactory()
    claim_assign(claim=claim, actor=editor, assignee=reviewer)
    claim.refresh_from_db()
    assert claim.assignee == reviewer
    event = claim.events.get()
    assert (event.action, event.actor, event.assignee) == ("assign", editor, reviewer)


def test_roles_sync_is_idempotent_and_exact():
    from django.contrib.auth.models import Group

    roles_sync()
    group = Group.objects.get(name=roles.REVIEWER)
    group.permissions.clear()
    roles_sync()
    roles_sync()
    perms = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert perms == set(roles.ROLE_PERMISSIONS[roles.REVIEWER])
    assert Group.objects.filter(name__in=roles.ROLE_PERMISSIONS).count() == 4


def test_a_duplicate_points_at_the_original_and_leaves_the_queue(reviewer):
    from verify.workflow.queue import claim_queue

    original, repeat, again = ClaimFactory(), ClaimFactory(), ClaimFactory()
    claim_mark_duplicate(claim=repeat, actor=reviewer, duplicate_of=original, reason="Same event.")
    claim_mark_duplicate(claim=again, actor=reviewer, duplicate_of=repeat)  # points past it

    repeat.refresh_from_db()
    again.refresh_from_db()
    assert (repeat.duplicate_of, again.duplicate_of) == (original, original)
    event = repeat.events.get()
    assert (event.action, event.duplicate_of, event.reason) == (
        "mark_duplicate",
        original,
        "Same event.",
    )
    queue = claim_queue(user=reviewer)
    assert queue.get(pk=original.pk).queue_rank == 1
    assert queue.get(pk=repeat.pk).queue_rank == 3


def test_a_claim_is_never_its_own_duplicate_nor_merged_twice(reviewer):
    first, second = ClaimFactory(), ClaimFactory()
    claim_mark_duplicate(claim=second, actor=reviewer, duplicate_of=first)
    with pytest.raises(ApplicationError) as caught:
        claim_mark_duplicate(claim=first, actor=reviewer, duplicate_of=second)
    assert caught.value.message == "A claim cannot be a duplicate of itself."
    with pytest.raises(Conflict):
        claim_mark_duplicate(claim=second, actor=reviewer, duplicate_of=ClaimFactory())


def test_a_claim_another_reviewer_holds_is_not_merged_under_them(reviewer, reviewer2):
    claim = ClaimFactory()
    claim_take(claim=claim, actor=reviewer)
    with pytest.raises(Conflict) as caught:
        claim_mark_duplicate(claim=claim, actor=reviewer2, duplicate_of=ClaimFactory())
    assert caught.value.field == "assignee"


def test_a_claim_citing_a_proposed_source_waits_for_the_source_desk(reviewer, editor, source_desk):
    """Ingestion proposed the source; nothing public names it before the
    source desk accepts it into the register."""
    from sources.services import sources_accept
    from tests.factories import AttributionFactory, SourceFactory

    proposed = SourceFactory(name="Valley Voice", pending=True)
    claim = claim_in_state("awaiting_sign_off", reviewer=reviewer, editor=editor)
    AttributionFactory(claim=claim, source=proposed)
    with pytest.raises(Conflict) as refused:
        claim_publish(claim=claim, actor=editor)
    assert refused.value.field == "attributions"
    assert "Valley Voice" in refused.value.message
    claim.refresh_from_db()
    assert claim.published_at is None
    sources_accept(sources=[proposed], actor=source_desk)
    claim_publish(claim=claim, actor=editor)
    claim.refresh_from_db()
    assert claim.published_at is not None
