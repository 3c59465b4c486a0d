from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from loket import validators
from loket.admin_mixins import ReadOnlyAdminMixin

from .models import Channel, Division, Membership, Office, OfficeEvent


class OfficeForm(forms.ModelForm):
    """The office's phone checked by the numbering plan and stored in E.164 (issue #11)."""

    phone = validators.PhoneField(label=_("telepon"), required=False)

    class Meta:
        model = Office
        fields = [
            "slug",
            "name",
            "parent_name",
            "address",
            "postal_code",
            "city",
            "phone",
            "email",
            "website",
            "timezone",
        ]


class DivisionInline(admin.TabularInline):
    """Read-only: the office admin's divisions page (`/staf/<office>/bagian/`) adds, changes,
    orders and deactivates them through the services, which write the office's events and
    never delete a division with history."""

    model = Division
    extra = 0
    fields = ["name", "slug", "position", "is_active"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ChannelInline(admin.TabularInline):
    model = Channel
    extra = 0


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    form = OfficeForm
    list_display = ["name", "parent_name", "slug", "timezone", "phone_display", "phone_ok"]
    search_fields = ["name", "parent_name", "slug"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [DivisionInline, ChannelInline]

    @admin.display(description=_("telepon"))
    def phone_display(self, office: Office) -> str:
        return office.phone_display

    @admin.display(description=_("nomor sah"), boolean=True)
    def phone_ok(self, office: Office) -> bool:
        return not office.phone_needs_review


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "office", "role", "division"]
    list_filter = ["role", "office"]
    list_select_related = ["user", "office", "division"]
    search_fields = ["user__username", "user__email", "office__name"]
    autocomplete_fields = ["office"]


@admin.register(OfficeEvent)
class OfficeEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "office", "action", "actor", "note"]
    list_filter = ["action"]
    list_select_related = ["office", "actor"]
