"""The list kit: page numbers and the table of a list page, the same on every page.

``{% pagination page %}`` draws ``_pagination.html``: first, previous, a window
of page numbers with ellipses, next, last, and "n–m of N". Its links are
Django's ``{% querystring %}``, so every other parameter (the filters, the
sort) survives a change of page. They are built from ``request.GET`` unless a
``query`` is given: a section rendered once and cached for many requests
passes the query its cache key was made from, so the cached links never carry
another request's parameters.

``{% listtable page caption=… %}<thead>…</thead><tbody>…</tbody>{% empty %}…{% endlisttable %}``
wraps a list's table in the common markup (``_list_table.html``) and puts the
page numbers under it; with no rows it shows the ``{% empty %}`` part instead.
"""

from collections.abc import Mapping

from django import template
from django.core.paginator import Page, Paginator
from django.http import QueryDict
from django.template.base import token_kwargs
from django.template.loader import get_template
from django.utils.safestring import mark_safe

register = template.Library()

# Pages shown either side of the current one; the rest are behind an ellipsis.
ON_EACH_SIDE = 2


def _query_dict(context, query) -> QueryDict:
    """``query`` as a QueryDict, or the request's own parameters when none is given."""
    if isinstance(query, QueryDict):
        return query
    if isinstance(query, Mapping):
        built = QueryDict(mutable=True)
        for key, value in query.items():
            if isinstance(value, list | tuple):
                built.setlist(key, [str(v) for v in value])
            elif value not in (None, ""):
                built[key] = str(value)
        return built
    request = getattr(context, "request", None)
    return request.GET if request is not None else QueryDict()


@register.inclusion_tag("_pagination.html", takes_context=True)
def pagination(context, page: Page, query=None, label=None):
    """Page links for a ``Page``; nothing when everything fits on one page."""
    paginator = page.paginator
    return {
        "page": page,
        "query": _query_dict(context, query),
        "label": label,
        "window": list(
            paginator.get_elided_page_range(page.number, on_each_side=ON_EACH_SIDE, on_ends=0)
        ),
        "ellipsis": Paginator.ELLIPSIS,
    }


class ListTableNode(template.Node):
    def __init__(self, rows, options, nodelist, empty):
        self.rows, self.options, self.nodelist, self.empty = rows, options, nodelist, empty

    def render(self, context):
        rows = self.rows.resolve(context)
        page = rows if isinstance(rows, Page) else None
        # Evaluates the page's queryset once; the body's loop reuses its cache.
        if not (page.object_list if page is not None else rows):
            return self.empty.render(context)
        options = {key: value.resolve(context) for key, value in self.options.items()}
        body = self.nodelist.render(context)
        with context.push(
            body=mark_safe(body),  # noqa: S308  (rendered by the template engine, escaped there)
            page=page,
            table_class=options.get("class", ""),
            caption=options.get("caption", ""),
            caption_hidden=options.get("caption_hidden", False),
            query=options.get("query"),
            label=options.get("label"),
        ):
            return _template(context, "_list_table.html").render(context)


def _template(context, name):
    # As {% include %} does: the engine of the page being rendered, and its cached loaders.
    if context.template is not None:
        return context.template.engine.get_template(name)
    return get_template(name).template


@register.tag
def listtable(parser, token):
    """``{% listtable page_or_rows [caption=…] [caption_hidden=True] [class=…] [query=…] [label=…] %}``."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("listtable needs the page (or the rows) to show")
    rows = parser.compile_filter(bits[1])
    options = token_kwargs(bits[2:], parser)
    if len(options) != len(bits) - 2:
        raise template.TemplateSyntaxError("listtable takes its options as key=value")
    nodelist = parser.parse(("empty", "endlisttable"))
    empty = template.NodeList()
    if parser.next_token().contents == "empty":
        empty = parser.parse(("endlisttable",))
        parser.delete_first_token()
    return ListTableNode(rows, options, nodelist, empty)
