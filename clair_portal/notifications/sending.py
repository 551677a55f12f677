"""Send each message once: the one way the portal claims, sends and marks a message sent.

Two cases, one rule (nobody hears twice, nothing is lost):

- **What is sent is a database write** (an inbox entry through ``notify``): claim the
  rows with :func:`claim` inside the transaction that writes it. The claim and the
  write commit or roll back together, so a worker killed half-way leaves the rows
  unclaimed for the next run, and there is nothing to release::

      with transaction.atomic():
          for reminder in ReportReminder.objects.filter(pk__in=claim(due, sent_at=now)):
              notify(...)

- **What is sent leaves the portal** (an e-mail): :func:`send_once`. The claim is
  committed first (a :class:`SendClaim` row), the message goes to the mail server,
  and the record's own column (``sent_at``, ``emailed_at``...) is set only once the
  server has accepted it. A refusal releases what was not sent and re-raises, so the
  task retries with backoff (use :data:`RETRY` on the task). A worker killed between
  the claim and the server's answer leaves a claim that :func:`release_stale_claims`
  (beat, every minute) releases after ``SEND_CLAIM_TIMEOUT`` and queues again::

      def email_confirmation(request_id: int) -> int:
          return send_once(
              PartnerRequest.objects.filter(pk=request_id, state=State.UNCONFIRMED),
              "confirmation_sent_at",
              lambda r: email(r.contact_email, r.language, "sistercities/email/confirm.txt", {...}),
              task="sistercities.tasks.send_request_confirmation",
          )

A message accepted by the server and then followed by an error (the connection's
close, the task's own code) is marked and never sent again. The one window left
is a worker dying after the server accepted a message and before its mark
commits: that message is sent again after the sweep (at least once, never lost).

The cost is one statement per chunk to claim and one per message to mark: a
chunk's claims are written by one ``INSERT ... SELECT ... FOR UPDATE ... ON
CONFLICT DO NOTHING RETURNING``; each mark is a single ``UPDATE`` committed
without waiting for the disk (``synchronous_commit`` off: it is visible to every
worker at once, and only a crash of PostgreSQL itself in the next fraction of a
second could lose it, which resends that message after the sweep: at least
once, never lost); the claims of the sent records are dropped together at the end.
"""

import contextlib
import json
import logging
from datetime import timedelta
from urllib.parse import urljoin

from celery import current_app
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.mail import EmailMessage, get_connection
from django.db import connections, transaction
from django.db.models.expressions import RawSQL
from django.db.models.sql import UpdateQuery
from django.db.transaction import TransactionManagementError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from clair_portal.notifications.models import SendClaim
from clair_portal.outbox.services import enqueue

logger = logging.getLogger(__name__)


class ClaimBusy(Exception):
    """Another send of the same record (for other arguments) is in flight: retry later."""


# Options for every task that sends through send_once: a refused or unreachable mail
# server (OSError, which smtplib's errors are) and a busy claim are retried with backoff,
# and the message stays with the broker until the task finishes.
RETRY = {
    "autoretry_for": (OSError, ClaimBusy),
    "retry_backoff": 60,
    "retry_backoff_max": 60 * 60,
    "max_retries": 8,
    "acks_late": True,
}


