"""Admin for what is said: claims, their attributions and evidence.

`ClaimAdmin` here edits the claim itself through claims.services; the
registered admin is verify.admin.WorkflowClaimAdmin, which adds reviews, the
event history and the workflow buttons (verify depends on claims, not back).
Likewise `CandidateAdmin` is registered as verify.admin.WorkflowCandidateAdmin,
which adds accepting a candidate as the same claim as a filed one.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from claims.models import Attribution, Candidate, Claim, Evidence, IngestionJob, Stance, Tag
from claims.selectors import attribution_chains, claim_search, claim_visible_to
from claims.services.claims import (
    attribution_add,
    attribution_remove,
    attribution_update,
    claim_check_version,
    claim_create,
    claim_update,
    evidence_add,
    evidence_remove,
    evidence_update,
)
from claims.services.ingestion import candidate_accept, candidate_drop, ingestion_job_create
from config.admin import ServiceAdminMixin
from config.exceptions import ApplicationError, Conflict
from sources.models import Source

TEXT_FIELDS = ["text", "language", "text_en", "event_date", "event_place"]


class ClaimAdminForm(forms.ModelForm):
    # The version the editor saw; saving over a newer one is refused.
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Claim
        fields = [*TEXT_FIELDS, "tags"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_version")
        if self.instance.pk:
            # Checked here too so the page keeps what was typed; the service
            # checks again under the row lock.
            current = Claim.objects.values_list("version", flat=True).get(pk=self.instance.pk)
            try:
                claim_check_version(current=current, expected=seen)
            except Conflict as exc:
                raise forms.ValidationError(exc.message) from exc
        return cleaned


def _claim_id(request) -> str | None:
    match = request.resolver_match
    return match.kwargs.get("object_id") if match else None


class _FrozenWhenRetracted:
    """A retracted claim's record stays as it was."""

    def _open(self, obj) -> bool:
        return obj is None or obj.status != Claim.Status.RETRACTED

    def has_add_permission(self, request, obj=None):
        return self._open(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._open(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._open(obj) and super().has_delete_permission(request, obj)


class AttributionInline(_FrozenWhenRetracted, admin.TabularInline):
    model = Attribution
    extra = 0
    fields = ["source", "unnamed", "stance", "via", "chain", "url", "quote", "published_at"]
    readonly_fields = ["chain"]
    autocomplete_fields = ["source"]
    verbose_name_plural = "attributions (who said it, and whom they relay)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "via__source")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != "via":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        kwargs["queryset"] = Attribution.objects.filter(claim_id=_claim_id(request)).select_related(
            "source"
        )
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        # Read once for the page, not once per row (each row renders the
        # same list); a posted value is still checked against the queryset.
        field.choices = list(field.choices)
        return field

    @admin.display(description="chain to the origin")
    def chain(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        # One query for the whole claim, shared by every row of the inline
        # (this inline object lives for one request).
        cache = self.__dict__.setdefault("_chains", {})
        if obj.claim_id not in cache:
            cache[obj.claim_id] = attribution_chains(claim_id=obj.claim_id)
        chains = cache[obj.claim_id]
        links = chains.get(obj.pk, [obj])
        if len(links) == 1:
            return format_html('<span class="origin">{}</span>', "the origin")
        relays = format_html_join(" → ", "{}", ((link.source.name,) for link in links[:-1]))
        return format_html(
            '{} → <strong>{}</strong> <span class="origin">(origin)</span>',
            relays,
            links[-1].source.name,
        )


class EvidenceInline(_FrozenWhenRetracted, admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["kind", "relation", "url", "description", "latitude", "longitude"]


class ClaimAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    form = ClaimAdminForm
    inlines = [AttributionInline, EvidenceInline]
    search_fields = ["text", "text_en", "event_place"]
    autocomplete_fields = ["tags"]
    list_per_page = 50
    history_list_display = ["status", "version"]

    def view_on_site(self, obj):
        """ "View on site" leads to the claim's public page, once it has one."""
        if claim_visible_to(AnonymousUser()).filter(pk=obj.pk).exists():
            return reverse("claim-page", args=[obj.pk])
        return None

    def revert_disabled(self, request, obj=None):
        """Revert is offered only where the workflow allows the change: not
        to a claim that has been public (its text is frozen, a retracted one
        whole), nor to a role that cannot edit claims."""
        current = Claim.objects.filter(pk=getattr(obj, "pk", None)).first()
        if current is not None and current.published_at is not None:
            return True
        return not self.has_change_permission(request, obj) or super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            current = Claim.objects.filter(pk=object_id).first()
            if current is None or self.revert_disabled(request, current):
                raise PermissionDenied  # the page offers no revert; a forged POST gets none
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_search_results(self, request, queryset, search_term):
        # The API's search, word forms and every script's case included
        # (claims.selectors.claim_search), not the admin's own icontains.
        if not search_term.strip():
            return queryset, False
        return claim_search(queryset, text=search_term), False

    def get_readonly_fields(self, request, obj=None):
        fields = []
        if obj is not None and obj.published_at is not None:
            # Published text is never edited in place.
            fields += TEXT_FIELDS
        if obj is not None and obj.status == Claim.Status.RETRACTED:
            fields.append("tags")
        return fields

    def get_fieldsets(self, request, obj=None):
        # Workflow state is shown in the workflow panel above the form.
        return [(None, {"fields": [*TEXT_FIELDS, "tags", "seen_version"]})]

    # --- writes go through claims.services ---------------------------------

    def create(self, request, form):
        data = form.cleaned_data
        return claim_create(
            actor=request.user,
            tags=data.get("tags", []),
            **{name: data.get(name) or "" for name in ["text", "language", "text_en"]},
            event_date=data.get("event_date"),
            event_place=data.get("event_place") or "",
        )

    def update(self, request, obj, form):
        data = form.cleaned_data
        changed = {name: data[name] for name in TEXT_FIELDS if name in form.changed_data}
        updated = claim_update(
            claim=obj,
            actor=request.user,
            expected_version=data.get("seen_version"),
            tags=data["tags"] if "tags" in form.changed_data else None,
            **changed,
        )
        obj.version = updated.version

    def save_related(self, request, form, formsets, change):
        # Tags were set by the service; only the inlines are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def inline_add(self, request, claim, instance, data):
        if isinstance(instance, Attribution):
            return attribution_add(
                claim=claim,
                source=data["source"],
                stance=data["stance"],
                via=data.get("via"),
                url=data.get("url") or "",
                quote=data.get("quote") or "",
                published_at=data.get("published_at"),
                unnamed=bool(data.get("unnamed")),
                actor=request.user,
            )
        return evidence_add(
            claim=claim,
            kind=data["kind"],
            relation=data["relation"],
            url=data.get("url") or "",
            description=data.get("description") or "",
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            actor=request.user,
        )

    def inline_update(self, request, instance, values):
        if isinstance(instance, Attribution):
            return attribution_update(attribution=instance, actor=request.user, **values)
        return evidence_update(evidence=instance, actor=request.user, **values)

    def inline_remove(self, request, instance):
        if isinstance(instance, Attribution):
            attribution_remove(attribution=instance, actor=request.user)
        else:
            evidence_remove(evidence=instance, actor=request.user)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


def _new_kind(link: dict) -> str:
    """ ": person, head of the political wing …" for a source the register lacks."""
    kind = Source.Kind(link["kind"]).label if link.get("kind") in Source.Kind.values else ""
    about = link.get("description", "")
    return "".join(f", {part}" for part in (kind, about) if part)


class CandidateInline(admin.TabularInline):
    model = Candidate
    extra = 0
    can_delete = False
    fields = [
        "position",
        "sentence",
        "text",
        "cue",
        "chain",
        "stance",
        "hedges",
        "language",
        "duplicate",
        "status",
        "claim",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="who said it (origin first), and how each was resolved")
    def chain(self, candidate):
        def shown(a: dict) -> str:
            if a.get("unresolved"):  # the desk picks who it is before filing
                return f"{a['name']} [{a.get('resolution', '')}]"
            name = a["name"] if a["source"] else f"{a['name']} (new{_new_kind(a)})"
            how = a.get("resolution", "")
            return f"{name} [{how}]" if how else name

        return " → ".join(
            shown(a) for a in sorted(candidate.attributions, key=lambda a: a["via"] is not None)
        )

    @admin.display(description="stance")
    def stance(self, candidate):
        origins = [a for a in candidate.attributions if a["via"] is None]
        return ", ".join(sorted({str(Stance(a["stance"]).label) for a in origins})) or "—"

    @admin.display(description="likely duplicate")
    def duplicate(self, candidate):
        if candidate.duplicate_of_id is None:
            return "—"
        url = reverse("admin:claims_claim_change", args=[candidate.duplicate_of_id])
        return format_html(
            '<a href="{}">claim {}</a> ({})',
            url,
            candidate.duplicate_of_id,
            candidate.duplicate_score,
        )


class IngestionForm(forms.ModelForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 14, "cols": 100}), required=False)
    html = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "cols": 100}), required=False)
    url = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = IngestionJob
        fields = ["publisher"]


