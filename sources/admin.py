from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from config.admin import LabelledInlineMixin, ReadableHistoryMixin, ServiceAdminMixin
from config.exceptions import ApplicationError
from sources import services
from sources.models import ReliabilityRating, Source, SourceAlias, SourceName
from sources.permissions import can_grade_sources
from sources.scales import Reliability, coded_choices
from sources.selectors import source_rating_history

REGISTER_FIELDS = [
    "name",
    "kind",
    "platform",
    "handle",
    "url",
    "country",
    "affiliation",
    "parent",
    "description",
]


class GradeForm(forms.Form):
    grade = forms.ChoiceField(choices=coded_choices(Reliability), widget=forms.RadioSelect)
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
        help_text=gettext_lazy("Why this grade: track record, access, affiliation, known errors."),
    )


class SourceAliasInline(LabelledInlineMixin, admin.TabularInline):
    model = SourceAlias
    extra = 1
    fields = ["name", "normalized"]
    readonly_fields = ["normalized"]
    verbose_name_plural = gettext_lazy("aliases (any script: Рибар = Rybar = @rybar)")


class SourceNameInline(LabelledInlineMixin, admin.TabularInline):
    model = SourceName
    extra = 1
    fields = ["language", "name"]


class ReliabilityRatingInline(admin.TabularInline):
    model = ReliabilityRating
    extra = 0
    fields = ["rated_at", "grade", "rationale", "rated_by"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = gettext_lazy("reliability history (use “Grade source” to add)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Source)
class SourceAdmin(ServiceAdminMixin, ReadableHistoryMixin, SimpleHistoryAdmin):
    change_form_template = "admin/sources/source_change_form.html"
    list_display = [
        "name", "kind", "platform", "handle", "reliability", "country", "parent", "pending",
    ]  # fmt: skip
    list_filter = ["pending", "kind", "platform", "reliability", "country"]
    actions = ["accept_proposed"]
    search_fields = ["name", "handle", "aliases__name", "affiliation"]
    list_select_related = ["parent"]
    readonly_fields = ["reliability", "pending"]
    fields = [*REGISTER_FIELDS, "reliability", "pending"]
    autocomplete_fields = ["parent"]
    inlines = [SourceNameInline, SourceAliasInline, ReliabilityRatingInline]

    @admin.action(description=gettext_lazy("Accept the proposed sources into the register"))
    def accept_proposed(self, request, queryset):
        try:
            count = services.sources_accept(sources=queryset, actor=request.user)
        except ApplicationError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return
        self.message_user(
            request,
            _("%(count)s proposed source(s) accepted.") % {"count": count},
            messages.SUCCESS,
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/grade/",
                self.admin_site.admin_view(self.grade_view),
                name="sources_source_grade",
            ),
            *super().get_urls(),
        ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_grade": can_grade_sources(request.user),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def create(self, request, form):
        data = {name: form.cleaned_data.get(name) for name in REGISTER_FIELDS}
        data = {k: (v if v is not None or k == "parent" else "") for k, v in data.items()}
        return services.source_create(**data)

    def update(self, request, obj, form):
        changed = {name: form.cleaned_data.get(name) for name in form.changed_data}
        services.source_update(
            source=obj, **{k: v for k, v in changed.items() if k in REGISTER_FIELDS}
        )

    def inline_add(self, request, source, instance, data):
        if isinstance(instance, SourceName):
            return services.source_name_set(
                source=source, language=data["language"], name=data["name"]
            )
        return services.source_alias_add(source=source, name=data["name"])

    def inline_update(self, request, instance, values):
        if isinstance(instance, SourceName):
            if values.get("language", instance.language) != instance.language:
                services.source_name_remove(entry=instance)
            return services.source_name_set(
                source=instance.source,
                language=values.get("language", instance.language),
                name=values.get("name", instance.name),
            )
        return services.source_alias_rename(alias=instance, name=values.get("name", instance.name))

    def inline_remove(self, request, instance):
        if isinstance(instance, SourceName):
            services.source_name_remove(entry=instance)
        else:
            services.source_alias_remove(alias=instance)

    def grade_view(self, request, object_id):
        source = self.get_object(request, object_id)
        if source is None:
            raise Http404(_("No such source."))
        if not can_grade_sources(request.user):
            raise PermissionDenied
        form = GradeForm(request.POST or None, initial={"grade": source.reliability or None})
        if request.method == "POST" and form.is_valid():
            try:
                services.source_grade(source=source, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            except ApplicationError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                self.message_user(
                    request, f"{source} graded {form.cleaned_data['grade']}.", messages.SUCCESS
                )
                return HttpResponseRedirect(
                    reverse("admin:sources_source_change", args=[source.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Grade %(source)s") % {"source": source},
            "opts": self.model._meta,
            "original": source,
            "source": source,
            "form": form,
            "history": source_rating_history(source=source),
        }
        return TemplateResponse(request, "admin/sources/source_grade.html", context)
