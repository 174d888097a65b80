"""/api/v1/attributions/: who said a claim, and whom they relay."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from claims.api.parts import ClaimPartViewSet
from claims.models import TEXT_MAX_CHARS, Attribution, Claim
from claims.representations import AttributionOutput
from claims.services.claims import attribution_add, attribution_remove
from config.api.errors import READ_ERRORS, WRITE_ERRORS
from sources.models import Source


class AttributionInput(serializers.Serializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())
    stance = serializers.ChoiceField(choices=Attribution.Stance.choices, default="asserts")
    via = serializers.PrimaryKeyRelatedField(
        queryset=Attribution.objects.all(), required=False, allow_null=True
    )
    url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    quote = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_CHARS)
    unnamed = serializers.BooleanField(
        required=False,
        default=False,
        help_text='An unnamed source in the source\'s organisation said it ("a source in HUR").',
    )
    published_at = serializers.DateTimeField(required=False, allow_null=True)


@extend_schema_view(
    list=extend_schema(summary="Attributions of the claims you may see"),
    retrieve=extend_schema(responses={200: AttributionOutput, **READ_ERRORS}),
    create=extend_schema(
        request=AttributionInput, responses={201: AttributionOutput, **WRITE_ERRORS}
    ),
    destroy=extend_schema(responses={204: None, **WRITE_ERRORS}),
)
class AttributionViewSet(ClaimPartViewSet):
    serializer_class = AttributionOutput
    input_class = AttributionInput
    filterset_fields = ["claim", "source", "stance"]
    part = "attributions"

    def get_queryset(self):
        parts = Attribution.objects.filter(claim__in=self.visible_claims())
        return self.visible(parts).select_related("source")

    def add(self, user, values):
        return attribution_add(actor=user, **values)

    def remove(self, part, user):
        attribution_remove(attribution=part, actor=user)
