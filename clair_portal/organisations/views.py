from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from clair_portal.errors import show_refusals
from clair_portal.organisations import home as home_hooks
from clair_portal.organisations import services
from clair_portal.organisations.access import colleagues as colleagues_of
from clair_portal.organisations.access import require_organisation
from clair_portal.organisations.forms import AccountRequestForm, InviteForm

PAGE_SIZE = 25


@login_required
def home(request):
    """The organisation's home: what waits for its answer, then each app's section."""
    organisation = require_organisation(request.user)
    tasks = home_hooks.tasks(organisation, request.user)
    return render(
        request,
        "organisations/home.html",
        {
            "organisation": organisation,
            "tasks": tasks,
            "waiting": sum(t.count for t in tasks),
            "sections": home_hooks.sections(organisation, request.user),
        },
    )


@login_required
def colleagues(request):
    """The organisation's officers (current and former), and the form to invite one more."""
    organisation = require_organisation(request.user)
    form = InviteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            with show_refusals(request, form=form):
                services.invite(
                    organisation,
                    email_address=data["email"],
                    full_name=data["full_name"],
                    department=data["department"],
                    language=data["language"],
                    by=request.user,
                )
                messages.success(
                    request,
                    _("The invitation is on its way to %(email)s.") % {"email": data["email"]},
                )
                return redirect("organisations:colleagues")
        status = 400
    page = Paginator(colleagues_of(organisation), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/colleagues.html",
        {"organisation": organisation, "page": page, "form": form},
        status=status,
    )


def request_account(request):
    """The public form to ask for an account; HQ approves or declines it in the admin."""
    form = AccountRequestForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
            services.request_account(**data)
            return render(request, "organisations/request_sent.html", {"email": data["email"]})
        return render(request, "organisations/request_account.html", {"form": form}, status=400)
    return render(request, "organisations/request_account.html", {"form": form})
