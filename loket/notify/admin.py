from django.contrib import admin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "channel", "recipient", "topic", "status", "attempts")
    list_filter = ("status", "channel", "topic")
    search_fields = ("recipient", "subject", "related")
    readonly_fields = ("attempts", "sent_at", "last_error", "created_at")
