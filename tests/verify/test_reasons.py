"""The engine's reasons as codes, rendered in the reader's language; the
ones stored as English words before read back as codes."""

import importlib

import pytest
from django.utils import translation

from tests.conftest import api_client_for
from tests.factories import AttributionFactory, ClaimFactory, SourceFactory
from verify.confidence.engine import suggest
from verify.confidence.reasons import REASONS, reason, reason_from_words, reasons_text
from verify.models import Suggestion
from verify.services.suggestions import claim_suggestion_recompute

ENGINE_WORDS = [
    "single origin",
    "3 independent origins",
    "HUR and HUR on Telegram belong to HUR: one origin",
    "2 relays of HUR in 2 languages add no independence",
    "1 relay of Rybar add no independence",
    "origin graded B (Usually reliable): Reuters",
    "rumour from graded D (Not usually reliable): Рибар",
    "origin graded G (deliberately deceptive): Troll farm",
    "rumour from of unknown reliability: a channel",
    "denied by an independent origin graded B: Syrian MoD",
    "questioned by Reuters",
    "Reuters relays it but denies it",
    "refuting evidence: 2",
    "earlier review graded C3 (round 1)",
    "nothing of known reliability: truth cannot be judged",
    "a single origin can never confirm a claim",
]


@pytest.mark.parametrize("words", ENGINE_WORDS)
def test_the_words_stored_before_are_read_back_as_codes(words):
    item = reason_from_words(words)
    assert item["code"] != "text"
    assert item["code"] in REASONS


def test_words_that_match_no_reason_stay_words():
    item = reason_from_words("a reviewer's own note")
    assert item == reason("text", text="a reviewer's own note")
    assert reasons_text([item], language="bg") == ["a reviewer's own note"]


def test_a_reason_reads_in_each_language_with_its_grade_label():
    item = reason("origin_graded", grade="B", name="Reuters")
    assert reasons_text([item], language="en") == ["origin graded B (Usually reliable): Reuters"]
    (bulgarian,) = reasons_text([item], language="bg")
    assert "Reuters" in bulgarian
    assert "B" in bulgarian
    assert "origin" not in bulgarian
    assert "Обикновено надежден" in bulgarian or "надежден" in bulgarian


def test_counts_read_in_the_plural_of_each_language():
    one, two = reason("relays", count=1, name="X"), reason("relays", count=2, name="X")
    assert reasons_text([one, two], language="en") == [
        "1 relay of X adds no independence",
        "2 relays of X add no independence",
    ]


def test_names_in_the_readers_language_replace_the_registers():
    item = reason("one_family", names=["HUR", "HUR on Telegram"], root="HUR")
    names = {"HUR": "ГУР", "HUR on Telegram": "ГУР в Telegram"}
    with translation.override("bg"):
        (words,) = reasons_text([item], names=names)
    assert "ГУР и ГУР в Telegram" in words


@pytest.mark.django_db
def test_the_engine_stores_codes_and_the_api_renders_them_in_the_asked_language(reviewer):
    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=SourceFactory(name="Рибар", reliability="D"))
    claim_suggestion_recompute(claim_id=claim.pk)
    stored = Suggestion.objects.get(claim=claim).reasons
    assert {"code": "single_origin", "args": {}} in stored
    api = api_client_for(reviewer)
    english = api.get(f"/api/v1/claims/{claim.pk}/").json()["suggestion"]
    bulgarian = api.get(f"/api/v1/claims/{claim.pk}/?lang=bg").json()["suggestion"]
    by_header = api.get(f"/api/v1/claims/{claim.pk}/", HTTP_ACCEPT_LANGUAGE="bg").json()
    assert "single origin" in english["reasons"]
    assert english["reason_codes"] == bulgarian["reason_codes"] == stored
    assert "single origin" not in bulgarian["reasons"]
    assert by_header["suggestion"]["reasons"] == bulgarian["reasons"]
    listed = api.get("/api/v1/claims/?lang=bg").json()["results"][0]["suggestion"]
    assert listed["reasons"] == bulgarian["reasons"]


@pytest.mark.django_db
def test_the_migration_turns_stored_words_into_codes():
    claim = ClaimFactory()
    Suggestion.objects.create(
        claim=claim,
        credibility="3",
        analytic_confidence="low",
        origin_count=1,
        asserting_count=1,
        denying_count=0,
        reasons=["single origin", "origin graded B (Usually reliable): Reuters", "odd words"],
    )
    migration = importlib.import_module("verify.migrations.0013_reasons_as_codes")
    from django.apps import apps

    migration.to_codes(apps, None)
    stored = Suggestion.objects.get(claim=claim).reasons
    assert [item["code"] for item in stored] == ["single_origin", "origin_graded", "text"]
    assert reasons_text(stored, language="en") == [
        "single origin",
        "origin graded B (Usually reliable): Reuters",
        "odd words",
    ]


def test_the_engine_returns_codes_not_words():
    suggested = suggest([])
    assert suggested.reasons == [reason("no_attributions"), reason("cannot_be_judged")]
