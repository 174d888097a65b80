"""How a claim's parts are written out, in one shape wherever they go: the
API's answers and the public record sign-off stores (verify.publishing.record)."""

from rest_framework import serializers

from claims.models import Attribution, Evidence


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
            "unnamed",
            "published_at",
        ]


class EvidenceOutput(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "claim", "kind", "relation", "url", "description", "latitude", "longitude"]
