from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from clair_portal.organisations.models import Organisation


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name",)


# After the translated name exists, so its history keeps both languages.
register_history(Organisation, app=__package__)
