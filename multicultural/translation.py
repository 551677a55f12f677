from modeltranslation.translator import TranslationOptions, register

from multicultural.models import (
    GrantCategory,
    GrantProgramme,
    LibraryLanguage,
    LivingDocument,
    LivingTopic,
)


@register(GrantCategory)
class GrantCategoryTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(GrantProgramme)
class GrantProgrammeTranslationOptions(TranslationOptions):
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
