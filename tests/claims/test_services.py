import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from claims.models import Attribution, Claim
from claims.selectors.origins import attribution_chains, attribution_origin
from claims.services.claims import (
    attribution_add,
    attribution_set_via,
    claim_create,
    claim_update,
    evidence_add,
    tag_get_or_create,
)
from config.exceptions import ApplicationError, Conflict, NotAllowed
from tests.factories import AttributionFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_claim_create_files_a_new_claim(reviewer):
    story = tag_get_or_create(name="Fall of the Assad regime, Dec 2024", kind="story")
    claim = claim_create(
        text="  Бунтовниците овладяха Алепо.  ",
        language="BG",
        text_en="Rebels control Aleppo.",
        tags=[story],
        actor=reviewer,
    )
    assert claim.status == Claim.Status.NEW
    assert claim.text == "Бунтовниците овладяха Алепо."
    assert claim.language == "bg"
    assert list(claim.tags.all()) == [story]
    assert story.slug == "fall-of-the-assad-regime-dec-2024"


@pytest.mark.parametrize(("field", "value"), [("text", "   "), ("language", "")])
def test_claim_create_names_the_missing_field(reviewer, field, value):
    data = {"text": "Karnaz captured.", "language": "en", field: value}
    with pytest.raises(ValidationError) as caught:
        claim_create(actor=reviewer, **data)
    assert field in caught.value.message_dict
    assert not Claim.objects.exists()


def test_claim_create_needs_a_role_that_files_claims(source_desk):
    with pytest.raises(NotAllowed):
        claim_create(text="x", language="en", actor=source_desk)


def test_claim_update_refuses_a_stale_version(reviewer):
    claim = claim_create(text="Karnaz captured.", language="en", actor=reviewer)
    claim_update(claim=claim, actor=reviewer, expected_version=1, text_en="Karnaz taken.")
    with pytest.raises(Conflict) as caught:
        claim_update(claim=claim, actor=reviewer, expected_version=1, text_en="Overwrite!")
    assert caught.value.code == "stale_version"
    claim.refresh_from_db()
    assert (claim.text_en, claim.version) == ("Karnaz taken.", 2)


def test_a_claim_that_has_been_public_keeps_its_text(reviewer):
    claim = ClaimFactory(status="published", published_at=timezone.now())
    with pytest.raises(Conflict) as caught:
        claim_update(claim=claim, actor=reviewer, text="Something else.")
    assert caught.value.field == "text"


def test_claim_update_refuses_workflow_fields(reviewer):
    claim = ClaimFactory()
    with pytest.raises(ApplicationError) as caught:
        claim_update(claim=claim, actor=reviewer, status="published")
    assert caught.value.field == "status"


def test_chains_of_any_depth_end_at_their_origin(reviewer):
    claim = ClaimFactory()
    origin = attribution_add(claim=claim, source=SourceFactory(), actor=reviewer)
    link = origin
    for _ in range(9):
        link = attribution_add(claim=claim, source=SourceFactory(), via=link, actor=reviewer)
    second_origin = attribution_add(
        claim=claim, source=SourceFactory(), stance="denies", actor=reviewer
    )

    chains = attribution_chains(claim=claim)
    assert len(chains[link.pk]) == 10
    assert chains[link.pk][-1] == origin
    assert chains[second_origin.pk] == [second_origin]
    assert attribution_origin(link) == origin


def test_chains_cost_one_query_whatever_their_depth(reviewer, django_assert_num_queries):
    claim = ClaimFactory()
    link = AttributionFactory(claim=claim)
    for _ in range(20):
        link = AttributionFactory(claim=claim, via=link)
    with django_assert_num_queries(1):
        chains = attribution_chains(claim=claim)
        assert [a.source.name for a in chains[link.pk]]  # sources come with the query


def test_a_relay_must_cite_an_attribution_of_the_same_claim(reviewer):
    elsewhere = AttributionFactory()
    claim = ClaimFactory()
    with pytest.raises(ApplicationError) as caught:
        attribution_add(claim=claim, source=SourceFactory(), via=elsewhere, actor=reviewer)
    assert caught.value.field == "via"
    assert not claim.attributions.exists()


