from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
)
from django.db.models.expressions import RawSQL

from claims.models import Attribution, Claim, Evidence
from claims.selectors import claim_visible_to, user_is_desk
from claims.selectors.origins import (
    cluster_attributions,
    cluster_closure,
    cluster_ids,
    origins_by_claim,
)
from claims.selectors.search import claim_search, search_refusal
from claims.selectors.spreading import Cluster, spreading_clusters
from sources.models import Source
from sources.selectors import source_and_descendants, sources_public
from verify.confidence.inputs_sql import (
    EvidenceRow,
    ReviewRow,
    SuggestionInputs,
    suggestion_inputs_sql,
)
from verify.items_sql import claim_item_sql, public_item_sql
from verify.models import (
    SUBMITTED,
    ClaimEvent,
    PublicRecord,
    PublicRecordSource,
    Review,
    SpreadingAlert,
    SpreadThreshold,
)

Status = Claim.Status


def current_records() -> QuerySet[PublicRecord]:
    """Each public claim's current public record (verify.publishing.record)."""
    return PublicRecord.objects.filter(is_current=True)


def sources_on_public_records() -> QuerySet[Source]:
    """The public sources that some current public record names (the public
    index's source filter)."""
    named = PublicRecordSource.objects.filter(record__is_current=True, source=OuterRef("pk"))
    return sources_public().filter(Exists(named))


def with_record(queryset: QuerySet[Claim]) -> QuerySet[Claim]:
    """Claims with their current record prefetched (as `current_record`)."""
    return queryset.prefetch_related(
        Prefetch("public_records", queryset=current_records(), to_attr="current_record")
    )


def latest_submitted_reviews():
    """A claim's submitted reviews, latest first, for a subquery on the claim
    (`OuterRef("pk")`): drafts never count."""
    return Review.objects.submitted().filter(claim=OuterRef("pk"))


def review_draft_of(*, claim: Claim, reviewer: AbstractBaseUser) -> Review | None:
    return Review.objects.filter(claim=claim, reviewer=reviewer, submitted_at__isnull=True).first()


def claim_reviews(*, claim: Claim) -> QuerySet[Review]:
    """Submitted reviews, newest first; drafts stay private to their author."""
    return claim.reviews.submitted().select_related("reviewer").prefetch_related("evidence")


def claims_citing_source(*, source_id: int) -> list[int]:
    """Claims with an attribution by the source or by any source below it
    (its grade is inherited by ungraded children)."""
    return list(
        Attribution.objects.filter(source_id__in=source_and_descendants(source_id))
        .values_list("claim_id", flat=True)
        .distinct()
        .order_by("claim_id")
    )


def suggestion_inputs(*, claim_ids: list[int]) -> list[SuggestionInputs]:
    """What the confidence engine weighs for each of these claims and every
    claim in their clusters (they share their origins): the origins, the
    claim's own evidence, the latest submitted review. One statement on
    PostgreSQL (verify/confidence/inputs_sql.py); elsewhere the same read through
    `origins_by_claim`, in a constant number of queries."""
    if connection.vendor == "postgresql":
        return suggestion_inputs_sql(claim_ids)
    return suggestion_inputs_orm(claim_ids=claim_ids)


def suggestion_inputs_orm(*, claim_ids: list[int]) -> list[SuggestionInputs]:
    """`suggestion_inputs` read through the ORM and `origins_by_claim`."""
    clusters = cluster_closure(cluster_ids(claim_ids))
    claims = list(clusters)
    origins = origins_by_claim(claims, attributions=cluster_attributions(claims, clusters=clusters))
    evidence: dict[int, list[EvidenceRow]] = {pk: [] for pk in claims}
    for claim_id, relation in (
        Evidence.objects.filter(claim_id__in=claims)
        .order_by("id")
        .values_list("claim_id", "relation")
    ):
        evidence[claim_id].append(EvidenceRow(relation))
    latest: dict[int, ReviewRow] = {}
    for claim_id, *grading in (
        Review.objects.filter(SUBMITTED, claim_id__in=claims)
        .order_by("claim_id", "-submitted_at", "-id")
        .values_list("claim_id", "source_reliability", "credibility", "likelihood", "round")
    ):
        latest.setdefault(claim_id, ReviewRow(*grading))
    return [SuggestionInputs(pk, origins[pk], evidence[pk], latest.get(pk)) for pk in claims]


def latest_review(*, claim: Claim) -> Review | None:
    return claim.reviews.submitted().first()


def publish_events(through: str = "") -> Prefetch:
    """Prefetch each claim's sign-offs, newest first, as `publish_events`:
    what `published_review` reads without a query. `through` names the path
    to the claims ("claim__" from events)."""
    return Prefetch(
        f"{through}events",
        queryset=ClaimEvent.objects.sign_offs().select_related("review__reviewer"),
        to_attr="publish_events",
    )


def published_review(*, claim: Claim) -> Review | None:
    """The review the latest sign-off rests on: the verdict the public sees.
    No query when the claim came with `publish_events()`."""
    prefetched = getattr(claim, "publish_events", None)
    if prefetched is not None:
        return prefetched[0].review if prefetched else None
    event = claim.events.sign_offs().select_related("review__reviewer").first()
    return event.review if event else None


def _published(field: str):
    """The latest sign-off's review `field`: the verdict the public sees."""
    return Subquery(
        ClaimEvent.objects.sign_offs().filter(claim=OuterRef("pk")).values(f"review__{field}")[:1]
    )


