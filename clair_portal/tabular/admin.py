"""django-import-export's admin pages with the kit underneath.

The admin keeps django-import-export's face: the Import and Export buttons of
a change list, its import page (upload, preview, confirm) and its export page
(choose a format). What happens underneath is the kit's: the upload is read
as a stream in whatever encoding it came, every row is checked and every
error shown at once, the preview says what would be added and changed, the
confirm step imports the kept upload again from the start, all or nothing,
and exports are written by the kit's writers in the requester's language.

The library's confirm step takes the name of a temporary file from the form
and reads, then deletes, whatever file that names; here the confirm step
names only a key of the user's session (see ``uploads``).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from import_export import forms as ie_forms
from import_export.admin import ExportMixin, ImportMixin
from import_export.formats.base_formats import CSV, XLSX

from clair_portal.tabular import template, uploads
from clair_portal.tabular.writing import download


class ImportForm(ie_forms.ImportForm):
    """The upload: which import (if the page has several) and the file. The kit tells
    CSV from XLSX by the content, so the library's format field is left out."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        del self.fields["format"]
        self.fields["import_file"].help_text = _(
            "A CSV file (UTF-8 or Shift_JIS) or an Excel workbook (.xlsx) whose first row "
            "names the columns, in English, in Japanese or by their codes."
        )

    @property
    def media(self):
        return forms.Media()  # the library's script only guesses the format field


class ConfirmForm(forms.Form):
    upload = forms.CharField(widget=forms.HiddenInput(), max_length=64)
    resource = forms.CharField(widget=forms.HiddenInput(), required=False, max_length=4)


class TabularImportMixin(ImportMixin):
    """The import page of a model admin; ``resource_classes`` are kit importers.

    ``template_stem`` names the downloadable templates (``<stem>-template.csv``).
    """

    import_template_name = "admin/tabular/import.html"
    import_form_class = ImportForm
    confirm_form_class = ConfirmForm
    import_formats = [CSV, XLSX]
    template_stem = ""

    def has_import_permission(self, request):
        # An import adds and changes records.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_urls(self):
        app_label, model_name = self.get_model_info()
        return [
            path(
                "import/template/<int:index>.<str:fmt>",
                self.admin_site.admin_view(self.import_template_view),
                name=f"{app_label}_{model_name}_import_template",
            ),
            *super().get_urls(),
        ]

    def _importer_class(self, request, index):
        classes = self.get_import_resource_classes(request)
        try:
            index = int(index or 0)
        except (TypeError, ValueError):
            return None
        return classes[index] if 0 <= index < len(classes) else None

    def import_template_view(self, request, index, fmt):
        if not self.has_import_permission(request):
            raise PermissionDenied
        importer_class = self._importer_class(request, index)
        if importer_class is None or fmt not in ("csv", "xlsx"):
            raise Http404
        stem = self.template_stem or self.model._meta.model_name
        if len(self.get_import_resource_classes(request)) > 1:
            stem = f"{stem}-{index + 1}"
        return template.template_response(importer_class, fmt, stem=stem)

    def _page(self, request, form, **extra):
        importers = self.get_import_resource_classes(request)
        info = self.get_model_info()
        context = {
            **self.admin_site.each_context(request),
            **self.get_import_context_data(),
            "title": _("Import"),
            "form": form,
            "opts": self.model._meta,
            "media": self.media + form.media,
            "fields_list": [],
            "import_error_display": self.import_error_display,
            "importers": [
                {
                    "title": importer.get_display_name(),
                    "columns": template.notes(importer),
                    "csv": reverse(f"admin:{info[0]}_{info[1]}_import_template", args=[i, "csv"]),
                    "xlsx": reverse(f"admin:{info[0]}_{info[1]}_import_template", args=[i, "xlsx"]),
                }
                for i, importer in enumerate(importers)
            ],
            **extra,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def after_import(self, request, importer, result) -> None:
        """Called after a confirmed import was written, before the redirect."""

    def import_action(self, request, **kwargs):
        """Upload and preview: everything is checked, nothing written; a good file is kept."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_import_form(request)
        if not (request.method == "POST" and form.is_valid()):
            return self._page(request, form)
        importer_class = self.choose_import_resource_class(form, request)
        upload = form.cleaned_data["import_file"]
        result = importer_class(user=request.user).run(upload, name=upload.name, dry_run=True)
        extra = {"result": result}
        if result.refused is not None:
            form.add_error("import_file", str(result.refused))
        elif result.ok:
            extra["confirm_form"] = ConfirmForm(
                initial={
                    "upload": uploads.keep(request, upload),
                    "resource": form.cleaned_data.get("resource", ""),
                }
            )
        return self._page(request, form, **extra)

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """Confirm: the kept upload is imported from the start, checked again, all or nothing."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm = ConfirmForm(request.POST)
        kept = uploads.take(request, confirm.data.get("upload"))
        importer_class = self._importer_class(request, confirm.data.get("resource"))
        form = self.get_import_form_class(request)(
            self.get_import_formats(), self.get_import_resource_classes(request)
        )
        if kept is None or importer_class is None or not confirm.is_valid():
            if kept is not None:
                kept.delete()
            problem = _("This import is no longer waiting to be confirmed. Upload the file again.")
            return self._page(request, form, problem=problem)
        importer = importer_class(user=request.user)
        try:
            with kept.open() as file:
                result = importer.run(file, name=kept.filename)
        finally:
            kept.delete()
        if not result.ok:
            # The records changed since the preview: what is wrong now; nothing was written.
            return self._page(request, form, result=result)
        messages.success(
            request,
            format_lazy(
                _("Imported “{name}”: {summary}"), name=result.name, summary=result.summary()
            ),
        )
        self.after_import(request, importer, result)
        app_label, model_name = self.get_model_info()
        url = reverse(
            f"admin:{app_label}_{model_name}_changelist", current_app=self.admin_site.name
        )
        return HttpResponseRedirect(url)


class TabularExportMixin(ExportMixin):
    """The export page of a model admin: the change list's rows, filters applied, through
    a kit importer's columns, in the requester's language."""

    export_form_class = ie_forms.ExportForm
    export_formats = [CSV, XLSX]
    template_stem = ""

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def init_request_context_data(self, request, form):
        context = super().get_export_context_data()
        context.update(self.admin_site.each_context(request))
        context.update(
            {
                "title": _("Export"),
                "form": form,
                "opts": self.model._meta,
                "fields_list": [
                    (exporter.get_display_name(), exporter.schema.header())
                    for exporter in self.get_export_resource_classes(request)
                ],
            }
        )
        return context

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        if not self.has_export_permission(request):
            raise PermissionDenied
        exporter = self.choose_export_resource_class(export_form, request)
        fmt = "xlsx" if file_format.is_binary() else "csv"
        stem = self.template_stem or self.model._meta.model_name
        filename = f"{stem}-{timezone.localdate():%Y%m%d}.{fmt}"
        return download(
            exporter.export_rows(queryset),
            filename=filename,
            fmt=fmt,
            title=str(self.model._meta.verbose_name_plural),
        )


class TabularImportExportMixin(TabularImportMixin, TabularExportMixin):
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
