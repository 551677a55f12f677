from django.shortcuts import render
from django.utils import timezone, translation

from offices import directory as office_directory
from offices.clock import clock


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
