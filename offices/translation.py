from modeltranslation.translator import TranslationOptions, register

from offices.models import Department, Division, Office


@register(Office)
class OfficeTranslationOptions(TranslationOptions):
    fields = ("name", "local_name", "city", "address", "access")


@register(Department)
class DepartmentTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Division)
class DivisionTranslationOptions(TranslationOptions):
    fields = ("name",)
