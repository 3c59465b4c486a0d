from django.contrib import admin

from .models import Complaint, Event, OfficeComplaintSettings, PersonalDataAccess


@admin.register(OfficeComplaintSettings)
class OfficeComplaintSettingsAdmin(admin.ModelAdmin):
    list_display = ["office", "auto_close_working_days"]


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the services, which write the timeline."""

    list_display = ["reference", "office", "status", "class_code", "received_at", "due_at"]
    list_filter = ["status", "channel"]
    search_fields = ["reference"]
    # Identity stays on the logged staff page (UU 27/2022); channel details may identify too.
    exclude = [
        "complainant_name",
        "complainant_phone",
        "complainant_email",
        "complainant_nik",
        "channel_details",
        "tracking_code_hash",
    ]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["complaint", "action", "at", "actor", "visibility"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    list_display = ["complaint", "user", "at", "purpose"]

    def has_change_permission(self, request, obj=None):
        return False
