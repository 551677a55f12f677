"""HQ edits affiliations here, and imports or exports them in bulk."""

from django.contrib import admin, messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin

from clair_portal.workflow import HistoryAdmin
from sistercities.admin_import import FileImportMixin
from sistercities.forms import ImportForm
from sistercities.models import Affiliation
from sistercities.services import AffiliationError, import_affiliations, read_table
from sistercities.views import csv_stream


@admin.register(Affiliation)
class AffiliationAdmin(FileImportMixin, HistoryAdmin, TranslationAdmin):
    import_form = ImportForm
    import_title = gettext_lazy("Import sister-city affiliations")
    list_display = ("__str__", "kind", "established_year", "status", "partner_country")
    list_filter = ("kind", "status", "partner__country")
    search_fields = ("partner__name_en", "partner__name_local", "japanese__name_kanji")
    autocomplete_fields = ("japanese", "partner")
    list_select_related = ("partner",)
    actions = ["export_csv"]
    change_list_template = "sistercities/admin/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("japanese")

    @admin.display(description=gettext_lazy("partner country"), ordering="partner__country")
    def partner_country(self, obj):
        return obj.partner.country.name

    @admin.action(description=gettext_lazy("Download the selected affiliations (CSV)"))
    def export_csv(self, request, queryset):
        from sistercities.services import export_rows

        response = StreamingHttpResponse(
            csv_stream(export_rows(queryset.order_by("id"))), content_type="text/csv"
        )
        response["Content-Disposition"] = 'attachment; filename="sister-cities.csv"'
        return response

    def import_view(self, request):
        started = self.import_start(request)
        if started is None:
            return redirect("admin:index")
        form, context = started
        if request.method == "POST" and form.is_valid():
            dry_run = "preview" in request.POST
            try:
                result = import_affiliations(read_table(form.cleaned_data["file"]), dry_run=dry_run)
            except AffiliationError as error:
                context.update({"error": error.message, "row_errors": error.errors})
                return render(request, "sistercities/admin/import.html", context, status=400)
            summary = _(
                "%(created)d created, %(updated)d updated, %(unchanged)d unchanged; "
                "%(partners)d new partners."
            ) % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "partners": result.partners_created,
            }
            if dry_run:
                context["preview"] = summary
                return render(request, "sistercities/admin/import.html", context)
            messages.success(request, _("Imported: %(summary)s") % {"summary": summary})
            return redirect(reverse("admin:sistercities_affiliation_changelist"))
        return render(request, "sistercities/admin/import.html", context)


# Partner-seeking requests, projects, events and surveys: their own module.
from sistercities import admin_partners  # noqa: E402, F401
