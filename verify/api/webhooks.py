from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from config.api.errors import READ_ERRORS, WRITE_ERRORS
from verify.clients import webhooks as services
from verify.models import WebhookDelivery, WebhookEvent, WebhookSubscription


class SubscriptionOutput(serializers.ModelSerializer):
    class Meta:
        model = WebhookSubscription
        fields = ["id", "name", "url", "events", "is_active", "created_at"]


class DeliveryOutput(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "delivery_id",
            "event",
            "claim",
            "status",
            "attempts",
            "last_status_code",
            "last_error",
            "next_attempt_at",
            "created_at",
            "delivered_at",
        ]


class WebhookPermission(permissions.DjangoModelPermissions):
    """Subscriptions are for roles with the webhook permissions (API clients)."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
    }


@extend_schema_view(
    list=extend_schema(summary="Your webhook subscriptions"),
    retrieve=extend_schema(responses={200: SubscriptionOutput, **READ_ERRORS}),
    destroy=extend_schema(responses={204: None, **WRITE_ERRORS}),
)
class WebhookSubscriptionViewSet(viewsets.ModelViewSet):
    """Subscriptions; each user sees their own (superusers see all)."""

    serializer_class = SubscriptionOutput
    permission_classes = [permissions.IsAuthenticated, WebhookPermission]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    class WebhookInput(serializers.Serializer):
        name = serializers.CharField(max_length=100)
        url = serializers.URLField(max_length=2000)
        events = serializers.ListField(
            child=serializers.ChoiceField(choices=WebhookEvent.choices), allow_empty=False
        )
        secret = serializers.CharField(
            required=False, min_length=16, max_length=128, help_text="Made for you if omitted."
        )

    class WebhookCreatedOutput(SubscriptionOutput):
        class Meta(SubscriptionOutput.Meta):
            fields = [*SubscriptionOutput.Meta.fields, "secret"]

    class WebhookUpdateInput(serializers.Serializer):
        name = serializers.CharField(required=False, max_length=100)
        url = serializers.URLField(required=False, max_length=2000)
        events = serializers.ListField(
            child=serializers.ChoiceField(choices=WebhookEvent.choices),
            allow_empty=False,
            required=False,
        )
        is_active = serializers.BooleanField(required=False)

    def get_queryset(self):
        subscriptions = WebhookSubscription.objects.all()
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return subscriptions.none()
        user = self.request.user
        return subscriptions if user.is_superuser else subscriptions.filter(owner=user)

    @extend_schema(
        request=WebhookInput,
        responses={201: WebhookCreatedOutput, **WRITE_ERRORS},
        description="The secret is returned once, here; keep it to check signatures.",
    )
    def create(self, request):
        data = self.WebhookInput(data=request.data)
        data.is_valid(raise_exception=True)
        subscription = services.subscription_create(owner=request.user, **data.validated_data)
        return Response(
            self.WebhookCreatedOutput(subscription).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=WebhookUpdateInput, responses={200: SubscriptionOutput, **WRITE_ERRORS})
    def partial_update(self, request, pk=None):
        data = self.WebhookUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        subscription = services.subscription_update(
            subscription=self.get_object(), **data.validated_data
        )
        return Response(SubscriptionOutput(subscription).data)

    def destroy(self, request, pk=None):
        services.subscription_delete(subscription=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Deliveries of this subscription, newest first",
        responses={200: DeliveryOutput(many=True), 404: OpenApiResponse(description="Not yours.")},
    )
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        deliveries = self.get_object().deliveries.all()
        page = self.paginate_queryset(deliveries.order_by("-id"))
        return self.get_paginated_response(DeliveryOutput(page, many=True).data)
