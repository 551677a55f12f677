from modeltranslation.translator import TranslationOptions, register

from cooperation.models import Field


@register(Field)
class FieldTranslationOptions(TranslationOptions):
    fields = ("name",)
