from django.contrib import admin

from loket.admin_mixins import ReadOnlyAdminMixin

from .models import SecurityEvent, StaffSession


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "action", "username", "actor", "office", "ip_address"]
    list_filter = ["action"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "at"
    list_select_related = ["actor", "office"]


@admin.register(StaffSession)
class StaffSessionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "created_at", "ip_address"]
    list_select_related = ["user"]
