"""API clients in the admin: tokens (the key shown once) and webhook
subscriptions with their delivery log."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.admin import ServiceAdminMixin
from verify.clients.tokens import token_create, token_rename, token_revoke
from verify.clients.webhooks import (
    subscription_create,
    subscription_rotate_secret,
    subscription_update,
)
from verify.models import (
    ApiToken,
    WebhookDelivery,
    WebhookSubscription,
)


@admin.register(ApiToken)
class ApiTokenAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Tokens are made here; the key is shown once, in the message after saving."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["user"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    fields = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def create(self, request, form):
        token, key = token_create(user=form.cleaned_data["user"], name=form.cleaned_data["name"])
        request._shown_once = {
            "label": f"API token for {token.name}",
            "secret": key,
            "how": "Send it as: Authorization: Token <key>. Only its SHA-256 is stored.",
        }
        return token

    def update(self, request, obj, form):
        if "name" in form.changed_data:
            token_rename(token=obj, name=form.cleaned_data["name"])

    @admin.action(description=gettext_lazy("Revoke selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            token_revoke(token=token)
        self.message_user(
            request,
            _("%(count)s token(s) revoked.") % {"count": queryset.count()},
            messages.SUCCESS,
        )

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the record of who had access stays


class WebhookDeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    extra = 0
    can_delete = False
    fields = [
        "created_at",
        "event",
        "claim",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["name", "url", "events", "is_active", "owner", "created_at"]
    list_select_related = ["owner"]
    list_filter = ["is_active"]
    inlines = [WebhookDeliveryInline]
    actions = ["rotate_secret"]

    def get_fields(self, request, obj=None):
        # The signing secret is given (or made) once, when the subscription
        # is made, and shown then on a page of its own; never again after.
        fields = ["name", "url", "events", "is_active", "owner"]
        return [*fields[:3], "secret", *fields[3:]] if obj is None else fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "secret" in form.base_fields:
            secret = form.base_fields["secret"]
            secret.required = False
            secret.help_text = (
                "The Standard Webhooks signing secret (whsec_…); leave blank and one is made. "
                "It is shown once, after saving; give it to the receiver then."
            )
        return form

    def create(self, request, form):
        data = form.cleaned_data
        subscription = subscription_create(
            owner=data["owner"],
            name=data["name"],
            url=data["url"],
            events=data["events"],
            secret=data["secret"],
        )
        request._shown_once = {
            "label": f"Signing secret of {subscription.name}",
            "secret": subscription.secret,
            "how": "The receiver checks each delivery's webhook-signature with it.",
        }
        return subscription

    @admin.action(description=gettext_lazy("Rotate the signing secret (shown once)"))
    def rotate_secret(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Rotate one subscription at a time."), messages.ERROR)
            return None
        subscription = subscription_rotate_secret(subscription=queryset.get())
        return self.show_once(
            request,
            label=f"New signing secret of {subscription.name}",
            secret=subscription.secret,
            how="Deliveries are signed with it from now on; the old one no longer verifies.",
        )

    def update(self, request, obj, form):
        values = {f: form.cleaned_data[f] for f in form.changed_data if f != "owner"}
        subscription_update(subscription=obj, **values)
