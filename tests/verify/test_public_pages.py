"""The public side: `/` lists the published claims (search, verdict, source,
language), pages carry a header, navigation and a language switch, and the
desk and the public page link to each other."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import AttributionFactory, ClaimFactory, SourceFactory, claim_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(reviewer, editor):
    guard = SourceFactory(name="Valley Guard")
    claim = ClaimFactory(text="The northern bridge over the river was destroyed overnight.")
    AttributionFactory(claim=claim, source=guard)
    return claim_in_state("published", reviewer=reviewer, editor=editor, claim=claim), guard


def test_the_index_lists_published_claims_only_newest_first(client, published, reviewer, editor):
    claim, _guard = published
    draft = ClaimFactory(text="A claim nobody has reviewed yet about the harbour.")
    page = client.get("/").content.decode()
    assert claim.text in page
    assert draft.text not in page
    assert reverse("claim-page", args=[claim.pk]) in page
    assert "Possibly true (C3)" in page  # the one vocabulary, with the grade


def test_the_index_filters_as_the_public_api_does(client, published):
    claim, guard = published
    assert claim.text in client.get("/", {"source": guard.pk}).content.decode()
    assert claim.text not in client.get("/", {"verdict": "false"}).content.decode()
    assert claim.text in client.get("/", {"verdict": "unconfirmed"}).content.decode()
    assert claim.text in client.get("/", {"search": "bridge"}).content.decode()
    assert claim.text in client.get("/", {"language": claim.language}).content.decode()
    assert claim.text not in client.get("/", {"language": "xx"}).content.decode()
    refused = client.get("/", {"source": "not-a-number"})
    assert refused.status_code == 400
    assert "source" in refused.content.decode()


def test_the_language_switch_is_remembered_and_the_pages_follow_it(client, published):
    claim, _guard = published
    page = reverse("claim-page", args=[claim.pk])
    english = client.get(page).content.decode()
    assert '<html lang="en">' in english
    assert "Who said it, and through whom" in english
    switched = client.get(reverse("switch-language"), {"language": "bg", "next": page})
    assert switched.status_code == 302
    assert switched["Location"] == page
    bulgarian = client.get(page).content.decode()
    assert '<html lang="bg">' in bulgarian
    assert "Кой го каза и чрез кого" in bulgarian
    assert "Възможно вярно" in bulgarian
    # no redirect off the site
    away = client.get(reverse("switch-language"), {"language": "en", "next": "https://x.test/"})
    assert away["Location"] == "/"


def test_the_desk_and_the_public_page_link_to_each_other(client, published, editor):
    claim, _guard = published
    client.force_login(editor)
    desk = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert reverse("claim-page", args=[claim.pk]) in desk  # "View on site"
    public = client.get(reverse("claim-page", args=[claim.pk])).content.decode()
    assert reverse("admin:claims_claim_change", args=[claim.pk]) in public
    unpublished = ClaimFactory()
    desk = client.get(reverse("admin:claims_claim_change", args=[unpublished.pk])).content.decode()
    assert reverse("claim-page", args=[unpublished.pk]) not in desk


def test_a_claim_without_a_date_has_no_stray_separator(client, published):
    claim, _guard = published
    claim.event_date, claim.event_place = None, "Hama"
    claim.save(update_fields=["event_date", "event_place"])
    page = client.get(reverse("claim-page", args=[claim.pk])).content.decode()
    assert "· Hama" not in page
    assert "<p>Hama</p>" in page


def test_the_admin_header_switch_remembers_the_language_with_the_account(client, reviewer):
    from verify.models import UserPreference

    client.force_login(reviewer)
    page = client.get("/admin/").content.decode()
    assert 'id="language-switch"' in page
    switched = client.post(reverse("switch-language"), {"language": "bg", "next": "/admin/"})
    assert switched.status_code == 302
    assert UserPreference.objects.get(user=reviewer).language == "bg"
    assert 'lang="bg"' in client.get("/admin/").content.decode()

    # another browser: no cookie, an English Accept-Language; signing in restores Bulgarian
    elsewhere = Client(HTTP_ACCEPT_LANGUAGE="en")
    elsewhere.force_login(reviewer)
    assert '<html lang="bg"' in elsewhere.get("/admin/").content.decode()
    # a language the site does not speak changes nothing
    client.post(reverse("switch-language"), {"language": "xx", "next": "/admin/"})
    assert UserPreference.objects.get(user=reviewer).language == "bg"


def test_the_api_answers_in_the_language_asked_for(client):
    english = client.get("/api/v1/claims/?source=notanumber").json()
    bulgarian = client.get("/api/v1/claims/?source=notanumber&lang=bg").json()
    assert english["error"]["message"] != bulgarian["error"]["message"]


def test_the_bulgarian_page_names_sources_in_bulgarian(client, reviewer, editor):
    from sources.services import source_name_set

    claim = ClaimFactory()
    source = SourceFactory(name="Rybar", reliability="D")
    AttributionFactory(claim=claim, source=source, quote="A post.")
    claim_in_state("published", reviewer=reviewer, editor=editor, claim=claim)
    source_name_set(source=source, language="bg", name="Рибар")
    page = reverse("claim-page", args=[claim.pk])
    assert "<strong>Rybar</strong>" in client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<strong>Рибар</strong>" in client.get(page, HTTP_ACCEPT_LANGUAGE="bg").content.decode()
