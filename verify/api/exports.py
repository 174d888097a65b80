"""API for what the desk concludes: citation lines, ClaimReview, STIX export."""

import orjson
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.models import Claim
from claims.selectors import claim_visible_to
from config.api.errors import EXPORT_ERRORS
from config.api.permissions import Public
from config.exceptions import Conflict
from verify.publishing.citation import FORMATS, LANGUAGES
from verify.publishing.record import citation_public, claimreview_for, record_of
from verify.publishing.stix import stix_bundle
from verify.selectors import current_records


class _JsonOnly(DefaultContentNegotiation):
    """`?format=` here chooses text or HTML for the citation, not a renderer."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class StixRenderer(JSONRenderer):
    media_type = "application/stix+json;version=2.1"
    format = "stix"


class JsonLdRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


def _claim(request, pk: int) -> Claim:
    claim = claim_visible_to(request.user).filter(pk=pk).first()
    if claim is None:
        raise NotFound(_("No published claim with this id."))
    return claim


def public_url(request, claim: Claim) -> str:
    path = reverse("claim-page", args=[claim.pk])
    base = settings.CLAIMTRACE_PUBLIC_URL
    return base.rstrip("/") + path if base else request.build_absolute_uri(path)


class ClaimCitationApi(APIView):
    permission_classes = [Public]  # published claims only (claim_visible_to)
    content_negotiation_class = _JsonOnly
    renderer_classes = [JSONRenderer]

    class CitationQuery(serializers.Serializer):
        lang = serializers.ChoiceField(choices=LANGUAGES, default="en")
        format = serializers.ChoiceField(choices=FORMATS, default="text")

    class Output(serializers.Serializer):
        claim = serializers.IntegerField()
        lang = serializers.CharField()
        format = serializers.CharField()
        citation = serializers.CharField()

    @extend_schema(
        summary="Citation line for an editor",
        parameters=[CitationQuery],
        responses={200: Output, **EXPORT_ERRORS},
    )
    def get(self, request, pk: int):
        query = self.CitationQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        claim = _claim(request, pk)
        record = record_of(claim)
        if record is None:
            raise Conflict(
                _("This claim has not been published; there is no citation for it yet."),
                field="status",
                code="not_published",
            )
        citation = citation_public(claim, record, lang=query.validated_data["lang"])
        fmt = query.validated_data["format"]
        body = {
            "claim": claim.pk,
            "lang": citation.lang,
            "format": fmt,
            "citation": citation.text if fmt == "text" else str(citation.html),
        }
        return Response(self.Output(body).data)


class ClaimReviewApi(APIView):
    permission_classes = [Public]  # published claims only (claim_visible_to)
    renderer_classes = [JsonLdRenderer, JSONRenderer]

    @extend_schema(
        summary="schema.org ClaimReview (JSON-LD) of a published claim",
        responses={
            200: OpenApiTypes.OBJECT,
            410: OpenApiResponse(description="Retracted: the ClaimReview is withdrawn."),
            **EXPORT_ERRORS,
        },
    )
    def get(self, request, pk: int):
        claim = _claim(request, pk)
        return Response(claimreview_for(claim, url=public_url(request, claim)))


class StixExportApi(APIView):
    permission_classes = [Public]  # the bundle holds published claims only
    renderer_classes = [StixRenderer]
    content_negotiation_class = _JsonOnly

    class StixQuery(serializers.Serializer):
        since = serializers.DateTimeField(required=False, help_text="Only claims changed since.")

    @extend_schema(
        summary="STIX 2.1 bundle of published claims",
        parameters=[StixQuery],
        responses={200: OpenApiTypes.OBJECT, 400: EXPORT_ERRORS[400]},
    )
    def get(self, request):
        query = self.StixQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        # Exports are public data, whoever asks: the signed records.
        public = claim_visible_to(AnonymousUser())
        records = current_records().filter(claim__in=public).select_related("claim")
        if "since" in query.validated_data:
            since = query.validated_data["since"]
            records = records.filter(Q(signed_at__gte=since) | Q(claim__retracted_at__gte=since))
        bundle = stix_bundle(records.order_by("claim_id"))
        return HttpResponse(orjson.dumps(bundle), content_type="application/stix+json;version=2.1")
