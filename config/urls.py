from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.health import health_view
from config.metrics import metrics_view

admin.site.site_header = "Claimtrace"
admin.site.site_title = "Claimtrace"
admin.site.index_title = gettext_lazy("Claims, sources and verdicts")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api.router")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api-auth/", include("rest_framework.urls")),
    path("", include("verify.urls")),
    path("health/", health_view(), name="health"),
    path("metrics", metrics_view, name="prometheus-django-metrics"),
]
handler500 = "config.exceptions.server_error"
handler404 = "config.exceptions.page_not_found"
handler400 = "config.exceptions.bad_request"
