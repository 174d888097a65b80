"""What attributions and evidence share: their output (also nested in a
claim's item) and one base for their endpoints."""

from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from claims.models import Attribution, Evidence
from claims.selectors import claim_visible_to
from config.api.permissions import ReadOrSignedIn


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


class ClaimPartViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Parts of claims (attributions, evidence): everyone reads those of the
    claims they may see; staff add and remove them through a service."""

    permission_classes = [ReadOrSignedIn]
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
