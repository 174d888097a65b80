"""/api/v1/spreading/: the board of spreading claims for the desk, and its
threshold (verify/services/spreading.py)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.permissions import WatchesDesk
from config.api.errors import READ_ERRORS, WRITE_ERRORS
from verify.models import SpreadThreshold
from verify.selectors import spread_threshold, spreading_board
from verify.services.spreading import LIMITS, spread_threshold_set


class ThresholdSerializer(serializers.ModelSerializer):
    outlets = serializers.IntegerField(
        min_value=LIMITS["outlets"][0], max_value=LIMITS["outlets"][1]
    )
    languages = serializers.IntegerField(
        min_value=LIMITS["languages"][0], max_value=LIMITS["languages"][1]
    )
    within_hours = serializers.IntegerField(
        min_value=LIMITS["within_hours"][0], max_value=LIMITS["within_hours"][1]
    )

    class Meta:
        model = SpreadThreshold
        fields = ["outlets", "languages", "within_hours", "active"]


class BoardQuery(serializers.Serializer):
    hours = serializers.IntegerField(
        min_value=LIMITS["within_hours"][0], max_value=LIMITS["within_hours"][1], default=24
    )


class SpreadingBoardApi(APIView):
    """The clusters the watched feeds and channels brought within `hours`,
    most spread first, with who had each first."""

    permission_classes = [WatchesDesk]

    @extend_schema(
        parameters=[OpenApiParameter("hours", int, description="How far back (1 to 168).")],
        responses={200: dict, **READ_ERRORS},
    )
    def get(self, request):
        query = BoardQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        threshold, board = spreading_board(hours=query.validated_data["hours"])
        return Response(
            {
                "threshold": ThresholdSerializer(threshold).data,
                "clusters": [_cluster(row) for row in board],
            }
        )


def _cluster(row) -> dict:
    c = row.cluster
    return {
        "key": c.key,
        "claim": c.claim_id,
        "candidate": c.candidate_id,
        "text": c.text,
        "outlets": sorted(c.outlets.values()),
        "languages": sorted(c.languages),
        "independent_origins": len(c.origins),
        "items": len(c.items),
        "items_last_hour": c.last_hour,
        "first_seen_at": c.first_seen,
        "earliest": vars(c.earliest) if c.earliest else None,
        "past_threshold": row.passes,
        "alerted": row.alerted,
    }


class SpreadThresholdApi(APIView):
    """The desk's line: so many outlets in so many languages within so many hours."""

    permission_classes = [WatchesDesk]

    @extend_schema(responses={200: ThresholdSerializer, **READ_ERRORS})
    def get(self, request):
        return Response(ThresholdSerializer(spread_threshold()).data)

    @extend_schema(
        request=ThresholdSerializer, responses={200: ThresholdSerializer, **WRITE_ERRORS}
    )
    def patch(self, request):
        data = ThresholdSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        threshold = spread_threshold_set(actor=request.user, **data.validated_data)
        return Response(ThresholdSerializer(threshold).data)
