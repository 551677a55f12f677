"""Completion-report reminders: due soon, overdue, each sent once however often the task runs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from clair_portal.notifications.models import Notification
from multicultural import services, tasks
from multicultural.models import GrantApplication
from multicultural.tests import factories

pytestmark = pytest.mark.django_db


def awarded(grants, due_in_days):
    application = factories.submitted(grants.applicant_a, grants.programme)
    services.decide(grants.hq, application.pk, award=True, amount=600_000)
    GrantApplication.objects.filter(pk=application.pk).update(
        report_due_on=timezone.localdate() + timedelta(days=due_in_days)
    )
    return application


def test_reminders_go_once_to_the_bodys_officers(grants, django_capture_on_commit_callbacks):
    soon = awarded(grants, due_in_days=5)
    later = awarded(grants, due_in_days=40)
    late = awarded(grants, due_in_days=-2)
    Notification.objects.all().delete()  # the decisions' own notices

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.queue_completion_reminders() == 2
    keys = set(Notification.objects.values_list("event_key", "user__email"))
    assert keys == {
        (f"grant-application-{soon.pk}-report-upcoming", "applicant.a@example.org"),
        (f"grant-application-{soon.pk}-report-upcoming", "colleague.a@example.org"),
        (f"grant-application-{late.pk}-report-overdue", "applicant.a@example.org"),
        (f"grant-application-{late.pk}-report-overdue", "colleague.a@example.org"),
    }
    assert not Notification.objects.filter(event_key__contains=f"-{later.pk}-").exists()

    # Beat runs again the next day, and a task is delivered twice: nothing more is sent.
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.queue_completion_reminders() == 0
    assert services.send_reminder(soon.pk, services.UPCOMING) is False
    assert Notification.objects.count() == 4


def test_a_sent_report_stops_the_reminders(grants):
    application = awarded(grants, due_in_days=3)
    services.submit_completion_report(grants.applicant_a, application.pk, text="Done.")
    assert services.due_reminders(timezone.localdate()) == {"upcoming": [], "overdue": []}
    assert services.send_reminder(application.pk, services.UPCOMING) is False


def test_the_reminder_is_in_the_recipients_language(grants):
    grants.applicant_a.language = "ja"
    grants.applicant_a.save()
    application = awarded(grants, due_in_days=1)
    services.send_reminder(application.pk, services.UPCOMING)
    notice = Notification.objects.get(
        user=grants.applicant_a, event_key__endswith="report-upcoming"
    )
    assert "実績報告" in notice.subject
