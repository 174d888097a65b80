"""The language switch of the admin header and the public pages: a plain
link (`/language/?language=bg&next=/claims/5/`) that remembers the choice in
Django's language cookie, so public pages carry no form and no CSRF token
(they stay the same for every reader, and cacheable)."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language, get_language_info


def switch_language(request):
    code = request.GET.get("language", "")
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES) and check_for_language(code):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def language_name(code: str) -> str:
    """A language code in the reader's language ("bg" → "Bulgarian",
    "български"), from Django's own table; an unknown code stays a code."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