def claim(rows, *, limit: int | None = None, **values) -> list[int]:
    """Claim ``rows`` for a send written in the caller's transaction; returns their ids.

    ``rows`` is a queryset whose filter says "not yet sent" (e.g.
    ``reminded_at__isnull=True``); the rows still matching it are locked, in id order
    (so two workers cannot deadlock), and given ``values`` (e.g. ``sent_at=now``). A
    second worker waits for the first's transaction and then finds them claimed.
    Precondition: inside ``transaction.atomic()`` with the write that "sends".
    """
    connection = transaction.get_connection(rows.db)
    if not connection.in_atomic_block:
        raise TransactionManagementError("claim() must run in the transaction that sends.")
    # One statement: WITH claimed AS MATERIALIZED (SELECT ... ORDER BY pk LIMIT n FOR
    # UPDATE) UPDATE ... WHERE pk IN (SELECT pk FROM claimed) RETURNING pk. The subquery
    # locks in id order and re-checks its filter on rows another transaction changed
    # meanwhile, as a SELECT ... FOR UPDATE would. Materialised, it runs once: inlined
    # in the UPDATE's WHERE, PostgreSQL may run it again for each row and claim more
    # than ``limit`` (it skips the rows the statement itself has just updated).
    locked = rows.select_for_update(of=("self",)).order_by("pk").values("pk")
    if limit is not None:
        locked = locked[:limit]
    model = rows.model
    quote = connection.ops.quote_name
    pk_column = quote(model._meta.pk.column)
    try:
        locked_sql, locked_params = locked.query.get_compiler(connection=connection).as_sql()
    except EmptyResultSet:  # rows that cannot match anything (e.g. pk__in=[])
        return []
    query = model._base_manager.filter(
        pk__in=RawSQL(f"SELECT claimed.{quote('pk')} FROM claimed", ())  # noqa: S611
    ).query.chain(UpdateQuery)
    query.add_update_values(values)
    sql, params = query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH claimed AS MATERIALIZED ({locked_sql}) {sql} "
            f"RETURNING {quote(model._meta.db_table)}.{pk_column}",
            (*locked_params, *params),
        )
        return sorted(row[0] for row in cursor.fetchall())


def send_once(rows, column: str, compose, *, task: str, args=()) -> int:
    """Send one message per row of ``rows`` whose ``column`` is empty, each at most once.

    - ``rows``: a queryset of the records to send (with the conditions that make them
      due, e.g. ``state=...``); ``select_related`` on it serves ``compose``.
    - ``column``: the record's "sent at" field, empty until the mail server accepted.
    - ``compose(record) -> EmailMessage``: the message, rendered in the recipient's
      language (see :func:`email`).
    - ``task``: the name of a task taking the record's id followed by ``args``; the
      sweep runs it again for a claim whose worker died.

    Returns how many messages the server accepted now. Records claimed by another
    worker are left to it; records no longer matching ``rows`` when composed are
    released unsent. On a refusal the unsent records are released and the error
    re-raised (retry with :data:`RETRY`).
    """
    if task not in current_app.tasks:
        raise ValueError(f"send_once: no task named {task!r}")
    args = list(args)
    model = rows.model
    target = model._meta.label_lower
    mine, busy = _claim_for_sending(rows, column, target, task, args)
    if not mine[1]:
        if busy:
            raise ClaimBusy(f"{target} {busy}: another send of {column} is in flight")
        return 0
    claimed_at, pending = mine
    records = rows.filter(**{f"{column}__isnull": True}).in_bulk(pending)
    pending = list(pending)
    marked = []
    mail = get_connection()
    try:
        mail.open()
        with _marking(model, column) as mark:
            for pk in list(pending):
                if pk not in records:  # no longer due (e.g. the survey closed meanwhile)
                    continue
                message = compose(records[pk])
                mail.send_messages([message])
                # Accepted: from here on this message must never be sent again.
                pending.remove(pk)
                mark(pk)
                marked.append(pk)
    finally:
        # One statement drops the claims of what was sent (its record says so now)
        # and releases what was not, for the retry. A message accepted whose mark
        # failed keeps its claim, for the sweep.
        SendClaim.objects.filter(
            target=target, column=column, object_id__in=marked + pending, claimed_at=claimed_at
        ).delete()
        try:
            mail.close()
        except Exception:  # the messages were accepted: a failed goodbye is not a failed send
            logger.warning("closing the mail connection failed after sending", exc_info=True)
    if busy:
        raise ClaimBusy(f"{target} {busy}: another send of {column} is in flight")
    return len(marked)


