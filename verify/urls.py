"""verify's addresses: the public pages (index, a claim's page, the reader's
language) and its endpoints under /api/v1/: claims with their review state,
reviews, exports, feeds and webhooks."""

from django.urls import path

from verify.api.candidates import CandidateAcceptAsSameApi
from verify.api.claims.viewset import ClaimViewSet
from verify.api.exports import ClaimCitationApi, ClaimReviewApi, StixExportApi
from verify.api.feeds import AtomFeed, json_feed
from verify.api.reviews import ReviewViewSet
from verify.api.spreading import SpreadingBoardApi, SpreadThresholdApi
from verify.api.webhooks import WebhookSubscriptionViewSet
from verify.views import claim_page, public_index, switch_language

urlpatterns = [
    path("", public_index, name="public-index"),
    path("language/", switch_language, name="switch-language"),
    path("claims/<int:pk>/", claim_page, name="claim-page"),
]

# (prefix, viewset, basename) for the one router, config/api/router.py.
api_routes = [
    ("claims", ClaimViewSet, "claim"),
    ("reviews", ReviewViewSet, "review"),
    ("webhooks", WebhookSubscriptionViewSet, "webhook"),
]
api_urlpatterns = [
    path("claims/<int:pk>/citation/", ClaimCitationApi.as_view(), name="claim-citation"),
    path("claims/<int:pk>/claimreview/", ClaimReviewApi.as_view(), name="claim-claimreview"),
    path("export/stix/", StixExportApi.as_view(), name="export-stix"),
    path(
        "ingest/candidates/<int:pk>/accept-as-same/",
        CandidateAcceptAsSameApi.as_view(),
        name="candidate-accept-as-same",
    ),
    path("spreading/", SpreadingBoardApi.as_view(), name="spreading-board"),
    path("spreading/threshold/", SpreadThresholdApi.as_view(), name="spreading-threshold"),
    path("feeds/published.json", json_feed, name="feed-json"),
    path("feeds/published.atom", AtomFeed(), name="feed-atom"),
]
