from django.apps import AppConfig
from django.db.models.signals import post_migrate


class VerifyConfig(AppConfig):
    name = "verify"
    verbose_name = "Verification"

    def ready(self):
        from verify.roles import sync_roles_after_migrate

        # Every migrate (and every test-database flush) leaves the roles in place.
        post_migrate.connect(sync_roles_after_migrate, sender=self)
