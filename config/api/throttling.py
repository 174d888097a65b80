"""Rate limits read from settings at request time (DRF's own classes read
them once, at import), counted in the default cache: Redis in production."""

from django.conf import settings
from rest_framework import throttling


class _FromSettings:
    def get_rate(self):
        return settings.CLAIMTRACE_THROTTLE_RATES.get(self.scope)


class AnonThrottle(_FromSettings, throttling.AnonRateThrottle):
    pass


class ClientThrottle(_FromSettings, throttling.UserRateThrottle):
    """Per authenticated user, i.e. per API client's token owner."""
