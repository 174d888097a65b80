"""verify listens to what claims and sources report, and schedules the
recompute of suggestions on commit (connected in VerifyConfig.ready)."""

from verify.services import suggestions as services


def on_claim_inputs_changed(sender, claim_id: int, **kwargs) -> None:
    services.suggestion_schedule(claim_ids=[claim_id])


def on_source_changed(sender, source_id: int, **kwargs) -> None:
    services.suggestion_schedule_for_source(source_id=source_id)
