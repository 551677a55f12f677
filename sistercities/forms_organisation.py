"""Forms of a local government's corrections and own requests, of HQ's decisions on them,
and of the prefecture's view of its municipalities' survey answers."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from clair_portal.security.uploads import UploadValidator
from sistercities.forms_partners import IMAGE_BYTES, MAX_IMAGES, SurveyAnswerForm
from sistercities.models import Field, Industry, PartnerRequest, RequestRevision
from sistercities.models.partnering import IMAGE_TYPES


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


class OwnRequestForm(forms.ModelForm):
    """A local government's own request, signed in: who it is comes from its organisation,
    so the form asks only for the text (``RequestRevision.FIELDS``)."""

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

    class Meta:
        model = PartnerRequest
        fields = list(RequestRevision.FIELDS)

    def __init__(self, *args, with_images: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desired_countries"].widget.attrs["size"] = 8
        self.fields["desired_countries"].help_text = _(
            "Leave empty for any country. Hold Ctrl (⌘ on a Mac) to choose several."
        )
        self.fields["region"].label = _("Prefecture or region")
        for name in ("access", "features", "expectations", "pr_text"):
            self.fields[name].widget.attrs["rows"] = 4
        if with_images:
            for i in range(1, MAX_IMAGES + 1):
                self.fields[f"image_{i}"] = forms.FileField(
                    label=_("Image %(number)d") % {"number": i},
                    required=False,
                    validators=[UploadValidator(allowed_types=IMAGE_TYPES, max_bytes=IMAGE_BYTES)],
                    help_text=_("PNG or JPEG, at most 3 MB each.") if i == 1 else "",
                )

    def _post_clean(self):
        # The request is checked whole by the service (own_requests), which knows who
        # the requester is; here only the fields themselves are cleaned.
        pass

    def model_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in RequestRevision.FIELDS}
        data["desired_countries"] = [str(c) for c in data["desired_countries"] or []]
        return data

    def images(self):
        return [
            self.cleaned_data[f"image_{i}"]
            for i in range(1, MAX_IMAGES + 1)
            if self.cleaned_data.get(f"image_{i}")
        ]

    @classmethod
    def initial_of(cls, request: PartnerRequest) -> dict:
        return {name: getattr(request, name) for name in RequestRevision.FIELDS}


class SurveyStatusFilterForm(forms.Form):
    """The prefecture's view of its municipalities' survey answers: which year, which status."""

    ANSWERED, NOT_YET, NOT_INVITED = "answered", "not_yet", "not_invited"

    year = forms.TypedChoiceField(label=_("Survey"), coerce=int, required=False, choices=())
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", pgettext_lazy("any choice", "any")),
            (ANSWERED, pgettext_lazy("survey status", "answered")),
            (NOT_YET, pgettext_lazy("survey status", "not answered yet")),
            (NOT_INVITED, pgettext_lazy("survey status", "not invited")),
        ],
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
