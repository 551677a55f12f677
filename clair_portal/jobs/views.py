from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from clair_portal.errors import show_refusals
from clair_portal.jobs import services
from clair_portal.jobs.forms import RequestJobForm
from clair_portal.jobs.models import Job
from clair_portal.security.uploads import attachment_response

PAGE_SIZE = 25


@login_required
def job_list(request):
    """The reports the signed-in person has requested, newest first."""
    page = Paginator(Job.objects.for_user(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "jobs/job_list.html",
        {"page": page, "can_request": bool(services.kinds_for_user(request.user))},
    )


@login_required
def kind_list(request):
    """The reports the signed-in person may request."""
    return render(request, "jobs/kind_list.html", {"kinds": services.kinds_for_user(request.user)})


@login_required
def request_job(request, kind):
    kind = services.get_kind_for_user(request.user, kind)
    form = RequestJobForm(request.POST or None, initial={"language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        with show_refusals(request, form=form):
            job = services.request_job(
                request.user, kind.key, language=form.cleaned_data["language"]
            )
            messages.success(request, _("Your report has been requested."))
            return redirect("jobs:detail", job_id=job.pk)
    return render(request, "jobs/request.html", {"kind": kind, "form": form})


@login_required
def job_detail(request, job_id):
    job = services.get_job_for_user(request.user, job_id)
    return render(request, "jobs/job_detail.html", {"job": job})


@login_required
@require_GET
@never_cache
def job_status(request, job_id):
    """The job's state as JSON, for the detail page's script to poll."""
    job = services.get_job_for_user(request.user, job_id)
    return JsonResponse(
        {
            "state": job.state,
            "state_label": job.get_state_display(),
            "finished": job.is_finished,
            "rows_done": job.rows_done,
            "rows_total": job.rows_total,
            "progress_label": progress_label(job),
            "download_url": (
                reverse("jobs:download", args=[job.pk])
                if job.state == Job.State.SUCCEEDED
                else None
            ),
        }
    )


def progress_label(job: Job) -> str:
    if job.rows_total is None:
        return _("%(done)s rows written") % {"done": job.rows_done}
    return _("%(done)s of %(total)s rows written") % {
        "done": job.rows_done,
        "total": job.rows_total,
    }


@login_required
@require_GET
def download(request, job_id):
    """The finished report as an attachment, to its requester only."""
    job = services.get_job_for_user(request.user, job_id)
    return attachment_response(
        services.open_result(job), job.result_filename, job.result_content_type
    )
