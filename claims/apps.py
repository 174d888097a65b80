from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self):
        from config import lookups  # noqa: F401  (registers `__any`)
        from config.query_cache import raise_limits

        raise_limits()
