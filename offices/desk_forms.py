"""Forms of the desk: the officer's request and answers, the office's steps. The rules
themselves are in ``offices.services.desk``; a form only reads and checks the input."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from clair_portal.security.uploads import UploadValidator
from offices.forms import DateInput
from offices.models import AssistanceRequest
from offices.services.desk import FIELDS, MAX_ATTACHMENTS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input, each checked by the shared upload validator."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        kwargs.setdefault("validators", [UploadValidator()])
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(_("Attach at most %(count)d files.") % {"count": MAX_ATTACHMENTS})
        return [super(MultipleFileField, self).clean(one, initial) for one in files]


class RequestForm(forms.ModelForm):
    """What the officer asks for; saved as a draft, sent after checking the answers."""

    attachments = MultipleFileField(
        label=_("Attachments"),
        help_text=format_lazy(
            _(
                "A programme, a list of the delegation, a letter of introduction: PDF, Office "
                "documents or images, up to {count} files."
            ),
            count=MAX_ATTACHMENTS,
        ),
    )

    class Meta:
        model = AssistanceRequest
        fields = FIELDS
        widgets = {
            "kind": forms.RadioSelect,
            "start_date": DateInput(),
            "end_date": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "purpose": _(
                "What the mission is for, whom you hope to meet and what you need from the office."
            ),
            "city": _("The city or region the delegation visits."),
        }

    fieldsets = [
        (_("What help you need"), ["kind", "purpose"]),
        (_("Where and when"), ["country", "city", "start_date", "end_date", "delegation_size"]),
        (_("Files"), ["attachments"]),
    ]
    searchable = ("country",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(AssistanceRequest._meta.get_field("kind").choices)
        # Help abroad: every country but Japan.
        self.fields["country"].choices = [("", "—"), *[(c, n) for c, n in countries if c != "JP"]]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day cannot come before the first."))
        if start and start < timezone.localdate() and "start_date" in self.changed_data:
            self.add_error("start_date", _("The first day cannot be in the past."))
        return cleaned

    def model_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in FIELDS}


class AcceptForm(forms.Form):
    comment = forms.CharField(
        label=_("Message to the local government"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=pgettext_lazy("desk", "Reason for declining"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The local government reads this."),
    )


class AskForm(forms.Form):
    question = forms.CharField(
        label=_("What the office needs to know"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The request goes back to the local government and the clock stops."),
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Staff member"), queryset=None, required=False, empty_label=_("Myself")
    )

    def __init__(self, *args, staff, me, **kwargs):
        super().__init__(*args, **kwargs)
        self.me = me
        self.fields["assignee"].queryset = staff.exclude(pk=me.pk)
        self.fields["assignee"].label_from_instance = lambda u: u.full_name or u.email

    def chosen(self):
        return self.cleaned_data["assignee"] or self.me


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=pgettext_lazy("desk", "Your answer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachments = MultipleFileField(label=_("Attachments"))


class MeetingForm(forms.Form):
    """A meeting, its times entered on the office's clock."""

    counterpart = forms.CharField(
        label=_("Counterpart"),
        max_length=200,
        help_text=_("The organisation and the people the delegation meets."),
    )
    place = forms.CharField(label=pgettext_lazy("desk", "Place"), max_length=200)
    day = forms.DateField(label=pgettext_lazy("desk", "Date"), widget=DateInput())
    start_time = forms.TimeField(
        label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, zone: ZoneInfo, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["day"].help_text = _("On the office's clock (%(zone)s).") % {
            "zone": _zone_words(zone)
        }

    def _aware(self, field: str) -> datetime | None:
        day, at = self.cleaned_data.get("day"), self.cleaned_data.get(field)
        if day is None or at is None:
            return None
        local = datetime.combine(day, at, tzinfo=self.zone)
        # A time the clocks skip (summer time begins) does not come back unchanged.
        if local.astimezone(ZoneInfo("UTC")).astimezone(self.zone).replace(tzinfo=None) != (
            local.replace(tzinfo=None)
        ):
            self.add_error(field, _("This time does not exist on that day: the clocks go forward."))
            return None
        return local

    def clean(self):
        cleaned = super().clean()
        starts, ends = self._aware("start_time"), self._aware("end_time")
        if starts and ends and ends <= starts:
            self.add_error("end_time", _("The meeting must end after it starts."))
        cleaned["starts_at"], cleaned["ends_at"] = starts, ends
        return cleaned

    def meeting_data(self) -> dict:
        data = self.cleaned_data
        return {
            "counterpart": data["counterpart"],
            "place": data["place"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "notes": data["notes"],
        }


def _zone_words(zone) -> str:
    from clair_portal.dates import zone_name

    return zone_name(zone)


class CompleteForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the office did and what came of it; the local government reads this."),
    )
    attachments = MultipleFileField(label=_("Attachments"))


RATINGS = [
    (5, _("5 – very helpful")),
    (4, _("4 – helpful")),
    (3, _("3 – somewhat helpful")),
    (2, _("2 – of little help")),
    (1, _("1 – not helpful")),
]


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How helpful was the office?"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _fiscal_years():
    from offices.desk_overview import current_fiscal_year

    this = current_fiscal_year()
    return [
        ("", pgettext_lazy("desk", "All years")),
        *((year, _("FY%(year)d") % {"year": year}) for year in range(this, this - 11, -1)),
    ]


class OverviewForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(
        label=_("Fiscal year"), coerce=int, choices=_fiscal_years, required=False, empty_value=None
    )