def claim_list(
    *, user: AbstractBaseUser, filters: dict, links: dict[str, str] | None = None
) -> QuerySet[Claim]:
    """Claims this user may see, filtered and searched, with everything a
    list shows fetched up front: a fixed number of queries per page.

    With `links` (name → URL with `{}` for the id) on PostgreSQL, each row
    carries its whole API item as JSON text (`item_json`, see
    `claim_with_details`)."""
    from django.core.exceptions import ValidationError

    from verify.filters import ClaimFilter

    queryset = claim_visible_to(user)
    desk = user_is_desk(user)
    if any(name in filters for name in ("verdict", "credibility", "likelihood")):
        # the published verdict, for the filters that ask about it: the
        # latest sign-off's for the desk, the signed record's for the public
        queryset = queryset.alias(
            verdict_credibility=_published("credibility") if desk else _signed("credibility"),
            verdict_likelihood=_published("likelihood") if desk else _signed("likelihood"),
        )
    if any(name in filters for name in ClaimFilter.base_filters):
        filterset = ClaimFilter(filters, queryset, public=not desk)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        queryset = filterset.qs
    if filters.get("search"):
        refused = search_refusal(filters["search"])
        if refused:
            raise ValidationError({"search": [refused]})
        queryset = claim_search(queryset, text=filters["search"])
    return claim_with_details(queryset, desk=desk, links=links)


def _signed(field: str):
    """The current public record's `field` (what the public filters on)."""
    return Subquery(
        PublicRecord.objects.filter(claim=OuterRef("pk"), is_current=True).values(field)[:1]
    )


def claim_with_details(
    queryset: QuerySet[Claim], *, desk: bool = True, links: dict[str, str] | None = None
) -> QuerySet[Claim]:
    """Everything a claim list shows, in one query.

    On PostgreSQL, given the `links` to write, PostgreSQL builds each claim's
    API item as JSON text in the page's own query (`item_json`: tags,
    evidence, attributions with their sources, the verdict, and for the desk
    the workflow fields and the engine's suggestion); Python only passes it
    on. Otherwise the rows come with everything prefetched for the
    serializer (verify.api.claims.ClaimOutput), which writes the same JSON
    (a test holds the two to each other)."""
    if not desk:
        # the public reads the signed record and nothing else; a claim with
        # none (never signed off) is not shown. A scalar subquery, checked
        # row by row as the page is read: as an EXISTS, PostgreSQL flattened
        # it into a merge semi join that walked the records from the newest
        # down to a deep cursor (9× the first page at row 440 000 of 1 M)
        signed = current_records().filter(claim=OuterRef("pk")).order_by().values("pk")[:1]
        queryset = queryset.alias(signed_record=Subquery(signed)).filter(
            signed_record__isnull=False
        )
        if links is not None and connection.vendor == "postgresql":
            sql, params = public_item_sql(links=links)
            return queryset.annotate(item_json=RawSQL(sql, params, output_field=TextField()))
        return with_record(queryset)
    if links is not None and connection.vendor == "postgresql":
        sql, params = claim_item_sql(desk=desk, links=links)
        return queryset.annotate(item_json=RawSQL(sql, params, output_field=TextField()))
    return queryset.select_related("suggestion", "assignee").prefetch_related(
        "tags",
        "evidence",
        Prefetch("attributions", queryset=Attribution.objects.select_related("source")),
        publish_events(),
    )


def feed_events(*, limit: int = 50) -> list[ClaimEvent]:
    """The newest publications, regradings, signed updates and retractions
    of public claims, each marked `kind` (published, regraded, updated or
    retracted) and carrying the public `record` it announces: the version
    that sign-off stored, or for a retraction the record withdrawn."""
    events = list(
        ClaimEvent.objects.filter(
            Q(action=ClaimEvent.Action.RETRACT) | Q(public_record__isnull=False),
            claim__in=Claim.objects.ever_public(),
        )
        .with_regrade()
        .select_related("claim", "public_record")
        .order_by("-created_at", "-id")[:limit]
    )
    current = {
        r.claim_id: r
        for r in PublicRecord.objects.filter(
            claim__in={e.claim_id for e in events}, is_current=True
        )
    }
    for event in events:
        if event.action == ClaimEvent.Action.RETRACT:
            event.kind, event.record = "retracted", current.get(event.claim_id)
        else:
            event.record = event.public_record
            if event.action == ClaimEvent.Action.SIGN_UPDATE:
                event.kind = "updated"
            else:
                event.kind = "regraded" if event.regrade else "published"
    return [e for e in events if e.record is not None]


def evidence_under_submitted_review(evidence) -> bool:
    """Whether a submitted review rests on this evidence."""
    return Review.objects.submitted().filter(evidence=evidence).exists()


# --- the board of spreading claims (verify/services/spreading.py raises it) ---


def spread_threshold() -> SpreadThreshold:
    """The desk's threshold; the defaults (5 outlets, 2 languages, 6 hours)
    until the desk sets one."""
    return SpreadThreshold.objects.order_by("id").first() or SpreadThreshold()


def passes(cluster: Cluster, threshold: SpreadThreshold) -> bool:
    return (
        len(cluster.outlets) >= threshold.outlets and len(cluster.languages) >= threshold.languages
    )


@dataclass
class BoardRow:
    cluster: Cluster
    passes: bool
    alerted: bool


def spreading_board(*, hours: int, rows: int = 100) -> tuple[SpreadThreshold, list[BoardRow]]:
    """The board as the desk reads it: the clusters of the last `hours`,
    most spread first, each with whether it passes the threshold and was
    raised."""
    clusters = spreading_clusters(window=timedelta(hours=hours))[:rows]
    threshold = spread_threshold()
    raised = set(
        SpreadingAlert.objects.filter(cluster__in=[c.key for c in clusters]).values_list(
            "cluster", flat=True
        )
    )
    return threshold, [BoardRow(c, passes(c, threshold), c.key in raised) for c in clusters]
