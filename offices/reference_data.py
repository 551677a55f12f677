"""Loads CLAIR's offices from the booklet; called by ``manage.py load_reference_data``.

Offices are written with ``overwrite=False``: once HQ has edited an office in
the admin (New York's contact details, countries of responsibility), a later
load fills only what is still empty and never undoes the edit.
"""

import phonenumbers
from phonenumber_field.phonenumber import PhoneNumber

from offices import booklet
from offices.models import Department, Division, Office, PublicationSeries, ReportType
from reference.loading import Outcome, sync

OFFICE_FIELDS = [
    "kind", "name", "name_en", "name_ja", "local_name", "local_name_en", "local_name_ja", "city", "city_en", "city_ja",
    "country", "timezone", "address", "address_en", "address_ja", "access", "access_en",
    "access_ja", "phone", "fax", "email", "website", "countries", "sort_order",
]  # fmt: skip


def booklet_phone(printed: str) -> PhoneNumber | str:
    """'03-5213-1730' is dialled in Japan; '44-20-7839-8500' starts with a country code."""
    if not printed:
        return ""
    text = printed if printed.startswith("0") else "+" + printed
    number = PhoneNumber.from_string(text, region="JP")
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"the booklet's number {printed!r} is not a valid phone number")
    return number


def _pair(value: tuple[str, str], field: str) -> dict[str, str]:
    en, ja = value
    return {field: en, f"{field}_en": en, f"{field}_ja": ja}


def _office(data: dict, kind: str, sort_order: int) -> Office:
    fields = {
        "code": data["code"],
        "kind": kind,
        "country": data["country"],
        "timezone": data["timezone"],
        "phone": booklet_phone(data["phone"]),
        "fax": booklet_phone(data["fax"]),
        "email": data["email"],
        "website": data["website"],
        "countries": data.get("countries", [data["country"]]),
        "sort_order": sort_order,
        **_pair(data["name"], "name"),
        **_pair(data["local_name"], "local_name"),
        **_pair(data["city"], "city"),
        **_pair(data["address"], "address"),
        **_pair(data.get("access", ("", "")), "access"),
    }
    return Office(**fields)


def load() -> list[Outcome]:
    offices = [_office(booklet.HEADQUARTERS, Office.Kind.HEADQUARTERS, 0)]
    offices += [
        _office(data, Office.Kind.OVERSEAS, n)
        for n, data in enumerate(sorted(booklet.OVERSEAS, key=lambda d: d["code"]), start=1)
    ]
    outcomes = [sync(Office, offices, key="code", fields=OFFICE_FIELDS, overwrite=False)]
    hq = Office.objects.get(code=booklet.HEADQUARTERS["code"])
    departments = [
        Department(
            office=hq,
            code=code,
            name=en,
            name_en=en,
            name_ja=ja,
            phone=booklet_phone(tel),
            fax=booklet_phone(fax),
            sort_order=n,
        )
        for n, (code, en, ja, tel, fax) in enumerate(booklet.DEPARTMENTS)
    ]
    divisions = [
        Division(office=hq, code=code, name=en, name_en=en, name_ja=ja, sort_order=n)
        for n, (code, en, ja) in enumerate(booklet.DIVISIONS)
    ]
    existing_departments = set(hq.departments.values_list("code", flat=True))
    existing_divisions = set(hq.divisions.values_list("code", flat=True))
    outcomes.append(_create_missing(Department, departments, existing_departments))
    outcomes.append(_create_missing(Division, divisions, existing_divisions))
    outcomes.append(_report_types())
    outcomes.append(_publication_series())
    return outcomes


# The kinds of report the offices send HQ today, with the deadlines HQ asks for;
# HQ edits them (and sets per-office rules) in the admin, and later loads keep that.
REPORT_TYPES = [
    # code, (name en, ja), schedule, due day, months after, reminder days
    ("monthly-activity", ("Monthly activity report", "月次活動報告"), "monthly", 10, 1, 3),
    ("quarterly-research", ("Quarterly research report", "四半期調査報告"), "quarterly", 15, 1, 5),
    ("annual-activity", ("Annual activity report", "年次活動報告"), "annual", 30, 1, 7),
    ("ad-hoc", ("Ad hoc report", "随時報告"), "ad_hoc", 10, 1, 0),
]
REPORT_TYPE_FIELDS = [
    "name", "name_en", "name_ja", "schedule", "due_day", "due_months_after", "reminder_days",
    "sort_order",
]  # fmt: skip


def _report_types() -> Outcome:
    rows = [
        ReportType(
            code=code,
            schedule=schedule,
            due_day=day,
            due_months_after=months_after,
            reminder_days=reminder,
            sort_order=n,
            **_pair(name, "name"),
        )
        for n, (code, name, schedule, day, months_after, reminder) in enumerate(REPORT_TYPES)
    ]
    return sync(ReportType, rows, key="code", fields=REPORT_TYPE_FIELDS, overwrite=False)


def _create_missing(model, rows, existing_codes: set[str]) -> Outcome:
    missing = [row for row in rows if row.code not in existing_codes]
    model.objects.bulk_create(missing)
    return Outcome(
        str(model._meta.verbose_name_plural),
        created=len(missing),
        unchanged=len(rows) - len(missing),
    )


# The series CLAIR's publications are filed under, as the booklet describes its
# publishing: research, the JET Programme's publications, and the offices' research
# on local government abroad. HQ renames them or adds others in the admin.
PUBLICATION_SERIES = [
    # code, (name en, ja)
    ("research", ("Research reports", "調査研究報告書")),
    ("jet", ("JET Programme publications", "JETプログラム刊行物")),
    (
        "abroad",
        ("Local government abroad: the offices' reports", "海外の地方自治（海外事務所レポート）"),
    ),
]


def _publication_series() -> Outcome:
    rows = [
        PublicationSeries(code=code, sort_order=n, **_pair(name, "name"))
        for n, (code, name) in enumerate(PUBLICATION_SERIES)
    ]
    fields = ["name", "name_en", "name_ja", "sort_order"]
    return sync(PublicationSeries, rows, key="code", fields=fields, overwrite=False)