def _claim_for_sending(rows, column, target, task, args):
    """Commit a claim for every due record nobody holds; returns ((claimed_at, ids), busy ids).

    One statement: the due records are locked in id order (so two workers cannot
    deadlock, and a second one waits for the first's claims to commit and then
    finds them), and a claim is inserted for each unless one is held. A record
    is due while its ``column`` is empty: it is set (by :func:`_marking`) before
    its claim is dropped, so a record is never found unsent and unclaimed while
    another worker sends it.
    """
    now = timezone.now()
    connection = connections[rows.db]
    due = (
        rows.filter(**{f"{column}__isnull": True})
        .select_for_update(of=("self",))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    table = connection.ops.quote_name(SendClaim._meta.db_table)
    with transaction.atomic(using=rows.db):
        try:
            due_sql, due_params = due.query.sql_with_params()
        except EmptyResultSet:  # rows that cannot match anything (e.g. pk__in=[])
            return (now, []), []
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH due (pk) AS ({due_sql}),
                mine AS (
                    INSERT INTO {table} (target, object_id, "column", task, args, claimed_at)
                    SELECT %s, due.pk, %s, %s, %s::jsonb, %s FROM due ORDER BY due.pk
                    ON CONFLICT (target, object_id, "column") DO NOTHING
                    RETURNING object_id
                )
                SELECT due.pk, mine.object_id IS NOT NULL
                FROM due LEFT JOIN mine ON mine.object_id = due.pk ORDER BY due.pk
                """,
                [*due_params, target, column, task, json.dumps(args), now],
            )
            found = cursor.fetchall()
    ids = [pk for pk, claimed in found if claimed]
    others = [pk for pk, claimed in found if not claimed]
    busy = []
    if others:
        # Held by another worker. The same task and arguments is a repeated delivery:
        # nothing to do. Other arguments (a new decision told while the old one is
        # sending), or a claim released meanwhile, must wait.
        held = SendClaim.objects.filter(target=target, column=column, object_id__in=others)
        same = {c.object_id for c in held if c.task == task and c.args == args}
        busy = [pk for pk in others if pk not in same]
    return (now, ids), busy


@contextlib.contextmanager
def _marking(model, column: str):
    """Yields ``mark(pk)``, which sets ``column`` of one record, committed at once.

    Each mark is one UPDATE. Outside a transaction (as a worker runs) it commits
    by itself without waiting for the disk (see the module's docstring), and the
    session's setting is restored afterwards; inside one it is part of it.
    """
    connection = connections[model._base_manager.db]
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {quote(model._meta.get_field(column).column)}"
        f" = %s WHERE {quote(model._meta.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        alone = not connection.in_atomic_block
        if alone:
            cursor.execute("SET synchronous_commit TO off")
        try:
            yield lambda pk: cursor.execute(sql, [timezone.now(), pk])
        finally:
            if alone:
                cursor.execute("RESET synchronous_commit")


def release_stale_claims(now=None, *, limit: int = 500) -> int:
    """Release the claims older than ``SEND_CLAIM_TIMEOUT`` and queue their tasks again.

    Run by beat every minute. Such a claim lost its worker between the claim and
    the server's answer (``SEND_CLAIM_TIMEOUT`` is far above ``EMAIL_TIMEOUT``); its
    record is still unsent, so the task sends it, once (it claims it again first).
    Returns how many claims were released.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.SEND_CLAIM_TIMEOUT)
    with transaction.atomic():
        stale = list(
            SendClaim.objects.filter(claimed_at__lt=cutoff)
            .select_for_update(skip_locked=True)
            .order_by("pk")[:limit]
        )
        SendClaim.objects.filter(pk__in=[c.pk for c in stale]).delete()
        for c in stale:
            logger.warning("releasing a stale send claim: %s", c)
            task = current_app.tasks.get(c.task)
            if task is None:
                logger.error("stale send claim names no task: %s %s", c.task, c.args)
                continue
            enqueue(task, c.object_id, *c.args)
    return len(stale)


def absolute_url(path: str) -> str:
    """The portal address for an e-mail link; a relative path when PORTAL_URL is not set."""
    base = getattr(settings, "PORTAL_URL", "")
    return urljoin(base, path) if base and path else path


def link(language: str, viewname: str, **kwargs) -> str:
    """An absolute link to a portal page under the recipient's language prefix."""
    with translation.override(language):
        return absolute_url(reverse(viewname, kwargs=kwargs))


def email(to: str, language: str, template: str, context: dict, *, reply_to=None) -> EmailMessage:
    """An e-mail from a text template whose first line is the subject, in ``language``."""
    with translation.override(language):
        subject, _sep, body = render_to_string(template, context).strip().partition("\n")
    return EmailMessage(
        # A line break in a subject would let the text add mail headers.
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        to=[to],
        reply_to=reply_to,
        from_email=settings.DEFAULT_FROM_EMAIL,
    )
