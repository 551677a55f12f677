"""A honeypot field for public forms: people never see it, form-filling robots fill it."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"


class HoneypotField(forms.CharField):
    honeypot = True  # _form.html renders it inside a wrapper hidden from people

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Leave this field empty"))
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
        )
        super().__init__(**kwargs)


class HoneypotMixin(forms.Form):
    """Refuses the whole form, with a message people can see, when the honeypot is filled."""

    website = HoneypotField()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            raise ValidationError(_("This form could not be sent."), code="honeypot")
        return cleaned
