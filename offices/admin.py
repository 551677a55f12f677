from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from offices.models import Department, Division, Office, OfficeMembership


class DepartmentInline(TranslationTabularInline):
    model = Department
    extra = 0
    fields = ("code", "name", "phone", "fax", "sort_order")


class DivisionInline(TranslationTabularInline):
    model = Division
    extra = 0
    fields = ("code", "name", "department", "sort_order")


@admin.register(Office)
class OfficeAdmin(TabbedTranslationAdmin):
    list_display = ("name", "kind", "city", "country", "timezone", "phone", "email")
    list_filter = ("kind",)
    search_fields = ("code", "name_en", "name_ja", "local_name", "city_en", "city_ja")
    inlines = [DepartmentInline, DivisionInline]
    fieldsets = (
        (None, {"fields": ("code", "kind", "name", "local_name", "sort_order")}),
        (_("Location"), {"fields": ("city", "country", "address", "access", "timezone")}),
        (_("Contact"), {"fields": ("phone", "fax", "email", "website")}),
        (_("Responsibility"), {"fields": ("countries",)}),
    )


@admin.register(OfficeMembership)
class OfficeMembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "office")
    list_filter = ("office",)
    list_select_related = ("user", "office")
    search_fields = ("user__email", "user__full_name")
    autocomplete_fields = ("user",)
