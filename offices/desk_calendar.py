"""Each office's visits as an iCalendar feed, behind a secret address per staff member.

The address is a credential (calendar applications cannot sign in): one per person and
desk, revocable, and dead as soon as its holder no longer works that desk (they left
the office, lost the HQ role, or their account was deactivated).
"""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from offices.models import AssistanceRequest, DeskCalendarFeed, Meeting
from offices.services.desk import desk_of

PRODID = "-//CLAIR Portal//Office visits//EN"
# The visits shown: those accepted or completed, ending at most this many days ago.
LOOKBACK_DAYS = 365


def feed_for(user, office) -> DeskCalendarFeed:
    """The user's address for ``office``'s desk, made on first use (a new office, a new one)."""
    with transaction.atomic():
        feed = DeskCalendarFeed.objects.select_for_update().filter(user=user).first()
        if feed is not None and feed.office_id != office.pk:
            feed.delete()
            feed = None
        return feed or DeskCalendarFeed.objects.create(user=user, office=office)


def revoke(user, office) -> DeskCalendarFeed:
    """Replace the user's address with a new one; the old one answers 404."""
    with transaction.atomic():
        DeskCalendarFeed.objects.filter(user=user).delete()
        return DeskCalendarFeed.objects.create(user=user, office=office)


def get_feed(token: str) -> DeskCalendarFeed | None:
    """The live feed of ``token``, or None: unknown, revoked, or its holder no longer on
    that desk."""
    feed = (
        DeskCalendarFeed.objects.select_related("user", "office")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    works = desk_of(feed.user)
    if works is None or works.pk != feed.office_id:
        return None
    return feed


def feed_path(feed: DeskCalendarFeed) -> str:
    # The feed is the same in every language; its address carries none of its own.
    with translation.override("en"):
        return reverse("offices:desk-calendar-feed", kwargs={"token": feed.token})


def calendar_of(office, language: str = "en") -> tuple[str, str, list[dict]]:
    """(name, prodid, events): each visit as a whole-day event, each meeting as a timed one,
    in ``language`` (the feed's holder's)."""
    from datetime import timedelta

    from django.utils import timezone

    since = timezone.localdate() - timedelta(days=LOOKBACK_DAYS)
    live = Q(state__in=[AssistanceRequest.State.ACCEPTED, AssistanceRequest.State.COMPLETED])
    visits = (
        AssistanceRequest.objects.routed_to(office)
        .filter(live, end_date__gte=since)
        .listing()
        .order_by("start_date", "pk")
    )
    events = []
    with translation.override(language):
        for visit in visits:
            events.append(
                {
                    "uid": f"assistance-request-{visit.pk}",
                    "start": visit.start_date,
                    "end": visit.end_date + timedelta(days=1),  # DTEND of a day is exclusive
                    "summary": _("Visit: %(organisation)s (%(count)d people)")
                    % {"organisation": visit.organisation, "count": visit.delegation_size},
                    "location": visit.city,
                    "description": f"{visit.reference} – {visit.get_kind_display()}",
                }
            )
        meetings = (
            Meeting.objects.filter(request__in=visits.values("pk"))
            .select_related("request")
            .order_by("starts_at", "pk")
        )
        for meeting in meetings:
            events.append(
                {
                    "uid": f"assistance-meeting-{meeting.pk}",
                    "start": meeting.starts_at,
                    "end": meeting.ends_at,
                    "summary": _("Meeting: %(counterpart)s") % {"counterpart": meeting.counterpart},
                    "location": meeting.place,
                    "description": f"{meeting.request.reference} {meeting.notes}".strip(),
                }
            )
        name = _("%(office)s: visits") % {"office": office.name}
    return name, PRODID, events
