"""Reading claims: the list (filters, search, cursor pages, ETag) and one claim."""

from django.db import connection
from django.utils.decorators import method_decorator
from django.views.decorators.http import conditional_page
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from config.api.errors import READ_ERRORS, WRITE_ERRORS
from config.api.pagination import CursorPagination
from verify.api.claims.items import ClaimDetailOutput, ClaimOutput, claim_item, claim_items

ORDERINGS = ["id", "-id", "updated_at", "-updated_at", "published_at", "-published_at"]


class ClaimCursorPagination(CursorPagination):
    """Cursor pagination with a whitelisted `ordering`; newest first, or
    best first for a search (claims.selectors.search.claim_search)."""

    def get_ordering(self, request, queryset, view):
        ordering = request.query_params.get("ordering")
        if ordering and ordering not in ORDERINGS:
            raise serializers.ValidationError(
                {"ordering": [f"Order by one of: {', '.join(ORDERINGS)}."]}
            )
        if ordering:
            return (ordering, "-id") if ordering.lstrip("-") != "id" else (ordering,)
        if request.query_params.get("search", "").strip():
            # best first: cross-lingual neighbours by similarity, then newest
            return ("-relevance", "-id")
        return ("-id",)


SEARCH = OpenApiParameter(
    "search",
    OpenApiTypes.STR,
    description="Search over the claim, its English rendering and its word forms (Bulgarian, "
    "Ukrainian, Russian lemmas), with trigram correction of misspelt words; a query of two "
    "words or more also finds the claims that say the same in another language "
    "(embeddings). Best first unless `ordering` is given.",
)
ORDERING = OpenApiParameter("ordering", OpenApiTypes.STR, enum=ORDERINGS)


class ClaimList:
    """GET /claims/: the claims the caller may see, filtered and searched."""

    pagination_class = ClaimCursorPagination

    @extend_schema(
        summary="Claims (the public sees published and retracted ones)",
        description="Anonymous users and API clients get each claim as its signed public "
        "record holds it (docs/public-record.md): `public_record` gives the record's "
        "`version` and `signed_at`; a change made after publication appears only once an "
        "editor signs the update. Filters read the record too. Staff see the claims as "
        "they are now, with the workflow fields.",
        parameters=[SEARCH, ORDERING],
        responses={200: ClaimOutput(many=True), 400: WRITE_ERRORS[400]},
    )
    # Widgets and feeds poll the list: an unchanged page answers 304 to its ETag.
    @method_decorator(conditional_page)
    def list(self, request):
        queryset = self.get_queryset()
        if connection.vendor == "postgresql":
            # The item is in `item_json`; the rest only places the cursor:
            # plain rows of the ordering's own columns (building 51 model
            # instances cost more than the rest of the page's Python,
            # docs/benchmarks.md; columns no cursor uses are not read).
            ordering = self.paginator.get_ordering(request, queryset, self)
            fields = dict.fromkeys(["id", *(name.lstrip("-") for name in ordering)])
            queryset = queryset.values_list(*fields, "item_json", named=True)
        claims = self.paginate_queryset(queryset)
        return self.get_paginated_response(claim_items(claims, request=request))


class VersionOutput(serializers.Serializer):
    version = serializers.IntegerField()
    signed_at = serializers.DateTimeField()
    change = serializers.CharField(help_text="What changed since the version before.")
    current = serializers.BooleanField()
    item = serializers.DictField(help_text="The claim's item as that version signed it.")


class ClaimRetrieve:
    """GET /claims/{id}/: one claim with its independent origins;
    GET /claims/{id}/versions/: its public record's corrections log."""

    @extend_schema(
        description="For the public (anonymous users, API clients) the item is the claim's "
        "signed public record: `public_record` gives its `version` and `signed_at`, and "
        "`public_record.versions` the corrections log. A change made after publication "
        "reaches it only when an editor signs the update (webhook `claim.updated`). "
        "Each origin carries `reliability` as signed and `reliability_now`.",
        responses={200: ClaimDetailOutput, **READ_ERRORS},
    )
    def retrieve(self, request, pk=None):
        return Response(claim_item(self.get_object(), request=request))

    @extend_schema(
        summary="The corrections log: every signed version of a claim's public record",
        responses={200: VersionOutput(many=True), **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="versions", pagination_class=None)
    def versions(self, request, pk=None):
        claim = self.get_object()  # 404 for a claim the caller may not see
        records = claim.public_records.order_by("-version")
        return Response(
            VersionOutput(
                [
                    {
                        "version": r.version,
                        "signed_at": r.signed_at,
                        "change": r.change,
                        "current": r.is_current,
                        "item": r.item,
                    }
                    for r in records
                ],
                many=True,
            ).data
        )
