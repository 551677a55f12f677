"""Builders for the multicultural tests: bodies, officers, programmes, applications, documents.

They go through the services where a service exists, so tests see what users get.
"""

from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from clair_portal.organisations.models import Organisation
from clair_portal.organisations.services import enrol
from multicultural import services
from multicultural.models import (
    GrantCategory,
    GrantProgramme,
    LibraryLanguage,
    LivingDocument,
    LivingTopic,
)
from reference.models import LocalGovernment, RegionalAssociation

PASSWORD = "correct-horse-battery-staple"
# The smallest valid PNG: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
NIIGATA_PREFECTURE = "150002"
NIIGATA_CITY = "151009"  # a designated city
NAGAOKA = "152021"  # a city
SAPPORO = "011002"


def association(name="Niigata International Association", serves=NIIGATA_PREFECTURE):
    return RegionalAssociation.objects.create(
        name=name, name_en=name, serves=LocalGovernment.objects.get(code=serves)
    )


def officer(email, *, local_government=None, association=None):
    user = User.objects.create_user(email, PASSWORD, full_name=email.split("@")[0])
    user.groups.add(Group.objects.get(name=roles.GRANT_APPLICANT))
    if local_government:
        body = Organisation.objects.of_local_government(
            LocalGovernment.objects.get(code=local_government)
        )
    else:
        body = Organisation.objects.of_association(association)
    enrol(user, body)
    return user


def programme(*, budget=10_000_000, fiscal_year=None, opens=None, closes=None, **extra):
    now = timezone.now()
    fiscal_year = fiscal_year or (now.year if now.month >= 4 else now.year - 1)
    fields = {
        "name": "Multicultural community grants",
        "name_en": "Multicultural community grants",
        "name_ja": "多文化共生地域づくり助成",
        "fiscal_year": fiscal_year,
        "budget": budget,
        "cap_prefectural": 4_000_000,
        "cap_joint": 4_000_000,
        "cap_municipal": 3_000_000,
        "cap_association": 3_000_000,
        "minimum_request": 500_000,
        "opens_at": opens or now - timedelta(days=10),
        "closes_at": closes or now + timedelta(days=10),
        **extra,
    }
    made = GrantProgramme.objects.create(**fields)
    made.categories.set(GrantCategory.objects.all())
    return made


def project_dates(grant: GrantProgramme) -> tuple[date, date]:
    start, end = grant.period()
    return start + timedelta(days=30), start + timedelta(days=120)


def terms(grant, *, amount=1_000_000, joint=False, category=None):
    start, end = project_dates(grant)
    return services.Terms(
        category=category or grant.categories.first(),
        project_start=start,
        project_end=end,
        requested_amount=amount,
        joint=joint,
    )


def draft(user, grant, *, amount=1_000_000, title="Multilingual disaster seminar", joint=False):
    return services.create_draft(
        user,
        grant.pk,
        terms(grant, amount=amount, joint=joint),
        title=title,
        summary="A seminar in five languages on what to do when an earthquake strikes.",
    )


def submitted(user, grant, **kwargs):
    application = draft(user, grant, **kwargs)
    return services.submit(user, application.pk)


def document(topic_code="garbage-disposal", title="Sorting household garbage"):
    return LivingDocument.objects.create(
        topic=LivingTopic.objects.get(code=topic_code), title=title, title_en=title
    )


def language(code):
    return LibraryLanguage.objects.get(code=code)


def version(doc, code, published_on, *, body="Text.", title=None):
    return services.publish_version(
        doc,
        language(code),
        title=title or f"{doc.title} ({code})",
        body=body,
        published_on=published_on,
    )


def required(grant, name, name_ja, *, category=None, position=0, description=""):
    """A document ``grant`` requires, of every category or of ``category`` only."""
    from multicultural.models import RequiredDocument

    return RequiredDocument.objects.create(
        programme=grant,
        category=category,
        name=name,
        name_en=name,
        name_ja=name_ja,
        description=description,
        description_en=description,
        position=position,
    )


def attach(user, application, document=None, *, name="plan.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return services.add_attachment(
        user,
        application.pk,
        SimpleUploadedFile(name, PNG, content_type="image/png"),
        required_document_id=document.pk if document else None,
    )
