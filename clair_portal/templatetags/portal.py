import phonenumbers
from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from clair_portal.languages import is_community

register = template.Library()


def _format(number, style) -> str:
    if not number:
        return ""
    return phonenumbers.format_number(number, style)


@register.filter
def phone_national(number) -> str:
    """As dialled inside the number's own country: 03-5213-1730, 020 7839 8500."""
    return _format(number, phonenumbers.PhoneNumberFormat.NATIONAL)


@register.filter
def phone_international(number) -> str:
    """As dialled from abroad: +81 3-5213-1730 (the leading 0 dropped, 81 added)."""
    return _format(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@register.filter
def phone_uri(number) -> str:
    return (
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966) if number else ""
    )


@register.filter
def as_written(value):
    """What staff wrote (in English and Japanese), marked as English on a community
    language's page, where it is shown in English: screen readers read it as English."""
    if value in (None, "") or not is_community(get_language()):
        return value
    return format_html('<span lang="en">{}</span>', value)


@register.inclusion_tag("_licence.html")
def licence_line():
    """The licence sentence shown beside a public download's links."""
    from clair_portal import licence

    return {
        "licence_name": licence.LICENCE_NAME,
        "licence_url": licence.LICENCE_URL,
        "credit": licence.CREDIT,
    }
