from django.contrib import admin

from .models import Pledge, Service, Standard, StandardEvent


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "slug", "position"]
    list_filter = ["office"]
    search_fields = ["name", "office__name"]


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ["service", "version", "status", "decree_number", "published_at"]
    list_filter = ["status", "service__office"]
    list_select_related = ["service__office"]
    readonly_fields = ["published_at", "published_by", "source_sha256"]


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ["office", "version", "status", "published_at"]


@admin.register(StandardEvent)
class StandardEventAdmin(admin.ModelAdmin):
    list_display = ["at", "office", "action", "actor", "standard", "visibility"]
    list_filter = ["action", "visibility"]

    def has_change_permission(self, request, obj=None):
        return False  # the log is an audit trail: read-only
