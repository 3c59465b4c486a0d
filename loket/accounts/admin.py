from axes.conf import settings
from django.contrib import admin

from loket.admin_mixins import ReadOnlyAdminMixin

from .models import ApiKey, SecurityEvent, StaffSession


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "action", "username", "actor", "office", "ip_address"]
    list_filter = ["action"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "at"
    list_select_related = ["actor", "office"]


@admin.register(ApiKey)
class ApiKeyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: keys are created and revoked by the office admin's page (security events);
    the secret's hash is never shown."""

    list_display = ["name", "prefix", "office", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["office"]
    search_fields = ["name", "prefix"]
    exclude = ["secret_hash"]
    list_select_related = ["office"]


@admin.register(StaffSession)
class StaffSessionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "created_at", "ip_address"]
    list_select_related = ["user"]


# django-axes' sign-in logs are logs too: read-only. (Its AccessAttempt stays deletable: deleting
# the attempts is how a system administrator lifts a lockout early.)
if settings.AXES_ENABLE_ADMIN:
    from axes.admin import AccessFailureLogAdmin, AccessLogAdmin
    from axes.models import AccessFailureLog, AccessLog

    for _model, _admin in ((AccessLog, AccessLogAdmin), (AccessFailureLog, AccessFailureLogAdmin)):
        if admin.site.is_registered(_model):
            admin.site.unregister(_model)
        admin.site.register(_model, type(_admin.__name__, (ReadOnlyAdminMixin, _admin), {}))
