"""Schemathesis checks of our own, loaded by the fuzz test through
SCHEMATHESIS_HOOKS: every error answer is the API's JSON error shape."""

import schemathesis

# Answered by gunicorn before the request reaches Django (a request line or
# headers past its limits): the web server's own bound, not the API's answer.
SERVER_REFUSALS = {414, 431}


@schemathesis.check
def error_in_the_api_shape(ctx, response, case):
    if response.status_code < 400 or response.status_code in SERVER_REFUSALS:
        return None
    try:
        error = response.json()["error"]
    except (ValueError, KeyError, TypeError) as exc:
        raise AssertionError(f"{response.status_code} is not in the API's error shape") from exc
    if not {"status", "code", "message"} <= set(error) or error["status"] != response.status_code:
        raise AssertionError(f"{response.status_code} error lacks status, code or message")
    return None
