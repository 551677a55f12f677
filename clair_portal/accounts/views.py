from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from clair_portal.accounts.forms import PreferencesForm


@login_required
def account(request):
    """The signed-in person's own preferences: name and the language of their notices."""
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.language)
        messages.success(request, _("Your preferences were saved."))
        response = redirect("accounts:account")
        response.set_cookie("django_language", user.language, samesite="Lax", httponly=True)
        return response
    return render(request, "accounts/account.html", {"form": form})
