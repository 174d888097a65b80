from django.conf import settings
from django.http import JsonResponse


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
