"""Ingestion: an article in, candidate claims with chains and hedges out.

Precision and recall on each article are printed (pytest -s) and held to a
floor, so a regression in the extractor fails the suite."""

import threading
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from claims.ingestion.evaluation import INVENTED
from claims.ingestion.frames import cue_in_words
from claims.models import Candidate, Claim, IngestionJob
from claims.services.ingestion import (
    candidate_accept,
    candidate_drop,
    ingestion_job_create,
    ingestion_run,
)
from config.exceptions import ApplicationError, Conflict, NotAllowed
from sources.models import Source
from tests.claims.ingestion_eval import DATA, DEMO_ARTICLE, needs_shared, score
from tests.conftest import api_client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(reviewer, demo):
    # the register with the demo's sources and aliases, and its claims
    return Source.objects.get(name="Bulgarian news site (demo article)")


def ingest(user, text, publisher=None):
    job = ingestion_job_create(actor=user, text=text, publisher=publisher)
    return ingestion_run(job_pk=job.pk)


ARTICLES = [
    pytest.param(DEMO_ARTICLE, "syria-2024-12-02.expected.json", 0.8, marks=needs_shared),
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


@needs_shared
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


@needs_shared
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
    # the register knows it (the demo's Syria desk sources), under its English name
    assert origin.source.name == "Syrian Observatory for Human Rights"
    assert origin.source.kind == "organisation"
    candidate.refresh_from_db()
    assert (candidate.status, candidate.claim) == ("accepted", claim)
    with pytest.raises(Conflict):
        candidate_accept(candidate=candidate, actor=reviewer)


@needs_shared
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
        ({"text": "a", "html": "<p>a</p>"}, "text"),
        ({"text": "An article.", "url": "ftp://example.org/a"}, "url"),
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


def _news_page(article: str, *, charset: str) -> bytes:
    """A page shaped like a real news site's: menu, share bar, the article
    with its title and date, a "related" box, reader comments and a footer;
    the charset is said only in the page's <meta>."""
    article = article.removeprefix("date 2024-12-04 ")  # the page says it in its <meta>
    paragraphs = "".join(f"<p>{p}</p>" for p in article.split("\n\n"))
    return f"""<!doctype html><html lang="bg"><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>Бунтовниците влязоха в Хомс | Новини</title>
<meta property="article:published_time" content="2024-12-04T09:30:00+02:00">
<script>window.ads = [];</script></head><body>
<header><nav><ul><li><a href="/">Начало</a></li><li><a href="/world">Свят</a></li>
<li><a href="/sport">Спорт</a></li></ul></nav></header>
<main><article><h1>Бунтовниците влязоха в Хомс</h1>
<div class="share">Сподели във Facebook Сподели в X</div>
{paragraphs}</article>
<aside class="related"><h3>Още по темата</h3><ul><li><a href="/a">Асад заяви, че армията
ще отвърне на удара</a></li></ul></aside>
<section id="comments"><h3>Коментари</h3><div class="comment"><p>Иван каза, че всичко
това е измислица от начало до край.</p></div></section></main>
<footer><p>© Новини ООД. Всички права запазени.</p></footer></body></html>""".encode(charset)


def test_a_real_shaped_page_gives_only_its_article(register, reviewer):
    article = (DATA / "bg-news-style.bg.txt").read_text()
    site = _Site(_news_page(article, charset="windows-1251"), "text/html")
    try:
        job = ingestion_run(job_pk=ingestion_job_create(actor=reviewer, url=site.url).pk)
    finally:
        site.close()
    assert job.status == "done", job.error
    texts = " ".join(c.sentence for c in job.candidates.all())
    assert "Хомс" in texts  # the article, decoded from windows-1251
    for boilerplate in ("Начало", "Сподели", "измислица", "отвърне на удара", "права запазени"):
        assert boilerplate not in texts  # menu, share bar, comments, related, footer
    assert job.result["article_date"] == "2024-12-04"
    assert score(list(job.candidates.all()), "bg-news-style.bg.expected.json").recall >= 0.8


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


@needs_shared
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
    assert "15 new candidate(s), 0 already known; language bg." in out  # a post: one per statement
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
    assert "text: Give the article's text or its HTML, or its URL to fetch it." in [
        str(m) for m in empty.context["messages"]
    ]


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
        "Refused: news.example.com is not a public address; "
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


# --- the dev corpus of real articles (evaluate_ingestion) ------------------------------

# The floors reached by the strict rule on the dev sets (docs/ingestion.md has
# the tables); a change to the extractor that falls below them fails here.
DEV_FLOORS = {  # gold file: recall, precision, denials found, invented sources at most
    # ingestion-dev's one: "Syrian forces", a named party whose claim the gold leaves out
    "ingestion-dev": (0.88, 0.74, 7, 1),
    "ingestion-dev-2/bg-uk": (0.90, 0.91, 13, 0),
    "ingestion-dev-2/en-ru": (0.81, 0.83, 13, 0),
}
# constructions covered (both examples: every claim with origin, relays and stance)
CONSTRUCTION_FLOORS = {"bg": 35, "en": 33, "uk": 33, "ru": 33}


@needs_shared
@pytest.mark.evaluation
def test_the_dev_sets_hold_their_floors_by_the_strict_rule():
    from io import StringIO

    from claims.management.commands.evaluate_ingestion import Command
    from tests.claims.ingestion_eval import SHARED

    paths = {name: SHARED / name / "gold.json" for name in DEV_FLOORS}
    catalogue = SHARED / "ingestion-constructions" / "constructions.json"
    command = Command(stdout=StringIO())
    call_command(command, *map(str, paths.values()), "--constructions", str(catalogue),
                 "--demo-register")  # fmt: skip
    report = command.stdout.getvalue()
    print(report)
    assert "missed:" in report  # a developer sees why
    assert "corpus rule (earlier rounds)" in report
    for name, (recall, precision, denials, invented) in DEV_FLOORS.items():
        total = command.results[str(paths[name])]
        assert total.recall >= recall, (name, total.recall)
        assert total.precision >= precision, (name, total.precision)
        assert total.denials_found >= denials, name
        assert sum(kind == INVENTED for kind, _text in total.errors) <= invented, name
        assert total.seconds / total.articles < 3  # one article stays under a few seconds
    covered = {code: 0 for code in CONSTRUCTION_FLOORS}
    for result in command.results["constructions"]:
        covered[result.language] += result.covered
    for code, floor in CONSTRUCTION_FLOORS.items():
        assert covered[code] >= floor, (code, covered[code])


def test_the_harness_scores_by_the_corpus_rule():
    from claims.ingestion.evaluation import covers, same_source, score_article
    from claims.ingestion.extract import Found, Link

    assert covers("Russian forces captured the village of Urozhaine", "captured Urozhaine")
    assert not covers("Russian forces", "captured the village of Urozhaine today")
    assert same_source("Ройтерс", "„Ройтерс“")
    assert same_source("the Syrian Observatory", "Syrian Observatory for Human Rights")
    assert not same_source("Russian Ministry of Defence", "Syrian Ministry of Defence")

    gold = {
        "file": "x.txt",
        "claims": [
            {
                "text": "the army withdrew from Hama",
                "attributions": [
                    {"origin": ["Syrian army"], "relays": [["Reuters"]], "stance": "denies"}
                ],
            },
            {"text": "rebels entered Aleppo overnight", "attributions": [
                {"origin": ["HTS"], "relays": [], "stance": "asserts"}]},
        ],
    }  # fmt: skip
    found = [
        Found(
            1,
            "The army withdrew from Hama, the Syrian army denied, Reuters said.",
            "The army withdrew from Hama.",
            links=[Link("Syrian army", None, "denies"), Link("Reuters", None, "denies", 0)],
        ),
        Found(2, "The weather was fine, a resident said.", "The weather was fine.",
              links=[Link("a resident", None, "asserts")]),
    ]  # fmt: skip
    score = score_article(gold, found, lambda link: [link.name])
    assert (score.found, score.gold, score.true_candidates, score.candidates) == (1, 2, 1, 2)
    assert (score.stance_right, score.denials_found, score.relays_right) == (1, 1, 1)
    assert score.misses == ["rebels entered Aleppo overnight"]
    assert score.extras == ["The weather was fine."]


def test_the_job_page_shows_why_each_candidate_was_proposed(register, reviewer, client):
    from django.urls import reverse

    job = ingest(reviewer, (DATA / "en-wire-style.txt").read_text())
    denial = next(c for c in job.candidates.all() if c.cue and "denied" in c.sentence)
    client.force_login(reviewer)
    page = client.get(reverse("admin:claims_ingestionjob_change", args=[job.pk])).content.decode()
    assert escape(cue_in_words(denial.cue)) in page  # the rule that fired, in words
    assert denial.cue not in page  # never its code
    assert "(denies)" in page  # the stance
    assert escape(denial.sentence) in page  # the sentence it came from
    assert all(c.cue for c in job.candidates.all())


def test_the_api_takes_a_text_with_its_address_and_a_picked_source(reviewer):
    api = api_client_for(reviewer)
    filed = api.post(
        "/api/v1/ingest/",
        {"text": "She said that the ferries had stopped at dawn.", "url": "https://news.example/f"},
        format="json",
    )
    assert filed.status_code == 202
    assert filed.json()["url"] == "https://news.example/f"
    candidate = ingestion_run(job_pk=filed.json()["id"]).candidates.get()
    accept = f"/api/v1/ingest/candidates/{candidate.pk}/accept/"
    office = Source.objects.create(name="Ferry office", kind=Source.Kind.GOVERNMENT)

    unpicked = api.post(accept, {}, format="json")
    assert unpicked.status_code == 400
    assert "attributions" in unpicked.json()["error"]["fields"]
    for wrong in ({"9": office.pk}, {"first": office.pk}, {"0": 10**9}):
        refused = api.post(accept, {"sources": wrong}, format="json")
        assert refused.status_code == 400
        assert "sources" in refused.json()["error"]["fields"]
    assert not Claim.objects.exists()

    assert api.post(accept, {"sources": {"0": office.pk}}, format="json").status_code == 201
    attribution = Claim.objects.get().attributions.get()
    assert (attribution.source, attribution.url) == (office, "https://news.example/f")
