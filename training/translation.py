from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from training.models import Course, ProgrammeItem, SubsidyProgramme


@register(Course)
class CourseTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "venue")


@register(ProgrammeItem)
class ProgrammeItemTranslationOptions(TranslationOptions):
    fields = ("place", "activity")


@register(SubsidyProgramme)
class SubsidyProgrammeTranslationOptions(TranslationOptions):
    fields = ("name", "eligible_costs")


# A course's capacity and fee decide who gets a place and what it costs: its history
# includes the translated fields, so it is registered once modeltranslation added them.
register_history(Course, app=__package__)
# A subsidy programme holds money: who changed its budget, rate or caps is kept.
register_history(SubsidyProgramme, app=__package__)
