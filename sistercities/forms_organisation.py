"""Forms of a local government's corrections and of HQ's decision on them."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from sistercities.forms_partners import SurveyAnswerForm
from sistercities.models import Field


class CorrectionForm(SurveyAnswerForm):
    """What changed in one affiliation: the survey's own questions, asked any day."""


class NewAffiliationForm(forms.Form):
    partner_country = forms.ChoiceField(label=_("Partner's country"), choices=())
    partner_region = forms.CharField(
        label=_("Partner's region or state"), max_length=100, required=False
    )
    partner_name = forms.CharField(label=_("Partner's name"), max_length=200)
    established_year = forms.IntegerField(
        label=_("Year the agreement was signed"), min_value=1900, max_value=2100
    )
    fields = forms.MultipleChoiceField(
        label=_("Fields of exchange"),
        choices=Field.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    activities = forms.CharField(
        label=_("Activities"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner_country"].choices = [("", "---------"), *countries]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for declining"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
