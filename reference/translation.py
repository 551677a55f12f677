from modeltranslation.translator import TranslationOptions, register

from reference.models import RegionalAssociation


@register(RegionalAssociation)
class RegionalAssociationTranslationOptions(TranslationOptions):
    fields = ("name", "address")
