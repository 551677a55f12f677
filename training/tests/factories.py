"""Builders for the training tests: officers, approvers, courses, applications.

They go through the services where a service exists, so tests see what users get.
"""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from clair_portal.organisations.models import Membership, Organisation
from clair_portal.organisations.services import enrol
from reference.models import LocalGovernment
from training import abroad, services
from training.models import Approver, Course, SubsidyProgramme
from training.models.subsidies import fiscal_year_of

PASSWORD = "correct-horse-battery-staple"
NAGASAKI_CITY = "422011"
NAGAOKA = "152021"


def officer(email, *, local_government=NAGAOKA, language="en", full_name=None):
    user = User.objects.create_user(
        email, PASSWORD, full_name=full_name or email.split("@")[0], language=language
    )
    user.groups.add(Group.objects.get(name=roles.ORGANISATION_OFFICER))
    enrol(
        user,
        Organisation.objects.of_local_government(
            LocalGovernment.objects.get(code=local_government)
        ),
    )
    return user


def approver(user) -> Approver:
    """Flag ``user`` (an officer) as their organisation's approver."""
    made = Approver.objects.create(membership=Membership.objects.get(user=user, is_active=True))
    user.__dict__.pop("_training_approver", None)
    return made


def course(*, capacity=20, audience=Course.Audience.DOMESTIC, opens=None, closes=None, **extra):
    now = timezone.now()
    start = (now + timedelta(days=60)).date()
    fields = {
        "provider": Course.Provider.CLAIR,
        "title": "International policy for local government leaders",
        "title_en": "International policy for local government leaders",
        "title_ja": "地方自治体幹部のための国際政策研修",
        "audience": audience,
        "mode": Course.Mode.IN_PERSON,
        "venue_en": "CLAIR, Tokyo",
        "venue_ja": "自治体国際化協会（東京）",
        "language": Course.Language.JA,
        "starts_on": start,
        "ends_on": start + timedelta(days=2),
        "capacity": capacity,
        "opens_at": opens or now - timedelta(days=5),
        "closes_at": closes or now + timedelta(days=20),
        "fee": 0,
        **extra,
    }
    return Course.objects.create(**fields)


def endorsed(applicant, course_, *, approver_user):
    """An application by ``applicant``, endorsed by their organisation's approver."""
    application = services.apply(applicant, course_.pk, motivation="To bring it home.")
    if application.state == application.State.ENDORSED:  # an approver's own
        return application
    return services.endorse(approver_user, application.pk, endorsed=True)


def overseas(seminar, *, country="KR", confirm=True, email=None, name="Kim Minji"):
    """An application from abroad, submitted (and confirmed) through the services."""
    application = abroad.submit(
        seminar.pk,
        {
            "full_name": name,
            "email": email or f"{name.split()[0].lower()}.{country.lower()}@example.org",
            "country": country,
            "local_government": "Demo City",
            "position": "Director of international relations",
            "motivation": "To learn how Japanese local governments work with residents.",
        },
        language="en",
    )
    if confirm:
        application = abroad.confirm(application.token)
    return application


def selected_participant(seminar, *, hq, country="GB"):
    """A confirmed application endorsed by its office (HQ where none) and selected by HQ."""
    application = overseas(seminar, country=country, name="Sam Selected")
    staff = [u for u in abroad.deciders_of(application) if abroad.office_of(u)]
    abroad.endorse(staff[0] if staff else hq, application.pk, endorsed=True)
    return abroad.select(hq, application.pk)


def attended_with_certificate(row, *, hq):
    """Move ``row``'s course into the past, record ``row`` as attending, make its certificate."""
    from training import certificates

    course = row.course
    length = course.ends_on - course.starts_on
    start = timezone.localdate() - timedelta(days=10)
    type(course).objects.filter(pk=course.pk).update(starts_on=start, ends_on=start + length)
    certificates.record_attendance(hq, course.pk, {row.pk})
    certificates.make_certificates(course.pk)
    row.refresh_from_db()
    return row


# The smallest valid PNG: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def subsidy_programme(*, budget=1_000_000, rate=50, per_person=200_000, per_org=300_000, **extra):
    now = timezone.now()
    fields = {
        "kind": SubsidyProgramme.Kind.JIAM_COURSE,
        "name_en": "Subsidies for attending JIAM courses",
        "name_ja": "JIAM研修受講助成",
        "eligible_costs_en": "Course fees, fares and lodging.",
        "eligible_costs_ja": "受講料、交通費及び宿泊費",
        "fiscal_year": fiscal_year_of(timezone.localdate()),
        "rate_percent": rate,
        "cap_per_person": per_person,
        "cap_per_organisation": per_org,
        "budget": budget,
        "opens_at": now - timedelta(days=30),
        "closes_at": now + timedelta(days=30),
        **extra,
    }
    return SubsidyProgramme.objects.create(**fields)


def claim(officer_user, programme, *, cost=300_000, title="JIAM course on multicultural policy"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from training import subsidies

    today = timezone.localdate()
    return subsidies.submit_claim(
        officer_user,
        programme.pk,
        title=title,
        starts_on=today - timedelta(days=10),
        ends_on=today - timedelta(days=8),
        eligible_cost=cost,
        report="We learnt how to run a consultation desk in easy Japanese.",
        receipts=[SimpleUploadedFile("receipt.png", PNG, content_type="image/png")],
    )
