"""The board of spreading claims in the admin, the desk's threshold, and the
alerts raised (verify/services/spreading.py; the clusters are
claims.selectors.spreading)."""

from datetime import timedelta

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.permissions import can_manage_watches, can_see_watches
from claims.selectors.spreading import spreading_clusters
from config.admin import ServiceAdminMixin
from verify.models import SpreadingAlert, SpreadThreshold
from verify.services.spreading import passes, spread_threshold, spread_threshold_set

# How far back the board looks, in hours, as the desk may pick it.
BOARD_WINDOWS = (1, 6, 24, 72)
BOARD_ROWS = 100


@admin.register(SpreadThreshold)
class SpreadThresholdAdmin(ServiceAdminMixin, admin.ModelAdmin):
    fields = ["outlets", "languages", "within_hours", "active"]
    list_display = ["__str__", "active", "updated_at"]

    def has_module_permission(self, request):
        return can_see_watches(request.user)

    def has_view_permission(self, request, obj=None):
        return can_see_watches(request.user)

    def has_add_permission(self, request):
        return can_manage_watches(request.user) and not SpreadThreshold.objects.exists()

    def has_change_permission(self, request, obj=None):
        return can_manage_watches(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def create(self, request, form):
        return spread_threshold_set(actor=request.user, **form.cleaned_data)

    def update(self, request, obj, form):
        spread_threshold_set(actor=request.user, **form.cleaned_data)


@admin.register(SpreadingAlert)
class SpreadingAlertAdmin(admin.ModelAdmin):
    list_display = ["cluster", "claim", "outlets", "languages", "origins", "first_seen_at",
                    "raised_at"]  # fmt: skip
    list_select_related = ["claim"]
    readonly_fields = [f.name for f in SpreadingAlert._meta.fields]

    def has_module_permission(self, request):
        return can_see_watches(request.user)

    def has_view_permission(self, request, obj=None):
        return can_see_watches(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        board = self.admin_site.admin_view(self.board_view)
        return [path("board/", board, name="verify_spreadingalert_board"), *super().get_urls()]

    def board_view(self, request):
        """The clusters the watches brought lately, most spread first; who
        had each first; the ones past the threshold marked."""
        if not can_see_watches(request.user):
            raise PermissionDenied
        try:
            hours = int(request.GET.get("hours", 24))
        except ValueError:
            hours = 24
        hours = hours if hours in BOARD_WINDOWS else 24
        clusters = spreading_clusters(window=timedelta(hours=hours))[:BOARD_ROWS]
        threshold = spread_threshold()
        raised = set(
            SpreadingAlert.objects.filter(cluster__in=[c.key for c in clusters]).values_list(
                "cluster", flat=True
            )
        )
        rows = [
            {
                "cluster": c,
                "outlets": sorted(c.outlets.values()),
                "languages": sorted(c.languages),
                "passes": passes(c, threshold),
                "raised": c.key in raised,
                "link": reverse("admin:claims_claim_change", args=[c.claim_id])
                if c.claim_id
                else reverse("admin:claims_candidate_change", args=[c.candidate_id]),
            }
            for c in clusters
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Spreading now"),
            "rows": rows,
            "hours": hours,
            "windows": BOARD_WINDOWS,
            "threshold": threshold,
            "now": timezone.now(),
        }
        return TemplateResponse(request, "admin/verify/spreading_board.html", context)
