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


def test_service_errors_speak_the_desks_language(db, api_client_user, reviewer, editor):
    """Messages that services raise go through gettext: a Bulgarian desk
    reads them in Bulgarian, field names and all."""
    import pytest
    from django.utils import translation

    from claims.services.ingestion import ingestion_job_create
    from tests.conftest import api_client_for
    from tests.factories import claim_in_state

    with translation.override("bg"), pytest.raises(NotAllowed) as refused:
        ingestion_job_create(actor=api_client_user, text="Бунтовниците влязоха в Хама.")
    assert refused.value.message == "Ролята ви не позволява да завеждате твърдения."

    claim = claim_in_state("new", reviewer=reviewer, editor=editor)
    english = api_client_for(reviewer).post(
        f"/api/v1/claims/{claim.pk}/transitions/release/",
        {"version": claim.version},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    bulgarian = api_client_for(reviewer).post(
        f"/api/v1/claims/{claim.pk}/transitions/release/",
        {"version": claim.version},
        HTTP_ACCEPT_LANGUAGE="bg",
    )
    assert english.json()["error"]["message"] == "Cannot release a claim that is new."
    assert bulgarian.json()["error"]["message"] == (
        "Не може да се освободи твърдение, което е „нова“."
    )
