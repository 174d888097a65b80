"""The desk's queue: what waits for whom, read from the workflow table."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from claims.models import Claim
from verify.models import SpreadingAlert
from verify.permissions import can_sign_off
from verify.selectors import latest_submitted_reviews
from verify.workflow.table import waiting_for


def claim_queue(*, user: AbstractBaseUser) -> QuerySet[Claim]:
    """The desk's claim list, in the order a user works it: claims they hold
    first, then what waits for their role (review for reviewers, sign-off for
    editors), then the rest. Annotated with the latest submitted review's
    credibility and source grade, and whether its cluster is spreading (a
    `SpreadingAlert` on its root claim)."""
    signs_off = can_sign_off(user)
    return (
        Claim.objects.select_related("assignee")
        .annotate(
            queue_rank=Case(
                When(assignee=user.pk, then=Value(0)),
                When(waiting_for("publish"), then=Value(1 if signs_off else 2)),
                When(waiting_for("take"), then=Value(2 if signs_off else 1)),
                default=Value(3),
                output_field=IntegerField(),
            ),
            latest_credibility=Subquery(latest_submitted_reviews().values("credibility")[:1]),
            latest_reliability=Subquery(
                latest_submitted_reviews().values("source_reliability")[:1]
            ),
            spreading=Exists(
                SpreadingAlert.objects.filter(
                    claim_id=Coalesce(OuterRef("same_as_id"), OuterRef("pk"))
                )
            ),
        )
        .order_by("queue_rank", "-updated_at", "-id")
    )
