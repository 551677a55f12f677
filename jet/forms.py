from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from clair_portal.security.honeypot import HoneypotMixin


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("consent", _("I consent to reappointment")), ("decline", _("I decline"))],
        widget=forms.RadioSelect,
    )


class InvitationPasswordForm(HoneypotMixin, SetPasswordForm):
    """The invited participant chooses their password; the link itself proves who they are."""


class StatisticsFilterForm(forms.Form):
    year = forms.IntegerField(label=_("JET year"), required=False, min_value=1987, max_value=2100)
