"""The reader's language: what the switch (verify.views.switch_language)
remembers, and in which order a request's language is found
(ReaderLanguageMiddleware): `?lang=` on the API, the language a signed-in
person chose (kept in their session from their preference), else Django's
language cookie, else Accept-Language (LocaleMiddleware)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import check_for_language, get_language_info

# Where a signed-in person's chosen language is kept for their session.
SESSION_LANGUAGE = "claimtrace_language"

# The languages the product speaks (its pages, citation lines and signed
# records), in settings order: the one list, made from settings.LANGUAGES.
# The languages ingestion reads are another list (claims.ingestion.lang).
SPOKEN = tuple(code for code, _name in settings.LANGUAGES)


def offered(code: str | None) -> bool:
    """A language the site speaks (settings.LANGUAGES) and has a catalogue for."""
    return bool(code) and code in dict(settings.LANGUAGES) and check_for_language(code)


class ReaderLanguageMiddleware:
    """After authentication: `?lang=` on the API, else the signed-in
    person's chosen language, over what LocaleMiddleware found."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = request.GET.get("lang") if request.path.startswith("/api/") else None
        if not offered(code) and getattr(request, "user", None) and request.user.is_authenticated:
            code = request.session.get(SESSION_LANGUAGE)
        if offered(code):
            translation.activate(code)
            request.LANGUAGE_CODE = code
        return self.get_response(request)


def language_name(code: str) -> str:
    """A language code in the reader's language ("bg" → "Bulgarian",
    "български"), from Django's own table; an unknown code stays a code."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
