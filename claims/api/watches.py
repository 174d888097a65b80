"""/api/v1/watches/: the feeds and channels the desk follows, their items,
and a one-off Telegram export import (claims/services/watches.py)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from claims.api.permissions import WatchesDesk
from claims.models import WATCH_MAX_INTERVAL, WATCH_MIN_INTERVAL, Watch, WatchItem
from claims.services.watches import (
    telegram_export_import,
    watch_create,
    watch_is_failing,
    watch_update,
)
from config.api.errors import READ_ERRORS, WRITE_ERRORS
from sources.models import Source

# The largest Telegram export taken in one upload.
EXPORT_MAX_BYTES = 50 * 1024 * 1024


class WatchOutput(serializers.ModelSerializer):
    failing = serializers.SerializerMethodField()

    class Meta:
        model = Watch
        fields = [
            "id", "source", "kind", "url", "interval", "paused", "failing", "failures",
            "last_error", "last_polled_at", "last_success_at", "next_poll_at", "items_seen",
            "created_at",
        ]  # fmt: skip

    def get_failing(self, watch) -> bool:
        return watch_is_failing(watch)


class WatchItemOutput(serializers.ModelSerializer):
    class Meta:
        model = WatchItem
        fields = [
            "id", "watch", "external_id", "url", "title", "text", "version", "published_at",
            "forwarded_from", "views", "duplicate_of", "job", "first_seen_at",
        ]  # fmt: skip


@extend_schema_view(
    list=extend_schema(responses={200: WatchOutput(many=True), **READ_ERRORS}),
    retrieve=extend_schema(responses={200: WatchOutput, **READ_ERRORS}),
)
class WatchViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Follow a source's RSS or Atom feed or its public Telegram channel;
    pause, resume or change how often it is read; read what it brought."""

    serializer_class = WatchOutput
    permission_classes = [WatchesDesk]
    queryset = Watch.objects.select_related("source").order_by("id")

    class CreateInput(serializers.Serializer):
        source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())
        kind = serializers.ChoiceField(choices=[Watch.Kind.FEED, Watch.Kind.TELEGRAM])
        url = serializers.CharField(max_length=2000)
        interval = serializers.IntegerField(
            min_value=WATCH_MIN_INTERVAL, max_value=WATCH_MAX_INTERVAL, required=False
        )

    class UpdateInput(serializers.Serializer):
        paused = serializers.BooleanField(required=False)
        interval = serializers.IntegerField(
            min_value=WATCH_MIN_INTERVAL, max_value=WATCH_MAX_INTERVAL, required=False
        )

    class ImportInput(serializers.Serializer):
        source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())
        file = serializers.FileField(max_length=200)

        def validate_file(self, upload):
            if upload.size > EXPORT_MAX_BYTES:
                raise serializers.ValidationError(
                    _("The export is larger than %(mb)s MB.") % {"mb": EXPORT_MAX_BYTES >> 20}
                )
            return upload

    @extend_schema(request=CreateInput, responses={201: WatchOutput, **WRITE_ERRORS})
    def create(self, request, *args, **kwargs):
        data = self.CreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        watch = watch_create(actor=request.user, **data.validated_data)
        return Response(WatchOutput(watch).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=UpdateInput, responses={200: WatchOutput, **WRITE_ERRORS})
    def partial_update(self, request, pk=None):
        data = self.UpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        watch = watch_update(actor=request.user, watch=self.get_object(), **data.validated_data)
        return Response(WatchOutput(watch).data)

    @extend_schema(responses={200: WatchItemOutput(many=True), **READ_ERRORS})
    @action(detail=True, methods=["get"])
    def items(self, request, pk=None):
        rows = WatchItem.objects.filter(watch=self.get_object()).order_by("-first_seen_at", "-id")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(WatchItemOutput(page, many=True).data)

    @extend_schema(
        request={"multipart/form-data": ImportInput},
        responses={201: WatchOutput, **WRITE_ERRORS},
        description="A Telegram Desktop export (result.json) of a channel, read once.",
    )
    @action(detail=False, methods=["post"], url_path="import-export")
    def import_export(self, request):
        data = self.ImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        body = data.validated_data["file"].read()
        watch, result = telegram_export_import(
            actor=request.user, source=data.validated_data["source"], body=body
        )
        return Response(
            {**WatchOutput(watch).data, "imported": result.as_dict()},
            status=status.HTTP_201_CREATED,
        )
