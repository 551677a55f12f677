"""The publications' public search and HQ's form for making a report a publication."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from offices.models import Language, Office, PublicationSeries, Topic
from reference.search import text_terms

MAX_QUERY_LENGTH = 200


def _any():
    return [("", pgettext_lazy("any choice", "any"))]


class PublicationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Words"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("In the title or summary: kanji, kana, romaji or English."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    series = forms.ModelChoiceField(
        label=_("Series"),
        required=False,
        queryset=PublicationSeries.objects.all(),
        to_field_name="code",
        empty_label=pgettext_lazy("any choice", "any"),
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    office = forms.ModelChoiceField(
        label=_("Office"),
        required=False,
        queryset=Office.objects.all(),
        to_field_name="code",
        empty_label=pgettext_lazy("any choice", "any"),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1988, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = _any() + list(Topic.choices)
        self.fields["language"].choices = _any() + list(Language.choices)
        self.fields["country"].choices = _any() + list(countries)

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def filter(self, publications):
        """The publications matching every word typed (in any script) and every filter."""
        data = self.cleaned_data
        for keys in text_terms(data.get("q") or ""):
            condition = Q()
            for key in keys:
                condition |= Q(search_key__contains=key)
            publications = publications.filter(condition)
        if data.get("series"):
            publications = publications.filter(series=data["series"])
        if data.get("topic"):
            publications = publications.filter(topics__contains=[data["topic"]])
        if data.get("language"):
            publications = publications.filter(languages__contains=[data["language"]])
        if data.get("country"):
            # Stored as comma-separated two-letter codes: a code cannot match across a comma.
            publications = publications.filter(countries__contains=data["country"])
        if data.get("office"):
            publications = publications.filter(office=data["office"])
        if data.get("year"):
            publications = publications.filter(year=data["year"])
        return publications


class PublishReportForm(forms.Form):
    """What HQ chooses when an accepted report becomes a publication."""

    series = forms.ModelChoiceField(label=_("Series"), queryset=PublicationSeries.objects.all())
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_("Shown in the list and the feed; the report's text follows on the page."),
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachments = forms.MultipleChoiceField(
        label=_("Attachments to publish"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only the files chosen are published; the report keeps all of its own."),
    )
    publish_now = forms.BooleanField(
        label=_("Publish now"),
        required=False,
        initial=True,
        help_text=_("Untick to keep it as a draft and publish it later in the administration."),
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].choices = [
            (str(a.pk), a.filename) for a in report.attachments.all()
        ]
