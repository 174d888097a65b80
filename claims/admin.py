from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from claims.models import Attribution, Claim, Evidence, Tag


class AttributionInline(admin.TabularInline):
    model = Attribution
    extra = 0
    fields = ["source", "stance", "via", "url", "quote", "published_at"]
    autocomplete_fields = ["source"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["kind", "relation", "url", "description", "latitude", "longitude"]


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "language", "status", "assignee", "event_date", "published_at"]
    list_filter = ["status", "language", "tags"]
    search_fields = ["text", "text_en"]
    readonly_fields = ["status", "assignee", "published_at", "retracted_at", "retraction_reason"]
    inlines = [AttributionInline, EvidenceInline]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
