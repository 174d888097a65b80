from django.contrib.auth.models import AbstractBaseUser
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, JSONObject

from claims.models import Attribution, Claim, Evidence, Tag
from claims.selectors import claim_search, claim_visible_to
from sources.models import Source
from verify.models import ClaimEvent, Review

Status = Claim.Status


def _latest_submitted():
    return Review.objects.filter(claim=OuterRef("pk"), submitted_at__isnull=False).order_by(
        "-submitted_at", "-id"
    )


def claim_queue(*, user: AbstractBaseUser) -> QuerySet[Claim]:
    """The desk's claim list, in the order a user works it: claims they hold
    first, then what waits for their role (review for reviewers, sign-off for
    editors), then the rest. Annotated with the latest submitted review's
    credibility and source grade."""
    waiting_for_review = (
        Q(status__in=[Status.NEW, Status.REOPENED])
        | Q(status=Status.IN_REVIEW, assignee__isnull=True)
    ) & Q(duplicate_of__isnull=True)
    signs_off = user.has_perm("verify.publish_claim")
    return (
        Claim.objects.select_related("assignee")
        .annotate(
            queue_rank=Case(
                When(assignee=user.pk, then=Value(0)),
                When(status=Status.AWAITING_SIGN_OFF, then=Value(1 if signs_off else 2)),
                When(waiting_for_review, then=Value(2 if signs_off else 1)),
                default=Value(3),
                output_field=IntegerField(),
            ),
            latest_credibility=Subquery(_latest_submitted().values("credibility")[:1]),
            latest_reliability=Subquery(_latest_submitted().values("source_reliability")[:1]),
        )
        .order_by("queue_rank", "-updated_at", "-id")
    )


def review_draft_of(*, claim: Claim, reviewer: AbstractBaseUser) -> Review | None:
    return Review.objects.filter(claim=claim, reviewer=reviewer, submitted_at__isnull=True).first()


def claim_reviews(*, claim: Claim) -> QuerySet[Review]:
    """Submitted reviews, newest first; drafts stay private to their author."""
    return (
        claim.reviews.filter(submitted_at__isnull=False)
        .select_related("reviewer")
        .prefetch_related("evidence")
        .order_by("-submitted_at", "-id")
    )


