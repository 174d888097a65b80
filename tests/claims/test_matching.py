"""Claim matching: embeddings written by a task, the on-disk vector index,
the similar-claims API, and the matcher's figures on the matching set."""

from dataclasses import replace

import pytest
from django.core.management import call_command

from claims.matching import index
from claims.matching.embeddings import from_bytes
from claims.matching.scoring import LIKELY_SAME
from claims.models import ClaimEmbedding
from claims.selectors.similar import claims_matching_text
from claims.services.claims import claim_create
from claims.services.embeddings import claim_embeddings_refresh
from tests.claims.ingestion_eval import needs_shared
from tests.conftest import api_client_for

pytestmark = pytest.mark.django_db

BG = "Руският контингент е изоставил Хама и се е преместил в авиобазата Хмеймим."
EN = "Russian troops abandoned Hama and moved to the Khmeimim air base."
NEAR = "Rebels captured the town of Karnaz, north of Hama, on Monday."


@pytest.fixture(autouse=True)
def own_index(settings, tmp_path):
    settings.CLAIMTRACE_VECTOR_INDEX = str(tmp_path / "claims.usearch")


@pytest.fixture
def filed(reviewer):
    claims = {
        "bg": claim_create(text=BG, language="bg", actor=reviewer),
        "en": claim_create(text=EN, language="en", actor=reviewer),
        "near": claim_create(text=NEAR, language="en", actor=reviewer),
    }
    claim_embeddings_refresh(claim_ids=[c.pk for c in claims.values()])
    return claims


def test_filing_a_claim_queues_its_embedding(reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        claim = claim_create(text=BG, language="bg", actor=reviewer)
    assert [getattr(c, "task_name", None) for c in callbacks] == ["claims.embed_claims"]
    assert claim_embeddings_refresh(claim_ids=[claim.pk]) == 1
    stored = ClaimEmbedding.objects.get(claim=claim)
    assert from_bytes(stored.vector).shape == (384,)
    assert claim_embeddings_refresh(claim_ids=[claim.pk]) == 0  # unchanged text: nothing to do


def test_the_same_claim_in_another_language_comes_first(filed, editor):
    similar = claims_matching_text(user=editor, text=EN, language="en", exclude=filed["en"].pk)
    assert [s.claim for s in similar][:2] == [filed["bg"], filed["near"]]
    assert similar[0].likely_same
    assert not similar[1].likely_same
    assert 0 <= similar[-1].score <= similar[0].score <= 1


def test_the_index_file_is_rebuilt_from_the_database_and_reopened(filed, editor):
    assert not index.index_path().exists()
    assert index.rebuild() == 3
    assert not ClaimEmbedding.objects.filter(indexed=False).exists()
    vector = from_bytes(ClaimEmbedding.objects.get(claim=filed["en"]).vector)
    assert index.nearest(vector, 2)[0][0] == filed["en"].pk  # from the file
    late = claim_create(text=EN + " Two convoys were seen.", language="en", actor=editor)
    claim_embeddings_refresh(claim_ids=[late.pk])
    assert late.pk in dict(index.nearest(vector, 5))  # not in the file yet: scanned exactly
    assert index.rebuild() == 4  # a new file; the next lookup reopens it
    assert late.pk in dict(index.nearest(vector, 5))


def test_every_process_searches_the_file_with_the_measured_expansion(filed):
    """usearch's default expansion found 0.949 of the exact top 10 at 1 M;
    the product's view searches wider (docs/benchmarks.md)."""
    index.rebuild()
    assert index.open_view(index.index_path()).expansion_search == index.EXPANSION_SEARCH == 96
    assert index._view().expansion_search == index.EXPANSION_SEARCH


def test_the_api_gives_similar_claims_best_first(filed, editor):
    response = api_client_for(editor).get(f"/api/v1/claims/{filed['en'].pk}/similar/?limit=5")
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert results[0]["id"] == filed["bg"].pk
    assert results[0]["likely_same"] is True
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)


def test_unpublished_claims_and_their_neighbours_never_leak(filed):
    anonymous = api_client_for(None)
    assert anonymous.get(f"/api/v1/claims/{filed['en'].pk}/similar/").status_code == 404
    response = anonymous.post(
        "/api/v1/claims/similar/", {"text": EN, "language": "en"}, format="json"
    )
    assert response.status_code == 200
    assert response.json() == {"results": []}  # nothing is published


def test_a_sentence_not_filed_yet_is_matched(filed, editor):
    response = api_client_for(editor).post(
        "/api/v1/claims/similar/",
        {"text": "Российские военные ушли из Хамы на базу Хмеймим.", "language": "ru"},
        format="json",
    )
    assert response.status_code == 200
    assert {r["id"] for r in response.json()["results"][:2]} == {filed["bg"].pk, filed["en"].pk}


