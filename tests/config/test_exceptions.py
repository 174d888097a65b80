"""One JSON shape for every API error, naming the field where there is one."""

from django.core.exceptions import ValidationError
from rest_framework import exceptions

from config.exceptions import ApplicationError, Conflict, NotAllowed, api_exception_handler


def _handle(exc):
    response = api_exception_handler(exc, {})
    return response.status_code, response.data["error"]


def test_domain_errors_keep_their_status_code_and_field():
    assert _handle(Conflict("Cannot publish a claim that is new.", field="status")) == (
        409,
        {
            "status": 409,
            "code": "conflict",
            "message": "Cannot publish a claim that is new.",
            "fields": {"status": ["Cannot publish a claim that is new."]},
        },
    )
    status, error = _handle(NotAllowed("Only editors retract claims."))
    assert (status, error["code"], "fields" in error) == (403, "not_allowed", False)
    status, error = _handle(ApplicationError("Say why.", field="reason", code="reason_missing"))
    assert (status, error["code"], error["fields"]) == (
        400,
        "reason_missing",
        {"reason": ["Say why."]},
    )


def test_model_validation_errors_become_400_with_fields():
    status, error = _handle(ValidationError({"credibility": ["Value '9' is not a valid choice."]}))
    assert status == 400
    assert error["fields"] == {"credibility": ["Value '9' is not a valid choice."]}
    assert error["message"] == "credibility: Value '9' is not a valid choice."


def test_serializer_errors_name_the_field():
    status, error = _handle(exceptions.ValidationError({"text": ["This field is required."]}))
    assert (status, error["code"], error["fields"]) == (
        400,
        "invalid",
        {"text": ["This field is required."]},
    )
