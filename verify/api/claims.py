"""The claims endpoint: what clients pull (published claims with the desk's
verdict), and what staff write through the same services as the admin."""

import orjson
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from claims import services as claim_services
from claims.api import READ_ERRORS, WRITE_ERRORS, AttributionOutput, EvidenceOutput
from claims.models import Claim
from claims.selectors import origins_of
from config.pagination import CursorPagination
from sources.scales import Credibility
from verify import services
from verify.filters import VERDICT_WORDS, ClaimFilter
from verify.selectors import claim_list

WORD_OF = {code: word for word, code in VERDICT_WORDS.items()}
ORDERINGS = ["id", "-id", "updated_at", "-updated_at", "published_at", "-published_at"]


def is_desk(user) -> bool:
    return user.is_authenticated and user.is_staff and user.has_perm("claims.view_claim")


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
        if claim.published_at is None:
            return "unpublished"
        if claim.status in (Claim.Status.PUBLISHED, Claim.Status.RETRACTED):
            return claim.status
        return "under_re_review"

    # On PostgreSQL the list and detail items are written by the database
    # (verify.selectors.claim_with_details); this serializer writes the same
    # JSON from prefetched rows elsewhere, and documents the shape.

    @extend_schema_field(VerdictOutput(allow_null=True))
    def get_verdict(self, claim):
        events = getattr(claim, "publish_events", None)
        if not events:
            return None
        review = events[0].review
        return VerdictOutput(
            {
                "credibility": review.credibility,
                "credibility_label": Credibility(review.credibility).label,
                "verdict": WORD_OF[review.credibility],
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
        names = LINKS if claim.published_at is not None else LINKS[:1]
        return {name: templates[name].format(claim.pk) for name, _ in names}

    def to_representation(self, claim):
        data = super().to_representation(claim)
        if is_desk(self.context["request"].user):
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
                    "reasons": suggestion.reasons,
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
    origins = serializers.SerializerMethodField()

    class Meta(ClaimOutput.Meta):
        fields = [*ClaimOutput.Meta.fields, "origins"]

    @extend_schema_field(OriginOutput(many=True))
    def get_origins(self, claim):
        attributions = list(claim.attributions.select_related("source"))
        return OriginOutput(
            [
                {
                    "name": origin.name,
                    "organisation": origin.root.name,
                    "reliability": origin.reliability,
                    "stance": origin.stance,
                    "sources": [s.pk for s in origin.sources],
                    "relays": len(origin.relays),
                }
                for origin in origins_of(claim, attributions=attributions)
            ],
            many=True,
        ).data


class ClaimCursorPagination(CursorPagination):
    """Cursor pagination with a whitelisted `ordering`; newest first."""

    def get_ordering(self, request, queryset, view):
        ordering = request.query_params.get("ordering")
        if ordering and ordering not in ORDERINGS:
            raise serializers.ValidationError(
                {"ordering": [f"Order by one of: {', '.join(ORDERINGS)}."]}
            )
        if ordering:
            return (ordering, "-id") if ordering.lstrip("-") != "id" else (ordering,)
        return ("-id",)


SEARCH = OpenApiParameter(
    "search",
    OpenApiTypes.STR,
    description="Full-text search over the claim and its English rendering, with trigram "
    "similarity for short or misspelt words.",
)
ORDERING = OpenApiParameter("ordering", OpenApiTypes.STR, enum=ORDERINGS)


@extend_schema_view(
    list=extend_schema(
        summary="Claims (the public sees published and retracted ones)",
        parameters=[SEARCH, ORDERING],
        responses={200: ClaimOutput(many=True), 400: WRITE_ERRORS[400]},
    ),
    retrieve=extend_schema(responses={200: ClaimDetailOutput, **READ_ERRORS}),
)
class ClaimViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    pagination_class = ClaimCursorPagination
    filterset_class = ClaimFilter
    filter_backends: list = []  # the selector filters; the FilterSet documents the parameters

    class ClaimCreateInput(serializers.Serializer):
        text = serializers.CharField(max_length=10000)
        language = serializers.CharField(max_length=16)
        text_en = serializers.CharField(required=False, allow_blank=True, max_length=10000)
        event_date = serializers.DateField(required=False, allow_null=True)
        event_place = serializers.CharField(required=False, allow_blank=True, max_length=200)
        tags = serializers.ListField(
            child=serializers.CharField(max_length=200), required=False, max_length=50
        )

    class ClaimUpdateInput(serializers.Serializer):
        version = serializers.IntegerField(
            help_text="The version you read; a newer one on the server is a 409."
        )
        text = serializers.CharField(required=False, max_length=10000)
        language = serializers.CharField(required=False, max_length=16)
        text_en = serializers.CharField(required=False, allow_blank=True, max_length=10000)
        event_date = serializers.DateField(required=False, allow_null=True)
        event_place = serializers.CharField(required=False, allow_blank=True, max_length=200)
        tags = serializers.ListField(
            child=serializers.CharField(max_length=200), required=False, max_length=50
        )

    class TransitionInput(serializers.Serializer):
        version = serializers.IntegerField(help_text="The version you read.")
        reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
        assignee = serializers.IntegerField(
            required=False, help_text="For `assign`: the reviewer's user id."
        )
        duplicate_of = serializers.IntegerField(
            required=False, help_text="For `mark_duplicate`: the claim this one repeats."
        )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return Claim.objects.none()
        filters = self.request.query_params if self.action == "list" else {}
        return claim_list(
            user=self.request.user, filters=filters, links=link_templates(self.request)
        )

    def list(self, request):
        queryset = self.get_queryset()
        if connection.vendor == "postgresql":
            # the item is in `item_json`; the rest only places the cursor
            queryset = queryset.only("id", "published_at", "updated_at")
        claims = self.paginate_queryset(queryset)
        if claims and hasattr(claims[0], "item_json"):
            # PostgreSQL wrote each item; it goes out as it came (orjson).
            items = [orjson.Fragment(claim.item_json) for claim in claims]
        else:
            items = ClaimOutput(claims, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(items)

    def retrieve(self, request, pk=None):
        return Response(self._detail_data(self.get_object()))

    def _detail_data(self, claim) -> dict:
        context = self.get_serializer_context()
        if not hasattr(claim, "item_json"):
            return ClaimDetailOutput(claim, context=context).data
        data = orjson.loads(claim.item_json)
        data["origins"] = ClaimDetailOutput(context=context).get_origins(claim)
        return data

    def get_serializer_class(self):
        return ClaimOutput if self.action == "list" else ClaimDetailOutput

    def _detail(self, claim, code=status.HTTP_200_OK):
        return Response(self._detail_data(self.get_queryset().get(pk=claim.pk)), code)

    @extend_schema(request=ClaimCreateInput, responses={201: ClaimDetailOutput, **WRITE_ERRORS})
    def create(self, request):
        data = self.ClaimCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        tags = [claim_services.tag_get_or_create(name=n) for n in values.pop("tags", [])]
        claim = claim_services.claim_create(created_by=request.user, tags=tags, **values)
        return self._detail(claim, status.HTTP_201_CREATED)

    @extend_schema(request=ClaimUpdateInput, responses={200: ClaimDetailOutput, **WRITE_ERRORS})
    def partial_update(self, request, pk=None):
        claim = self.get_object()
        data = self.ClaimUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version")
        tags = None
        if "tags" in values:
            tags = [claim_services.tag_get_or_create(name=n) for n in values.pop("tags")]
        claim_services.claim_update(
            claim=claim, actor=request.user, expected_version=version, tags=tags, **values
        )
        return self._detail(claim)

    @extend_schema(
        summary="Move a claim through the workflow",
        description="`take`, `release`, `assign`, `publish` (sign-off), `reopen` and "
        "`retract` (both need a reason), `mark_duplicate` (with `duplicate_of`). The same "
        "services and rules as the admin.",
        parameters=[
            OpenApiParameter(
                "transition",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                enum=[*services.TRANSITIONS],
            )
        ],
        request=TransitionInput,
        responses={200: ClaimDetailOutput, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<transition>[a-z_]+)")
    def transition(self, request, pk=None, transition=None):
        claim = self.get_object()
        data = self.TransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if transition not in services.TRANSITIONS:
            raise NotFound(f"No transition called {transition!r}.")
        assignee = None
        if "assignee" in values:
            assignee = get_user_model().objects.filter(pk=values["assignee"]).first()
            if assignee is None:
                raise serializers.ValidationError({"assignee": ["No user with this id."]})
        original = None
        if "duplicate_of" in values:
            original = self.get_queryset().filter(pk=values["duplicate_of"]).first()
            if original is None:
                raise serializers.ValidationError({"duplicate_of": ["No claim with this id."]})
        services.claim_transition(
            name=transition,
            claim=claim,
            actor=request.user,
            expected_version=values["version"],
            reason=values.get("reason", ""),
            assignee=assignee,
            duplicate_of=original,
        )
        return self._detail(claim)
