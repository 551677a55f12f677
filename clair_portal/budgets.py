"""Budgets that concurrent decisions never overrun: the one lock discipline of every app
that commits money (grants, subsidies).

1. In the transaction that commits money, lock the row holding the budget first
   (``lock``: ``SELECT ... FOR UPDATE``), always before the rows it pays for, so two
   decisions on one budget run one after the other and cannot deadlock;
2. only then sum what is already committed (the caller's own query), and
3. refuse an amount beyond what remains (``ensure_within``), or a budget lowered
   below what is committed (``ensure_covers``).

The refusal is the caller's own domain error, in its own words: ``refuse`` receives
the amount that remains (or is committed) and returns the error to raise.
"""

from collections.abc import Callable

from django.db import models


def lock(model: type[models.Model], pk: int) -> models.Model:
    """The budget's row, locked until the transaction ends (call it inside one)."""
    return model._default_manager.select_for_update().get(pk=pk)


def remaining(budget: int, committed: int) -> int:
    return max(budget - committed, 0)


def ensure_within(
    amount: int, *, budget: int, committed: int, refuse: Callable[[int], Exception]
) -> None:
    """Raise ``refuse(remaining)`` if ``amount`` exceeds what remains of ``budget``.

    Correct only while the caller's transaction holds the budget's lock (``lock``)
    and ``committed`` was summed after taking it.
    """
    if amount > budget - committed:
        raise refuse(remaining(budget, committed))


def ensure_covers(budget: int, *, committed: int, refuse: Callable[[int], Exception]) -> None:
    """Raise ``refuse(committed)`` if a new ``budget`` is below what is already committed
    (summed under the budget's lock)."""
    if budget < committed:
        raise refuse(committed)
