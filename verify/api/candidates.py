"""POST /ingest/candidates/{id}/accept-as-same/: file an ingestion candidate
as the same claim as a filed one (verify.workflow.services)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.ingestion import PickedSources
from claims.api.permissions import FilesClaims
from claims.models import TEXT_MAX_CHARS, Candidate, Claim
from config.api.errors import WRITE_ERRORS
from verify.workflow.services import candidate_accept_as_same


class AcceptAsSameInput(serializers.Serializer):
    same_as = serializers.PrimaryKeyRelatedField(
        queryset=Claim.objects.all(),
        required=False,
        help_text="The filed claim it says the same as; by default its likely duplicate.",
    )
    text = serializers.CharField(required=False, max_length=TEXT_MAX_CHARS)
    text_en = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_CHARS)
    sources = PickedSources(required=False)


class CandidateAcceptAsSameApi(APIView):
    permission_classes = [FilesClaims]

    @extend_schema(
        summary="Accept a candidate as the same claim as a filed one",
        description="Files the candidate in its own words and language and links it to the "
        "named claim's cluster in one step: its attributions count with that claim's origins "
        "and relays. Without `same_as`, the claim the matcher found it likely repeats.",
        request=AcceptAsSameInput,
        responses={201: OpenApiResponse(description="The new claim's id."), **WRITE_ERRORS},
    )
    def post(self, request, pk: int):
        data = AcceptAsSameInput(data=request.data)
        data.is_valid(raise_exception=True)
        candidate = Candidate.objects.filter(pk=pk).first()
        if candidate is None:
            raise NotFound(_("No such candidate."))
        claim = candidate_accept_as_same(
            candidate=candidate, actor=request.user, **data.validated_data
        )
        return Response({"claim": claim.pk}, status=status.HTTP_201_CREATED)
