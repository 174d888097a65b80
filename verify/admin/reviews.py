"""Reviews and the claim event log, read-only: both are append-only records."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from verify.models import (
    ClaimEvent,
    Review,
)


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = [
        "claim",
        "reviewer",
        "round",
        "grade",
        "likelihood",
        "confidence",
        "submitted_at",
    ]
    list_filter = ["credibility", "likelihood", "confidence", "source_reliability"]
    search_fields = ["rationale", "claim__text", "claim__text_en"]
    list_select_related = ["claim", "reviewer"]

    def get_queryset(self, request):
        # Drafts are their author's business until submitted.
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request):
        return False  # reviews are written on the claim's review page

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ClaimEvent)
class ClaimEventAdmin(admin.ModelAdmin):
    ordering = ["-created_at", "-id"]  # the newest first, as a desk reads a log
    list_display = [
        "created_at",
        "claim_link",
        "action",
        "from_status",
        "to_status",
        "actor",
        "reason",
    ]
    list_filter = ["action", "to_status", ("actor", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["reason", "claim__text", "claim__text_en"]
    list_select_related = ["claim", "actor"]
    date_hierarchy = "created_at"

    @admin.display(description=gettext_lazy("claim"))
    def claim_link(self, obj):
        url = reverse("admin:claims_claim_change", args=[obj.claim_id])
        return format_html('<a href="{}">{}</a>', url, obj.claim)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
