import pytest

from sources.services import source_grade
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_sources_come_with_their_grading_history(client, source_desk):
    source = SourceFactory(name="Clash Report")
    source_grade(source=source, grade="D", rationale="Captions overreach.", actor=source_desk)
    source_grade(source=source, grade="C", rationale="Footage holds up.", actor=source_desk)

    body = client.get(f"/api/v1/sources/{source.pk}/").json()

    assert body["reliability"] == "C"
    assert body["reliability_label"] == "Fairly reliable"
    assert [r["grade"] for r in body["ratings"]] == ["C", "D"]
    assert "rated_by" not in body["ratings"][0]  # who graded stays inside the desk


def test_unknown_source_is_404(client):
    assert client.get("/api/v1/sources/999999/").status_code == 404


@pytest.mark.django_db
def test_a_proposed_source_is_never_public(client):
    shown = SourceFactory(name="Harbour Watch")
    proposed = SourceFactory(name="Valley Voice", pending=True)
    names = [s["name"] for s in client.get("/api/v1/sources/").json()["results"]]
    assert names == [shown.name]
    assert client.get(f"/api/v1/sources/{proposed.pk}/").status_code == 404
