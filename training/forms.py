from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clair_portal.security.honeypot import HoneypotMixin
from clair_portal.security.uploads import UploadValidator
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


class DateInput(forms.DateInput):
    input_type = "date"


class ClaimForm(forms.Form):
    """A subsidy claim after the tour or course: costs, a short report, receipts (1 to 3)."""

    title = forms.CharField(
        label=_("Tour or course"),
        max_length=200,
        help_text=_("Where you went, or the course you took."),
    )
    starts_on = forms.DateField(label=_("First day"), widget=DateInput)
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput)
    eligible_cost = forms.IntegerField(
        label=_("Eligible costs (yen)"), min_value=1, max_value=10**10
    )
    report = forms.CharField(
        label=_("Report"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=6000,
        help_text=_("What you learnt, and how it will be used."),
    )
    receipt_1 = forms.FileField(label=_("Receipt"), validators=[UploadValidator()])
    receipt_2 = forms.FileField(
        label=_("Another receipt"), validators=[UploadValidator()], required=False
    )
    receipt_3 = forms.FileField(
        label=_("Another receipt"), validators=[UploadValidator()], required=False
    )

    def receipts(self):
        return [
            self.cleaned_data[name]
            for name in ("receipt_1", "receipt_2", "receipt_3")
            if self.cleaned_data.get(name)
        ]


class ClaimDecisionForm(forms.Form):
    APPROVE, DECLINE = "approve", "decline"
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve (reduce the amount if needed)")), (DECLINE, _("Decline"))],
        widget=forms.RadioSelect,
    )
    amount = forms.IntegerField(
        label=_("Amount (yen)"),
        min_value=1,
        max_value=10**10,
        required=False,
        help_text=_("Empty: the amount requested."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Required to reduce or decline: the officer reads it."),
    )


class PaymentForm(forms.Form):
    amount = forms.IntegerField(label=_("Amount (yen)"), min_value=1, max_value=10**10)
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput)


class FiguresForm(forms.Form):
    """The figures' filters: a fiscal year and a course, each optional."""

    year = forms.IntegerField(
        label=_("Fiscal year"), min_value=2000, max_value=2100, required=False
    )
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=Course.objects.for_officers().order_by("-starts_on"),
        required=False,
        empty_label=_("Every course"),
    )
