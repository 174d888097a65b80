"""The desk's claim pages: the claim with its workflow (queue, buttons, the
review page, the event history) and the candidate and ingestion-job pages
with accept-as-same. The pages are claims' admins (claims/admin/__init__.py) with the
workflow added; claims cannot import verify, so verify registers them. Every
button posts to a view that calls a service and shows its refusal as an admin
message."""

from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from claims.admin import CandidateAdmin, ClaimAdmin, IngestionJobAdmin
from claims.models import EVER_PUBLIC, Candidate, Claim, IngestionJob
from claims.selectors.origins import attribution_chains, claim_cluster
from claims.selectors.similar import claims_matching_claim
from config.exceptions import ApplicationError
from sources.models import Source
from sources.scales import Credibility, combined_grade
from sources.selectors import names_in
from verify.confidence.reasons import reasons_text
from verify.forms import ReasonForm, ReviewForm
from verify.models import (
    SUBMITTED,
    ClaimEvent,
    Review,
    Suggestion,
)
from verify.permissions import people_who_can_review
from verify.publishing.citation import LANGUAGES
from verify.publishing.graph import attribution_graph_svg, graph_legend
from verify.publishing.record import (
    changed_since_signed,
    citation_public,
    record_changes,
    record_of,
    record_versions,
    regraded_since_signed,
    sources_regraded_since_signed,
)
from verify.selectors import claim_reviews, review_draft_of
from verify.workflow.queue import claim_queue
from verify.workflow.services import (
    TRANSITION_NAMES,
    candidate_accept_as_same,
    claim_sign_update,
    claim_transition,
    review_save_draft,
    review_submit,
)
from verify.workflow.table import TRANSITIONS, transitions_offered, waiting_for

Status = Claim.Status


