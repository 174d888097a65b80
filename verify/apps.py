from django.apps import AppConfig
from django.db.models.signals import post_migrate


class VerifyConfig(AppConfig):
    name = "verify"
    verbose_name = "Verification"

    def ready(self):
        from claims.api.parts import ClaimPartViewSet
        from claims.signals import claim_inputs_changed
        from config import metrics
        from sources.signals import source_changed
        from verify import public_record, receivers
        from verify.roles import sync_roles_after_migrate

        # Every migrate (and every test-database flush) leaves the roles in place.
        post_migrate.connect(sync_roles_after_migrate, sender=self)
        claim_inputs_changed.connect(receivers.on_claim_inputs_changed)
        source_changed.connect(receivers.on_source_changed)
        # The public reads claims' parts as their signed records hold them.
        ClaimPartViewSet.signed_only = staticmethod(public_record.signed_only)
        ClaimPartViewSet.signed_parts = staticmethod(public_record.signed_parts)
        metrics.register()  # the desk's backlog gauges, beside django-prometheus's
