from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clair_portal.security.uploads import UploadValidator
from multicultural import services
from multicultural.models import GrantApplication, GrantProgramme


class DateInput(forms.DateInput):
    input_type = "date"


class ApplicationForm(forms.Form):
    """An application's terms; the programme's rules are checked here and again on submit."""

    title = forms.CharField(label=_("Project title"), max_length=200)
    category = forms.ModelChoiceField(label=_("Category"), queryset=None)
    summary = forms.CharField(
        label=_("Project summary"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the project does, for whom, and how foreign residents take part."),
    )
    project_start = forms.DateField(label=_("Project starts"), widget=DateInput)
    project_end = forms.DateField(label=_("Project ends"), widget=DateInput)
    requested_amount = forms.IntegerField(
        label=_("Requested amount (yen)"), min_value=1, max_value=10**12
    )
    joint = forms.BooleanField(
        label=_("Joint project with other local governments or associations"), required=False
    )

    def __init__(self, *args, programme: GrantProgramme, officer, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.officer = officer
        self.fields["category"].queryset = programme.categories.all()

    def terms(self) -> services.Terms:
        data = self.cleaned_data
        return services.Terms(
            category=data.get("category"),
            project_start=data.get("project_start"),
            project_end=data.get("project_end"),
            requested_amount=data.get("requested_amount"),
            joint=data.get("joint", False),
        )

    def clean(self):
        cleaned = super().clean()
        kind = self.officer.applicant_kind(joint=cleaned.get("joint", False))
        for field, message in services.problems(self.programme, kind, self.terms()).items():
            if field == "__all__" or field not in self.errors:
                self.add_error(None if field == "__all__" else field, message)
        return cleaned

    @classmethod
    def initial_for(cls, application: GrantApplication) -> dict:
        return {
            "title": application.title,
            "category": application.category_id,
            "summary": application.summary,
            "project_start": application.project_start,
            "project_end": application.project_end,
            "requested_amount": application.requested_amount,
            "joint": application.applicant_kind == "joint",
        }


class AttachmentForm(forms.Form):
    """A file for an application; for a draft, which of its required documents the file is."""

    prefix = "upload"
    OTHER = "other"
    document = forms.ChoiceField(label=_("Which document is this?"), widget=forms.RadioSelect)
    file = forms.FileField(label=_("File"), validators=[UploadValidator()])

    def __init__(self, *args, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not documents:  # a completion report's file, or a programme asking for none
            del self.fields["document"]
            return
        self.fields["document"].choices = [
            (str(document.pk), document.name) for document in documents
        ] + [(self.OTHER, _("Another supporting file"))]

    def required_document_id(self) -> int | None:
        chosen = self.cleaned_data.get("document", self.OTHER)
        return None if chosen == self.OTHER else int(chosen)


class CompletionReportForm(forms.Form):
    prefix = "report"
    text = forms.CharField(
        label=_("What the project achieved"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Activities held, people reached, and the final cost in yen."),
    )


class ReviewForm(forms.Form):
    prefix = "review"
    score = forms.TypedChoiceField(
        label=_("Score"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        help_text=_("From 1 (weak) to 5 (excellent)."),
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    prefix = "decision"
    AWARD, DECLINE = "award", "decline"
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[(AWARD, _("Award")), (DECLINE, _("Do not fund"))],
    )
    amount = forms.IntegerField(
        label=_("Amount to award (yen)"), required=False, min_value=1, max_value=10**12
    )
    comment = forms.CharField(
        label=_("Comment to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == self.AWARD and not cleaned.get("amount"):
            self.add_error("amount", _("Enter the amount to award."))
        return cleaned


class DisbursementForm(forms.Form):
    prefix = "payment"
    amount = forms.IntegerField(label=_("Amount paid (yen)"), min_value=1, max_value=10**12)
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class ReviewFilterForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=pgettext_lazy("grants", "Programme"),
        queryset=GrantProgramme.objects.all(),
        required=False,
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Awaiting a decision"))]
        + [c for c in GrantApplication.State.choices if c[0] != "draft"],
    )


def library_language_label(language) -> str:
    """'Portuguese (Português)': the name in the page's language, and its own name beside."""
    name = language.local_name
    return name if name == language.native_name else f"{name} ({language.native_name})"


class LibraryFilterForm(forms.Form):
    """The library's topic and language, chosen from rows the view has loaded (their
    names in the page's language); "all" (or nothing) is every language."""

    ALL = "all"

    topic = forms.ChoiceField(label=_("Topic"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, data, *, topics, languages):
        super().__init__(data)
        self.topics = {topic.code: topic for topic in topics}
        self.languages = {language.code: language for language in languages}
        self.fields["topic"].choices = [("", _("All topics"))] + [
            (topic.code, topic.local_name) for topic in topics
        ]
        self.fields["language"].choices = [(self.ALL, _("All languages"))] + [
            (language.code, library_language_label(language)) for language in languages
        ]

    def chosen(self):
        """(topic, language): the rows chosen, None for all (and for an invalid choice)."""
        if not self.is_valid():
            return None, None
        return (
            self.topics.get(self.cleaned_data["topic"]),
            self.languages.get(self.cleaned_data["language"]),
        )
