"""Two people acting on one claim at the same moment, on real PostgreSQL:
the row lock lets exactly one win; the other gets a clear conflict."""

import threading

import pytest
from django.db import connection

from config.exceptions import ApplicationError
from tests.factories import ClaimFactory, claim_in_state
from verify import services as workflow
from verify.models import ClaimEvent

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
        lambda: workflow.claim_take(claim=claim, reviewer=reviewer),
        lambda: workflow.claim_take(claim=claim, reviewer=reviewer2),
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
        lambda: workflow.claim_publish(claim=claim, editor=editor),
        lambda: workflow.claim_publish(claim=claim, editor=editor2),
    )
    errors = [o for o in outcomes if isinstance(o, ApplicationError)]
    assert [e.message for e in errors] == ["Cannot publish a claim that is published."]
    assert ClaimEvent.objects.filter(claim=claim, action="publish").count() == 1
    claim.refresh_from_db()
    assert (claim.status, claim.version) == ("published", 4)
