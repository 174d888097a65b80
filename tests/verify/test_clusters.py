"""The same claim in any language: clusters linked and unlinked by a
reviewer, and every figure the desk relies on counted across them."""

import pytest

from claims.models import Attribution, Candidate, Claim
from claims.selectors.origins import claim_cluster, origins_of
from claims.services.claims import attribution_add, claim_create
from claims.services.embeddings import claim_embeddings_refresh
from config.exceptions import ApplicationError, Conflict, NotAllowed
from sources.models import Source
from sources.services import source_create
from tests.conftest import api_client_for
from tests.factories import ClaimFactory, SourceFactory, UserFactory
from tests.factories import published as published_claim
from verify import roles
from verify.confidence.reasons import reasons_text
from verify.models import ClaimEvent
from verify.publishing.citation import citation_for
from verify.services.suggestions import claim_suggestion_recompute
from verify.workflow.services import (
    candidate_accept_as_same,
    claim_link_same,
    claim_mark_duplicate,
    claim_unlink_same,
)

pytestmark = pytest.mark.django_db

ASSERTS, DENIES = Attribution.Stance.ASSERTS, Attribution.Stance.DENIES


def words(suggestion) -> list[str]:
    """The suggestion's reasons in English words."""
    return reasons_text(suggestion.reasons, language="en")


@pytest.fixture(autouse=True)
def own_index(settings, tmp_path):
    settings.CLAIMTRACE_VECTOR_INDEX = str(tmp_path / "claims.usearch")


def _relayed(text, language, origin, relay, actor, *, stance=ASSERTS):
    """A claim as one outlet reported it: `relay` passing on `origin`."""
    claim = claim_create(text=text, language=language, actor=actor)
    said = attribution_add(claim=claim, source=origin, stance=stance, actor=actor)
    attribution_add(claim=claim, source=relay, via=said, actor=actor)
    return claim


@pytest.fixture
def hur(db):
    return SourceFactory(name="HUR", kind=Source.Kind.INTELLIGENCE_SERVICE, reliability="C")


def test_linked_claims_count_one_origin_and_their_relays_by_language(hur, reviewer):
    # given: HUR's statement relayed in Bulgarian and in English, filed apart
    bulgarian = _relayed("Руснаците изоставиха Хама.", "bg", hur, SourceFactory(), reviewer)
    english = _relayed("Russians abandoned Hama.", "en", hur, SourceFactory(), reviewer)
    assert len(origins_of(english)[0].relays) == 1

    # when: a reviewer confirms they are the same claim
    claim_link_same(claim=english, actor=reviewer, same_as=bulgarian, reason="Same report.")

    # then: one cluster (the older claim first), one origin, two relays in two languages
    english.refresh_from_db()
    assert english.same_as == bulgarian
    assert list(claim_cluster(bulgarian)) == [english]
    for claim in (bulgarian, english):
        (origin,) = origins_of(claim)
        assert origin.root == hur
        assert len(origin.relays) == 2
        assert origin.relay_languages == ["bg", "en"]
    suggestion = claim_suggestion_recompute(claim_id=bulgarian.pk)
    assert suggestion.origin_count == 1
    assert "2 relays of HUR in 2 languages add no independence" in words(suggestion)
    event = ClaimEvent.objects.filter(claim=english).latest("id")
    assert (event.action, event.same_as, event.reason) == ("link_same", bulgarian, "Same report.")


def test_a_denial_in_any_language_counts_against_the_cluster(hur, reviewer):
    moscow = SourceFactory(name="Russian MoD", reliability="D")
    claim = _relayed("Руснаците изоставиха Хама.", "bg", hur, SourceFactory(), reviewer)
    denial = claim_create(text="Россияне не покидали Хаму.", language="ru", actor=reviewer)
    attribution_add(claim=denial, source=moscow, stance=DENIES, actor=reviewer)
    before = claim_suggestion_recompute(claim_id=claim.pk)

    claim_link_same(claim=denial, actor=reviewer, same_as=claim)

    after = claim_suggestion_recompute(claim_id=claim.pk)
    assert (before.denying_count, after.denying_count) == (0, 1)
    assert after.confidence < before.confidence
    assert claim_suggestion_recompute(claim_id=denial.pk).confidence == after.confidence


