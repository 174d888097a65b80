"""Storing the confidence engine's suggestion, and queueing its recompute.

A change to a claim's inputs writes a `SuggestionRequest` row in its own
transaction (the outbox) and, once committed, queues one batched task for
all the claims the transaction touched. The task removes the rows it
served; the beat sweep queues any left behind (a broker outage)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import orjson
from django.db import connection, transaction
from django.utils import timezone

from config.celery_app import enqueue_on_commit
from verify.confidence.engine import Suggested, suggest_many
from verify.models import Suggestion, SuggestionRequest
from verify.selectors import claims_citing_source, suggestion_inputs

# Claims per recompute task: a fixed number of queries for each batch.
BATCH = 1000
# Requests older than this are taken to have lost their task.
SWEEP_AFTER = timedelta(seconds=60)
# What the engine suggests, stored under the same names.
FIELDS = [
    "credibility",
    "likelihood",
    "confidence",
    "analytic_confidence",
    "origin_count",
    "asserting_count",
    "denying_count",
    "reasons",
]


def suggestions_recompute(*, claim_ids: Iterable[int]) -> dict[int, Suggested]:
    """Recompute and store the engine's suggestion for each claim and every
    claim in its cluster (they share their origins): their inputs in one
    statement on PostgreSQL (`suggestion_inputs`), scored as one batch
    (`suggest_many`: the reasons in Python, the numbers as arrays), the rows
    written in one more. Returns what was stored, by claim.
    Idempotent: it reads the current state, so running it twice gives the
    same rows; claims deleted since are skipped."""
    ids = sorted(set(claim_ids))
    started = timezone.now()
    with transaction.atomic():
        inputs = suggestion_inputs(claim_ids=ids)
        scored = suggest_many([(i.origins, i.evidence, i.latest_review) for i in inputs])
        suggested = {i.claim_id: s for i, s in zip(inputs, scored, strict=True)}
        _store(suggested)
        # Served; a request made while we computed stays for its own task.
        SuggestionRequest.objects.filter(claim_id__any=ids, requested_at__lte=started).delete()
    return suggested


def _store(suggested: dict[int, Suggested]) -> None:
    """Insert or update the rows. On PostgreSQL one `INSERT … SELECT FROM
    json_populate_recordset(…)`: the rows travel as one JSON text (bulk_create's
    5 000 placeholders a batch, or text arrays, cost more to convert than to
    write); elsewhere bulk_create."""
    now = timezone.now()
    fields = [Suggestion._meta.get_field(name) for name in FIELDS]
    if connection.vendor != "postgresql":
        Suggestion.objects.bulk_create(
            [
                Suggestion(
                    claim_id=pk, computed_at=now, **{f.name: getattr(s, f.name) for f in fields}
                )
                for pk, s in suggested.items()
            ],
            update_conflicts=True,
            unique_fields=["claim"],
            update_fields=[*FIELDS, "computed_at"],
        )
        return
    quote = connection.ops.quote_name
    claim = Suggestion._meta.get_field("claim").column
    values = orjson.dumps(
        [
            {claim: pk} | {f.column: getattr(s, f.name) for f in fields}
            for pk, s in suggested.items()
        ]
    ).decode()
    columns = [quote(claim), *(quote(f.column) for f in fields)]
    computed = quote(Suggestion._meta.get_field("computed_at").column)
    table = quote(Suggestion._meta.db_table)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}, {computed}) "
        f"SELECT {', '.join(columns)}, %s FROM json_populate_recordset(NULL::{table}, %s) "
        f"ON CONFLICT ({columns[0]}) DO UPDATE SET "
        + ", ".join(f"{c} = EXCLUDED.{c}" for c in [*columns[1:], computed])
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, values])


def claim_suggestion_recompute(*, claim_id: int) -> Suggestion | None:
    """One claim's recompute (see `suggestions_recompute`): the row stored."""
    suggestions_recompute(claim_ids=[claim_id])
    return Suggestion.objects.filter(claim_id=claim_id).first()


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
