from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = gettext_lazy("Claims")

    def ready(self):
        from config import lookups  # noqa: F401  (registers `__any`)
        from config.query_cache import raise_limits

        raise_limits()
