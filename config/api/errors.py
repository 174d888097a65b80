"""The error answers every endpoint documents; their one JSON shape is
written by config.exceptions.api_exception_handler."""

from drf_spectacular.utils import OpenApiResponse

WRITE_ERRORS = {
    400: OpenApiResponse(description="Invalid input; `error.fields` names the field."),
    401: OpenApiResponse(description="Not authenticated."),
    403: OpenApiResponse(description="Your role cannot do this."),
    404: OpenApiResponse(description="Not found (or not visible to you)."),
    409: OpenApiResponse(description="Conflict with the claim's state or chain."),
}
READ_ERRORS = {404: WRITE_ERRORS[404]}
EXPORT_ERRORS = {
    400: OpenApiResponse(description="Bad parameter; `error.fields` names it."),
    404: OpenApiResponse(description="No such claim, or not published."),
    409: OpenApiResponse(description="Not published yet (staff only)."),
}
