from django.contrib import admin

from .models import Attachment, Consultation, Visit, VisitEvent, VisitSettings


@admin.register(VisitSettings)
class VisitSettingsAdmin(admin.ModelAdmin):
    """Read-only: the office admin's settings page (services.save_settings) also forgets the
    ID numbers kept when storage is turned off."""

    list_display = ("office", "retention_days", "store_id_number", "updated_at")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


class EventInline(admin.TabularInline):
    model = VisitEvent
    extra = 0
    can_delete = False
    readonly_fields = (
        "at",
        "action",
        "from_status",
        "to_status",
        "actor",
        "division",
        "visibility",
        "note",
        "data",
    )

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    """Read-only: every change goes through loket.visits.services and writes an event."""

    list_display = ("office", "queue_date", "queue_number", "status", "division", "source")
    list_filter = ("office", "status", "source")
    inlines = [EventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


admin.site.register(Consultation)
admin.site.register(Attachment)
