"""One error type for domain rules, and one JSON shape for every API error.

Services raise ApplicationError (or a subclass) with a message and, where the
rule is about one input, the field it concerns. Admin views show the message;
the API turns it into

    {"error": {"status": 409, "code": "invalid_transition",
               "message": "...", "fields": {"status": ["..."]}}}
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404
from rest_framework import exceptions as drf_exceptions
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler


class ApplicationError(Exception):
    status_code = 400
    default_code = "invalid"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        code: str | None = None,
        extra: dict[str, Any] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code or self.default_code
        self.extra = extra or {}


class NotAllowed(ApplicationError):
    """The actor's role does not allow this action."""

    status_code = 403
    default_code = "not_allowed"


class Conflict(ApplicationError):
    """The object changed under the caller: a wrong state or a stale version."""

    status_code = 409
    default_code = "conflict"


logger = logging.getLogger("claimtrace.api")


def _body(status: int, code: str, message: str, fields: dict | None = None, extra=None):
    error: dict[str, Any] = {"status": status, "code": code, "message": str(message)}
    if fields:
        error["fields"] = fields
    if extra:
        error["extra"] = extra
    return {"error": error}


def _message_of(detail) -> str:
    if isinstance(detail, list) and detail:
        return _message_of(detail[0])
    if isinstance(detail, dict) and detail:
        return _message_of(next(iter(detail.values())))
    return str(detail)


def api_exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        fields = {exc.field: [exc.message]} if exc.field else None
        data = _body(exc.status_code, exc.code, exc.message, fields, exc.extra)
        return Response(data, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        detail = as_serializer_error(exc)
        if "__all__" in detail:
            detail["non_field_errors"] = detail.pop("__all__")
        exc = drf_exceptions.ValidationError(detail)
    elif isinstance(exc, Http404):
        exc = drf_exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = drf_exceptions.PermissionDenied()

    if isinstance(exc, OperationalError | InterfaceError):
        # the database is down or restarting: DatabaseUnavailableMiddleware
        # answers 503 with Retry-After, as it always has
        return None
    if isinstance(exc, RecursionError):  # a body nested past what we walk
        data = _body(400, "too_deep", "The request body is nested too deeply.")
        return Response(data, status=400)

    response = exception_handler(exc, context)
    if response is None:
        # Anything else is our fault: logged with its traceback, and the
        # client gets the API's error shape, never an HTML page.
        logger.exception("Unhandled error in %s", context.get("view").__class__.__name__)
        return Response(_body(500, "server_error", "Server error; it has been logged."), 500)
    detail = response.data
    if isinstance(exc, drf_exceptions.ValidationError):
        if isinstance(detail, dict):
            fields = detail
            first_field = next(iter(detail), "")
            message = f"{first_field}: {_message_of(detail[first_field])}"
        else:
            fields = {"non_field_errors": detail}
            message = _message_of(detail)
        response.data = _body(response.status_code, "invalid", message, fields)
    else:
        code = getattr(exc, "default_code", "error")
        if isinstance(exc, drf_exceptions.APIException):
            codes = exc.get_codes()
            code = codes if isinstance(codes, str) else code
        response.data = _body(response.status_code, code, _message_of(detail))
    return response


def server_error(request, *args, **kwargs):
    """Django's 500 page outside the API; inside it (an error before or
    after DRF's view, e.g. in a middleware), the API's error shape."""
    from django.http import JsonResponse
    from django.views import defaults

    if request.path.startswith("/api/"):
        return JsonResponse(
            _body(500, "server_error", "Server error; it has been logged."), status=500
        )
    return defaults.server_error(request, *args, **kwargs)


def page_not_found(request, exception=None, *args, **kwargs):
    """A URL no view answers: inside the API, its error shape."""
    from django.http import JsonResponse
    from django.views import defaults

    if request.path.startswith("/api/"):
        return JsonResponse(_body(404, "not_found", "Not found."), status=404)
    return defaults.page_not_found(request, exception, *args, **kwargs)


def bad_request(request, exception=None, *args, **kwargs):
    from django.http import JsonResponse
    from django.views import defaults

    if request.path.startswith("/api/"):
        return JsonResponse(_body(400, "bad_request", "Bad request."), status=400)
    return defaults.bad_request(request, exception, *args, **kwargs)