@pytest.mark.parametrize(
    ("body", "field"),
    [({"language": "en"}, "text"), ({"text": "x", "language": "en", "limit": 500}, "limit")],
)
def test_a_bad_lookup_is_a_400_naming_the_field(editor, body, field):
    response = api_client_for(editor).post("/api/v1/claims/similar/", body, format="json")
    assert response.status_code == 400
    assert field in str(response.json())


def test_the_backfill_command_embeds_and_builds_the_index(reviewer, capsys):
    claim_create(text=BG, language="bg", actor=reviewer)
    call_command("embed_claims")
    assert "1 embedding(s) written; the index holds 1." in capsys.readouterr().out
    assert index.index_path().exists()


# Held out, both ways: the line fitted on one matching set, measured on the
# other, language means from the ingestion dev articles' sentences (neither
# set). The floors are the figures reached (docs/matching.md, "Held out");
# the targets (success@1 0.85, success@5 0.95, near misses 5 %) are
# not all met, and the docs say which.
HELD_OUT_FLOORS = {  # measured on: (fitted on, success@1, success@5, near misses above at most)
    "matching-dev-2": ("matching-dev", 0.80, 0.98, 0.10),
    "matching-dev": ("matching-dev-2", 0.68, 0.93, 0.07),
}


@needs_shared
@pytest.mark.evaluation
def test_the_line_fitted_on_one_set_holds_on_the_other():
    from claims.matching.evaluation import article_sentences, corpus_means, evaluate, fit, load
    from claims.matching.scoring import WEIGHTS
    from tests.claims.ingestion_eval import SHARED

    golds = [SHARED / "ingestion-dev" / "gold.json",
             *sorted((SHARED / "ingestion-dev-2").glob("*/gold.json"))]  # fmt: skip
    means = corpus_means(article_sentences(golds))
    for measured, (fitted, at1, at5, near) in HELD_OUT_FLOORS.items():
        weights = fit(load(SHARED / f"{fitted}.json"), means)
        result = evaluate(load(SHARED / f"{measured}.json"), means=means, weights=weights)
        print(measured, weights, result.success_at_1, result.success_at_5, result.distractors_above)
        assert result.success_at_1 >= at1, measured
        assert result.success_at_5 >= at5, measured
        assert result.distractors_above / result.distractors <= near, measured
        if fitted == "matching-dev":  # the shipped line is the one fitted there
            # The line sits just above a near miss's score, which moves in the
            # third decimal with the CPU's float kernels (one fit gave 0.556
            # here, 0.558 on CI): the weights are the shipped ones, the line
            # within 0.005.
            assert replace(weights, line=WEIGHTS.line) == WEIGHTS
            assert weights.line == pytest.approx(WEIGHTS.line, abs=0.005)


def _matching_set(path, events, near):
    import json

    path.write_text(json.dumps({
        "events": [{"id": f"e{i}", "mentions": [{"text": t, "language": lang} for t, lang in m]}
                   for i, m in enumerate(events)],
        "distractors": [{"text": t, "language": lang, "near_event": f"e{i}"}
                        for i, t, lang in near],
    }))  # fmt: skip
    return path


def test_evaluate_matching_fits_on_one_set_with_means_from_a_third_corpus(tmp_path):
    """The command's whole way on sets written for the test: means from the
    articles beside a gold file, the line fitted on one set, measured on another."""
    import json
    from io import StringIO

    from claims.management.commands.evaluate_matching import Command
    from claims.matching.scoring import WEIGHTS

    (tmp_path / "a.txt").write_text(
        "The harbour was closed to ships on Monday. Farmers sold grain at the market. "
        "Пристанището беше затворено в понеделник. Фермерите продадоха зърно на пазара."
    )
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps([{"file": "a.txt", "language": "en", "claims": []}]))
    fit_on = _matching_set(tmp_path / "fit.json", [
        [("Rebels captured the northern bridge.", "en"),
         ("Бунтовниците превзеха северния мост.", "bg")],
        [("The army shot down nine drones.", "en"), ("Армия сбила девять дронов.", "ru")],
    ], [(0, "Rebels blew up the southern dam.", "en")])  # fmt: skip
    measured = _matching_set(tmp_path / "measured.json", [
        [("The ferry line to the island stopped.", "en"), ("Фериботът до острова спря.", "bg")],
        [("Two tankers left the port at night.", "en"), ("Два танкера покинули порт ночью.", "ru")],
    ], [(1, "Two tankers entered the port at night.", "en")])  # fmt: skip
    command = Command(stdout=StringIO())
    call_command(command, str(measured), "--means-from", str(gold), "--fit-on", str(fit_on))
    out = command.stdout.getvalue()
    assert "language means from 4 sentences of the dev articles" in out
    assert "fitted on fit.json" in out
    assert command.result.queries == 4
    assert command.result.success_at_5 == 1.0
    assert command.result.weights.line != WEIGHTS.line  # fitted there, not the shipped one


