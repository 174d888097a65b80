"""Storing the confidence engine's suggestion, and queueing its recompute.

A change to a claim's inputs writes a `SuggestionRequest` row in its own
transaction (the outbox) and, once committed, queues one batched task for
all the claims the transaction touched. The task removes the rows it
served; the beat sweep queues any left behind (a broker outage)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from claims.models import Claim, Evidence
from claims.selectors import (
    cluster_attributions,
    cluster_closure,
    cluster_ids,
    origins_by_claim,
)
from config.celery_app import enqueue_on_commit
from verify.confidence import suggest
from verify.models import Review, Suggestion, SuggestionRequest
from verify.selectors import claims_citing_source


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


# Claims per recompute task: a fixed number of queries for each batch.
BATCH = 500
# Requests older than this are taken to have lost their task.
SWEEP_AFTER = timedelta(seconds=60)
FIELDS = [
    "credibility",
    "likelihood",
    "confidence",
    "analytic_confidence",
    "origin_count",
    "asserting_count",
    "denying_count",
    "reasons",
    "computed_at",
]


def suggestions_refresh(*, claim_ids: Iterable[int]) -> dict[int, Suggestion]:
    """Recompute and store the engine's suggestion for each claim and every
    claim in its cluster (they share their origins), in nine queries whatever
    the number of claims (plus one per level of source parents). Idempotent:
    it reads the current state, so running it twice gives the same rows;
    claims deleted since are skipped."""
    ids = sorted(set(claim_ids))
    started = timezone.now()
    with transaction.atomic():
        clusters = cluster_closure(cluster_ids(ids))
        claims = list(Claim.objects.filter(pk__any=list(clusters)).values_list("pk", flat=True))
        attributions = cluster_attributions(claims, clusters=clusters, rows=True)
        origins = origins_by_claim(claims, attributions=attributions)
        evidence: dict[int, list[EvidenceRow]] = defaultdict(list)
        for claim_id, relation in (
            Evidence.objects.filter(claim_id__any=claims)
            .order_by("id")
            .values_list("claim_id", "relation")
        ):
            evidence[claim_id].append(EvidenceRow(relation))
        latest: dict[int, ReviewRow] = {}
        for claim_id, *grading in (
            Review.objects.filter(claim_id__any=claims, submitted_at__isnull=False)
            .order_by("claim_id", "-submitted_at", "-id")
            .values_list("claim_id", "source_reliability", "credibility", "likelihood", "round")
        ):
            if claim_id not in latest:
                latest[claim_id] = ReviewRow(*grading)

        rows = []
        for pk in claims:
            suggested = suggest(
                origins[pk],
                evidence=evidence[pk],
                latest_review=latest.get(pk),
            )
            rows.append(
                Suggestion(
                    claim_id=pk,
                    credibility=suggested.credibility,
                    likelihood=suggested.likelihood,
                    confidence=suggested.confidence,
                    analytic_confidence=suggested.analytic_confidence,
                    origin_count=suggested.origin_count,
                    asserting_count=suggested.asserting,
                    denying_count=suggested.denying,
                    reasons=suggested.reasons,
                )
            )
        _store(rows)
        # Served; a request made while we computed stays for its own task.
        SuggestionRequest.objects.filter(claim_id__any=ids, requested_at__lte=started).delete()
    return {row.claim_id: row for row in rows}


def _store(rows: list[Suggestion]) -> None:
    """Insert or update the rows. On PostgreSQL one `INSERT … SELECT FROM
    unnest(…)` with an array a column (bulk_create's 5 000 placeholders a
    batch cost more to convert than to write); elsewhere bulk_create."""
    now = timezone.now()
    for row in rows:
        row.computed_at = now  # as auto_now would, for the rows handed back
    if connection.vendor != "postgresql":
        Suggestion.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["claim"], update_fields=FIELDS
        )
        return
    quote = connection.ops.quote_name
    fields = [Suggestion._meta.get_field(name) for name in ["claim", *FIELDS[:-1]]]
    arrays, selected = [], []
    for field in fields:
        if field.name == "reasons":  # sent as text, cast back to jsonb
            arrays.append(("text", [json.dumps(row.reasons, ensure_ascii=False) for row in rows]))
            selected.append(f"{quote(field.column)}::jsonb")
        else:
            values = [getattr(row, field.attname) for row in rows]
            arrays.append((field.db_type(connection), values))
            selected.append(quote(field.column))
    columns = [quote(field.column) for field in fields]
    computed = quote(Suggestion._meta.get_field("computed_at").column)
    unnest = ", ".join(f"%s::{kind}[]" for kind, _ in arrays)
    sql = (
        f"INSERT INTO {quote(Suggestion._meta.db_table)} ({', '.join(columns)}, {computed}) "
        f"SELECT {', '.join(selected)}, %s "
        f"FROM unnest({unnest}) AS u({', '.join(columns)}) "
        f"ON CONFLICT ({columns[0]}) DO UPDATE SET "
        + ", ".join(f"{c} = EXCLUDED.{c}" for c in [*columns[1:], computed])
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, *(values for _, values in arrays)])


def suggestion_refresh(*, claim_id: int) -> Suggestion | None:
    """One claim's recompute (see `suggestions_refresh`)."""
    return suggestions_refresh(claim_ids=[claim_id]).get(claim_id)


def suggestion_schedule(*, claim_ids: Iterable[int]) -> None:
    """Record that these claims need a recompute, and queue it once the
    current transaction commits: one task per batch of claims, however many
    changes the transaction made."""
    ids = set(claim_ids)
    if not ids:
        return
    now = timezone.now()
    SuggestionRequest.objects.bulk_create(
        [SuggestionRequest(claim_id=pk, requested_at=now) for pk in sorted(ids)],
        update_conflicts=True,
        unique_fields=["claim"],
        update_fields=["requested_at"],
        batch_size=1000,
    )
    if not connection.in_atomic_block:
        _enqueue(ids)
        return
    pending = getattr(connection, "_claimtrace_suggestions", None)
    if pending is None or not any(entry[1] is pending[0] for entry in connection.run_on_commit):
        # First change in this transaction (or the last one rolled back).
        claim_set: set[int] = set()
        pending = (lambda: _enqueue(claim_set), claim_set)
        connection._claimtrace_suggestions = pending
        transaction.on_commit(pending[0])
    pending[1].update(ids)


def _enqueue(claim_ids: Iterable[int]) -> None:
    ids = sorted(claim_ids)
    for start in range(0, len(ids), BATCH):
        enqueue_on_commit("verify.refresh_suggestions", ids[start : start + BATCH])


def suggestion_schedule_for_source(*, source_id: int) -> None:
    """A source's grade changed: every claim citing it, or a source below it."""
    suggestion_schedule(claim_ids=claims_citing_source(source_id=source_id))


def suggestion_requests_sweep() -> int:
    """Queue the recomputes whose task never came (the broker was down when
    their change committed). Returns how many claims were queued."""
    cutoff = timezone.now() - SWEEP_AFTER
    ids = list(
        SuggestionRequest.objects.filter(requested_at__lt=cutoff).values_list("claim_id", flat=True)
    )
    _enqueue(ids)
    return len(ids)
