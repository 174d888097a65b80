"""Nothing unpublished reaches the public, by construction: random sequences
of filing, attribution edits, links, unlinks, regrades, reviews, sign-offs,
updates and retractions; after every step every public surface equals the
claim's last signed record, and no text, quote or source that only an
unpublished claim carries appears on any of them."""

import contextlib
import itertools

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from rest_framework.test import APIClient

from claims.models import Claim
from claims.services.claims import attribution_add, attribution_update, claim_create
from config.exceptions import ApplicationError
from sources.services import source_create, source_grade
from tests.conftest import examples
from tests.factories import claim_in_state
from verify.workflow.services import (
    claim_link_same,
    claim_retract,
    claim_sign_update,
    claim_unlink_same,
)

# Runs as part of the suite: EXAMPLES sequences of up to STEPS steps each,
# each starting from one published and one unpublished claim. Building the
# record from every member of a cluster (published or not) fails it at once.
EXAMPLES, STEPS = examples(20), 15
LIVE = {"public_status", "retracted_at", "retraction_reason", "links", "origins", "public_record"}
_serial = itertools.count()


def _secret() -> str:
    return f"SECRET{next(_serial):05d}"


def _signed_view(detail: dict) -> dict:
    """A detail item without what is live by design (status, retraction,
    links, grades now, the versions list)."""
    view = {k: v for k, v in detail.items() if k not in LIVE}
    view["origins"] = [
        {k: v for k, v in o.items() if k != "reliability_now"} for o in detail["origins"]
    ]
    return view


@pytest.mark.django_db
def test_nothing_unpublished_reaches_the_public(reviewer, reviewer2, editor, editor2, source_desk):
    api = APIClient()

    class PublicRecordMachine(RuleBasedStateMachine):
        claims = Bundle("claims")
        sources = Bundle("sources")

        def __init__(self):
            super().__init__()
            self.signed: dict[int, dict] = {}  # claim -> its detail when last signed
            self.secrets: dict[int, set[str]] = {}  # claim -> words only it carries

        # --- the desk's steps ---------------------------------------------------

        @rule(target=sources)
        def register_source(self):
            return source_create(name=f"Source {_secret()}", kind="channel")

        @initialize(target=claims)
        def a_published_claim(self):
            claim = self.file_claim()
            self.review_and_publish(claim)
            return claim

        @initialize(target=claims)
        def an_unpublished_claim(self):
            return self.file_claim()

        @rule(target=claims)
        def file_claim(self):
            # filed as the desk does: with who said it, in their words
            secret, quote = _secret(), f"Quote {_secret()}"
            claim = claim_create(text=f"Claim {secret} happened.", language="en", actor=reviewer)
            source = source_create(name=f"Source {_secret()}", kind="channel")
            attribution_add(claim=claim, source=source, actor=reviewer, quote=quote)
            self.secrets[claim.pk] = {secret, quote, source.name}
            return claim

        @rule(claim=claims, source=sources, stance=st.sampled_from(["asserts", "denies"]))
        def add_attribution(self, claim, source, stance):
            quote = f"Quote {_secret()}"
            try:
                attribution_add(claim=claim, source=source, actor=reviewer, stance=stance,
                                quote=quote)  # fmt: skip
            except ApplicationError:
                return  # a retracted claim takes none
            self.secrets[claim.pk].add(quote)
            self.secrets[claim.pk].add(source.name)

        @rule(claim=claims)
        def edit_an_attribution(self, claim):
            attribution = claim.attributions.first()
            if attribution is None:
                return
            quote = f"Edited {_secret()}"
            try:
                attribution_update(attribution=attribution, actor=reviewer, quote=quote)
            except ApplicationError:
                return
            self.secrets[claim.pk].add(quote)

        @rule(claim=claims, other=claims)
        def link(self, claim, other):
            with contextlib.suppress(ApplicationError):
                claim_link_same(claim=claim, actor=reviewer, same_as=other)

        @rule(claim=claims)
        def unlink(self, claim):
            with contextlib.suppress(ApplicationError):
                claim_unlink_same(claim=claim, actor=reviewer)

        @rule(source=sources, grade=st.sampled_from("ABCDEF"))
        def regrade(self, source, grade):
            source_grade(source=source, grade=grade, rationale="Track record.", actor=source_desk)

        @rule(claim=claims)
        def review_and_publish(self, claim):
            claim.refresh_from_db()
            if claim.status != Claim.Status.NEW:
                return
            claim_in_state("published", reviewer=reviewer2, editor=editor2, claim=claim)
            self._signed_now(claim)

        @rule(claim=claims)
        def sign_update(self, claim):
            claim.refresh_from_db()
            try:
                claim_sign_update(claim=claim, actor=editor)
            except ApplicationError:
                return
            self._signed_now(claim)

        @rule(claim=consumes(claims))
        def retract(self, claim):
            claim.refresh_from_db()
            if claim.published_at is not None and claim.status != Claim.Status.RETRACTED:
                claim_retract(claim=claim, actor=editor, reason="Withdrawn.")

        def _signed_now(self, claim):
            detail = api.get(f"/api/v1/claims/{claim.pk}/").json()
            self.signed[claim.pk] = _signed_view(detail)

        # --- what must hold after every step ---------------------------------------

        @invariant()
        def public_surfaces_equal_the_signed_records(self):
            for pk, signed in self.signed.items():
                detail = api.get(f"/api/v1/claims/{pk}/").json()
                assert _signed_view(detail) == signed, pk

        @invariant()
        def nothing_only_an_unpublished_claim_carries_is_public(self):
            public = set(
                Claim.objects.filter(published_at__isnull=False).values_list("pk", flat=True)
            )
            hidden = set().union(*(s for pk, s in self.secrets.items() if pk not in public))
            hidden -= set().union(*(s for pk, s in self.secrets.items() if pk in public))
            if not hidden:
                return
            texts = [
                api.get("/api/v1/claims/?page_size=200").content.decode(),
                api.get("/api/v1/attributions/?page_size=200").content.decode(),
                api.get("/api/v1/export/stix/").content.decode(),
                api.get("/api/v1/feeds/published.json").content.decode(),
                *(api.get(reverse("claim-page", args=[pk])).content.decode() for pk in public),
                *(api.get(f"/api/v1/claims/{pk}/citation/").content.decode() for pk in public),
            ]
            for text in texts:
                leaked = [secret for secret in hidden if secret in text]
                assert not leaked, leaked

    run_state_machine_as_test(
        PublicRecordMachine,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
