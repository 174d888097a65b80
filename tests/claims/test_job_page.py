"""The ingestion job's page: each candidate reviewed where it is shown —
its text edited, its sources picked, Accept, Accept as the same, Drop."""

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.ingestion.frames import cue_in_words
from claims.models import Attribution, Candidate, Claim, IngestionJob
from claims.selectors.origins import claim_cluster
from claims.services.ingestion import ingestion_job_create, ingestion_run
from sources.models import Source
from sources.services import source_create
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

ARTICLE = (
    "She said that the ferries had stopped running at dawn.\n\n"
    "The Valley Guard said that the northern bridge had been destroyed overnight.\n\n"
    "The river port was closed for a week, the harbour office said."
)


@pytest.fixture
def job(reviewer):
    source_create(name="Valley Guard", kind=Source.Kind.MILITARY)
    made = ingestion_job_create(
        actor=reviewer, text=ARTICLE, url="https://news.example/bridge-story"
    )
    return ingestion_run(job_pk=made.pk)


def _page(client, job):
    return client.get(reverse("admin:claims_ingestionjob_change", args=[job.pk]))


def _act(client, job, candidate, action, **fields):
    data = {"action": action, f"c{candidate.pk}-text": candidate.text}
    data.update({f"c{candidate.pk}-{name}": value for name, value in fields.items()})
    url = reverse("admin:claims_ingestionjob_candidate", args=[job.pk, candidate.pk])
    return client.post(url, data)


def _candidate(job, words):
    return next(c for c in job.candidates.all() if words in c.text)


def test_the_page_shows_each_candidate_with_its_form_chain_and_cue_in_words(client, reviewer, job):
    client.force_login(reviewer)
    page = _page(client, job).content.decode()
    for candidate in job.candidates.all():
        assert f'id="candidate-{candidate.pk}"' in page
        assert f'name="c{candidate.pk}-text"' in page  # editable in place
        assert cue_in_words(candidate.cue) in page
    for action in ("accept", "same", "drop"):
        assert f'value="{action}"' in page
    assert "nobody is named: pick the source" in page  # "She"
    assert "3 candidates found" in page
    assert "https://news.example/bridge-story" in page
    assert "admin/js/autocomplete.js" in page  # the source and claim pickers
    assert "{&#x27;candidates" not in page  # the result in words, not raw JSON


def test_the_page_reads_the_same_number_of_queries_for_more_candidates(client, reviewer, job):
    client.force_login(reviewer)
    _page(client, job)
    with CaptureQueriesContext(connection) as three:
        _page(client, job)
    for candidate in list(job.candidates.all()):
        candidate.fingerprint = hashlib.sha256(f"again {candidate.pk}".encode()).hexdigest()
        candidate.pk = None
        candidate.duplicate_of = ClaimFactory()
        candidate.save()
    with CaptureQueriesContext(connection) as six:
        page = _page(client, job).content.decode()
    assert page.count('<li class="candidate') == 6
    assert len(six) == len(three)


def test_accepting_files_the_edited_text_with_the_articles_address(client, reviewer, job):
    client.force_login(reviewer)
    candidate = _candidate(job, "bridge")
    response = _act(
        client, job, candidate, "accept", text="The northern bridge was destroyed overnight."
    )
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.text == "The northern bridge was destroyed overnight."
    attribution = Attribution.objects.get(claim=claim)
    assert attribution.source.name == "Valley Guard"
    assert attribution.url == "https://news.example/bridge-story"
    candidate.refresh_from_db()
    assert (candidate.status, candidate.claim) == ("accepted", claim)
    # back on the page, at the next candidate still waiting
    following = _candidate(job, "river port")
    assert response["Location"].endswith(f"#candidate-{following.pk}")


def test_an_unresolved_source_is_picked_before_accepting(client, reviewer, job):
    client.force_login(reviewer)
    candidate = _candidate(job, "ferries")
    refused = _act(client, job, candidate, "accept")
    assert refused.status_code == 400
    assert "Pick the source of “She”" in refused.content.decode()
    assert not Claim.objects.exists()

    ferry_office = source_create(name="Ferry office", kind=Source.Kind.GOVERNMENT)
    assert _act(client, job, candidate, "accept", source_0=ferry_office.pk).status_code == 302
    assert Attribution.objects.get().source == ferry_office


def test_a_picked_source_replaces_what_ingestion_proposed(client, reviewer, job):
    client.force_login(reviewer)
    candidate = _candidate(job, "river port")
    port_authority = source_create(name="Port authority", kind=Source.Kind.GOVERNMENT)
    _act(client, job, candidate, "accept", source_0=port_authority.pk)
    assert Attribution.objects.get().source == port_authority
    assert not Source.objects.filter(name__icontains="harbour office").exists()


