"""Every endpoint of /api/v1/ on one router (as cookiecutter-django's
api_router). Each app lists its own in its `urls.py` (`api_routes` for
viewsets, `api_urlpatterns` for plain views); this module only joins them."""

from rest_framework.permissions import AllowAny
from rest_framework.routers import APIRootView, DefaultRouter

from claims import urls as claims_urls
from sources import urls as sources_urls
from verify import urls as verify_urls

APPS = (verify_urls, sources_urls, claims_urls)


class _Root(APIRootView):
    """The browsable index of the API: a list of links, open to everyone."""

    permission_classes = [AllowAny]


class _Router(DefaultRouter):
    APIRootView = _Root


router = _Router()
for app in APPS:
    for prefix, viewset, basename in app.api_routes:
        router.register(prefix, viewset, basename=basename)

urlpatterns = [pattern for app in APPS for pattern in app.api_urlpatterns] + router.urls
