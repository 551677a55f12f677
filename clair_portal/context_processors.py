from django.conf import settings


def portal(request):
    user = getattr(request, "user", None)
    return {
        "DEBUG": settings.DEBUG,
        "demo_account": bool(user and user.is_authenticated and user.is_demo),
    }


def navigation(request):
    """The header's sections for whoever is signed in (clair_portal.navigation), worked
    out only when a page's header asks for them."""
    from django.utils.functional import SimpleLazyObject

    from clair_portal.navigation import header_sections, sections_for

    user = getattr(request, "user", None)
    if user is None:
        return {}

    def current():
        # The section the page belongs to: the longest section address it starts with.
        within = [s for s in sections_for(user) if request.path.startswith(s.url)]
        best = max(within, key=lambda s: len(s.url), default=None)
        return best.key if best else ""

    return {
        "nav_main": SimpleLazyObject(lambda: header_sections(user)[0]),
        "nav_more": SimpleLazyObject(lambda: header_sections(user)[1]),
        "nav_account": SimpleLazyObject(
            lambda: [s for s in sections_for(user) if s.place == "account"]
        ),
        "nav_current": SimpleLazyObject(current),
    }
