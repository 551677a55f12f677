from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clair_portal.notifications import services
from clair_portal.notifications.models import Notification

PAGE_SIZE = 25


@login_required
def inbox(request):
    """The signed-in person's notifications, unread first."""
    page = Paginator(Notification.objects.inbox(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def mark_read(request, notification_id):
    services.mark_read(request.user, notification_id)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    if services.mark_all_read(request.user):
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:inbox")
