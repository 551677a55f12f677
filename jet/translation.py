from modeltranslation.translator import TranslationOptions, register

from jet.models import ContractingOrganisation, CounsellingHours, SelfHelpPage, Seminar


@register(ContractingOrganisation)
class ContractingOrganisationTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Seminar)
class SeminarTranslationOptions(TranslationOptions):
    fields = ("title", "description", "venue")


@register(SelfHelpPage)
class SelfHelpPageTranslationOptions(TranslationOptions):
    fields = ("title", "body")


@register(CounsellingHours)
class CounsellingHoursTranslationOptions(TranslationOptions):
    fields = ("note",)
