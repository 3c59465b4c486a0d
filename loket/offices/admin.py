from django.contrib import admin

from .models import Channel, Division, Membership, Office


class DivisionInline(admin.TabularInline):
    model = Division
    extra = 0
    prepopulated_fields = {"slug": ("name",)}


class ChannelInline(admin.TabularInline):
    model = Channel
    extra = 0


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "parent_name", "slug", "timezone"]
    search_fields = ["name", "parent_name", "slug"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [DivisionInline, ChannelInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "office", "role", "division"]
    list_filter = ["role", "office"]
    list_select_related = ["user", "office", "division"]
    search_fields = ["user__username", "user__email", "office__name"]
    autocomplete_fields = ["office"]
