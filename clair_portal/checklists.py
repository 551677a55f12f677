"""Logistics checklists with due dates, and reminders of what is due, for any app.

A checklist item is a row with a ``kind``, a ``due_on`` date, a ``done_on`` date
and a ``reminded_at`` time, owned by one record (a trainee, a seminar
participant). ``plan`` writes an owner's items from a day they lead up to (an
arrival, a first day); ``remind_due`` tells people about the open items due
soon, each once.
"""

import datetime

from django.db import models, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clair_portal.notifications.sending import claim


def plan(model: type[Model], owner: dict, *, anchor: datetime.date, lead_days: dict) -> list:
    """Make ``owner``'s items (``{"trainee": trainee}``), each due ``lead_days[kind]`` days
    before ``anchor``.

    Running it again for a new anchor moves the open items' due dates (and lets them
    be reminded again); items already done keep theirs. Call it inside the
    transaction that changes the anchor.
    """
    items = []
    for kind, lead in lead_days.items():
        due = anchor - datetime.timedelta(days=lead)
        item, created = model.objects.get_or_create(**owner, kind=kind, defaults={"due_on": due})
        if not created and item.done_on is None and item.due_on != due:
            item.due_on = due
            item.reminded_at = None
            item.save(update_fields=["due_on", "reminded_at"])
        items.append(item)
    return items


def remind_due(items: QuerySet, tell, *, today=None, within_days: int = 7) -> int:
    """Call ``tell(item)`` for each open item of ``items`` due within ``within_days``, once.

    The items are claimed (``sending.claim`` on ``reminded_at``) in the transaction in
    which ``tell`` writes its notifications: a second run, or a second worker, tells
    nothing again, and a worker killed half-way tells nobody. Returns how many items.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=within_days)
    due = items.filter(done_on__isnull=True, reminded_at__isnull=True, due_on__lte=horizon)
    with transaction.atomic():
        claimed = claim(due, limit=500, reminded_at=timezone.now())
        for item in items.filter(pk__in=claimed).order_by("pk"):
            tell(item)
    return len(claimed)


class ChecklistItem(Model):
    """Abstract: a task with a due date, done on a day, reminded once (``remind_due``).

    A concrete model adds its owner (a foreign key) and ``kind`` (choices).
    """

    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    WORKFLOW_FIELDS = ("reminded_at",)

    class Meta:
        abstract = True
