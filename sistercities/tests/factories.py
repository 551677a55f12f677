"""Partner-seeking requests, projects, events and surveys for tests, made through the
services where there is one."""

import base64
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reference.models import ForeignLocalGovernment, LocalGovernment
from sistercities import partnering, surveys
from sistercities.models import (
    EventSeries,
    ExchangeEvent,
    ExchangeProject,
    PartnerRequest,
    PartnershipContact,
    PartnershipSurvey,
    ProjectImage,
)
from sistercities.services import create_affiliation

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)


def png(name="town.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def request_data(**overrides) -> dict:
    data = {
        "side": PartnerRequest.Side.FOREIGN,
        "local_government": None,
        "name": "City of Ballarat",
        "country": "GB",
        "region": "",
        "population": 110_000,
        "area_km2": None,
        "access": "Two hours by train from the airport.",
        "industries": ["tourism", "agriculture"],
        "features": "Gold-rush heritage.",
        "desired_countries": ["JP"],
        "desired_region": "",
        "fields": ["education", "culture"],
        "expectations": "Student exchange.",
        "pr_text": "",
        "contact_name": "Alex Contact",
        "contact_department": "",
        "contact_email": "contact@ballarat.example.org",
        "contact_phone": "",
    }
    data.update(overrides)
    return data


def own_text(**overrides) -> dict:
    """The text of a request an officer of Nagasaki City makes signed in
    (``own_requests.create_request``)."""
    data = {
        "name": "Nagasaki City",
        "region": "Nagasaki",
        "population": 400_000,
        "area_km2": None,
        "access": "",
        "industries": ["tourism", "port"],
        "features": "A port city.",
        "desired_countries": ["FR"],
        "desired_region": "",
        "fields": ["culture", "youth"],
        "expectations": "Exchange of pupils.",
        "pr_text": "",
        "contact_name": "Nagasaki Officer",
        "contact_department": "",
        "contact_email": "nagasaki.officer@example.org",
        "contact_phone": "",
    }
    data.update(overrides)
    return data


def partner_request(*, state="published", images=0, by=None, language="en", **overrides):
    """A request in ``state``, taken there by the services (``by`` moderates)."""
    request = partnering.submit_request(
        request_data(**overrides), [png(f"i{i}.png") for i in range(images)], language=language
    )
    if state == "unconfirmed":
        return request
    partnering.confirm_request(request.token)
    if state == "published":
        from clair_portal.accounts.models import User

        moderator = by or User.objects.filter(is_superuser=True).first()
        partnering.publish_request(request, by=moderator)
    request.refresh_from_db()
    return request


def japanese_request(code="422011", **overrides):
    lg = LocalGovernment.objects.get(code=code)
    defaults = {
        "side": PartnerRequest.Side.JAPANESE,
        "local_government": lg,
        "name": lg.english_name(),
        "country": "JP",
        "desired_countries": ["GB"],
        "contact_email": f"kokusai@{code}.example.jp",
    }
    defaults.update(overrides)
    return partner_request(**defaults)


def foreign(country="GB", name="Exeter", region="England"):
    partner, _created = ForeignLocalGovernment.objects.get_or_create(
        country=country, region=region, name_en=name
    )
    return partner


def affiliation(code="422011", partner=None, **overrides):
    defaults = {"established_year": 1990, "fields": ["culture"]}
    defaults.update(overrides)
    return create_affiliation(
        japanese=[LocalGovernment.objects.get(code=code)],
        partner=partner or foreign(),
        **defaults,
    )


def project(affiliation, *, images=0, **overrides):
    defaults = {
        "title_en": "Joint youth orchestra",
        "title_ja": "合同ユースオーケストラ",
        "year": 2019,
        "fields": ["youth", "culture"],
        "summary_en": "Students of both cities play together every summer.",
        "summary_ja": "両市の学生が毎夏ともに演奏します。",
    }
    defaults.update(overrides)
    created = ExchangeProject.objects.create(affiliation=affiliation, **defaults)
    for i in range(images):
        ProjectImage.objects.create(
            project=created, file=png(f"p{i}.png"), content_type="image/png", caption_en="Concert"
        )
    return created


def event(year=2010, **extra):
    series, _created = EventSeries.objects.get_or_create(
        slug="japan-france",
        defaults={
            "name_en": "Japan–France Local Government Exchange Conference",
            "name_ja": "日仏自治体交流会議",
            "kind": EventSeries.Kind.CONFERENCE,
        },
    )
    created, _new = ExchangeEvent.objects.get_or_create(
        series=series,
        year=year,
        defaults={
            "month": 5,
            "place_en": "Kanazawa",
            "place_ja": "金沢市",
            "country": "JP",
            **extra,
        },
    )
    created.participants.add(LocalGovernment.objects.get(code="172014"))
    return created


def contact(code, email=None, language="ja"):
    return PartnershipContact.objects.update_or_create(
        local_government_id=code,
        defaults={"email": email or f"survey@{code}.example.jp", "language": language},
    )[0]


def open_survey(by, year=2026, closes_on=None):
    survey = PartnershipSurvey.objects.create(
        year=year, closes_on=closes_on or timezone.localdate() + timedelta(days=30)
    )
    surveys.open_survey(survey, by=by)
    survey.refresh_from_db()
    return survey


def past(days=1) -> date:
    return timezone.localdate() - timedelta(days=days)
