"""Consultations: who reads them (nobody else, the admin included), the thread, the reading log."""

import json
import re

import pytest
from django.contrib import admin
from django.core import mail
from django.urls import reverse

from clair_portal.notifications.models import Notification
from jet.counselling import services
from jet.models import Consultation, ConsultationMessage, ConsultationReading
from jet.tests.counselling import NAGASAKI

pytestmark = pytest.mark.django_db

SECRET = "Zebracorn-secret-7731"


def open_(user, *, body=SECRET, **extra):
    fields = {"topic": "harassment", "urgency": "normal", "contact": "portal"}
    fields.update(extra)
    return services.open_consultation(user, body=body, **fields)


def page(consultation):
    return reverse("jet:consultation", kwargs={"consultation_id": consultation.pk})


# --- Opening and answering ----------------------------------------------------------


def test_a_participant_opens_a_consultation_through_the_form(client, cast, team):
    client.force_login(cast.participant)
    response = client.post(
        reverse("jet:new_consultation"),
        {
            "topic": "housing",
            "urgency": "normal",
            "route": "clair",
            "contact": "portal",
            "body": "My apartment has mould.",
        },
    )
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response.url == page(consultation)
    assert consultation.participant == team.participant
    assert consultation.prefecture_id == NAGASAKI and consultation.role == "ALT"
    assert not consultation.anonymous and not consultation.organisation_may_be_told  # by default
    assert consultation.messages.get().body == "My apartment has mould."


def test_bad_input_is_refused_with_a_message_and_keeps_what_was_typed(client, cast, team):
    client.force_login(cast.participant)
    response = client.post(
        reverse("jet:new_consultation"),
        {
            "topic": "housing",
            "urgency": "normal",
            "route": "clair",
            "contact": "phone",
            "body": "x",
        },
    )
    assert response.status_code == 400
    assert b"Give a telephone number or e-mail address for this." in response.content
    assert not Consultation.objects.exists()
    response = client.post(
        reverse("jet:new_consultation"),
        {"topic": "nonsense", "urgency": "normal", "route": "clair", "contact": "portal",
         "body": "Kept text"},
    )  # fmt: skip
    assert response.status_code == 400 and b"Kept text" in response.content


def test_an_organisation_officer_opens_one_for_the_organisation(client, cast, team):
    client.force_login(cast.org_a)
    response = client.post(
        reverse("jet:new_consultation"),
        {"topic": "work", "urgency": "normal", "route": "pa", "contact": "email",
         "contact_details": "jet@city.nagasaki.example", "body": "Our ALT seems unwell."},
    )  # fmt: skip
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert consultation.opener == "organisation" and consultation.participant is None
    assert consultation.organisation == cast.org_a_organisation
    assert consultation.prefecture_id == NAGASAKI and not consultation.anonymous
    # Nagasaki's PA answers it; Sapporo's officer and the participant do not see it.
    client.force_login(team.pa)
    assert client.get(page(consultation)).status_code == 200
    for other in (cast.org_b, cast.participant, team.other_pa, team.counsellor):
        client.force_login(other)
        assert client.get(page(consultation)).status_code == 404


def test_the_counsellor_answers_and_the_participant_reads_the_answer(client, cast, team):
    consultation = open_(cast.participant)
    client.force_login(team.counsellor)
    response = client.post(page(consultation), {"body": "We can help. Can you talk today?"})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.assigned_to == team.counsellor
    assert consultation.first_answer_at is not None and not consultation.awaiting_staff
    # A colleague no longer sees it: it is assigned.
    client.force_login(team.colleague)
    assert client.get(page(consultation)).status_code == 404
    client.force_login(cast.participant)
    response = client.get(page(consultation))
    assert b"We can help. Can you talk today?" in response.content
    # The participant answers back; the counsellor is told, without the content.
    client.post(page(consultation), {"body": "Yes, after 6 pm."})
    consultation.refresh_from_db()
    assert consultation.awaiting_staff
    notice = Notification.objects.filter(user=team.counsellor).latest("pk")
    assert "6 pm" not in notice.subject + notice.body


