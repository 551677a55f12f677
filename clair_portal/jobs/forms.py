from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class RequestJobForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the report"),
        choices=settings.LANGUAGES,
        help_text=_("Column headings and translated names are written in this language."),
    )
