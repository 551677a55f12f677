"""Seats and waiting lists: a capacity that concurrent requests never overrun.

The discipline, for every app that hands out places (a course, a seminar):

1. lock the row holding the capacity (``lock``: ``SELECT ... FOR UPDATE``) before
   counting the places taken, inside the transaction that takes one, so two
   requests for the last place run one after the other;
2. give a place only while ``seats_left`` is positive; whoever finds none joins
   the waiting list with the time they joined;
3. when places free up (a withdrawal, a larger capacity), ``first_waiting``
   names who comes next, in the order they joined.

Always lock the capacity's row before the rows that take places, so two
callers cannot deadlock.
"""

from django.db import models


def lock(model: type[models.Model], pk: int) -> models.Model:
    """The row ``pk`` of ``model``, locked until the transaction ends (call it inside one)."""
    return model._default_manager.select_for_update().get(pk=pk)


def seats_left(capacity: int | None, taken: models.QuerySet) -> int:
    """How many places remain: ``capacity`` less the rows of ``taken``.

    ``capacity`` None means unlimited. Correct only while the capacity's row is
    locked by the caller's transaction (``lock``).
    """
    if capacity is None:
        return 2**31
    return max(capacity - taken.count(), 0)


def first_waiting(waiting: models.QuerySet, seats: int, *, joined: str) -> list:
    """The first ``seats`` rows of ``waiting`` in the order they joined (``joined``, then pk),
    locked for the caller to promote."""
    if seats <= 0:
        return []
    return list(waiting.select_for_update().order_by(joined, "pk")[:seats])
