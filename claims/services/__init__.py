"""Every write of the claims app. Split by sub-domain; import from here."""

from claims.services.archive import evidence_archive, evidence_archive_schedule
from claims.services.claims import (
    attribution_add,
    attribution_remove,
    attribution_set_via,
    attribution_update,
    claim_create,
    claim_update,
    evidence_add,
    evidence_remove,
    evidence_update,
    tag_get_or_create,
)
from claims.services.imports import claim_import
from claims.services.ingestion import (
    candidate_accept,
    candidate_drop,
    ingestion_job_create,
    ingestion_run,
)

__all__ = [
    "attribution_add",
    "attribution_remove",
    "attribution_set_via",
    "attribution_update",
    "candidate_accept",
    "candidate_drop",
    "claim_create",
    "claim_import",
    "claim_update",
    "evidence_add",
    "evidence_archive",
    "evidence_archive_schedule",
    "evidence_remove",
    "evidence_update",
    "ingestion_job_create",
    "ingestion_run",
    "tag_get_or_create",
]
