"""A participant's seminars as an iCalendar file (RFC 5545), through the core's writer."""

from django.utils import translation

from clair_portal import icalendar
from jet.models import Seminar

PRODID = "-//CLAIR//CLAIR Portal JET seminars//EN"


def calendar_text(seminars: "list[Seminar]") -> str:
    """VCALENDAR with one VEVENT per seminar, in the request's language."""
    events = [
        {
            "uid": f"jet-seminar-{seminar.pk}",
            "start": seminar.starts_at,
            "end": seminar.ends_at,
            "summary": seminar.title,
            "location": seminar.venue,
            "description": seminar.description,
        }
        for seminar in seminars
    ]
    return icalendar.calendar_text(translation.gettext("JET seminars"), PRODID, events)
