"""The board of spreading claims in the admin, the desk's threshold, and the
alerts raised (verify/services/spreading.py; the clusters are
claims.selectors.spreading)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.admin.watches import DeskOnly
from claims.permissions import can_see_watches
from config.admin import ServiceAdminMixin
from verify.models import SpreadingAlert, SpreadThreshold
from verify.selectors import spreading_board
from verify.services.spreading import spread_threshold_set

# How far back the board looks, in hours, as the desk may pick it.
BOARD_WINDOWS = (1, 6, 24, 72)


@admin.register(SpreadThreshold)
class SpreadThresholdAdmin(DeskOnly, ServiceAdminMixin, admin.ModelAdmin):
    fields = ["outlets", "languages", "within_hours", "active"]
    list_display = ["__str__", "active", "updated_at"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SpreadThreshold.objects.exists()

    def create(self, request, form):
        return spread_threshold_set(actor=request.user, **form.cleaned_data)

    def update(self, request, obj, form):
        spread_threshold_set(actor=request.user, **form.cleaned_data)


@admin.register(SpreadingAlert)
class SpreadingAlertAdmin(DeskOnly, admin.ModelAdmin):
    list_display = ["cluster", "claim", "outlets", "languages", "origins", "first_seen_at",
                    "raised_at"]  # fmt: skip
    list_select_related = ["claim"]
    readonly_fields = [f.name for f in SpreadingAlert._meta.fields]

    def has_add_permission(self, request):
        return False  # raised by the check, never by hand

    def has_change_permission(self, request, obj=None):
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
        threshold, board = spreading_board(hours=hours)
        rows = [
            {
                "cluster": row.cluster,
                "outlets": sorted(row.cluster.outlets.values()),
                "languages": sorted(row.cluster.languages),
                "passes": row.passes,
                "raised": row.alerted,
                "link": reverse("admin:claims_claim_change", args=[row.cluster.claim_id])
                if row.cluster.claim_id
                else reverse("admin:claims_candidate_change", args=[row.cluster.candidate_id]),
            }
            for row in board
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
