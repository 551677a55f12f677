from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from jet.counselling.services import MESSAGE_MAX_LENGTH
from jet.models import Consultation, Topic


class ConsultationForm(forms.Form):
    """Opening a consultation; ``for_participant`` adds the choices only a participant has."""

    topic = forms.ChoiceField(
        label=_("What is it about?"),
        choices=[(value, capfirst(label)) for value, label in Topic.choices],
        error_messages={"required": _("Choose a topic.")},
    )
    urgency = forms.ChoiceField(
        label=_("How urgent is it?"),
        choices=[(v, capfirst(label)) for v, label in Consultation.Urgency.choices],
        initial=Consultation.Urgency.NORMAL,
        widget=forms.RadioSelect,
        help_text=_(
            "Urgent means a risk to someone's safety: the counsellor on duty is told at "
            "once, and it always goes to CLAIR. In an emergency call 110 (police) or 119 "
            "(fire and ambulance) first."
        ),
        error_messages={"required": _("Choose how urgent it is.")},
    )
    route = forms.ChoiceField(
        label=_("Who should answer?"),
        choices=[(v, capfirst(label)) for v, label in Consultation.Route.choices],
        initial=Consultation.Route.CLAIR,
        widget=forms.RadioSelect,
        help_text=_(
            "Your Prefectural Advisor sees only consultations sent to them; CLAIR's "
            "counsellors never see those, and the PA never sees those sent to CLAIR."
        ),
        error_messages={"required": _("Choose who should answer.")},
    )
    contact = forms.ChoiceField(
        label=_("How would you like to be contacted?"),
        choices=[(v, capfirst(label)) for v, label in Consultation.Contact.choices],
        initial=Consultation.Contact.PORTAL,
        error_messages={"required": _("Choose a way of contact.")},
    )
    contact_details = forms.CharField(
        label=_("Telephone number or e-mail address for this"),
        max_length=200,
        required=False,
        help_text=_(
            "Only if you would like a call or an e-mail. Leave it empty to stay anonymous."
        ),
    )
    anonymous = forms.BooleanField(
        label=_("Ask without giving my name"),
        required=False,
        help_text=_(
            'The counsellor then sees only "anonymous JET", your prefecture and your role.'
        ),
    )
    organisation_may_be_told = forms.BooleanField(
        label=_("My contracting organisation may be told about this consultation"),
        required=False,
        help_text=_("Leave it unticked and your contracting organisation is never told anything."),
    )
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write what you would like to ask.")},
    )

    def __init__(self, *args, for_participant: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not for_participant:
            del self.fields["anonymous"]
            del self.fields["organisation_may_be_told"]
            self.fields["route"].help_text = _(
                "The Prefectural Advisor of your prefecture, or CLAIR's counsellors."
            )
            self.fields["route"].choices = [
                (Consultation.Route.CLAIR, _("CLAIR's counsellors")),
                (Consultation.Route.PA, _("the Prefectural Advisor of our prefecture")),
            ]
            self.fields["contact_details"].help_text = ""
            self.fields["body"].label = _("Your message")

    def clean(self):
        data = super().clean()
        if (
            data.get("contact") in ("email", "phone")
            and not data.get("contact_details", "").strip()
        ):
            self.add_error(
                "contact_details", _("Give a telephone number or e-mail address for this.")
            )
        return data


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write a message first.")},
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", "—"), *Consultation.Outcome.choices],
        error_messages={"required": _("Choose an outcome.")},
    )


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How helpful was this consultation?"),
        choices=[
            (5, _("5: very helpful")),
            (4, _("4: helpful")),
            (3, _("3: somewhat helpful")),
            (2, _("2: not very helpful")),
            (1, _("1: not helpful")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating.")},
    )


class AssignForm(forms.Form):
    counsellor = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=None,
        error_messages={"required": _("Choose a counsellor.")},
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counsellor"].queryset = people
        self.fields["counsellor"].label_from_instance = str


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
