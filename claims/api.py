"""API for what is said: attributions and evidence (the claims endpoint,
which adds the desk's verdict, lives in verify.api.claims)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from claims import services
from claims.models import Attribution, Candidate, Claim, Evidence, IngestionJob
from claims.selectors import claim_visible_to
from sources.models import Source

WRITE_ERRORS = {
    400: OpenApiResponse(description="Invalid input; `error.fields` names the field."),
    401: OpenApiResponse(description="Not authenticated."),
    403: OpenApiResponse(description="Your role cannot do this."),
    404: OpenApiResponse(description="Not found (or not visible to you)."),
    409: OpenApiResponse(description="Conflict with the claim's state or chain."),
}
READ_ERRORS = {404: WRITE_ERRORS[404]}


class AttributionOutput(serializers.ModelSerializer):
    source_name = serializers.CharField(source="source.name", read_only=True)
    source_reliability = serializers.CharField(source="source.reliability", read_only=True)

    class Meta:
        model = Attribution
        fields = [
            "id",
            "claim",
            "source",
            "source_name",
            "source_reliability",
            "stance",
            "via",
            "url",
            "quote",
            "published_at",
        ]


class EvidenceOutput(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "claim", "kind", "relation", "url", "description", "latitude", "longitude"]


class _ClaimPartViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Parts of claims (attributions, evidence): everyone reads those of the
    claims they may see; staff add and remove them through a service."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    input_class: type[serializers.Serializer]

    def visible_claims(self):
        return claim_visible_to(self.request.user)

    def add(self, user, values):
        raise NotImplementedError

    def remove(self, part, user):
        raise NotImplementedError

    def create(self, request, *args, **kwargs):
        data = self.input_class(data=request.data)
        data.is_valid(raise_exception=True)
        part = self.add(request.user, data.validated_data)
        return Response(self.serializer_class(part).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        self.remove(self.get_object(), request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AttributionInput(serializers.Serializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())
    stance = serializers.ChoiceField(choices=Attribution.Stance.choices, default="asserts")
    via = serializers.PrimaryKeyRelatedField(
        queryset=Attribution.objects.all(), required=False, allow_null=True
    )
    url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    quote = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    published_at = serializers.DateTimeField(required=False, allow_null=True)


class EvidenceInput(serializers.Serializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    kind = serializers.ChoiceField(choices=Evidence.Kind.choices)
    relation = serializers.ChoiceField(choices=Evidence.Relation.choices)
    url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    description = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    latitude = serializers.DecimalField(
        max_digits=8, decimal_places=6, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )


@extend_schema_view(
    list=extend_schema(summary="Attributions of the claims you may see"),
    retrieve=extend_schema(responses={200: AttributionOutput, **READ_ERRORS}),
    create=extend_schema(
        request=AttributionInput, responses={201: AttributionOutput, **WRITE_ERRORS}
    ),
    destroy=extend_schema(responses={204: None, **WRITE_ERRORS}),
)
class AttributionViewSet(_ClaimPartViewSet):
    serializer_class = AttributionOutput
    input_class = AttributionInput
    filterset_fields = ["claim", "source", "stance"]

    def get_queryset(self):
        return Attribution.objects.filter(claim__in=self.visible_claims()).select_related("source")

    def add(self, user, values):
        return services.attribution_add(created_by=user, **values)

    def remove(self, part, user):
        services.attribution_remove(attribution=part, actor=user)


@extend_schema_view(
    list=extend_schema(summary="Evidence on the claims you may see"),
    retrieve=extend_schema(responses={200: EvidenceOutput, **READ_ERRORS}),
    create=extend_schema(request=EvidenceInput, responses={201: EvidenceOutput, **WRITE_ERRORS}),
    destroy=extend_schema(responses={204: None, **WRITE_ERRORS}),
)
class EvidenceViewSet(_ClaimPartViewSet):
    serializer_class = EvidenceOutput
    input_class = EvidenceInput
    filterset_fields = ["claim", "kind", "relation"]

    def get_queryset(self):
        return Evidence.objects.filter(claim__in=self.visible_claims())

    def add(self, user, values):
        return services.evidence_add(added_by=user, **values)

    def remove(self, part, user):
        services.evidence_remove(evidence=part, actor=user)


class CandidateOutput(serializers.ModelSerializer):
    class Meta:
        model = Candidate
        fields = [
            "id",
            "position",
            "sentence",
            "text",
            "language",
            "hedges",
            "attributions",
            "duplicate_of",
            "duplicate_score",
            "status",
            "claim",
        ]


class IngestionJobOutput(serializers.ModelSerializer):
    candidates = CandidateOutput(many=True, read_only=True)

    class Meta:
        model = IngestionJob
        fields = [
            "id",
            "kind",
            "status",
            "progress",
            "language",
            "publisher",
            "result",
            "error",
            "created_at",
            "finished_at",
            "candidates",
        ]


class DeskOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.has_perm("claims.add_claim")


@extend_schema_view(retrieve=extend_schema(responses={200: IngestionJobOutput, **READ_ERRORS}))
class IngestionViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Paste an article (text, HTML or a URL); a background job returns
    candidate claims with their chains and hedges."""

    serializer_class = IngestionJobOutput
    permission_classes = [permissions.IsAuthenticated, DeskOnly]
    queryset = IngestionJob.objects.prefetch_related("candidates")

    class IngestInput(serializers.Serializer):
        text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
        html = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
        url = serializers.CharField(required=False, allow_blank=True, max_length=2000)
        publisher = serializers.PrimaryKeyRelatedField(
            queryset=Source.objects.all(), required=False, allow_null=True
        )

    class AcceptInput(serializers.Serializer):
        text = serializers.CharField(required=False, max_length=10000)
        text_en = serializers.CharField(required=False, allow_blank=True, max_length=10000)

    @extend_schema(
        request=IngestInput,
        responses={202: IngestionJobOutput, **WRITE_ERRORS},
        description="Answers at once with the job; GET it for progress and candidates.",
    )
    def create(self, request, *args, **kwargs):
        data = self.IngestInput(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.ingestion_job_create(created_by=request.user, **data.validated_data)
        body = IngestionJobOutput(IngestionJob.objects.get(pk=job.pk)).data
        return Response(body, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=AcceptInput,
        responses={201: OpenApiResponse(description="The new claim's id."), **WRITE_ERRORS},
    )
    @action(detail=False, methods=["post"], url_path=r"candidates/(?P<candidate>\d+)/accept")
    def accept(self, request, candidate=None):
        data = self.AcceptInput(data=request.data)
        data.is_valid(raise_exception=True)
        found = Candidate.objects.filter(pk=candidate).first()
        if found is None:
            raise NotFound("No such candidate.")
        claim = services.candidate_accept(
            candidate=found, actor=request.user, **data.validated_data
        )
        return Response({"claim": claim.pk}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: CandidateOutput, **WRITE_ERRORS})
    @action(detail=False, methods=["post"], url_path=r"candidates/(?P<candidate>\d+)/drop")
    def drop(self, request, candidate=None):
        found = Candidate.objects.filter(pk=candidate).first()
        if found is None:
            raise NotFound("No such candidate.")
        return Response(
            CandidateOutput(services.candidate_drop(candidate=found, actor=request.user)).data
        )
