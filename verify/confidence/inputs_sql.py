"""The confidence engine's inputs for a batch of claims, gathered by
PostgreSQL in one statement: the batch recompute then keeps only the scoring
in Python (docs/benchmarks.md, "Suggestion recompute").

For each claim of the batch and of its clusters the statement returns its
origins (following `via` to each chain's end, each end's source up to its
top organisation, the nearest graded source on the way, grouped by top
organisation across the cluster), with the relays that reached each origin,
the counts of the claim's own supporting and refuting evidence, and the
latest submitted review's grading. `claims.selectors.origins.origins_of` is the rule
and serves every page; this is its set-based form, and a test holds the two
to each other on random graphs of chains, parents, grades and clusters
(tests/verify/test_inputs_sql.py). What a group of sources is called, its
grade when it has several and the order of origins stay in Python, in
`claims.selectors`, for both.

Table and column names come from the models' `_meta`, codes from the enums;
values travel as named parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import orjson
from django.db import connection, transaction

from claims.models import Attribution, Claim, Evidence
from claims.selectors.origins import AttributionRow, Origin, SourceRow, origin_order
from sources.models import Source
from verify.models import Review

# How far the statement follows `via` and `parent`: the chain guard and the
# source forms refuse cycles, so this only bounds a corrupted row.
MAX_DEPTH = 64


@dataclass(slots=True)
class EvidenceRow:
    """What the engine reads of a piece of evidence."""

    relation: str


@dataclass(slots=True)
class ReviewRow:
    """What the engine reads of the latest submitted review."""

    source_reliability: str
    credibility: str
    likelihood: str
    round: int


@dataclass(slots=True)
class SuggestionInputs:
    """One claim's inputs to `verify.confidence.engine.suggest`."""

    claim_id: int
    origins: list[Origin]
    evidence: list[EvidenceRow]
    latest_review: ReviewRow | None


@cache
def _statement() -> str:
    q = connection.ops.quote_name

    def t(model) -> str:
        return q(model._meta.db_table)

    def c(model, field: str) -> str:
        return q(model._meta.get_field(field).column)

    graded = ("source_reliability", "credibility", "likelihood", "round")
    return _STATEMENT.format(
        claim=t(Claim), attribution=t(Attribution), source=t(Source),
        evidence_table=t(Evidence), review_table=t(Review), max_depth=MAX_DEPTH,
        same_as=c(Claim, "same_as"), language=c(Claim, "language"),
        a_claim=c(Attribution, "claim"), via=c(Attribution, "via"),
        stance=c(Attribution, "stance"), a_source=c(Attribution, "source"),
        unnamed=c(Attribution, "unnamed"),
        name=c(Source, "name"), parent=c(Source, "parent"), grade=c(Source, "reliability"),
        e_claim=c(Evidence, "claim"), relation=c(Evidence, "relation"),
        r_claim=c(Review, "claim"), submitted=c(Review, "submitted_at"),
        r_fields=", ".join(f"r.{c(Review, f)}" for f in graded),
        l_fields=", ".join(f"l.{c(Review, f)}" for f in graded),
    )  # fmt: skip


