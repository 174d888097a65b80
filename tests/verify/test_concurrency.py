"""Two people acting on one claim at the same moment, on real PostgreSQL:
the row lock lets exactly one win; the other gets a clear conflict."""

import threading

import pytest
from django.db import connection

from config.exceptions import ApplicationError
from tests.factories import ClaimFactory, claim_in_state
from verify.models import ClaimEvent
from verify.workflow import services as workflow

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls):
    """Run the calls at once in threads; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except ApplicationError as exc:
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_reviewers_take_the_same_claim(reviewer, reviewer2):
    claim = ClaimFactory()
    outcomes = race(
        lambda: workflow.claim_take(claim=claim, actor=reviewer),
        lambda: workflow.claim_take(claim=claim, actor=reviewer2),
    )
    errors = [o for o in outcomes if isinstance(o, ApplicationError)]
    assert len(errors) == 1
    assert errors[0].status_code == 409
    assert errors[0].message.startswith("This claim is already held by")
    claim.refresh_from_db()
    assert claim.assignee in (reviewer, reviewer2)
    assert ClaimEvent.objects.filter(claim=claim).count() == 1


def test_two_editors_publish_the_same_claim(reviewer, editor, editor2):
    claim = claim_in_state("awaiting_sign_off", reviewer=reviewer, editor=editor)
    outcomes = race(
        lambda: workflow.claim_publish(claim=claim, actor=editor),
        lambda: workflow.claim_publish(claim=claim, actor=editor2),
    )
    errors = [o for o in outcomes if isinstance(o, ApplicationError)]
    assert [e.message for e in errors] == ["Cannot publish a claim that is published."]
    assert ClaimEvent.objects.filter(claim=claim, action="publish").count() == 1
    claim.refresh_from_db()
    assert (claim.status, claim.version) == ("published", 4)


def _one_conflict(outcomes) -> ApplicationError:
    errors = [o for o in outcomes if isinstance(o, ApplicationError)]
    assert len(errors) == 1, outcomes
    assert errors[0].status_code == 409
    return errors[0]


def test_two_reviewers_submit_on_the_same_claim(reviewer, reviewer2, editor):
    """The holder and a colleague who read the same version both press submit:
    one review is recorded, the other gets a conflict, never two."""
    claim = claim_in_state("in_review", reviewer=reviewer, editor=editor)
    version = claim.version

    def submit(who):
        return lambda: workflow.review_submit(
            claim=claim,
            actor=who,
            credibility="3",
            confidence="moderate",
            rationale=f"By {who}.",
            expected_version=version,
        )

    error = _one_conflict(race(submit(reviewer), submit(reviewer2)))
    assert error.code in ("stale_version", "not_holder")
    claim.refresh_from_db()
    assert claim.reviews.filter(submitted_at__isnull=False).count() == 1
    assert claim.events.filter(action="submit_review").count() == 1
    assert claim.version == version + 1


def test_the_holder_submits_twice_at_once(reviewer, editor):
    """A double click from two tabs: one submission, one conflict."""
    claim = claim_in_state("in_review", reviewer=reviewer, editor=editor)
    version = claim.version
    submit = lambda: workflow.review_submit(  # noqa: E731
        claim=claim,
        actor=reviewer,
        credibility="2",
        confidence="high",
        rationale="Confirmed twice.",
        expected_version=version,
    )
    assert _one_conflict(race(submit, submit)).code == "stale_version"
    assert claim.reviews.filter(submitted_at__isnull=False).count() == 1


def test_a_reviewer_grades_while_an_editor_retracts(reviewer, editor):
    """Re-review of a published claim: the reviewer's grade and the editor's
    retraction race on the same version; exactly one lands, and the event
    log shows that one only."""
    claim = claim_in_state("reopened_after_publication", reviewer=reviewer, editor=editor)
    workflow.claim_take(claim=claim, actor=reviewer)
    claim.refresh_from_db()
    version, events_before = claim.version, claim.events.count()

    outcomes = race(
        lambda: workflow.review_submit(
            claim=claim,
            actor=reviewer,
            credibility="5",
            confidence="moderate",
            rationale="The video is older.",
            expected_version=version,
        ),
        lambda: workflow.claim_retract(
            claim=claim, actor=editor, reason="Old footage.", expected_version=version
        ),
    )
    _one_conflict(outcomes)
    claim.refresh_from_db()
    new_events = list(claim.events.order_by("id").values_list("action", flat=True))[events_before:]
    assert new_events in (["submit_review"], ["retract"])
    assert claim.version == version + 1
    # one review is all the desk requires by default: it then waits for sign-off
    assert claim.status == ("retracted" if new_events == ["retract"] else "awaiting_sign_off")


def test_two_edits_of_the_same_version_lose_nothing_silently(reviewer, editor):
    from claims.services.claims import claim_update

    claim = ClaimFactory(text="Rebels near Hama.")
    outcomes = race(
        lambda: claim_update(
            claim=claim, actor=reviewer, expected_version=1, text="Rebels in Hama."
        ),
        lambda: claim_update(
            claim=claim, actor=editor, expected_version=1, text="Rebels took Hama."
        ),
    )
    error = _one_conflict(outcomes)
    assert error.field == "version"
    claim.refresh_from_db()
    winner = next(o for o in outcomes if not isinstance(o, ApplicationError))
    assert (claim.text, claim.version) == (winner.text, 2)