@admin.register(IngestionJob)
class IngestionJobAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Paste an article, or give its URL; the candidates appear below once
    the background job has run. Accept or drop them with the actions on the
    candidates list."""

    list_display = ["__str__", "kind", "status", "progress", "language", "created_by", "created_at"]
    list_select_related = ["created_by"]
    list_filter = ["status", "kind"]
    inlines = [CandidateInline]
    autocomplete_fields = ["publisher"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = IngestionForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["text", "html", "url", "publisher"]
        return ["kind", "status", "progress", "language", "publisher", "result", "error", "input"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def get_inlines(self, request, obj):
        return [CandidateInline] if obj is not None else []

    def create(self, request, form):
        data = form.cleaned_data
        return ingestion_job_create(
            actor=request.user,
            text=data.get("text") or "",
            html=data.get("html") or "",
            url=data.get("url") or "",
            publisher=data.get("publisher"),
        )


class CandidateAdmin(admin.ModelAdmin):
    list_display = ["text", "language", "hedges", "status", "duplicate_of", "job"]
    list_select_related = ["duplicate_of", "job"]
    list_filter = ["status", "language"]
    search_fields = ["text", "sentence"]
    actions = ["accept", "drop"]
    readonly_fields = [f.name for f in Candidate._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Accept: file as new claims")
    def accept(self, request, queryset):
        self._each(request, queryset, lambda c: candidate_accept(candidate=c, actor=request.user))

    @admin.action(description="Drop")
    def drop(self, request, queryset):
        self._each(request, queryset, lambda c: candidate_drop(candidate=c, actor=request.user))

    def _each(self, request, queryset, act):
        done = 0
        for candidate in queryset:
            try:
                act(candidate)
                done += 1
            except ApplicationError as exc:
                self.message_user(request, f"{candidate}: {exc.message}", messages.ERROR)
        self.message_user(request, f"{done} candidate(s) done.", messages.SUCCESS)
