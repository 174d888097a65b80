from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy


class VerifyConfig(AppConfig):
    name = "verify"
    verbose_name = gettext_lazy("Verification")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django_structlog.signals import bind_extra_request_metadata

        from claims.api.parts import ClaimPartViewSet
        from claims.signals import claim_inputs_changed, evidence_changing
        from config import metrics
        from config.client_address import bind_to_request_log
        from sources.signals import source_changed
        from verify import receivers
        from verify.publishing import record as public_record

        # Every migrate (and every test-database flush) leaves the roles in place.
        post_migrate.connect(_sync_roles, sender=self)
        claim_inputs_changed.connect(receivers.on_claim_inputs_changed)
        evidence_changing.connect(receivers.on_evidence_changing)
        source_changed.connect(receivers.on_source_changed)
        # The public reads claims' parts as their signed records hold them.
        ClaimPartViewSet.signed_only = staticmethod(public_record.signed_only)
        ClaimPartViewSet.signed_parts = staticmethod(public_record.signed_parts)
        bind_extra_request_metadata.connect(bind_to_request_log)
        user_logged_in.connect(receivers.on_user_logged_in)
        metrics.register()  # the desk's backlog gauges, beside django-prometheus's


def _sync_roles(sender, **kwargs) -> None:
    """After every migrate (and test-database flush) the roles are in place."""
    from verify.services.roles import roles_sync

    roles_sync()
