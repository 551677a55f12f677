"""Records of the cooperation app for tests, built through the services where there is one."""

import datetime

from django.contrib.auth.models import Group

from clair_portal.accounts import roles
from cooperation.models import (
    Availability,
    Field,
    HostOffer,
    Programme,
    Specialist,
    SpecialistLanguage,
    Trainee,
)
from cooperation.permissions import COOPERATION_STAFF
from reference.models import ForeignLocalGovernment, LocalGovernment


def field(code):
    return Field.objects.get(code=code)


def specialist(email, *, user=None, fields=("water-supply",), languages=(("en", 3),),
               windows=(), years=10, consent=True, active=True, home="422011", **extra):  # fmt: skip
    person = Specialist.objects.create(
        email=email,
        full_name=extra.pop("full_name", email.split("@")[0].title()),
        user=user,
        home_government=LocalGovernment.objects.get(code=home) if home else None,
        years_of_experience=years,
        consent_to_contact=consent,
        is_active=active,
        **extra,
    )
    person.fields.set(Field.objects.filter(code__in=fields))
    for code, level in languages:
        SpecialistLanguage.objects.create(specialist=person, language=code, level=level)
    for start, end in windows:
        Availability.objects.create(specialist=person, starts_on=start, ends_on=end)
    return person


def specialist_user(email, **kwargs):
    from conftest import make_user

    user = make_user(email, role=roles.SPECIALIST, full_name=email.split("@")[0].title())
    return specialist(email, user=user, **kwargs)


def cooperation_staff(email="coop.hq@example.org"):
    from conftest import make_user

    user = make_user(email, role=roles.HQ_STAFF, is_staff=True, full_name="Coop HQ")
    user.groups.add(Group.objects.get(name=COOPERATION_STAFF))
    return user


def foreign_government(name="Bristol", country="GB"):
    return ForeignLocalGovernment.objects.get_or_create(
        country=country, region="", name_en=name, defaults={"kind": "city"}
    )[0]


def dispatch_request(user, *, government=None, fields=("water-supply",), language="en",
                     starts_on=datetime.date(2027, 5, 1), ends_on=datetime.date(2027, 6, 30)):  # fmt: skip
    from cooperation import services

    return services.create_request(
        user,
        foreign_government=government or foreign_government(),
        fields=list(Field.objects.filter(code__in=fields)),
        language=language,
        starts_on=starts_on,
        ends_on=ends_on,
        description="Advice on reducing leakage in the city's water network.",
    )


def programme(year=2026):
    return Programme.objects.get_or_create(fiscal_year=year)[0]


def trainee(name="Nguyen Van An", *, country="VN", field_code="water-supply", selection="selected",
            year=2026):  # fmt: skip
    return Trainee.objects.create(
        programme=programme(year),
        full_name=name,
        country=country,
        home_organisation="Hanoi People's Committee",
        position="Engineer",
        field=Field.objects.get(code=field_code),
        languages=["vi", "en"],
        selection=selection,
    )


def offer(host="422011", field_code="water-supply", capacity=1, year=2026):
    return HostOffer.objects.create(
        programme=programme(year),
        local_government=LocalGovernment.objects.get(code=host),
        field=Field.objects.get(code=field_code),
        capacity=capacity,
    )
