from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from multicultural.models import (
    GrantCategory,
    GrantProgramme,
    LibraryLanguage,
    LivingDocument,
    LivingTopic,
    RequiredDocument,
)


@register(GrantCategory)
class GrantCategoryTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(GrantProgramme)
class GrantProgrammeTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(RequiredDocument)
class RequiredDocumentTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(LivingTopic)
class LivingTopicTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(LibraryLanguage)
class LibraryLanguageTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(LivingDocument)
class LivingDocumentTranslationOptions(TranslationOptions):
    fields = ("title",)


# A programme holds money: its history must include the translated fields, so it
# is registered only once modeltranslation has added them.
register_history(GrantProgramme, app=__package__)
# Which documents a programme asks for decides who may submit: who changed it is kept too.
register_history(RequiredDocument, app=__package__)