def test_closing_with_an_outcome_and_rating(client, cast, team):
    consultation = open_(cast.participant)
    client.force_login(cast.participant)
    # The person who asked cannot close it themselves.
    client.post(reverse("jet:close_consultation", args=[consultation.pk]), {"outcome": "resolved"})
    assert Consultation.objects.get().is_open
    client.force_login(team.counsellor)
    client.post(reverse("jet:close_consultation", args=[consultation.pk]), {"outcome": "advice"})
    consultation.refresh_from_db()
    assert consultation.state == "closed" and consultation.outcome == "advice"
    # A closed consultation takes no more messages.
    response = client.post(page(consultation), {"body": "One more thing"}, follow=True)
    assert b"This consultation is closed." in response.content
    client.force_login(cast.participant)
    client.post(reverse("jet:rate_consultation", args=[consultation.pk]), {"rating": "4"})
    client.post(reverse("jet:rate_consultation", args=[consultation.pk]), {"rating": "1"})
    consultation.refresh_from_db()
    assert consultation.rating == 4  # once


# --- Anonymity --------------------------------------------------------------------


def test_an_anonymous_consultation_shows_nothing_that_identifies_the_participant(
    client, cast, team
):
    consultation = open_(cast.participant, anonymous=True)
    participant = team.participant
    client.force_login(team.counsellor)
    for path in (reverse("jet:counselling"), page(consultation)):
        text = client.get(path).content.decode()
        assert "anonymous JET, Nagasaki Prefecture, Assistant Language Teacher (ALT)" in text
        for identifying in (
            participant.family_name,
            participant.jet_number,
            participant.email,
            cast.participant.email,
            cast.participant.full_name,
        ):
            assert identifying not in text
    # The lead's reading log does not name the participant either.
    client.force_login(cast.participant)
    client.get(page(consultation))
    client.force_login(team.lead)
    text = client.get(page(consultation)).content.decode()
    assert "the person who asked" in text and cast.participant.full_name not in text
    assert ConsultationReading.objects.filter(by_opener=True, reader=None).exists()


def test_a_named_consultation_shows_the_name(client, cast, team):
    consultation = open_(cast.participant)
    client.force_login(team.counsellor)
    assert team.participant.family_name in client.get(page(consultation)).content.decode()


# --- Who reads what ---------------------------------------------------------------


@pytest.mark.parametrize(
    "reader", ["office_a", "office_b", "org_a", "org_b", "hq", "superuser", "second",
               "colleague", "pa", "other_pa"],
)  # fmt: skip
def test_nobody_else_reads_a_consultation(client, cast, team, reader):
    """Assigned to the counsellor and sent to CLAIR: every other role finds nothing."""
    consultation = open_(cast.participant)
    services.take(team.counsellor, consultation.pk)
    user = getattr(team, reader, None) or getattr(cast, reader)
    if reader == "second":
        user = team.second.user
    client.force_login(user)
    assert client.get(page(consultation)).status_code == 404
    for action in ("take_consultation", "close_consultation", "rate_consultation"):
        response = client.post(reverse(f"jet:{action}", args=[consultation.pk]), {"rating": 5})
        assert response.status_code == 404
    assert client.post(page(consultation), {"body": "intrusion"}).status_code == 404
    listing = client.get(reverse("jet:counselling"))
    assert SECRET not in listing.content.decode()
    assert f"#{consultation.pk} " not in listing.content.decode()
    assert ConsultationMessage.objects.count() == 1
    assert not ConsultationReading.objects.filter(reader=user).exists()


@pytest.mark.parametrize("reader", ["counsellor", "lead"])
def test_the_assignee_and_the_lead_read_it(client, cast, team, reader):
    consultation = open_(cast.participant)
    services.take(team.counsellor, consultation.pk)
    client.force_login(getattr(team, reader))
    assert SECRET in client.get(page(consultation)).content.decode()


