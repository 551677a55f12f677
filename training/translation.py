from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from training.models import Course, ProgrammeItem


@register(Course)
class CourseTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "venue")


@register(ProgrammeItem)
class ProgrammeItemTranslationOptions(TranslationOptions):
    fields = ("place", "activity")


# A course's capacity and fee decide who gets a place and what it costs: its history
# includes the translated fields, so it is registered once modeltranslation added them.
register_history(Course, app=__package__)
