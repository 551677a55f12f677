from django.shortcuts import render
from django.utils import translation
from django.views import i18n


def home(request):
    return render(request, "home.html")


def set_language(request):
    """Django's set_language, reading ``next`` in the language of its own URL prefix.

    Django resolves ``next`` in the request's language (cookie or
    Accept-Language), so a visitor whose browser prefers Japanese could not
    switch an /en/ page to /ja/.
    """
    next_url = request.POST.get("next", request.GET.get("next", ""))
    language = translation.get_language_from_path(next_url) or translation.get_language()
    with translation.override(language):
        return i18n.set_language(request)
