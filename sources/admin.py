from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sources.models import ReliabilityRating, Source, SourceAlias


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    extra = 1
    fields = ["name"]


class ReliabilityRatingInline(admin.TabularInline):
    model = ReliabilityRating
    extra = 0
    fields = ["grade", "rationale", "rated_by", "rated_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "platform", "handle", "reliability", "country", "parent"]
    list_filter = ["kind", "platform", "reliability", "country"]
    search_fields = ["name", "handle", "aliases__name", "affiliation"]
    readonly_fields = ["reliability"]
    autocomplete_fields = ["parent"]
    inlines = [SourceAliasInline, ReliabilityRatingInline]