def test_linking_two_clusters_makes_one_whose_first_claim_is_the_oldest(reviewer):
    a, b, c, d = (ClaimFactory() for _ in range(4))
    claim_link_same(claim=b, actor=reviewer, same_as=a)
    claim_link_same(claim=d, actor=reviewer, same_as=c)

    claim_link_same(claim=c, actor=reviewer, same_as=b)

    assert {x.pk: x.same_as_id for x in Claim.objects.filter(pk__in=[a.pk, b.pk, c.pk, d.pk])} == {
        a.pk: None,
        b.pk: a.pk,
        c.pk: a.pk,
        d.pk: a.pk,
    }
    # each link is in the history of every claim of the clusters it joined:
    # b (a), d (c), then c with b, a and d
    events = ClaimEvent.objects.filter(action="link_same")
    assert sorted(events.values_list("claim_id", flat=True)) == sorted(
        [b.pk, a.pk, d.pk, c.pk, c.pk, a.pk, b.pk, d.pk]
    )


def test_unlinking_the_first_claim_hands_the_cluster_to_the_next(reviewer):
    a, b, c = (ClaimFactory() for _ in range(3))
    claim_link_same(claim=b, actor=reviewer, same_as=a)
    claim_link_same(claim=c, actor=reviewer, same_as=a)

    claim_unlink_same(claim=a, actor=reviewer, reason="Different day.")

    assert [
        x.same_as_id for x in Claim.objects.filter(pk__in=[a.pk, b.pk, c.pk]).order_by("pk")
    ] == [
        None,
        None,
        b.pk,
    ]
    assert list(claim_cluster(a)) == []
    event = ClaimEvent.objects.get(claim=a, action="unlink_same")
    assert (event.same_as, event.reason) == (Claim.objects.get(pk=b.pk), "Different day.")

    claim_unlink_same(claim=c, actor=reviewer)
    assert list(claim_cluster(b)) == []


def test_what_cannot_be_linked(reviewer, editor):
    a, b = ClaimFactory(), ClaimFactory()
    with pytest.raises(ApplicationError) as caught:
        claim_link_same(claim=a, actor=reviewer, same_as=None)
    assert caught.value.field == "same_as"
    with pytest.raises(ApplicationError, match="cannot be linked to itself"):
        claim_link_same(claim=a, actor=reviewer, same_as=a)
    claim_link_same(claim=a, actor=reviewer, same_as=b)
    with pytest.raises(Conflict, match="already linked"):
        claim_link_same(claim=b, actor=reviewer, same_as=a)
    with pytest.raises(Conflict, match="not linked to any other"):
        claim_unlink_same(claim=ClaimFactory(), actor=reviewer)
    with pytest.raises(NotAllowed):
        claim_link_same(claim=ClaimFactory(), actor=UserFactory(role=roles.SOURCE_DESK), same_as=a)
    with pytest.raises(Conflict) as stale:
        claim_link_same(claim=ClaimFactory(), actor=reviewer, same_as=a, expected_version=7)
    assert stale.value.code == "stale_version"


def test_a_merged_duplicate_stands_for_its_original(reviewer):
    original, repeat, other = ClaimFactory(), ClaimFactory(), ClaimFactory()
    claim_mark_duplicate(claim=repeat, actor=reviewer, duplicate_of=original)
    claim_link_same(claim=other, actor=reviewer, same_as=repeat)
    other.refresh_from_db()
    assert other.same_as == original
    with pytest.raises(Conflict, match="already a duplicate"):
        claim_link_same(claim=Claim.objects.get(pk=repeat.pk), actor=reviewer, same_as=other)


# --- must show: the demo, an English and a Ukrainian relay of HUR -------------------------


