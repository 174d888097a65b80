"""A claim as the API (and webhooks) give it: the one rendering. On
PostgreSQL the item is written by the database in the page's own query
(verify/items_sql.py); elsewhere these serializers write it from prefetched
rows, and document its shape. A test holds the two to each other."""

import orjson
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import Claim
from claims.representations import AttributionOutput, EvidenceOutput
from claims.selectors import claim_visible_to, user_is_desk
from claims.selectors.origins import claim_cluster, origins_of
from sources.scales import Credibility, verdict_word
from sources.selectors import names_in
from verify.confidence.reasons import reasons_text
from verify.publishing.record import (
    origin_item,
    public_detail,
    public_item,
    public_status,
    record_of,
)
from verify.selectors import published_review


class VerdictOutput(serializers.Serializer):
    credibility = serializers.CharField()
    credibility_label = serializers.CharField()
    verdict = serializers.CharField(help_text="The citation's word: unconfirmed, false, …")
    likelihood = serializers.CharField(allow_null=True)
    likelihood_label = serializers.CharField(allow_null=True)
    analytic_confidence = serializers.CharField()
    grade = serializers.CharField(help_text="Combined grade, e.g. C3.")
    rationale = serializers.CharField()
    reviewed_at = serializers.DateTimeField()


class OriginOutput(serializers.Serializer):
    name = serializers.CharField()
    organisation = serializers.CharField()
    reliability = serializers.CharField(allow_blank=True)
    stance = serializers.CharField()
    sources = serializers.ListField(child=serializers.IntegerField())
    relays = serializers.IntegerField()
    relay_languages = serializers.ListField(
        child=serializers.CharField(), help_text="The languages its relays passed it on in."
    )


class SameClaimOutput(serializers.Serializer):
    id = serializers.IntegerField()
    language = serializers.CharField()
    text = serializers.CharField()


class ClaimOutput(serializers.ModelSerializer):
    """What everyone may see of a claim; staff also get `status`, `assignee`,
    `version`, `review_round` and the engine's `suggestion`."""

    public_status = serializers.SerializerMethodField()
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    verdict = serializers.SerializerMethodField()
    origin_count = serializers.SerializerMethodField()
    attributions = AttributionOutput(many=True, read_only=True)
    evidence = EvidenceOutput(many=True, read_only=True)
    links = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "text",
            "language",
            "text_en",
            "event_date",
            "event_place",
            "public_status",
            "tags",
            "published_at",
            "retracted_at",
            "retraction_reason",
            "verdict",
            "origin_count",
            "attributions",
            "evidence",
            "links",
        ]

    @extend_schema_field(
        {"type": "string", "enum": ["published", "retracted", "under_re_review", "unpublished"]}
    )
    def get_public_status(self, claim):
        return public_status(claim)

    # On PostgreSQL the list and detail items are written by the database
    # (verify.selectors.claim_with_details); this serializer writes the same
    # JSON from prefetched rows elsewhere, and documents the shape.

    @extend_schema_field(VerdictOutput(allow_null=True))
    def get_verdict(self, claim):
        review = published_review(claim=claim)
        if review is None:
            return None
        return VerdictOutput(
            {
                "credibility": review.credibility,
                "credibility_label": Credibility(review.credibility).label,
                "verdict": verdict_word(review.credibility),
                "likelihood": review.likelihood or None,
                "likelihood_label": review.get_likelihood_display() or None,
                "analytic_confidence": review.confidence,
                "grade": review.grade,
                "rationale": review.rationale,
                "reviewed_at": review.submitted_at,
            }
        ).data

    def get_origin_count(self, claim) -> int | None:
        suggestion = claim.suggestion if _has_suggestion(claim) else None
        return suggestion.origin_count if suggestion else None

    @extend_schema_field(
        {"type": "object", "additionalProperties": {"type": "string", "format": "uri"}}
    )
    def get_links(self, claim):
        # Built from one reversed template per serializer, not four reverse()s a claim.
        templates = self.context.get("_link_templates")
        if templates is None:
            templates = self.context["_link_templates"] = link_templates(self.context["request"])
        names = LINKS if claim.has_been_public else LINKS[:1]
        return {name: templates[name].format(claim.pk) for name, _ in names}

    def _names(self) -> dict[str, str]:
        """Sources' names in the reader's language, read once a page."""
        if "_names" not in self.context:
            self.context["_names"] = names_in(get_language())
        return self.context["_names"]

    def to_representation(self, claim):
        data = super().to_representation(claim)
        if user_is_desk(self.context["request"].user):
            suggestion = claim.suggestion if _has_suggestion(claim) else None
            data.update(
                status=claim.status,
                assignee=claim.assignee.get_username() if claim.assignee else None,
                version=claim.version,
                review_round=claim.review_round,
                suggestion=None
                if suggestion is None
                else {
                    "credibility": suggestion.credibility,
                    "likelihood": suggestion.likelihood or None,
                    "confidence": suggestion.confidence,
                    "analytic_confidence": suggestion.analytic_confidence,
                    "origin_count": suggestion.origin_count,
                    "reasons": reasons_text(suggestion.reasons, names=self._names()),
                    "reason_codes": suggestion.reasons,
                    "computed_at": DATETIME.to_representation(suggestion.computed_at),
                },
            )
        return data


