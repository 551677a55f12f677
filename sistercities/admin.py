"""HQ edits affiliations here, and imports or exports them in bulk."""

from django.contrib import admin
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin

from clair_portal.tabular.admin import TabularImportMixin
from clair_portal.tabular.writing import download
from clair_portal.workflow import HistoryAdmin
from sistercities.models import Affiliation
from sistercities.resources import AffiliationImport


@admin.register(Affiliation)
class AffiliationAdmin(TabularImportMixin, HistoryAdmin, TranslationAdmin):
    resource_classes = [AffiliationImport]
    template_stem = "sister-cities"
    list_display = ("__str__", "kind", "established_year", "status", "partner_country")
    list_filter = ("kind", "status", "partner__country")
    search_fields = ("partner__name_en", "partner__name_local", "japanese__name_kanji")
    autocomplete_fields = ("japanese", "partner")
    list_select_related = ("partner",)
    actions = ["export_csv", "export_xlsx"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("japanese")

    @admin.display(description=gettext_lazy("partner country"), ordering="partner__country")
    def partner_country(self, obj):
        return obj.partner.country.name

    @admin.action(description=gettext_lazy("Download the selected affiliations (CSV)"))
    def export_csv(self, request, queryset):
        return self._download(queryset, "csv")

    @admin.action(description=gettext_lazy("Download the selected affiliations (Excel)"))
    def export_xlsx(self, request, queryset):
        return self._download(queryset, "xlsx")

    def _download(self, queryset, fmt):
        """The public download's columns, codes included: the file imports back."""
        rows = AffiliationImport.export_rows(queryset.order_by("id"), codes=True)
        title = str(self.model._meta.verbose_name_plural)
        return download(rows, filename=f"sister-cities.{fmt}", fmt=fmt, title=title)


# Partner-seeking requests, projects, events and surveys: their own module.
from sistercities import admin_partners  # noqa: E402, F401
