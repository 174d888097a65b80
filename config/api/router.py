"""Every endpoint of /api/v1/, routed here and nowhere else (as
cookiecutter-django's api_router): the viewsets on one router, and the few
plain API views beside them. Each endpoint lives in its app's `api` package."""

from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.routers import APIRootView, DefaultRouter

from claims.api.attributions import AttributionViewSet
from claims.api.evidence import EvidenceViewSet
from claims.api.ingestion import IngestionViewSet
from sources.api.sources import SourceViewSet
from verify.api.candidates import CandidateAcceptAsSameApi
from verify.api.claims.viewset import ClaimViewSet
from verify.api.exports import ClaimCitationApi, ClaimReviewApi, StixExportApi
from verify.api.feeds import AtomFeed, json_feed
from verify.api.reviews import ReviewViewSet
from verify.api.webhooks import WebhookSubscriptionViewSet


class _Root(APIRootView):
    """The browsable index of the API: a list of links, open to everyone."""

    permission_classes = [AllowAny]


class _Router(DefaultRouter):
    APIRootView = _Root


router = _Router()
router.register("claims", ClaimViewSet, basename="claim")
router.register("sources", SourceViewSet, basename="source")
router.register("attributions", AttributionViewSet, basename="attribution")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("reviews", ReviewViewSet, basename="review")
router.register("webhooks", WebhookSubscriptionViewSet, basename="webhook")
router.register("ingest", IngestionViewSet, basename="ingest")

urlpatterns = [
    path("claims/<int:pk>/citation/", ClaimCitationApi.as_view(), name="claim-citation"),
    path("claims/<int:pk>/claimreview/", ClaimReviewApi.as_view(), name="claim-claimreview"),
    path("export/stix/", StixExportApi.as_view(), name="export-stix"),
    path(
        "ingest/candidates/<int:pk>/accept-as-same/",
        CandidateAcceptAsSameApi.as_view(),
        name="candidate-accept-as-same",
    ),
    path("feeds/published.json", json_feed, name="feed-json"),
    path("feeds/published.atom", AtomFeed(), name="feed-atom"),
    *router.urls,
]
