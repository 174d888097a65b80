from django.db.models import Prefetch
from rest_framework import serializers, viewsets

from claims.models import Attribution, Claim, Evidence
from claims.selectors import claim_visible_to


class AttributionOutput(serializers.ModelSerializer):
    source_name = serializers.CharField(source="source.name", read_only=True)

    class Meta:
        model = Attribution
        fields = ["id", "source", "source_name", "stance", "via", "url", "quote", "published_at"]


class EvidenceOutput(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "kind", "relation", "url", "description", "latitude", "longitude"]


class ClaimOutput(serializers.ModelSerializer):
    attributions = AttributionOutput(many=True, read_only=True)
    evidence = EvidenceOutput(many=True, read_only=True)
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Claim
        fields = [
            "id",
            "text",
            "language",
            "text_en",
            "event_date",
            "event_place",
            "status",
            "tags",
            "published_at",
            "retracted_at",
            "retraction_reason",
            "attributions",
            "evidence",
        ]


class ClaimViewSet(viewsets.ReadOnlyModelViewSet):
    """Claims: the public sees published and retracted ones; staff see all."""

    serializer_class = ClaimOutput
    filterset_fields = ["status", "language"]

    def get_queryset(self):
        return claim_visible_to(self.request.user).prefetch_related(
            "tags",
            "evidence",
            Prefetch("attributions", queryset=Attribution.objects.select_related("source")),
        )
