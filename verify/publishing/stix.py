"""A STIX 2.1 bundle of what the desk has published: sources as identities
(with their reliability), claims as notes, the published reviews as opinions,
confidence on the spec's Admiralty scale, URLs as external references, TLP
marking. Ids are derived from our primary keys, so a re-export updates the
same objects in the importing platform."""

from __future__ import annotations

import json
import uuid

import stix2
from django.conf import settings

from claims.models import Claim
from sources.models import Source
from sources.scales import (
    CREDIBILITY_TO_STIX,
    STIX_IDENTITY_CLASS,
    STIX_OPINION,
    Reliability,
)

NAMESPACE = uuid.UUID("6f9c7c2e-3e1c-4c39-8a61-1b2f4f0c7a11")
MARKING = stix2.TLP_WHITE


def _extension(desk: stix2.Identity) -> stix2.ExtensionDefinition:
    """Declares our top-level properties (reliability, status, grade)."""
    return stix2.ExtensionDefinition(
        id=_id("extension-definition", "claimtrace-properties"),
        created_by_ref=desk.id,
        created="2026-11-24T00:00:00.000Z",
        modified="2026-11-24T00:00:00.000Z",
        name="Claimtrace verification properties",
        description=(
            "x_claimtrace_reliability (Admiralty A-G) and its label on identities; "
            "x_claimtrace_grade (e.g. C3) on opinions."
        ),
        schema=settings.CLAIMTRACE_ORGANISATION_URL.rstrip("/") + "/docs/stix-extension",
        version="1.0.0",
        extension_types=["toplevel-property-extension"],
        object_marking_refs=[MARKING],
    )


def _uses(extension: stix2.ExtensionDefinition) -> dict:
    return {"extensions": {extension.id: {"extension_type": "toplevel-property-extension"}}}


def _id(kind: str, key: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


def _desk() -> stix2.Identity:
    return stix2.Identity(
        id=_id("identity", "desk"),
        created="2026-11-24T00:00:00.000Z",  # fixed: a re-export is the same object
        modified="2026-11-24T00:00:00.000Z",
        name=settings.CLAIMTRACE_ORGANISATION_NAME,
        identity_class="organization",
        contact_information=settings.CLAIMTRACE_ORGANISATION_URL,
        object_marking_refs=[MARKING],
    )


def _identity(source: Source, desk: stix2.Identity, extension) -> stix2.Identity:
    description = source.affiliation or source.description or None
    extra = {}
    if source.reliability:
        extra["x_claimtrace_reliability"] = source.reliability
        extra["x_claimtrace_reliability_label"] = str(Reliability(source.reliability).label)
        extra.update(_uses(extension))
    refs = [{"source_name": source.platform or "web", "url": source.url}] if source.url else None
    return stix2.Identity(
        id=_id("identity", f"source:{source.pk}"),
        created_by_ref=desk.id,
        name=source.name,
        identity_class=STIX_IDENTITY_CLASS.get(source.kind, "unknown"),
        description=description,
        external_references=refs,
        object_marking_refs=[MARKING],
        allow_custom=True,
        **extra,
    )


def stix_objects(*, claim: Claim, review, attributions, origins, signed_at) -> list[dict]:
    """A claim's STIX objects as signed off: an identity per source it
    names, the note and the desk's opinion. Stored in the public record."""
    desk = _desk()
    extension = _extension(desk)
    identities: dict[int, stix2.Identity] = {}
    for source in [*(s for o in origins for s in o.sources), *(a.source for a in attributions)]:
        if source.pk not in identities:
            identities[source.pk] = _identity(source, desk, extension)
    note = _note(claim, review, attributions, identities, desk, extension, signed_at)
    opinion = _opinion(review, note, desk, extension)
    return [json.loads(o.serialize()) for o in [*identities.values(), note, opinion]]


def stix_bundle(records) -> dict:
    """The bundle of these public records (published and retracted claims):
    the desk and the extension, then each record's objects as signed, an
    identity once. A retracted claim's note is labelled so and its opinion
    revoked, as of the retraction. A query for the records, none per claim."""
    desk = _desk()
    objects: dict[str, dict] = {}
    for o in (MARKING, desk, _extension(desk)):
        objects[o.id] = json.loads(o.serialize())
    for record in records:
        retracted_at = record.claim.retracted_at
        for stored in record.page["stix"]:
            o = dict(stored)
            if retracted_at is not None and o["type"] in ("note", "opinion"):
                o["modified"] = _timestamp(retracted_at)
                if o["type"] == "note":
                    o["labels"] = ["retracted"]
                else:
                    o["revoked"] = True
            objects.setdefault(o["id"], o)
    return {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": list(objects.values())}


def _timestamp(moment) -> str:
    return stix2.utils.format_datetime(stix2.utils.STIXdatetime(moment, precision="millisecond"))


def _confidence(review) -> dict:
    confidence = CREDIBILITY_TO_STIX[review.credibility]
    return {"confidence": confidence} if confidence is not None else {}


def _note(claim: Claim, review, attributions, identities, desk, extension, signed_at) -> stix2.Note:
    """The claim as the desk recorded it: its text, who said it, where."""
    refs = [
        {
            "source_name": a.source.name,
            "url": a.url,
            "description": f"{a.get_stance_display()}: {a.quote}"[:500],
        }
        for a in attributions
        if a.url
    ]
    return stix2.Note(
        id=_id("note", f"claim:{claim.pk}"),
        created_by_ref=desk.id,
        created=claim.created_at,
        modified=max(signed_at, claim.created_at),
        abstract=(claim.text_en or claim.text)[:500],
        content=claim.text,
        lang=claim.language,
        authors=sorted({a.source.name for a in attributions}) or None,
        object_refs=[identities[a.source_id].id for a in attributions] or [desk.id],
        external_references=refs or None,
        object_marking_refs=[MARKING],
        **_confidence(review),
    )


def _opinion(review, note: stix2.Note, desk, extension) -> stix2.Opinion:
    """The desk's published verdict on the note (revoked once retracted,
    when the bundle is written)."""
    return stix2.Opinion(
        id=_id("opinion", f"review:{review.pk}"),
        created_by_ref=desk.id,
        created=review.submitted_at,
        modified=review.submitted_at,
        opinion=STIX_OPINION[review.credibility],
        explanation=review.rationale,
        object_refs=[note.id],
        object_marking_refs=[MARKING],
        allow_custom=True,
        x_claimtrace_grade=review.grade,
        **_uses(extension),
        **_confidence(review),
    )
