"""GET /claims/{id}/similar/ and POST /claims/similar/: the claims that say
the same thing, in any language, best first (claims.selectors.similar.claims_matching_text)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from claims.matching.embeddings import MODEL_TEXT_CHARS
from claims.selectors import user_is_desk
from claims.selectors.similar import claims_matching_claim, claims_matching_text
from config.api.errors import WRITE_ERRORS

MAX_LIMIT = 50


class SimilarQuery(serializers.Serializer):
    limit = serializers.IntegerField(required=False, min_value=1, max_value=MAX_LIMIT, default=10)


class SimilarTextInput(SimilarQuery):
    text = serializers.CharField(
        max_length=MODEL_TEXT_CHARS,
        help_text=f"A sentence not filed yet; at most {MODEL_TEXT_CHARS} characters, what "
        "the model reads in one window.",
    )
    language = serializers.CharField(max_length=16, help_text="BCP 47 code, e.g. bg.")
    text_en = serializers.CharField(max_length=MODEL_TEXT_CHARS, required=False, allow_blank=True)


class SimilarItem(serializers.Serializer):
    """A similar claim as everyone may see it; the desk also gets `status`."""

    id = serializers.IntegerField(source="claim.pk")
    text = serializers.CharField(source="claim.text")
    language = serializers.CharField(source="claim.language")
    text_en = serializers.CharField(source="claim.text_en")
    score = serializers.FloatField(
        help_text="Hybrid score, 0…1 (embeddings, latent terms, shared names); "
        "0.5 is the 'same claim' line."
    )
    cosine = serializers.FloatField(help_text="The embeddings' cosine alone.")
    likely_same = serializers.BooleanField(help_text="At or above the 'same claim' threshold.")
    linked = serializers.BooleanField(
        help_text="A reviewer already linked it as the same claim (one cluster)."
    )


class DeskSimilarItem(SimilarItem):
    status = serializers.CharField(source="claim.status", help_text="Staff only.")


class SimilarOutput(serializers.Serializer):
    results = SimilarItem(many=True)


class DeskSimilarOutput(serializers.Serializer):
    results = DeskSimilarItem(many=True)


def _results(similar, user) -> dict:
    # Text, language and rendering of a public claim are frozen once it is
    # published: what is shown here is what its public record holds.
    output = DeskSimilarOutput if user_is_desk(user) else SimilarOutput
    return output({"results": similar}).data


class ClaimSimilar:
    @extend_schema(
        summary="Claims that say the same as this one",
        description="Best first, in any language: embedding neighbours and trigram neighbours "
        "ranked by a hybrid score; `likely_same` marks those at or above the 'same claim' "
        "threshold. Staff see every claim, everyone else published ones only.",
        parameters=[OpenApiParameter("limit", int, description=f"1…{MAX_LIMIT}, default 10")],
        responses={200: SimilarOutput},
    )
    @action(detail=True, methods=["get"], url_path="similar")
    def similar(self, request, pk=None):
        claim = self.get_object()  # 404 for a claim the caller may not see
        query = SimilarQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        similar = claims_matching_claim(
            user=request.user, claim=claim, limit=query.validated_data["limit"]
        )
        return Response(_results(similar, request.user))

    @extend_schema(
        summary="Claims that say the same as a sentence",
        description="The same lookup for a sentence that is not filed yet (a candidate, a "
        "tipline message).",
        request=SimilarTextInput,
        responses={200: SimilarOutput, **WRITE_ERRORS},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="similar",
        permission_classes=[permissions.AllowAny],  # a lookup; results filtered by who asks
    )
    def similar_to_text(self, request):
        data = SimilarTextInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        similar = claims_matching_text(
            user=request.user,
            text=values["text"],
            language=values["language"].strip().lower(),
            text_en=values.get("text_en", ""),
            limit=values["limit"],
        )
        return Response(_results(similar, request.user))
