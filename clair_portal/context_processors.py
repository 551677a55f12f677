from django.conf import settings


def portal(request):
    user = getattr(request, "user", None)
    return {
        "DEBUG": settings.DEBUG,
        "demo_account": bool(user and user.is_authenticated and user.is_demo),
    }