def test_an_ingested_relay_in_another_language_is_offered_as_a_duplicate(reviewer):
    from claims.models import Candidate
    from claims.services.ingestion import ingestion_job_create, ingestion_run

    bulgarian = claim_create(text=BG, language="bg", actor=reviewer)
    claim_embeddings_refresh(claim_ids=[bulgarian.pk])
    job = ingestion_job_create(
        actor=reviewer,
        text="Ukrainian military intelligence said that Russian troops abandoned Hama and "
        "moved to the Khmeimim air base.",
    )
    ingestion_run(job_pk=job.pk)
    candidate = Candidate.objects.get(job=job)
    assert candidate.duplicate_of == bulgarian
    assert candidate.duplicate_score >= LIKELY_SAME


def test_embedding_stores_latent_terms_and_its_languages_mean(filed):
    from claims.matching.centroids import centroids
    from claims.matching.embeddings import terms_from_bytes
    from claims.models import EmbeddingCentroid

    terms = terms_from_bytes(ClaimEmbedding.objects.get(claim=filed["bg"]).terms)
    assert 0 < len(terms) <= 128
    assert all(weight > 0 for weight in terms.values())
    means = {c.language: c.count for c in EmbeddingCentroid.objects.all()}
    assert means == {"bg": 1, "en": 2}
    assert centroids().count == 3
    assert not centroids().ready  # too few claims to center on


def test_the_index_rebuild_recomputes_every_languages_mean(filed):
    from claims.models import EmbeddingCentroid

    EmbeddingCentroid.objects.all().delete()
    index.rebuild()
    assert dict(EmbeddingCentroid.objects.values_list("language", "count")) == {"bg": 1, "en": 2}


def test_centering_puts_the_same_claim_in_another_language_above_a_near_miss_in_its_own():
    """Vectors share a large language direction: raw, a same-language claim
    about something else wins; once each language's mean is taken off, the
    same content in another language does."""
    import numpy as np

    from claims.matching.scoring import CORPUS_MIN, Centroids, Text, hybrid

    rng = np.random.default_rng(7)
    english, bulgarian = rng.normal(size=64), rng.normal(size=64)
    topics = rng.normal(size=(CORPUS_MIN, 64))

    def claim(language_axis, topic):
        vector = 3 * language_axis + topics[topic]
        return vector / np.linalg.norm(vector)

    corpus = [claim(english, t) for t in range(CORPUS_MIN // 2)]
    corpus += [claim(bulgarian, t) for t in range(CORPUS_MIN // 2, CORPUS_MIN)]
    languages = ["en"] * (CORPUS_MIN // 2) + ["bg"] * (CORPUS_MIN // 2)
    means = Centroids.of(np.vstack(corpus), languages)
    assert means.ready
    query = Text("x", "en", claim(english, 0))
    same_in_bulgarian = Text("y", "bg", claim(bulgarian, 0) * 0.9 + 0.1 * topics[0])
    near_miss_in_english = Text("z", "en", claim(english, 1))
    raw = hybrid(query, [same_in_bulgarian, near_miss_in_english], Centroids({}, None))
    centered = hybrid(query, [same_in_bulgarian, near_miss_in_english], means)
    assert raw[1] > raw[0]
    assert centered[0] > centered[1]
    assert 0 <= centered.min() <= centered.max() <= 1


def test_a_place_is_one_name_in_any_case_form_and_script():
    """Slavic case endings change a short name's last letter (Хама, Хамы,
    Хаму): the names compared are transliterated and lose that ending."""
    from claims.matching.scoring import name_overlap, names

    forms = [
        "The convoy reached Hama at dawn.",
        "Колонна дошла до Хамы на рассвете.",
        "Колона дісталася Хами на світанку.",
        "Конвоят стигна до Хама призори.",
        "Колонна направилась к Хаму.",
    ]
    keys = [names(text) for text in forms]
    assert all("ham" in found for found in keys), keys
    other = names("The convoy reached Homs at dawn.")
    same, different = name_overlap(keys[0], [keys[1], other])
    assert same > 0 == different


def test_embeddings_of_a_replaced_model_are_swept_and_backfilled(filed, editor, capsys):
    from datetime import timedelta

    from django.utils import timezone

    from claims.models import Claim
    from claims.selectors.similar import claims_to_embed
    from claims.services.embeddings import claim_embeddings_sweep

    assert not claims_to_embed().exists()
    ClaimEmbedding.objects.filter(claim=filed["bg"]).update(model="an-earlier-model")
    Claim.objects.update(created_at=timezone.now() - timedelta(hours=1))
    assert list(claims_to_embed()) == [filed["bg"]]
    offered = claims_matching_text(user=editor, text=EN, language="en", exclude=filed["en"].pk)
    assert filed["bg"] not in [s.claim for s in offered]  # another model's vector space
    assert claim_embeddings_sweep() == 1
    call_command("embed_claims")
    assert "1 embedding(s) written; the index holds 3." in capsys.readouterr().out
    assert not claims_to_embed().exists()
