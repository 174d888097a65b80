"""The sources app's endpoints under /api/v1/: the source register."""

from sources.api.sources import SourceViewSet

# (prefix, viewset, basename) for the one router, config/api/router.py.
api_routes = [("sources", SourceViewSet, "source")]
api_urlpatterns: list = []
