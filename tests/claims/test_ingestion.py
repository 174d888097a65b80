"""Ingestion: an article in, candidate claims with chains and hedges out.

Precision and recall on each article are printed (pytest -s) and held to a
floor, so a regression in the extractor fails the suite."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from claims.models import Candidate, Claim, IngestionJob
from claims.services.ingestion import (
    candidate_accept,
    candidate_drop,
    ingestion_job_create,
    ingestion_run,
)
from config.exceptions import ApplicationError, Conflict, NotAllowed
from sources.models import Source
from tests.claims.ingestion_eval import DATA, DEMO_ARTICLE, SHARED_ARTICLE, score
from tests.conftest import api_client_for
from verify.demo import demo_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(reviewer):
    demo_load()  # the register with the demo's sources and aliases, and its claims
    return Source.objects.get(name="Bulgarian news site (demo article)")


def ingest(user, text, publisher=None):
    job = ingestion_job_create(actor=user, text=text, publisher=publisher)
    return ingestion_run(job_pk=job.pk)


ARTICLES = [
    (DEMO_ARTICLE, "syria-2024-12-02.expected.json", 0.8),
    (DATA / "en-wire-style.txt", "en-wire-style.expected.json", 0.8),
    (DATA / "bg-news-style.bg.txt", "bg-news-style.bg.expected.json", 0.8),
]


@pytest.mark.parametrize(("article", "expected", "floor"), ARTICLES, ids=lambda a: str(a)[-30:])
def test_precision_and_recall(register, reviewer, article, expected, floor):
    job = ingest(reviewer, article.read_text())
    assert job.status == "done", job.error
    result = score(list(job.candidates.all()), expected)
    print(
        f"\n{article.name}: {result.candidates} candidates, {result.expected} expected; "
        f"precision {result.precision:.2f}, recall {result.recall:.2f}"
    )
    assert result.wrong == []  # every expected claim found, with its origin, hedge, stance
    assert result.recall == 1.0
    assert result.precision >= floor


def test_the_demo_article_end_to_end(register, reviewer):
    job = ingest(reviewer, DEMO_ARTICLE.read_text(), publisher=register)
    assert (job.language, job.progress) == ("bg", 100)
    candidates = {c.text: c for c in job.candidates.all()}

    chaiko = next(c for t, c in candidates.items() if "Чайко" in t)
    assert chaiko.hedges == ["твърди се", "слухове"]
    names = [(a["name"], a["via"], a["stance"]) for a in chaiko.attributions]
    assert names == [
        ("Arabic-language channels (unnamed)", None, "reports_rumour"),
        ("Rybar", 0, "reports_rumour"),
        ("Military Informant", 0, "reports_rumour"),
        ("Bulgarian news site (demo article)", 1, "reports_rumour"),
    ]

    fled = next(c for t, c in candidates.items() if "избягаха" in t)
    assert fled.attributions[0]["name"] == "HUR on Telegram"  # "… в Telegram"
    warehouses = next(c for t, c in candidates.items() if "warehouses" in t)
    assert warehouses.language == "en"
    assert warehouses.hedges == []
    # the demo already holds these claims: the ingestion links them, never merges
    karnaz = next(c for t, c in candidates.items() if "Карназ" in t)
    assert karnaz.duplicate_of.text_en.startswith("Opposition forces captured the town of Karnaz")
    assert karnaz.duplicate_score >= 0.45
    assert Claim.objects.count() == 12


def test_ingesting_the_same_article_twice_adds_nothing(register, reviewer):
    first = ingest(reviewer, DEMO_ARTICLE.read_text())
    second = ingest(reviewer, DEMO_ARTICLE.read_text())
    assert first.result["candidates"] == Candidate.objects.count() > 10
    assert second.result == {
        "candidates": 0,
        "already_known": first.result["candidates"],
        "language": "bg",
        "article_date": "2024-12",  # the leading " date 2024-12 " line
    }
    assert ingestion_run(job_pk=first.pk).result == first.result  # a finished job is left alone


def test_accepting_files_a_new_claim_with_its_chain(register, reviewer):
    job = ingest(reviewer, (DATA / "en-wire-style.txt").read_text())
    candidate = next(c for c in job.candidates.all() if "outskirts of Hama" in c.text)

    claim = candidate_accept(candidate=candidate, actor=reviewer)

    assert (claim.status, claim.language, claim.created_by) == ("new", "en", reviewer)
    assert claim.text_en == claim.text
    origin = claim.attributions.get()
    assert origin.source.name == "Syrian Observatory for Human Rights"  # added to the register
    assert origin.source.kind == "other"
    candidate.refresh_from_db()
    assert (candidate.status, candidate.claim) == ("accepted", claim)
    with pytest.raises(Conflict):
        candidate_accept(candidate=candidate, actor=reviewer)


def test_accepting_keeps_the_relay_chain(register, reviewer):
    job = ingest(reviewer, DEMO_ARTICLE.read_text(), publisher=register)
    chaiko = next(c for c in job.candidates.all() if "Чайко" in c.text)
    claim = candidate_accept(candidate=chaiko, actor=reviewer, text="Кисел е сменен от Чайко.")
    site = claim.attributions.get(source=register)
    assert (site.via.source.name, site.via.via.source.name) == (
        "Rybar",
        "Arabic-language channels (unnamed)",
    )
    assert claim.text == "Кисел е сменен от Чайко."


def test_dropping(register, reviewer, source_desk):
    job = ingest(reviewer, (DATA / "bg-news-style.bg.txt").read_text())
    candidate = job.candidates.first()
    with pytest.raises(NotAllowed):
        candidate_drop(candidate=candidate, actor=source_desk)
    assert candidate_drop(candidate=candidate, actor=reviewer).status == "dropped"


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"text": "   "}, "text"),
        ({"text": "bin\x00ary"}, "text"),
        ({"text": "x" * 300_000}, "text"),
        ({"url": "ftp://example.org/a"}, "url"),
        ({}, "text"),
        ({"text": "a", "url": "https://example.org"}, "text"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_filed(reviewer, given, field):
    with pytest.raises(ApplicationError) as caught:
        ingestion_job_create(actor=reviewer, **given)
    assert caught.value.field == field
    assert not IngestionJob.objects.exists()


def test_only_the_desk_ingests(api_client_user):
    with pytest.raises(NotAllowed):
        ingestion_job_create(actor=api_client_user, text="Article.")


class _Site:
    def __init__(self, body: bytes, content_type: str, status: int = 200):
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/article"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_a_url_is_fetched_and_its_html_read(register, reviewer):
    paragraphs = "".join(
        f"<p>{p}</p>" for p in (DATA / "en-wire-style.txt").read_text().split("\n\n")
    )
    site = _Site(
        f"<html><head><script>var x=1;</script></head><body>{paragraphs}</body></html>".encode(),
        "text/html; charset=utf-8",
    )
    try:
        job = ingestion_run(job_pk=ingestion_job_create(actor=reviewer, url=site.url).pk)
    finally:
        site.close()
    assert job.status == "done", job.error
    assert score(list(job.candidates.all()), "en-wire-style.expected.json").recall == 1.0


@pytest.mark.parametrize(
    ("body", "content_type", "status", "reason"),
    [
        (b"\x89PNG...", "image/png", 200, "is image/png, not an article"),
        (b"gone", "text/html", 404, "answered HTTP 404"),
    ],
)
def test_a_failed_job_says_why_and_leaves_no_candidates(
    reviewer, body, content_type, status, reason
):
    site = _Site(body, content_type, status)
    try:
        job = ingestion_run(job_pk=ingestion_job_create(actor=reviewer, url=site.url).pk)
    finally:
        site.close()
    assert job.status == "failed"
    assert reason in job.error
    assert not job.candidates.exists()


def test_the_api_takes_an_article_and_shows_progress_and_candidates(register, reviewer):
    api = api_client_for(reviewer)
    response = api.post(
        "/api/v1/ingest/", {"text": (DATA / "bg-news-style.bg.txt").read_text()}, format="json"
    )
    assert response.status_code == 202
    job = response.json()
    assert (job["status"], job["progress"], job["candidates"]) == ("queued", 0, [])

    ingestion_run(job_pk=job["id"])  # what the worker does
    body = api.get(f"/api/v1/ingest/{job['id']}/").json()
    assert (body["status"], body["progress"]) == ("done", 100)
    assert len(body["candidates"]) == 6
    candidate = body["candidates"][-1]
    accepted = api.post(f"/api/v1/ingest/candidates/{candidate['id']}/accept/", {}, format="json")
    assert accepted.status_code == 201
    assert Claim.objects.filter(pk=accepted.json()["claim"], status="new").exists()

    bad = api.post("/api/v1/ingest/", {"text": ""}, format="json")
    assert bad.status_code == 400
    assert "text" in bad.json()["error"]["fields"]
    assert api_client_for().post("/api/v1/ingest/", {"text": "x"}).status_code == 401


def test_the_command_ingests_a_file(register, reviewer, capsys):
    call_command(
        "ingest",
        str(DEMO_ARTICLE),
        "--user",
        reviewer.username,
        "--publisher",
        "Bulgarian news site (demo article)",
    )
    out = capsys.readouterr().out
    assert "13 new candidate(s), 0 already known; language bg." in out
    assert "Кисел е бил заменен от генерал Александър Чайко.  ← Arabic-language channels" in out


@pytest.mark.worker
def test_a_real_worker_runs_the_job(celery_worker, reviewer):
    from django.db import transaction

    from tests.conftest import wait_for

    with transaction.atomic():
        job = ingestion_job_create(actor=reviewer, text=(DATA / "bg-news-style.bg.txt").read_text())
    wait_for(lambda: IngestionJob.objects.get(pk=job.pk).status == "done", timeout=60)
    assert Candidate.objects.filter(job=job).count() == 6


def test_the_admin_files_an_article_and_accepts_candidates(client, register, reviewer):
    from django.urls import reverse

    client.force_login(reviewer)
    response = client.post(
        reverse("admin:claims_ingestionjob_add"),
        {"text": (DATA / "bg-news-style.bg.txt").read_text(), "html": "", "url": ""},
        follow=True,
    )
    assert response.status_code == 200
    job = IngestionJob.objects.get()
    ingestion_run(job_pk=job.pk)
    page = client.get(reverse("admin:claims_ingestionjob_change", args=[job.pk]))
    assert "Командирът на базата в Тартус е бил арестуван." in page.content.decode()

    chosen = list(job.candidates.values_list("pk", flat=True)[:2])
    response = client.post(
        reverse("admin:claims_candidate_changelist"),
        {"action": "accept", "_selected_action": chosen},
        follow=True,
    )
    assert "2 candidate(s) done." in [str(m) for m in response.context["messages"]]
    assert Candidate.objects.filter(status="accepted").count() == 2

    empty = client.post(
        reverse("admin:claims_ingestionjob_add"), {"text": "", "html": "", "url": ""}, follow=True
    )
    assert "text: Give exactly one of text, html or url." in [
        str(m) for m in empty.context["messages"]
    ]


def test_the_copy_of_the_demo_article_matches_shared():
    if not SHARED_ARTICLE.exists():
        pytest.skip("shared/ is not beside this checkout")
    assert DEMO_ARTICLE.read_bytes() == SHARED_ARTICLE.read_bytes()


# --- outbound rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["http://10.0.0.5/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:8000/"]
)
def test_ingesting_a_private_address_is_a_400_naming_url(settings, reviewer, url):
    settings.OUTBOUND_ALLOWED_HOSTS = []
    response = api_client_for(reviewer).post("/api/v1/ingest/", {"url": url}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["url"][0].startswith("Refused: ")
    assert not IngestionJob.objects.exists()


def test_a_job_whose_name_resolves_inside_fails_with_the_refusal(settings, monkeypatch, reviewer):
    import socket

    real = socket.getaddrinfo
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *a, **k: (
            [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
            if host == "news.example.com"
            else real(host, port, *a, **k)
        ),
    )
    settings.OUTBOUND_ALLOWED_HOSTS = []
    job = ingestion_job_create(actor=reviewer, url="http://news.example.com/story")
    job = ingestion_run(job_pk=job.pk)
    assert job.status == "failed"
    assert job.error == (
        "Refused: news.example.com is at 127.0.0.1, a loopback address; "
        "this server fetches only public addresses."
    )
    assert not job.candidates.exists()


def test_a_fetched_page_too_long_fails_the_job_instead_of_leaving_it_running(settings, reviewer):
    from tests.servers import LocalServer, answer

    settings.CLAIMTRACE_INGEST_MAX_CHARS = 100
    body = b"<p>" + b"Rebels entered Hama, the army said. " * 3 + b"</p>"
    with LocalServer(lambda h: answer(h, body=body)) as server:
        job = ingestion_run(job_pk=ingestion_job_create(actor=reviewer, url=server.url).pk)
    assert job.status == "failed"
    assert job.error == "The article is longer than 100 characters."
