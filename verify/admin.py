from django.contrib import admin

from verify.models import ClaimEvent, Review


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["claim", "reviewer", "grade", "likelihood", "confidence", "submitted_at"]
    list_filter = ["credibility", "likelihood", "confidence"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ClaimEvent)
class ClaimEventAdmin(admin.ModelAdmin):
    list_display = ["claim", "action", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["action", "to_status"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
