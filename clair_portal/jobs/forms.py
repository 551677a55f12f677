from django import forms
from django.utils.translation import gettext_lazy as _

from clair_portal.languages import STAFF_LANGUAGE_CHOICES


class RequestJobForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the report"),
        choices=STAFF_LANGUAGE_CHOICES,
        help_text=_("Column headings and translated names are written in this language."),
    )
