"""The claims app's endpoints under /api/v1/: a claim's parts and ingestion.
The claim itself (`/api/v1/claims/`) carries its review state and verdict,
so it is served by verify (verify/urls.py)."""

from claims.api.attributions import AttributionViewSet
from claims.api.evidence import EvidenceViewSet
from claims.api.ingestion import IngestionViewSet
from claims.api.watches import WatchViewSet

# (prefix, viewset, basename) for the one router, config/api/router.py.
api_routes = [
    ("attributions", AttributionViewSet, "attribution"),
    ("evidence", EvidenceViewSet, "evidence"),
    ("ingest", IngestionViewSet, "ingest"),
    ("watches", WatchViewSet, "watch"),
]
api_urlpatterns: list = []
