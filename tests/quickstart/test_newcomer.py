"""What a newcomer does after `make run`, on the quick start's own stack:
SQLite, Celery tasks run in-process, no Redis (config/settings/quickstart_test.py).
The PostgreSQL suite never runs these code paths (SQLite's conversions, the
`connection.vendor` branches); this lane does."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import Claim, IngestionJob
from verify.management.commands.load_demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

ARTICLE = """Сирийската армия се изтегли от град Карназ, съобщи министерството на отбраната.

Според Рибар руските части са напуснали летище Хама.
"""


@pytest.fixture
def demo():
    assert connection.vendor == "sqlite"  # the lane runs the quick start's database
    call_command("setup_roles")
    call_command("load_demo", "--with-demo-users")


def _token(client, username: str) -> APIClient:
    """Log in as a demo user through the admin's login page, make an API
    token as an admin would, and return an API client using it."""
    from django.contrib.auth import get_user_model

    from verify.clients.tokens import token_create

    login = client.post(
        reverse("admin:login"),
        {"username": username, "password": DEMO_PASSWORD, "next": "/admin/"},
    )
    assert login.status_code == 302, login.content[:300]
    _, key = token_create(user=get_user_model().objects.get(username=username), name="newcomer")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_a_newcomer_walks_the_quick_start(demo, client, django_capture_on_commit_callbacks):
    reviewer, editor = _token(client, "reviewer"), _token(client, "editor")
    public = APIClient()

    # the token works every time, not once (SQLite's datetimes were text)
    for _ in range(3):
        assert reviewer.get("/api/v1/claims/?page_size=5").status_code == 200

    # file a claim, and one in a language with no lemmatiser (each request
    # commits: its tasks, the embeddings, run in-process then)
    commit = django_capture_on_commit_callbacks
    with commit(execute=True):
        filed = reviewer.post(
            "/api/v1/claims/",
            {"text": "Руските части напуснаха летище Хама.", "language": "bg"},
            format="json",
        )
    assert filed.status_code == 201, filed.content
    claim = filed.json()
    with commit(execute=True):
        serbian = reviewer.post(
            "/api/v1/claims/", {"text": "Руске трупе напустиле су Хаму.", "language": "sr"},
            format="json",
        )  # fmt: skip
    assert serbian.status_code == 201, serbian.content

    # take it, review it, and have another person sign it off
    taken = reviewer.post(
        f"/api/v1/claims/{claim['id']}/transitions/take/", {"version": claim["version"]},
        format="json",
    )  # fmt: skip
    assert taken.status_code == 200, taken.content
    review = reviewer.post(
        "/api/v1/reviews/",
        {
            "claim": claim["id"],
            "version": taken.json()["version"],
            "source_reliability": "C",
            "credibility": "3",
            "likelihood": "roughly_even",
            "confidence": "low",
            "rationale": "Single origin, no imagery.",
        },
        format="json",
    )
    assert review.status_code == 201, review.content
    version = Claim.objects.get(pk=claim["id"]).version
    signed = editor.post(
        f"/api/v1/claims/{claim['id']}/transitions/publish/", {"version": version},
        format="json",
    )  # fmt: skip
    assert signed.status_code == 200, signed.content

    # the public sees it: page, detail, feeds, search in lower case
    assert public.get(reverse("claim-page", args=[claim["id"]])).status_code == 200
    detail = public.get(f"/api/v1/claims/{claim['id']}/").json()
    assert detail["public_record"]["version"] == 1
    assert "status" not in detail
    feed = public.get("/api/v1/feeds/published.json").json()
    assert any(item["_claimtrace"]["claim"] == claim["id"] for item in feed["items"])
    assert public.get("/api/v1/feeds/published.atom").status_code == 200
    found = public.get("/api/v1/claims/", {"search": "хама"}).json()["results"]
    assert claim["id"] in [c["id"] for c in found]

    # ingest a pasted article: the job runs in-process and leaves candidates
    with commit(execute=True):
        job = reviewer.post("/api/v1/ingest/", {"text": ARTICLE}, format="json")
    assert job.status_code == 202, job.content
    body = reviewer.get(f"/api/v1/ingest/{job.json()['id']}/").json()
    assert body["status"] == IngestionJob.Status.DONE, body
    assert body["candidates"]

    # similar claims, then link and unlink as the same claim
    similar = reviewer.get(f"/api/v1/claims/{serbian.json()['id']}/similar/").json()["results"]
    assert similar
    anonymous = public.post(
        "/api/v1/claims/similar/", {"text": "Russian units left Hama airfield.", "language": "en"},
        format="json",
    ).json()["results"]  # fmt: skip
    assert all("status" not in item for item in anonymous)
    other = serbian.json()
    linked = reviewer.post(
        f"/api/v1/claims/{other['id']}/transitions/link_same/",
        {"version": other["version"], "same_as": claim["id"]},
        format="json",
    )
    assert linked.status_code == 200, linked.content
    assert public.get(f"/api/v1/claims/{claim['id']}/").json() == detail  # waits for an editor
    unlinked = reviewer.post(
        f"/api/v1/claims/{other['id']}/transitions/unlink_same/",
        {"version": linked.json()["version"]},
        format="json",
    )
    assert unlinked.status_code == 200, unlinked.content
    assert public.get(f"/api/v1/attributions/?claim={claim['id']}").status_code == 200
