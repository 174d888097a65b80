"""Admin for what is said: claims, their attributions and evidence.

`ClaimAdmin` here edits the claim itself through claims.services; the
registered admin is verify.admin.claims.WorkflowClaimAdmin, which adds reviews, the
event history and the workflow buttons (verify depends on claims, not back).
Likewise `CandidateAdmin` is registered as verify.admin.claims.WorkflowCandidateAdmin,
which adds accepting a candidate as the same claim as a filed one.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from claims.forms import CandidateReviewForm
from claims.ingestion.frames import cue_in_words
from claims.models import Attribution, Candidate, Claim, Evidence, IngestionJob, Stance, Tag
from claims.permissions import can_file_claims
from claims.selectors import claim_visible_to
from claims.selectors.origins import attribution_chains
from claims.selectors.search import claim_search
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
from config.admin import LabelledInlineMixin, ReadableHistoryMixin, ServiceAdminMixin
from config.exceptions import ApplicationError, Conflict
from config.language import language_name
from sources.models import Source
from sources.selectors import names_in

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


class AttributionInline(_FrozenWhenRetracted, LabelledInlineMixin, admin.TabularInline):
    model = Attribution
    extra = 0
    fields = ["source", "unnamed", "stance", "via", "chain", "url", "quote", "published_at"]
    readonly_fields = ["chain"]
    autocomplete_fields = ["source"]
    verbose_name_plural = gettext_lazy("attributions (who said it, and whom they relay)")

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

    @admin.display(description=gettext_lazy("chain to the origin"))
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


class EvidenceInline(_FrozenWhenRetracted, LabelledInlineMixin, admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["kind", "relation", "url", "description", "latitude", "longitude"]


class ClaimAdmin(ServiceAdminMixin, ReadableHistoryMixin, SimpleHistoryAdmin):
    form = ClaimAdminForm
    inlines = [AttributionInline, EvidenceInline]
    search_fields = ["text", "text_en", "event_place"]
    autocomplete_fields = ["tags"]
    list_per_page = 50

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
        if current is not None and current.has_been_public:
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
        # (claims.selectors.search.claim_search), not the admin's own icontains.
        if not search_term.strip():
            return queryset, False
        return claim_search(queryset, text=search_term), False

    def get_readonly_fields(self, request, obj=None):
        fields = []
        if obj is not None and obj.has_been_public:
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


class IngestionForm(forms.ModelForm):
    text = forms.CharField(
        label=gettext_lazy("Article text"),
        widget=forms.Textarea(attrs={"rows": 14, "cols": 100}),
        required=False,
        help_text=gettext_lazy("Paste the article; or its HTML below; or only its address."),
    )
    html = forms.CharField(
        label=gettext_lazy("Article HTML"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 100}),
        required=False,
    )
    url = forms.URLField(
        label=gettext_lazy("Article address (URL)"),
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy(
            "With a pasted text: where it was published, kept with its claims. "
            "Alone: the article is fetched from it."
        ),
    )

    class Meta:
        model = IngestionJob
        fields = ["publisher"]


def _picker_labels(candidates: list[Candidate]) -> dict:
    """The names the job page's pickers show chosen, read once for the page."""
    ids = {
        link.get(key)
        for c in candidates
        for link in c.attributions
        for key in ("source", "suggested")
        if link.get(key)
    }
    return {
        "sources": {str(s.pk): str(s) for s in Source.objects.filter(pk__in=ids)},
        "claims": {
            str(c.duplicate_of_id): str(c.duplicate_of) for c in candidates if c.duplicate_of
        },
    }


def _link_state(link: dict) -> tuple[str, bool]:
    """How ingestion resolved a link of a chain, in words, and whether the
    desk must pick its source before accepting."""
    if link.get("unresolved"):
        return _("nobody is named: pick the source"), True
    if link.get("source"):
        if link.get("unnamed"):
            return _("an unnamed source in an organisation of the register"), False
        return _("in the register"), False
    words = _("new: added to the register, pending, when accepted") + _new_kind(link)
    return words, False


class IngestionJobAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Paste an article (and its address), or give its URL; the job page
    shows its candidates once the background job has run, each reviewed in
    place: its text edited, its sources picked, then Accept, Accept as the
    same as a filed claim, or Drop. Registered as
    verify.admin.claims.WorkflowIngestionJobAdmin, which adds accepting as the same."""

    list_display = ["__str__", "kind", "status", "progress", "language", "created_by", "created_at"]
    list_select_related = ["created_by"]
    list_filter = ["status", "kind"]
    autocomplete_fields = ["publisher"]
    form = IngestionForm
    fields = ["text", "html", "url", "publisher"]
    # Whether this admin can file a candidate as the same as a filed claim
    # (`accept_as_same`); the workflow's admin can.
    offers_same_as = False

    def get_urls(self):
        return [
            path(
                "<path:object_id>/candidates/<int:candidate_id>/",
                self.admin_site.admin_view(self.candidate_view),
                name="claims_ingestionjob_candidate",
            ),
            path(
                "<path:object_id>/progress/",
                self.admin_site.admin_view(self.progress_view),
                name="claims_ingestionjob_progress",
            ),
            *super().get_urls(),
        ]

    def create(self, request, form):
        data = form.cleaned_data
        return ingestion_job_create(
            actor=request.user,
            text=data.get("text") or "",
            html=data.get("html") or "",
            url=data.get("url") or "",
            publisher=data.get("publisher"),
        )

    def response_add(self, request, obj, post_url_continue=None):
        # The job may have run already (tasks in-process): say what it is now.
        obj.refresh_from_db()
        self.message_user(
            request,
            _("%(job)s: %(status)s.") % {"job": obj, "status": obj.get_status_display().lower()},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:claims_ingestionjob_change", args=[obj.pk]))

    def _job_or_404(self, request, object_id) -> IngestionJob:
        job = self.get_object(request, object_id)
        if job is None:
            raise Http404(_("No such ingestion job."))
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        return job

    # --- the job page: its candidates, reviewed in place -------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return self._review_page(request, self._job_or_404(request, object_id))

    def _review_page(self, request, job: IngestionJob, bound: CandidateReviewForm | None = None):
        may_file = can_file_claims(request.user)
        candidates = list(
            job.candidates.select_related("duplicate_of", "claim").order_by("position", "pk")
        )
        labels = _picker_labels(candidates)
        names = names_in(get_language())
        rows, media = [], self.media
        for candidate in candidates:
            form = None
            if may_file and candidate.status == Candidate.Status.PROPOSED:
                form = bound if bound and bound.candidate.pk == candidate.pk else None
                form = form or CandidateReviewForm(
                    candidate=candidate, user=request.user, labels=labels
                )
                media += form.media
            rows.append(self._candidate_row(candidate, form, names, labels))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": str(job),
            "job": job,
            "summary": self._summary(job),
            "rows": rows,
            "offers_same_as": self.offers_same_as,
            "media": media,
            "running": job.status in (IngestionJob.Status.QUEUED, IngestionJob.Status.RUNNING),
        }
        return TemplateResponse(
            request, "admin/claims/ingestionjob/review.html", context, status=400 if bound else 200
        )

    @staticmethod
    def _summary(job: IngestionJob) -> list[str]:
        """The job's result in words."""
        result = job.result or {}
        lines = []
        if "candidates" in result:
            lines.append(
                ngettext(
                    "%(count)s candidate found",
                    "%(count)s candidates found",
                    result["candidates"],
                )
                % {"count": result["candidates"]}
            )
        if result.get("already_known"):
            lines.append(
                _("%(count)s already proposed by an earlier job")
                % {"count": result["already_known"]}
            )
        if job.language:
            lines.append(_("article in %(language)s") % {"language": language_name(job.language)})
        if result.get("article_date"):
            lines.append(_("dated %(date)s") % {"date": result["article_date"]})
        return lines

    @staticmethod
    def _candidate_row(
        candidate: Candidate, form: CandidateReviewForm | None, names: dict, labels: dict
    ) -> dict:
        order = sorted(
            enumerate(candidate.attributions), key=lambda pair: pair[1].get("via") is not None
        )
        chain = []
        for index, link in order:
            state, must_pick = _link_state(link)
            chain.append(
                {
                    "name": names.get(link["name"], link["name"]),
                    "origin": link.get("via") is None,
                    "stance": Stance(link["stance"]).label,
                    "state": state,
                    "must_pick": must_pick,
                    "suggested": labels["sources"].get(str(link.get("suggested") or "")),
                    "field": form[form.source_field(index)] if form else None,
                }
            )
        return {
            "candidate": candidate,
            "form": form,
            "chain": chain,
            "cue": cue_in_words(candidate.cue),
            "language": language_name(candidate.language),
        }

    def progress_view(self, request, object_id):
        """How far the job is, for the progress bar on its page."""
        job = self._job_or_404(request, object_id)
        return JsonResponse(
            {
                "status": job.status,
                "status_label": job.get_status_display(),
                "progress": job.progress,
                "finished": job.status
                not in (IngestionJob.Status.QUEUED, IngestionJob.Status.RUNNING),
            }
        )

    def candidate_view(self, request, object_id, candidate_id):
        """Accept, accept as the same, or drop one candidate of the job."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._job_or_404(request, object_id)
        candidate = Candidate.objects.filter(pk=candidate_id, job=job).first()
        if candidate is None:
            raise Http404(_("No such candidate in this job."))
        action = request.POST.get("action")
        if action not in ("accept", "same", "drop") or (
            action == "same" and not self.offers_same_as
        ):
            self.message_user(
                request, _("Choose Accept, Accept as the same, or Drop."), messages.ERROR
            )
            return self._back(job, candidate)
        form = CandidateReviewForm(request.POST, candidate=candidate, user=request.user)
        if action != "drop" and not form.is_valid():
            return self._review_page(request, job, bound=form)
        try:
            if action == "drop":
                candidate_drop(candidate=candidate, actor=request.user)
                done = _("Candidate dropped.")
            else:
                values = {
                    "candidate": candidate,
                    "actor": request.user,
                    "text": form.cleaned_data["text"],
                    "sources": form.picked_sources(),
                }
                if action == "same":
                    claim = self.accept_as_same(
                        request, same_as=form.cleaned_data["same_as"], **values
                    )
                else:
                    claim = candidate_accept(**values)
                done = format_html(
                    '{} <a href="{}">{}</a>',
                    _("Filed as"),
                    reverse("admin:claims_claim_change", args=[claim.pk]),
                    _("claim %(number)s") % {"number": claim.pk},
                )
        except Conflict as exc:  # decided already, by someone else or in another tab
            self.message_user(request, exc.message, messages.ERROR)
            return self._back(job, candidate)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self._review_page(request, job, bound=form)
        self.message_user(request, done, messages.SUCCESS)
        return self._back(job, candidate)

    def accept_as_same(self, request, **values):
        raise NotImplementedError("the workflow's admin files a candidate as the same claim")

    @staticmethod
    def _back(job: IngestionJob, candidate: Candidate):
        """To the job page, at the next candidate still waiting."""
        following = (
            job.candidates.filter(
                status=Candidate.Status.PROPOSED, position__gte=candidate.position
            )
            .exclude(pk=candidate.pk)
            .order_by("position", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        url = reverse("admin:claims_ingestionjob_change", args=[job.pk])
        return HttpResponseRedirect(f"{url}#candidate-{following}" if following else url)


class CandidateAdmin(admin.ModelAdmin):
    list_display = ["text", "language", "hedges", "status", "duplicate_of", "job"]
    list_select_related = ["duplicate_of", "job"]
    list_filter = ["status", "language"]
    search_fields = ["text", "sentence"]
    actions = ["accept", "drop"]
    readonly_fields = [f.name for f in Candidate._meta.fields]

    def has_add_permission(self, request):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A candidate is reviewed on its job's page, beside the others."""
        candidate = self.get_object(request, object_id)
        if candidate is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        job_page = reverse("admin:claims_ingestionjob_change", args=[candidate.job_id])
        return HttpResponseRedirect(f"{job_page}#candidate-{candidate.pk}")

    @admin.action(description=gettext_lazy("Accept: file as new claims"))
    def accept(self, request, queryset):
        self._each(request, queryset, lambda c: candidate_accept(candidate=c, actor=request.user))

    @admin.action(description=gettext_lazy("Drop"))
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
        self.message_user(
            request, _("%(count)s candidate(s) done.") % {"count": done}, messages.SUCCESS
        )


from claims.admin import watches  # noqa: E402,F401  (registers the watches' pages)
