import pytest
from django.test import Client
from django.urls import reverse

from clair_portal.jobs import services
from clair_portal.jobs.models import Job
from clair_portal.jobs.tasks import run_job

pytestmark = pytest.mark.django_db

OTHERS = ["participant", "office_b", "hq", "superuser"]
JOB_PAGES = ["detail", "status", "download"]


@pytest.fixture
def finished_job(cast):
    """A directory report office A asked for, produced and ready to download."""
    job = services.request_job(cast.office_a, "office-directory-csv")
    run_job(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    return job


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("page", JOB_PAGES)
def test_the_requester_sees_their_job(client, cast, finished_job, page):
    login(client, cast.office_a)

    response = client.get(reverse(f"jobs:{page}", args=[finished_job.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("role", OTHERS)
@pytest.mark.parametrize("page", JOB_PAGES)
def test_anyone_else_gets_404_for_a_job_as_if_it_did_not_exist(
    client, cast, finished_job, role, page
):
    login(client, cast.by_role(role))

    response = client.get(reverse(f"jobs:{page}", args=[finished_job.pk]))
    missing = client.get(reverse(f"jobs:{page}", args=[finished_job.pk + 1000]))

    assert response.status_code == missing.status_code == 404


@pytest.mark.parametrize("page", JOB_PAGES)
def test_anonymous_visitor_is_sent_to_log_in(client, finished_job, page):
    response = client.get(reverse(f"jobs:{page}", args=[finished_job.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("page", ["list", "kinds"])
def test_anonymous_visitor_is_sent_to_log_in_from_the_lists(client, db, page):
    response = client.get(reverse(f"jobs:{page}"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_download_streams_the_file_as_an_attachment(client, cast, finished_job):
    login(client, cast.office_a)

    response = client.get(reverse("jobs:download", args=[finished_job.pk]))

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{finished_job.result_filename}"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert content.startswith("name,name,local name,city,country")
    assert "mailbox@jlgc.org.uk" in content


@pytest.mark.parametrize("state", ["queued", "running", "failed"])
def test_nothing_to_download_until_the_job_has_succeeded(client, cast, state):
    job = services.request_job(cast.office_a, "office-directory-csv")
    Job.objects.filter(pk=job.pk).update(state=state)
    login(client, cast.office_a)

    response = client.get(reverse("jobs:download", args=[job.pk]))

    assert response.status_code == 404


def test_the_job_list_shows_only_my_jobs(client, cast, finished_job):
    theirs = services.request_job(cast.office_b, "local-governments-csv")
    login(client, cast.office_a)

    response = client.get(reverse("jobs:list"))

    assert list(response.context["page"].object_list) == [finished_job]
    assert reverse("jobs:detail", args=[theirs.pk]).encode() not in response.content
    assert reverse("jobs:download", args=[finished_job.pk]).encode() in response.content


def test_the_job_list_query_count_does_not_grow_with_jobs(
    client, cast, django_assert_max_num_queries
):
    for _ in range(30):
        services.request_job(cast.office_a, "office-directory-csv")
    login(client, cast.office_a)

    # session, user, the user's groups (may they request reports?), count of
    # my jobs (paginator), one page of them, unread notifications (header badge)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("jobs:list"))

    assert len(response.context["page"].object_list) == 25


def test_requesting_a_report_queues_it_and_shows_its_page(client, cast):
    login(client, cast.office_a)

    response = client.post(
        reverse("jobs:request", args=["local-governments-xlsx"]), {"language": "ja"}
    )

    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert (job.requested_by, job.kind, job.language) == (
        cast.office_a,
        "local-governments-xlsx",
        "ja",
    )


def test_the_request_form_offers_the_current_language(client, cast):
    login(client, cast.office_a)

    response = client.get("/ja/jobs/new/office-directory-csv/")

    assert response.status_code == 200
    assert response.context["form"].initial == {"language": "ja"}


def test_requesting_a_report_needs_the_csrf_token(cast):
    client = login(Client(enforce_csrf_checks=True), cast.office_a)

    response = client.post(
        reverse("jobs:request", args=["office-directory-csv"]), {"language": "en"}
    )

    assert response.status_code == 403
    assert not Job.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_report_i_may_not_request_answers_404(client, cast, method):
    login(client, cast.participant)

    response = getattr(client, method)(reverse("jobs:request", args=["office-directory-csv"]))

    assert response.status_code == 404
    assert not Job.objects.exists()


def test_the_report_list_offers_only_what_i_may_request(client, cast):
    login(client, cast.participant)
    assert list(client.get(reverse("jobs:kinds")).context["kinds"]) == []

    login(client, cast.office_a)
    keys = {kind.key for kind in client.get(reverse("jobs:kinds")).context["kinds"]}
    assert "office-directory-csv" in keys


def test_the_status_endpoint_reports_progress(client, cast):
    job = services.request_job(cast.office_a, "local-governments-csv")
    Job.objects.filter(pk=job.pk).update(state="running", rows_done=500, rows_total=1788)
    login(client, cast.office_a)

    response = client.get(reverse("jobs:status", args=[job.pk]))

    assert response.json() == {
        "state": "running",
        "state_label": "running",
        "finished": False,
        "rows_done": 500,
        "rows_total": 1788,
        "progress_label": "500 of 1788 rows written",
        "download_url": None,
    }
    assert "no-cache" in response["Cache-Control"]


def test_a_running_jobs_page_shows_progress_and_its_script_without_inline_code(client, cast):
    job = services.request_job(cast.office_a, "local-governments-csv")
    Job.objects.filter(pk=job.pk).update(state="running", rows_done=500, rows_total=1788)
    login(client, cast.office_a)

    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()

    assert '<progress id="job-progress" class="progress" max="1788" value="500">' in html
    assert 'src="/static/jobs/job-status.js"' in html
    assert f'href="{reverse("jobs:detail", args=[job.pk])}"' in html  # reload by hand
    assert "<script>" not in html
    assert "style=" not in html
    assert "<style" not in html


def test_a_finished_jobs_page_needs_no_script(client, cast, finished_job):
    login(client, cast.office_a)

    html = client.get(reverse("jobs:detail", args=[finished_job.pk])).content.decode()

    assert "job-status.js" not in html
    assert reverse("jobs:download", args=[finished_job.pk]) in html


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("en", ["Downloads", "Request a report", "succeeded", "Office directory (CSV)"]),
        ("ja", ["ダウンロード", "レポートを依頼する", "完了", "事務所一覧 (CSV)"]),
    ],
)
def test_pages_render_in_english_and_japanese(client, cast, finished_job, language, texts):
    login(client, cast.office_a)

    pages = [
        client.get(f"/{language}/jobs/"),
        client.get(f"/{language}/jobs/new/"),
        client.get(f"/{language}/jobs/new/office-directory-csv/"),
        client.get(f"/{language}/jobs/{finished_job.pk}/"),
    ]

    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    html = "".join(page.content.decode() for page in pages)
    for text in texts:
        assert text in html
    assert f'<html lang="{language}">' in html


@pytest.mark.parametrize(
    "query", ["", "?kind=office-directory-csv", "?state=succeeded", "?kind=nothing&q=london"]
)
def test_hq_can_browse_jobs_in_the_admin_by_kind_and_state(client, cast, finished_job, query):
    login(client, cast.superuser)

    response = client.get(reverse("admin:jobs_job_changelist") + query)

    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert shown == ([] if "nothing" in query else [finished_job])


def test_the_admin_shows_a_job_but_offers_no_way_to_change_it(client, cast, finished_job):
    login(client, cast.superuser)

    response = client.get(reverse("admin:jobs_job_change", args=[finished_job.pk]))

    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert "Office directory (CSV)" in response.content.decode()
