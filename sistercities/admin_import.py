"""The admin's file imports: one page at ``import/`` per model that has one."""

from django.urls import path


class FileImportMixin:
    """Adds ``<model>/import/``: upload a file, preview it (everything checked, nothing
    kept), then import it for good. A subclass names ``import_form`` and
    ``import_title`` and writes ``import_view``, starting it with ``import_start``."""

    import_form = None
    import_title = ""

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{opts.app_label}_{opts.model_name}_import",
            ),
            *super().get_urls(),
        ]

    def import_start(self, request):
        """``(form, context)`` for the page, or None if the user may not import."""
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            return None
        form = self.import_form(request.POST or None, request.FILES or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": self.import_title,
            "form": form,
        }
        return form, context
