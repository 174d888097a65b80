"""What every admin page that writes through services shares."""

from datetime import datetime

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.cache import add_never_cache_headers
from django.utils.text import capfirst
from django.utils.translation import gettext

from config.exceptions import ApplicationError


class ServiceAdminMixin:
    """An admin page whose saves go through services: `create(request, form)`
    returns the saved object, `update(request, obj, form)` changes it. A
    service's refusal becomes an admin message (the admin's save runs in one
    transaction, rolled back), never a 500."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ApplicationError as exc:
            where = f"{exc.field}: " if exc.field else ""
            self.message_user(request, f"{where}{exc.message}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        if change:
            self.update(request, obj, form)
            return
        saved = self.create(request, form)
        # The admin goes on with `obj` (inlines, the log entry, the redirect):
        # it becomes the row the service wrote.
        obj.pk = saved.pk
        obj.refresh_from_db()

    def show_once(self, request, *, label: str, secret: str, how: str = "", back: str = ""):
        """A secret (an API key, a signing secret) on a page of its own,
        once: never in Django's messages (a signed, not encrypted, cookie),
        never cached, never shown again."""
        response = TemplateResponse(
            request,
            "admin/shown_once.html",
            {
                **self.admin_site.each_context(request),
                "title": label,
                "label": label,
                "secret": secret,
                "how": how,
                "back": back or request.get_full_path(),
            },
        )
        add_never_cache_headers(response)
        return response

    def response_add(self, request, obj, post_url_continue=None):
        once = getattr(request, "_shown_once", None)
        if once is not None:
            return self.show_once(request, **once, back="../")
        return super().response_add(request, obj, post_url_continue)

    def create(self, request, form):
        raise NotImplementedError(f"{type(self).__name__} files new objects through a service")

    def update(self, request, obj, form):
        raise NotImplementedError(f"{type(self).__name__} changes objects through a service")

    def save_formset(self, request, form, formset, change):
        """Each inline row a person changed goes to `inline_add`,
        `inline_update` or `inline_remove`; what formset.save() would have
        recorded is kept for the admin's change message."""
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        deleted = formset.deleted_forms
        for row in formset.initial_forms + formset.extra_forms:
            instance = row.instance
            if row in deleted:
                if instance.pk:
                    self.inline_remove(request, instance)
                    formset.deleted_objects.append(instance)
            elif row.has_changed() and instance.pk:
                values = {
                    name: row.cleaned_data.get(name)
                    for name in row.changed_data
                    if name in row.cleaned_data and name != "id"
                }
                updated = self.inline_update(request, instance, values)
                formset.changed_objects.append((updated, row.changed_data))
            elif row.has_changed():
                added = self.inline_add(request, form.instance, instance, row.cleaned_data)
                formset.new_objects.append(added)

    def inline_add(self, request, parent, instance, data):
        raise NotImplementedError(f"{type(self).__name__} adds inline rows through a service")

    def inline_update(self, request, instance, values):
        raise NotImplementedError(f"{type(self).__name__} changes inline rows through a service")

    def inline_remove(self, request, instance):
        raise NotImplementedError(f"{type(self).__name__} removes inline rows through a service")


class ReadableHistoryMixin:
    """A SimpleHistoryAdmin's History page as a person reads it: newest
    first, who, what changed (each field with its old and new value, choices
    in words), and why when a reason was given; in the reader's language."""

    object_history_list_template = "admin/readable_history_list.html"
    history_list_display: list[str] = []

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each version's changes against the one before it (every tracked
        field: the workflow's status and version are not editable in a form,
        but they are the history)."""
        newer = None
        for record in historical_records:
            record.readable_changes = []
            if newer is not None:
                newer.readable_changes = [
                    {
                        "field": capfirst(str(field.verbose_name)),
                        "old": _shown(field, getattr(record, field.attname)),
                        "new": _shown(field, getattr(newer, field.attname)),
                    }
                    for field in record.tracked_fields
                    if getattr(record, field.attname) != getattr(newer, field.attname)
                ]
            newer = record


def _shown(field, value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "j M Y H:i")
    if field.is_relation:  # its id: the record it points to by number
        return f"{capfirst(str(field.related_model._meta.verbose_name))} {value}"
    choices = dict(field.flatchoices) if getattr(field, "flatchoices", None) else {}
    return str(choices.get(value, value))


class LabelledInlineMixin:
    """A tabular inline's inputs carry their column's name (aria-label): the
    table's header is not a label a screen reader ties to each cell."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class Labelled(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    form.fields["DELETE"].widget.attrs["aria-label"] = gettext("Delete")

        return Labelled

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            field.widget.attrs.setdefault("aria-label", capfirst(str(db_field.verbose_name)))
        return field
