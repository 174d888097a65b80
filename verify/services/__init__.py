"""Every write of the verify app. Split by sub-domain; import from here."""

from verify.services.roles import roles_sync
from verify.services.suggestions import (
    suggestion_refresh,
    suggestion_requests_sweep,
    suggestion_schedule,
    suggestion_schedule_for_source,
    suggestions_refresh,
)
from verify.services.tokens import token_create, token_revoke
from verify.services.webhooks import (
    subscription_create,
    subscription_delete,
    subscription_update,
    webhook_deliver,
    webhook_emit,
)
from verify.services.workflow import (
    TRANSITIONS,
    claim_assign,
    claim_mark_duplicate,
    claim_publish,
    claim_release,
    claim_reopen,
    claim_retract,
    claim_take,
    claim_transition,
    review_save_draft,
    review_submit,
)

__all__ = [
    "TRANSITIONS",
    "claim_assign",
    "claim_mark_duplicate",
    "claim_publish",
    "claim_release",
    "claim_reopen",
    "claim_retract",
    "claim_take",
    "claim_transition",
    "review_save_draft",
    "review_submit",
    "roles_sync",
    "subscription_create",
    "subscription_delete",
    "subscription_update",
    "suggestion_refresh",
    "suggestion_requests_sweep",
    "suggestion_schedule",
    "suggestion_schedule_for_source",
    "suggestions_refresh",
    "token_create",
    "token_revoke",
    "webhook_deliver",
    "webhook_emit",
]