# The statement, with the tables and columns `_statement` fills in. The
# latest submitted review here is `Review.objects.submitted()` in SQL, and
# the walk up `parent` is `sources.selectors.chain_of`:
# tests/verify/test_inputs_sql.py holds this statement equal to the ORM
# reading (`verify.selectors.suggestion_inputs_orm`) on random registers.
_STATEMENT = """
WITH RECURSIVE
clusters AS (
  SELECT DISTINCT coalesce(c.{same_as}, c.id) AS cluster FROM {claim} c WHERE c.id = ANY(%(ids)s)
), members AS (
  SELECT c.id, c.{language} AS language, k.cluster
    FROM clusters k JOIN {claim} c ON c.id = k.cluster
  UNION ALL
  SELECT c.id, c.{language}, k.cluster
    FROM clusters k JOIN {claim} c ON c.{same_as} = k.cluster
), ends AS (        -- the attributions that relay no one: the chains' ends
  SELECT a.id, a.{stance} AS stance, a.{a_source} AS source, a.{unnamed} AS unnamed, m.cluster
    FROM members m JOIN {attribution} a ON a.{a_claim} = m.id WHERE a.{via} IS NULL
), relays AS (      -- the others, with their own source's name and grade
  SELECT a.id, a.{via} AS via, a.{stance} AS stance, a.{a_source} AS source, m.cluster,
         m.language, s.{name} AS name, s.{grade} AS grade
    FROM members m JOIN {attribution} a ON a.{a_claim} = m.id
    JOIN {source} s ON s.id = a.{a_source}
   WHERE a.{via} IS NOT NULL
), walk AS (        -- each relay's way along `via` to its chain's end
  SELECT a.id AS start, a.via, a.source, 0 AS depth FROM relays a
  UNION ALL
  SELECT w.start, p.{via}, p.{a_source}, w.depth + 1
    FROM walk w JOIN {attribution} p ON p.id = w.via WHERE w.depth < {max_depth}
), lineage AS (     -- each said-by source up to its top organisation, carrying its
  SELECT s.id AS source, s.{name} AS name, s.{grade} AS own,   -- own name and grade
         s.{grade} AS graded,   -- and the nearest grade on the way up
         s.id, s.{name} AS top_name, s.{parent} AS parent, 0 AS depth
    FROM (SELECT DISTINCT source FROM ends) e
    CROSS JOIN LATERAL (  -- by its key (LIMIT: a lookup a row, not a scan of them all)
      SELECT * FROM {source} s WHERE s.id = e.source LIMIT 1) s
  UNION ALL
  SELECT l.source, l.name, l.own, CASE WHEN l.graded <> '' THEN l.graded ELSE p.{grade} END,
         p.id, p.{name}, p.{parent}, l.depth + 1
    FROM lineage l
    CROSS JOIN LATERAL (SELECT * FROM {source} p WHERE p.id = l.parent LIMIT 1) p
   WHERE l.depth < {max_depth}
), known AS (       -- at the top
  SELECT source, name, own, graded, id AS root, top_name AS root_name
    FROM lineage WHERE parent IS NULL
), parts AS (       -- what reached each origin: its chain ends (0) and its relays (1)
  SELECT a.cluster,
         json_build_array(k.root, k.root_name, 0, a.id, a.stance, a.source, k.name, k.own,
                          k.graded, a.unnamed) AS part
    FROM ends a JOIN known k USING (source)
  UNION ALL
  SELECT a.cluster,
         json_build_array(k.root, k.root_name, 1, a.id, a.stance, a.source, a.name, a.grade,
                          a.language, false)
    FROM relays a
    JOIN walk w ON w.start = a.id AND w.via IS NULL
    JOIN known k ON k.source = w.source
), by_cluster AS (
  SELECT cluster, json_agg(part) AS parts FROM parts GROUP BY cluster
), evidence AS (    -- the claims' own evidence that weighs
  SELECT e.{e_claim} AS claim,
         count(*) FILTER (WHERE e.{relation} = %(supports)s) AS supports,
         count(*) FILTER (WHERE e.{relation} = %(refutes)s) AS refutes
    FROM {evidence_table} e WHERE e.{e_claim} = ANY(ARRAY(SELECT id FROM members))
   GROUP BY e.{e_claim}
), latest AS (      -- their latest submitted reviews
  SELECT DISTINCT ON (r.{r_claim}) r.{r_claim} AS claim, {r_fields}
    FROM {review_table} r
   WHERE r.{r_claim} = ANY(ARRAY(SELECT id FROM members)) AND r.{submitted} IS NOT NULL
   ORDER BY r.{r_claim}, r.{submitted} DESC, r.id DESC
)
SELECT m.id, o.parts::text,  -- the JSON decoded by orjson
       coalesce(e.supports, 0), coalesce(e.refutes, 0), {l_fields}
  FROM members m
  LEFT JOIN by_cluster o USING (cluster)
  LEFT JOIN evidence e ON e.claim = m.id
  LEFT JOIN latest l ON l.claim = m.id
"""


def suggestion_inputs_statement(claim_ids: list[int]) -> tuple[str, dict]:
    """The statement that reads these claims' inputs, and its parameters
    (the benchmark runs it alone: the recompute's limit)."""
    params = {
        "ids": claim_ids,
        "supports": Evidence.Relation.SUPPORTS,
        "refutes": Evidence.Relation.REFUTES,
    }
    return _statement(), params


def suggestion_inputs_sql(claim_ids: list[int]) -> list[SuggestionInputs]:
    """The inputs of these claims and of every claim in their clusters."""
    statement, params = suggestion_inputs_statement(claim_ids)
    with transaction.atomic(), connection.cursor() as cursor:
        # The planner guesses the recursive walks' sizes high and would JIT-
        # compile the statement: over a second, for some 40 ms of work. For
        # this transaction only, as a pooled connection needs.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    supports = EvidenceRow(Evidence.Relation.SUPPORTS)
    refutes = EvidenceRow(Evidence.Relation.REFUTES)
    inputs = []
    for claim_id, origins, supporting, refuting, *review in rows:
        inputs.append(
            SuggestionInputs(
                claim_id=claim_id,
                origins=_origins(claim_id, orjson.loads(origins)) if origins else [],
                evidence=[supports] * supporting + [refutes] * refuting,
                latest_review=ReviewRow(*review) if review[0] is not None else None,
            )
        )
    return inputs


def _origins(claim_id: int, parts: list) -> list[Origin]:
    """Origins from the statement's parts: [root, root's name, 0 for a chain
    end or 1 for a relay, attribution, stance, source, its name, then for an
    end its source's own grade and the nearest one on the way up, for a
    relay its source's grade and the language of the claim it is on; last,
    whether an unnamed source of it spoke]."""
    origins: dict[int, Origin] = {}
    for root, root_name, kind, pk, stance, source_id, name, grade, extra, unnamed in sorted(
        parts, key=lambda part: (part[2], part[3])
    ):
        origin = origins.get(root)
        if origin is None:
            origin = origins[root] = Origin(root=SourceRow(root, root_name, None, ""))
        source = SourceRow(source_id, name, None, grade)
        if kind:
            origin.relays.append(
                AttributionRow(pk, claim_id, None, stance, source_id, source, extra)
            )
        else:
            end = AttributionRow(pk, claim_id, None, stance, source_id, source, "", unnamed)
            origin.add_end(end, extra)
    return sorted(origins.values(), key=origin_order)
