"""Assistance requests made the way the portal makes them: through the desk's services."""

from datetime import date

from offices.services import desk
from offices.tests.reports.factories import pdf_upload


def asked(
    officer,
    *,
    country="GB",
    city="London",
    kind="meetings",
    submit=True,
    attachments=0,
    start="2027-02-08",
    end="2027-02-12",
    size=5,
    purpose="Meet the borough's tourism team about a joint promotion.",
    now=None,
):
    data = {
        "kind": kind,
        "country": country,
        "city": city,
        "start_date": date.fromisoformat(start),
        "end_date": date.fromisoformat(end),
        "delegation_size": size,
        "purpose": purpose,
    }
    uploads = [pdf_upload(f"programme-{n + 1}.pdf") for n in range(attachments)]
    request = desk.create_request(officer, data, uploads)
    if submit:
        desk.submit_request(officer, request.pk, now=now)
    request.refresh_from_db()
    return request


def accepted(officer, staff, **kwargs):
    request = asked(officer, **kwargs)
    desk.accept_request(staff, request.pk)
    request.refresh_from_db()
    return request


def completed(officer, staff, **kwargs):
    request = accepted(officer, staff, **kwargs)
    desk.complete_request(staff, request.pk, "Three meetings held; minutes attached.")
    request.refresh_from_db()
    return request
