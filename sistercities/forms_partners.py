"""Forms of partner-seeking requests, inquiries, moderation, project and event lists,
and the partnership survey."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from clair_portal.security.honeypot import HoneypotMixin
from clair_portal.security.uploads import UploadValidator
from reference.models import LocalGovernment
from sistercities.models import (
    Affiliation,
    Field,
    Industry,
    Inquiry,
    PartnerRequest,
)
from sistercities.models.partnering import IMAGE_TYPES

MAX_IMAGES = 3
IMAGE_BYTES = 3 * 1024 * 1024


class LocalGovernmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name()} ({obj.code})"


class PartnerRequestForm(HoneypotMixin, forms.ModelForm):
    local_government = LocalGovernmentChoiceField(
        label=_("Japanese local government"),
        queryset=LocalGovernment.objects.order_by("code"),
        required=False,
        help_text=_("Only for Japanese local governments."),
    )
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        help_text=_("Only for local governments outside Japan."),
    )
    industries = forms.MultipleChoiceField(
        label=_("Main industries"),
        choices=Industry.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fields = forms.MultipleChoiceField(
        label=_("Desired fields of exchange"),
        choices=Field.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    image_1 = forms.FileField(
        label=_("Image 1"),
        required=False,
        validators=[UploadValidator(allowed_types=IMAGE_TYPES, max_bytes=IMAGE_BYTES)],
        help_text=_("PNG or JPEG, at most 3 MB each."),
    )
    image_2 = forms.FileField(
        label=_("Image 2"),
        required=False,
        validators=[UploadValidator(allowed_types=IMAGE_TYPES, max_bytes=IMAGE_BYTES)],
    )
    image_3 = forms.FileField(
        label=_("Image 3"),
        required=False,
        validators=[UploadValidator(allowed_types=IMAGE_TYPES, max_bytes=IMAGE_BYTES)],
    )

    class Meta:
        model = PartnerRequest
        fields = [
            "side",
            "local_government",
            "name",
            "country",
            "region",
            "population",
            "area_km2",
            "access",
            "industries",
            "features",
            "desired_countries",
            "desired_region",
            "fields",
            "expectations",
            "pr_text",
            "contact_name",
            "contact_department",
            "contact_email",
            "contact_phone",
        ]
        widgets = {"side": forms.RadioSelect}

    # How templates/_form.html lays it out: one fieldset per question the requester
    # answers; the local government or the country only once the side is chosen; long
    # lists searchable.
    fieldsets = [
        (_("Who you are"), ["side", "local_government", "name", "country", "region"]),
        (_("Your local government"), ["population", "area_km2", "access", "industries", "features"]),
        (_("The partner you are looking for"),
         ["desired_countries", "desired_region", "fields", "expectations", "pr_text"]),
        (_("Images"), ["image_1", "image_2", "image_3"]),
        (_("Contact"), ["contact_name", "contact_department", "contact_email", "contact_phone"]),
    ]  # fmt: skip
    shown_when = {
        "local_government": ("side", PartnerRequest.Side.JAPANESE),
        "country": ("side", PartnerRequest.Side.FOREIGN),
    }
    searchable = ("local_government", "country", "desired_countries")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *[(c, n) for c, n in countries if c != "JP"]]
        self.fields["side"].choices = PartnerRequest.Side.choices  # no blank radio button
        desired = self.fields["desired_countries"]
        desired.widget = forms.CheckboxSelectMultiple(choices=desired.choices)
        desired.help_text = _("Leave every box empty for any country.")
        for name in ("access", "features", "expectations", "pr_text"):
            self.fields[name].widget.attrs["rows"] = 4

    def clean(self):
        cleaned = super().clean()
        side = cleaned.get("side")
        if side == PartnerRequest.Side.JAPANESE:
            if not cleaned.get("local_government"):
                self.add_error("local_government", _("Choose your local government from the list."))
            cleaned["country"] = "JP"
        elif side == PartnerRequest.Side.FOREIGN:
            cleaned["local_government"] = None
            if not cleaned.get("country"):
                self.add_error("country", _("Choose your country."))
        return cleaned

    def _post_clean(self):
        # The country is set for Japanese requests in clean(); the model checks the rest.
        if self.cleaned_data.get("country") == "JP":
            self.instance.country = "JP"
        super()._post_clean()

    def model_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name in self.cleaned_data and name != "desired_countries"
        } | {"desired_countries": self.cleaned_data.get("desired_countries") or []}

    def images(self):
        return [
            self.cleaned_data[f"image_{i}"]
            for i in range(1, MAX_IMAGES + 1)
            if self.cleaned_data.get(f"image_{i}")
        ]


class InquiryForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = Inquiry
        fields = ["sender_name", "organisation", "sender_email", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Reason (kept for the record)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RequestFilterForm(forms.Form):
    q = forms.CharField(label=pgettext_lazy("search box", "Name"), required=False, max_length=100)
    side = forms.ChoiceField(
        label=_("Who is seeking"),
        required=False,
        choices=[("", pgettext_lazy("any choice", "any")), *PartnerRequest.Side.choices],
    )
    country = forms.ChoiceField(label=_("Country of the requester"), required=False)
    wants = forms.ChoiceField(label=_("Looking for partners in"), required=False)
    field = forms.ChoiceField(
        label=_("Field of exchange"),
        required=False,
        choices=[("", pgettext_lazy("any choice", "any")), *Field.choices],
    )
    industry = forms.ChoiceField(
        label=_("Industry"),
        required=False,
        choices=[("", pgettext_lazy("any choice", "any")), *Industry.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", pgettext_lazy("any choice", "any")), *countries]
        self.fields["country"].choices = every
        self.fields["wants"].choices = every

    def filter(self, requests):
        data = self.cleaned_data
        if data.get("q"):
            requests = requests.filter(name__icontains=data["q"])
        if data.get("side"):
            requests = requests.filter(side=data["side"])
        if data.get("country"):
            requests = requests.filter(country=data["country"])
        if data.get("wants"):
            # An empty wish list means any country.
            requests = requests.filter(
                Q(desired_countries__contains=data["wants"]) | Q(desired_countries="")
            )
        if data.get("field"):
            requests = requests.filter(fields__contains=[data["field"]])
        if data.get("industry"):
            requests = requests.filter(industries__contains=[data["industry"]])
        return requests


class ProjectFilterForm(forms.Form):
    field = forms.ChoiceField(
        label=_("Field of exchange"),
        required=False,
        choices=[("", pgettext_lazy("any choice", "any")), *Field.choices],
    )
    country = forms.ChoiceField(label=_("Partner country"), required=False)
    affiliation = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", pgettext_lazy("any choice", "any")), *countries]

    def filter(self, projects):
        data = self.cleaned_data
        if data.get("field"):
            projects = projects.filter(fields__contains=[data["field"]])
        if data.get("country"):
            projects = projects.filter(affiliation__partner__country=data["country"])
        if data.get("affiliation"):
            projects = projects.filter(affiliation_id=data["affiliation"])
        return projects


class SurveyAnswerForm(forms.Form):
    """One affiliation's answer; the page shows one per affiliation, prefixed by its id."""

    status = forms.ChoiceField(label=_("Status"), choices=Affiliation.Status.choices)
    ended_on = forms.DateField(
        label=_("End date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only when the affiliation has ended."),
    )
    fields = forms.MultipleChoiceField(
        label=_("Fields of exchange this year"),
        choices=Field.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    activities = forms.CharField(
        label=_("Activities this year"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Affiliation.Status.ENDED and not cleaned.get("ended_on"):
            raise ValidationError(_("Give the date an ended affiliation ended."))
        return cleaned


def survey_forms(affiliations, data=None):
    """One answer form per affiliation, filled with what is on record."""
    return [
        (
            affiliation,
            SurveyAnswerForm(
                data,
                prefix=f"a{affiliation.pk}",
                initial={
                    "status": affiliation.status,
                    "ended_on": affiliation.ended_on,
                    "fields": affiliation.fields,
                    "activities": affiliation.activities,
                },
            ),
        )
        for affiliation in affiliations
    ]
