import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse

logger = logging.getLogger(__name__)


class BodySizeLimitMiddleware:
    """Refuse an oversized API request body with 413 before anything reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit and length > limit and request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "error": {
                        "status": 413,
                        "code": "too_large",
                        "message": f"The request body is larger than {limit} bytes.",
                    }
                },
                status=413,
            )
        return self.get_response(request)


class QueryNulMiddleware:
    """A query parameter with a NUL character is a 400 naming it: no text
    column takes one (PostgreSQL refuses NUL in text), so it can only be a
    probe, and it must not reach a query as a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            for name, values in request.GET.lists():
                if "\x00" in name or any("\x00" in value for value in values):
                    field = name.replace("\x00", "")
                    message = f"{field}: a NUL character is not allowed."
                    error = {"status": 400, "code": "invalid", "message": message,
                             "fields": {field: ["A NUL character is not allowed."]}}  # fmt: skip
                    return JsonResponse({"error": error}, status=400)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A request that finds PostgreSQL down (restart, failover) gets a fast
    503 with Retry-After instead of a 500; the next request reconnects
    (CONN_HEALTH_CHECKS), so the server recovers without a restart."""

    RETRY_AFTER = "5"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        except (OperationalError, InterfaceError) as exc:  # raised outside a view
            return self._unavailable(request, exc)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            return self._unavailable(request, exception)
        return None

    def _unavailable(self, request, exc):
        logger.error("Database unavailable for %s: %s", request.path, exc)
        connections.close_all()  # drop broken connections; the next request opens anew
        message = "The database is unavailable; try again in a few seconds."
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"error": {"status": 503, "code": "unavailable", "message": message}}, status=503
            )
        else:
            response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = self.RETRY_AFTER
        return response
