"""The confidence engine: origins, not repetitions; suggestions with reasons."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.models import Claim
from claims.selectors.origins import origins_of
from tests.conftest import examples
from tests.factories import AttributionFactory, ClaimFactory, EvidenceFactory, SourceFactory
from verify.confidence.engine import suggest
from verify.confidence.reasons import reasons_text
from verify.services.suggestions import claim_suggestion_recompute

pytestmark = pytest.mark.django_db


def words(suggestion) -> list[str]:
    """The suggestion's reasons in English words."""
    return reasons_text(suggestion.reasons, language="en")


def suggestion_for(claim):
    claim = Claim.objects.get(pk=claim.pk)
    return suggest(origins_of(claim), evidence=list(claim.evidence.all()))


# --- on the demo article ---------------------------------------------------------


def test_the_kisel_chaiko_rumour_has_one_origin_and_is_flagged(demo):
    claim = Claim.objects.get(text_en__contains="Chaiko")

    origins = origins_of(claim)
    suggestion = claim_suggestion_recompute(claim_id=claim.pk)

    assert [o.root.name for o in origins] == ["Arabic-language channels (unnamed)"]
    assert len(origins[0].relays) == 3  # Rybar, Military Informant, the news site
    assert suggestion.origin_count == 1
    assert "single origin" in words(suggestion)
    assert "reported as rumour" in words(suggestion)
    assert "3 relays of Arabic-language channels (unnamed) add no independence" in (
        words(suggestion)
    )
    # nothing of known reliability: no number is made up
    assert (suggestion.credibility, suggestion.confidence) == ("6", None)


def test_a_hur_claim_relayed_by_the_site_is_one_origin_graded_c(demo):
    claim = Claim.objects.get(text_en__contains="leaving Damascus")
    suggestion = claim_suggestion_recompute(claim_id=claim.pk)
    assert suggestion.origin_count == 1
    assert "origin graded C (Fairly reliable): Ukrainian military intelligence (HUR)" in (
        words(suggestion)
    )
    assert suggestion.credibility == "3"
    assert suggestion.likelihood == "likely"


def test_a_channel_and_the_service_that_owns_it_are_one_origin():
    hur = SourceFactory(name="HUR", reliability="C")
    channel = SourceFactory(name="HUR on Telegram", parent=hur)
    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=hur)
    AttributionFactory(claim=claim, source=channel)
    origins = origins_of(claim)
    assert len(origins) == 1
    assert origins[0].reliability == "C"  # the channel inherits the service's grade
    assert "HUR and HUR on Telegram belong to HUR: one origin" in words(suggestion_for(claim))


# --- counting origins ------------------------------------------------------------


def test_two_independent_origins_count_two():
    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=SourceFactory(reliability="C"))
    AttributionFactory(claim=claim, source=SourceFactory(reliability="C"))
    suggestion = suggestion_for(claim)
    assert suggestion.origin_count == 2
    assert "2 independent origins" in words(suggestion)


def test_a_relay_chain_of_ten_counts_one():
    claim = ClaimFactory()
    link = AttributionFactory(claim=claim, source=SourceFactory(reliability="C"))
    for _ in range(9):
        link = AttributionFactory(claim=claim, via=link, source=SourceFactory(reliability="B"))
    suggestion = suggestion_for(claim)
    assert suggestion.origin_count == 1
    assert "9 relays of" in " ".join(words(suggestion))
    # the relays' better grades lend nothing
    alone = ClaimFactory()
    AttributionFactory(claim=alone, source=SourceFactory(reliability="C"))
    assert suggestion.confidence == suggestion_for(alone).confidence


def test_a_denial_lowers_the_suggestion():
    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=SourceFactory(reliability="C"))
    before = suggestion_for(claim)
    denier = SourceFactory(name="Syrian MoD", reliability="B")
    AttributionFactory(claim=claim, source=denier, stance="denies")
    after = suggestion_for(claim)
    assert after.confidence < before.confidence
    assert "denied by an independent origin graded B: Syrian MoD" in words(after)


def test_a_single_origin_never_confirms():
    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=SourceFactory(reliability="A"))
    suggestion = suggestion_for(claim)
    assert suggestion.credibility == "2"
    assert "a single origin can never confirm a claim" in words(suggestion)


def test_independent_good_origins_with_evidence_confirm():
    claim = ClaimFactory()
    for _ in range(2):
        AttributionFactory(claim=claim, source=SourceFactory(reliability="B"))
    EvidenceFactory(claim=claim, relation="supports")
    suggestion = suggestion_for(claim)
    assert suggestion.credibility == "1"
    assert suggestion.analytic_confidence == "high"


def test_refuting_evidence_can_make_it_false():
    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=SourceFactory(reliability="E"))
    EvidenceFactory(claim=claim, relation="refutes")
    EvidenceFactory(claim=claim, relation="refutes")
    suggestion = suggestion_for(claim)
    assert suggestion.credibility == "false"
    assert "refuting evidence: 2" in words(suggestion)


def test_unknown_reliability_is_unknown_not_fifty_percent():
    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=SourceFactory(reliability=""))
    AttributionFactory(claim=claim, source=SourceFactory(reliability="F"))
    suggestion = suggestion_for(claim)
    assert (suggestion.credibility, suggestion.likelihood, suggestion.confidence) == ("6", "", None)


