"""Background work of the claims app; each task takes ids and calls a service."""

import os

from celery import shared_task
from celery.signals import worker_init
from django.conf import settings
from django.db import InterfaceError, OperationalError

from claims.matching import index
from claims.services.archive import (
    TransientFetchError,
    evidence_archive,
    evidence_archive_sweep,
)
from claims.services.embeddings import claim_embeddings_refresh, claim_embeddings_sweep
from claims.services.ingestion import ingestion_jobs_sweep, ingestion_run, ingestion_warm_up
from claims.services.watches import watch_poll, watches_poll_due

ARCHIVE_RETRIES = 5


@worker_init.connect
def warm_up(**kwargs) -> None:
    """A worker loads ingestion's models before its pool forks (the children
    share them), so the first job after a start is not the slow one.

    One embedder thread a process: the pool's processes are the parallelism,
    and an OpenMP thread pool started in the parent does not survive the
    fork: the first embedding in a child then waited for ever (every
    ingestion job hit its 600 s limit; bench/intake.py found it). OpenMP
    reads the variable when it first starts, which the warm-up is."""
    os.environ["OMP_NUM_THREADS"] = "1"
    if settings.CLAIMTRACE_WARM_UP:
        ingestion_warm_up()


@shared_task(
    bind=True,
    name="claims.archive_evidence",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=ARCHIVE_RETRIES,
)
def archive_evidence(self, evidence_pk: int) -> str:
    # Run in-process (the quick start), there is no later to retry in.
    final = self.request.is_eager or self.request.retries >= ARCHIVE_RETRIES
    try:
        return evidence_archive(evidence_pk=evidence_pk, final_attempt=final)
    except TransientFetchError as exc:
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task(
    name="claims.run_ingestion",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=5,
)
def run_ingestion(job_pk: int) -> dict:
    job = ingestion_run(job_pk=job_pk)
    return {"job": job_pk, "status": job.status, "candidates": job.result.get("candidates", 0)}


@shared_task(
    name="claims.embed_claims",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=5,
)
def embed_claims(claim_ids: list[int]) -> int:
    return claim_embeddings_refresh(claim_ids=claim_ids)


@shared_task(name="claims.rebuild_vector_index")
def rebuild_vector_index() -> int:
    return index.rebuild()


@shared_task(name="claims.sweep_lost_work")
def sweep_lost_work() -> dict:
    """Periodic sweep (beat): queue archives, ingestion jobs and embeddings
    whose task never came, e.g. ones made while the broker was down."""
    return {
        "archives": evidence_archive_sweep(),
        "jobs": ingestion_jobs_sweep(),
        "embeddings": claim_embeddings_sweep(),
    }


@shared_task(
    name="claims.poll_watch",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=3,
)
def poll_watch(watch_pk: int) -> dict:
    return watch_poll(watch_pk=watch_pk).as_dict()


@shared_task(name="claims.poll_due_watches")
def poll_due_watches() -> int:
    """Beat, every minute: queue the watches that are due."""
    return watches_poll_due()
