"""/api/v1/sources/: the source register, read-only (the source desk grades in the admin)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from config.api.permissions import Public
from sources.models import ReliabilityRating, Source
from sources.scales import Reliability
from sources.selectors import sources_public


class SourceOutput(serializers.ModelSerializer):
    class RatingOutput(serializers.ModelSerializer):
        class Meta:
            model = ReliabilityRating
            fields = ["grade", "rationale", "rated_at"]

    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    reliability = serializers.ChoiceField(
        choices=Reliability.choices,
        allow_blank=True,
        read_only=True,
        help_text="Current grade; empty when the source has never been graded.",
    )
    reliability_label = serializers.CharField(source="get_reliability_display", read_only=True)
    ratings = RatingOutput(many=True, read_only=True)

    class Meta:
        model = Source
        fields = [
            "id",
            "name",
            "kind",
            "platform",
            "handle",
            "url",
            "country",
            "affiliation",
            "parent",
            "reliability",
            "reliability_label",
            "aliases",
            "ratings",
        ]


@extend_schema_view(
    retrieve=extend_schema(
        responses={200: SourceOutput, 404: OpenApiResponse(description="No such source.")}
    )
)
class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    """The source register, with each source's grading history (never a source
    ingestion proposed that the source desk has not accepted)."""

    serializer_class = SourceOutput
    permission_classes = [Public]
    queryset = sources_public().prefetch_related("aliases", "ratings").order_by("-id")
    filterset_fields = ["kind", "platform", "country", "reliability"]