class QueueFilter(admin.SimpleListFilter):
    title = "queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("mine", "Held by me"),
            ("review", "Waiting for review"),
            ("sign_off", "Awaiting sign-off"),
            ("public", "Public (published or retracted)"),
            ("changed", "Changed since publication"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "changed":
            return queryset.filter(changed_since_signed())
        if value == "mine":
            return queryset.filter(assignee=request.user)
        if value == "review":
            return queryset.filter(waiting_for("take"))
        if value == "sign_off":
            return queryset.filter(waiting_for("publish"))
        if value == "public":
            return queryset.ever_public()
        return queryset


class RegradedFilter(admin.SimpleListFilter):
    """Published claims whose public record names a source regraded since it
    was signed, one source at a time: the editors sign those updates in bulk
    (the action below), instead of one queue entry per claim."""

    title = "source regraded since publication"
    parameter_name = "regraded"

    def lookups(self, request, model_admin):
        sources = list(sources_regraded_since_signed())
        chosen = self.value()
        if chosen and str(chosen).isdigit() and all(str(s.pk) != chosen for s in sources):
            # still offered once its updates are signed: the admin applies only
            # filters it lists, and an empty list must not show every claim
            sources += list(Source.objects.filter(pk=chosen))
        return [(s.pk, f"{s.name} (now {s.reliability or '?'})") for s in sources]

    def queryset(self, request, queryset):
        if self.value():
            if not str(self.value()).isdigit():
                return queryset.none()
            return queryset.filter(regraded_since_signed(int(self.value())))
        return queryset


class CredibilityFilter(admin.SimpleListFilter):
    title = "credibility (latest review)"
    parameter_name = "credibility"

    def lookups(self, request, model_admin):
        return [("none", "Not reviewed yet"), *Credibility.choices]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(latest_credibility__isnull=True)
        if self.value():
            return queryset.filter(latest_credibility=self.value())
        return queryset


class QueueChangeList(ChangeList):
    """Keeps claim_queue's order (the user's own claims first) unless the user
    sorts by a column; other admins ordering claim choices are unaffected."""

    def get_ordering(self, request, queryset):
        if ORDER_VAR in self.params:
            return super().get_ordering(request, queryset)
        return ["queue_rank", "-updated_at", "-pk"]


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    can_delete = False
    fields = ["reviewer", "round", "grade", "likelihood", "confidence", "rationale", "submitted_at"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("submitted reviews (never changed; a new review supersedes)")

    @admin.display(description=gettext_lazy("grade"))
    def grade(self, review):
        return review.grade

    def get_queryset(self, request):
        return super().get_queryset(request).filter(SUBMITTED)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ClaimEventInline(admin.TabularInline):
    model = ClaimEvent
    fk_name = "claim"
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "action", "from_status", "to_status", "assignee", "reason"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("history (who did what, when and why)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "assignee")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Claims the same-claim panel offers to link (best first, any language).
SIMILAR_SHOWN = 5


def _insight_context(claim: Claim) -> dict:
    """What the engine suggests, the graph, and the citation lines once
    public: the signed ones, as the public reads them (what an editor pastes)."""
    record = record_of(claim)
    citations = []
    if record is not None:
        citations = [citation_public(claim, record, lang=lang) for lang in LANGUAGES]
    suggestion = Suggestion.objects.filter(claim=claim).first()
    return {
        "record": record,
        "update_waiting": record is not None
        and Claim.objects.filter(pk=claim.pk)
        .filter(changed_since_signed() | regraded_since_signed())
        .exists(),
        "suggestion": suggestion,
        "reasons": reasons_text(suggestion.reasons, names=names_in(get_language()))
        if suggestion
        else [],
        "graph": attribution_graph_svg(claim),
        "graph_legend": graph_legend(),
        "citations": citations,
    }


@admin.register(Claim)
class WorkflowClaimAdmin(ClaimAdmin):
    change_form_template = "admin/verify/claim_change_form.html"
    inlines = [*ClaimAdmin.inlines, ReviewInline, ClaimEventInline]
    list_display = [
        "short_text",
        "status",
        "assignee",
        "grade",
        "spreading_mark",
        "language",
        "event_date",
        "updated_at",
    ]
    list_filter = [
        QueueFilter,
        RegradedFilter,
        "status",
        ("assignee", admin.RelatedOnlyFieldListFilter),
        CredibilityFilter,
        ("attributions__source", admin.RelatedOnlyFieldListFilter),
        "tags",
        "language",
    ]

    actions = ["sign_updates"]

    def get_queryset(self, request):
        return claim_queue(user=request.user)

    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    @admin.action(
        description=gettext_lazy(
            "Sign off the updates of the selected claims (e.g. a source regraded)"
        ),
        permissions=["publish"],
    )
    def sign_updates(self, request, queryset):
        signed, refused = 0, []
        for claim in queryset:
            try:
                claim_sign_update(
                    claim=claim, actor=request.user, reason=request.POST.get("reason", "")
                )
                signed += 1
            except ApplicationError as exc:
                refused.append(f"{claim.pk}: {exc.message}")
        if signed:
            self.message_user(
                request, _("%(count)s update(s) signed off.") % {"count": signed}, messages.SUCCESS
            )
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    def has_publish_permission(self, request):
        return TRANSITIONS["sign_update"].may(request.user)

    @admin.display(description=gettext_lazy("claim"), ordering="text")
    def short_text(self, obj):
        return str(obj)

    @admin.display(description=gettext_lazy("spreading"), boolean=True)
    def spreading_mark(self, obj):
        """Its cluster passed the desk's spreading threshold (the board)."""
        return bool(getattr(obj, "spreading", False))

    @admin.display(description=gettext_lazy("grade"))
    def grade(self, obj):
        if not getattr(obj, "latest_credibility", None):
            return "—"
        return combined_grade(obj.latest_reliability or "", obj.latest_credibility)

    # --- workflow ---------------------------------------------------------

    def get_urls(self):
        urls = [
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name="claims_claim_review",
            ),
            path(
                "<path:object_id>/public-update/",
                self.admin_site.admin_view(self.public_update_view),
                name="claims_claim_public_update",
            ),
            path(
                "<path:object_id>/workflow/<str:action>/",
                self.admin_site.admin_view(self.workflow_view),
                name="claims_claim_workflow",
            ),
        ]
        return urls + super().get_urls()

    def _claim_or_404(self, request, object_id) -> Claim:
        claim = self.get_object(request, object_id)
        if claim is None:
            raise Http404(_("No such claim."))
        if not self.has_view_permission(request, claim):
            raise PermissionDenied
        return claim

    def workflow_view(self, request, object_id, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if action not in TRANSITION_NAMES:
            raise Http404(_("No such workflow action."))
        claim = self._claim_or_404(request, object_id)
        change_url = reverse("admin:claims_claim_change", args=[claim.pk])
        form = ReasonForm(request.POST)
        if not form.is_valid():
            self.message_user(request, form.refusal(), messages.ERROR)
            return HttpResponseRedirect(change_url)
        try:
            claim_transition(
                name=action,
                claim=claim,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                assignee=form.cleaned_data["assignee"],
                duplicate_of=form.cleaned_data["duplicate_of"],
                same_as=form.cleaned_data["same_as"],
            )
        except ApplicationError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(change_url)
        self.message_user(request, str(TRANSITIONS[action].done), messages.SUCCESS)
        if action == "take":
            return HttpResponseRedirect(reverse("admin:claims_claim_review", args=[claim.pk]))
        return HttpResponseRedirect(change_url)

    def public_update_view(self, request, object_id):
        """The public record as signed beside what it would be if signed
        now, part by part, with *Sign off the update*."""
        claim = self._claim_or_404(request, object_id)
        record = record_of(claim)
        if record is None:
            raise Http404(_("This claim has no public record."))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Public record of claim %(number)s: changes waiting") % {"number": claim.pk},
            "opts": self.model._meta,
            "original": claim,
            "record": record,
            "changes": record_changes(claim),
            "waiting": list(claim_cluster(claim).exclude(EVER_PUBLIC).values_list("pk", flat=True)),
            "can_sign": TRANSITIONS["sign_update"].allows(claim, request.user),
            "versions": record_versions(claim),
        }
        return TemplateResponse(request, "admin/verify/public_update.html", context)

    def review_view(self, request, object_id):
        claim = self._claim_or_404(request, object_id)
        draft = review_draft_of(claim=claim, reviewer=request.user)
        if request.method == "POST":
            form = ReviewForm(request.POST, claim=claim, instance=Review(claim=claim))
            if form.is_valid():
                data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
                submit = "_submit" in request.POST
                try:
                    if submit:
                        review_submit(
                            claim=claim,
                            actor=request.user,
                            expected_version=form.cleaned_data["version"],
                            **data,
                        )
                    else:
                        review_save_draft(claim=claim, actor=request.user, **data)
                except ValidationError as exc:
                    form.add_error(None, exc)
                except ApplicationError as exc:
                    self.message_user(request, exc.message, messages.ERROR)
                else:
                    if submit:
                        done = str(TRANSITIONS["submit_review"].done)
                        self.message_user(request, done, messages.SUCCESS)
                        return HttpResponseRedirect(
                            reverse("admin:claims_claim_change", args=[claim.pk])
                        )
                    self.message_user(
                        request,
                        _("Draft saved. Only you see it until you submit it."),
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(request.path)
        else:
            form = ReviewForm(claim=claim, instance=draft or Review(claim=claim))

        chains = attribution_chains(claim=claim)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review claim %(number)s") % {"number": claim.pk},
            "opts": self.model._meta,
            "original": claim,
            "claim": claim,
            "chains": [chains[a] for a in sorted(chains)],
            "evidence": list(claim.evidence.all()),
            "reviews": list(claim_reviews(claim=claim)),
            "form": form,
            **_insight_context(claim),
            "holder": TRANSITIONS["submit_review"].allows(claim, request.user),
            "has_draft": draft is not None,
        }
        return TemplateResponse(request, "admin/verify/claim_review.html", context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self._workflow_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _workflow_context(self, request, claim: Claim) -> dict:
        """Which buttons to offer; the services decide what is allowed."""
        offers = transitions_offered(claim=claim, user=request.user)
        reviewers = people_who_can_review()
        return {
            "workflow": offers,
            "reviewers": reviewers if offers["assign"] else [],
            "same_claims": claim_cluster(claim),
            "similar": claims_matching_claim(user=request.user, claim=claim, limit=SIMILAR_SHOWN),
            **_insight_context(claim),
        }


@admin.register(Candidate)
class WorkflowCandidateAdmin(CandidateAdmin):
    """The candidate list, with accepting a candidate as the same claim as
    the filed claim the matcher found it likely repeats."""

    actions = ["accept", "accept_as_same", "drop"]

    @admin.action(
        description=gettext_lazy("Accept as the same claim as its likely duplicate (one cluster)")
    )
    def accept_as_same(self, request, queryset):
        self._each(
            request, queryset, lambda c: candidate_accept_as_same(candidate=c, actor=request.user)
        )


@admin.register(IngestionJob)
class WorkflowIngestionJobAdmin(IngestionJobAdmin):
    """The job page, with *Accept as the same as…* beside Accept and Drop."""

    offers_same_as = True

    def accept_as_same(self, request, **values):
        return candidate_accept_as_same(**values)
