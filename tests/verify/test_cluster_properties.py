"""Properties of counting across a cluster, on claims built in memory
(`origins_of` and the confidence engine take their attributions and the
sources' lineage as given, so no database is needed):

- linking claims never raises the origin count above the number of distinct
  roots their chains end in, nor below any one claim's own count;
- adding a relay, in another language, never raises the suggestion.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.models import Attribution, Stance
from claims.selectors.origins import origins_of
from sources.models import Source
from sources.selectors import source_chains
from tests.conftest import examples
from verify.confidence.engine import suggest

GRADES = ["", "A", "B", "C", "D", "E", "F", "G"]
LANGUAGES = ["bg", "en", "uk", "ru"]
STANCES = [Stance.ASSERTS, Stance.DENIES, Stance.QUESTIONS, Stance.REPORTS_RUMOUR]


@st.composite
def registers(draw):
    """Sources, some belonging to an earlier one (a channel of a service)."""
    count = draw(st.integers(1, 7))
    sources = []
    for pk in range(1, count + 1):
        parent = draw(st.none() | st.integers(1, pk - 1)) if pk > 1 else None
        sources.append(
            Source(
                pk=pk, name=f"S{pk}", parent_id=parent, reliability=draw(st.sampled_from(GRADES))
            )
        )
    return sources


@st.composite
def clusters(draw):
    """Claims in several languages, each with chains of relays ending in an
    origin, as they would be filed one report at a time."""
    sources = draw(registers())
    claims, next_pk = [], 1
    for claim_id in range(1, draw(st.integers(1, 4)) + 1):
        language = draw(st.sampled_from(LANGUAGES))
        attributions = []
        for _ in range(draw(st.integers(1, 3))):
            via = None
            for depth in range(draw(st.integers(1, 3))):
                attribution = Attribution(
                    pk=next_pk,
                    claim_id=claim_id,
                    source=draw(st.sampled_from(sources)),
                    stance=draw(st.sampled_from(STANCES)) if depth == 0 else Stance.ASSERTS,
                    via_id=via,
                )
                attribution.claim_language = language
                attributions.append(attribution)
                via, next_pk = next_pk, next_pk + 1
        claims.append(attributions)
    return sources, claims


def _roots(attributions, lineage) -> set[int]:
    by_id = {a.pk: a for a in attributions}
    ends = set()
    for attribution in attributions:
        while attribution.via_id is not None:
            attribution = by_id[attribution.via_id]
        ends.add(lineage[attribution.source_id][-1].pk)
    return ends


@settings(max_examples=examples(200), deadline=None)
@given(clusters())
def test_linking_never_counts_more_origins_than_distinct_roots(drawn):
    sources, claims = drawn
    lineage = source_chains(sources)  # every parent is given: no query
    linked = [a for attributions in claims for a in attributions]

    together = origins_of(None, attributions=linked, lineage=lineage)

    assert len(together) == len(_roots(linked, lineage))
    assert len(together) <= sum(
        len(origins_of(None, attributions=a, lineage=lineage)) for a in claims
    )
    assert len(together) >= max(
        len(origins_of(None, attributions=a, lineage=lineage)) for a in claims
    )


def _level(suggested) -> int:
    """Where the suggestion leaves the claim: its confidence, or the middle
    when nothing known gives a number."""
    return 50 if suggested.confidence is None else suggested.confidence


@settings(max_examples=examples(200), deadline=None)
@given(clusters(), st.data())
def test_a_relay_in_another_language_never_raises_the_suggestion(drawn, data):
    sources, claims = drawn
    lineage = source_chains(sources)
    linked = [a for attributions in claims for a in attributions]
    before = suggest(origins_of(None, attributions=linked, lineage=lineage))

    relayed = data.draw(st.sampled_from(linked))
    relay = Attribution(
        pk=len(linked) + 1,
        claim_id=len(claims) + 1,  # a new claim, linked to the cluster
        source=data.draw(st.sampled_from(sources)),
        stance=data.draw(st.sampled_from([Stance.ASSERTS, Stance.DENIES])),
        via_id=relayed.pk,
    )
    relay.claim_language = data.draw(
        st.sampled_from([x for x in LANGUAGES if x != relayed.claim_language])
    )
    after = suggest(origins_of(None, attributions=[*linked, relay], lineage=lineage))

    assert after.origin_count == before.origin_count
    assert _level(after) <= _level(before)