LINKS = [
    ("self", "claim-detail"),
    ("page", "claim-page"),
    ("citation", "claim-citation"),
    ("claimreview", "claim-claimreview"),
]
DATETIME = serializers.DateTimeField()


def link_templates(request) -> dict[str, str]:
    """Each link of a claim item as an absolute URL with `{}` for the id."""
    return {
        name: request.build_absolute_uri(reverse(route, args=[0])).replace("/0/", "/{}/", 1)
        for name, route in LINKS
    }


def _has_suggestion(claim) -> bool:
    try:
        return claim.suggestion is not None
    except Claim.suggestion.RelatedObjectDoesNotExist:
        return False


class ClaimDetailOutput(ClaimOutput):
    """The detail item: the origins are counted across the claim's cluster
    (the claims a reviewer linked as the same claim), listed in `same_claims`
    as far as the caller may see them."""

    origins = serializers.SerializerMethodField()
    same_claims = serializers.SerializerMethodField()

    class Meta(ClaimOutput.Meta):
        fields = [*ClaimOutput.Meta.fields, "origins", "same_claims"]

    @extend_schema_field(OriginOutput(many=True))
    def get_origins(self, claim):
        return OriginOutput([origin_item(o) for o in origins_of(claim)], many=True).data

    @extend_schema_field(SameClaimOutput(many=True))
    def get_same_claims(self, claim):
        request = self.context.get("request")
        visible = claim_visible_to(request.user if request else AnonymousUser())
        return SameClaimOutput(claim_cluster(claim, among=visible), many=True).data


def claim_items(claims, *, request) -> list:
    """The list items of a page of claims from `verify.selectors.claim_list`:
    the desk's from the claims as they are, the public's from their signed
    records (verify.publishing.record)."""
    if claims and hasattr(claims[0], "item_json"):
        if user_is_desk(request.user):  # the engine's reasons, in the reader's words
            names = names_in(get_language())
            return [_desk_item(claim.item_json, names) for claim in claims]
        # PostgreSQL wrote each item; it goes out as it came (orjson).
        return [orjson.Fragment(claim.item_json) for claim in claims]
    if not user_is_desk(request.user):
        links = link_templates(request)
        return [public_item(claim, record_of(claim), links=links) for claim in claims]
    return ClaimOutput(claims, many=True, context={"request": request}).data


def claim_item(claim, *, request) -> dict:
    """One claim with its independent origins (the detail item)."""
    context = {"request": request}
    if not user_is_desk(request.user):
        return public_detail(claim, record_of(claim), links=link_templates(request))
    if not hasattr(claim, "item_json"):
        return ClaimDetailOutput(claim, context=context).data
    data = _desk_item(claim.item_json, names_in(get_language()))
    detail = ClaimDetailOutput(context=context)
    data["origins"] = detail.get_origins(claim)
    data["same_claims"] = detail.get_same_claims(claim)
    return data


def _desk_item(item_json: str, names: dict[str, str]) -> dict:
    """A desk item PostgreSQL wrote, with the suggestion's reasons rendered
    from their codes in the reader's language (verify.confidence.reasons)."""
    data = orjson.loads(item_json)
    if suggestion := data.get("suggestion"):
        suggestion["reasons"] = reasons_text(suggestion["reason_codes"], names=names)
    return data
