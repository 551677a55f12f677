"""Forms of the office reports pages; the rules themselves are in ``offices.services``."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from offices import periods
from offices.models import Office, Report, ReportType
from offices.services import schedule_hint


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class NewReportForm(forms.Form):
    report_type = forms.ModelChoiceField(
        label=_("Report type"), queryset=ReportType.objects.active().order_by("sort_order", "code")
    )
    period_start = forms.DateField(
        label=_("Period"),
        widget=DateInput(),
        help_text=_(
            "The first day of the period: the 1st of the month for a monthly report, "
            "1 April, 1 July, 1 October or 1 January for a quarterly one, 1 April for an "
            "annual one (fiscal years run April to March)."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        report_type, start = cleaned.get("report_type"), cleaned.get("period_start")
        if report_type and start and not periods.fits(report_type.schedule, start):
            self.add_error("period_start", schedule_hint(report_type.schedule))
        return cleaned


class ReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Written in"), choices=Report.Language.choices)
    body = forms.CharField(
        label=_("Report"), required=False, widget=forms.Textarea(attrs={"rows": 14})
    )
    attachment = forms.FileField(
        label=_("Add an attachment"),
        required=False,
        help_text=_("PDF, Word (DOCX), Excel (XLSX), PNG or JPEG."),
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the office"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required when you return the report; optional when you accept it."),
    )


class ReviewFilterForm(forms.Form):
    office = forms.ModelChoiceField(
        label=_("Office"),
        required=False,
        queryset=Office.objects.filter(kind=Office.Kind.OVERSEAS),
        empty_label=_("All offices"),
    )
    report_type = forms.ModelChoiceField(
        label=_("Report type"),
        required=False,
        queryset=ReportType.objects.order_by("sort_order", "code"),
        empty_label=_("All types"),
    )
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *Report.State.choices]
    )
    period_from = forms.DateField(label=_("Period from"), required=False, widget=DateInput())
    period_to = forms.DateField(label=_("Period to"), required=False, widget=DateInput())

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("office"):
            queryset = queryset.filter(office=data["office"])
        if data.get("report_type"):
            queryset = queryset.filter(report_type=data["report_type"])
        if data.get("state"):
            queryset = queryset.filter(state=data["state"])
        if data.get("period_from"):
            queryset = queryset.filter(period_start__gte=data["period_from"])
        if data.get("period_to"):
            queryset = queryset.filter(period_start__lte=data["period_to"])
        return queryset


def _fiscal_years():
    this = periods.fiscal_year(timezone.localdate())
    return [(year, _("FY%(year)d") % {"year": year}) for year in range(this, this - 21, -1)]


class RateForm(forms.Form):
    report_type = forms.ModelChoiceField(
        label=_("Report type"),
        queryset=ReportType.objects.exclude(schedule=periods.AD_HOC).order_by("sort_order", "code"),
        empty_label=None,
    )
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, choices=_fiscal_years)


class ConsolidatedForm(forms.Form):
    report_type = forms.ModelChoiceField(
        label=_("Report type"),
        queryset=ReportType.objects.exclude(schedule=periods.AD_HOC).order_by("sort_order", "code"),
        empty_label=None,
    )
    period_start = NewReportForm.base_fields["period_start"]
    language = forms.ChoiceField(label=_("Language of the index"), choices=Report.Language.choices)

    def clean(self):
        cleaned = super().clean()
        report_type, start = cleaned.get("report_type"), cleaned.get("period_start")
        if report_type and start and not periods.fits(report_type.schedule, start):
            self.add_error("period_start", schedule_hint(report_type.schedule))
        return cleaned
