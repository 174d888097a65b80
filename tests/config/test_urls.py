import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/admin/login/", "/api/v1/", "/api/schema/", "/api/docs/", "/api/v1/claims/"]
)
def test_entry_points_answer(client, path):
    assert client.get(path).status_code == 200


def test_the_admin_needs_a_login(client):
    response = client.get("/admin/claims/claim/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def _api_views():
    """Every DRF view routed under /api/v1/, with its route."""
    from django.urls import URLPattern, URLResolver

    from config.api.router import urlpatterns

    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                view = getattr(entry.callback, "cls", None)
                if view is not None:
                    yield prefix + str(entry.pattern), view

    return list(walk(urlpatterns))


def test_every_endpoint_declares_who_may_use_it():
    """The default is deny; each API view names its permission itself."""
    from rest_framework.views import APIView

    from config.api.permissions import DenyAll

    views = _api_views()
    assert len(views) > 15
    for route, view in views:
        declared = next(
            (k for k in view.__mro__ if "permission_classes" in vars(k) and k is not APIView),
            None,
        )
        assert declared is not None, f"{route}: {view.__name__} declares no permission"
        assert DenyAll not in view.permission_classes, route


def test_an_endpoint_that_declares_nothing_serves_nobody(rf):
    from rest_framework.views import APIView

    class Undeclared(APIView):
        def get(self, request):
            raise AssertionError("served")

    response = Undeclared.as_view()(rf.get("/api/v1/undeclared/"))
    assert response.status_code in (401, 403)
