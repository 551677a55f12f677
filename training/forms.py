from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clair_portal.security.honeypot import HoneypotMixin
from training import services
from training.models import Course, OverseasApplication


class CourseFilterForm(forms.Form):
    """The public list's filters; every value is checked, an unknown one is ignored."""

    provider = forms.ChoiceField(
        label=_("Provider"),
        choices=[("", _("All providers")), *Course.Provider.choices],
        required=False,
    )
    audience = forms.ChoiceField(
        label=_("Audience"),
        choices=[("", _("All audiences")), *Course.Audience.choices],
        required=False,
    )
    past = forms.BooleanField(label=_("Include past courses"), required=False)


class ApplyForm(forms.Form):
    """An officer applies for themselves or nominates a colleague of the same organisation."""

    applicant = forms.ModelChoiceField(label=_("Who will attend"), queryset=None, empty_label=None)
    motivation = forms.CharField(
        label=pgettext_lazy("training", "Reason for applying"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("What the applicant will bring back to the organisation."),
    )

    def __init__(self, *args, user, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["applicant"]
        field.queryset = services.colleagues_for_nomination(organisation)
        field.label_from_instance = lambda m: (
            f"{m.user.full_name or m.user.email}"
            + (f" ({_('yourself')})" if m.user_id == user.pk else "")
        )
        field.initial = next((m.pk for m in field.queryset if m.user_id == user.pk), None)


class EndorseForm(forms.Form):
    ENDORSE, DECLINE = "endorse", "decline"
    outcome = forms.ChoiceField(
        label=_("Answer"),
        choices=[(ENDORSE, _("Endorse")), (DECLINE, _("Do not endorse"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Required when you do not endorse: the applicant reads it."),
    )


class DecisionForm(forms.Form):
    SELECT, DECLINE = "select", "decline"
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (SELECT, _("Select (the waiting list if the course is full)")),
            (DECLINE, _("Do not select")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Required when you do not select: the applicant reads it."),
    )


class OverseasApplicationForm(HoneypotMixin, forms.ModelForm):
    """An official of a foreign local government applies for a seminar (no account)."""

    class Meta:
        model = OverseasApplication
        fields = ["full_name", "email", "country", "local_government", "position", "motivation"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [
            (code, name) for code, name in self.fields["country"].choices if code != "JP"
        ]

    def clean_country(self):
        country = self.cleaned_data["country"]
        if country == "JP":
            raise forms.ValidationError(
                _("These seminars are for officials of local governments outside Japan.")
            )
        return country


class OfficeAnswerForm(EndorseForm):
    """The overseas office's answer: the same choices as an approver's."""


class CancelForm(forms.Form):
    comment = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("The participant reads it; the first on the waiting list gets the place."),
    )


class AttendanceForm(forms.Form):
    """Who attended, among the course's selected participants."""

    attended = forms.TypedMultipleChoiceField(
        label=_("Attended"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["attended"]
        field.choices = [
            (p.pk, getattr(p, "full_name", None) or p.applicant.full_name or p.applicant.email)
            for p in participants
        ]
        field.initial = [p.pk for p in participants if p.attended]
