from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from clair_portal.languages import STAFF_LANGUAGE_CHOICES


class JobQuerySet(models.QuerySet):
    def for_user(self, user):
        """The jobs ``user`` requested; nobody else's, whatever their role."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(requested_by=user)

    def overdue(self, now, heartbeat_timeout):
        """Jobs a worker will never finish: past their deadline, or silent too long.

        A running job whose worker died stops beating; a queued job whose message
        was lost never starts, and passes its deadline.
        """
        return self.filter(
            models.Q(state=Job.State.RUNNING, heartbeat_at__lt=now - heartbeat_timeout)
            | models.Q(state__in=[Job.State.QUEUED, Job.State.RUNNING], deadline__lt=now)
        )


class Job(models.Model):
    """One request for a batch report, and the truth about where it stands."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    kind = models.CharField(
        _("kind"), max_length=60, db_index=True, help_text=_("Which report this job produces.")
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jobs",
        verbose_name=_("requested by"),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=STAFF_LANGUAGE_CHOICES,
        help_text=_("The language the report is written in."),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveIntegerField(
        _("rows in all"), null=True, blank=True, help_text=_("Empty while not yet known.")
    )
    result_path = models.CharField(
        _("result file"),
        max_length=200,
        blank=True,
        help_text=_("Path under the job results directory; the file is never served directly."),
    )
    result_filename = models.CharField(_("file name"), max_length=200, blank=True)
    result_content_type = models.CharField(_("content type"), max_length=100, blank=True)
    error_message = models.TextField(_("error message"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("last sign of life"),
        null=True,
        blank=True,
        help_text=_("Updated by the worker after every chunk of rows."),
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    deadline = models.DateTimeField(
        _("deadline"), help_text=_("A job not finished by then is marked failed.")
    )

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("batch job")
        verbose_name_plural = _("batch jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="job_by_requester")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="succeeded") | ~models.Q(result_path=""),
                name="job_succeeded_has_result",
            ),
        ]

    def __str__(self):
        return f"{self.kind_title} #{self.pk} ({self.get_state_display()})"

    @property
    def kind_title(self):
        from clair_portal.jobs.kinds import registry

        kind = registry.get(self.kind)
        return kind.title if kind else self.kind

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.SUCCEEDED, self.State.FAILED)

    @property
    def percent_done(self) -> int | None:
        if not self.rows_total:
            return None
        return min(100, self.rows_done * 100 // self.rows_total)


@receiver(post_delete, sender=Job)
def remove_result_file(sender, instance: Job, **kwargs):
    """A deleted job takes its file along, once the deletion is committed."""
    if instance.result_path:
        from clair_portal.jobs.services import delete_result_file

        transaction.on_commit(lambda: delete_result_file(instance))