def test_the_demo_with_relays_in_english_and_ukrainian_counts_one_origin(reviewer, demo):
    hur = Source.objects.get(name="Ukrainian military intelligence (HUR)")
    damascus = Claim.objects.get(text__startswith="Руските военни и дипломати")
    hama = Claim.objects.get(text__startswith="Руският контингент е изоставил Хама")
    reuters = SourceFactory(name="Reuters", kind=Source.Kind.NEWS_OUTLET)
    pravda = SourceFactory(name="Українська правда", kind=Source.Kind.NEWS_OUTLET)
    english = _relayed(
        "Russian military personnel and diplomats began leaving Damascus abruptly, Ukraine's "
        "military intelligence said.",
        "en",
        hur,
        reuters,
        reviewer,
    )
    ukrainian = _relayed(
        "Російський контингент залишив Хаму і перебрався на авіабазу Хмеймім, повідомили в ГУР.",
        "uk",
        hur,
        pravda,
        reviewer,
    )
    also_ukrainian = _relayed(
        "Російські військові та дипломати почали різко залишати Дамаск, заявили в ГУР.",
        "uk",
        hur,
        pravda,
        reviewer,
    )
    assert origins_of(english)[0].relay_languages == ["en"]  # before: a claim of its own
    damascus_verdict = citation_for(damascus, lang="en").text.split(" (C3)")[0]

    claim_link_same(claim=english, actor=reviewer, same_as=damascus)
    claim_link_same(claim=ukrainian, actor=reviewer, same_as=hama)
    claim_link_same(claim=also_ukrainian, actor=reviewer, same_as=english)

    (damascus_origin,) = origins_of(damascus)
    (hama_origin,) = origins_of(ukrainian)
    assert damascus_origin.root == hama_origin.root == hur
    assert damascus_origin.relay_languages == ["bg", "en", "uk"]
    assert hama_origin.relay_languages == ["bg", "uk"]
    assert claim_suggestion_recompute(claim_id=damascus.pk).origin_count == 1
    assert claim_suggestion_recompute(claim_id=hama.pk).origin_count == 1
    assert citation_for(damascus, lang="en").text.startswith(
        f"{damascus_verdict} (C3): single origin — Ukrainian military intelligence (HUR), "
        "relayed by 3 outlets in 3 languages; reviewed"
    )
    assert "разпространено от 3 медии на 3 езика" in citation_for(damascus, lang="bg").text


# --- accepting an ingestion candidate as the same claim -------------------------------------


def test_an_ingested_relay_is_accepted_into_the_cluster_of_the_claim_it_repeats(reviewer):
    from claims.services.ingestion import ingestion_job_create, ingestion_run

    hur = source_create(name="Ukrainian military intelligence", kind="intelligence_service")

    bulgarian = _relayed(
        "Руският контингент е изоставил Хама и се е преместил в авиобазата Хмеймим.",
        "bg",
        hur,
        SourceFactory(),
        reviewer,
    )
    claim_embeddings_refresh(claim_ids=[bulgarian.pk])
    job = ingestion_job_create(
        actor=reviewer,
        text="Ukrainian military intelligence said that Russian troops abandoned Hama and "
        "moved to the Khmeimim air base.",
    )
    ingestion_run(job_pk=job.pk)
    candidate = Candidate.objects.get(job=job)
    assert candidate.duplicate_of == bulgarian

    response = api_client_for(reviewer).post(
        f"/api/v1/ingest/candidates/{candidate.pk}/accept-as-same/", {}, format="json"
    )

    assert response.status_code == 201, response.content
    english = Claim.objects.get(pk=response.json()["claim"])
    assert (english.language, english.same_as) == ("en", bulgarian)
    assert [o.root for o in origins_of(bulgarian)] == [hur]
    assert origins_of(bulgarian)[0].relay_languages == ["bg"]  # the English one is HUR's own
    assert len(origins_of(english)[0].attributions) == 2  # HUR in Bulgarian and in English


def test_accepting_as_same_without_a_match_is_a_400_and_files_nothing(reviewer):
    from claims.models import IngestionJob

    job = IngestionJob.objects.create(kind="text", input="x", created_by=reviewer)
    candidate = Candidate.objects.create(
        job=job, position=0, sentence="x", text="Something new.", language="en", attributions=[]
    )
    claims_before = Claim.objects.count()
    response = api_client_for(reviewer).post(
        f"/api/v1/ingest/candidates/{candidate.pk}/accept-as-same/", {}, format="json"
    )
    assert response.status_code == 400
    assert "same_as" in response.json()["error"]["fields"]
    assert Claim.objects.count() == claims_before
    assert Candidate.objects.get(pk=candidate.pk).status == Candidate.Status.PROPOSED
    with pytest.raises(ApplicationError):
        candidate_accept_as_same(candidate=candidate, actor=reviewer)
    response = api_client_for(reviewer).post(
        "/api/v1/ingest/candidates/999999/accept-as-same/", {"same_as": 1}, format="json"
    )
    assert response.status_code in (400, 404)
    assert api_client_for().post(
        f"/api/v1/ingest/candidates/{candidate.pk}/accept-as-same/", {}, format="json"
    ).status_code in (401, 403)


