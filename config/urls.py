from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from claims.api import ClaimViewSet
from sources.api import SourceViewSet
from verify.api import ClaimCitationApi, ClaimReviewApi, StixExportApi
from verify.views import claim_page

router = DefaultRouter()
router.register("claims", ClaimViewSet, basename="claim")
router.register("sources", SourceViewSet, basename="source")

admin.site.site_header = "Claimtrace"
admin.site.site_title = "Claimtrace"
admin.site.index_title = "Claims, sources and verdicts"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/claims/<int:pk>/citation/", ClaimCitationApi.as_view(), name="claim-citation"),
    path("api/v1/claims/<int:pk>/claimreview/", ClaimReviewApi.as_view(), name="claim-claimreview"),
    path("api/v1/export/stix/", StixExportApi.as_view(), name="export-stix"),
    path("api/v1/", include(router.urls)),
    path("claims/<int:pk>/", claim_page, name="claim-page"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api-auth/", include("rest_framework.urls")),
]
