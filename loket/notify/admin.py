from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from loket.admin_mixins import ReadOnlyAdminMixin

from .models import OutboxMessage


def mask_recipient(value: str) -> str:
    """An address shown without identifying its owner (issue 12, finding 7): the first
    letter and the domain of an e-mail ("b***@contoh.id"), the country and operator prefix
    and the last three digits of a phone number ("+62812*****890")."""
    local, at, domain = value.partition("@")
    if at:
        return f"{local[:1]}***@{domain}"
    if len(value) > 8:
        return value[:6] + "*" * (len(value) - 9) + value[-3:]
    return "***"


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only, recipients masked, subject and body never shown: a system administrator
    sees that a message went out (or why not), not to whom or what it said (the subject of an
    acknowledgement carries the complainant's tracking code)."""

    list_display = ("created_at", "channel", "masked_recipient", "topic", "status", "attempts")
    list_filter = ("status", "channel", "topic")
    search_fields = ("related", "message_id")
    fields = (
        "created_at",
        "channel",
        "masked_recipient",
        "topic",
        "related",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
        "message_id",
    )
    readonly_fields = fields

    @admin.display(description=_("penerima"))
    def masked_recipient(self, message: OutboxMessage) -> str:
        return mask_recipient(message.recipient)