# --- the API -------------------------------------------------------------------------------


def test_the_api_links_and_unlinks_and_the_public_sees_only_published_members(
    hur, reviewer, editor
):
    published = published_claim(ClaimFactory(), reviewer=reviewer, editor=editor)
    private = ClaimFactory()
    client = api_client_for(reviewer)

    response = client.post(
        f"/api/v1/claims/{private.pk}/transitions/link_same/",
        {"version": private.version, "same_as": published.pk},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert [c["id"] for c in response.json()["same_claims"]] == [published.pk]
    public = api_client_for().get(f"/api/v1/claims/{published.pk}/").json()
    assert public["same_claims"] == []  # the unpublished member never shows
    desk = client.get(f"/api/v1/claims/{published.pk}/").json()
    assert [c["id"] for c in desk["same_claims"]] == [private.pk]

    missing = client.post(
        f"/api/v1/claims/{private.pk}/transitions/link_same/",
        {"version": response.json()["version"]},
        format="json",
    )
    assert missing.status_code == 400
    assert "same_as" in missing.json()["error"]["fields"]
    unknown = client.post(
        f"/api/v1/claims/{private.pk}/transitions/link_same/",
        {"version": response.json()["version"], "same_as": 999999},
        format="json",
    )
    assert unknown.status_code == 400
    assert "same_as" in unknown.json()["error"]["fields"]
    outsider = api_client_for(UserFactory(role=roles.API_CLIENT, is_staff=False))
    refused = outsider.post(
        f"/api/v1/claims/{published.pk}/transitions/unlink_same/",
        {"version": 1},
        format="json",
    )
    assert refused.status_code in (403, 404)

    unlinked = client.post(
        f"/api/v1/claims/{private.pk}/transitions/unlink_same/",
        {"version": response.json()["version"]},
        format="json",
    )
    assert unlinked.status_code == 200
    assert unlinked.json()["same_claims"] == []


def test_the_similar_api_marks_claims_already_linked(reviewer):
    a = claim_create(text="Руснаците изоставиха Хама.", language="bg", actor=reviewer)
    b = claim_create(text="Russians abandoned Hama.", language="en", actor=reviewer)
    claim_embeddings_refresh(claim_ids=[a.pk, b.pk])
    claim_link_same(claim=b, actor=reviewer, same_as=a)
    results = api_client_for(reviewer).get(f"/api/v1/claims/{a.pk}/similar/").json()["results"]
    assert {r["id"]: r["linked"] for r in results}[b.pk] is True


# --- the admin -------------------------------------------------------------------------------


def test_the_claim_page_offers_the_similar_claims_and_links_with_one_click(client, reviewer):
    a = claim_create(text="Руснаците изоставиха Хама.", language="bg", actor=reviewer)
    b = claim_create(text="Russians abandoned Hama.", language="en", actor=reviewer)
    claim_embeddings_refresh(claim_ids=[a.pk, b.pk])
    client.force_login(reviewer)

    page = client.get(f"/admin/claims/claim/{a.pk}/change/").content.decode()
    assert 'id="same-claim"' in page
    assert "Not linked to any other claim." in page
    assert f'name="same_as" value="{b.pk}"' in page

    done = client.post(
        f"/admin/claims/claim/{a.pk}/workflow/link_same/",
        {"version": a.version, "same_as": b.pk},
        follow=True,
    )
    page = done.content.decode()
    assert "Linked as the same claim" in page
    assert f"claim {b.pk}</a>\n        [en]" in page
    assert "Unlink this claim" in page
    assert Claim.objects.get(pk=a.pk).same_as_id is None  # a is the older: the first claim
    assert Claim.objects.get(pk=b.pk).same_as_id == a.pk
