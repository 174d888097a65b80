"""The desk's watches in the admin: the feeds and channels it follows
(created, paused, resumed and read now through claims/services/watches.py),
what each brought, and a one-off Telegram export import."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.models import Watch, WatchItem
from claims.permissions import can_manage_watches, can_see_watches
from claims.services.watches import (
    telegram_export_import,
    watch_create,
    watch_is_failing,
    watch_update,
    watches_read_now,
)
from config.admin import ServiceAdminMixin
from config.exceptions import ApplicationError
from sources.models import Source


class WatchForm(forms.ModelForm):
    url = forms.CharField(
        label=gettext_lazy("URL"),
        max_length=2000,
        help_text=gettext_lazy(
            "A feed's address, or a Telegram channel as @name, t.me/name or https://t.me/s/name."
        ),
    )

    class Meta:
        model = Watch
        fields = ["source", "kind", "url", "interval", "paused"]


class ExportImportForm(forms.Form):
    source = forms.ModelChoiceField(
        label=gettext_lazy("Channel"), queryset=Source.objects.filter(pending=False)
    )
    file = forms.FileField(
        label=gettext_lazy("Telegram export (result.json)"),
        help_text=gettext_lazy("Telegram Desktop: Export chat history, format JSON."),
    )


class DeskOnly:
    """Who sees and changes watches: the named predicates, not the model's
    permission codes."""

    def has_view_permission(self, request, obj=None):
        return can_see_watches(request.user)

    def has_module_permission(self, request):
        return can_see_watches(request.user)

    def has_add_permission(self, request):
        return can_manage_watches(request.user)

    def has_change_permission(self, request, obj=None):
        return can_manage_watches(request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # pause instead: its items keep the spread's history


@admin.register(Watch)
class WatchAdmin(DeskOnly, ServiceAdminMixin, admin.ModelAdmin):
    form = WatchForm
    list_display = ["source", "kind", "short_url", "interval", "health", "last_polled_at",
                    "items_seen"]  # fmt: skip
    list_filter = ["kind", "paused"]
    list_select_related = ["source"]
    search_fields = ["url", "source__name"]
    autocomplete_fields = ["source"]
    actions = ["pause", "resume", "read_now"]
    change_list_template = "admin/claims/watch/change_list.html"
    STATE = ["failures", "last_error", "last_polled_at", "last_success_at", "next_poll_at",
             "items_seen", "created_by", "created_at"]  # fmt: skip

    def get_fields(self, request, obj=None):
        return ["source", "kind", "url", "interval"] if obj is None else [
            "source", "kind", "url", "interval", "paused", *self.STATE]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["source", "kind", "url", *self.STATE]

    def create(self, request, form):
        data = form.cleaned_data
        return watch_create(actor=request.user, source=data["source"], kind=data["kind"],
                            url=data["url"], interval=data["interval"])  # fmt: skip

    def update(self, request, obj, form):
        data = form.cleaned_data
        watch_update(actor=request.user, watch=obj, paused=data["paused"],
                     interval=data["interval"])  # fmt: skip

    @admin.display(description=gettext_lazy("URL"), ordering="url")
    def short_url(self, watch):
        return watch.url if len(watch.url) < 60 else f"{watch.url[:59]}…"

    @admin.display(description=gettext_lazy("health"))
    def health(self, watch):
        if watch.paused:
            return _("paused")
        if watch_is_failing(watch):
            return format_html(
                '<strong class="watch-failing">{}</strong> {}',
                _("failing (%(count)s errors in a row)") % {"count": watch.failures},
                watch.last_error,
            )
        return _("reading") if not watch.failures else _("retrying: %(error)s") % {
            "error": watch.last_error}  # fmt: skip

    def _each(self, request, queryset, **change):
        for watch in queryset:
            try:
                watch_update(actor=request.user, watch=watch, **change)
            except ApplicationError as exc:
                self.message_user(request, f"{watch}: {exc.message}", messages.ERROR)

    @admin.action(description=gettext_lazy("Pause the selected watches"))
    def pause(self, request, queryset):
        self._each(request, queryset, paused=True)

    @admin.action(description=gettext_lazy("Resume the selected watches (read now)"))
    def resume(self, request, queryset):
        self._each(request, queryset, paused=False)

    @admin.action(description=gettext_lazy("Read the selected watches now"))
    def read_now(self, request, queryset):
        watches_read_now(actor=request.user, watches=queryset)
        self.message_user(request, _("Queued."), messages.SUCCESS)

    def get_urls(self):
        return [
            path(
                "import-export/",
                self.admin_site.admin_view(self.import_view),
                name="claims_watch_import_export",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not can_manage_watches(request.user):
            raise PermissionDenied
        form = ExportImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                watch, result = telegram_export_import(
                    actor=request.user,
                    source=form.cleaned_data["source"],
                    body=form.cleaned_data["file"].read(),
                )
            except ApplicationError as exc:
                form.add_error("file", exc.message)
            else:
                self.message_user(
                    request,
                    _("Imported: %(new)s new, %(repeated)s repeats, %(unchanged)s seen before.")
                    % result.as_dict(),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:claims_watch_change", args=[watch.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import a Telegram export"),
            "form": form,
        }
        return TemplateResponse(request, "admin/claims/watch/import_export.html", context)


@admin.register(WatchItem)
class WatchItemAdmin(DeskOnly, admin.ModelAdmin):
    list_display = ["__str__", "watch", "version", "forwarded_from", "repeat", "job_link",
                    "first_seen_at"]  # fmt: skip
    list_filter = ["watch__kind", ("watch", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["watch__source", "duplicate_of__watch__source"]
    search_fields = ["text", "title", "url"]
    readonly_fields = [f.name for f in WatchItem._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("repeat of"))
    def repeat(self, item):
        return str(item.duplicate_of.watch) if item.duplicate_of else "—"

    @admin.display(description=gettext_lazy("ingestion job"))
    def job_link(self, item):
        if not item.job_id:
            return "—"
        url = reverse("admin:claims_ingestionjob_change", args=[item.job_id])
        return format_html('<a href="{}">{}</a>', url, _("job %(n)s") % {"n": item.job_id})
