from django.shortcuts import render
from django.utils import timezone, translation

from clair_portal.navigation import all_sections, sections_for
from offices import directory as office_directory
from offices.about import WORK
from offices.clock import clock
from offices.models import Division, Office


def directory(request):
    """Public directory of CLAIR's offices with each office's local time right now.

    The sections come rendered from the cache (``offices.directory``); only the
    clocks are computed for this request.
    """
    now = timezone.now()
    sections = office_directory.sections(translation.get_language())
    rows = [(section, clock(office_directory.zone(section), now)) for section in sections]
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
    as the booklet gives them, with the overseas offices a link away; headquarters'
    section is the directory's, from the same cache."""
    now = timezone.now()
    headquarters = [
        (section, clock(office_directory.zone(section), now))
        for section in office_directory.sections(translation.get_language())
        if section.is_headquarters
    ]
    return render(request, "offices/contact.html", {"headquarters": headquarters})


def about(request):
    """What CLAIR is and does, from the booklet: public. Two queries (offices, divisions)."""
    offices = list(Office.objects.order_by("sort_order", "code"))
    headquarters = next((o for o in offices if o.is_headquarters), None)
    divisions = {d.code: d for d in Division.objects.filter(office__kind=Office.Kind.HEADQUARTERS)}
    # Only the sections this visitor may open (a JET participant's pages answer 404 to
    # others); pages that are no section of their own (the public lists) are anyone's.
    sections = [s for s in sections_for(request.user) if s.place == "main"]
    closed = {s.url_name for s in all_sections()} - {s.url_name for s in sections}
    work = [
        (
            item,
            [divisions[code] for code in item.divisions if code in divisions],
            [(name, label) for name, label in item.links if name not in closed],
        )
        for item in WORK
    ]
    return render(
        request,
        "offices/about.html",
        {
            "headquarters": headquarters,
            "overseas": [o for o in offices if not o.is_headquarters],
            "work": work,
            "sections": [s for s in sections if s.url_name != "about:index"],
        },
    )