def test_an_unassigned_consultation_is_in_every_counsellors_queue(client, cast, team):
    consultation = open_(cast.participant)
    for user in (team.counsellor, team.colleague, team.lead):
        client.force_login(user)
        assert f"#{consultation.pk} " in client.get(reverse("jet:counselling")).content.decode()
    for user in (team.pa, team.other_pa):
        client.force_login(user)
        assert client.get(page(consultation)).status_code == 404


def test_my_pa_sees_only_their_prefecture_and_counsellors_do_not_see_it(client, cast, team):
    consultation = open_(cast.participant, route="pa")
    client.force_login(team.pa)
    assert SECRET in client.get(page(consultation)).content.decode()
    for user in (team.other_pa, team.counsellor, team.colleague):
        client.force_login(user)
        assert client.get(page(consultation)).status_code == 404
    client.force_login(team.lead)
    assert client.get(page(consultation)).status_code == 200


def test_an_urgent_consultation_always_goes_to_clair(cast, team):
    consultation = open_(cast.participant, route="pa", urgency="urgent")
    assert consultation.route == "clair"


def test_a_former_pa_reads_nothing(client, cast, team):
    consultation = open_(cast.participant, route="pa")
    team.pa.jet_advisor_posts.update(is_active=False)
    client.force_login(team.pa)
    assert client.get(page(consultation)).status_code == 404
    assert client.get(reverse("jet:counselling")).status_code == 404  # nothing left to do there


def test_counselling_answers_counsellors_pas_and_the_lead(client, team):
    for user in (team.counsellor, team.lead, team.pa):
        client.force_login(user)
        assert client.get(reverse("jet:counselling")).status_code == 200
    client.force_login(team.lead)
    assert client.get(reverse("jet:counselling_statistics")).status_code == 200
    client.force_login(team.counsellor)
    assert client.get(reverse("jet:counselling_statistics")).status_code == 404


def test_hq_cannot_make_itself_a_counsellor(cast):
    from clair_portal.accounts.roles import may_grant
    from jet.models import COUNSELLING_LEAD, COUNSELLORS

    assert not may_grant(cast.hq, COUNSELLORS)
    assert not may_grant(cast.hq, COUNSELLING_LEAD)
    assert may_grant(cast.superuser, COUNSELLORS)


def test_a_pa_account_may_not_have_admin_access(cast):
    from django.core.exceptions import ValidationError

    from jet.models import PrefecturalAdvisor

    post = PrefecturalAdvisor(user=cast.hq, prefecture_id=NAGASAKI, name="HQ")
    with pytest.raises(ValidationError):
        post.full_clean()


# --- The reading log ---------------------------------------------------------------


def test_every_reading_is_logged_and_the_lead_sees_the_log(client, cast, team):
    consultation = open_(cast.participant)
    client.force_login(team.counsellor)
    client.get(page(consultation))
    client.get(page(consultation))
    client.force_login(cast.participant)
    client.get(page(consultation))
    assert ConsultationReading.objects.filter(reader=team.counsellor).count() == 2
    assert ConsultationReading.objects.filter(reader=cast.participant, by_opener=True).count() == 1
    client.force_login(team.lead)
    text = client.get(page(consultation)).content.decode()
    assert "Who read this consultation" in text and str(team.counsellor) in text
    client.force_login(team.counsellor)
    assert "Who read this consultation" not in client.get(page(consultation)).content.decode()


# --- Nowhere else: the admin, history, notices, exports ---------------------------------


def test_no_admin_shows_consultations_and_none_has_a_history():
    registered = {model._meta.label_lower for model in admin.site._registry}
    for model in (Consultation, ConsultationMessage, ConsultationReading):
        assert model._meta.label_lower not in registered
        assert not hasattr(model, "history")


