from modeltranslation.translator import TranslationOptions, register

from offices.models import (
    Department,
    Division,
    Office,
    Publication,
    PublicationSeries,
    ReportType,
)


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


@register(PublicationSeries)
class PublicationSeriesTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Publication)
class PublicationTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body")
