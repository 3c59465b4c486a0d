"""Admin: the offices' channel accounts (secrets typed in, never shown back in full) and a
read-only view of what arrived."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ChannelAccount, InboundMessage, LaporMapping

SECRET_FIELDS = {
    "access_token": _("Token akses WhatsApp"),
    "app_secret": _("App secret (aplikasi Meta milik instansi sendiri)"),
    "verify_token": _("Verify token webhook"),
    "password": _("Sandi kotak surat"),
}


class ChannelAccountForm(forms.ModelForm):
    class Meta:
        model = ChannelAccount
        fields = [
            "office",
            "provider",
            "channel",
            "label",
            "address",
            "external_id",
            "host",
            "port",
            "use_ssl",
            "username",
            "folder",
            "done_folder",
            "templates",
            "template_language",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        masked = self.instance.masked_secrets() if self.instance.pk else {}
        for name, label in SECRET_FIELDS.items():
            current = masked.get(name)
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                widget=forms.PasswordInput(render_value=False),
                help_text=(
                    _("Tersimpan: %(masked)s. Kosongkan untuk tetap memakai yang lama.")
                    % {"masked": current}
                    if current
                    else _("Belum diisi.")
                ),
            )

    def save(self, commit=True):
        account = super().save(commit=False)
        account.set_secrets(**{name: self.cleaned_data.get(name, "") for name in SECRET_FIELDS})
        if commit:
            account.save()
        return account


@admin.register(ChannelAccount)
class ChannelAccountAdmin(admin.ModelAdmin):
    form = ChannelAccountForm
    list_display = [
        "label",
        "office",
        "provider",
        "channel",
        "address",
        "is_active",
        "last_polled_at",
    ]
    list_filter = ["provider", "channel", "is_active"]
    readonly_fields = ["uidvalidity", "last_uid", "last_polled_at", "last_poll_error"]


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    """Read-only: messages change through the services, which write their events."""

    list_display = ["received_at", "office", "channel", "kind", "state", "outcome", "attempts"]
    list_filter = ["channel", "kind", "state", "outcome"]
    exclude = ["raw", "sender", "sender_name", "text", "subject", "thread_hint", "details"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LaporMapping)
class LaporMappingAdmin(admin.ModelAdmin):
    list_display = ["office", "updated_at"]
