from django.utils.functional import SimpleLazyObject

from clair_portal.notifications.models import Notification


def inbox(request):
    """``inbox_unread_count``: the signed-in person's unread notifications.

    Lazy, so a page that does not show the count does not pay its query.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"inbox_unread_count": 0}
    return {
        "inbox_unread_count": SimpleLazyObject(
            lambda: Notification.objects.for_user(user).unread().count()
        )
    }
