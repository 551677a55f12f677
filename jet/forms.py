from django import forms
from django.utils.translation import gettext_lazy as _


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("consent", _("I consent to reappointment")), ("decline", _("I decline"))],
        widget=forms.RadioSelect,
    )


class StatisticsFilterForm(forms.Form):
    year = forms.IntegerField(label=_("JET year"), required=False, min_value=1987, max_value=2100)


class OrganisationDecisionForm(forms.Form):
    """The contracting organisation's side of a reappointment, given by its officer."""

    decision = forms.ChoiceField(
        label=_("The organisation's answer"),
        choices=[
            ("consent", _("We consent to reappointing the participant")),
            ("decline", _("We do not reappoint the participant")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the organisation consents.")},
    )
