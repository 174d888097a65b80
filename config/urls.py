from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from claims.api import AttributionViewSet, EvidenceViewSet, IngestionViewSet
from sources.api import SourceViewSet
from verify.api.claims import ClaimViewSet
from verify.api.exports import ClaimCitationApi, ClaimReviewApi, StixExportApi
from verify.api.feeds import AtomFeed, json_feed
from verify.api.reviews import ReviewViewSet
from verify.api.webhooks import WebhookSubscriptionViewSet
from verify.views import claim_page

router = DefaultRouter()
router.register("claims", ClaimViewSet, basename="claim")
router.register("sources", SourceViewSet, basename="source")
router.register("attributions", AttributionViewSet, basename="attribution")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("reviews", ReviewViewSet, basename="review")
router.register("webhooks", WebhookSubscriptionViewSet, basename="webhook")
router.register("ingest", IngestionViewSet, basename="ingest")

admin.site.site_header = "Claimtrace"
admin.site.site_title = "Claimtrace"
admin.site.index_title = "Claims, sources and verdicts"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/claims/<int:pk>/citation/", ClaimCitationApi.as_view(), name="claim-citation"),
    path("api/v1/claims/<int:pk>/claimreview/", ClaimReviewApi.as_view(), name="claim-claimreview"),
    path("api/v1/export/stix/", StixExportApi.as_view(), name="export-stix"),
    path("api/v1/feeds/published.json", json_feed, name="feed-json"),
    path("api/v1/feeds/published.atom", AtomFeed(), name="feed-atom"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api-auth/", include("rest_framework.urls")),
    path("claims/<int:pk>/", claim_page, name="claim-page"),
]