def test_accept_as_the_same_joins_the_named_claims_cluster(client, reviewer, job):
    client.force_login(reviewer)
    filed = ClaimFactory(text="Northern bridge destroyed.", language="en")
    candidate = _candidate(job, "bridge")
    response = _act(client, job, candidate, "same", same_as=filed.pk)
    assert response.status_code == 302
    claim = Claim.objects.exclude(pk=filed.pk).get()
    assert list(claim_cluster(claim)) == [filed]


def test_accept_as_the_same_without_a_claim_says_to_name_it(client, reviewer, job):
    client.force_login(reviewer)
    candidate = _candidate(job, "bridge")
    refused = _act(client, job, candidate, "same")
    assert refused.status_code == 400
    assert "Name the claim this candidate says the same as." in refused.content.decode()
    assert Candidate.objects.get(pk=candidate.pk).status == "proposed"


def test_drop_and_a_second_action_is_refused_in_words(client, reviewer, job):
    client.force_login(reviewer)
    candidate = _candidate(job, "bridge")
    assert _act(client, job, candidate, "drop").status_code == 302
    assert Candidate.objects.get(pk=candidate.pk).status == "dropped"
    again = _act(client, job, candidate, "accept")
    assert again.status_code == 302
    refusal = client.get(again["Location"]).content.decode()
    assert "This candidate was already dropped." in refusal
    assert not Claim.objects.exists()


def test_an_unknown_action_and_a_candidate_of_another_job(client, reviewer, job):
    client.force_login(reviewer)
    candidate = _candidate(job, "bridge")
    assert _act(client, job, candidate, "publish").status_code == 302
    other = ingestion_run(job_pk=ingestion_job_create(actor=reviewer, text=ARTICLE).pk)
    url = reverse("admin:claims_ingestionjob_candidate", args=[other.pk, candidate.pk])
    assert client.post(url, {"action": "drop"}).status_code == 404
    assert client.get(url).status_code == 405
    assert Candidate.objects.get(pk=candidate.pk).status == "proposed"


def test_a_role_that_cannot_file_sees_the_page_without_forms(client, job, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_ingestionjob"))
    client.force_login(viewer)
    page = _page(client, job).content.decode()
    assert 'value="accept"' not in page
    candidate = _candidate(job, "bridge")
    _act(client, job, candidate, "drop")
    assert Candidate.objects.get(pk=candidate.pk).status == "proposed"


def test_the_candidate_page_leads_to_its_place_on_the_job_page(client, reviewer, job):
    client.force_login(reviewer)
    candidate = _candidate(job, "bridge")
    response = client.get(reverse("admin:claims_candidate_change", args=[candidate.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("admin:claims_ingestionjob_change", args=[job.pk]) + f"#candidate-{candidate.pk}"
    )


def test_a_running_job_shows_a_progress_bar_fed_by_its_progress(client, reviewer):
    client.force_login(reviewer)
    job = IngestionJob.objects.create(created_by=reviewer, kind="text", input="x", progress=30)
    page = _page(client, job).content.decode()
    assert '<progress id="job-progress-bar" max="100" value="30">' in page
    progress = client.get(reverse("admin:claims_ingestionjob_progress", args=[job.pk])).json()
    assert progress == {
        "status": "queued",
        "status_label": "Queued",
        "progress": 30,
        "finished": False,
    }


def test_filing_says_what_the_job_is_now(client, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:claims_ingestionjob_add"),
        {"text": ARTICLE, "html": "", "url": "https://news.example/a"},
        follow=True,
    )
    job = IngestionJob.objects.get()
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [f"{job}: {job.get_status_display().lower()}."]
    assert (job.url, job.kind) == ("https://news.example/a", "text")


def test_every_rule_that_proposes_a_candidate_has_words():
    """The job page names each rule in words: every frame shape of frames.py
    (read from the rules' own source), alone and nested, never falls back to
    its code."""
    import inspect
    import re

    from claims.ingestion import frames

    source = inspect.getsource(frames)
    shapes = set(re.findall(r'take\(match, "([a-z_]+)"\)', source))
    shapes |= set(re.findall(r'\("([a-z_]+)", [A-Z_]+\)', source))
    names = shapes | {"adding", "carried", "unattributed", "according_word", "spread"}
    assert len(names) > 20
    assert "no_such_rule" in cue_in_words("no_such_rule")  # the fallback names the code
    for name in sorted(names):
        assert name not in cue_in_words(name), name
    assert "passed on as" in cue_in_words("trail_verb_first+lead_that")
