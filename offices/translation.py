from modeltranslation.translator import TranslationOptions, register

from offices.models import Department, Division, Office, ReportType


@register(Office)
class OfficeTranslationOptions(TranslationOptions):
    fields = ("name", "local_name", "city", "address", "access")


@register(Department)
class DepartmentTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Division)
class DivisionTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(ReportType)
class ReportTypeTranslationOptions(TranslationOptions):
    fields = ("name", "description")
