from django.shortcuts import render
from django.utils import timezone

from offices.clock import clock
from offices.models import Office


def directory(request):
    """Public directory of CLAIR's offices with each office's local time right now."""
    now = timezone.now()
    offices = list(Office.objects.directory())
    rows = [(office, clock(office.timezone, now)) for office in offices]
    return render(
        request,
        "offices/directory.html",
        {
            "headquarters": [row for row in rows if row[0].is_headquarters],
            "overseas": [row for row in rows if not row[0].is_headquarters],
            "now": now,
        },
    )


def contact(request):
    """How to reach CLAIR: headquarters' address, access and each department's numbers,
    as the booklet gives them, with the overseas offices a link away. Three queries."""
    now = timezone.now()
    headquarters = [
        (office, clock(office.timezone, now))
        for office in Office.objects.directory()
        if office.is_headquarters
    ]
    return render(request, "offices/contact.html", {"headquarters": headquarters})
