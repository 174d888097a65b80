from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from claims.models import Claim, Evidence
from claims.selectors import claim_visible_to, user_is_desk
from config.api.errors import READ_ERRORS, WRITE_ERRORS
from config.api.permissions import ReadOrSignedIn
from config.exceptions import NotAllowed
from sources.scales import AnalyticConfidence, Credibility, Likelihood, Reliability
from verify.models import ClaimEvent, Review
from verify.permissions import can_read_reviews
from verify.workflow import services


class ReviewOutput(serializers.ModelSerializer):
    """A review; who wrote it is shown to the desk only."""

    grade = serializers.CharField(read_only=True)
    evidence = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "claim",
            "round",
            "source_reliability",
            "credibility",
            "likelihood",
            "confidence",
            "grade",
            "rationale",
            "evidence",
            "submitted_at",
        ]

    def to_representation(self, review):
        data = super().to_representation(review)
        if user_is_desk(self.context["request"].user):
            data["reviewer"] = review.reviewer.get_username()
        return data


@extend_schema_view(
    list=extend_schema(summary="Reviews: the public sees the ones claims were published on"),
    retrieve=extend_schema(responses={200: ReviewOutput, **READ_ERRORS}),
)
class ReviewViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [ReadOrSignedIn]
    serializer_class = ReviewOutput
    filterset_fields = ["claim", "credibility", "round"]

    class ReviewInput(serializers.Serializer):
        claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
        version = serializers.IntegerField(help_text="The claim version you read.")
        source_reliability = serializers.ChoiceField(
            choices=Reliability.choices, required=False, allow_blank=True
        )
        credibility = serializers.ChoiceField(choices=Credibility.choices)
        likelihood = serializers.ChoiceField(
            choices=Likelihood.choices, required=False, allow_blank=True
        )
        confidence = serializers.ChoiceField(choices=AnalyticConfidence.choices)
        rationale = serializers.CharField(max_length=20000)
        evidence = serializers.PrimaryKeyRelatedField(
            many=True, queryset=Evidence.objects.all(), required=False
        )
        draft = serializers.BooleanField(
            default=False, help_text="Save as your draft instead of submitting."
        )

    def get_queryset(self):
        user = self.request.user
        reviews = Review.objects.select_related("reviewer").prefetch_related("evidence")
        if user_is_desk(user) and can_read_reviews(user):
            return reviews.visible_to(user)
        signed_off = (
            ClaimEvent.objects.sign_offs()
            .filter(claim__in=claim_visible_to(user))
            .values("review_id")
        )
        return reviews.filter(pk__in=signed_off)

    @extend_schema(request=ReviewInput, responses={201: ReviewOutput, **WRITE_ERRORS})
    def create(self, request, *args, **kwargs):
        # A role that never reviews is refused before anything is read: the
        # answer says nothing of which claims exist or at which version.
        reviewing = services.TRANSITIONS["submit_review"]
        if not reviewing.may(request.user):
            raise NotAllowed(str(reviewing.refusal))
        data = self.ReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        claim, draft, version = values.pop("claim"), values.pop("draft"), values.pop("version")
        values.setdefault("likelihood", "")
        values.setdefault("source_reliability", "")
        if draft:
            review = services.review_save_draft(claim=claim, actor=request.user, **values)
        else:
            review = services.review_submit(
                claim=claim, actor=request.user, expected_version=version, **values
            )
        body = ReviewOutput(review, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)