def test_a_deliberately_deceptive_origin_counts_against():
    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=SourceFactory(name="Troll farm", reliability="G"))
    suggestion = suggestion_for(claim)
    assert suggestion.confidence < 50
    assert "origin graded G (deliberately deceptive): Troll farm" in words(suggestion)


def test_a_relay_that_denies_what_it_passes_on_lowers_it():
    claim = ClaimFactory()
    origin = AttributionFactory(claim=claim, source=SourceFactory(reliability="C"))
    before = suggestion_for(claim)
    AttributionFactory(
        claim=claim, via=origin, stance="denies", source=SourceFactory(reliability="B")
    )
    assert suggestion_for(claim).confidence < before.confidence


def test_refresh_is_idempotent_and_costs_the_same_for_any_depth():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def claim_with_chain(depth):
        claim = ClaimFactory()
        link = AttributionFactory(claim=claim, source=SourceFactory(reliability="C"))
        for _ in range(depth):
            link = AttributionFactory(claim=claim, via=link)
        return claim

    shallow, deep = claim_with_chain(1), claim_with_chain(30)
    claim_suggestion_recompute(claim_id=shallow.pk)
    first = claim_suggestion_recompute(claim_id=deep.pk)
    costs = []
    for claim in (shallow, deep):
        with CaptureQueriesContext(connection) as queries:
            again = claim_suggestion_recompute(claim_id=claim.pk)
        costs.append(len(queries))
    assert costs[0] == costs[1]
    assert (first.credibility, first.confidence, first.reasons) == (
        again.credibility,
        again.confidence,
        again.reasons,
    )


# --- properties on random chains --------------------------------------------------

GRADES = st.sampled_from(["", "A", "B", "C", "D", "E", "F", "G"])
STANCES = st.sampled_from(["asserts", "denies", "questions", "reports_rumour"])


@st.composite
def chains(draw):
    """A random claim shape: sources (some under a parent), attributions each
    relaying an earlier one or none."""
    n_sources = draw(st.integers(1, 6))
    sources = [
        {"grade": draw(GRADES), "parent": draw(st.one_of(st.none(), st.integers(0, i - 1)))}
        if i
        else {"grade": draw(GRADES), "parent": None}
        for i in range(n_sources)
    ]
    n_links = draw(st.integers(1, 8))
    links = []
    for i in range(n_links):
        via = draw(st.one_of(st.none(), st.integers(0, i - 1))) if i else None
        links.append(
            {"source": draw(st.integers(0, n_sources - 1)), "stance": draw(STANCES), "via": via}
        )
    return sources, links


def _build(shape):
    sources_spec, links_spec = shape
    sources = []
    for spec in sources_spec:
        parent = sources[spec["parent"]] if spec["parent"] is not None else None
        sources.append(SourceFactory(reliability=spec["grade"], parent=parent))
    claim = ClaimFactory()
    links = []
    for spec in links_spec:
        via = links[spec["via"]] if spec["via"] is not None else None
        links.append(
            AttributionFactory(
                claim=claim, source=sources[spec["source"]], stance=spec["stance"], via=via
            )
        )
    return claim, sources, links


def _root(source):
    while source.parent is not None:
        source = source.parent
    return source


PROPERTY_SETTINGS = settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@PROPERTY_SETTINGS
@given(shape=chains())
def test_origin_count_never_exceeds_the_distinct_roots(shape):
    claim, sources, links = _build(shape)
    origins = origins_of(claim)

    ends = set()
    for link in links:
        while link.via is not None:
            link = link.via
        ends.add(link)
    distinct_roots = {_root(s).pk for s in sources}
    assert len(origins) == len({_root(end.source).pk for end in ends})
    assert len(origins) <= len(distinct_roots)
    assert sum(len(o.attributions) + len(o.relays) for o in origins) == len(links)


@PROPERTY_SETTINGS
@given(
    shape=chains(),
    relay_grade=GRADES,
    relay_stance=STANCES,
    pick=st.integers(0, 100),
)
def test_adding_a_relay_never_raises_the_suggestion(shape, relay_grade, relay_stance, pick):
    claim, _, links = _build(shape)
    before = suggestion_for(claim)

    relayed = links[pick % len(links)]
    AttributionFactory(
        claim=claim, via=relayed, stance=relay_stance, source=SourceFactory(reliability=relay_grade)
    )
    after = suggestion_for(claim)

    assert after.origin_count == before.origin_count
    if before.confidence is not None and after.confidence is not None:
        assert after.confidence <= before.confidence
    elif before.confidence is None and after.confidence is not None:
        assert after.confidence <= 50  # only a denial can bring a number in


def test_the_batch_stores_what_it_hands_back_in_any_script():
    """The batch writes through one JSON statement: what is read back
    equals what the engine returned, Cyrillic reasons included, and a
    second run updates the same row."""
    from verify.models import Suggestion
    from verify.services.suggestions import FIELDS, suggestions_recompute

    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=SourceFactory(name="Рибар", reliability="D"))
    returned = suggestions_recompute(claim_ids=[claim.pk])[claim.pk]
    stored = Suggestion.objects.get(claim=claim)
    assert "origin graded D (Not usually reliable): Рибар" in words(stored)
    assert {f: getattr(stored, f) for f in FIELDS} == {f: getattr(returned, f) for f in FIELDS}
    assert stored.origin_count == 1
    AttributionFactory(claim=claim, source=SourceFactory(name="Военен осведомител"))
    claim_suggestion_recompute(claim_id=claim.pk)
    assert Suggestion.objects.filter(claim=claim).get().origin_count == 2
