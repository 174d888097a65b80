"""/api/v1/evidence/: what supports or refutes a claim."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from claims.api.parts import ClaimPartViewSet
from claims.models import TEXT_MAX_CHARS, Claim, Evidence
from claims.representations import EvidenceOutput
from claims.services.claims import evidence_add, evidence_remove
from config.api.errors import READ_ERRORS, WRITE_ERRORS


class EvidenceInput(serializers.Serializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    kind = serializers.ChoiceField(choices=Evidence.Kind.choices)
    relation = serializers.ChoiceField(choices=Evidence.Relation.choices)
    url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    description = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_CHARS)
    latitude = serializers.DecimalField(
        max_digits=8, decimal_places=6, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )


@extend_schema_view(
    list=extend_schema(summary="Evidence on the claims you may see"),
    retrieve=extend_schema(responses={200: EvidenceOutput, **READ_ERRORS}),
    create=extend_schema(request=EvidenceInput, responses={201: EvidenceOutput, **WRITE_ERRORS}),
    destroy=extend_schema(responses={204: None, **WRITE_ERRORS}),
)
class EvidenceViewSet(ClaimPartViewSet):
    serializer_class = EvidenceOutput
    input_class = EvidenceInput
    filterset_fields = ["claim", "kind", "relation"]
    part = "evidence"

    def get_queryset(self):
        return self.visible(Evidence.objects.filter(claim__in=self.visible_claims()))

    def add(self, user, values):
        return evidence_add(actor=user, **values)

    def remove(self, part, user):
        evidence_remove(evidence=part, actor=user)
