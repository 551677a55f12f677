from modeltranslation.translator import TranslationOptions, register

from jet.models import ContractingOrganisation, Seminar


@register(ContractingOrganisation)
class ContractingOrganisationTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Seminar)
class SeminarTranslationOptions(TranslationOptions):
    fields = ("title", "description", "venue")
