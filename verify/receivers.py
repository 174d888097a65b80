"""verify listens to what claims and sources report: it schedules the
recompute of suggestions on commit and records, on the published claims a
change would reach, that their public record waits for an editor
(connected in VerifyConfig.ready)."""

from verify.services import public_record
from verify.services import suggestions as services


def on_claim_inputs_changed(sender, claim_id: int, actor=None, change: str = "", **kwargs) -> None:
    services.suggestion_schedule(claim_ids=[claim_id])
    public_record.claim_material_changed(claim_id=claim_id, actor=actor, change=change)


def on_source_changed(sender, source_id: int, **kwargs) -> None:
    services.suggestion_schedule_for_source(source_id=source_id)