@pytest.mark.parametrize("who", ["hq", "superuser"])
def test_the_admin_never_shows_the_content(client, cast, team, who):
    """Every admin list, searched for the secret, and the participant's account pages."""
    consultation = open_(cast.participant, contact="phone", contact_details="+81 90 SECRET-TEL")
    services.post_message(team.counsellor, consultation.pk, f"Answer: {SECRET}")
    client.force_login(getattr(cast, who))
    checked = 0
    for model in admin.site._registry:
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = client.get(url, {"q": "Zebracorn"})  # the search echoes what it was given
        if response.status_code != 200:
            continue
        checked += 1
        text = response.content.decode()
        assert SECRET not in text and "SECRET-TEL" not in text, url
    assert checked > 20
    for name in ("accounts_user_change", "accounts_user_history"):
        response = client.get(reverse(f"admin:{name}", args=[cast.participant.pk]))
        text = response.content.decode()
        assert SECRET not in text and "SECRET-TEL" not in text
    for name in ("jet_participant_change", "jet_participant_history"):
        response = client.get(reverse(f"admin:{name}", args=[team.participant.pk]))
        assert response.status_code == 200 and SECRET not in response.content.decode()


def test_notices_and_e_mails_carry_no_content(cast, team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        consultation = open_(cast.participant, anonymous=True)
        services.post_message(team.counsellor, consultation.pk, f"Answer: {SECRET}")
        services.post_message(cast.participant, consultation.pk, f"Again {SECRET}")
    assert Notification.objects.filter(user=team.counsellor).exists()
    assert Notification.objects.filter(user=cast.participant).exists()
    for notice in Notification.objects.all():
        assert SECRET not in notice.subject + notice.body + notice.url
        assert "harassment" not in (notice.subject + notice.body).lower()
    assert mail.outbox
    for message in mail.outbox:
        assert SECRET not in message.subject + message.body
    # The participant's own notices do not even say which consultation (the admin lists
    # notifications: an anonymous consultation's number beside the account would name it).
    number = re.compile(rf"\b{consultation.pk}\b")
    for notice in Notification.objects.filter(user=cast.participant):
        assert not number.search(notice.subject + notice.body + notice.url)
        assert re.fullmatch(r"jet-counselling-[0-9a-f]{40}", notice.event_key)


def test_no_report_or_dataset_carries_the_content(cast, team):
    from clair_portal.jobs.kinds import registry
    from clair_portal.opendata.datasets import all_datasets

    open_(cast.participant, contact="phone", contact_details="+81 90 SECRET-TEL")
    for kind in registry:
        try:
            rows = list(kind.rows({}))
        except (KeyError, TypeError, ValueError):  # a report that needs its parameters
            continue
        text = json.dumps(rows, default=str)
        assert SECRET not in text and "SECRET-TEL" not in text, kind.key
    for dataset in all_datasets():
        text = json.dumps(list(dataset.rows()), default=str)
        assert SECRET not in text, dataset.slug
        assert not {Consultation, ConsultationMessage} & set(dataset.models)


def test_the_lead_audits_every_reading_in_one_list(
    client, cast, team, django_assert_max_num_queries
):
    first = open_(cast.participant, anonymous=True)
    second = open_(cast.participant, route="pa")
    client.force_login(cast.participant)
    client.get(page(first))
    client.force_login(team.pa)
    client.get(page(second))
    client.force_login(team.counsellor)
    client.get(page(first))
    assert client.get(reverse("jet:counselling_readings")).status_code == 404
    client.force_login(team.lead)
    # Session, user, roles; the count and the page with readers and consultations joined.
    with django_assert_max_num_queries(8) as few:
        text = client.get(reverse("jet:counselling_readings")).content.decode()
    queries = len(few.captured_queries)
    assert str(team.pa) in text and str(team.counsellor) in text
    assert "the person who asked" in text and cast.participant.full_name not in text
    for _ in range(5):
        client.force_login(team.counsellor)
        client.get(page(first))
    client.force_login(team.lead)
    with django_assert_max_num_queries(queries):
        client.get(reverse("jet:counselling_readings"))
