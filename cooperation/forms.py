from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from cooperation.languages import LANGUAGE_CHOICES
from cooperation.models import (
    Availability,
    Dispatch,
    DispatchRequest,
    Field,
    HostOffer,
    Programme,
    Specialist,
    SpecialistLanguage,
    Trainee,
    TravelDocument,
)
from reference.models import ForeignLocalGovernment, LocalGovernment


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class LocalGovernmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name()


class ProfileForm(forms.ModelForm):
    """What a specialist keeps current about themselves (HQ's notes stay HQ's)."""

    home_government = LocalGovernmentChoiceField(
        label=_("Home local government"),
        queryset=LocalGovernment.objects.with_prefecture(),
        required=True,
    )
    fields = forms.ModelMultipleChoiceField(
        label=_("Fields"),
        queryset=Field.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=True,
        help_text=_("The fields you could advise a local government abroad on."),
    )

    class Meta:
        model = Specialist
        fields = [
            "full_name",
            "status",
            "home_government",
            "position",
            "years_of_experience",
            "fields",
            "consent_to_contact",
        ]


LanguageFormSet = inlineformset_factory(
    Specialist,
    SpecialistLanguage,
    fields=["language", "level"],
    extra=2,
    can_delete=True,
)

AvailabilityFormSet = inlineformset_factory(
    Specialist,
    Availability,
    fields=["starts_on", "ends_on"],
    widgets={"starts_on": DateInput(), "ends_on": DateInput()},
    extra=2,
    can_delete=True,
)


class ForeignGovernmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name_en} ({obj.country.name})"


class DispatchRequestForm(forms.ModelForm):
    foreign_government = ForeignGovernmentChoiceField(
        label=_("Requesting local government"), queryset=ForeignLocalGovernment.objects.none()
    )
    fields = forms.ModelMultipleChoiceField(
        label=_("Fields"), queryset=Field.objects.all(), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = DispatchRequest
        fields = ["foreign_government", "fields", "language", "starts_on", "ends_on", "description"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        help_texts = {"ends_on": _("A dispatch lasts at most three months.")}

    def __init__(self, *args, countries=None, **kwargs):
        """``countries``: the codes the user may enter requests for; None means all (HQ)."""
        super().__init__(*args, **kwargs)
        governments = ForeignLocalGovernment.objects.order_by("country", "name_en")
        if countries is not None:
            governments = governments.filter(country__in=sorted(countries))
        self.fields["foreign_government"].queryset = governments


class SelectForm(forms.Form):
    specialist = forms.IntegerField(widget=forms.HiddenInput)


class DispatchForm(forms.ModelForm):
    class Meta:
        model = Dispatch
        fields = ["state", *Dispatch.RECORD_FIELDS]
        widgets = {
            "agreement_signed_on": DateInput(),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "reported_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only the states this dispatch may move to.
        current = Dispatch.State(self.instance.state)
        allowed = {current} | Dispatch.TRANSITIONS[current]
        self.fields["state"].choices = [c for c in Dispatch.State.choices if c[0] in allowed]


class FinalReportForm(forms.Form):
    report = forms.CharField(label=_("Final report"), widget=forms.Textarea)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())


class HostOfferChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.local_government} – {obj.field} ({obj.capacity})"


class HostForm(forms.Form):
    """Assign a trainee to a host offer and plan the timeline from the arrival day."""

    offer = HostOfferChoiceField(label=_("Host offer"), queryset=None)
    starts_on = forms.DateField(label=_("At the host from"), widget=DateInput())
    ends_on = forms.DateField(label=_("At the host until"), widget=DateInput())
    arrives_on = forms.DateField(label=_("Arrives in Japan on"), widget=DateInput())

    def __init__(self, *args, trainee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = HostOffer.objects.filter(
            programme_id=trainee.programme_id
        ).select_related("local_government__prefecture", "field")


class ProgrammeForm(forms.Form):
    fiscal_year = forms.IntegerField(
        label=_("Fiscal year"),
        min_value=2000,
        max_value=2100,
        help_text=_("The year the fiscal year starts in: 2026 runs from April 2026 to March 2027."),
    )


class OfferForm(forms.ModelForm):
    """One local government's demand-survey answer: a field and how many trainees it can host."""

    local_government = LocalGovernmentChoiceField(
        label=_("Host local government"), queryset=LocalGovernment.objects.with_prefecture()
    )
    capacity = forms.IntegerField(label=_("Trainees it can host"), min_value=1, max_value=50)

    class Meta:
        model = HostOffer
        fields = ["local_government", "field", "capacity", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class TraineeForm(forms.ModelForm):
    """A trainee's details; the selection state changes on the trainee's page."""

    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all())
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or ⌘) to choose more than one."),
    )

    class Meta:
        model = Trainee
        fields = [
            "programme",
            "full_name",
            "email",
            "country",
            "home_organisation",
            "position",
            "field",
            "languages",
        ]


class SelectionForm(forms.Form):
    """The states a trainee may move to from the current one."""

    selection = forms.ChoiceField(label=_("New selection state"))

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selection"].choices = [
            choice for choice in Trainee.Selection.choices if choice[0] in allowed
        ]


class TravelDocumentForm(forms.ModelForm):
    class Meta:
        model = TravelDocument
        fields = [
            "passport_number",
            "passport_country",
            "passport_expires_on",
            "visa_number",
            "visa_expires_on",
        ]
        widgets = {"passport_expires_on": DateInput(), "visa_expires_on": DateInput()}


class HostSurveyForm(forms.ModelForm):
    """The host local government's own answer: a field and how many trainees it can host."""

    capacity = forms.IntegerField(label=_("Trainees you can host"), min_value=1, max_value=50)

    class Meta:
        model = HostOffer
        fields = ["field", "capacity", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        labels = {"notes": _("Notes for CLAIR")}
        help_texts = {
            "notes": _("For example the departments that would receive the trainees."),
        }