def test_tracing_a_relay_back_later_may_not_make_a_loop(reviewer):
    # The desk finds the news site first, then the Telegram post it used.
    claim = ClaimFactory()
    site = attribution_add(claim=claim, source=SourceFactory(), actor=reviewer)
    telegram = attribution_add(claim=claim, source=SourceFactory(), actor=reviewer)
    attribution_set_via(attribution=site, via=telegram, actor=reviewer)
    assert attribution_origin(Attribution.objects.get(pk=site.pk)) == telegram

    with pytest.raises(ApplicationError) as caught:
        attribution_set_via(attribution=telegram, via=site, actor=reviewer)
    assert caught.value.field == "via"
    assert Attribution.objects.get(pk=telegram.pk).via is None


def test_bad_attribution_input_names_the_field(reviewer):
    claim = ClaimFactory()
    with pytest.raises(ValidationError) as caught:
        attribution_add(
            claim=claim, source=SourceFactory(), stance="likes", url="nope", actor=reviewer
        )
    assert {"stance", "url"} <= set(caught.value.message_dict)


def test_retracted_claims_take_no_new_attributions(reviewer):
    claim = ClaimFactory(
        status="retracted", published_at=timezone.now(), retracted_at=timezone.now()
    )
    with pytest.raises(Conflict):
        attribution_add(claim=claim, source=SourceFactory(), actor=reviewer)


def test_evidence_needs_a_url_or_a_description(reviewer):
    claim = ClaimFactory()
    with pytest.raises(ApplicationError) as caught:
        evidence_add(claim=claim, kind="photo", relation="supports", actor=reviewer)
    assert (caught.value.field, caught.value.message) == (
        "url",
        "Evidence needs a URL or a description.",
    )
    geolocated = evidence_add(
        claim=claim,
        kind="geolocation",
        relation="supports",
        description="Citadel gate, matched to satellite imagery.",
        latitude="36.199",
        longitude="37.162",
        actor=reviewer,
    )
    assert geolocated.claim == claim


def test_an_attribution_others_relay_cannot_be_removed(reviewer):
    from claims.services.claims import attribution_remove

    origin = AttributionFactory()
    AttributionFactory(claim=origin.claim, via=origin, source=SourceFactory(name="News site"))
    with pytest.raises(ApplicationError) as caught:
        attribution_remove(attribution=origin, actor=reviewer)
    assert (
        caught.value.message
        == f"{origin.source} is relayed by News site; change their relay first."
    )
    assert Attribution.objects.filter(pk=origin.pk).exists()


def test_attribution_update_corrects_fields_and_refuses_others(reviewer):
    from claims.services.claims import attribution_update

    attribution = AttributionFactory(stance="asserts")
    updated = attribution_update(
        attribution=attribution, actor=reviewer, stance="denies", quote=" Не е вярно. "
    )
    assert (updated.stance, updated.quote) == ("denies", "Не е вярно.")
    with pytest.raises(ApplicationError) as caught:
        attribution_update(attribution=attribution, actor=reviewer, claim=ClaimFactory())
    assert caught.value.field == "claim"


def test_evidence_a_submitted_review_rests_on_is_kept(reviewer, editor):
    from claims.services.claims import evidence_remove, evidence_update
    from tests.factories import EvidenceFactory
    from verify.workflow import services as workflow

    claim = ClaimFactory()
    cited, spare = EvidenceFactory(claim=claim), EvidenceFactory(claim=claim)
    workflow.claim_take(claim=claim, actor=reviewer)
    workflow.review_submit(
        claim=claim,
        actor=reviewer,
        credibility="2",
        confidence="moderate",
        rationale="Video geolocated.",
        evidence=[cited],
    )
    for attempt in (
        lambda: evidence_update(evidence=cited, actor=reviewer, url="https://example.org/x"),
        lambda: evidence_remove(evidence=cited, actor=reviewer),
    ):
        with pytest.raises(Conflict) as caught:
            attempt()
        assert caught.value.code == "evidence_in_use"
    evidence_remove(evidence=spare, actor=reviewer)
    assert list(claim.evidence.all()) == [cited]


def test_a_refused_claim_leaves_no_new_tags_behind(reviewer):
    """Tags named on a new claim are made in the claim's own transaction."""
    from claims.models import Tag

    with pytest.raises(ValidationError):
        claim_create(text="   ", language="bg", actor=reviewer, tags=["Freshly named tag"])
    assert not Tag.objects.filter(name="Freshly named tag").exists()

    claim = claim_create(text="Кораб", language="bg", actor=reviewer, tags=["Freshly named tag"])
    assert list(claim.tags.values_list("name", flat=True)) == ["Freshly named tag"]
