"""The portal's admin site: Django's, with one guard in front of every admin page.

Every admin page (each model's list, forms, history and actions, and the pages
import-export adds) is wrapped by ``admin_view``, so a check made there holds for
all of them, including admins registered later, without a mixin on each.
"""

from functools import wraps

from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

NUL = "\x00"


def _carries_nul(request) -> bool:
    if NUL in request.path:
        return True
    return any(
        NUL in key or any(NUL in value for value in values)
        for data in (request.GET, request.POST)
        for key, values in data.lists()
    )


class PortalAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        """Django's admin view (staff only, CSRF, no cache) that answers 400 with a
        message when the address or the form carries a NUL byte.

        PostgreSQL refuses NUL in text, so a list filter (``?state=%00``), a search
        or an object id holding one failed in the database with a 500. No value the
        admin can use contains one (Django's forms refuse it too), so refusing the
        request as a whole loses nothing and needs no knowledge of each page.
        """

        @wraps(view)
        def guarded(request, *args, **kwargs):
            if _carries_nul(request):
                return self.bad_request(request)
            return view(request, *args, **kwargs)

        return super().admin_view(guarded, cacheable)

    def bad_request(self, request):
        context = {
            **self.each_context(request),
            "title": _("Bad request"),
            "message": _(
                "The address or the form contains a NUL character, which the portal does "
                "not accept. Remove it and try again."
            ),
        }
        return TemplateResponse(request, "admin/bad_request.html", context, status=400)
