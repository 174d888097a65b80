import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from claims.selectors import claim_visible_to
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims_in_every_state():
    now = timezone.now()
    return {
        "new": ClaimFactory(status="new"),
        "in_review": ClaimFactory(status="in_review"),
        "awaiting_sign_off": ClaimFactory(status="awaiting_sign_off"),
        "reopened_never_published": ClaimFactory(status="reopened"),
        "published": ClaimFactory(status="published", published_at=now),
        "retracted": ClaimFactory(status="retracted", published_at=now, retracted_at=now),
        "reopened_after_publication": ClaimFactory(status="reopened", published_at=now),
    }


def test_the_public_sees_only_what_has_been_published(claims_in_every_state):
    visible = set(claim_visible_to(AnonymousUser()))
    expected = {"published", "retracted", "reopened_after_publication"}
    assert visible == {claims_in_every_state[k] for k in expected}


def test_api_clients_and_non_staff_see_what_the_public_sees(claims_in_every_state):
    client = UserFactory(is_staff=False, role="API client")
    assert set(claim_visible_to(client)) == set(claim_visible_to(AnonymousUser()))


def test_the_desk_sees_everything(claims_in_every_state, reviewer, editor, source_desk):
    for user in (reviewer, editor, source_desk):
        assert set(claim_visible_to(user)) == set(claims_in_every_state.values())


# --- search -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_misspelt_word_is_corrected_to_the_nearest_word_a_claim_contains():
    from claims.selectors.search import search_corrected

    claim = ClaimFactory(text="Rebels entered Saraqib overnight.", language="en")
    assert search_corrected("Sarakib") == "saraqib"
    assert search_corrected("rebels Sarakib") == "rebels saraqib"  # known words stay
    assert search_corrected("qwxzv") is None  # nothing near: nothing can match
    # the vocabulary follows edits (a trigger), so a new word is known at once
    claim.text = "Rebels entered Maarrat al-Numan."
    claim.save()
    assert search_corrected("Maarat") == "maarrat"
