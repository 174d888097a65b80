"""/api/v1/ingest/: an article in, candidate claims out."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from claims.api.permissions import FilesClaims
from claims.models import TEXT_MAX_CHARS, Candidate, IngestionJob
from claims.services.ingestion import candidate_accept, candidate_drop, ingestion_job_create
from config.api.errors import READ_ERRORS, WRITE_ERRORS
from sources.models import Source


class PickedSources(serializers.DictField):
    """The sources the desk picked for links of a candidate's chain, by the
    link's place in it: {"0": 12}. Links ingestion could not resolve must be
    picked before the candidate is accepted."""

    child = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())

    def to_internal_value(self, data):
        picks = super().to_internal_value(data)
        if not all(key.isdigit() and len(key) < 4 for key in picks):
            raise serializers.ValidationError(
                _("Name each link by its place in the chain: 0, 1, …")
            )
        return {int(key): source for key, source in picks.items()}


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
            "cue",
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
            "url",
            "result",
            "error",
            "created_at",
            "finished_at",
            "candidates",
        ]


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
    permission_classes = [FilesClaims]
    queryset = IngestionJob.objects.prefetch_related("candidates")

    class IngestInput(serializers.Serializer):
        text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
        html = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
        url = serializers.CharField(required=False, allow_blank=True, max_length=2000)
        publisher = serializers.PrimaryKeyRelatedField(
            queryset=Source.objects.all(), required=False, allow_null=True
        )

    class AcceptInput(serializers.Serializer):
        text = serializers.CharField(required=False, max_length=TEXT_MAX_CHARS)
        text_en = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_CHARS)
        sources = PickedSources(required=False)

    @extend_schema(
        request=IngestInput,
        responses={202: IngestionJobOutput, **WRITE_ERRORS},
        description="Answers at once with the job; GET it for progress and candidates.",
    )
    def create(self, request, *args, **kwargs):
        data = self.IngestInput(data=request.data)
        data.is_valid(raise_exception=True)
        job = ingestion_job_create(actor=request.user, **data.validated_data)
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
            raise NotFound(_("No such candidate."))
        claim = candidate_accept(candidate=found, actor=request.user, **data.validated_data)
        return Response({"claim": claim.pk}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: CandidateOutput, **WRITE_ERRORS})
    @action(detail=False, methods=["post"], url_path=r"candidates/(?P<candidate>\d+)/drop")
    def drop(self, request, candidate=None):
        found = Candidate.objects.filter(pk=candidate).first()
        if found is None:
            raise NotFound(_("No such candidate."))
        return Response(CandidateOutput(candidate_drop(candidate=found, actor=request.user)).data)
