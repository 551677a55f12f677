from django import forms
from django.utils.translation import gettext_lazy as _

from clair_portal.languages import STAFF_LANGUAGE_CHOICES
from clair_portal.organisations.models import AccountRequest
from clair_portal.security.honeypot import HoneypotMixin
from reference.models import LocalGovernment


class LocalGovernmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name()} ({obj.code})"


class AccountRequestForm(HoneypotMixin, forms.ModelForm):
    """The public form: someone asks for an account to act for their organisation."""

    local_government = LocalGovernmentChoiceField(
        label=_("Japanese local government"),
        queryset=LocalGovernment.objects.order_by("code"),
        help_text=_(
            "Your prefecture or municipality, or the one your association, board or "
            "school belongs to."
        ),
    )

    class Meta:
        model = AccountRequest
        fields = (
            "full_name",
            "email",
            "language",
            "local_government",
            "organisation_name",
            "department",
            "message",
        )
        help_texts = {
            "organisation_name": _(
                "Leave empty if you work for the local government itself; otherwise the name "
                "of your association, board of education or school."
            ),
            "language": _("The language of our answer and of the portal's e-mails."),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}


class InviteForm(forms.Form):
    """An officer (or HQ) invites a colleague of the same organisation."""

    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    department = forms.CharField(label=_("Department"), max_length=200, required=False)
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=STAFF_LANGUAGE_CHOICES, initial="ja"
    )
