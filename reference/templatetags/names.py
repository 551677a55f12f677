from django import template

from reference.names import in_reader_script

register = template.Library()


@register.filter
def reader_name(government):
    """``{{ lg|reader_name }}``: the name in the reader's script, the other one beside it."""
    if not government:
        return ""
    return in_reader_script(government)