def claims_citing_source(*, source_id: int) -> list[int]:
    """Claims with an attribution by the source or by any source below it
    (its grade is inherited by ungraded children)."""
    family, frontier = {source_id}, {source_id}
    while frontier:
        frontier = set(Source.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier -= family
        family |= frontier
    return list(
        Attribution.objects.filter(source_id__in=family)
        .values_list("claim_id", flat=True)
        .distinct()
        .order_by("claim_id")
    )


def latest_review(*, claim: Claim) -> Review | None:
    return claim.reviews.filter(submitted_at__isnull=False).order_by("-submitted_at", "-id").first()


def published_review(*, claim: Claim) -> Review | None:
    """The review the latest sign-off rests on: the verdict the public sees."""
    event = (
        claim.events.filter(action=ClaimEvent.Action.PUBLISH)
        .select_related("review__reviewer")
        .order_by("-created_at", "-id")
        .first()
    )
    return event.review if event else None


def _published(field: str):
    """The latest sign-off's review `field`: the verdict the public sees."""
    return Subquery(
        ClaimEvent.objects.filter(claim=OuterRef("pk"), action=ClaimEvent.Action.PUBLISH)
        .order_by("-created_at", "-id")
        .values(f"review__{field}")[:1]
    )


def claim_list(*, user: AbstractBaseUser, filters: dict) -> QuerySet[Claim]:
    """Claims this user may see, filtered and searched, with everything a
    list shows fetched up front: a fixed number of queries per page."""
    from django.core.exceptions import ValidationError

    from verify.filters import ClaimFilter

    # The verdict as aliases: in the SQL only when a filter asks for it.
    queryset = claim_visible_to(user).alias(
        verdict_credibility=_published("credibility"),
        verdict_likelihood=_published("likelihood"),
    )
    if any(name in filters for name in ClaimFilter.base_filters):
        filterset = ClaimFilter(filters, queryset)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        queryset = filterset.qs
    if filters.get("search"):
        queryset = claim_search(queryset, text=filters["search"])
    desk = user.is_authenticated and user.is_staff and user.has_perm("claims.view_claim")
    return claim_with_details(queryset, desk=desk)


def claim_with_details(queryset: QuerySet[Claim], *, desk: bool = True) -> QuerySet[Claim]:
    """Everything a claim list shows, in one query on PostgreSQL: the tags,
    evidence, attributions (with their sources) and the verdict arrive as
    JSON columns of the page's own rows (`tags_json`, `evidence_json`,
    `attributions_json`, `verdict_json`). Other databases prefetch. Only the
    desk (`desk`) sees the assignee and the engine's whole suggestion; the
    others get its origin count."""
    if desk:
        queryset = queryset.select_related("suggestion", "assignee")
    else:
        queryset = queryset.annotate(suggested_origins=F("suggestion__origin_count"))
    if connection.vendor != "postgresql":
        return queryset.prefetch_related(
            "tags",
            "evidence",
            Prefetch("attributions", queryset=Attribution.objects.select_related("source")),
            Prefetch(
                "events",
                queryset=ClaimEvent.objects.filter(action=ClaimEvent.Action.PUBLISH)
                .select_related("review")
                .order_by("-created_at", "-id"),
                to_attr="publish_events",
            ),
        )
    attributions = (
        Attribution.objects.filter(claim=OuterRef("pk"))
        .order_by("id")
        .values(
            json=JSONObject(
                id="id",
                claim="claim_id",
                source="source_id",
                source_name="source__name",
                source_reliability="source__reliability",
                stance="stance",
                via="via_id",
                url="url",
                quote="quote",
                published_at="published_at",
            )
        )
    )
    evidence = (
        Evidence.objects.filter(claim=OuterRef("pk"))
        .order_by("id")
        .values(
            json=JSONObject(
                id="id",
                claim="claim_id",
                kind="kind",
                relation="relation",
                url="url",
                description="description",
                # text, as DRF renders decimals
                latitude=Cast("latitude", TextField()),
                longitude=Cast("longitude", TextField()),
            )
        )
    )
    tags = Tag.objects.filter(claims=OuterRef("pk")).order_by("name").values("slug")
    verdict = Subquery(
        ClaimEvent.objects.filter(claim=OuterRef("pk"), action=ClaimEvent.Action.PUBLISH)
        .order_by("-created_at", "-id")
        .values(
            json=JSONObject(
                credibility="review__credibility",
                likelihood="review__likelihood",
                confidence="review__confidence",
                rationale="review__rationale",
                source_reliability="review__source_reliability",
                submitted_at="review__submitted_at",
            )
        )[:1],
        output_field=JSONField(),
    )
    return queryset.annotate(
        tags_json=ArraySubquery(tags),
        evidence_json=ArraySubquery(evidence),
        attributions_json=ArraySubquery(attributions),
        verdict_json=verdict,
    )


def feed_events(*, limit: int = 50) -> list[ClaimEvent]:
    """The newest publications, regradings and retractions of public claims,
    each marked `kind`: published, regraded or retracted."""
    earlier_publish = ClaimEvent.objects.filter(
        claim=OuterRef("claim"), action=ClaimEvent.Action.PUBLISH, id__lt=OuterRef("id")
    )
    events = list(
        ClaimEvent.objects.filter(
            action__in=[ClaimEvent.Action.PUBLISH, ClaimEvent.Action.RETRACT],
            claim__published_at__isnull=False,
        )
        .annotate(regrade=Exists(earlier_publish))
        .select_related("claim__suggestion", "review")
        .order_by("-created_at", "-id")[:limit]
    )
    for event in events:
        if event.action == ClaimEvent.Action.RETRACT:
            event.kind = "retracted"
        else:
            event.kind = "regraded" if event.regrade else "published"
    return events
