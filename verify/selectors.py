from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL

from claims.models import Attribution, Claim
from claims.selectors import claim_search, claim_visible_to
from sources.models import Source
from sources.scales import Credibility, Likelihood
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
    if any(name in filters for name in ("verdict", "credibility", "likelihood")):
        # the published verdict, for the filters that ask about it
        queryset = queryset.alias(
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
    return claim_with_details(queryset, desk=desk, links=links)


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
    if links is not None and connection.vendor == "postgresql":
        sql, params = _item_sql(desk=desk, links=links)
        return queryset.annotate(item_json=RawSQL(sql, params, output_field=TextField()))
    return queryset.select_related("suggestion", "assignee").prefetch_related(
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


def _labels(column: str, pairs) -> tuple[str, list]:
    """`CASE column WHEN code THEN label …`, labels in the active language."""
    pairs = [(str(code), str(label)) for code, label in pairs]
    sql = "CASE " + " ".join(f"WHEN {column} = %s THEN %s" for _ in pairs) + " END"
    return sql, [value for pair in pairs for value in pair]


def _item_sql(*, desk: bool, links: dict[str, str]) -> tuple[str, list]:
    from verify.filters import VERDICT_WORDS

    claim = '"claims_claim"'
    credibility_label, p1 = _labels("r.credibility", Credibility.choices)
    verdict_word, p2 = _labels("r.credibility", [(c, w) for w, c in VERDICT_WORDS.items()])
    likelihood_label, p3 = _labels("r.likelihood", Likelihood.choices)
    link_pairs, link_params = [], []
    for name, url in links.items():
        before, after = url.split("{}")
        link_pairs.append(f"'{name}', %s || {claim}.id || %s")
        link_params += [before, after]
    public_links = ", ".join(link_pairs)
    own_link = link_pairs[0]
    sql = f"""json_build_object(
        'id', {claim}.id,
        'text', {claim}.text,
        'language', {claim}.language,
        'text_en', {claim}.text_en,
        'event_date', {claim}.event_date,
        'event_place', {claim}.event_place,
        'public_status', CASE WHEN {claim}.published_at IS NULL THEN 'unpublished'
                              WHEN {claim}.status IN ('published', 'retracted') THEN {claim}.status
                              ELSE 'under_re_review' END,
        'tags', ARRAY(SELECT t.slug FROM claims_claim_tags ct
                        JOIN claims_tag t ON t.id = ct.tag_id
                       WHERE ct.claim_id = {claim}.id ORDER BY t.name),
        'published_at', claimtrace_iso({claim}.published_at),
        'retracted_at', claimtrace_iso({claim}.retracted_at),
        'retraction_reason', {claim}.retraction_reason,
        'verdict', (SELECT json_build_object(
                        'credibility', r.credibility,
                        'credibility_label', {credibility_label},
                        'verdict', {verdict_word},
                        'likelihood', nullif(r.likelihood, ''),
                        'likelihood_label', {likelihood_label},
                        'analytic_confidence', r.confidence,
                        'grade', coalesce(nullif(r.source_reliability, ''), '?')
                                 || CASE WHEN r.credibility = 'false' THEN '-False'
                                         ELSE r.credibility END,
                        'rationale', r.rationale,
                        'reviewed_at', claimtrace_iso(r.submitted_at))
                      FROM verify_claimevent e JOIN verify_review r ON r.id = e.review_id
                     WHERE e.claim_id = {claim}.id AND e.action = 'publish'
                     ORDER BY e.created_at DESC, e.id DESC LIMIT 1),
        'origin_count', (SELECT s.origin_count FROM verify_suggestion s
                          WHERE s.claim_id = {claim}.id),
        'attributions', coalesce((SELECT json_agg(json_build_object(
                        'id', a.id, 'claim', a.claim_id, 'source', a.source_id,
                        'source_name', src.name, 'source_reliability', src.reliability,
                        'stance', a.stance, 'via', a.via_id, 'url', a.url, 'quote', a.quote,
                        'published_at', claimtrace_iso(a.published_at)) ORDER BY a.id)
                      FROM claims_attribution a JOIN sources_source src ON src.id = a.source_id
                     WHERE a.claim_id = {claim}.id), '[]'),
        'evidence', coalesce((SELECT json_agg(json_build_object(
                        'id', ev.id, 'claim', ev.claim_id, 'kind', ev.kind,
                        'relation', ev.relation, 'url', ev.url, 'description', ev.description,
                        'latitude', ev.latitude::text, 'longitude', ev.longitude::text)
                        ORDER BY ev.id)
                      FROM claims_evidence ev WHERE ev.claim_id = {claim}.id), '[]'),
        'links', CASE WHEN {claim}.published_at IS NULL THEN json_build_object({own_link})
                      ELSE json_build_object({public_links}) END"""
    params = p1 + p2 + p3 + link_params[:2] + link_params
    if desk:
        sql += f""",
        'status', {claim}.status,
        'assignee', (SELECT u.username FROM auth_user u WHERE u.id = {claim}.assignee_id),
        'version', {claim}.version,
        'review_round', {claim}.review_round,
        'suggestion', (SELECT json_build_object(
                        'credibility', s.credibility, 'likelihood', nullif(s.likelihood, ''),
                        'confidence', s.confidence, 'analytic_confidence', s.analytic_confidence,
                        'origin_count', s.origin_count, 'reasons', s.reasons,
                        'computed_at', claimtrace_iso(s.computed_at))
                       FROM verify_suggestion s WHERE s.claim_id = {claim}.id)"""
    return sql + ")::text", params


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
