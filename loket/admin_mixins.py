"""Admin behaviour shared by the apps' `admin.py` files."""

from django.contrib import admin


class ReadOnlyAdminMixin:
    """An audit trail in the admin: listed and opened, never added, changed or deleted
    (OWASP ASVS 4.0.3 V7.3.3, logs protected from modification). Use it first in the bases of
    the ModelAdmin of every event, log and evidence model:
    `class EventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin)`. The change page then shows the
    row read-only, with no save or delete button, and the bulk delete action is gone."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ReadOnlyModelAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """`admin.site.register(Model, ReadOnlyModelAdmin)` for a log without its own admin."""
