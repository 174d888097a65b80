"""Filing and editing claims (staff), through the same services as the admin."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from claims.models import TEXT_MAX_CHARS
from claims.services.claims import claim_create, claim_update
from config.api.errors import WRITE_ERRORS
from verify.api.claims.items import ClaimDetailOutput, claim_item


class ClaimFields(serializers.Serializer):
    """What a person may write of a claim; required when filing one."""

    text = serializers.CharField(max_length=TEXT_MAX_CHARS)
    language = serializers.CharField(max_length=16)
    text_en = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_CHARS)
    event_date = serializers.DateField(required=False, allow_null=True)
    event_place = serializers.CharField(required=False, allow_blank=True, max_length=200)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=50
    )


class ClaimEdit(ClaimFields):
    """An edit: any of the fields, and the version it was made on."""

    version = serializers.IntegerField(
        help_text="The version you read; a newer one on the server is a 409."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("text", "language"):
            self.fields[name].required = False


class ClaimCreate:
    """POST /claims/: file a claim; it enters the workflow as new."""

    @extend_schema(request=ClaimFields, responses={201: ClaimDetailOutput, **WRITE_ERRORS})
    def create(self, request):
        data = ClaimFields(data=request.data)
        data.is_valid(raise_exception=True)
        claim = claim_create(actor=request.user, **data.validated_data)
        return Response(self.claim_item(claim), status.HTTP_201_CREATED)

    def claim_item(self, claim) -> dict:
        return claim_item(self.get_queryset().get(pk=claim.pk), request=self.request)


class ClaimUpdate:
    """PATCH /claims/{id}/: edit the text, date, place or tags of a claim."""

    @extend_schema(request=ClaimEdit, responses={200: ClaimDetailOutput, **WRITE_ERRORS})
    def partial_update(self, request, pk=None):
        claim = self.get_object()
        data = ClaimEdit(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        claim_update(
            claim=claim, actor=request.user, expected_version=values.pop("version"), **values
        )
        return Response(self.claim_item(claim))
