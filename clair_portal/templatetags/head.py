"""What a page's head tells browsers, search engines and link previews (``{% load head %}``).

{% alternates %}           <link rel="alternate" hreflang="…"> for every language
{% block_text "title" %}   a block's text again (for og:title), rendered once more
"""

from django import template
from django.conf import settings
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.translation import get_language, override

from clair_portal.languages import OPEN_GRAPH_LOCALES, page_languages

register = template.Library()


@register.simple_tag(takes_context=True)
def alternates(context):
    """This page in each language it is served in (and x-default, the English one).

    Public pages speak all eight, staff pages English and Japanese. Only for pages
    under a language prefix: the others have one address for all.
    """
    request = context.get("request")
    if request is None or request.method != "GET":
        return ""
    if request.path.split("/")[1:2] not in ([code] for code, _name in settings.LANGUAGES):
        return ""
    links = [
        (code, request.build_absolute_uri(path))
        for code, path in _in_each_language(request, page_languages(request))
    ]
    links.append(("x-default", dict(links)[settings.LANGUAGE_CODE]))
    return format_html_join(
        "\n  ", '<link rel="alternate" hreflang="{}" href="{}">', ((c, u) for c, u in links)
    )


def _in_each_language(request, codes):
    """``(code, path)``: this page's address in each language, like ``translate_url``
    but from the match the request already has, not resolving the path once a language."""
    match = request.resolver_match
    if match is None:  # an error page: its path was never matched
        return [(code, translate_url(request.path, code)) for code in codes]
    paths = []
    for code in codes:
        with override(code):
            try:
                paths.append((code, reverse(match.view_name, args=match.args, kwargs=match.kwargs)))
            except NoReverseMatch:
                paths.append((code, request.path))
    return paths


@register.simple_tag(takes_context=True)
def block_text(context, name):
    """The text of block ``name`` as the page defines it, tags stripped, for a second use."""
    blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = blocks.get_block(name) if blocks else None
    if block is None:
        return ""
    with context.push(block=block):
        return " ".join(strip_tags(block.nodelist.render(context)).split())


@register.simple_tag(takes_context=True)
def canonical(context):
    request = context.get("request")
    if request is None:
        return ""
    return format_html(
        '<meta property="og:url" content="{}">', request.build_absolute_uri(request.path)
    )


@register.simple_tag
def open_graph_locale():
    """og:locale of the active language (ja_JP, zh_CN, pt_BR...)."""
    return OPEN_GRAPH_LOCALES.get(get_language(), OPEN_GRAPH_LOCALES["en"])
