"""verify listens to what claims and sources report: it schedules the
recompute of suggestions on commit and records, on the published claims a
change would reach, that their public record waits for an editor
(connected in VerifyConfig.ready)."""

from django.utils.translation import gettext as _

from config.exceptions import Conflict
from config.language import SESSION_LANGUAGE
from verify.publishing import services as public_record
from verify.selectors import evidence_under_submitted_review
from verify.services import preferences
from verify.services import suggestions as services


def on_claim_inputs_changed(sender, claim_id: int, actor=None, change: str = "", **kwargs) -> None:
    services.suggestion_schedule(claim_ids=[claim_id])
    public_record.claim_material_changed(claim_id=claim_id, actor=actor, change=change)


def on_source_changed(sender, source_id: int, **kwargs) -> None:
    services.suggestion_schedule_for_source(source_id=source_id)


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    """Signing in restores the language the person chose."""
    if language := preferences.user_language(user):
        request.session[SESSION_LANGUAGE] = language


def on_evidence_changing(sender, evidence, **kwargs) -> None:
    """Evidence a submitted review rests on is kept as it was."""
    if evidence_under_submitted_review(evidence):
        raise Conflict(
            _("A submitted review rests on this evidence; it is kept as it was."),
            field="evidence",
            code="evidence_in_use",
        )
