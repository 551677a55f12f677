from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from sistercities.models import (
    Affiliation,
    EventSeries,
    ExchangeEvent,
    ExchangeProject,
    ProjectImage,
)


@register(Affiliation)
class AffiliationTranslationOptions(TranslationOptions):
    fields = ("notes",)


@register(ExchangeProject)
class ExchangeProjectTranslationOptions(TranslationOptions):
    fields = ("title", "summary")


@register(ProjectImage)
class ProjectImageTranslationOptions(TranslationOptions):
    fields = ("caption",)


@register(EventSeries)
class EventSeriesTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(ExchangeEvent)
class ExchangeEventTranslationOptions(TranslationOptions):
    fields = ("place", "hosts", "secretariat", "description")


# HQ edits affiliations; every change is kept. Registered here rather than with
# ``history = HistoricalRecords()`` on the model, because the historical model
# copies the fields that exist when it is made, and the translated notes
# (notes_en, notes_ja) exist only after the registration above.
# The search's facts (``Affiliation.SEARCH_FACTS``) are PostgreSQL's copy of the
# parties' names, not HQ's edits: the history leaves them out.
register_history(
    Affiliation,
    app="sistercities",
    m2m_fields=["japanese"],
    excluded_fields=list(Affiliation.SEARCH_FACTS),
)
