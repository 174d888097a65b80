"""The batch recompute's one statement (verify/confidence/inputs_sql.py) against the
rule it is the set-based form of (`origins_by_claim`, read through the ORM):
on random registers of parent organisations, grades, relay chains, clusters,
evidence and reviews, both give every claim the same origins, evidence that
weighs (supporting and refuting) and latest review, and so the same suggestion, reasons included."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import Attribution, Claim, Evidence
from sources.scales import AnalyticConfidence, Credibility, Likelihood, Reliability
from tests.factories import ClaimFactory, SourceFactory, UserFactory
from verify.confidence.engine import suggest, suggest_many
from verify.confidence.inputs_sql import suggestion_inputs_sql
from verify.models import Review, Suggestion
from verify.selectors import suggestion_inputs_orm
from verify.services.suggestions import FIELDS, suggestions_recompute

pytestmark = pytest.mark.django_db

GRADES = ["", "", *Reliability.values]
STANCES = Attribution.Stance.values
LANGUAGES = ["bg", "en", "ru", "uk"]


def _register(rng: random.Random, reviewer) -> list[int]:
    sources = []
    for i in range(rng.randint(3, 12)):
        parent = rng.choice(sources) if sources and rng.random() < 0.5 else None
        sources.append(
            SourceFactory(name=f"Източник {i}", reliability=rng.choice(GRADES), parent=parent)
        )
    claims: list[Claim] = []
    for i in range(rng.randint(4, 14)):
        roots = [c for c in claims if c.same_as_id is None]
        same_as = rng.choice(roots) if roots and rng.random() < 0.3 else None
        claims.append(
            ClaimFactory(text=f"Claim {i}", language=rng.choice(LANGUAGES), same_as=same_as)
        )
    now = timezone.now()
    for claim in claims:
        said: list[Attribution] = []
        for _ in range(rng.randint(0, 5)):
            via = rng.choice(said) if said and rng.random() < 0.5 else None
            said.append(
                Attribution.objects.create(
                    claim=claim,
                    source=rng.choice(sources),
                    via=via,
                    stance=rng.choice(STANCES),
                )
            )
        for n in range(rng.choice([0, 0, 1, 2, 3])):
            Evidence.objects.create(
                claim=claim,
                kind=Evidence.Kind.PHOTO,
                relation=rng.choice(Evidence.Relation.values),
                url=f"https://evidence.example/{claim.pk}/{n}",
            )
        for n in range(rng.choice([0, 1, 2])):
            Review.objects.create(
                claim=claim,
                reviewer=reviewer,
                round=rng.randint(1, 2),
                credibility=rng.choice(Credibility.values),
                likelihood=rng.choice(["", *Likelihood.values]),
                confidence=rng.choice(AnalyticConfidence.values),
                source_reliability=rng.choice(GRADES),
                rationale="Checked.",
                submitted_at=now - timedelta(minutes=rng.randint(0, 3))
                if n or rng.random() < 0.7
                else None,
            )
    return [c.pk for c in claims]


def _origin(o) -> tuple:
    return (
        o.root.pk,
        o.root.name,
        [(s.pk, s.name, s.reliability) for s in o.sources],
        [(a.pk, a.stance, a.source.pk, a.source.reliability) for a in o.attributions],
        [
            (r.pk, r.stance, r.source.pk, r.source.name, r.source.reliability, r.claim_language)
            for r in o.relays
        ],
        o.stance,
        o.reliability,
        o.name,
        o.relay_languages,
    )


@pytest.mark.parametrize("seed", range(8))
def test_the_statement_reads_what_origins_by_claim_counts(seed):
    rng = random.Random(seed)
    ids = _register(rng, UserFactory())
    batch = rng.sample(ids, k=max(1, len(ids) // 2))  # the clusters bring the rest

    by_sql = {i.claim_id: i for i in suggestion_inputs_sql(batch)}
    by_orm = {i.claim_id: i for i in suggestion_inputs_orm(claim_ids=batch)}

    assert set(by_sql) == set(by_orm)
    assert set(batch) <= set(by_sql)
    for pk, expected in by_orm.items():
        got = by_sql[pk]
        assert [_origin(o) for o in got.origins] == [_origin(o) for o in expected.origins], pk
        weighed = (Evidence.Relation.SUPPORTS, Evidence.Relation.REFUTES)  # context weighs nothing
        assert sorted(e.relation for e in got.evidence) == sorted(
            e.relation for e in expected.evidence if e.relation in weighed
        )
        assert got.latest_review == expected.latest_review
        assert suggest(
            got.origins, evidence=got.evidence, latest_review=got.latest_review
        ) == suggest(
            expected.origins, evidence=expected.evidence, latest_review=expected.latest_review
        )


@pytest.mark.parametrize("seed", range(8, 14))
def test_the_batch_recompute_stores_what_each_claim_alone_is_suggested(seed):
    """The recompute scores a batch at a time (arrays across the claims);
    each claim's stored suggestion is the one the engine gives that claim on
    its own, from the ORM's reading of its origins (what its page shows)."""
    rng = random.Random(seed)
    ids = _register(rng, UserFactory())

    suggestions_recompute(claim_ids=ids)

    stored = {s.claim_id: s for s in Suggestion.objects.filter(claim_id__in=ids)}
    assert set(stored) == set(ids)
    for pk in ids:
        (alone,) = [i for i in suggestion_inputs_orm(claim_ids=[pk]) if i.claim_id == pk]
        expected = suggest(
            alone.origins, evidence=alone.evidence, latest_review=alone.latest_review
        )
        got = stored[pk]
        assert {f: getattr(got, f) for f in FIELDS} == {f: getattr(expected, f) for f in FIELDS}, pk


def test_a_batch_scores_each_claim_as_if_it_were_alone():
    rng = random.Random(99)
    ids = _register(rng, UserFactory())
    inputs = suggestion_inputs_orm(claim_ids=ids)

    batch = suggest_many([(i.origins, i.evidence, i.latest_review) for i in inputs])

    assert batch == [
        suggest(i.origins, evidence=i.evidence, latest_review=i.latest_review) for i in inputs
    ]
    assert len({s.credibility for s in batch}) > 1  # the register gives claims apart
